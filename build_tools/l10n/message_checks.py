"""Checks on translated messages: a translation may change words, never structure.

``structure`` is the allow-list that guards the build: a message is compiled
only when MyST's own parser (``create_md_parser`` with the project's syntax
settings) gives its translation the same shape as its source: the same blocks,
roles and their targets, link URLs, image paths, inline code, attributes,
footnotes and placeholders, and no raw HTML.  ``catalogues`` drops a message that
fails (English falls back) and ``make check-po`` reports it; one function
serves both.  ``interface`` does the same for ``ui.po``, whose strings are plain
text with ``%(name)s`` placeholders.  ``compare`` adds the checks that only
``make check-po`` reports (numbers).  Every finding says what to fix.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

# A parse of the comparison sees more than the build renders, on purpose:
# raw HTML is parsed (the build turns it into text, see ``sphinx_config``) and
# every link is a link, whatever its scheme (markdown-it would otherwise turn a
# ``javascript:`` link into text, and the change would pass unseen).
# Letters may follow a number ("1er", "2nd", "3e"): an ordinal, written differently in each
# language.
NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,\u066b\u066c]\d+)*(?!\d)")
URL_RE = re.compile(r"https?://[^\s<>`)\]]+")
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}(?!`)")  # not a role name: {term}`…`
SUBST_RE = re.compile(r"\{\{\s*[\w.-]+\s*\}\}")
ROLE_TARGET_RE = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)

# Block tokens that a stray leading character turns a paragraph into, and how
# a translator keeps the character as text.
_BLOCK_CAUSES = {
    "ordered_list_open": "a numbered list",
    "bullet_list_open": "a bulleted list",
    "heading_open": "a heading",
    "blockquote_open": "a quotation",
    "hr": "a horizontal rule",
    "code_block": "a code block (the line starts with four spaces)",
    "myst_target": "a label target",
    "myst_line_comment": "a comment (the text is not shown at all)",
    "myst_block_break": "a block break",
    "table_open": "a table",
    "dl_open": "a definition list",
    "footnote_block_open": "a footnote",
}


@functools.lru_cache(maxsize=1)
def _parser():
    from ..sphinx_config import md_parser

    md = md_parser()
    md.validateLink = lambda url: True
    md.disable("text_join", ignoreInvalid=True)  # keep entities and escapes visible
    return md


@functools.lru_cache(maxsize=8192)
def shape(text: str) -> tuple[tuple, tuple]:
    """(blocks, inline items) of *text*: what a translation must keep."""
    blocks, items = [], []
    for tok in _parser().parse(text):
        if tok.type != "inline":
            attrs = tuple(sorted((k, str(v)) for k, v in tok.attrs.items() if k != "start"))
            blocks.append(
                (
                    tok.type,
                    tok.tag,
                    tok.info if tok.type == "fence" else "",
                    attrs,
                    tok.map,
                    tok.markup,
                )
            )
            if tok.type in ("fence", "colon_fence"):
                items.append(("block-content", tok.type, tok.info.strip()))
            elif tok.type == "html_block":
                items.append(("html", tok.content.strip()))
            continue
        for child in tok.children or []:
            items += _inline_items(child)
    return tuple(blocks), tuple(items)


def _inline_items(tok) -> list[tuple]:
    t = tok.type
    if t == "myst_role":
        m = ROLE_TARGET_RE.match(tok.content)
        return [("role", tok.meta.get("name", ""), (m.group(2) if m else tok.content).strip())]
    if t == "link_open":
        return [("link", tok.attrs.get("href", ""), _attrs(tok, "href"))]
    if t == "image":
        return [("image", tok.attrs.get("src", ""), _attrs(tok, "src", "alt"))]
    if t == "code_inline":
        return [("code", tok.content)]
    if t == "html_inline":
        return [("html", tok.content)]
    if t == "footnote_ref":
        return [("footnote", str(tok.meta.get("label", "")))]
    if t == "text_special" and tok.info == "entity":
        return [("entity", tok.markup)]
    if t in ("strong_open", "em_open"):
        return [(t[:-5],)]
    if t.endswith("_open") and tok.attrs:
        return [("attrs", t, _attrs(tok))]
    if t == "text":
        return [("placeholder", p) for p in PLACEHOLDER_RE.findall(tok.content)] + [
            ("substitution", s) for s in SUBST_RE.findall(tok.content)
        ]
    return []


def _attrs(tok, *skip: str) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in tok.attrs.items() if k not in skip))


def structure(msgid: str, msgstr: str) -> list[str]:
    """Why *msgstr* may not stand for *msgid* in a book (empty = it may)."""
    src_blocks, src_items = shape(msgid)
    blocks, items = shape(msgstr)
    problems = []
    # Sphinx puts a translation in place only when it parses as one paragraph
    # (a message is a paragraph, heading, cell or item of the source): even a
    # table cell "1. Talk directly", whose msgid alone reads as a list.
    attrs = src_blocks[0][3] if src_blocks and src_blocks[0][0] == "paragraph_open" else ()
    if [b[:4] for b in blocks] != [
        ("paragraph_open", "p", "", attrs),
        ("paragraph_close", "p", "", ()),
    ]:
        problems.append(_block_problem(blocks, msgstr))
    missing = Counter(src_items) - Counter(items)
    extra = Counter(items) - Counter(src_items)
    # What is missing first: an unclosed role can make its "<target>" look
    # like an HTML tag, and the role is the real cause.
    for item in sorted(missing, key=repr):
        problems.append(_missing(item))
    for item in sorted(extra, key=repr):
        problems.append(_extra(item))
    return list(dict.fromkeys(problems))


def _block_problem(blocks: tuple, msgstr: str) -> str:
    kinds = [b[0] for b in blocks]
    if any(k in ("fence", "colon_fence") for k in kinds):
        return (
            "a directive or code fence (``` or :::) in the translation; translate the words only, "
            "the build never runs directives from a catalogue"
        )
    if "html_block" in kinds:
        return (
            "raw HTML in the translation; remove it (the build shows HTML as text, or not at all)"
        )
    for tok_type, _tag, _info, _attrs, line_map, _markup in blocks:
        if tok_type in _BLOCK_CAUSES:
            line = msgstr.splitlines()[line_map[0]] if line_map else ""
            lead = line.strip()[:12]
            return (
                f"the line {lead!r} makes the translation {_BLOCK_CAUSES[tok_type]}, and the "
                "build needs plain text; "
                f"{_escape_hint(line.strip(), tok_type)}"
            )
    return (
        "the translation has a different block structure (paragraphs, lists, headings, blank "
        "lines) from the "
        "source; keep one block per message, as in the source, with no blank lines"
    )


def _escape_hint(line: str, tok_type: str) -> str:
    m = re.match(r"(\d+)([.)])", line)
    if m:
        return f"write `{m.group(1)}\\{m.group(2)}` instead of `{m.group(0)}` to keep it as text"
    if line[:1] == " " or tok_type == "code_block":
        return "remove the spaces at the start of the line"
    if line[:1]:
        return (
            f"put a backslash before it (`\\{line[:1]}`) to keep it as text, "
            "or reword the start of the line"
        )
    return "reword the start of the line"


def _extra(item: tuple) -> str:
    kind = item[0]
    if kind == "html":
        return (
            f"raw HTML {item[1][:40]!r} in the translation; "
            "remove it (use the source's MyST markup instead)"
        )
    if kind == "role":
        return (
            f"unexpected role {{{item[1]}}}`…<{item[2]}>` in the translation; keep only the "
            "source's roles "
            f"and targets, translate only the text before <…>"
        )
    if kind == "link":
        return (
            f"link to {item[1][:60]!r} is not in the source; "
            "keep every link address exactly as in the source"
        )
    if kind == "image":
        return (
            f"image {item[1][:60]!r} is not in the source; "
            "keep every image path exactly as in the source"
        )
    if kind == "code":
        return f"inline code `{item[1][:40]}` differs from the source; copy inline code unchanged"
    if kind == "entity":
        return (
            f"character reference {item[1]!r} is not in the source; type the character itself "
            f"(a reference can hide markup)"
        )
    if kind == "placeholder":
        return (
            f"placeholder {item[1]!r} is not in the source; "
            "copy each placeholder exactly, untranslated"
        )
    if kind == "substitution":
        return f"substitution {item[1]!r} is not in the source; keep substitutions exactly"
    if kind == "block-content":
        return (
            "a directive or code fence (``` or :::) in the translation; translate the words only, "
            "the build never runs directives from a catalogue"
        )
    if kind in ("strong", "em"):
        return (
            f"{'bold' if kind == 'strong' else 'italic'} markup added; "
            "mark the same words as the source"
        )
    return f"markup {item!r} is not in the source; keep the source's markup, change only the words"


def _missing(item: tuple) -> str:
    kind = item[0]
    if kind == "role":
        return (
            f"missing role {{{item[1]}}}`…<{item[2]}>`; keep every role and its target, "
            f"translate only the text before <…>"
        )
    if kind in ("link", "image"):
        return (
            f"missing {kind} {item[1][:60]!r}; keep it, with the address exactly as in the source"
        )
    if kind == "placeholder":
        return f"missing placeholder {item[1]!r}; copy each placeholder exactly, untranslated"
    if kind in ("strong", "em"):
        return (
            f"{'bold' if kind == 'strong' else 'italic'} markup dropped or broken; "
            "mark the same words as the source"
        )
    if kind == "code":
        return f"inline code `{item[1][:40]}` is missing; copy inline code unchanged"
    return f"markup {item[:2]!r} of the source is missing; keep it, change only the words"


# --------------------------------------------------------------- interface strings


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER_RE.findall(text.replace("%%", "")))


PLAIN_TEXT_RESERVED = '<>"`&'


def interface(msgid: str, msgstr: str, plural_form: bool = False) -> list[str]:
    """Why *msgstr* may not stand for the interface string *msgid*: its
    placeholders must match (or the build's ``%`` would fail) and it is plain text."""
    problems = []
    want, got = placeholders(msgid), placeholders(msgstr)
    # A plural form may leave out a named number ("une ligne"); nothing may be
    # added, and positional %s must all stay (Python refuses extra arguments).
    named_only = all("(" in p for p in want)
    if not (got == want or (plural_form and named_only and got <= want)):
        problems.append(
            f"placeholders changed (source {sorted(want.elements())}, translation "
            f"{sorted(got.elements())}); copy each %(name)s exactly, untranslated"
        )
    if want and re.search(r"%(?!\(\w+\)[sdif]|[sdif])", msgstr.replace("%%", "")):
        problems.append("a lone % in the translation; write %% for a percent sign")
    return problems + plain_text(msgid, msgstr)


def plain_text(msgid: str, msgstr: str) -> list[str]:
    """Interface strings and book titles are plain text (they go into
    attributes, SVG covers and package metadata): no character that markup
    needs unless the source has it."""
    for ch in PLAIN_TEXT_RESERVED:
        if msgstr.count(ch) > msgid.count(ch):
            return [
                f"the character {ch!r} is not in the source; interface strings and titles are "
                "plain text "
                "(use « » or “ ” for quotes, no markup)"
            ]
    return []


# --------------------------------------------------------------- check-po only

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ROLE_RE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")


def _numbers(text: str) -> list[tuple[str, bool]]:
    """(digits, is an ordinal) of every number, normalised so that 1,000 / 1 000 / ١٬٠٠٠
    compare equal."""
    text = ROLE_RE.sub(" ", URL_RE.sub(" ", text)).translate(_ARABIC_DIGITS)
    text = re.sub(r"\\(?=[.)])", "", text)  # 1\. is the number 1
    text = re.sub(r"(?<=\d)[\u00a0\u202f ](?=\d{3}\b)", "", text)
    found = []
    for m in NUMBER_RE.finditer(text):
        digits = re.sub(r"[^\d]", "", m.group(0))
        ordinal = bool(re.match(r"[^\W\d_]", text[m.end() : m.end() + 1]))
        found.append((digits.lstrip("0") or "0", ordinal))
    return found


def numbers(text: str) -> list[str]:
    """Numbers in a message (ordinals such as 2nd or 1er included), sorted."""
    return sorted(d for d, _o in _numbers(text))


def numbers_problem(msgid: str, msgstr: str) -> str | None:
    """Every number of the source stays, and none is added.  An ordinal of the
    source ("2nd edition") may be written out in words ("deuxième", «الثانية»)."""
    have = Counter(numbers(msgstr))
    must = Counter(d for d, ordinal in _numbers(msgid) if not ordinal)
    may = Counter(numbers(msgid))
    if must - have or have - may:
        return (
            f"numbers differ (source {', '.join(numbers(msgid)) or 'none'}; "
            f"translation {', '.join(numbers(msgstr)) or 'none'}); keep every number"
        )
    return None


_GLOSS_RE = re.compile(r"\(\s*[*_]*([^()*_\n]{3,}?)[*_]*\s*\)")


def _repeated_glosses(text: str) -> list[str]:
    """Brackets that say again the words just before them: "loi 1901 (*loi 1901*)"."""
    found = []
    for m in _GLOSS_RE.finditer(text):
        gloss = " ".join(m.group(1).split()).casefold()
        before = " ".join(re.sub(r"[*_]", "", text[: m.start()]).split()).casefold()
        cut = len(before) - len(gloss)
        if before.endswith(gloss) and (cut == 0 or not before[cut - 1].isalnum()):
            found.append(gloss)
    return found


def repeated_gloss_problem(msgid: str, msgstr: str) -> str | None:
    """The source glosses a foreign term in brackets ("the association under the
    law of 1901 (*association loi 1901*)"); a language that uses the term itself
    then reads it twice, in every format (fundraising-fr.pdf, edition 2)."""
    extra = Counter(_repeated_glosses(msgstr)) - Counter(_repeated_glosses(msgid))
    if extra:
        term = next(iter(extra))
        return (
            f"“{term}” is followed by itself in brackets; say it once (keep its emphasis, "
            f"drop the brackets)"
        )
    return None


def compare(msgid: str, msgstr: str) -> list[str]:
    """Everything ``make check-po`` says about one translated document message."""
    problems = structure(msgid, msgstr)
    for problem in (numbers_problem(msgid, msgstr), repeated_gloss_problem(msgid, msgstr)):
        if problem:
            problems.append(problem)
    return problems


def too_long(msgid: str, msgstr: str, factor: int = 10, slack: int = 500) -> list[str]:
    """A translation many times the length of its source is never a translation of it
    (one pasted megabyte tripled a PDF): refused like a structure change."""
    if len(msgstr) <= factor * len(msgid) + slack:
        return []
    return [
        f"the translation is {len(msgstr):,} characters for a source of {len(msgid):,}; "
        "translate this "
        "message only (the rest of the text belongs to other messages)"
    ]


def length_ratio_suspicious(msgid: str, msgstr: str, low: float = 0.35, high: float = 3.0) -> bool:
    if len(msgid) < 40:
        return False
    ratio = len(msgstr) / max(1, len(msgid))
    return ratio < low or ratio > high
