"""A light, Sphinx-free reading of the MyST sources.

Some facts are needed outside Sphinx: the title and subtitle of each toolkit
(covers, EPUB and PDF metadata, translated through its catalogue), its
documents in toctree order (content and consistency checks) and the labels a
toolkit defines.  Reading them from the Markdown text is cheap.

Section numbers follow the ``:numbered:`` toctree of each ``index.md``: the
n-th numbered chapter is ``n``, its k-th ``##`` heading ``n.k``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LABEL_RE = re.compile(r"^\(([A-Za-z0-9_.:-]+)\)=\s*$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^(`{3,}|~{3,})")
# {term}`text <target>` or {term}`target`
TERM_RE = re.compile(r"\{term\}`([^`]*)`")
ROLE_TARGET_RE = re.compile(r"^(.*?)\s*<([^<>]+)>\s*$", re.S)
NAME_OPT_RE = re.compile(r"^\s*:name:\s*(\S+)\s*$")
DIRECTIVE_RE = re.compile(r"^(:{3,}|`{3,})\{([\w-]+)\}\s*(.*)$")


def role_target(text: str) -> tuple[str, str]:
    """``'alliances <alliance>'`` -> ``('alliances', 'alliance')``."""
    m = ROLE_TARGET_RE.match(text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    return text.strip(), text.strip()


@dataclass
class Heading:
    level: int
    title: str
    line: int
    number: str = ""        # "2.3" for numbered sections, "" otherwise
    label: str | None = None


@dataclass
class Doc:
    toolkit: str
    name: str               # Sphinx docname, e.g. "networking/02-types-of-collaboration"
    path: Path
    numbered: bool = False
    chapter: int = 0
    headings: list[Heading] = field(default_factory=list)
    labels: dict[str, tuple[str, int]] = field(default_factory=dict)   # label -> (title, line)
    terms: list[tuple[str, int, str]] = field(default_factory=list)    # (target, line, number)

    @property
    def title(self) -> str:
        return self.headings[0].title if self.headings else self.name


@dataclass
class Book:
    slug: str
    title: str
    subtitle: str
    docs: list[Doc]

    def doc(self, name: str) -> Doc | None:
        return next((d for d in self.docs if d.name == name), None)


def _toctree_entries(text: str) -> list[tuple[str, bool]]:
    """Entries of every toctree in an index.md, with their ``:numbered:`` flag."""
    entries: list[tuple[str, bool]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = DIRECTIVE_RE.match(lines[i])
        if m and m.group(2) == "toctree":
            fence = m.group(1)
            numbered = False
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                line = lines[i].strip()
                if line.startswith(":numbered:"):
                    numbered = True
                elif line and not line.startswith(":"):
                    entries.append((line, numbered))
                i += 1
        i += 1
    return entries


def strip_inline(text: str) -> str:
    """Heading text as a reader sees it: roles reduced to their text."""
    text = re.sub(r"\{[\w:-]+\}`([^`]*)`", lambda m: role_target(m.group(1))[0], text)
    return re.sub(r"[*_`]", "", text).strip()


def read_doc(path: Path, toolkit: str, name: str, chapter: int) -> Doc:
    doc = Doc(toolkit=toolkit, name=name, path=path, numbered=chapter > 0, chapter=chapter)
    pending_label: str | None = None
    fence: str | None = None
    section = 0
    number = str(chapter) if chapter else ""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fm = FENCE_RE.match(line)
        if fm and not DIRECTIVE_RE.match(line):
            fence = None if fence == fm.group(1) else (fence or fm.group(1))
            continue
        if fence:
            continue
        if m := LABEL_RE.match(line):
            pending_label = m.group(1)
            continue
        if m := HEADING_RE.match(line):
            level = len(m.group(1))
            title = strip_inline(m.group(2))
            if chapter and level == 2:
                section += 1
                number = f"{chapter}.{section}"
            elif chapter and level == 1:
                number = str(chapter)
            h = Heading(level, title, lineno, number if chapter and level <= 2 else "", pending_label)
            doc.headings.append(h)
            if pending_label:
                doc.labels[pending_label] = (title, lineno)
            pending_label = None
            continue
        if line.strip():
            if pending_label:   # a label before something other than a heading
                doc.labels[pending_label] = (pending_label, lineno)
            pending_label = None
        if m := NAME_OPT_RE.match(line):
            doc.labels.setdefault(m.group(1), (m.group(1), lineno))
        for tm in TERM_RE.finditer(line):
            doc.terms.append((role_target(tm.group(1))[1].lower(), lineno, number))
    return doc


@lru_cache(maxsize=32)
def _read_book(source_dir: Path, slug: str, stamp: float) -> Book:
    index = source_dir / slug / "index.md"
    text = index.read_text(encoding="utf-8")
    title, subtitle = slug, ""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# ") and title == slug:
            title = line[2:].strip()
        if line.strip() == "{.subtitle}" and i + 1 < len(lines):
            subtitle = lines[i + 1].strip()
            break
    docs = [read_doc(index, slug, f"{slug}/index", 0)]
    chapter = 0
    for entry, numbered in _toctree_entries(text):
        if entry.startswith("/"):
            continue    # shared documents (the glossary) belong to no toolkit
        path = source_dir / slug / f"{entry}.md"
        if not path.exists():
            continue
        if numbered:
            chapter += 1
        docs.append(read_doc(path, slug, f"{slug}/{entry}", chapter if numbered else 0))
    return Book(slug, title, subtitle, docs)


def read_book(source_dir: Path, slug: str) -> Book:
    folder = source_dir / slug
    stamp = max((p.stat().st_mtime for p in folder.glob("*.md")), default=0.0)
    return _read_book(source_dir.resolve(), slug, stamp)
