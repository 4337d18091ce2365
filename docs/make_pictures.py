"""Make the README's pictures of each shipped layout (run at development time).

    python docs/make_pictures.py

Builds the starter brief (`report-builder new`) with every shipped layout,
then renders the first page of the PDF summary and two slides of the deck
(the cover and the first section) as small PNGs in docs/pictures/. Needs
LibreOffice (`soffice`, to render the deck) and poppler (`pdftoppm`).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PICTURES = ROOT / "docs" / "pictures"
PAGE_WIDTH = 420
SLIDE_WIDTH = 400
SLIDES = (1, 4)
"""The cover, and the first section's slide (with its picture)."""


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from report_builder.layouts import shipped_layouts

    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        run(sys.executable, "-m", "report_builder", "new", cwd=work)
        for name in shipped_layouts():
            out = work / name
            run(sys.executable, "-m", "report_builder", "build", "--layout", name, "--out", str(out), "--quiet",
                cwd=work)
            run("soffice", f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--convert-to", "pdf",
                "--outdir", str(out / "deck"), str(out / "brief.pptx"), cwd=work)
            page = render(out / "brief.pdf", 1, PAGE_WIDTH, work / f"{name}-page")
            save(page, PICTURES / f"{name}-page.png")
            slides = [render(out / "deck" / "brief.pdf", number, SLIDE_WIDTH, work / f"{name}-slide{number}")
                      for number in SLIDES]
            save(stack(slides), PICTURES / f"{name}-slides.png")
            print(f"wrote docs/pictures/{name}-page.png, docs/pictures/{name}-slides.png")


def run(*command: str, cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=600)


def render(pdf: Path, page: int, width: int, stem: Path) -> Image.Image:
    run("pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem),
        cwd=pdf.parent)
    image = Image.open(f"{stem}.png").convert("RGB")
    return image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)


def stack(images: list[Image.Image], gap: int = 8) -> Image.Image:
    """Slides one above the other on a light grey ground, each with a hairline frame."""
    width = max(image.width for image in images) + 2
    height = sum(image.height + 2 for image in images) + gap * (len(images) - 1)
    sheet = Image.new("RGB", (width, height), "#FFFFFF")
    y = 0
    for image in images:
        framed = Image.new("RGB", (image.width + 2, image.height + 2), "#B0B7C0")
        framed.paste(image, (1, 1))
        sheet.paste(framed, (0, y))
        y += framed.height + gap
    return sheet


def save(image: Image.Image, target: Path) -> None:
    if image.height > 300 and image.width < image.height:
        framed = Image.new("RGB", (image.width + 2, image.height + 2), "#B0B7C0")
        framed.paste(image, (1, 1))
        image = framed
    image.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(target, optimize=True)


if __name__ == "__main__":
    main()
