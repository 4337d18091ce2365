"""The registry of output formats: a new format is one module and one line here.

Writer modules are imported only when their format is built, because each
output library costs about 60 ms to import and `check` or a no-op build
needs none of them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:
    from ..model import Brief
    from ..theme import Theme


class Warn(Protocol):
    def __call__(self, location, path: str, message: str) -> None: ...


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
