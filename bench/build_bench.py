"""Benchmark: our build against a naive baseline, measured side by side in one run.

Prints one table: cold full build, no-op rebuild and one-paragraph edit (seconds and
ratio to the naive cold build), PDF pages per second and peak memory (sum of the RSS
of the whole process tree, sampled every 0.1 s).

The naive baseline is what a typical Makefile does: for each language, plain
``sphinx-build`` once per format with its own doctree folder (so every format parses
everything again), sequentially, then ``weasyprint`` for each PDF.

Run: ``make bench`` (works on a copy of the repository in a temporary folder).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable


def tree_rss(pid: int) -> int:
    """Resident memory of *pid* and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            p = int(stat.parent.name)
            children.setdefault(int(fields[1]), []).append(p)
            rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _out, err = proc.communicate()
    done.set()
    th.join()
    if proc.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode()[-3000:]}")
    return time.perf_counter() - t0, peak


def naive(root: Path, out: Path, env: dict) -> tuple[float, int]:
    sys.path.insert(0, str(REPO))
    from build_tools.project import Project

    project = Project(root=root, build_dir=out)
    total, peak = 0.0, 0
    sb = [PY, "-m", "sphinx", "-q"]
    # Sphinx compiles the translators' .po files itself (conf.py's default locale_dirs, ../locales).
    for lang in project.languages:
        t, m = timed(sb + ["-b", "html", "-d", str(out / lang / "d-html"), "-D", f"language={lang}",
                           str(root / "source"), str(out / lang / "html")], env, root)
        total, peak = total + t, max(peak, m)
        for kit in project.toolkits:
            for fmt, builder in (("epub", "toolkit-epub"), ("print", "singlehtml")):
                t, m = timed(sb + ["-b", builder, "-d", str(out / lang / f"d-{kit.slug}-{fmt}"),
                                   "-D", f"language={lang}", "-D", f"dt_book={kit.slug}",
                                   str(root / "source"), str(out / lang / f"{kit.slug}-{fmt}")],
                             env, root)
                total, peak = total + t, max(peak, m)
            html = out / lang / f"{kit.slug}-print" / kit.slug / "index.html"
            t, m = timed([str(Path(PY).parent / "weasyprint"), str(html), str(out / f"{kit.slug}-{lang}.pdf")],
                         env, root)
            total, peak = total + t, max(peak, m)
    return total, peak


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="dt-bench-"))
    root = tmp / "repo"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns("build", ".venv", ".git", "__pycache__", "dist"))
    env = dict(os.environ, DT_ROOT=str(root), BUILD_DIR=str(tmp / "build"),
               SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))
    # The same formats as the baseline makes (no worksheet packs).
    build = [PY, "-m", "build_tools", "build", "--formats", "html,epub,pdf"]

    naive_s, naive_mem = naive(root, tmp / "naive", env)
    cold_s, cold_mem = timed(build, env, REPO)
    noop_s, noop_mem = timed(build, env, REPO)
    chapter = root / "source" / "networking" / "02-types-of-collaboration.md"
    text = chapter.read_text().splitlines()
    i = next(n for n, line in enumerate(text) if line and line[0].isalpha() and len(line) > 40)
    text[i] = text[i] + " This sentence was added by the benchmark."
    chapter.write_text("\n".join(text) + "\n")
    edit_s, edit_mem = timed(build, env, REPO)

    manifest = json.loads((tmp / "build" / "manifest.json").read_text())
    pages = sum(a.get("pages") or 0 for a in manifest["artefacts"] if a["format"] == "pdf")
    rows = [
        ("naive cold build (baseline)", naive_s, naive_mem, "1.00", ""),
        ("cold full build", cold_s, cold_mem, f"{cold_s / naive_s:.2f}", "≤ 0.50"),
        ("no-op rebuild", noop_s, noop_mem, f"{noop_s / naive_s:.3f}", "≤ 1 s"),
        ("one-paragraph edit", edit_s, edit_mem, f"{edit_s / cold_s:.2f} of cold", "≤ 0.15 of cold"),
    ]
    print(f"\n{'measure':<30} {'seconds':>8} {'peak MB':>8}  {'ratio':<14} target")
    for name, s, mem, ratio, target in rows:
        print(f"{name:<30} {s:>8.1f} {mem / 1e6:>8.0f}  {ratio:<14} {target}")
    print(f"\nPDF pages: {pages}; pages per second in the cold build (whole build time): {pages / cold_s:.1f}")
    print(f"languages: {len(set(a['language'] for a in manifest['artefacts']))}; machine: {os.cpu_count()} cores")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
