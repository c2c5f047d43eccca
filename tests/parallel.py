"""Independent external checkers (EPUBCheck, DAISY Ace) side by side, every result kept.

Each checker is its own process (a JVM, a Node and its Chromium), so Python threads
only wait on them: one thread per core keeps the cores busy without piling up.  A
checker that crashes is reported beside the others' findings, never instead of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def run_all(
    check: Callable[[T], R], items: Iterable[T], workers: int | None = None
) -> list[tuple[T, R | Exception]]:
    """``(item, check(item))`` for every item, in order, *workers* (default: one per core) at a
    time; an exception raised by one check stands in place of its result."""
    items = list(items)

    def guarded(item: T) -> R | Exception:
        try:
            return check(item)
        except Exception as err:  # noqa: BLE001 - reported with the item, beside the other results
            return err

    with ThreadPoolExecutor(
        max_workers=max(1, min(len(items), workers or os.cpu_count() or 1))
    ) as pool:
        return list(zip(items, pool.map(guarded, items), strict=True))


def map_processes(work: Callable[..., R], *iterables: Iterable) -> list[R]:
    """``work(*args)`` for every row of *iterables*, in order, one process per core: for Python
    work on files (rendering or parsing PDFs) that would hold one core only in threads.
    *work* must be a module-level function; its results come back pickled."""
    from concurrent.futures import ProcessPoolExecutor

    rows = list(zip(*iterables, strict=True))
    if len(rows) < 2:
        return [work(*row) for row in rows]
    with ProcessPoolExecutor(max_workers=min(len(rows), os.cpu_count() or 1)) as pool:
        return list(pool.map(work, *zip(*rows, strict=True)))


def once_per_run(tmp_path_factory, name: str, make: Callable[[], R]) -> R:
    """``make()`` once per test run, whichever pytest-xdist workers ask for it: the first that asks
    makes it under a lock and leaves it pickled in the run's shared temporary folder; a worker that
    asks later waits for the lock and reads it.  For session fixtures that take minutes (the axe run
    of every site page, every PDF rendered): a session fixture is otherwise made once per worker
    that runs one of its tests, and two neighbouring tests can land on different workers.  (The
    pattern of pytest-xdist's documentation, "Making session-scoped fixtures execute only once".)"""
    import fcntl
    import pickle

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # each worker's basetemp is a folder of the run's
    data = base / f"{name}.pickle"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if data.exists():
            return pickle.loads(data.read_bytes())
        value = make()
        data.write_bytes(pickle.dumps(value))
        return value
