"""Probe report-builder with hostile inputs and faults, as a user's worst day would.

Each case starts from a small project that has already been built (so there
are previous outputs to lose), breaks one thing — a YAML oddity, a huge or
odd text, a broken image, font, reference.docx or template.pptx, a tampered
manifest, a symbolic link or FIFO, an output folder that is read-only or
full, a build killed or interrupted, builds run at once, an odd environment —
and runs `python -m report_builder build` in its own process group. It then
checks what the issue asks of every case:

- valid outputs (exit 0, each output opens with python-docx, pypdf or
  python-pptx, and a second build finds them up to date), or a clear message
  naming a file, with exit status 2 (3 for a busy folder, 130 for Ctrl-C);
  never a traceback or an internal error;
- finished within seconds (a case over SLOW seconds is reported);
- the previous outputs intact, or every output replaced;
- no process of the build left, the folder's lock free, no temporary file,
  backup or commit journal left behind.

Needs root for the cases on a small or read-only tmpfs (skipped otherwise).
Prints one line per case and the totals; nothing is asserted.

    python benchmarks/hostile_probe.py [--only SUBSTRING] [--keep]
"""

from __future__ import annotations

import argparse
import fcntl
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SLOW = 20.0
"""Seconds after which a case counts as not finished 'within seconds' (the machine is shared: generous)."""
HANG = 120.0
OUTPUTS = ("brief.docx", "brief.pdf", "brief.pptx")
MANIFEST = ".report-builder-manifest.json"
LOCK = ".report-builder.lock"
LEFTOVER = re.compile(r"(\.tmp$|\.bak$|report-builder-commit)")
LOCATED = re.compile(r"^\S.*?:\d+:\d+: |^report-builder: error: .*(/|\.\w{2,4}\b)")

BRIEF = """\
title: A hostile probe
subtitle: Every case starts here
date: 2024-06-30
classification: UNCLASSIFIED
authors: [An Analyst]
summary:
  - The relationship deepened after 2022.
sections:
  - title: Background
    headline: Two states need each other
    bullets: [Russia needs munitions., The DPRK needs cash.]
    paragraphs: [Since the invasion of Ukraine the two states have drawn closer.]
    image: {path: images/map.png, alt: A map, caption: The region}
    chronology: true
  - title: Outlook
    bullets: ["Cooperation *widens* [ref](https://example.org)."]
developments:
  - date: 2023-09-12
    title: Kim and Putin meet at Vostochny
    summary: Kim pledges support.
  - date: 2024-06-19
    title: A partnership treaty is signed
conclusions: [Expect more of the same.]
"""


# Files of every kind, made here ---------------------------------------------------------------


def png(size=(60, 40), mode="RGB", **options) -> bytes:
    from PIL import Image

    image = Image.new(mode, size, 128 if mode in ("L", "1", "P", "I;16") else (200, 40, 40)[:len(mode)] or 0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def jpeg(size=(60, 40), mode="RGB", **options) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (40, 90, 200)).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def gif(frames=1, size=(40, 30)) -> bytes:
    from PIL import Image

    images = [Image.new("P", size, i % 200) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=frames > 1, append_images=images[1:], duration=50, loop=0)
    return buffer.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int, data: bytes | None = None, depth=8, color=2) -> bytes:
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0))
    body = chunk(b"IDAT", zlib.compress(data if data is not None else b"\0" * 16)) if data != b"" else b""
    return b"\x89PNG\r\n\x1a\n" + header + body + chunk(b"IEND", b"")


def png_bomb() -> bytes:
    """A few KB that inflate to 20,000 x 20,000 pixels of zeros (400 million)."""
    width = height = 20_000
    raw = zlib.compressobj(9)
    row = b"\0" + b"\0" * width  # grey, filter byte per row
    data = b"".join(raw.compress(row) for _ in range(height)) + raw.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", data) + chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header is edited to claim another size."""
    data = bytearray(jpeg((16, 16)))
    index = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, index + 5, height, width)
    return bytes(data)


def docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    import pptx

    buffer = io.BytesIO()
    pptx.Presentation().save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None,
          method=zipfile.ZIP_DEFLATED) -> bytes:
    """An Office package with each part passed through `change` (None drops the part) and `extra` added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", method) as target:
        for info in source.infolist():
            part = change(info.filename, source.read(info))
            if part is not None:
                target.writestr(info.filename, part)
        for name, part in (extra or {}).items():
            target.writestr(name, part)
    return out.getvalue()


XML_BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;'
            b'&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
            b'&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 '
            b'"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;'
            b'&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;'
            b'&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">]>\n')
XXE = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def with_doctype(xml: bytes, doctype: bytes, entity: bytes) -> bytes:
    """`xml` with a DOCTYPE prepended and `entity` used in its first text."""
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return doctype + body.replace(b"</w:styles>", b"<!-- " + entity + b" --></w:styles>", 1).replace(
        entity, entity)


def zip_lying_about_size(data: bytes, member: str) -> bytes:
    """A package whose central directory says `member` unpacks to 10 bytes while it unpacks to 60 MB."""
    out = io.BytesIO()
    big = b"<a>" + b" " * 60_000_000 + b"</a>"
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, big if info.filename == member else source.read(info))
    raw = bytearray(out.getvalue())
    name = member.encode()
    central = raw.rfind(b"PK\x01\x02" + b"\0" * 0, 0)
    position = 0
    while True:
        position = raw.find(b"PK\x01\x02", position)
        if position < 0:
            break
        length = struct.unpack_from("<H", raw, position + 28)[0]
        if raw[position + 46:position + 46 + length] == name:
            struct.pack_into("<I", raw, position + 24, 10)
        position += 4
    del central
    return bytes(raw)


def ttf(path: str) -> bytes:
    return Path(path).read_bytes()


def font_without(table: str) -> bytes:
    from fontTools.ttLib import TTFont

    font = TTFont(str(ROOT / "layouts/default/fonts/LiberationSans-Regular.ttf"))
    del font[table]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def otf_renamed() -> bytes:
    """A CFF-outline font (what a .otf holds) under a .ttf name."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({65: "A"})
    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0)); pen.lineTo((500, 0)); pen.lineTo((250, 700)); pen.closePath()
    fb.setupCFF("Probe", {"FullName": "Probe"}, {".notdef": pen.getCharString(), "A": pen.getCharString()}, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Probe", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    buffer = io.BytesIO()
    fb.save(buffer)
    return buffer.getvalue()


# Cases ------------------------------------------------------------------------------------


@dataclass
class Run:
    args: list[str] = field(default_factory=lambda: ["build"])
    env: dict[str, str] = field(default_factory=dict)
    expect: str = "either"
    """'ok' (valid outputs), 'error' (a clear message, exit 2) or 'either'."""
    exits: tuple[int, ...] = (0, 2)
    during: Callable[[subprocess.Popen, Path], None] | None = None
    after: Callable[[Path], None] | None = None
    same_bytes_as_plain: bool = False
    """The outputs must equal those of a plain build (environment cases)."""
    edits_during: bool = False
    """The case edits an input while the build runs: the next build may rightly rebuild."""
    user_removes_outputs: bool = False
    """The case itself deletes outputs, so 'the previous outputs intact' cannot be asked of the build."""


@dataclass
class Case:
    category: str
    name: str
    setup: Callable[[Path], Run | None]


CASES: list[Case] = []


def case(category: str, name: str):
    def register(setup):
        CASES.append(Case(category, name, setup))
        return setup
    return register


def brief_file(project: Path) -> Path:
    return project / "source" / "brief.yaml"


def write_brief(project: Path, text: str | bytes) -> None:
    target = brief_file(project)
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def replace_in_brief(project: Path, old: str, new: str) -> None:
    text = brief_file(project).read_text(encoding="utf-8")
    assert old in text, old
    write_brief(project, text.replace(old, new, 1))


def set_image(project: Path, data: bytes, name: str = "map.png") -> None:
    (project / "source" / "images" / name).unlink(missing_ok=True)
    (project / "source" / "images" / name).write_bytes(data)
    if name != "map.png":
        replace_in_brief(project, "images/map.png", f"images/{name}")


def layout(project: Path, theme: str = "", files: dict[str, bytes] | None = None) -> Path:
    """A project layout `probe` that the brief names, with `theme` and `files`."""
    folder = project / "layouts" / "probe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(theme or "description: probe\n", encoding="utf-8")
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    text = brief_file(project).read_text(encoding="utf-8")
    if "layout: probe" not in text:
        write_brief(project, "layout: probe\n" + text)
    return folder


# YAML oddities
for label, text in [
    ("UTF-16 with a BOM", "\ufeff" + BRIEF),
    ("UTF-32", BRIEF),
    ("merge keys", BRIEF.replace("conclusions:", "base: &b {title: T}\nconclusions:").replace(
        "  - title: Outlook\n", "  - <<: *b\n    title: Outlook\n")),
    ("duplicate key", BRIEF.replace("subtitle:", "title: Again\nsubtitle:")),
    ("complex key", "? [a, b]\n: c\n" + BRIEF),
    ("multiple documents", BRIEF + "---\ntitle: Second\n"),
    ("empty file", ""),
    ("only a comment", "# nothing here\n"),
    ("a scalar root", "just a sentence\n"),
    ("a list root", "- a\n- b\n"),
    ("binary garbage", None),
    ("NUL in the middle", BRIEF.replace("Background", "Back\0ground")),
    ("escaped lone surrogate", BRIEF.replace("title: A hostile probe", 'title: "A \\ud800 probe"')),
    ("!!binary tag", BRIEF.replace("title: A hostile probe", "title: !!binary aGVsbG8=")),
    ("!!set", BRIEF.replace("authors: [An Analyst]", "authors: !!set {a, b}")),
    ("!!omap", BRIEF.replace("authors: [An Analyst]", "authors: !!omap [a: 1]")),
    ("date 2024-02-30", BRIEF.replace("date: 2024-06-30", "date: 2024-02-30")),
    ("date as a number", BRIEF.replace("date: 2024-06-30", "date: 20240630")),
    ("date with a time zone", BRIEF.replace("date: 2024-06-30", "date: 2024-06-30T23:30:00+14:00")),
    ("title: no", BRIEF.replace("title: A hostile probe", "title: no")),
    ("title: .inf", BRIEF.replace("title: A hostile probe", "title: .inf")),
    ("5,000-digit number", BRIEF.replace("title: A hostile probe", "title: " + "9" * 5000)),
    ("float 1e999 as a title", BRIEF.replace("title: A hostile probe", "title: 1e999")),
    ("CR-only line ends", BRIEF.replace("\n", "\r")),
    ("CRLF line ends", BRIEF.replace("\n", "\r\n")),
    ("tab indentation", BRIEF.replace("    bullets: [Russia", "\tbullets: [Russia")),
    ("U+2028 in a text", BRIEF.replace("Kim pledges support.", '"Kim\u2028pledges\u2029support."')),
    ("%YAML 1.3 directive", "%YAML 1.3\n---\n" + BRIEF),
    ("%TAG directive", "%TAG !e! tag:example.com,2000:\n---\n" + BRIEF.replace(
        "title: A hostile probe", "title: !e!thing A hostile probe")),
    ("deep flow nesting", BRIEF.replace("authors: [An Analyst]", "authors: " + "[" * 5000 + "]" * 5000)),
    ("anchor on a key", BRIEF.replace("subtitle: Every", "&k subtitle: Every")),
    ("alias as a key", BRIEF.replace("conclusions:", "x: &k sub\n*k : y\nconclusions:")),
    ("key of 200,000 characters", BRIEF + "k" * 200_000 + ": v\n"),
    ("100,000 keys", BRIEF + "".join(f"k{i}: v\n" for i in range(100_000))),
    ("a brief of 17 MB", BRIEF + "# " + "x" * (17 * 1024 * 1024) + "\n"),
    ("latin-1 bytes", None),
    ("unknown escape", BRIEF.replace("title: A hostile probe", 'title: "A \\q probe"')),
    ("unterminated quote", BRIEF.replace("title: A hostile probe", 'title: "A hostile probe')),
]:
    def _yaml(project, text=text, label=label):
        if label == "UTF-16 with a BOM":
            write_brief(project, text.encode("utf-16"))
        elif label == "UTF-32":
            write_brief(project, text.encode("utf-32"))
        elif label == "binary garbage":
            write_brief(project, os.urandom(4096))
        elif label == "latin-1 bytes":
            write_brief(project, BRIEF.replace("A hostile probe", "Caf\u00e9 probe").encode("latin-1"))
        else:
            write_brief(project, text)
        return Run()
    case("yaml", label)(_yaml)


# Names, paths and references
for label, make in [
    ("layout: ../../../etc", lambda t: "layout: ../../../etc\n" + t),
    ("layout: /dev", lambda t: "layout: /dev\n" + t),
    ("layout of 5,000 characters", lambda t: "layout: " + "x" * 5000 + "\n" + t),
    ("image named with spaces and accents", None),
    ("image with an upper-case .PNG", None),
    ("duplicate section ids", lambda t: t.replace("  - title: Outlook\n", "  - title: Outlook\n    id: x\n", 1)
     .replace("  - title: Background\n", "  - title: Background\n    id: x\n", 1)),
    ("a citation of an unknown source", lambda t: t.replace("Kim pledges support.", "Kim pledges support [@nowhere].")),
    ("duplicate source ids", lambda t: t + "sources:\n  - id: a\n    title: A\n  - id: a\n    title: B\n"),
    ("a source URL with a javascript: scheme", lambda t: t + "sources:\n  - id: a\n    title: A\n"
     "    url: \"javascript:alert(1)\"\n"),
    ("an image path with a NUL escape", lambda t: t.replace("images/map.png", "\"images/map\\0.png\"")),
]:
    def _names(project, make=make, label=label):
        if label == "image named with spaces and accents":
            set_image(project, png(), "carte région 1.png")
        elif label == "image with an upper-case .PNG":
            set_image(project, png(), "MAP.PNG")
        else:
            write_brief(project, make(BRIEF))
        return Run()
    case("names", label)(_names)


# Huge and odd texts
def _section(text_yaml: str, field_name: str = "paragraphs") -> str:
    return BRIEF.replace("  - title: Outlook\n", f"  - title: Outlook\n    {field_name}:\n      - {text_yaml}\n", 1)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


for label, make in [
    ("100,000 combining accents", lambda: _section(_q("e" + "\u0301" * 99_998))),
    ("100,000 emoji", lambda: _section(_q("\U0001F600" * 100_000))),
    ("100,000 CJK characters", lambda: _section(_q("\u4e2d" * 100_000))),
    ("10,000 soft hyphens in a word", lambda: _section(_q("a\u00ad" * 10_000))),
    ("50,000 line breaks in a block", lambda: BRIEF.replace(
        "  - title: Outlook\n", "  - title: Outlook\n    paragraphs:\n      - |\n" + "        x\n" * 50_000, 1)),
    ("99,999 spaces", lambda: _section(_q("a" + " " * 99_998 + "b"))),
    ("2,000 W as a title", lambda: BRIEF.replace("title: A hostile probe", "title: " + "W" * 2000)),
    ("2,000-character marking", lambda: BRIEF.replace("classification: UNCLASSIFIED",
                                                      "classification: " + "SECRET" * 333)),
    ("right-to-left override everywhere", lambda: BRIEF.replace("A hostile probe", "\u202eA hostile probe\u202c")),
    ("zero-width joiners", lambda: _section(_q("\u200d" * 50_000))),
    ("a URL of 90,000 characters", lambda: _section(_q("[x](https://example.org/" + "a" * 90_000 + ")"))),
    ("50,000 opening brackets", lambda: _section(_q("[" * 50_000))),
    ("50,000 backslashes", lambda: _section(_q("\\" * 50_000))),
    ("alternating markers", lambda: _section(_q("**_*" * 20_000))),
    ("a link inside a link, deep", lambda: _section(_q("[" * 3000 + "x" + "](u)" * 3000))),
    ("5,000 bullets", lambda: BRIEF.replace("bullets: [Russia needs munitions., The DPRK needs cash.]",
                                            "bullets:\n" + "".join(f"      - point {i}\n" for i in range(5000)))),
    ("2,000 sections", lambda: BRIEF.replace("developments:\n", "".join(
        f"  - title: S{i}\n    bullets: [b{i}]\n" for i in range(2000)) + "developments:\n", 1)),
    ("3,000 sources", lambda: BRIEF + "sources:\n" + "".join(
        f"  - id: s{i}\n    title: Source {i}\n    url: https://example.org/{i}\n" for i in range(3000))),
    ("private-use characters", lambda: _section(_q("\ue000\uf8ff" * 1000))),
    ("every C1 control character", lambda: _section(_q("".join(chr(c) for c in range(0x80, 0xA0))))),
    ("a bullet of 100,001 characters", lambda: _section(_q("x" * 100_001), "bullets")),
    ("a headline of 2,001 characters", lambda: BRIEF.replace("headline: Two states need each other",
                                                             "headline: " + "h" * 2001)),
    ("developments dated year 1 and 9999", lambda: BRIEF.replace(
        "  - date: 2024-06-19\n", "  - date: 0001-01-01\n    title: Old\n  - date: 9999-12-31\n")),
]:
    def _text(project, make=make):
        write_brief(project, make())
        return Run()
    case("text", label)(_text)


# Images of every broken kind
for label, make in [
    ("claims 100,000 x 100,000 pixels", lambda: png_claiming(100_000, 100_000)),
    ("claims 0 x 0", lambda: png_claiming(0, 0)),
    ("PNG decompression bomb", png_bomb),
    ("wrong CRC in IHDR", lambda: png()[:29] + b"\0\0\0\0" + png()[33:]),
    ("IHDR and nothing else", lambda: png()[:33]),
    ("IDAT too short for its rows", lambda: png_claiming(300, 300, b"\0" * 10)),
    ("bit depth 3", lambda: png_claiming(10, 10, depth=3, color=0)),
    ("colour type 5", lambda: png_claiming(10, 10, color=5)),
    ("16-bit grey", lambda: png(mode="I;16")),
    ("1-bit", lambda: png(mode="1")),
    ("palette with transparency", lambda: png(mode="P", transparency=0)),
    ("grey with alpha", lambda: png(mode="LA")),
    ("RGBA", lambda: png(mode="RGBA")),
    ("interlaced", lambda: png_claiming(8, 8, b"".join(b"\0" + b"\x80" * 24 for _ in range(15)))),
    ("animated PNG", None),
    ("progressive JPEG", lambda: jpeg(progressive=True)),
    ("grey JPEG", lambda: jpeg(mode="L")),
    ("CMYK JPEG", lambda: jpeg(mode="CMYK")),
    ("JPEG claiming 65,000 x 65,000", lambda: jpeg_claiming(65_000, 65_000)),
    ("JPEG cut after its header", lambda: jpeg()[:200]),
    ("JPEG with no end marker", lambda: jpeg()[:-2]),
    ("JPEG of 1 x 1", lambda: jpeg((1, 1))),
    ("animated GIF of 200 frames", lambda: gif(200)),
    ("GIF cut in half", lambda: gif()[: len(gif()) // 2]),
    ("PNG named .jpg", lambda: png()),
    ("JPEG named .png", lambda: jpeg()),
    ("51 x 1 (too narrow)", lambda: png((510, 10))),
    ("an HTML page named .png", lambda: b"<!doctype html><html><body>404</body></html>"),
    ("a zero-byte file", lambda: b""),
    ("4 KB of zeros", lambda: b"\0" * 4096),
    ("EXIF orientation 6 on CMYK", None),
    ("ICC profile that is junk", lambda: png(icc_profile=b"junk" * 50)),
    ("51 MB", lambda: png() + b"\0" * (51 * 1024 * 1024)),
]:
    def _image(project, make=make, label=label):
        name = {"PNG named .jpg": "map.jpg", "JPEG named .png": "map.png"}.get(label, "map.png")
        if label == "animated PNG":
            from PIL import Image

            frames = [Image.new("RGB", (30, 20), (i * 20, 0, 0)) for i in range(5)]
            buffer = io.BytesIO()
            frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
            data = buffer.getvalue()
        elif label == "EXIF orientation 6 on CMYK":
            from PIL import Image

            exif = Image.Exif()
            exif[0x0112] = 6
            data = jpeg(mode="CMYK", exif=exif.tobytes())
        else:
            data = make()
        if name == "map.png":
            set_image(project, data)
        else:
            set_image(project, data, name)
        return Run()
    case("image", label)(_image)


@case("image", "a symbolic link loop")
def _(project):
    path = project / "source" / "images" / "map.png"
    path.unlink()
    path.symlink_to("map.png")
    return Run(expect="error")


@case("image", "a link to a file outside the project")
def _(project):
    outside = project.parent / (project.name + "-outside.png")
    outside.write_bytes(png())
    path = project / "source" / "images" / "map.png"
    path.unlink()
    path.symlink_to(outside)
    return Run()


@case("image", "a FIFO")
def _(project):
    path = project / "source" / "images" / "map.png"
    path.unlink()
    os.mkfifo(path)
    return Run(expect="error")


@case("image", "a link to /dev/zero")
def _(project):
    path = project / "source" / "images" / "map.png"
    path.unlink()
    path.symlink_to("/dev/zero")
    return Run(expect="error")


@case("image", "a folder")
def _(project):
    path = project / "source" / "images" / "map.png"
    path.unlink()
    path.mkdir()
    return Run(expect="error")


@case("image", "path escaping the source folder")
def _(project):
    replace_in_brief(project, "images/map.png", "../../../../etc/passwd")
    return Run(expect="error")


@case("image", "absolute path")
def _(project):
    replace_in_brief(project, "images/map.png", "/etc/hostname")
    return Run(expect="error")


# Fonts
SANS = ROOT / "layouts/default/fonts/LiberationSans-Regular.ttf"
FONT_THEME = "fonts:\n  text:\n    name: Probe\n    regular: fonts/probe.ttf\n"
for label, make in [
    ("a CFF font named .ttf", otf_renamed),
    ("no glyf table", lambda: font_without("glyf")),
    ("no cmap table", lambda: font_without("cmap")),
    ("no hmtx table", lambda: font_without("hmtx")),
    ("no name table", lambda: font_without("name")),
    ("a WOFF named .ttf", None),
    ("a TrueType collection", lambda: ttf("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")[:0] or b"ttcf" + b"\0" * 200),
    ("the first 4 KB of a font", lambda: SANS.read_bytes()[:4096]),
    ("a font with every table offset wrong", lambda: SANS.read_bytes()[:12] + b"\xff" * 400 + SANS.read_bytes()[412:]),
    ("a zero-byte font", lambda: b""),
    ("a PNG named .ttf", png),
    ("DejaVu Sans (a real other font)", lambda: ttf("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")),
]:
    def _font(project, make=make, label=label):
        if label == "a WOFF named .ttf":
            from fontTools.ttLib import TTFont

            font = TTFont(str(SANS))
            font.flavor = "woff"
            buffer = io.BytesIO()
            font.save(buffer)
            data = buffer.getvalue()
        else:
            data = make()
        layout(project, FONT_THEME, {"fonts/probe.ttf": data})
        return Run()
    case("font", label)(_font)


@case("font", "a font path that is a FIFO")
def _(project):
    folder = layout(project, FONT_THEME)
    (folder / "fonts").mkdir()
    os.mkfifo(folder / "fonts" / "probe.ttf")
    return Run(expect="error")


@case("font", "a font linked from outside the layout")
def _(project):
    folder = layout(project, FONT_THEME)
    (folder / "fonts").mkdir()
    (folder / "fonts" / "probe.ttf").symlink_to(SANS)
    return Run()


@case("font", "a font path with ~")
def _(project):
    layout(project, FONT_THEME.replace("fonts/probe.ttf", "~/probe.ttf"))
    return Run(expect="error")


@case("font", "a font path naming a folder")
def _(project):
    folder = layout(project, FONT_THEME.replace("fonts/probe.ttf", "fonts"))
    (folder / "fonts").mkdir()
    return Run(expect="error")


# reference.docx and template.pptx
def _docx_case(label, make, name="reference.docx"):
    def setup(project):
        layout(project, "", {name: make()})
        return Run()
    case("office", label)(setup)


_docx_case("styles.xml with an entity bomb", lambda: rezip(docx_bytes(), lambda n, d: XML_BOMB + d.split(b"?>", 1)[1]
                                                            if n == "word/styles.xml" else d))
_docx_case("document.xml with an external entity", lambda: rezip(docx_bytes(), lambda n, d: XXE + d.split(b"?>", 1)[1]
                                                                  if n == "word/document.xml" else d))
_docx_case("no styles part", lambda: rezip(docx_bytes(), lambda n, d: None if n == "word/styles.xml" else d))
_docx_case("styles.xml that is not XML", lambda: rezip(docx_bytes(), lambda n, d: b"not xml" if
                                                        n == "word/styles.xml" else d))
_docx_case("no document part", lambda: rezip(docx_bytes(), lambda n, d: None if n == "word/document.xml" else d))
_docx_case("a member named ../../evil", lambda: rezip(docx_bytes(), lambda n, d: d, {"../../evil.xml": b"<a/>"}))
_docx_case("duplicate members", lambda: rezip(docx_bytes(), lambda n, d: d, {"word/styles.xml": b"<a/>"}))
_docx_case("stored 70 MB member", lambda: rezip(docx_bytes(), lambda n, d: d, {"word/media/big.bin": b"\0" * 70_000_000},
                                                zipfile.ZIP_STORED))
_docx_case("central directory lying about a size", lambda: zip_lying_about_size(docx_bytes(), "word/styles.xml"))
_docx_case("a pptx named reference.docx", pptx_bytes)
_docx_case("a docx with a zip comment of 60 KB", lambda: docx_bytes()[:-2] + struct.pack("<H", 60000) + b"c" * 60000)
_docx_case("a ZIP64 package", lambda: rezip(docx_bytes(), lambda n, d: d))
_docx_case("a docx whose page is 0 wide", lambda: rezip(docx_bytes(), lambda n, d: re.sub(
    rb'w:w="\d+"', b'w:w="0"', d) if n == "word/document.xml" else d))
_docx_case("a docx whose margins exceed its page", lambda: rezip(docx_bytes(), lambda n, d: re.sub(
    rb'w:left="\d+"', b'w:left="99999"', d) if n == "word/document.xml" else d))
_docx_case("template with an entity bomb", lambda: rezip(pptx_bytes(), lambda n, d: XML_BOMB + d.split(b"?>", 1)[1]
                                                          if n == "ppt/presentation.xml" else d), "template.pptx")
_docx_case("template without slide layouts", lambda: rezip(pptx_bytes(), lambda n, d: None if
                                                            n.startswith("ppt/slideLayouts/") else d), "template.pptx")
_docx_case("template 0 EMU wide", lambda: rezip(pptx_bytes(), lambda n, d: re.sub(
    rb'<p:sldSz cx="\d+"', b'<p:sldSz cx="0"', d) if n == "ppt/presentation.xml" else d), "template.pptx")
_docx_case("template 100 m wide", lambda: rezip(pptx_bytes(), lambda n, d: re.sub(
    rb'<p:sldSz cx="\d+"', b'<p:sldSz cx="3600000000"', d) if n == "ppt/presentation.xml" else d), "template.pptx")
_docx_case("template with no master", lambda: rezip(pptx_bytes(), lambda n, d: None if
                                                     n.startswith("ppt/slideMasters/") else d), "template.pptx")
_docx_case("template whose layouts have no placeholders", lambda: rezip(pptx_bytes(), lambda n, d: re.sub(
    rb"<p:sp>.*?</p:sp>", b"", d, flags=re.S) if n.startswith("ppt/slideLayouts/slideLayout") and n.endswith(".xml")
    else d), "template.pptx")
_docx_case("a docx named template.pptx", docx_bytes, "template.pptx")
_docx_case("an encrypted-looking package", lambda: bytes(b ^ 0x5A for b in pptx_bytes()), "template.pptx")


@case("office", "reference.docx is a FIFO")
def _(project):
    folder = layout(project)
    os.mkfifo(folder / "reference.docx")
    return Run(expect="error")


@case("office", "template.pptx is a link to /dev/urandom")
def _(project):
    folder = layout(project)
    (folder / "template.pptx").symlink_to("/dev/urandom")
    return Run(expect="error")


@case("office", "theme.yaml is a FIFO")
def _(project):
    folder = layout(project)
    (folder / "theme.yaml").unlink()
    os.mkfifo(folder / "theme.yaml")
    return Run(expect="error")


# Theme values
for label, theme in [
    ("sizes all 96 and margins 60", "page: {margin_mm: 60}\nsizes: {title: 96, subtitle: 96, heading1: 96, "
                                    "heading2: 96, body: 96, small: 96}\n"),
    ("slide 4 x 3 in with 96 pt", "slide: {width_in: 4, height_in: 3}\nsizes: {slide_title: 96, slide_body: 96, "
                                  "slide_body_min: 96, slide_small: 96}\n"),
    ("slide 30 x 3 in", "slide: {width_in: 30, height_in: 3}\n"),
    ("measure 10 em", "pdf: {measure_em: 10}\nword: {measure_em: 10}\n"),
    ("measure 200 em", "pdf: {measure_em: 200}\nword: {measure_em: 200}\n"),
    ("sizes 4 pt", "sizes: {title: 4, subtitle: 4, heading1: 4, heading2: 4, body: 4, small: 4, slide_title: 4, "
                   "slide_body: 4, slide_body_min: 4, slide_small: 4}\n"),
    ("a palette of 5,000 colours", "palette: [" + ", ".join(f'"{i:06X}"' for i in range(5000)) + "]\n"),
    ("extends itself", "extends: probe\n"),
    ("extends a missing layout", "extends: nowhere\n"),
    ("colour 'red'", "colors: {primary: red}\n"),
    ("margin as a string", "page: {margin_mm: twenty}\n"),
    ("size 1e-300", "sizes: {body: 1e-300}\n"),
]:
    def _theme(project, theme=theme):
        layout(project, theme)
        return Run()
    case("theme", label)(_theme)


# Manifest tampering
def _manifest(project: Path) -> dict:
    return json.loads((project / "out" / MANIFEST).read_text(encoding="utf-8"))


def _tamper(change: Callable[[dict], object]):
    def setup(project):
        data = _manifest(project)
        result = change(data)
        (project / "out" / MANIFEST).write_text(json.dumps(data if result is None else result), encoding="utf-8")
        return Run()
    return setup


def _every_input(data: dict, value: str) -> None:
    for record in data["outputs"].values():
        record["inputs"] = {value: digest for digest in record["inputs"].values()}


for label, change in [
    ("inputs naming /dev/zero", lambda d: _every_input(d, "/dev/zero")),
    ("inputs naming /proc/self/mem", lambda d: _every_input(d, "/proc/self/mem")),
    ("inputs naming a relative ../../", lambda d: _every_input(d, "../../../../etc/shadow")),
    ("output names with ../", lambda d: {**d, "outputs": {"../../evil.pdf": v for v in d["outputs"].values()}}),
    ("nested 100,000 deep", lambda d: json.loads("[" * 100_000 + "]" * 100_000) and None),
    ("a number instead of the outputs", lambda d: {**d, "outputs": 5}),
    ("a forged hash for a tampered output", None),
    ("format 999", lambda d: {**d, "format": 999}),
    ("a commit token naming a missing journal", lambda d: {**d, "commit": "deadbeef"}),
    ("NaN everywhere", None),
    ("200,000 fake outputs", lambda d: {**d, "outputs": {**d["outputs"], **{f"x{i}.pdf": {} for i in range(200_000)}}}),
]:
    if label == "nested 100,000 deep":
        def setup(project):
            (project / "out" / MANIFEST).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
            return Run()
    elif label == "a forged hash for a tampered output":
        def setup(project):
            (project / "out" / "brief.pdf").write_bytes(b"%PDF-1.4 tampered")
            return Run()
    elif label == "NaN everywhere":
        def setup(project):
            text = (project / "out" / MANIFEST).read_text(encoding="utf-8")
            (project / "out" / MANIFEST).write_text(re.sub(r'"[0-9a-f]{64}"', "NaN", text), encoding="utf-8")
            return Run()
    else:
        setup = _tamper(change)
    case("manifest", label)(setup)


@case("manifest", "a FIFO")
def _(project):
    (project / "out" / MANIFEST).unlink()
    os.mkfifo(project / "out" / MANIFEST)
    return Run()


@case("manifest", "a link to /dev/zero")
def _(project):
    (project / "out" / MANIFEST).unlink()
    (project / "out" / MANIFEST).symlink_to("/dev/zero")
    return Run()


@case("manifest", "invalid UTF-8")
def _(project):
    (project / "out" / MANIFEST).write_bytes(b"\xff\xfe{" * 1000)
    return Run()


# Symbolic links and FIFOs in the project
@case("links", "the output folder is a link to another folder")
def _(project):
    elsewhere = project / "elsewhere"
    shutil.move(project / "out", elsewhere)
    (project / "out").symlink_to(elsewhere)
    return Run(after=lambda p: None)


@case("links", "an output is a dangling link")
def _(project):
    (project / "out" / "brief.pdf").unlink()
    (project / "out" / "brief.pdf").symlink_to(project / "nowhere" / "x.pdf")
    return Run(args=["build", "--force"])


@case("links", "the commit journal is a link to a file of the user's")
def _(project):
    victim = project / "victim.txt"
    victim.write_text("keep me")
    (project / "out" / ".report-builder-commit.json").symlink_to(victim)
    return Run(args=["build", "--force"], after=lambda p: _must_equal(victim, b"keep me"))


@case("links", "a stale temporary name is a link to a file of the user's")
def _(project):
    victim = project / "victim.txt"
    victim.write_text("keep me")
    (project / "out" / ".brief.pdf.1.0a1b2c3d.tmp").symlink_to(victim)
    return Run(args=["build", "--force"], after=lambda p: _must_equal(victim, b"keep me"))


@case("links", "the brief is a FIFO")
def _(project):
    brief_file(project).unlink()
    os.mkfifo(brief_file(project))
    return Run(expect="error")


@case("links", "a second brief is a FIFO")
def _(project):
    os.mkfifo(project / "source" / "other.yaml")
    return Run(expect="error")


@case("links", "the brief is a link to /dev/zero")
def _(project):
    brief_file(project).unlink()
    brief_file(project).symlink_to("/dev/zero")
    return Run(expect="error")


@case("links", "source/ is a link loop")
def _(project):
    (project / "source" / "loop").symlink_to(project / "source")
    return Run()


@case("links", "the lock is a FIFO")
def _(project):
    (project / "out" / LOCK).unlink(missing_ok=True)
    os.mkfifo(project / "out" / LOCK)
    return Run(args=["build", "--force"], expect="error")


@case("links", "the lock is a folder")
def _(project):
    (project / "out" / LOCK).unlink(missing_ok=True)
    (project / "out" / LOCK).mkdir()
    return Run(args=["build", "--force"], expect="error")


def _must_equal(path: Path, data: bytes) -> None:
    if path.read_bytes() != data:
        raise AssertionError(f"{path} was changed")


# Output folders that are read-only or full (tmpfs mounts need root)
MOUNTS: list[Path] = []


def _mount(folder: Path, size: str, readonly: bool = False) -> bool:
    if os.geteuid() != 0:
        return False
    saved = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    shutil.rmtree(folder)
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]).returncode:
        return False
    MOUNTS.append(folder)
    for name, data in saved.items():
        (folder / name).write_bytes(data)
    if readonly:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    return True


def _unmount(folder: Path) -> None:
    if folder in MOUNTS:
        subprocess.run(["umount", "-l", str(folder)])
        MOUNTS.remove(folder)


for label, size, readonly, extra in [
    ("read-only output folder", "4m", True, 0),
    ("full output folder (room for a few KB)", None, False, 8_000),
    ("full output folder (room for one output)", None, False, 60_000),
    ("full output folder (room for all but the manifest)", None, False, -1),
]:
    def _full(project, size=size, readonly=readonly, extra=extra):
        out = project / "out"
        used = sum(-(-p.stat().st_size // 4096) * 4096 for p in out.iterdir() if p.is_file()) + 8192
        if extra == -1:
            room = used + 1_000  # new outputs fit, the manifest's temporary does not (tmpfs counts pages)
        else:
            room = used + extra
        if not _mount(out, size or str(room), readonly):
            return None
        replace_in_brief(project, "Expect more of the same.", "Expect a little more.")
        return Run(expect="either", after=lambda p: _unmount(p / "out"))
    case("output", label)(_full)


@case("output", "the output folder is a file")
def _(project):
    return Run(args=["build", "--out", "source/brief.yaml"], expect="error")


@case("output", "--out under /proc")
def _(project):
    return Run(args=["build", "--out", "/proc/probe-out"], expect="error")


# Killed, interrupted, concurrent
def _signal_after(delay: float, sig: int, group: bool = True):
    def during(process: subprocess.Popen, project: Path) -> None:
        time.sleep(delay)
        try:
            os.killpg(process.pid, sig) if group else os.kill(process.pid, sig)
        except ProcessLookupError:
            pass
    return during


for delay in (0.3, 0.8, 1.0, 1.2, 1.5, 1.8, 2.0, 2.5):
    for sig, name, group in [(signal.SIGKILL, "kill -9 of the build alone", False),
                             (signal.SIGKILL, "kill -9 of the group", True),
                             (signal.SIGINT, "Ctrl-C", True),
                             (signal.SIGTERM, "SIGTERM", False),
                             (signal.SIGHUP, "SIGHUP", True)]:
        def _killed(project, sig=sig, group=group, delay=delay):
            replace_in_brief(project, "Expect more of the same.", "Expect a change.")
            return Run(args=["build", "--force", "--jobs", "3"], during=_signal_after(delay, sig, group),
                       exits=(0, 2, 130, -sig, 128 + sig))
        case("signal", f"{name} after {delay} s")(_killed)


@case("concurrent", "three builds at once")
def _(project):
    def during(process, project):
        others = [subprocess.Popen([PYTHON, "-m", "report_builder", "build", "--force", "--quiet"], cwd=project,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
                  for _ in range(2)]
        for other in others:
            _, err = other.communicate(timeout=HANG)
            if other.returncode != 0 or b"Traceback" in err:
                raise AssertionError(f"a concurrent build ended {other.returncode}: {err.decode()[-300:]}")
    replace_in_brief(project, "Expect more of the same.", "Expect three builds.")
    return Run(args=["build", "--force"], during=during)


@case("concurrent", "a build while another holds the lock, --wait 0")
def _(project):
    def during(process, project):
        pass
    lock_fd = os.open(project / "out" / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock_fd, fcntl.LOCK_EX)

    def after(project):
        os.close(lock_fd)
    return Run(args=["build", "--force", "--wait", "0"], exits=(3,), after=after, expect="busy")


@case("concurrent", "an edit while the build renders")
def _(project):
    def during(process, project):
        time.sleep(0.5)
        replace_in_brief(project, "Expect more of the same.", "Expect an edit saved mid-build.")

    def after(project):
        again = subprocess.run([PYTHON, "-m", "report_builder", "build"], cwd=project, capture_output=True,
                               text=True, timeout=HANG)
        if "wrote" not in again.stdout or "up to date" in again.stdout.split("wrote")[0] and again.returncode:
            pass
        docx_text = _docx_text(project / "out" / "brief.docx")
        if "mid-build" not in docx_text:
            raise AssertionError("the edit saved during the build never reached the outputs")
    return Run(args=["build", "--force"], during=during, after=after, edits_during=True)


@case("concurrent", "the output folder removed during the build")
def _(project):
    def during(process, project):
        time.sleep(0.8)
        shutil.rmtree(project / "out", ignore_errors=True)
    return Run(args=["build", "--force", "--jobs", "3"], during=during, user_removes_outputs=True)


@case("concurrent", "the brief deleted during the build")
def _(project):
    def during(process, project):
        time.sleep(0.6)
        brief_file(project).unlink()
    return Run(args=["build", "--force"], during=during, edits_during=True)


@case("concurrent", "two builds of different formats at once")
def _(project):
    def during(process, project):
        other = subprocess.run([PYTHON, "-m", "report_builder", "build", "--formats", "docx", "--quiet"], cwd=project,
                               capture_output=True, text=True, timeout=HANG)
        if other.returncode != 0:
            raise AssertionError(f"the docx build ended {other.returncode}: {other.stderr[-300:]}")

    def after(project):
        again = _again(project, {**os.environ, "PYTHONPATH": str(ROOT)}, [])
        if again.returncode != 0 or "wrote" in again.stdout:
            raise AssertionError(f"after both, a full build was not up to date: {again.stdout[-300:]}")
        if "Expect both." not in _docx_text(project / "out" / "brief.docx"):
            raise AssertionError("the docx build's output was lost")
    replace_in_brief(project, "Expect more of the same.", "Expect both.")
    return Run(args=["build", "--formats", "pdf,pptx"], during=during, after=after)


# Environment
for label, env in [
    ("SOURCE_DATE_EPOCH=abc", {"SOURCE_DATE_EPOCH": "abc"}),
    ("SOURCE_DATE_EPOCH=-1", {"SOURCE_DATE_EPOCH": "-1"}),
    ("SOURCE_DATE_EPOCH=1e20", {"SOURCE_DATE_EPOCH": "99999999999999999999"}),
    ("TZ=Pacific/Kiritimati", {"TZ": "Pacific/Kiritimati"}),
    ("TZ=garbage", {"TZ": "Not/AZone"}),
    ("LC_ALL=tr_TR.UTF-8", {"LC_ALL": "tr_TR.UTF-8", "LANG": "tr_TR.UTF-8"}),
    ("LC_ALL=C with a non-ASCII brief name", {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}),
    ("PYTHONHASHSEED=12345", {"PYTHONHASHSEED": "12345"}),
    ("cache folder is a file", {"REPORT_BUILDER_CACHE": "/etc/hostname"}),
    ("cache folder unwritable (/proc)", {"REPORT_BUILDER_CACHE": "/proc/probe-cache"}),
    ("HOME unset, XDG_CACHE_HOME a file", {"HOME": "", "XDG_CACHE_HOME": "/etc/hostname"}),
    ("umask 077", {}),
    ("stdout closed", {}),
]:
    def _env(project, env=env, label=label):
        if "non-ASCII" in label:
            shutil.move(brief_file(project), project / "source" / "briefing-ĉ.yaml")
            for name in OUTPUTS:
                (project / "out" / name).unlink()
            (project / "out" / MANIFEST).unlink()
        run = Run(args=["build", "--force"], env=env, same_bytes_as_plain="non-ASCII" not in label)
        if label == "umask 077":
            run.env = {"PROBE_UMASK": "077"}
        if label == "stdout closed":
            run.env = {"PROBE_CLOSE_STDOUT": "1"}
        return run
    case("environment", label)(_env)


# Running and judging -------------------------------------------------------------------------


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def valid_output(path: Path) -> str | None:
    """Why the output is not a file its reader opens, or None."""
    try:
        if path.suffix == ".docx":
            import docx

            docx.Document(str(path))
        elif path.suffix == ".pptx":
            import pptx

            if not len(pptx.Presentation(str(path)).slides):
                return "no slides"
        else:
            import pypdf

            if not len(pypdf.PdfReader(str(path)).pages):
                return "no pages"
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return f"{type(exc).__name__}: {exc}"
    return None


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {name: (folder / name).read_bytes() for name in (*OUTPUTS, MANIFEST)
            if (folder / name).is_file() and not (folder / name).is_symlink()}


def lock_free(folder: Path) -> bool:
    path = folder / LOCK
    if not path.is_file() or path.is_symlink():
        return True
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def session_processes(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def leftovers(project: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(project):
        dirs[:] = [d for d in dirs if not Path(folder, d).is_symlink()]
        for name in files + dirs:
            if LEFTOVER.search(name) and not name.startswith(".brief.pdf.1.0a1b2c3d"):
                found.append(os.path.relpath(Path(folder, name), project))
    return found


@dataclass
class Outcome:
    case: Case
    status: str  # handled / FAILED / skipped
    seconds: float = 0.0
    exit: int | None = None
    message: str = ""
    problems: list[str] = field(default_factory=list)


def run_case(item: Case, template: Path, plain: dict[str, bytes], work: Path, keep: bool) -> Outcome:
    project = work / re.sub(r"[^\w]+", "-", f"{item.category}-{item.name}")[:80]
    shutil.copytree(template, project, symlinks=True)
    try:
        run = item.setup(project)
    except Exception as exc:  # noqa: BLE001
        return Outcome(item, "skipped", message=f"setup failed: {type(exc).__name__}: {exc}")
    if run is None:
        return Outcome(item, "skipped", message="needs root for a tmpfs")
    out = project / "out"
    before = snapshot(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT), **run.env}
    env = {k: v for k, v in env.items() if v != "" and not k.startswith("PROBE_")}
    umask = run.env.get("PROBE_UMASK")
    close_stdout = run.env.get("PROBE_CLOSE_STDOUT")
    problems: list[str] = []
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "-m", "report_builder", *run.args], cwd=project, env=env, text=True, start_new_session=True,
        stdout=subprocess.DEVNULL if close_stdout else subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=(lambda: os.umask(int(umask, 8))) if umask else None)
    try:
        if run.during:
            run.during(process, project)
        stdout, stderr = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        problems.append(f"hung: killed after {HANG:g} s")
    except AssertionError as exc:
        stdout, stderr = process.communicate(timeout=HANG)
        problems.append(str(exc))
    seconds = time.monotonic() - started
    stdout = stdout or ""
    code = process.returncode
    deadline = time.monotonic() + 5
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = session_processes(process.pid)
    if orphans:
        problems.append(f"processes left: {orphans}")
        for pid in orphans:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if code not in run.exits:
        problems.append(f"exit status {code}")
    for text in (stdout, stderr):
        for bad in ("Traceback", "internal error", "Exception ignored", "Error:"):
            if bad in text and not (bad == "Error:" and "error:" in text):
                problems.append(f"shows '{bad}'")
    first = next((line for line in stderr.splitlines() if line.strip()), "")
    if code == 2 and not LOCATED.search(first):
        problems.append(f"message names no file: {first[:120]!r}")
    if run.expect == "error" and code != 2:
        problems.append(f"expected a clear error, got exit {code}")
    if run.expect == "ok" and code != 0:
        problems.append(f"expected valid outputs, got exit {code}")
    killed = code is not None and (code < 0 or code in (130, 128 + signal.SIGTERM, 128 + signal.SIGHUP))
    if killed and code != -signal.SIGKILL:
        # Ctrl-C, SIGTERM and SIGHUP can be handled: the build itself must leave nothing behind.
        left = leftovers(project)
        if left:
            problems.append(f"left behind by the interrupted build itself: {left}")
    if killed:
        # A killed build: the next one must finish or undo its commit, then build.
        again = _again(project, env, ["--wait", "30"])
        if again.returncode != 0:
            problems.append(f"the build after it ended {again.returncode}: {again.stderr[-200:]}")
    after = snapshot(out)
    if code in (2, 3) and not run.user_removes_outputs:
        if after != before:
            changed = sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n))
            problems.append(f"outputs changed on failure: {changed}")
    elif code == 0 or killed:
        built = [name for name in OUTPUTS if (out / name).exists()]
        for name in built:
            why = valid_output(out / name)
            if why:
                problems.append(f"{name} does not open: {why}")
        replaced = [name for name in OUTPUTS if before.get(name) != after.get(name)]
        if killed and replaced and len(replaced) != len([n for n in OUTPUTS if n in before]):
            problems.append(f"only some outputs replaced: {replaced}")
        if code == 0 and out.exists() and not run.edits_during:
            again = _again(project, env, [a for a in run.args[1:] if a != "--force"])
            if again.returncode == 0 and "wrote" in again.stdout:
                problems.append("a second build rebuilt: the manifest does not match what was built")
        if code == 0 and run.same_bytes_as_plain:
            differ = [n for n in OUTPUTS if after.get(n) != plain.get(n)]
            if differ:
                problems.append(f"bytes differ from a plain build: {differ}")
    if run.after:
        try:
            run.after(project)
        except AssertionError as exc:
            problems.append(str(exc))
    if not lock_free(out):
        problems.append("lock still held")
    left = leftovers(project)
    if left:
        problems.append(f"left behind: {left}")
    if seconds > SLOW:
        problems.append(f"took {seconds:.0f} s")
    outcome = Outcome(item, "FAILED" if problems else "handled", seconds, code, first[:160], problems)
    if not keep and not problems:
        shutil.rmtree(project, ignore_errors=True)
    return outcome


def _again(project: Path, env: dict, args: list[str]) -> subprocess.CompletedProcess:
    """A build run after the case, as the user's next command; a hang is reported as exit -9."""
    process = subprocess.Popen([PYTHON, "-m", "report_builder", "build", *args], cwd=project, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        stderr += f"\n(the next build hung: killed after {HANG:g} s)"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def make_template(work: Path) -> tuple[Path, dict[str, bytes]]:
    template = work / "template"
    (template / "source" / "images").mkdir(parents=True)
    (template / "source" / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    (template / "source" / "images" / "map.png").write_bytes(png((120, 80)))
    result = subprocess.run([PYTHON, "-m", "report_builder", "build", "--quiet"], cwd=template,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"the template project does not build: {result.stderr}")
    return template, snapshot(template / "out")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the cases whose category or name holds this")
    parser.add_argument("--keep", action="store_true", help="keep every case's project folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hostile-probe-"))
    template, plain = make_template(work)
    cases = [c for c in CASES if not args.only or args.only in f"{c.category} {c.name}"]
    outcomes = []
    try:
        for item in cases:
            outcome = run_case(item, template, plain, work, args.keep)
            outcomes.append(outcome)
            mark = {"handled": "ok  ", "FAILED": "FAIL", "skipped": "skip"}[outcome.status]
            print(f"{mark} {outcome.seconds:6.1f}s exit {outcome.exit!s:>4}  {item.category:<11} {item.name}"
                  + (f"\n       {outcome.message}" if outcome.message else "")
                  + "".join(f"\n       !! {p}" for p in outcome.problems), flush=True)
    finally:
        for folder in list(MOUNTS):
            _unmount(folder)
    handled = sum(o.status == "handled" for o in outcomes)
    failed = sum(o.status == "FAILED" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    print(f"\n{len(outcomes)} cases: {handled} handled, {failed} failed, {skipped} skipped "
          f"(work folder {work})")
    if not args.keep and not failed:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
