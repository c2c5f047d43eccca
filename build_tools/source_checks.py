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

import re
from pathlib import Path

from .sphinx_config import md_parser

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


def check_sources(project) -> list[str]:
    """Every problem in ``source/`` as one line each (empty: fine)."""
    root = project.source_dir
    md = None
    problems = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".md", ".toml", ".yaml", ".yml") or not path.is_file():
            continue
        text, error = read_utf8(path, root)
        if error:
            problems.append(error)
        elif path.name == "glossary.yaml":
            problems += _glossary_problems(path)
        elif path.suffix == ".md" and ("```" in text or ":::" in text or "~~~" in text):
            md = md or md_parser()
            problems += check_fences(text, str(path.relative_to(root)), md)
        if path.suffix == ".md" and text is not None and not re.search(r"^#{1,6} \S", text, re.M):
            problems.append(
                f"{path.relative_to(root)}:1: no title, so the page cannot be listed in its book; "
                "start it with a heading line '# Title' (or delete the file and its toctree entry)"
            )
    return problems


def _glossary_problems(path: Path) -> list[str]:
    from .extensions.glossary import load_entries  # noqa: PLC0415
    from .project import ConfigError  # noqa: PLC0415

    try:
        load_entries(path)
    except ConfigError as exc:
        return [str(exc)]
    return []
