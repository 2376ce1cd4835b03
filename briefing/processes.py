"""Work spread over processes, and memory handed back between a large corpus's steps."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_processes(function: Callable[[T], R], items: list[T], jobs: int) -> Iterator[R]:
    """`map(function, items)` in a pool of `jobs` processes, results in the items' order."""
    # fork shares the parent's loaded modules and data, so a worker starts in milliseconds; frozen,
    # the parent's objects are left alone by the workers' garbage collector, so their pages stay
    # shared instead of being copied into each worker as the collector touches them.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # Several items per task amortise the transfer; enough tasks keep every worker busy to the end.
    chunk = max(1, min(16, len(items) // (jobs * 8)))
    gc.freeze()
    try:
        with multiprocessing.get_context(method).Pool(min(jobs, len(items))) as pool:
            yield from pool.imap(function, items, chunksize=chunk)
    finally:
        gc.unfreeze()


def give_back_freed_memory() -> None:
    """Return the C allocator's free pages to the system. glibc keeps what a process frees for its
    next allocations; a large corpus's steps free hundreds of megabytes (the off-topic step's
    comparisons, each source's findings as text, the linkers' indexes) in pieces that the next
    steps, allocating other sizes, do not reuse, and the pages would count until the end.
    Elsewhere (no `malloc_trim`) nothing is done."""
    import ctypes  # only for large corpora: a small run does not pay for the import

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return
    trim(0)
