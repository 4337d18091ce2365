"""Checking the images a brief names, and preparing the bytes every output embeds.

An image is read once (inputs.py), decoded completely with Pillow before
anything is rendered, so a truncated, corrupt, empty or oversized file is a
located message rather than a crash or a picture silently missing from one
output. What the three writers embed is then the same prepared bytes:

- PNG: the chunks that make up the picture (header, palette, transparency,
  colour space, data), in their order; text, timestamps and resolution
  chunks, where writers' header readers trip, are dropped. Lossless.
- JPEG: the frame as it is, behind a plain JFIF header (python-docx reads
  only JFIF and Exif headers; malformed Exif trips it). CMYK and YCCK
  files, RGB files without colour transform, and photos the camera marked
  as rotated are converted to an upright RGB JPEG, so Word, PowerPoint and
  the PDF all show the same picture.
- GIF: as it is.

Pillow is imported only when a brief has an image.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib

MAX_PIXELS = 50_000_000
"""About 8,000 x 6,000: more than any page or slide shows; bigger files only slow every build."""
MAX_ASPECT = 50
JPEG_QUALITY = 95

_KINDS = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
_OTHER_KINDS = (
    (b"RIFF", "a WebP or other RIFF file", lambda d: d[8:12] == b"WEBP" and "a WebP image"),
    (b"BM", "a BMP image", None),
    (b"II*\x00", "a TIFF image", None),
    (b"MM\x00*", "a TIFF image", None),
    (b"%PDF", "a PDF document", None),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image", None),
    (b"\xff\x4f\xff\x51", "a JPEG 2000 image", None),
    (b"PK\x03\x04", "a zip archive (or an Office document)", None),
    (b"\x00\x00\x01\x00", "an icon (.ico)", None),
)
_PNG_KEPT = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT"}


class ImageProblem(Exception):
    """What is wrong with an image, as a predicate: 'is truncated', 'is not a PNG, JPEG or GIF image'."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class PreparedImage:
    """What the outputs embed: the checked (and, where needed, rewritten) bytes, their kind and size."""

    __slots__ = ("data", "kind", "width", "height")

    def __init__(self, data: bytes, kind: str, width: int, height: int):
        self.data = data
        self.kind = kind
        self.width = width
        self.height = height


def kind_of(head: bytes) -> str | None:
    return next((kind for magic, kind in _KINDS if head.startswith(magic)), None)


def prepare(data: bytes) -> PreparedImage:
    """Check an image completely and return what the outputs embed; ImageProblem says what is wrong."""
    kind = kind_of(data)
    if kind is None:
        raise ImageProblem(f"is not a PNG, JPEG or GIF image{_what_it_is(data)}")
    declared = _declared_size(data, kind)
    if declared is not None:
        _check_size(*declared)
    from PIL import Image, ImageFile, UnidentifiedImageError

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's own words (a bomb, corrupt EXIF) become ours or are moot
        try:
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                _check_size(width, height)
                if kind == "PNG":
                    probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                if kind == "PNG":
                    return PreparedImage(_clean_png(data), kind, width, height)
                if kind == "JPEG":
                    return _prepare_jpeg(data, image, width, height)
                return PreparedImage(data, kind, width, height)
        except ImageProblem:
            raise
        except Image.DecompressionBombError:
            raise ImageProblem(f"has more than {MAX_PIXELS // 1_000_000} million pixels; scale it down") from None
        except UnidentifiedImageError:
            raise ImageProblem(f"is damaged: it starts like a {kind} image but cannot be read as one") from None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, IndexError,
                KeyError, TypeError, MemoryError) as exc:
            raise ImageProblem(f"cannot be read as a {kind} image ({_pillow_reason(exc)}); it is damaged or "
                               f"truncated: save it again as {kind}") from None


def _declared_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height as the file's header states them, read before any decoding; None if not found."""
    if kind == "PNG" and len(data) >= 24 and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if kind == "GIF" and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if kind == "JPEG":
        position = 2
        while position + 9 <= len(data) and data[position] == 0xFF:
            marker = data[position + 1]
            (length,) = struct.unpack(">H", data[position + 2:position + 4])
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[position + 5:position + 9])
                return width, height
            if marker == 0xDA or length < 2:
                return None
            position += 2 + length
    return None


