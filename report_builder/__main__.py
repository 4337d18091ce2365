"""`python -m report_builder`."""

from .cli import run

run()
