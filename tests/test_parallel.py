"""The test helpers of ``tests/parallel.py``."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from . import parallel


class _Factory:
    """What ``once_per_run`` uses of pytest's ``tmp_path_factory``."""

    def __init__(self, base: Path):
        self.base = base

    def getbasetemp(self) -> Path:
        return self.base


def _make_slowly(calls: Path) -> dict:
    with calls.open("a") as f:
        f.write("made\n")
    time.sleep(0.5)  # long enough for the other process to ask meanwhile
    return {("page.html", 360): ["finding"]}


def _ask(base: str, out) -> None:
    calls = Path(base) / "calls"
    out.put(parallel.once_per_run(_Factory(Path(base)), "reports", lambda: _make_slowly(calls)))


def test_once_per_run_makes_the_value_once_for_processes_that_ask_at_the_same_time(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)  # the folder is tmp_path itself
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    workers = [ctx.Process(target=_ask, args=(str(tmp_path), out)) for _ in range(3)]
    for w in workers:
        w.start()
    got = [out.get(timeout=30) for _ in workers]
    for w in workers:
        w.join(timeout=30)
    assert got == [{("page.html", 360): ["finding"]}] * 3
    assert (tmp_path / "calls").read_text() == "made\n"
