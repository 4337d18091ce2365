"""What a reader sees on each page of a PDF (a handout, or a Word brief rendered by LibreOffice).

Page fill is measured from the content pdfplumber finds inside the body
area (between the top and bottom margins, so running headers and footers
do not count): the share of the body height down to the lowest text line,
rule or picture.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber


@dataclass(frozen=True)
class Page:
    number: int
    fill: float                 # share of the body height used, 0..1
    lines: tuple[str, ...]      # text lines in the body area, top to bottom
    line_widths: tuple[float, ...]  # widths (points) of those lines
    images: int


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_with_libreoffice(document: Path, folder: Path) -> Path:
    """`document` (.docx) as LibreOffice lays it out, saved as a PDF in `folder`."""
    subprocess.run([soffice(), f"-env:UserInstallation=file://{folder}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(document)],
                   capture_output=True, check=True, timeout=240)
    return folder / (document.stem + ".pdf")


def read_pages(pdf_path: Path, top: float, bottom: float) -> list[Page]:
    """Pages of `pdf_path`; `top` and `bottom` are the body area's margins in points."""
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            low, high = top - 2, page.height - bottom + 2
            body = page.crop((0, low, page.width, high), strict=False)
            bottoms = [c["bottom"] for c in body.chars if c["text"].strip()]
            bottoms += [o["bottom"] for o in body.rects + body.lines + body.images]
            lines = body.extract_text_lines(return_chars=False)
            used = (max(bottoms) - top) / (page.height - top - bottom) if bottoms else 0.0
            pages.append(Page(number, max(0.0, min(used, 1.0)),
                              tuple(re.sub(r"\s+", " ", line["text"]).strip() for line in lines),
                              tuple(line["x1"] - line["x0"] for line in lines), len(body.images)))
    return pages
