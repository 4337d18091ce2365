"""`python -m report_builder`."""

from .cli import main

raise SystemExit(main())
