"""Source checks Sphinx does not do, run before every build (errors with file:line and the fix).

- every ``.md`` and ``.toml``/``.yaml`` file of ``source/`` is valid UTF-8;
- every directive fence (````` ``` ````` or ``:::``) is closed: markdown-it lets an
  unclosed fence run to the end of the file (or of its container), silently;
- no directive is swallowed into another's content: a fence opened with the same
  marker as the fence around it (``:::{tip}`` inside ``:::{figure}``) cannot nest,
  so it means the outer fence was not closed where the author thought.

The Markdown is read with MyST's own markdown-it parser (the one Sphinx uses),
so the checks see fences exactly as the build does.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from . import sphinx_config
from .digests import FileDigests, tree_digest
from .sphinx_config import md_parser

# Code besides this module that decides a file's problems (its digest keys the memo).
# By path, not by import: the glossary extension imports Sphinx, which a no-op build never needs.
_CHECK_CODE = [Path(sphinx_config.__file__), Path(__file__).parent / "extensions" / "glossary.py"]

# Directives whose content is not Markdown: their fences are not looked inside.
LITERAL = {
    "code",
    "code-block",
    "code-cell",
    "sourcecode",
    "literalinclude",
    "math",
    "raw",
    "csv-table",
    "mermaid",
    "graphviz",
    "eval-rst",
}
_OPTION = re.compile(r"^:[\w-]+:(?:\s|$)")
_OPENER = re.compile(r"^ {0,3}(?P<marker>:{3,}|`{3,}|~{3,})\s*(?P<info>\{[^}]*\}.*)?$")


def read_utf8(path: Path, root: Path) -> tuple[str | None, str | None]:
    """(text, None) or (None, error with file:line)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, (
            f"{path.relative_to(root)}:{line}: "
            f"byte 0x{data[exc.start]:02x} at column {col} is not UTF-8; "
            "save the file as UTF-8 (your editor's 'Save with encoding' menu) "
            "and retype that character"
        )


def check_fences(text: str, name: str, md=None, offset: int = 0) -> list[str]:
    """Unclosed and swallowed directive fences of one Markdown text (*offset*: line of its first
    line - 1)."""
    md = md or md_parser()
    lines = text.splitlines()
    found = []
    for tok in md.parse(text):
        if tok.type not in ("fence", "colon_fence") or not tok.map:
            continue
        start, end = tok.map
        marker = tok.markup
        info = tok.info.strip()
        what = info.split()[0] if info else marker
        if what in ("{figure}", "{image}") and len(info.split()) > 2:
            found.append(
                f"{name}:{start + 1 + offset}: "
                f"the picture path {info.split(None, 1)[1]!r} has a space, "
                "which Sphinx drops; "
                "rename the file without spaces (e.g. with '-') and fix the path"
            )
        closing = lines[end - 1].strip() if end - 1 > start and end - 1 < len(lines) else ""
        if not (closing and set(closing) == {marker[0]} and len(closing) >= len(marker)):
            found.append(
                f"{name}:{start + 1 + offset}: "
                f"the fence {marker}{what} is never closed, so everything "
                f"after it becomes its content; add a line {marker} where it should end"
            )
            continue
        inner = tok.content.splitlines()
        for i, line in enumerate(inner):
            m = _OPENER.match(line)
            if (
                m
                and m.group("info")
                and m.group("marker")[0] == marker[0]
                and len(m.group("marker")) >= len(marker)
            ):
                found.append(
                    f"{name}:{start + 2 + i + offset}: "
                    f"{line.strip()} is swallowed into the content of "
                    f"{marker}{what} (line {start + 1 + offset}); "
                    f"close {what} with {marker} before it, or, to nest "
                    f"it on purpose, give the outer fence more {marker[0]} than the inner one"
                )
                break
        else:
            directive = what.strip("{}") if what.startswith("{") else ""
            if directive and directive not in LITERAL:
                body_at = next(
                    (i for i, line in enumerate(inner) if not _OPTION.match(line)), len(inner)
                )
                found += check_fences(
                    "\n".join(inner[body_at:]), name, md, offset + start + 1 + body_at
                )
    return found


def check_file(path: Path, root: Path, md=None) -> list[str]:
    """The problems of one file of ``source/``: each depends on that file's bytes alone."""
    problems = []
    text, error = read_utf8(path, root)
    if error:
        problems.append(error)
    elif path.name == "glossary.yaml":
        problems += _glossary_problems(path)
    elif path.suffix == ".md" and ("```" in text or ":::" in text or "~~~" in text):
        problems += check_fences(text, str(path.relative_to(root)), md or md_parser())
    if path.suffix == ".md" and text is not None and not re.search(r"^#{1,6} \S", text, re.M):
        problems.append(
            f"{path.relative_to(root)}:1: no title, so the page cannot be listed in its book; "
            "start it with a heading line '# Title' (or delete the file and its toctree entry)"
        )
    return problems


def check_sources(project) -> list[str]:
    """Every problem in ``source/`` as one line each (empty: fine).

    A no-op build must not parse every chapter again: each file's problems are kept in
    ``build/.work/source-checks.json`` under the file's sha256 (known without reading it while
    its size, mtime and inode are unchanged, ``digests.FileDigests``) and the digest of the code
    that checks it.
    """
    root = project.source_dir
    cache_path = project.work_dir / "source-checks.json"
    digests = FileDigests(project.work_dir / "digests-source-checks.json")
    code = tree_digest([Path(__file__), *_CHECK_CODE])
    try:
        cache = json.loads(cache_path.read_text())
        known = cache["files"] if cache.get("code") == code else {}
    except (OSError, ValueError, KeyError):  # no or damaged cache: check everything
        known = {}
    md = None
    problems, files = [], {}
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".md", ".toml", ".yaml", ".yml") or not path.is_file():
            continue
        rel, sha = path.relative_to(root).as_posix(), digests.sha256(path)
        if rel in known and known[rel][0] == sha:
            found = known[rel][1]
        else:
            md = md or md_parser()
            found = check_file(path, root, md)
        files[rel] = [sha, found]
        problems += found
    if files == known and digests.seen == digests.old:
        return problems  # a no-op writes nothing
    try:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_path.with_name(f".{cache_path.name}.tmp{os.getpid()}")
        tmp.write_text(json.dumps({"code": code, "files": files}, ensure_ascii=False))
        tmp.replace(cache_path)
        digests.save()
    except OSError:  # a read-only or full build folder: the checks ran, only the memo is lost
        pass
    return problems


def _glossary_problems(path: Path) -> list[str]:
    from .extensions.glossary import load_entries  # noqa: PLC0415
    from .project import ConfigError  # noqa: PLC0415

    try:
        load_entries(path)
    except ConfigError as exc:
        return [str(exc)]
    return []
