"""The registry of output formats: a new format is one module and one line here.

Writer modules are imported only when their format is built, because each
output library costs about 60 ms to import and `check` or a no-op build
needs none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2-3 ms of a no-op build)
if TYPE_CHECKING:
    from ..model import Brief
    from ..theme import Theme

Warn = Callable[..., None]
"""How a writer reports a warning: `warn(location, path, message)`."""


Render = Callable[["Brief", "Theme", Path, Warn], None]


@dataclass(frozen=True)
class OutputFormat:
    name: str
    extension: str
    module: str
    description: str
    library: str
    zipped: bool

    def renderer(self) -> Render:
        return importlib.import_module(self.module).render


FORMATS: dict[str, OutputFormat] = {
    fmt.name: fmt
    for fmt in (
        OutputFormat("docx", ".docx", "report_builder.writers.docx", "Word brief", "python-docx", zipped=True),
        OutputFormat("pdf", ".pdf", "report_builder.writers.pdf", "PDF summary", "reportlab", zipped=False),
        OutputFormat("pptx", ".pptx", "report_builder.writers.pptx", "PowerPoint deck", "python-pptx", zipped=True),
    )
}
