import gc

from briefing import processes


def _square(number: int) -> int:
    return number * number


def test_work_in_processes_comes_back_in_the_items_order():
    items = list(range(50))
    assert list(processes.in_processes(_square, items, 2)) == [number * number for number in items]
    assert not gc.get_freeze_count()  # the parent's objects are unfrozen once the pool is done


def test_cores_and_giving_memory_back_work_on_this_machine():
    assert processes.cores() >= 1
    processes.give_back_freed_memory()  # malloc_trim here; nothing where the C library lacks it
