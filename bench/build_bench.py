"""Benchmark: our build against a naive baseline, measured side by side in one run.

Prints one table with the targets of issue 20 and whether each is met, in the order
measured: cold full build (ratio to the naive cold build), no-op rebuild, one-message
French edit and one-paragraph English edit (ratio to our cold build), `make release` followed by
`make` (must rebuild nothing), and peak memory (sum of the RSS of the whole
process tree, sampled every 0.1 s); then PDF pages per second.

The naive baseline is what a typical Makefile does: for each language, plain
``sphinx-build`` once per format with its own doctree folder (so every format parses
everything again), sequentially, then ``weasyprint`` for each PDF.

Run: ``make bench`` (works on a copy of the repository in a temporary folder);
``bench/build_bench.py --langs en,fr`` for a shorter run on fewer languages.
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


def timed(cmd: list[str], env: dict, cwd: Path, log: list | None = None) -> tuple[float, int]:
    """Wall seconds and peak memory of *cmd*; its error output is appended to *log* if given."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
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
    if log is not None:
        log.append(err.decode())
    return time.perf_counter() - t0, peak


def naive(root: Path, out: Path, env: dict, langs: list[str]) -> tuple[float, int]:
    sys.path.insert(0, str(REPO))
    from build_tools.project import Project

    project = Project(root=root, build_dir=out)
    total, peak = 0.0, 0
    sb = [PY, "-m", "sphinx", "-q"]
    # Sphinx compiles the translators' .po files itself (conf.py's default locale_dirs, ../locales).
    for lang in langs:
        t, m = timed(
            sb
            + [
                "-b",
                "html",
                "-d",
                str(out / lang / "d-html"),
                "-D",
                f"language={lang}",
                str(root / "source"),
                str(out / lang / "html"),
            ],
            env,
            root,
        )
        total, peak = total + t, max(peak, m)
        for kit in project.toolkits:
            for fmt, builder in (("epub", "toolkit-epub"), ("print", "singlehtml")):
                t, m = timed(
                    sb
                    + [
                        "-b",
                        builder,
                        "-d",
                        str(out / lang / f"d-{kit.slug}-{fmt}"),
                        "-D",
                        f"language={lang}",
                        "-D",
                        f"dt_book={kit.slug}",
                        str(root / "source"),
                        str(out / lang / f"{kit.slug}-{fmt}"),
                    ],
                    env,
                    root,
                )
                total, peak = total + t, max(peak, m)
            html = out / lang / f"{kit.slug}-print" / kit.slug / "index.html"
            t, m = timed(
                [
                    str(Path(PY).parent / "weasyprint"),
                    str(html),
                    str(out / f"{kit.slug}-{lang}.pdf"),
                ],
                env,
                root,
            )
            total, peak = total + t, max(peak, m)
    return total, peak


def edit_paragraph(chapter: Path) -> None:
    """Add a sentence to the first long paragraph of *chapter* (an author's one-paragraph edit)."""
    text = chapter.read_text().splitlines()
    i = next(n for n, line in enumerate(text) if line and line[0].isalpha() and len(line) > 40)
    text[i] = text[i] + " This sentence was added by the benchmark."
    chapter.write_text("\n".join(text) + "\n")


def edit_translation(po_path: Path) -> None:
    """Change one translated message of *po_path* (a translator's one-message fix)."""
    import polib

    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    entry = next(
        e
        for e in catalogue
        if e.msgstr
        and not e.fuzzy
        and not e.obsolete
        and len(e.msgstr) > 40
        and e.msgstr.rstrip()[-1:] == "."
    )
    entry.msgstr = entry.msgstr.rstrip()[:-1] + " !"
    catalogue.save(str(po_path))


