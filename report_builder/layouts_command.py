"""`report-builder layouts`: the layouts there are, and a copy of one to customise.

`layouts` lists the shipped and the project's own layouts, each with its
one-line description and what it is laid over. `layouts export NAME FOLDER`
is like `pandoc --print-default-data-file reference.docx`, it gives the user the
files to edit: the layout's own theme.yaml, the fonts it names (with their
licences), the deck's template.pptx and a reference.docx. A layout without a
reference document of its own (the Word writer then builds its styles from
the theme) gets one made from those same house styles, so the copy builds
the same Word brief and any style can be changed in Word or LibreOffice.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, Diagnostic, Location, Severity, UsageError
from .layouts import (DEFAULT_LAYOUT, LOCAL_LAYOUTS, THEME_FILE, declared_extends, local_layouts, project_here,
                      resolve_layout, shipped_layouts)
from .output_folder import new_files
from .reader import Mapping, Scalar, Sequence, read_yaml
from .theme import FONT_FILES, REFERENCE_DOCX, TEMPLATE_PPTX, load_theme, read_description

_DESCRIPTION = re.compile(r"^description[ \t]*:.*$", re.MULTILINE)
LICENCE_PREFIXES = ("license", "licence", "copying", "ofl", "readme")


@dataclass(frozen=True)
class LayoutEntry:
    """One line of `report-builder layouts`."""

    name: str
    folder: Path
    local: bool
    description: str | None
    base: str | None
    """What it is laid over, in words: "extends institutional", "over the shipped default"."""


def catalog(cwd: Path) -> tuple[list[LayoutEntry], list[Diagnostic]]:
    """Every shipped and local layout with its own description; a local one is also checked in full."""
    entries, problems = [], []
    shipped = shipped_layouts()
    for local, layouts in ((False, shipped), (True, local_layouts(cwd, project_here(cwd)))):
        for name, folder in layouts.items():
            description, found = read_description(folder, cwd)
            problems += found
            declared = declared_extends(folder, cwd)
            if declared is not None:
                base = f"extends {declared[0]}"
            elif local and name in shipped:
                base = f"over the shipped {name}"
            elif name == DEFAULT_LAYOUT and not local:
                base = None
            else:
                base = f"extends {DEFAULT_LAYOUT}"
            if local and not found:
                try:
                    load_theme(folder, cwd)
                except ContentError as exc:
                    problems += [d for d in exc.diagnostics if d not in problems]
                except UsageError as exc:
                    problems.append(Diagnostic(Severity.ERROR, Location(str(folder)), "layout", str(exc)))
            entries.append(LayoutEntry(name, folder, local, description, base))
    return entries, problems


def command_layouts(action: str | None, name: str | None, folder: str | None, cwd: Path) -> int:
    if action == "export":
        return _command_export(name, Path(folder), cwd)
    entries, problems = catalog(cwd)
    width = max(len(entry.name) for entry in entries) + 2
    here = project_here(cwd)
    local_folder = f"{'../' if here != cwd.absolute() else ''}{LOCAL_LAYOUTS}/"
    for local, heading in ((False, "Shipped layouts:"), (True, f"Local layouts, in {local_folder}:")):
        shown = [entry for entry in entries if entry.local == local]
        if not shown:
            continue
        print(heading)
        for entry in shown:
            text = entry.description or "no description"
            if entry.base and (local or entry.base != "extends default"):
                text += f" — {entry.base}"
            print(f"  {entry.name:<{width}}{text}")
        print()
    print("Use one with `layout: NAME` in a brief or `--layout NAME`; copy one to change it with")
    print("`report-builder layouts export NAME layouts/NEW-NAME`.")
    if problems:
        raise ContentError(problems)
    return 0


def _command_export(name: str, target: Path, cwd: Path) -> int:
    written = export_layout(name, target, cwd)
    for entry in written:
        note = " (made from the layout's Word styles)" if entry.made else ""
        print(f"wrote {_shown(entry.path, cwd)}{note}")
    folder = _shown(target, cwd)
    local = target.resolve().parent in {(cwd / LOCAL_LAYOUTS).resolve(), (project_here(cwd) / LOCAL_LAYOUTS).resolve()}
    as_path = folder if "/" in folder or "\\" in folder else f"./{folder}"
    use = (f"`layout: {target.name}` in a brief, or `--layout {target.name}`" if local
           else f"`--layout {as_path}`")
    print(f"next: edit {folder}/theme.yaml (colours, fonts, sizes), reference.docx (the Word brief's styles "
          f"and page) and template.pptx (the deck's masters); use it with {use}")
    return 0


def _shown(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Exported:
    path: Path
    made: bool = False
    """True when the file was made for the copy rather than copied (a reference.docx)."""


def export_layout(spec: str, target: Path, cwd: Path) -> list[Exported]:
    """Copy layout `spec` (a name or a folder) into `target`; refuses to overwrite any file."""
    folder = resolve_layout(spec, cwd, project_here(cwd)).resolve()
    theme = load_theme(folder, cwd, project_here(cwd))
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder; nothing was written")
    if target.resolve() == folder:
        raise UsageError(f"{target} is the layout itself; give another folder")

    copies: dict[Path, Path] = {}
    theme_text = None
    theme_file = folder / THEME_FILE
    if theme_file.is_file():
        theme_text = theme_file.read_text(encoding="utf-8")
        for relative, source in _named_fonts(theme_file, folder).items():
            copies[relative] = source
            for licence in _licences(source.parent):
                copies.setdefault(relative.parent / licence.name, licence)
    if theme.template_pptx is not None:
        copies[Path(TEMPLATE_PPTX)] = theme.template_pptx
    if theme.reference_docx is not None:
        copies[Path(REFERENCE_DOCX)] = theme.reference_docx

    planned = [*copies, Path(THEME_FILE), Path(REFERENCE_DOCX)]
    clashes = sorted({str(target / p) for p in planned if (target / p).exists()})
    if clashes:
        shown = ", ".join(clashes[:3]) + (f" and {len(clashes) - 3} more" if len(clashes) > 3 else "")
        raise UsageError(f"{shown} already {'exists' if len(clashes) == 1 else 'exist'}; "
                         "nothing was written (export into a new or empty folder)")

    if theme_text is None:
        theme_text = (f"# The {theme.name} layout changes no theme values; add the ones to change "
                      "(`report-builder layouts export default` shows them all).\n")
    theme_text = (f"# Exported from the {theme.name} layout by `report-builder layouts export`. It is laid over\n"
                  f"# the layout it extends, so any value you do not change may be deleted.\n\n"
                  + _own_description(theme_text, theme.name))
    written: list[Exported] = []
    with new_files(target) as paths:
        for relative, source in copies.items():
            _write(target / relative, source.read_bytes())
            paths.append(target / relative)
            written.append(Exported(target / relative))
        _write(target / THEME_FILE, theme_text.encode("utf-8"))
        paths.append(target / THEME_FILE)
        written.append(Exported(target / THEME_FILE))
        if theme.reference_docx is None:
            from .writers.docx_reference import write_reference

            temporary = _temporary(target / REFERENCE_DOCX)
            write_reference(theme, temporary)
            os.replace(temporary, target / REFERENCE_DOCX)
            paths.append(target / REFERENCE_DOCX)
            written.append(Exported(target / REFERENCE_DOCX, made=True))
    return sorted(written, key=lambda e: (len(e.path.relative_to(target).parts), str(e.path)))


def _own_description(text: str, name: str) -> str:
    """The copy says what it is based on, in place of the original's description."""
    line = f'description: "Based on the {name} layout; say here what yours changes"\n'
    if _DESCRIPTION.search(text):
        return _DESCRIPTION.sub(line.rstrip("\n"), text, count=1)
    lines = text.splitlines(keepends=True)
    at = next((i for i, each in enumerate(lines) if each.strip() and not each.lstrip().startswith("#")), len(lines))
    return "".join(lines[:at]) + line + ("\n" if at < len(lines) else "") + "".join(lines[at:])


def _named_fonts(theme_file: Path, folder: Path) -> dict[Path, Path]:
    """The font files a theme.yaml names (inside its folder, as theme.py requires), by relative path."""
    fonts: dict[Path, Path] = {}
    root = read_yaml(theme_file, str(theme_file))
    section = root.entries.get("fonts") if isinstance(root, Mapping) else None
    if section is None or not isinstance(section[1], Mapping):
        return fonts
    faces = []
    for key, (_, node) in section[1].entries.items():
        faces += node.items if key == "fallbacks" and isinstance(node, Sequence) else [node]
    for face in faces:
        if not isinstance(face, Mapping):
            continue
        for key in FONT_FILES:
            entry = face.entries.get(key)
            if entry is None or not isinstance(entry[1], Scalar):
                continue
            source = (folder / entry[1].text.strip()).resolve()
            if source.is_file() and source.is_relative_to(folder):
                fonts[source.relative_to(folder)] = source
    return fonts


def _licences(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower().startswith(LICENCE_PREFIXES))


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(target)
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _temporary(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")
