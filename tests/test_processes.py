import gc
import os

import pytest

from briefing import processes


def _square(number: int) -> int:
    return number * number


def test_work_in_processes_comes_back_in_the_items_order():
    items = list(range(50))
    assert list(processes.in_processes(_square, items, 2)) == [number * number for number in items]
    assert not gc.get_freeze_count()  # the parent's objects are unfrozen once the pool is done


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity on this system")
def test_cores_are_those_this_process_may_run_on_not_the_machines(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3})  # as `taskset -c 0,3` or a container allows
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert processes.cores() == 2


def test_giving_memory_back_runs_on_this_machine():
    processes.give_back_freed_memory()  # malloc_trim here; nothing where the C library lacks it
