"""The PDF's layout process: WeasyPrint in a child process, under a memory and a time limit.

A brief that would need more (or a flaw in WeasyPrint a hostile text could trigger) fails with
a message, not the machine. Importing WeasyPrint and loading the fonts take most of a second, so
a build that will write a PDF starts the process first (`start`): it loads them on another core
while the brief is extracted and rendered, then waits for its one job. Without one waiting,
`limited` starts one for the job. This module imports nothing of WeasyPrint itself.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import gc
import io
import multiprocessing
import os
import resource
import sys
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from types import ModuleType

from briefing.errors import InputError

# Layout limits, each settable in the environment: address space (the seeds brief peaks under
# 400 MB) and wall-clock time (the seeds brief takes about 2.5 s, 1,000 notes about 9 s).
MEMORY_VARIABLE, DEFAULT_MEMORY_MB = "BRIEFING_PDF_MEMORY_MB", 2048
SECONDS_VARIABLE, DEFAULT_SECONDS = "BRIEFING_PDF_SECONDS", 600

Job = tuple[Callable[[object], bytes], object, int]  # render, its argument, bytes of address space


def _limit(variable: str, default: int) -> int:
    value = os.environ.get(variable, "")
    if not value:
        return default
    if not value.isdigit() or int(value) == 0:
        raise InputError(f"{variable}={value!r} is not a limit; give a whole number above 0")
    return int(value)


def _serve(job: Job | None, jobs: Connection | None, results: Connection) -> None:
    """The child: WeasyPrint and the fonts loaded, then `job` (or the one `jobs` sends) run under the limit."""
    # Out of memory, Fontconfig prints a line per file it could not parse: the parent says it once.
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
    pdf = _import_pdf()

    # Fontconfig scans the fonts and writes its cache (system-wide, as root) when the cache is
    # stale: under the limit the scan would stop part-way and leave a cache of a few fonts that
    # every later program would use. So the fonts are loaded first, kept for the layout (which
    # then reads no cache under the limit), and only then is the limit set.
    pdf.fonts()
    if job is None:
        try:
            job = jobs.recv()
        except EOFError:  # the build ended without a PDF to lay out
            return
    render, argument, memory = job
    # The process ends after one layout and WeasyPrint's boxes hold few reference cycles (the
    # same peak memory without the collector), whose passes took a seventh of the time.
    gc.disable()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        result = ("ok", render(argument))
    except (MemoryError, SystemError):  # C code that cannot allocate often says "error return without exception set"
        result = ("memory", None)
    except BaseException as exc:  # sent back whole, to be raised where the build can report it
        exc.add_note(f"in the PDF process:\n{traceback.format_exc()}")
        result = ("error", exc)
    results.send(result)
    results.close()


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    """`ctypes.util.find_library` finds nothing while the block runs.

    WeasyPrint opens each of its C libraries (Pango, HarfBuzz, Fontconfig…) by trying up to six
    names, its spelling for each system, and cffi asks `find_library` about every name it cannot
    open as it stands; on Linux each question runs ldconfig, then the C compiler and the linker:
    54 processes and a fifth of a second at every PDF. Every list holds the library's Linux file
    name, which the dynamic loader opens by itself, from where `find_library` would find it."""
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def _import_pdf() -> ModuleType:
    """`briefing.pdf`, and with it WeasyPrint, whose libraries are opened by their Linux names;
    where that fails (another system, another spelling), imported again with the search."""
    if sys.platform.startswith("linux"):
        try:
            # WeasyPrint prints advice before it gives up, meant for the last attempt only.
            with _no_library_search(), contextlib.redirect_stdout(io.StringIO()):
                from briefing import pdf
            return pdf
        except OSError:
            for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]
            sys.modules.pop("briefing.pdf", None)
    from briefing import pdf

    return pdf


class _Process:
    """A forked layout process and the pipes to it: given its job now, or sent it later (pickled)."""

    def __init__(self, job: Job | None = None) -> None:
        context = multiprocessing.get_context("fork")  # forked: nothing the parent loaded is loaded again
        self.results, results = context.Pipe(duplex=False)
        jobs, self.jobs = context.Pipe(duplex=False) if job is None else (None, None)
        self.child = context.Process(target=_serve, args=(job, jobs, results), daemon=True)
        self.child.start()
        results.close()
        if jobs is not None:
            jobs.close()

    def run(self, job: Job, seconds: int) -> tuple[str, object]:
        if self.jobs is not None:  # a process started before its job: sent it now
            self.jobs.send(job)
        if not self.results.poll(seconds):
            raise InputError(f"laying out the PDF took over {seconds} s; build the other formats, or allow more "
                             f"time with {SECONDS_VARIABLE}")
        try:
            return self.results.recv()
        except EOFError:  # the child died without a word: memory allocations fail in C too
            return "memory", None

    def stop(self) -> None:
        self.child.kill()
        self.child.join()
        self.results.close()
        if self.jobs is not None:
            self.jobs.close()


_waiting: _Process | None = None


def start() -> None:
    """Start the layout process now, to load WeasyPrint while the brief is built; `stop` ends it if unused."""
    global _waiting
    if _waiting is None:
        _waiting = _Process()


def stop() -> None:
    global _waiting
    if _waiting is not None:
        _waiting.stop()
        _waiting = None


def limited(render: Callable[[object], bytes], argument: object) -> bytes:
    """`render(argument)` in the layout process, under the PDF limits: the one waiting (then `render`
    and `argument` must pickle), or one forked for it."""
    global _waiting
    memory_mb, seconds = _limit(MEMORY_VARIABLE, DEFAULT_MEMORY_MB), _limit(SECONDS_VARIABLE, DEFAULT_SECONDS)
    job = (render, argument, memory_mb * 2**20)
    process, _waiting = _waiting or _Process(job), None
    try:
        kind, payload = process.run(job, seconds)
    finally:
        process.stop()
    if kind == "memory":
        raise InputError(f"laying out the PDF needed more than {memory_mb} MB; build the other formats, or allow "
                         f"more memory with {MEMORY_VARIABLE}")
    if kind == "error":
        raise payload
    return payload
