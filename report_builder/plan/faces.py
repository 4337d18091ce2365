"""Bold and italic text that falls to a font with no such face, found before anything is written.

Each character is set in the first of the layout's fonts that has it (the
text font, then the fallbacks), in the PDF as in Office. Where a bold or
italic run falls to a font the layout gives no file of that weight or slant
(the shipped NanumGothic has no italic; a theme's font may come in one
weight), the PDF sets it in the nearest face it has and Word and PowerPoint
synthesise the face from the regular one: neither is what the author asked
for. Said once per font and face, at the first text that needs it, with how
many other fields do; the Word and PDF writers give the same warning, which
the build reports once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Location
from ..theme import FontFace
from ..values import Value
from .fontfile import font_file
from .shown import Shown

QUOTED = 30                  # characters of a text quoted in a warning
_FILE_KEYS = {(True, False): "bold", (False, True): "italic", (True, True): "bold_italic"}


@dataclass(frozen=True, eq=False, repr=False)
class MissingFace(Value):
    """A weight or slant a font lacks, said at the first text that asks for it."""

    location: Location
    path: str
    message: str


def has_face(face: FontFace, bold: bool, italic: bool) -> bool:
    """Whether the theme gave this family its own file for the weight and slant (the theme falls back
    to the regular file, or the bold one for bold italic, where a file is missing)."""
    if bold and italic:
        return face.bold_italic not in (face.bold, face.italic, face.regular)
    if bold:
        return face.bold != face.regular
    if italic:
        return face.italic != face.regular
    return True


def missing_faces(texts, faces: tuple[FontFace, ...]) -> list[MissingFace]:
    """One notice per font and face some bold or italic text of `texts` (`Shown` items) needs and the font lacks."""
    first: dict[tuple[int, bool, bool], tuple[Shown, str]] = {}
    fields: dict[tuple[int, bool, bool], set[str]] = {}
    covering: dict[str, int | None] = {}
    for item in texts:
        if not (item.bold or item.italic):
            continue
        for index, text in _runs(item.text, faces, covering):
            if has_face(faces[index], item.bold, item.italic):
                continue
            key = (index, item.bold, item.italic)
            if key not in first:
                first[key] = (item, text)
            fields.setdefault(key, set()).add(item.path)
    return [_notice(faces, index, bold, italic, item, text, len(fields[index, bold, italic]) - 1)
            for (index, bold, italic), (item, text) in first.items()]


def _runs(text: str, faces: tuple[FontFace, ...], covering: dict[str, int | None]):
    """(font index, its text) for each font that draws some visible part of `text`."""
    drawn: dict[int, list[str]] = {}
    for ch in text:
        if ch.isspace():
            continue
        if ch not in covering:
            covering[ch] = next((i for i, face in enumerate(faces) if font_file(face.regular).covers(ch)), None)
        index = covering[ch]
        if index is not None:
            drawn.setdefault(index, []).append(ch)
    for index in drawn:
        yield index, " ".join(_words_in(text, faces, covering, index))


def _words_in(text: str, faces, covering, index: int) -> list[str]:
    """The words of `text` with a character drawn by font `index`, for quoting."""
    return [word for word in text.split() if any(covering.get(ch) == index for ch in word)]


def _notice(faces, index: int, bold: bool, italic: bool, item: Shown, text: str, others: int) -> MissingFace:
    face = faces[index]
    style = "bold italic" if bold and italic else "bold" if bold else "italic"
    instead = ("bold" if bold and has_face(face, True, False) else
               "italic" if italic and has_face(face, False, True) else "regular")
    quoted = text if len(text) <= QUOTED else text[: QUOTED - 1].rstrip() + "…"
    where = "fonts.text" if index == 0 else f"fonts.fallbacks[{index - 1}]"
    also = f" (and {others} other field{'s' if others > 1 else ''})" if others else ""
    key = _FILE_KEYS[bold, italic]
    message = (f"'{quoted}' is {style}, but the layout gives {_name(face)} no {style} face: the PDF sets it in the "
               f"{instead} face, and Word and PowerPoint synthesise one where the reader's {face.name} has none"
               f"{also}; add {'an' if key[0] in 'aeiou' else 'a'} {key} file to the layout's {where}")
    return MissingFace(item.location, item.path, message)


def _name(face: FontFace) -> str:
    """The font as Office names it, and as the PDF embeds it where that differs."""
    stem = face.regular.stem.removesuffix("-Regular")
    same = stem.replace(" ", "").lower() == face.name.replace(" ", "").lower()
    return face.name if same else f"{face.name} ({stem} in the PDF)"
