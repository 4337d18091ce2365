"""The manifest in the output folder: what each output was built from.

For every output it records the content hash of every input (the YAML, its
images, every file of the layout) as the build read it, and the versions of
report-builder and of the library that wrote it. An output is up to date
when all of these match and the output file itself is unchanged. Hashes are
cached by file signature (device, inode, size, mtime, ctime) so a no-op
build hashes nothing it has hashed before, like git's index; a file changed
within the last moments is not cached (git's "racy clean" rule).

The manifest is the user's file as much as ours: anything unreadable,
foreign, oversized or of the wrong shape counts as empty (everything is
rebuilt), and an input it names is hashed only if it is a regular file of
bounded size, so a FIFO or /dev/zero listed there cannot hang a build.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import Diagnostic, Location, Severity
from .inputs import MB, InputProblem, Reading, cacheable, hash_file, read_input, signature

MANIFEST_NAME = ".report-builder-manifest.json"
FORMAT_VERSION = 3
MAX_MANIFEST_BYTES = 64 * MB


class FileHasher:
    """sha256 of files, reusing a previous hash when the file's signature is unchanged."""

    def __init__(self, cache: dict[str, list] | None = None):
        self.cache: dict[str, list] = {} if cache is None else cache

    def digest(self, path: Path) -> str | None:
        key = os.path.abspath(path)
        try:
            current = list(signature(os.stat(path)))
        except OSError:
            return None
        cached = self.cache.get(key)
        if cached and cached[:5] == current:
            return cached[5]
        hashed = hash_file(path)
        if hashed is None:
            return None
        digest, stable = hashed
        if cacheable(Reading(digest, stable)):
            self.cache[key] = [*stable, digest]
        return digest

    def remember(self, path: Path, reading: Reading, racy_ok: bool = False) -> None:
        """Cache a hash computed elsewhere (of the bytes a build read, or of an output it wrote)."""
        if reading.signature is not None and (racy_ok or cacheable(reading)):
            self.cache[os.path.abspath(path)] = [*reading.signature, reading.digest]


class OutputRecord:
    """What one output was built from: its inputs' and its own hashes, the versions, its warnings, and
    `layout`, what the brief asked for and the folders used. Plain classes here, not dataclasses: a
    no-op build needs none (importing dataclasses costs about 6 ms of its 25)."""

    def __init__(self, inputs: dict[str, str], versions: dict[str, str], output: str,
                 warnings: list[Diagnostic] | None = None, layout: dict | None = None):
        self.inputs = inputs
        self.versions = versions
        self.output = output
        self.warnings: list[Diagnostic] = [] if warnings is None else warnings
        self.layout = layout

    def to_json(self) -> dict:
        return {
            "inputs": self.inputs,
            "versions": self.versions,
            "output": self.output,
            "warnings": [_diagnostic_to_json(w) for w in self.warnings],
            "layout": self.layout,
        }


class Manifest:
    """The outputs of a folder and what each was built from; `commit` is the token of the commit that
    wrote it (see commit.py)."""

    def __init__(self, folder: Path, outputs: dict[str, OutputRecord] | None = None,
                 hasher: FileHasher | None = None, commit: str | None = None):
        self.folder = folder
        self.outputs: dict[str, OutputRecord] = {} if outputs is None else outputs
        self.hasher = FileHasher() if hasher is None else hasher
        self.commit = commit

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        """An unreadable, foreign or malformed manifest counts as empty: everything is rebuilt."""
        try:
            data = json.loads(read_input(folder / MANIFEST_NAME, MAX_MANIFEST_BYTES).decode("utf-8"))
            return cls._from_json(folder, data)
        except (InputProblem, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return cls(folder)

    @classmethod
    def _from_json(cls, folder: Path, data) -> "Manifest":
        if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
            return cls(folder)
        manifest = cls(folder)
        commit = data.get("commit")
        manifest.commit = commit if isinstance(commit, str) else None
        for name, record in _mapping(data["outputs"]).items():
            if os.path.basename(name) != name or name in ("", ".", ".."):
                raise ValueError(name)
            record = _mapping(record)
            warnings = [_diagnostic_from_json(w) for w in _list(record.get("warnings", []))]
            manifest.outputs[name] = OutputRecord(_strings(record["inputs"]), _strings(record["versions"]),
                                                  _string(record["output"]), warnings,
                                                  _layout(record.get("layout")))
        for key, entry in _mapping(data.get("hashes", {})).items():
            entry = _list(entry)
            if len(entry) != 6 or not all(type(v) is int for v in entry[:5]):
                raise ValueError(entry)
            manifest.hasher.cache[_string(key)] = [*entry[:5], _string(entry[5])]
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
        if not {os.path.abspath(p) for p in known_inputs} <= set(record.inputs):
            return False
        if not record.output or self.hasher.digest(output) != record.output:
            return False
        return all(digest and self.hasher.digest(Path(name)) == digest for name, digest in record.inputs.items())

    def warnings(self, output: Path) -> list[Diagnostic]:
        """The warnings of the build that wrote `output`, shown again while it stays up to date."""
        record = self.outputs.get(output.name)
        return list(record.warnings) if record else []

    def layout(self, output: Path) -> dict | None:
        """The layout recorded for `output`: an unchanged brief asks for the same one."""
        record = self.outputs.get(output.name)
        return record.layout if record else None

    def record(self, output: Path, inputs: dict[str, str], versions: dict[str, str], output_digest: str,
               warnings: list[Diagnostic], layout: dict | None = None) -> None:
        """`inputs` maps each input's absolute path to the hash of what the build read ('' forces a rebuild)."""
        self.outputs[output.name] = OutputRecord(dict(inputs), dict(versions), output_digest, list(warnings),
                                                 layout)

    def to_bytes(self, commit: str) -> bytes:
        referenced = {os.path.abspath(self.folder / name) for name in self.outputs}
        for record in self.outputs.values():
            referenced.update(record.inputs)
        data = {
            "format": FORMAT_VERSION,
            "commit": commit,
            "outputs": {name: record.to_json() for name, record in sorted(self.outputs.items())},
            "hashes": {key: value for key, value in sorted(self.hasher.cache.items()) if key in referenced},
        }
        return json.dumps(data, indent=1).encode("ascii")


def _mapping(value) -> dict:
    if not isinstance(value, dict):
        raise TypeError(value)
    return value


def _list(value) -> list:
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def _string(value) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _strings(value) -> dict[str, str]:
    return {_string(k): _string(v) for k, v in _mapping(value).items()}


def _layout(value) -> dict | None:
    """{"asked": name or None, "stack": [folder, ...]}, or None for anything else."""
    if value is None:
        return None
    value = _mapping(value)
    asked, stack = value.get("asked"), _list(value.get("stack"))
    if asked is not None:
        _string(asked)
    return {"asked": asked, "stack": [_string(folder) for folder in stack]}


def _diagnostic_to_json(diagnostic: Diagnostic) -> list:
    where = diagnostic.location
    return [diagnostic.severity.value, where.file, where.line, where.column, diagnostic.path, diagnostic.message]


def _diagnostic_from_json(data) -> Diagnostic:
    severity, file, line, column, path, message = _list(data)
    if not (type(line) is int and type(column) is int):
        raise TypeError(data)
    return Diagnostic(Severity(severity), Location(_string(file), line, column), _string(path), _string(message))
