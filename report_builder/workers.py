"""Worker processes that render outputs, started before the brief is read.

Each output library costs 60–100 ms to import, more than validating the
brief. So a build forks its workers as soon as it knows which formats it
will write; each imports the writer of its format while the parent reads
and validates the brief, then renders what it is sent. `watch` keeps the
same workers for every edit: the writers stay imported and the fonts read.

Workers are plain forked processes talking over pipes (pickled messages
with a length prefix): `multiprocessing` and `concurrent.futures` cost
about 12 ms each to import, a fifth of a whole `check`.

- A worker never outlives its parent: a thread in it waits on a pipe only
  the parent holds open, and ends the process when the parent is gone,
  however it died. Workers keep no other inherited descriptor (such as the
  output folder's lock), and are forked before that lock is taken.
- Ctrl-C is the parent's to handle: workers ignore SIGINT, and the parent
  stops the ones still rendering.
- An exception in a worker comes back as a message: one that survives
  pickling as itself (errors the user can cause, OS errors), anything else
  as `WorkerError` with the original type, message and traceback text.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import struct
import sys
from dataclasses import dataclass, field

from .errors import ReportBuilderError

_LENGTH = struct.Struct("<Q")


class WorkerError(Exception):
    """An unexpected exception in a worker, carried back as plain text."""

    def __init__(self, kind: str, message: str, details: str = ""):
        super().__init__(kind, message, details)
        self.kind = kind
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}" if self.message else self.kind


SHARED_MODULES = (
    "report_builder.validate",
    "report_builder.theme",
    "report_builder.plan.document",
    "report_builder.plan.figures",
    "lxml.etree",
)
"""What the build and every writer import: done once before forking, not once per process.

