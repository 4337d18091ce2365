"""report-builder: one YAML brief to a Word brief, a PDF summary and a PowerPoint deck."""

import sys

__version__ = "0.1.0"

if sys.dont_write_bytecode:
    from .bytecode_cache import keep_compiled_modules

    keep_compiled_modules(__path__[0])
