"""`report-builder new`: a starter project that a first `build` turns into three documents.

The starter brief uses every kind of content, with a picture that ships
inside the package (drawn by docs/make_starter_picture.py), so a new user
sees each part of each output before writing a line. Nothing existing is
ever overwritten: if any file would be, nothing is written at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError
from .output_folder import new_files

STARTER = Path(__file__).resolve().parent / "starter_project"


def starter_files() -> list[Path]:
    """The starter project's files, relative to the project folder."""
    return sorted(p.relative_to(STARTER) for p in (STARTER / "source").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def new_project(folder: Path) -> list[Path]:
    """Copy the starter project into `folder`; returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder; nothing was written")
    files = starter_files()
    if not files:
        raise UsageError("the starter project is missing from this installation of report-builder")
    clashes = [folder / name for name in files if (folder / name).exists()]
    if clashes:
        shown = ", ".join(str(p) for p in clashes)
        raise UsageError(f"{shown} already {'exists' if len(clashes) == 1 else 'exist'}; nothing was written "
                         "(run `report-builder new` in an empty folder, or give a new folder's name)")
    with new_files(folder) as written:
        for name in files:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes((STARTER / name).read_bytes())
            os.replace(temporary, target)
            written.append(target)
    return written


def command_new(folder: Path, cwd: Path) -> int:
    written = new_project(folder)
    for path in written:
        print(f"wrote {path.relative_to(cwd) if path.is_relative_to(cwd) else path}")
    go = "" if folder.resolve() == cwd.resolve() else f"cd {folder} && "
    print(f"next: {go}report-builder build   (writes out/brief.docx, out/brief.pdf and out/brief.pptx)")
    return 0
