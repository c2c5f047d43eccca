"""Checks on translated messages.

``unsafe_markup`` guards the build: a message that fails it is never compiled
(see ``catalogs``).  The other checks compare a translation with its source
message and are reported by ``make check-po``; each finding says what to fix.
"""

from __future__ import annotations

import html
import re

ROLE_RE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
AUTOLINK_RE = re.compile(r"<(?:https?|mailto):[^<>\s]+>")
TAG_RE = re.compile(r"<\s*/?\s*[A-Za-z][\w:-]*(?:\s[^<>]*)?/?\s*>|<!--|<!\[CDATA\[|<\?")
EVENT_ATTR_RE = re.compile(r"\bon[a-z]+\s*=", re.I)
SCHEME_RE = re.compile(r"(?:java|vb)script\s*:|data\s*:\s*text/html", re.I)
# MyST constructs that pass content through without escaping it.
RAW_DIRECTIVE_RE = re.compile(r"(?:^|\n)\s*(?:`{3,}|:{3,}|~{3,})\s*\{(?:raw|eval-rst|include|literalinclude)\}", re.I)
RAW_ROLE_RE = re.compile(r"\{raw(?:-[\w]+)?\}`", re.I)
NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,\u066b\u066c]\d+)*(?![\w])")
URL_RE = re.compile(r"https?://[^\s<>`)\]]+")
SUBST_RE = re.compile(r"\{\{\s*[\w.-]+\s*\}\}")


def unsafe_markup(msgstr: str) -> list[str]:
    """Reasons why *msgstr* could put markup or script into the site (empty = safe)."""
    problems = []
    decoded = html.unescape(msgstr)
    # Roles (``{term}`text <target>` ``) and autolinks legitimately hold angle brackets.
    plain = AUTOLINK_RE.sub(" ", ROLE_RE.sub(" ", decoded))
    if m := TAG_RE.search(plain):
        problems.append(f"raw HTML {m.group(0)[:30]!r} in the translation; remove it (use MyST markup instead)")
    if EVENT_ATTR_RE.search(plain) and "<" in plain:
        problems.append("an HTML event-handler attribute (on...=) in the translation; remove it")
    if m := SCHEME_RE.search(decoded):
        problems.append(f"a {m.group(0)!r} URL in the translation; only http(s) and mailto links are allowed")
    if RAW_DIRECTIVE_RE.search(decoded) or RAW_ROLE_RE.search(decoded):
        problems.append("a raw/eval-rst/include directive or role in the translation; remove it")
    return problems


def roles(text: str) -> list[tuple[str, str]]:
    """(role, target) pairs, sorted: display text may change, targets may not."""
    from .sources import role_target

    return sorted((m.group(1), role_target(m.group(2))[1]) for m in ROLE_RE.finditer(text))


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def numbers(text: str) -> list[str]:
    """Numbers in a message, normalised so that 1,000 / 1 000 / ١٬٠٠٠ compare equal."""
    text = ROLE_RE.sub(" ", URL_RE.sub(" ", text)).translate(_ARABIC_DIGITS)
    text = re.sub(r"(?<=\d)[\u00a0\u202f ](?=\d{3}\b)", "", text)
    found = []
    for m in NUMBER_RE.finditer(text):
        digits = re.sub(r"[^\d]", "", m.group(0))
        found.append(digits.lstrip("0") or "0")
    return sorted(found)


def urls(text: str) -> list[str]:
    return sorted(URL_RE.findall(text))


def substitutions(text: str) -> list[str]:
    return sorted(SUBST_RE.findall(text))


INLINE_MARKS = (("**", "bold"), ("`", "code"))
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sd]|%[sd]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER_RE.findall(text))


def compare(msgid: str, msgstr: str) -> list[str]:
    """Differences between a source message and its translation that break the book."""
    problems = unsafe_markup(msgstr)
    if roles(msgid) != roles(msgstr):
        missing = sorted(set(roles(msgid)) - set(roles(msgstr)))
        extra = sorted(set(roles(msgstr)) - set(roles(msgid)))
        what = "; ".join(
            [f"missing {{{r}}}`…<{t}>`" for r, t in missing] + [f"unexpected {{{r}}}`…<{t}>`" for r, t in extra]
        )
        problems.append(f"roles changed ({what}); keep every role and its target, translate only the text before <…>")
    if numbers(msgid) != numbers(msgstr):
        problems.append(
            f"numbers differ (source {', '.join(numbers(msgid)) or 'none'}; "
            f"translation {', '.join(numbers(msgstr)) or 'none'}); keep every number"
        )
    if urls(msgid) != urls(msgstr):
        problems.append("links changed; keep every URL exactly as in the source")
    if placeholders(msgid) != placeholders(msgstr):
        problems.append(f"placeholders changed (source {placeholders(msgid)}, translation {placeholders(msgstr)}); "
                        "copy each %(name)s exactly, untranslated")
    if substitutions(msgid) != substitutions(msgstr):
        problems.append("substitutions {{…}} changed; keep them exactly")
    for mark, name in INLINE_MARKS:
        if msgid.count(mark) != msgstr.count(mark):
            problems.append(f"{name} markup ({mark}) is unbalanced or missing; mark the same words")
    if msgid.count("[") != msgstr.count("[") or msgid.count("](") != msgstr.count("]("):
        problems.append("a Markdown link [text](target) was dropped or broken; keep it")
    return problems


def length_ratio_suspicious(msgid: str, msgstr: str, low: float = 0.35, high: float = 3.0) -> bool:
    if len(msgid) < 40:
        return False
    ratio = len(msgstr) / max(1, len(msgid))
    return ratio < low or ratio > high
