"""A light, Sphinx-free reading of the MyST sources.

Some facts are needed outside Sphinx: the title and subtitle of each toolkit
(covers, EPUB and PDF metadata, translated through its catalogue), its
documents in toctree order (content and consistency checks) and the labels a
toolkit defines.  Reading them from MyST's own markdown-it tokens is cheap,
and sees what the build sees: a ``#`` line in a code block is code, a heading
in a directive's body is a rubric (not a section), a label in a fence is text.

Section numbers follow the ``:numbered:`` toctree of each ``index.md``: the
n-th numbered chapter is ``n``, its k-th ``##`` heading ``n.k``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from textwrap import dedent

from .source_checks import LITERAL

# Line-based patterns still used by glossary_tools' term checks (this module reads tokens).
FENCE_RE = re.compile(r"^(`{3,}|~{3,})")
# {term}`text <target>` or {term}`target`
TERM_RE = re.compile(r"\{term\}`([^`]*)`")
ROLE_TARGET_RE = re.compile(r"^(.*?)\s*<([^<>]+)>\s*$", re.S)

# Directives whose body is not Markdown: their text is not read for headings, labels or terms.
NOT_MARKDOWN = LITERAL | {"toctree"}


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
    number: str = ""  # "2.3" for numbered sections, "" otherwise
    label: str | None = None


@dataclass
class Doc:
    toolkit: str
    name: str  # Sphinx docname, e.g. "networking/02-types-of-collaboration"
    path: Path
    numbered: bool = False
    chapter: int = 0
    headings: list[Heading] = field(default_factory=list)
    labels: dict[str, tuple[str, int]] = field(default_factory=dict)  # label -> (title, line)
    terms: list[tuple[str, int, str]] = field(default_factory=list)  # (target, line, number)

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


@lru_cache(maxsize=1)
def _parser():
    """MyST's markdown-it parser with the build's syntax settings."""
    from .sphinx_config import md_parser

    return md_parser()


@dataclass
class Directive:
    name: str  # "toctree", "figure", ...
    argument: str  # the rest of the opening line
    options: dict[str, tuple[str, int]]  # option -> (value, line)
    body: str
    body_line: int  # 0-based line of the body's first line


def directive(token, offset: int = 0) -> Directive | None:
    """The directive of a ``fence``/``colon_fence`` token (``None`` for a plain code block).

    Options are split from the body as ``myst_parser.parsers.directives`` does: a ``---`` YAML
    block, or the leading ``:key: value`` lines, read with MyST's own option tokenizer."""
    from myst_parser.parsers.directives import is_option_line
    from myst_parser.parsers.options import TokenizeError, options_to_tokens

    m = re.match(r"\{([\w:-]+)\}\s*(.*)$", token.info.strip(), re.S)
    if not m or not token.map:
        return None
    content, first = token.content, token.map[0] + offset + 1
    lines = content.splitlines()
    if content.startswith("---"):
        end = next((i for i, line in enumerate(lines[1:], 1) if line.startswith("---")), len(lines))
        block, start, taken = dedent("\n".join(lines[1:end])), 1, end + 1
    elif content.lstrip().startswith(":"):
        taken = next((i for i, line in enumerate(lines) if not is_option_line(line)), len(lines))
        block, start = "\n".join(line.lstrip()[1:] for line in lines[:taken]), 0
    else:
        block, start, taken = "", 0, 0
    try:
        pairs = options_to_tokens(block)[0] if block else []
    except TokenizeError:
        # Sphinx reports a malformed option block; read here, the directive has no options.
        pairs = []
    options = {k.value: (v.value if v else "", first + 1 + start + k.start.line) for k, v in pairs}
    return Directive(
        m.group(1), m.group(2).strip(), options, "\n".join(lines[taken:]), first + taken
    )


def _text(inline) -> str:
    """Heading text as a reader sees it: roles reduced to their text, markup dropped."""
    parts = []
    for child in inline.children or []:
        if child.type == "myst_role":
            parts.append(role_target(child.content)[0])
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
    return "".join(parts).strip()


def strip_inline(text: str) -> str:
    """Heading text of a line of inline Markdown (see ``_text``)."""
    return _text(_parser().parseInline(text)[0])


