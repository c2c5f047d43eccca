"""The published edition: one build at a time, written aside, switched in one step.

Layout of the build folder::

    build/.lock                         held (fcntl) by the running build; holds its PID
    build/.editions/<id>/               site/, print/, manifest.json of one complete edition
    build/edition -> .editions/<id>     the published edition (a symlink)
    build/site -> edition/site          fixed links, so build/site/... keeps working
    build/print -> edition/print
    build/manifest.json -> edition/manifest.json

A build stages its new edition as a hard-linked copy of the published one
(untouched artefacts cost nothing), writes only new files into it (every
writer writes a temporary file and renames it, so no hard-linked file is ever
changed in place), and publishes by replacing the ``edition`` symlink with
``os.replace``: atomic, so a reader of ``build/site`` (or kill -9 at any
moment) sees the old edition or the new one, never a mix.  Anything else in
``.editions/`` is a leftover of an interrupted build, removed at the next start.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

PUBLISHED = ("site", "print", "manifest.json")
LEGACY = "legacy"  # a build folder from before editions: adopted once, as is


class BuildLocked(Exception):
    """Another build holds the build folder (raised with --no-wait)."""


@contextmanager
def lock(build_dir: Path, wait: bool = True, say=print):
    """One build per build folder.  The kernel releases the lock when the holder dies
    (even kill -9)."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            if not wait:
                raise BuildLocked(
                    f"another build (process {holder}) is using {build_dir}; "
                    "wait for it to finish, "
                    f"or stop it with: kill {holder}"
                ) from None
            say(f"waiting for the build in process {holder}, which is using {build_dir} ...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def published(build_dir: Path) -> Path | None:
    """The folder of the published edition, or None before the first build."""
    link = build_dir / "edition"
    if not link.is_symlink():
        return None
    target = (build_dir / os.readlink(link)).resolve()
    return target if target.is_dir() else None


def start(build_dir: Path) -> Path:
    """Remove leftovers of interrupted builds and return a fresh staging folder holding the current
    edition."""
    clean(build_dir)
    return stage(build_dir)


def clean(build_dir: Path) -> None:
    """Remove what interrupted builds left (staging editions, temporary links); adopt a legacy build
    folder."""
    editions = build_dir / ".editions"
    editions.mkdir(parents=True, exist_ok=True)
    _adopt_legacy(build_dir)
    current = published(build_dir)
    for leftover in editions.iterdir():
        if leftover.resolve() != current:
            _remove(leftover)
    for stray in build_dir.glob(".edition.tmp*"):
        stray.unlink()


def stage(build_dir: Path) -> Path:
    """A new staging edition: a hard-linked copy of the published one."""
    current = published(build_dir)
    staging = build_dir / ".editions" / f"{time.time_ns()}-{os.getpid()}"
    if current:
        shutil.copytree(current, staging, symlinks=True, copy_function=_link_or_copy)
    for name in ("site", "print"):
        (staging / name).mkdir(parents=True, exist_ok=True)
    return staging


def publish(build_dir: Path, staging: Path) -> None:
    """Make *staging* the published edition in one atomic step, then drop the previous one."""
    for name in PUBLISHED:
        link = build_dir / name
        if not link.is_symlink():
            os.symlink(os.path.join("edition", name), link)
    old = published(build_dir)
    tmp = build_dir / f".edition.tmp{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.join(".editions", staging.name), tmp)
    os.replace(tmp, build_dir / "edition")
    _fsync_dir(build_dir)
    if old and old != staging:
        _remove(old)


def abort(build_dir: Path, staging: Path | None) -> None:
    """Forget a staged edition (failed or interrupted build); the published one is untouched.

    A signal can arrive just after the switch: then *staging* is the published edition and stays."""
    if staging is not None and published(build_dir) != staging.resolve():
        _remove(staging)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # a filesystem without hard links: copy (slower, same result)
        shutil.copy2(src, dst)


def _adopt_legacy(build_dir: Path) -> None:
    """A build folder from before editions had real site/, print/ and manifest.json: make them
    edition 'legacy'.

    Each step is a rename, and a half-done adoption is finished at the next start."""
    legacy = build_dir / ".editions" / LEGACY
    real = [
        name
        for name in PUBLISHED
        if (build_dir / name).exists() and not (build_dir / name).is_symlink()
    ]
    if not real and not (legacy.is_dir() and published(build_dir) is None):
        return
    legacy.mkdir(exist_ok=True)
    for name in real:
        os.replace(build_dir / name, legacy / name)
    tmp = build_dir / f".edition.tmp{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.join(".editions", LEGACY), tmp)
    os.replace(tmp, build_dir / "edition")
    for name in PUBLISHED:
        if not (build_dir / name).is_symlink():
            os.symlink(os.path.join("edition", name), build_dir / name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
