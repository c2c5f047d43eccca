"""Builds spread over machines: a shard builds a share of the languages; ``merge`` joins them.

``python -m build_tools build --shard K/N`` builds the languages whose place in the sorted list
is K-1 modulo N (K from 1): the same share on every machine, whatever the order of the jobs.
Every shard reads every catalogue (status charts and language menus list all languages), so a
language's site is the same whether it was built alone or with the others.

``python -m build_tools merge DIR…`` takes the published edition of each shard's build folder
and publishes their union as one edition of the build folder (``BUILD_DIR``): sites, downloads,
print files and one manifest.  Two shards may both hold a file only if its bytes are the same;
anything else would be two languages claiming one path, and stops the merge.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import time
from pathlib import Path

from . import edition
from .arguments import ArgumentError

SHARD_RE = re.compile(r"^([1-9][0-9]*)/([1-9][0-9]*)$")


class MergeError(Exception):
    pass


def parse_shard(text: str) -> tuple[int, int]:
    m = SHARD_RE.match(text or "")
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ArgumentError(f"--shard {text!r}: write K/N with 1 <= K <= N, e.g. --shard 2/4")
    return int(m.group(1)), int(m.group(2))


def share(langs: list[str], shard: tuple[int, int]) -> list[str]:
    """The languages of shard K of N (deterministic: by place in the sorted list)."""
    k, n = shard
    return [lang for i, lang in enumerate(sorted(langs)) if i % n == k - 1]


def _published(build_dir: Path) -> Path:
    current = edition.published(build_dir)
    if current is None or not (current / "manifest.json").is_file():
        raise MergeError(
            f"{build_dir}: no published edition with a manifest.json; build the shard into this "
            "folder first (BUILD_DIR=... python -m build_tools build --shard K/N)"
        )
    return current


def _copy_tree(src: Path, dst: Path, claimed: dict[Path, Path]) -> None:
    """Copy the published files of edition *src* into *dst*; *claimed*: relative path -> first
    shard's file."""
    files = [
        p
        for top in ("site", "print")
        if (src / top).is_dir()
        for p in (src / top).rglob("*")
        if p.is_file()
    ]
    for path in sorted(files):
        rel = path.relative_to(src)
        target = dst / rel
        if rel in claimed:
            if not filecmp.cmp(claimed[rel], path, shallow=False):
                raise MergeError(
                    f"{path} and {claimed[rel]} differ but both are published as {rel}; two shards "
                    "built the same artefact differently: build each language in one shard only"
                )
            continue
        claimed[rel] = path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def merge(sources: list[Path], build_dir: Path, say=print) -> Path:
    """Publish the union of the shards' editions in *build_dir* (atomically, under its lock)."""
    if not sources:
        raise MergeError("merge needs at least one shard build folder")
    editions = [_published(Path(s).resolve()) for s in sources]
    with edition.lock(build_dir, say=say):
        edition.clean(build_dir)
        staging = build_dir / ".editions" / f"{time.time_ns()}-{os.getpid()}"
        try:
            (staging / "site").mkdir(parents=True)
            (staging / "print").mkdir()
            claimed: dict[Path, Path] = {}
            entries: dict[tuple, dict] = {}
            for ed in editions:
                _copy_tree(ed, staging, claimed)
                for a in json.loads((ed / "manifest.json").read_text())["artefacts"]:
                    entries[(a["toolkit"], a["language"], a["format"])] = a
            data = {"artefacts": [entries[k] for k in sorted(entries)]}
            (staging / "manifest.json").write_text(
                json.dumps(data, indent=1, ensure_ascii=False) + "\n"
            )
            edition.publish(build_dir, staging)
        except BaseException:
            edition.abort(build_dir, staging)
            raise
    say(f"merged {len(editions)} shard(s), {len(entries)} artefacts, into {build_dir}")
    return staging