class _Reader:
    """Fills one Doc from its tokens, walking into the Markdown body of every directive."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.section = 0
        self.number = str(doc.chapter) if doc.chapter else ""
        self.pending: list[tuple[str, int]] = []  # labels waiting for what they name

    def read(self, text: str, offset: int = 0, nested: bool = False) -> None:
        tokens = _parser().parse(text)
        for i, tok in enumerate(tokens):
            line = tok.map[0] + offset + 1 if tok.map else 0
            if tok.type == "myst_target":
                self.pending.append((tok.content, line))
            elif tok.type == "heading_open":
                # Only a heading at the top of a document is a section; in a list, a quote or a
                # directive body MyST makes it a rubric, which a label still names.
                self.heading(
                    int(tok.tag[1]),
                    _text(tokens[i + 1]),
                    line,
                    section=not nested and tok.level == 0,
                )
            elif tok.map and tok.nesting >= 0:
                self.name_pending(None, line)
            if tok.type == "inline":
                self.terms(tok, line)
            elif tok.type in ("fence", "colon_fence"):
                self.directive(tok, offset)
        self.name_pending(None, 0)

    def name_pending(self, title: str | None, line: int) -> None:
        """Labels before a heading take its title; before anything else, their own name."""
        for label, at in self.pending:
            self.doc.labels[label] = (title or label, line or at)
        self.pending = []

    def heading(self, level: int, title: str, line: int, section: bool) -> None:
        label = self.pending[-1][0] if self.pending else None
        self.name_pending(title, line)
        if not section:
            return
        chapter = self.doc.chapter
        if chapter and level == 2:
            self.section += 1
            self.number = f"{chapter}.{self.section}"
        elif chapter and level == 1:
            self.number = str(chapter)
        self.doc.headings.append(
            Heading(level, title, line, self.number if chapter and level <= 2 else "", label)
        )

    def terms(self, inline, line: int) -> None:
        for child in inline.children or []:
            if child.type == "myst_role" and child.meta.get("name") == "term":
                self.doc.terms.append((role_target(child.content)[1].lower(), line, self.number))
            elif child.type in ("softbreak", "hardbreak"):
                line += 1

    def directive(self, tok, offset: int) -> None:
        d = directive(tok, offset)
        if d is None:
            return
        value, at = d.options.get("name", ("", 0))
        if value:  # an empty :name: names nothing (Sphinx warns)
            self.doc.labels.setdefault(value, (value, at))
        if d.name not in NOT_MARKDOWN:
            # A title argument (admonition, worksheet) is inline Markdown, on the opening line.
            self.terms(_parser().parseInline(d.argument)[0], tok.map[0] + offset + 1)
            self.read(d.body, d.body_line, nested=True)


def read_doc(path: Path, toolkit: str, name: str, chapter: int) -> Doc:
    doc = Doc(toolkit=toolkit, name=name, path=path, numbered=chapter > 0, chapter=chapter)
    _Reader(doc).read(path.read_text(encoding="utf-8"))
    return doc


@lru_cache(maxsize=32)
def _tokens(path: Path, stamp: float) -> tuple:
    return tuple(_parser().parse(path.read_text(encoding="utf-8")))


def _heading(tokens: tuple) -> tuple[str | None, str]:
    """Title (the first ``#`` heading, as written) and subtitle (the ``{.subtitle}`` paragraph)."""
    title, subtitle = None, ""
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h1" and title is None:
            title = tokens[i + 1].content.strip()
        elif tok.type == "paragraph_open" and "subtitle" in str(tok.attrs.get("class", "")).split():
            subtitle = subtitle or tokens[i + 1].content.strip()
    return title, subtitle


def _index(path: Path, stamp: float) -> tuple[str | None, str, tuple[tuple[str, bool], ...]]:
    """Title, subtitle and the entries of every toctree of an index.md, with their
    ``:numbered:`` flag."""
    tokens = _tokens(path, stamp)
    entries = []
    for tok in tokens:
        if tok.type in ("fence", "colon_fence") and (d := directive(tok)) and d.name == "toctree":
            numbered = "numbered" in d.options
            entries += [(line.strip(), numbered) for line in d.body.splitlines() if line.strip()]
    return *_heading(tokens), tuple(entries)


def read_title(source_dir: Path, slug: str) -> tuple[str, str]:
    """Title and subtitle of a toolkit, from its index.md alone: all that the covers of a
    no-op build need (reading every chapter with markdown-it would cost it ~0.5 s; reading the
    toctree's options would import MyST's directive parser, ~0.1 s)."""
    index = (source_dir / slug / "index.md").resolve()
    title, subtitle = _heading(_tokens(index, index.stat().st_mtime))
    return title or slug, subtitle


@lru_cache(maxsize=32)
def _read_book(source_dir: Path, slug: str, stamp: float) -> Book:
    index = source_dir / slug / "index.md"
    title, subtitle, entries = _index(index, index.stat().st_mtime)
    docs = [read_doc(index, slug, f"{slug}/index", 0)]
    chapter = 0
    for entry, numbered in entries:
        if entry.startswith("/"):
            continue  # shared documents (the glossary) belong to no toolkit
        path = source_dir / slug / f"{entry}.md"
        if not path.exists():
            continue
        if numbered:
            chapter += 1
        docs.append(read_doc(path, slug, f"{slug}/{entry}", chapter if numbered else 0))
    return Book(slug, title or slug, subtitle, docs)


def read_book(source_dir: Path, slug: str) -> Book:
    folder = source_dir / slug
    stamp = max((p.stat().st_mtime for p in folder.glob("*.md")), default=0.0)
    return _read_book(source_dir.resolve(), slug, stamp)
