"""The registry of output formats: a new format is one module and one line here.

Writer modules are imported only when their format is built, because each
output library costs about 60 ms to import and `check` or a no-op build
needs none of them.
"""

from __future__ import annotations

import importlib
from collections import namedtuple
from collections.abc import Callable
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2-3 ms of a no-op build)
if TYPE_CHECKING:
    from ..model import Brief
    from ..theme import Theme

Warn = Callable[..., None]
"""How a writer reports a warning: `warn(location, path, message)`."""


Render = Callable[["Brief", "Theme", Path, Warn], None]


class OutputFormat(namedtuple("OutputFormat", "name extension module description library zipped")):
    """A format: its `name` and file `extension`, the writer `module`, a `description` for people, the
    output `library` it needs and whether its file is `zipped` (normalized after writing). A named tuple,
    not a dataclass: a no-op build needs no dataclass."""

    __slots__ = ()

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
