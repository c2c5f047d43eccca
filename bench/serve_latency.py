"""How long `make serve` takes from a save to the rebuilt page (measured, not timed in a test).

Starts the live preview on a copy of the repository, waits for the first build,
appends a sentence to a chapter, and measures until the page's HTML contains it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="dt-serve-"))
    root = tmp / "repo"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns("build", ".venv", ".git", "dist"))
    env = dict(
        os.environ, DT_ROOT=str(root), BUILD_DIR=str(tmp / "build"), BOOK_LANG="en", PORT="8765"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "serve"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    page = tmp / "build" / "serve" / "en" / "networking" / "02-types-of-collaboration.html"
    try:
        t0 = time.perf_counter()
        while not page.exists():
            time.sleep(0.2)
        first = time.perf_counter() - t0
        time.sleep(3)
        chapter = root / "source" / "networking" / "02-types-of-collaboration.md"
        marker = "Benchmark sentence number 12345."
        results = []
        for i in range(3):
            text = f"{marker[:-6]}{i}."
            chapter.write_text(chapter.read_text() + f"\n{text}\n")
            t1 = time.perf_counter()
            while text not in page.read_text(errors="ignore"):
                time.sleep(0.05)
            results.append(time.perf_counter() - t1)
            time.sleep(2)
        print(
            f"first build: {first:.1f} s; save-to-page: "
            + ", ".join(f"{r:.1f} s" for r in results)
            + f" (median {sorted(results)[1]:.1f} s)"
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
