"""Content digests of files and folders, remembered across builds.

A no-op build must not read every source, font and published file again to learn that
nothing changed.  ``FileDigests`` remembers each file's sha256 with its size, mtime and
inode (``build/.work/digests.json``); a file whose three values did not change is not
read.  Writers in this project replace files by renaming (new inode) and editors change
the mtime, so a changed file is always read again.  The digests themselves are of
contents and relative names only: a project copied elsewhere gets the same digests.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class FileDigests:
    """sha256 of files, keyed by path and checked against (size, mtime_ns, inode)."""

    def __init__(self, store: Path | None = None):
        self.store = store
        self.old: dict[str, list] = {}
        self.seen: dict[str, list] = {}
        if store is not None and store.is_file():
            try:
                self.old = json.loads(store.read_text())
            except ValueError:  # a damaged cache is only slower: start again
                self.old = {}

    def sha256(self, path: Path) -> str:
        st = path.stat()
        key, sig = str(path), [st.st_size, st.st_mtime_ns, st.st_ino]
        hit = self.seen.get(key) or self.old.get(key)
        if not (hit and hit[:3] == sig):
            hit = sig + [sha256(path)]
        self.seen[key] = hit
        return hit[3]

    def save(self, keep: bool = False) -> None:
        """Keep what this build looked at (files no longer looked at drop out, unless *keep*: a
        build that skipped its preparation keeps the digests of the files it did not look at)."""
        if self.store is None:
            return
        if keep:
            self.seen = {**self.old, **self.seen}
        self.store.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.store.with_name(f".{self.store.name}.tmp{os.getpid()}")
        tmp.write_text(json.dumps(self.seen, separators=(",", ":")))
        tmp.replace(self.store)


UNCACHED = FileDigests()


def tree_digest(paths: list[Path], extra: str = "", digests: FileDigests = UNCACHED) -> str:
    """Hash of the relative names and contents of the files under *paths*.

    Names are relative to their base (with the base's place in *paths*), never absolute: a
    project copied or checked out elsewhere (a test's copy of a built fixture, a CI runner)
    keeps its stamps, because its outputs do not depend on where it lives (tested)."""
    h = hashlib.sha256(extra.encode())
    for i, base in enumerate(paths):
        if base.is_file():
            files = [base]
        elif base.is_dir():
            files = sorted(
                p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            )
        else:
            continue
        for p in files:
            name = p.relative_to(base).as_posix() if p != base else base.name
            h.update(f"{i}:{name}\0{digests.sha256(p)}\0".encode())
    return h.hexdigest()


def site_digest(folder: Path, digests: FileDigests = UNCACHED) -> str:
    """Hash of a published site folder (relative names and contents), so a damaged site is
    rebuilt."""
    h = hashlib.sha256()
    for p in sorted(q for q in folder.rglob("*") if q.is_file()):
        h.update(p.relative_to(folder).as_posix().encode() + b"\0")
        h.update(digests.sha256(p).encode())
    return h.hexdigest()