The build needs the first two right after the fork anyway, and the workers
unpickle the model and theme they define; the plan modules serve all three
writers. About 60 ms saved per worker; the writers' own libraries are still
imported in the workers, while the build validates the brief."""

SHARED_BY_WRITERS = {
    "PIL.Image": ("pdf", "pptx"),                    # by reportlab and python-pptx: 11 ms
    "report_builder.plan.references": ("docx", "pdf", "pptx"),
    "report_builder.plan.shown": ("docx", "pdf"),
    "report_builder.plan.faces": ("docx", "pdf"),
    "textwrap": ("docx", "pdf", "pptx"),
    "random": ("pdf", "pptx"),
    "tempfile": ("pdf", "pptx"),
}
"""Modules some writers import, by the formats whose writers do: imported before forking when two or more of
the formats built need them, once instead of once per process (about 15 ms of CPU for the three formats)."""


def import_shared(formats: tuple[str, ...] | list[str] = ()) -> None:
    import importlib

    for name in SHARED_MODULES:
        importlib.import_module(name)
    for name, users in SHARED_BY_WRITERS.items():
        if len(set(users) & set(formats)) >= 2:
            importlib.import_module(name)


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


@dataclass
class _Worker:
    pid: int
    tasks: int                      # the parent's end of the task pipe
    results: int                    # the parent's end of the result pipe
    preloaded: tuple[str, ...]
    busy: object | None = None      # the key of the task it is rendering


@dataclass
class Workers:
    """A set of render processes; `run` sends tasks and yields results as they finish."""

    preload: tuple[tuple[str, ...], ...]
    _workers: list[_Worker] = field(default_factory=list)
    _lifeline: int | None = None
    _runs: int = 0

    @classmethod
    def start(cls, formats: list[str], processes: int) -> "Workers":
        """`processes` workers; worker i imports the writers of every format i, i + processes, ..."""
        import_shared(formats)
        groups = tuple(tuple(formats[i::processes]) for i in range(processes))
        workers = cls(groups)
        workers._fill()
        return workers

    @property
    def size(self) -> int:
        return len(self.preload)

    def _fill(self) -> None:
        """Fork a worker for every group that has none (at the start, or after one died)."""
        if self._lifeline is None:
            self._lifeline_read, self._lifeline = os.pipe()
        for worker in list(self._workers):
            if _has_exited(worker.pid):
                self._lost(worker)
        living = {w.preloaded for w in self._workers}
        for group in self.preload:
            if group not in living:
                self._workers.append(self._fork(group))

    def _fork(self, group: tuple[str, ...]) -> _Worker:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the worker; tested through builds
            try:
                _close_inherited(keep=(0, 1, 2, task_read, result_write, self._lifeline_read))
                _serve(task_read, result_write, self._lifeline_read, group)
            finally:
                os._exit(70)
        os.close(task_read)
        os.close(result_write)
        return _Worker(pid, task_write, result_read, group)

    def run(self, tasks: list[tuple[object, str, bytes, tuple]]):
        """Render `tasks` of (key, format name, payload, arguments); yield (key, result) as each ends.

        `payload` is pickled data shared by several tasks (a brief and its
        theme), sent once to each worker that needs it. A result is what
        the render returned; a worker's exception is raised here.
        """
        self._fill()
        self._runs += 1
        pending = list(tasks)
        selector = selectors.DefaultSelector()
        sent: dict[int, set[bytes]] = {w.pid: set() for w in self._workers}
        try:
            for worker in self._workers:
                selector.register(worker.results, selectors.EVENT_READ, worker)
            for worker in self._workers:
                self._give(worker, pending, sent)
            while any(w.busy is not None for w in self._workers):
                for event, _ in selector.select():
                    worker = event.data
                    key = worker.busy
                    message = _receive(worker.results)
                    if message is None:
                        how = self._lost(worker)
                        raise WorkerError("WorkerExited", f"a render process {how} while writing {key}")
                    worker.busy = None
                    status, value = message
                    if status != "ok":
                        if isinstance(value, WorkerError) and value.details:
                            value.add_note(f"in the render process:\n{value.details}")
                        raise value
                    yield key, value
                    for idle in [worker, *(w for w in self._workers if w.busy is None and w is not worker)]:
                        self._give(idle, pending, sent)
        except BaseException:
            self._stop_busy()
            raise
        finally:
            selector.close()

    def _give(self, worker: _Worker, pending: list, sent: dict) -> None:
        """The next task for this worker, preferring formats it has already imported.

        A task whose writer this worker has not imported is left to the busy
        workers that have, when they are enough for what is left of it:
        importing a writer costs about as much as rendering one brief with it,
        so doing it twice for one task is slower on a busy machine (and no
        faster on a free one) than waiting for the worker that has it.
        """
        chosen = next((t for t in pending if t[1] in worker.preloaded), None)
        if chosen is None:
            chosen = next((t for t in pending if not self._left_to_others(t[1], pending, worker)), None)
        if chosen is None:
            return
        pending.remove(chosen)
        key, format_name, payload, arguments = chosen
        digest = _digest(payload)
        include = payload if digest not in sent[worker.pid] else None
        sent[worker.pid].add(digest)
        worker.busy = key
        try:
            _send(worker.tasks, (self._runs, format_name, digest, include, arguments))
        except BrokenPipeError:
            self._lost(worker)
            raise WorkerError("WorkerExited", f"a render process ended unexpectedly before writing {key}") from None

    def _left_to_others(self, format_name: str, pending: list, worker: _Worker) -> bool:
        ready = sum(1 for w in self._workers if w is not worker and w.busy is not None and format_name in w.preloaded)
        return sum(1 for t in pending if t[1] == format_name) <= ready

    def _stop_busy(self) -> None:
        """Stop the workers still rendering (an interrupt or another worker's error): their output is void."""
        for worker in list(self._workers):
            if worker.busy is not None:
                self._lost(worker, kill=True)

    def _lost(self, worker: _Worker, kill: bool = False) -> str:
        """Forget a worker (stopping it first if asked); says how it ended."""
        if kill:
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.close(worker.tasks)
        os.close(worker.results)
        how = _reap(worker.pid)
        worker.busy = None
        self._workers.remove(worker)
        return how

    def close(self) -> None:
        """End every worker: idle ones leave when their task pipe closes, busy ones are stopped."""
        for worker in list(self._workers):
            self._lost(worker, kill=worker.busy is not None)
        if self._lifeline is not None:
            os.close(self._lifeline)
            os.close(self._lifeline_read)
            self._lifeline = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _digest(payload: bytes) -> bytes:
    import hashlib

    return hashlib.blake2b(payload, digest_size=16).digest()


def _has_exited(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] != 0
    except ChildProcessError:
        return True


def _reap(pid: int) -> str:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "ended unexpectedly"
    if os.WIFSIGNALED(status):
        return f"was stopped by signal {os.WTERMSIG(status)}"
    return f"ended unexpectedly (exit status {os.waitstatus_to_exitcode(status)})"


def _close_inherited(keep: tuple[int, ...]) -> None:  # pragma: no cover - runs in the worker
    """Close every descriptor inherited from the parent but ours: the folder lock, other workers' pipes."""
    low = 3
    for fd in sorted(set(keep)):
        if fd >= low:
            os.closerange(low, fd)
            low = fd + 1
    os.closerange(low, 1 << 16)


_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _serve(tasks: int, results: int, lifeline: int, preload: tuple[str, ...]) -> None:  # pragma: no cover
    """The worker's life: import its writers, then render each task until the parent closes the pipe."""
    import threading

    for stop in _STOP_SIGNALS:  # the build handles them and ends its workers (they also die with it)
        signal.signal(stop, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(lifeline,), daemon=True).start()
    from .writers import FORMATS

    for name in preload:
        try:
            FORMATS[name].renderer()
        except Exception:  # noqa: BLE001 - the task that needs this writer reports the error
            pass
    payloads: dict[bytes, tuple] = {}
    current_run = None
    while True:
        message = _receive(tasks)
        if message is None:
            os._exit(0)
        run, format_name, digest, payload, arguments = message
        if run != current_run:
            payloads.clear()  # briefs of an earlier build: watch would otherwise keep every version
            current_run = run
        try:
            if payload is not None:
                payloads[digest] = pickle.loads(payload)
            from .build import render_one

            reply = ("ok", render_one(format_name, *payloads[digest], *arguments))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent as a message
            reply = ("error", _portable(exc))
        _send(results, reply)


def _exit_with_parent(lifeline: int) -> None:  # pragma: no cover - runs in the worker
    """Blocks until the parent's end of the lifeline closes (it exited or was killed), then ends the worker."""
    while True:
        try:
            if not os.read(lifeline, 1):
                break
        except InterruptedError:
            continue
        except OSError:
            break
    os._exit(0)


def _portable(exc: BaseException) -> BaseException:  # pragma: no cover - runs in the worker
    """The exception as the parent can receive it: itself when it survives pickling, else as text.

    Errors the user can cause and OS errors (a full disk) keep their type, so
    the build reports them as it would in one process. An unexpected error
    carries the worker's traceback as a note, shown with --debug.
    """
    import traceback

    details = "".join(traceback.format_exception(exc))
    if not isinstance(exc, ReportBuilderError):
        exc.add_note(f"in the render process:\n{details}")
    try:
        copy = pickle.loads(pickle.dumps(exc))
        if type(copy) is type(exc) and str(copy) == str(exc):
            return exc
    except Exception:  # noqa: BLE001 - an unpicklable attribute, such as lxml's error log
        pass
    if isinstance(exc, ReportBuilderError):
        plain = ReportBuilderError(str(exc))
        plain.exit_status = exc.exit_status
        return plain
    return WorkerError(type(exc).__name__, str(exc), details)


def _send(fd: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _receive(fd: int):
    """The next message, or None when the other end has closed."""
    header = _read_exactly(fd, _LENGTH.size)
    if header is None:
        return None
    data = _read_exactly(fd, _LENGTH.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        try:
            chunk = os.read(fd, min(left, 1 << 20))
        except InterruptedError:
            continue
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