def nothing_rebuilt(log: str) -> bool:
    """The build's summary table says every artefact is unchanged."""
    return "unchanged" in log and "rebuilt" not in log


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--langs", help="comma-separated languages (default: all; French is needed for its row)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from build_tools.project import Project

    tmp = Path(tempfile.mkdtemp(prefix="dt-bench-"))
    root = tmp / "repo"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns("build", ".venv", ".git", "__pycache__", "dist")
    )
    langs = args.langs.split(",") if args.langs else Project(root=root).languages
    env = dict(
        os.environ,
        DT_ROOT=str(root),
        BUILD_DIR=str(tmp / "build"),
        COLUMNS="200",
        SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1767225600"),
    )
    # The same formats as the baseline makes (no worksheet packs).
    build = [
        PY,
        "-m",
        "build_tools",
        "build",
        "--formats",
        "html,epub,pdf",
        "--lang",
        ",".join(langs),
    ]

    naive_s, naive_mem = naive(root, tmp / "naive", env, langs)
    cold_s, cold_mem = timed(build, env, REPO)
    noop_s, noop_mem = timed(build, env, REPO)
    rows = [
        ("naive cold build (baseline)", naive_s, naive_mem, "1.00", "", True),
        (
            "cold full build",
            cold_s,
            cold_mem,
            f"{cold_s / naive_s:.2f} of naive",
            "≤ 0.45 of naive",
            cold_s / naive_s <= 0.45,
        ),
        ("no-op rebuild", noop_s, noop_mem, "", "≤ 1 s", noop_s <= 1.0),
    ]
    # The French edit comes first, so that it starts from the edition the cold build published, as
    # a translator's fix would; the English edit after it renders networking in every language
    # again whatever came before (the translations show the new English until translated).
    if "fr" in langs:
        edit_translation(root / "locales" / "fr" / "LC_MESSAGES" / "networking" / "03-tools.po")
        fr_s, fr_mem = timed(build, env, REPO)
        rows.append(
            (
                "one-message French edit",
                fr_s,
                fr_mem,
                f"{fr_s / cold_s:.2f} of cold",
                "≤ 0.10 of cold",
                fr_s / cold_s <= 0.10,
            )
        )
    edit_paragraph(root / "source" / "networking" / "02-types-of-collaboration.md")
    edit_s, edit_mem = timed(build, env, REPO)
    rows.append(
        (
            "one-paragraph English edit",
            edit_s,
            edit_mem,
            f"{edit_s / cold_s:.2f} of cold",
            "≤ 0.20 of cold",
            edit_s / cold_s <= 0.20,
        )
    )
    rel_s = None
    if set(langs) == set(Project(root=root).languages):  # `release` always builds every language
        rel_s, _rel_mem = timed([PY, "-m", "build_tools", "release"], env, REPO)
        after: list[str] = []
        make_s, make_mem = timed([PY, "-m", "build_tools", "build"], env, REPO, after)
        rows.append(
            (
                "`make release`, then `make`",
                make_s,
                make_mem,
                "nothing rebuilt" if nothing_rebuilt(after[0]) else "REBUILT",
                "a no-op",
                nothing_rebuilt(after[0]),
            )
        )

    manifest = json.loads((tmp / "build" / "manifest.json").read_text())
    pages = sum(a.get("pages") or 0 for a in manifest["artefacts"] if a["format"] == "pdf")
    peak = max(r[2] for r in rows[1:])
    rows.append(("peak memory of our builds", 0.0, peak, "", "≤ 1500 MB", peak <= 1.5e9))
    print(f"\n{'measure':<30} {'seconds':>8} {'peak MB':>8}  {'ratio':<16} {'target':<16} met")
    for name, sec, mem, ratio, target, met in rows:
        print(
            f"{name:<30} {sec:>8.1f} {mem / 1e6:>8.0f}  {ratio:<16} {target:<16} "
            f"{'yes' if met else 'NO'}"
        )
    print(
        f"\nPDF pages: {pages}; pages per second in the cold build (whole build time): "
        f"{pages / cold_s:.1f}"
    )
    if rel_s is not None:
        print(f"release (strict, every format, then the bundle): {rel_s:.1f} s")
    else:
        print("release row skipped: `release` builds every language, and --langs chose fewer")
    print(
        f"languages: {','.join(langs)}; machine: {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f} at the end"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
