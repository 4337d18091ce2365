"""Files a user supplies, hostile or odd: images, fonts, reference.docx, template.pptx and the YAML
itself. Each bad file gets a located message naming it and what is wrong (exit 2, nothing written);
each valid variant reaches every output. Every file here is generated at test time."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import ROOT
from test_cli import pdf_text, pptx_text

BRIEF = """\
title: Images
date: 2024-06-30
sections:
{sections}"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: each test writes the one brief it needs into source/."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "brief.yaml").write_text(
        "title: T\ndate: 2024-01-01\nsections:\n  - title: S\n    bullets: [A point.]\n", encoding="utf-8")
    return tmp_path


def image_brief(project: Path, files: dict[str, bytes]) -> Path:
    """A brief in project/source with one section per image, each file under images/."""
    images = project / "source" / "images"
    images.mkdir(parents=True, exist_ok=True)
    sections = []
    for name, data in files.items():
        (images / name).write_bytes(data)
        sections.append(f"  - title: {name}\n    bullets: [A point.]\n"
                        f"    image: {{path: images/{name}, alt: {name}, caption: {name}}}\n")
    brief = project / "source" / "brief.yaml"
    brief.write_text(BRIEF.format(sections="".join(sections)), encoding="utf-8")
    return brief


def picture(mode: str = "RGB", size=(90, 60)):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (235, 235, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([5, 5, size[0] // 2, size[1] - 5], fill=(200, 30, 30))
    return image if mode == "RGB" else image.convert(mode)


def encoded(image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG header claiming a size, with almost no pixel data: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + png_chunk(b"IEND", b""))


def corrupt_data_stream(png: bytes) -> bytes:
    """The same PNG with its pixel data scrambled but every checksum right: only decoding finds it."""
    start = png.index(b"IDAT") - 4
    (length,) = struct.unpack(">I", png[start:start + 4])
    data = bytearray(png[start + 8:start + 8 + length])
    for index in range(8, len(data) - 4):
        data[index] ^= 0x5A
    return png[:start] + png_chunk(b"IDAT", bytes(data)) + png[start + 12 + length:]


def bad_checksum(png: bytes) -> bytes:
    """The same PNG with the checksum of its pixel data wrong."""
    start = png.index(b"IDAT") - 4
    (length,) = struct.unpack(">I", png[start:start + 4])
    end = start + 8 + length
    return png[:end] + bytes(4) + png[end + 4:]


def without_jfif(jpeg: bytes) -> bytes:
    (length,) = struct.unpack(">H", jpeg[4:6])
    return jpeg[:2] + jpeg[4 + length:]


# Images ----------------------------------------------------------------------


def bad_images() -> dict[str, tuple[bytes, str]]:
    png = encoded(picture(), "PNG")
    jpeg = encoded(picture(), "JPEG")
    gif = encoded(picture("P"), "GIF")
    return {
        "empty.png": (b"", "is not a PNG, JPEG or GIF image (the file is empty)"),
        "text.png": (b"just some words", "is not a PNG, JPEG or GIF image"),
        "drawing.png": (b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                        "is not a PNG, JPEG or GIF image (an SVG or other XML file); save it as PNG"),
        "photo.png": (b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(24),
                      "is not a PNG, JPEG or GIF image (a WebP image); save it as PNG or JPEG"),
        "truncated.png": (png[: len(png) // 2], "cannot be read as a PNG image"),
        "truncated.jpg": (jpeg[: len(jpeg) // 2], "cannot be read as a JPEG image"),
        "truncated.gif": (gif[: len(gif) // 2], "cannot be read as a GIF image"),
        "header-only.png": (png[:33], "is damaged: it starts like a PNG image but cannot be read as one"),
        "header-only.jpg": (jpeg[:20], "is damaged: it starts like a JPEG image but cannot be read as one"),
        "header-only.gif": (gif[:13], "is damaged: it starts like a GIF image but cannot be read as one"),
        "empty-picture.png": (png_declaring(0, 0), "is 0 x 0 pixels: it holds no picture"),
        "empty-picture.gif": (gif[:6] + b"\0\0\0\0" + gif[10:], "is 0 x 0 pixels: it holds no picture"),
        "bomb.png": (png_declaring(30_000, 30_000),
                     "is 30,000 x 30,000 pixels, more than the 50 million allowed; scale it down"),
        "huge-bomb.png": (png_declaring(200_000, 200_000),
                          "is 200,000 x 200,000 pixels, more than the 50 million allowed; scale it down"),
        "scrambled.png": (corrupt_data_stream(png), "cannot be read as a PNG image"),
        "bad-checksum.png": (bad_checksum(png), "cannot be read as a PNG image"),
        "sliver.png": (encoded(picture(size=(3000, 20)), "PNG"),
                       "is 3,000 x 20 pixels; an image more than 50 times wider than tall"),
    }


@pytest.mark.parametrize("name", sorted(bad_images()))
def test_a_bad_image_is_a_located_error_naming_the_file(project, rb, name):
    data, reason = bad_images()[name]
    image_brief(project, {name: data})
    result = rb("check", cwd=project)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"source/brief.yaml:6:19: sections[0].image.path: image file 'images/{name}' {reason}")
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr


def test_a_damaged_image_stops_the_build_before_anything_is_written(project, rb):
    png = encoded(picture(), "PNG")
    image_brief(project, {"scrambled.png": corrupt_data_stream(png)})
    result = rb("build", cwd=project)
    assert result.returncode == 2
    assert "image file 'images/scrambled.png' cannot be read as a PNG image" in result.stderr
    assert not (project / "out").exists()


@pytest.mark.parametrize("kind", ["loop", "fifo", "folder", "device"])
def test_an_image_path_that_is_not_a_file(project, rb, kind):
    images = project / "source" / "images"
    images.mkdir(parents=True)
    target = images / "map.png"
    expected = {
        "loop": "is a loop of symbolic links",
        "fifo": "is a named pipe, not a regular file",
        "folder": "is a folder, not a file",
        "device": "leaves the brief's folder; keep images beside the YAML file",
    }[kind]
    if kind == "loop":
        os.symlink("map.png", target)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        os.symlink("/dev/zero", target)
    (project / "source" / "brief.yaml").write_text(
        BRIEF.format(sections="  - title: Map\n    bullets: [A point.]\n    image: {path: images/map.png, alt: Map}\n"),
        encoding="utf-8",
    )
    result = rb("check", cwd=project)
    assert result.returncode == 2
    prefix = "image path" if kind == "device" else "image file"
    assert result.stderr.splitlines()[0] == (
        f"source/brief.yaml:6:19: sections[0].image.path: {prefix} 'images/map.png' {expected}"
    )


def valid_variants() -> dict[str, bytes]:
    from PIL import Image

    rotated = Image.Exif()
    rotated[0x0112] = 6
    plain = encoded(picture(), "JPEG")
    other = encoded(picture(size=(80, 60)), "JPEG")
    frames = [picture("P"), picture("P").rotate(180)]
    animated = io.BytesIO()
    frames[0].save(animated, "GIF", save_all=True, append_images=frames[1:])
    return {
        "cmyk.jpg": encoded(picture("CMYK"), "JPEG"),
        "progressive.jpg": encoded(picture(), "JPEG", progressive=True),
        "gray.jpg": encoded(picture("L"), "JPEG"),
        "no-jfif.jpg": without_jfif(plain),
        "junk-exif.jpg": other[:2] + b"\xff\xe1\x00\x10Exif\x00\x00MM\x00*\xff\xff\xff\xff" + other[2:],
        "rotated.jpg": encoded(picture(), "JPEG", exif=rotated.tobytes()),
        "bilevel.png": encoded(picture("1"), "PNG"),
        "gray-alpha.png": encoded(picture("LA"), "PNG"),
        "palette.png": encoded(picture("P"), "PNG"),
        "alpha.png": encoded(picture("RGBA"), "PNG"),
        "sixteen-bit.png": encoded(picture("L").convert("I;16"), "PNG"),
        "no-resolution.png": encoded(picture(), "PNG", dpi=(0.001, 0.001)),
        "animated.gif": animated.getvalue(),
        "one-pixel.png": encoded(Image.new("RGB", (1, 1), (20, 40, 60)), "PNG"),
    }


@pytest.fixture(scope="module")
def variant_outputs(tmp_path_factory):
    """One build of a brief holding every valid image variant, in a folder of its own."""
    from report_builder import cli

    project = tmp_path_factory.mktemp("variants")
    (project / "layouts" / "full").mkdir(parents=True)
    (project / "layouts" / "full" / "theme.yaml").write_text("pdf:\n  handout: full\n", encoding="utf-8")
    image_brief(project, valid_variants())
    cwd = os.getcwd()
    os.chdir(project)
    try:
        assert cli.main(["build", "--jobs", "1", "--quiet", "--layout", "full"]) == 0
    finally:
        os.chdir(cwd)
    return project / "out"


def test_every_valid_image_variant_reaches_every_output(variant_outputs):
    import docx
    import pptx
    import pypdf
    from PIL import Image

    count = len(valid_variants())
    document = docx.Document(str(variant_outputs / "brief.docx"))
    pictures = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(document.inline_shapes) == count
    modes = {Image.open(io.BytesIO(blob)).mode for blob in pictures}
    assert "CMYK" not in modes
    deck = pptx.Presentation(str(variant_outputs / "brief.pptx"))
    shapes = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(shapes) == count
    pdf = pypdf.PdfReader(str(variant_outputs / "brief.pdf"))
    assert sum(images_drawn(page) for page in pdf.pages) == count


def images_drawn(page) -> int:
    """How many times the page paints an image (reportlab shares one object between identical pictures)."""
    from pypdf.generic import ContentStream

    objects = page["/Resources"].get("/XObject", {})
    images = {name for name, ref in objects.items() if ref.get_object()["/Subtype"] == "/Image"}
    operations = ContentStream(page.get_contents(), page.pdf).operations
    return sum(1 for operands, operator in operations if operator == b"Do" and operands[0] in images)


def test_cmyk_and_rotated_photos_become_upright_rgb_in_every_output(variant_outputs):
    import docx
    from PIL import Image

    document = docx.Document(str(variant_outputs / "brief.docx"))
    by_name = {shape._inline.docPr.get("descr"): shape for shape in document.inline_shapes}
    cmyk = by_name["cmyk.jpg"]
    blob = document.part.related_parts[cmyk._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    with Image.open(io.BytesIO(blob)) as image:
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((20, 30))
        assert red > 150 and green < 80 and blue < 80
    rotated = by_name["rotated.jpg"]
    assert rotated.height > rotated.width  # 90 x 60 turned upright: taller than wide


# Fonts ------------------------------------------------------------------------


def font_layout(project: Path, regular: str, data: bytes | None = None) -> None:
    folder = project / "layouts" / "mine"
    (folder / "fonts").mkdir(parents=True, exist_ok=True)
    if data is not None:
        (folder / "fonts" / "Font.ttf").write_bytes(data)
    (folder / "theme.yaml").write_text(
        f"fonts:\n  text:\n    name: Arial\n    regular: {regular}\n", encoding="utf-8"
    )


LIBERATION = ROOT / "layouts" / "default" / "fonts" / "LiberationSans-Regular.ttf"


def bad_fonts() -> dict[str, tuple[bytes, str]]:
    good = LIBERATION.read_bytes()
    return {
        "empty": (b"", "is empty"),
        "junk": (b"this is no font at all" * 10, "is not a TrueType font (.ttf)"),
        "truncated": (good[: len(good) // 3], "is truncated: its"),
        "header-only": (good[:200], "is truncated or damaged (its table directory is incomplete)"),
        "opentype-cff": (b"OTTO" + good[4:], "is an OpenType font with PostScript (CFF) outlines"),
        "web-font": (b"wOFF" + good[4:], "is a web font (WOFF); give the .ttf file"),
        "collection": (b"ttcf" + good[4:], "is a TrueType collection (.ttc)"),
    }


@pytest.mark.parametrize("name", sorted(bad_fonts()))
def test_a_bad_font_file_is_a_located_error(project, rb, name):
    data, reason = bad_fonts()[name]
    font_layout(project, "fonts/Font.ttf", data)
    result = rb("check", "--layout", "mine", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith(
        f"layouts/mine/theme.yaml:4:14: fonts.text.regular: 'fonts/Font.ttf' {reason}"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path, message", [
    (str(LIBERATION), f"font path '{LIBERATION}' must be relative to the layout's folder"),
    ("../../outside.ttf", "font path '../../outside.ttf' leaves the layout's folder; keep fonts inside it"),
    ("fonts/../../x.ttf", "font path 'fonts/../../x.ttf' leaves the layout's folder; keep fonts inside it"),
    ("fonts/missing.ttf", "font file 'fonts/missing.ttf' does not exist"),
])
def test_font_paths_stay_inside_the_layout_folder(project, rb, path, message):
    font_layout(project, path)
    result = rb("check", "--layout", "mine", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == f"layouts/mine/theme.yaml:4:14: fonts.text.regular: {message}"


def test_a_replaced_font_file_rebuilds_even_when_its_name_hides_it_from_the_layout_listing(project, rb):
    """Fonts the theme names are inputs, whatever their names (a .txt suffix is otherwise not one)."""
    folder = project / "layouts" / "mine"
    (folder / "fonts").mkdir(parents=True)
    (folder / "fonts" / "Font.txt").write_bytes(LIBERATION.read_bytes())
    (folder / "theme.yaml").write_text("fonts:\n  text:\n    name: Arial\n    regular: fonts/Font.txt\n",
                                       encoding="utf-8")
    assert rb("build", "--layout", "mine", "--formats", "pdf", "--quiet", cwd=project).returncode == 0
    assert rb("build", "--layout", "mine", "--formats", "pdf", cwd=project).stdout.startswith("up to date:")
    (folder / "fonts" / "Font.txt").write_bytes((ROOT / "layouts/default/fonts/LiberationSans-Bold.ttf").read_bytes())
    assert rb("build", "--layout", "mine", "--formats", "pdf", cwd=project).stdout.startswith("wrote out/brief.pdf")


# reference.docx and template.pptx ---------------------------------------------------


def _fresh_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A well-formed package whose one extra part unpacks to 20 MB of zeros (a thousand times its size)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_fresh_docx())) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/media/zeros.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w") as member:
            block = bytes(1024 * 1024)
            for _ in range(20):
                member.write(block)
    return buffer.getvalue()


def with_part(package: bytes, name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return buffer.getvalue()


def bad_references() -> dict[str, tuple[bytes, str]]:
    good = _fresh_docx()
    pptx_template = (ROOT / "layouts" / "default" / "template.pptx").read_bytes()
    return {
        "empty": (b"", "reference.docx is empty"),
        "junk": (b"not a zip file at all", "reference.docx is not a Word document (.docx): it is not a zip package"),
        "old-word": (b"\xd0\xcf\x11\xe0" + bytes(100), "it is an old binary Office file"),
        "truncated": (good[: len(good) // 2], "reference.docx is damaged or truncated"),
        "a-presentation": (pptx_template, "reference.docx is a PowerPoint presentation, not a Word document"),
        "plain-zip": (_plain_zip(), "reference.docx is a zip file but not a Word document (.docx)"),
        "broken-xml": (with_part(good, "word/document.xml", b"<w:document><unclosed>"),
                       "reference.docx is damaged: its part 'word/document.xml' is not well-formed XML"),
        "entity-bomb": (with_part(good, "word/styles.xml",
                                  b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'),
                        "reference.docx holds a part with a document type declaration"),
    }


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(bad_references()))
def test_a_bad_reference_docx_is_a_clear_error(project, rb, name):
    data, reason = bad_references()[name]
    folder = project / "layouts" / "mine"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text("colors:\n  primary: '112233'\n", encoding="utf-8")
    (folder / "reference.docx").write_bytes(data)
    result = rb("check", "--layout", "mine", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("layouts/mine/reference.docx:1:1: (file): ")
    assert reason in result.stderr.splitlines()[0]


def test_a_zip_bomb_template_is_refused_before_it_is_unpacked(project, rb):
    import resource

    folder = project / "layouts" / "mine"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text("colors:\n  primary: '112233'\n", encoding="utf-8")
    (folder / "template.pptx").write_bytes(zip_bomb())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = rb("check", "--layout", "mine", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "layouts/mine/template.pptx:1:1: (file): template.pptx would expand to more than its parts could hold "
        "('word/media/zeros.bin' unpacks to 20,971,520 bytes): it looks like a zip bomb"
    )
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 15_000  # kB: the 20 MB part was never unpacked


# The YAML itself --------------------------------------------------------------------


def parse_errors(text: str) -> list[str]:
    from report_builder.errors import ContentError
    from report_builder.reader import parse_yaml

    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "b.yaml")
    return [str(d).splitlines()[0] for d in caught.value.diagnostics]


def test_a_tag_on_a_mapping_key_is_refused_like_one_on_a_value():
    assert parse_errors("title: T\n!!python/object:os.system key: value\n") == [
        "b.yaml:2:1: (yaml): YAML tag '!!python/object:os.system' is not allowed; "
        "briefs hold only plain text, lists and mappings"
    ]


def test_one_text_longer_than_the_limit_is_refused_where_it_is():
    assert parse_errors("title: T\nsubtitle: " + "x" * 100_001 + "\n") == [
        "b.yaml:2:11: subtitle: this text is 100,001 characters long; one text may hold at most 100,000"
    ]


def test_a_long_string_repeated_by_aliases_is_refused_by_the_characters_it_adds():
    text = "a: &a '" + "x" * 90_000 + "'\nb: [" + ", ".join(["*a"] * 20) + "]\n"
    assert parse_errors(text) == [
        "b.yaml:2:49: (yaml): aliases expand to more than 1,000,000 characters of text; "
        "anchors and aliases may only repeat small pieces of text"
    ]


def test_nesting_has_its_own_message_and_needs_no_alias():
    assert parse_errors("a: " + "[" * 201 + "]" * 201 + "\n") == [
        "b.yaml:1:204: (yaml): the YAML is nested more than 200 levels deep"
    ]


def test_an_alias_of_the_list_that_holds_it_is_refused():
    assert parse_errors("a: &a [1, *a]\n") == [
        "b.yaml:1:11: (yaml): alias '*a' refers to the list or mapping that contains it"
    ]


def test_a_large_brief_without_aliases_is_not_mistaken_for_an_alias_bomb():
    from report_builder.reader import parse_yaml

    developments = "".join(
        f"  - date: 2020-01-{index % 28 + 1:02d}\n    title: Event {index}\n    summary: What happened.\n"
        f"    significance: Why it matters.\n    actors: [Russia, DPRK]\n    sources: [s1]\n"
        for index in range(20_000)
    )
    root = parse_yaml("title: T\ndate: 2024-01-01\ndevelopments:\n" + developments, "b.yaml")
    assert len(root.entries["developments"][1].items) == 20_000


def test_aliases_of_small_pieces_still_work():
    from report_builder.reader import parse_yaml

    root = parse_yaml("who: &k Kim Jong Un\nlist: [*k, *k, *k]\n", "b.yaml")
    assert [item.text for item in root.entries["list"][1].items] == ["Kim Jong Un"] * 3


@pytest.mark.parametrize("unit", ["*a [b ", "**a [b ", "[a]( ", "*\\[", "[@a;", "a** b* ", "[a](x[a](x"])
def test_inline_markup_that_never_closes_parses_in_linear_time(unit):
    """The prober's 9.7 KB bullet of `*a [b ` took 224 s; 100 KB of any such pattern now takes well under a second.

    Timed loosely: a quadratic parser would need minutes here, whatever the machine's load.
    """
    import time

    from report_builder.inline import parse_inline

    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    started = time.perf_counter()
    runs, _ = parse_inline(text)
    assert time.perf_counter() - started < 10
    assert "".join(getattr(run, "text", "") for run in runs)


# Content no layout can hold ---------------------------------------------------------


def brief_with(project: Path, sections: str) -> None:
    from hostile_cases import brief

    (project / "source" / "brief.yaml").write_text(brief(sections=sections), encoding="utf-8")


def test_chart_values_beyond_what_an_axis_can_show_are_located_errors(project, rb):
    brief_with(project, "\n  - title: S\n    chart:\n      type: line\n      categories: [a, b, c]\n      alt: x\n"
                        "      series:\n        - name: s\n          values: [1e308, 5e-324, 12]")
    result = rb("check", cwd=project)
    assert result.returncode == 2
    assert [line.split(": ", 2)[1] for line in result.stderr.splitlines()[:2]] == [
        "sections[0].chart.series[0].values[0]", "sections[0].chart.series[0].values[1]"]
    assert "is outside what a chart axis can show" in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_chart_taller_than_a_page_is_refused_naming_its_categories(project, rb, jobs):
    categories = ", ".join(f"Category {i}" for i in range(60))
    values = ", ".join(str(i) for i in range(60))
    brief_with(project, f"\n  - title: S\n    chart:\n      type: bar\n      categories: [{categories}]\n"
                        f"      alt: x\n      series:\n        - name: s\n          values: [{values}]")
    result = rb("build", "--jobs", jobs, cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith(
        "source/brief.yaml:8:19: sections[0].chart.categories: a bar chart of 60 categories is taller than this "
        "layout's page (about ")
    assert not (project / "out").exists()


def test_a_table_too_wide_for_the_page_is_refused_naming_its_columns(project, rb):
    columns = ", ".join(f"C{i}" for i in range(60))
    brief_with(project, f"\n  - title: S\n    table:\n      columns: [{columns}]\n      rows:\n"
                        f"        - [{', '.join(str(i) for i in range(60))}]")
    result = rb("build", cwd=project)
    assert result.returncode == 2
    assert "sections[0].table.columns: a table of 60 columns is too wide for this layout's page" in result.stderr


def test_developments_from_year_1_to_9999_fit_on_one_timeline(project, rb):
    from hostile_cases import brief

    (project / "source" / "brief.yaml").write_text(brief(
        date="9999-12-31",
        developments="\n  - date: 0001\n    title: Ancient\n  - date: 9999-12-31\n    title: Future"),
        encoding="utf-8")
    result = rb("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Ancient" in pptx_text(project / "out" / "brief.pptx")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999", "1_0", "0x10"])
def test_a_theme_number_must_be_a_finite_number_as_yaml_writes_one(project, rb, value):
    folder = project / "layouts" / "mine"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(f"sizes:\n  body: {value}\n", encoding="utf-8")
    result = rb("check", "--layout", "mine", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("layouts/mine/theme.yaml:2:9: sizes.body: ")


def test_a_name_with_a_nul_character_is_a_located_error(project, rb):
    (project / "source" / "brief.yaml").write_text(
        BRIEF.format(sections='  - title: Map\n    bullets: [A point.]\n    image: {path: "images/a\\0.png", alt: A}\n'),
        encoding="utf-8")
    result = rb("check", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_title_longer_than_a_label_may_be_is_refused_where_it_is(project, rb):
    from hostile_cases import brief, quoted, words

    (project / "source" / "brief.yaml").write_text(brief(title=quoted(words(2_500))), encoding="utf-8")
    result = rb("check", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "source/brief.yaml:1:8: title: is 2,500 characters long; a title, name or caption may hold at most 2,000 "
        "(longer text belongs in paragraphs)"
    )


def test_a_source_taller_than_a_page_of_the_two_column_list_is_split_not_refused(project, rb):
    from hostile_cases import brief, quoted, words

    (project / "source" / "brief.yaml").write_text(brief(
        sections="\n  - title: S\n    bullets: ['A point [@s1] and [@s2].']",
        sources=f"\n  - id: s1\n    title: {quoted(words(1_900))}\n    publisher: {quoted(words(1_900, 2))}"
                "\n  - id: s2\n    title: Short"), encoding="utf-8")
    layout = project / "layouts" / "tall"
    layout.mkdir(parents=True)
    (layout / "theme.yaml").write_text("page:\n  margin_mm: 60\n", encoding="utf-8")
    result = rb("build", "--layout", "tall", "--formats", "pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Short" in pdf_text(project / "out" / "brief.pdf")