def _check_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ImageProblem(f"is {width} x {height} pixels: it holds no picture")
    if width * height > MAX_PIXELS:
        raise ImageProblem(f"is {width:,} x {height:,} pixels, more than the {MAX_PIXELS // 1_000_000} million "
                           "allowed; scale it down")
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ImageProblem(f"is {width:,} x {height:,} pixels; an image more than {MAX_ASPECT} times wider "
                           "than tall (or taller than wide) cannot be shown legibly")


def _clean_png(data: bytes) -> bytes:
    """The PNG with only the chunks that make up the picture; CRCs were checked by Pillow's verify."""
    out = [data[:8]]
    position = 8
    while position + 8 <= len(data):
        length, chunk_type = struct.unpack(">I4s", data[position:position + 8])
        end = position + 12 + length
        if end > len(data):
            raise ImageProblem("is truncated; save it again as PNG")
        if chunk_type in _PNG_KEPT:
            out.append(data[position:end])
        position = end
        if chunk_type == b"IEND":
            break
    return b"".join(out)


def _prepare_jpeg(data: bytes, image, width: int, height: int) -> PreparedImage:
    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - damaged EXIF data: the picture itself decoded, so show it as stored
        orientation = 1
    segments, frame = _jpeg_segments(data)
    adobe_rgb = any(marker == 0xEE and len(body) >= 12 and body[:5] == b"Adobe" and body[11] == 0
                    for marker, body in segments) and image.mode == "RGB"
    if image.mode in ("L", "RGB") and orientation in (1, None) and not adobe_rgb:
        kept = [(marker, body) for marker, body in segments if not (0xE0 <= marker <= 0xEF and marker != 0xE2)
                and marker != 0xFE]
        return PreparedImage(_jfif(image) + b"".join(_segment(m, b) for m, b in kept) + frame, "JPEG",
                             width, height)
    from PIL import ImageOps

    upright = ImageOps.exif_transpose(image) if orientation not in (1, None) else image
    converted = upright.convert("L" if upright.mode in ("L", "1", "I", "I;16") else "RGB")
    buffer = io.BytesIO()
    converted.save(buffer, "JPEG", quality=JPEG_QUALITY, dpi=_dpi(image))
    return PreparedImage(buffer.getvalue(), "JPEG", *converted.size)


def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """The marker segments before the first scan, and everything from the scan on."""
    segments = []
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ImageProblem("is damaged (a JPEG marker is missing); save it again as JPEG")
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker == 0xDA:
            return segments, data[position:]
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        if length < 2 or position + 2 + length > len(data):
            raise ImageProblem("is truncated; save it again as JPEG")
        segments.append((marker, data[position + 4:position + 2 + length]))
        position += 2 + length
    raise ImageProblem("is truncated (it has no image data); save it again as JPEG")


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def _jfif(image) -> bytes:
    x_dpi, y_dpi = _dpi(image)
    return b"\xff\xd8" + _segment(0xE0, b"JFIF\x00\x01\x01\x01" + struct.pack(">HH", x_dpi, y_dpi) + b"\x00\x00")


def _dpi(image) -> tuple[int, int]:
    """The file's resolution when it is believable, else 96 dpi; writers size images themselves anyway."""
    dpi = image.info.get("dpi")
    try:
        x_dpi, y_dpi = (int(round(float(v))) for v in dpi)
    except (TypeError, ValueError):
        return 96, 96
    if not (20 <= x_dpi <= 2400 and 20 <= y_dpi <= 2400):
        return 96, 96
    return x_dpi, y_dpi


def _what_it_is(data: bytes) -> str:
    head = data[:64]
    if not data:
        return " (the file is empty)"
    for magic, name, refine in _OTHER_KINDS:
        if head.startswith(magic):
            return f" ({(refine and refine(data)) or name}); save it as PNG or JPEG"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<svg", b"<?xml")):
        return " (an SVG or other XML file); save it as PNG"
    if data[4:8] == b"ftyp":
        return " (a HEIF/AVIF image or a video); save it as PNG or JPEG"
    return ""


def _pillow_reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:120]
