"""Benchmark: what the test suite costs, part by part, against the budget of issue 20.

Issue 20 asks for ``make test`` in at most 5 minutes and ``make test-fast`` in at most 60 s on
this machine class.  Wall time alone hides where a run goes, so each row is measured twice: its
wall time, and the CPU time that the whole machine spent meanwhile (busy core-seconds, read from
/proc/stat before and after, so browsers, JVMs and Node processes are counted).  A run of N cores
for 5 minutes has N x 300 core-seconds to give: a set of checks that needs more cannot fit in
5 minutes, however it is scheduled.

Rows, in the order measured: ``make test-fast`` as the Makefile runs it, then the real-build
checks that cost most, each alone (``pytest -k``), then, with ``--full``, the whole of
``make test``.  Run it after ``make`` (the real-build checks read the built edition; a stale one is
rebuilt first, and that build is counted), on a quiet machine: the CPU count is machine-wide.

Run: ``make bench-tests`` (``--full`` adds the whole suite: about 10 more minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable

# (what is measured, pytest arguments)
ROWS = [
    ("make test-fast (-n auto)", ["-n", "auto", "-m", "not e2e"]),
    ("axe: every site page, 2 widths", ["tests/test_browser.py", "-k", "axe_finds"]),
    ("DAISY Ace: every EPUB", ["tests/test_epub_a11y.py", "-k", "daisy_ace"]),
    ("EPUBCheck: every EPUB", ["tests/test_real_toolkits.py", "-k", "epubcheck"]),
    ("same text in every format", ["tests/test_consistency.py", "-k", "real_toolkits"]),
    ("every PDF page rendered", ["tests/test_rendered_pages.py"]),
]
FULL = ("make test (-n auto, everything)", ["-n", "auto"])


def busy_core_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (user, nice, system, irq, softirq,
    steal), in seconds summed over the cores."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = {3, 4}  # idle, iowait
    return sum(int(v) for i, v in enumerate(fields[:8]) if i not in idle) / ticks


def measure(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, busy core-seconds and pytest's last line for one pytest run."""
    cmd = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    busy, start = busy_core_seconds(), time.monotonic()
    run = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    wall, used = time.monotonic() - start, busy_core_seconds() - busy
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return wall, used, (lines[-1] if lines else run.stderr.strip()[-120:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="also run the whole of make test")
    parser.add_argument("--only", help="run the rows whose name contains this text")
    opts = parser.parse_args()
    cores = os.cpu_count() or 1
    rows = ROWS + ([FULL] if opts.full else [])
    if opts.only:
        rows = [r for r in rows if opts.only.lower() in r[0].lower()]
    results = []
    for name, args in rows:
        wall, used, said = measure(args)
        results.append((name, wall, used, said))
        print(f"measured {name}: {wall:.1f} s, {used:.0f} core-s ({said})", file=sys.stderr)
    budget = cores * 300
    print(f"\nbudget of make test: 5 min on {cores} cores = {budget} core-s")
    print(f"{'measure':<34} {'wall s':>7} {'core-s':>7} {'of budget':>9}  pytest said")
    for name, wall, used, said in results:
        print(f"{name:<34} {wall:>7.1f} {used:>7.0f} {used / budget:>9.2f}  {said}")
    checks = [used for name, _w, used, _s in results if name.startswith(("axe", "DAISY"))]
    if len(checks) == 2:
        print(
            f"axe and Ace together: {sum(checks):.0f} core-s, {sum(checks) / budget:.2f} of the "
            "budget on their own"
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end (a busy machine inflates every row)")


if __name__ == "__main__":
    main()
