"""The manifest in the output folder: what each output was built from.

For every output it records the content hash of every input (the YAML, its
images, every file of the layout) and the versions of report-builder and of
the library that wrote it. An output is up to date when all of these match
and the output file itself is unchanged. Hashes are cached by (size, mtime)
so a no-op build hashes nothing it has hashed before, like git's index; any
difference in size or mtime means the file is hashed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic, Location, Severity

MANIFEST_NAME = ".report-builder-manifest.json"
FORMAT_VERSION = 2


@dataclass
class FileHasher:
    """sha256 of files, reusing a previous hash when size and mtime are unchanged."""

    cache: dict[str, list] = field(default_factory=dict)

    def digest(self, path: Path) -> str | None:
        key = str(path.resolve())
        try:
            stat = path.stat()
        except OSError:
            return None
        cached = self.cache.get(key)
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            return cached[2]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.cache[key] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest


@dataclass
class OutputRecord:
    inputs: dict[str, str]
    versions: dict[str, str]
    output: str
    warnings: list[Diagnostic] = field(default_factory=list)
    layout: dict | None = None
    """The layout the output was built with: what the brief asked for and the folders used."""

    def to_json(self) -> dict:
        return {
            "inputs": self.inputs,
            "versions": self.versions,
            "output": self.output,
            "warnings": [_diagnostic_to_json(w) for w in self.warnings],
            "layout": self.layout,
        }


@dataclass
class Manifest:
    folder: Path
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    hasher: FileHasher = field(default_factory=FileHasher)

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        """An unreadable or foreign manifest counts as empty: everything is rebuilt."""
        manifest = cls(folder)
        try:
            data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT_VERSION:
                return manifest
            for name, record in data["outputs"].items():
                warnings = [_diagnostic_from_json(w) for w in record.get("warnings", [])]
                manifest.outputs[name] = OutputRecord(dict(record["inputs"]), dict(record["versions"]),
                                                      record["output"], warnings, record.get("layout"))
            manifest.hasher.cache = {k: list(v) for k, v in data.get("hashes", {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(folder)
        return manifest

    def is_current(self, output: Path, known_inputs: list[Path], versions: dict[str, str]) -> bool:
        """Up to date: same versions, every input unchanged, the output untouched.

        `known_inputs` are those found without parsing the brief (the YAML and the
        layout's files); the images it names were recorded at the last build, and
        an unchanged YAML names the same images.
        """
        record = self.outputs.get(output.name)
        if record is None or record.versions != versions:
            return False
        if not {str(p) for p in known_inputs} <= set(record.inputs):
            return False
        if self.hasher.digest(output) != record.output:
            return False
        return all(self.hasher.digest(Path(name)) == digest for name, digest in record.inputs.items())

    def warnings(self, output: Path) -> list[Diagnostic]:
        """The warnings of the build that wrote `output`, shown again while it stays up to date."""
        record = self.outputs.get(output.name)
        return list(record.warnings) if record else []

    def layout(self, output: Path) -> dict | None:
        """The layout recorded for `output`: an unchanged brief asks for the same one."""
        record = self.outputs.get(output.name)
        return record.layout if record else None

    def record(self, output: Path, inputs: list[Path], versions: dict[str, str], warnings: list[Diagnostic],
               layout: dict | None = None) -> None:
        hashes = {str(p): self.hasher.digest(p) or "" for p in inputs}
        self.outputs[output.name] = OutputRecord(hashes, dict(versions), self.hasher.digest(output) or "",
                                                 list(warnings), layout)

    def save(self) -> None:
        """Written like the outputs: a temporary file renamed into place."""
        referenced = {str((self.folder / name).resolve()) for name in self.outputs}
        for record in self.outputs.values():
            referenced.update(str(Path(name).resolve()) for name in record.inputs)
        data = {
            "format": FORMAT_VERSION,
            "outputs": {name: record.to_json() for name, record in sorted(self.outputs.items())},
            "hashes": {key: value for key, value in sorted(self.hasher.cache.items()) if key in referenced},
        }
        target = self.folder / MANIFEST_NAME
        temporary = self.folder / f".{MANIFEST_NAME}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(data, indent=1, sort_keys=False), encoding="utf-8")
        os.replace(temporary, target)


def _diagnostic_to_json(diagnostic: Diagnostic) -> list:
    where = diagnostic.location
    return [diagnostic.severity.value, where.file, where.line, where.column, diagnostic.path, diagnostic.message]


def _diagnostic_from_json(data: list) -> Diagnostic:
    severity, file, line, column, path, message = data
    return Diagnostic(Severity(severity), Location(file, line, column), path, message)
