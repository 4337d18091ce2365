"""Draw the picture the starter brief shows (run at development time, not by `report-builder new`).

    python docs/make_starter_picture.py

A schematic map of the starter brief's fictional harbour, drawn with Pillow
in flat colours and labelled in the shipped Liberation Sans, saved as a
small palette PNG in the starter project that `report-builder new` copies.
Running it again gives the same file.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "report_builder" / "starter_project" / "source" / "images" / "harbour-map.png"
FONTS = ROOT / "layouts" / "default" / "fonts"

WIDTH, HEIGHT = 960, 540
SEA = "#C9DCEB"
LAND = "#EFEBE2"
COAST = "#8FA7BC"
OLD_BERTHS = "#5F6B7A"
NEW_BERTHS = "#B8860B"
RAIL = "#1F3A5F"
TEXT = "#222222"
MUTED = "#5F6B7A"


def main() -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT), SEA)
    draw = ImageDraw.Draw(image)
    regular = ImageFont.truetype(str(FONTS / "LiberationSans-Regular.ttf"), 19)
    bold = ImageFont.truetype(str(FONTS / "LiberationSans-Bold.ttf"), 22)
    small = ImageFont.truetype(str(FONTS / "LiberationSans-Regular.ttf"), 16)

    coast = [(0, 0), (WIDTH, 0), (WIDTH, 150), (820, 170), (700, 215), (610, 205), (520, 250),
             (420, 240), (330, 290), (250, 280), (160, 330), (0, 320)]
    draw.polygon(coast, fill=LAND)
    draw.line(coast[2:], fill=COAST, width=3)
    # A breakwater sheltering the basin.
    draw.line([(330, 290), (360, 380), (470, 410)], fill=COAST, width=10)

    # Existing berths (grey) and the planned container terminal (gold).
    for x in (380, 430, 480):
        draw.rectangle([x, 245, x + 30, 300], fill=OLD_BERTHS)
    draw.polygon([(560, 228), (700, 215), (740, 300), (590, 320)], fill=NEW_BERTHS)
    draw.line([(560, 228), (590, 320)], fill="#8C6508", width=3)

    # The rail link inland.
    rail = [(650, 215), (690, 150), (760, 110), (930, 60)]
    draw.line(rail, fill=RAIL, width=6)
    for (x0, y0), (x1, y1) in zip(rail, rail[1:]):
        steps = int(max(abs(x1 - x0), abs(y1 - y0)) // 18)
        for step in range(1, steps):
            x = x0 + (x1 - x0) * step / steps
            y = y0 + (y1 - y0) * step / steps
            draw.line([(x - 6, y - 6), (x + 6, y + 6)], fill=RAIL, width=2)

    # The town and the shipping lane.
    draw.ellipse([200, 200, 224, 224], fill=TEXT)
    draw.text((232, 196), "Port Meridian", font=bold, fill=TEXT)
    lane = [(60, 525), (300, 482), (500, 445), (545, 375), (600, 335)]
    for (x0, y0), (x1, y1) in zip(lane, lane[1:]):
        draw.line([(x0, y0), (x1, y1)], fill=MUTED, width=2)
    draw.text((90, 485), "shipping lane", font=small, fill=MUTED)

    draw.text((360, 315), "existing berths", font=regular, fill=TEXT)
    draw.text((612, 330), "planned container terminal", font=regular, fill="#6E5006")
    draw.text((728, 128), "rail link to the interior", font=regular, fill=RAIL)
    draw.text((215, 372), "breakwater", font=small, fill=MUTED)
    draw.line([(300, 382), (348, 365)], fill=MUTED, width=1)

    # Legend-like scale bar.
    draw.line([(WIDTH - 200, HEIGHT - 40), (WIDTH - 60, HEIGHT - 40)], fill=TEXT, width=3)
    draw.text((WIDTH - 180, HEIGHT - 70), "2 km (schematic)", font=small, fill=TEXT)

    TARGET.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        TARGET, optimize=True
    )


if __name__ == "__main__":
    main()
