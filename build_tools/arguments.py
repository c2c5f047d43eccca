"""Checks of every value a user passes (make variables, command-line options), before anything runs.

Each check returns the clean value or raises ``ArgumentError`` with one sentence:
what is wrong and what to write instead.  Values reach Python through the
environment (see the Makefile), never through a shell, so these checks are about
meaning (a page size that can reach CSS, a language code that can reach a path),
not about quoting.
"""

from __future__ import annotations

import re
from pathlib import Path


class ArgumentError(ValueError):
    """A bad value on the command line: the message says which and what to write."""


# CSS named page sizes (CSS Paged Media, as WeasyPrint knows them).
PAGE_SIZES = ("A3", "A4", "A5", "A6", "B4", "B5", "JIS-B4", "JIS-B5", "letter", "legal", "ledger")
_LENGTH = r"\d{1,4}(?:\.\d{1,3})?(?:mm|cm|in|pt|pc|px|Q)"
_TWO_LENGTHS = re.compile(rf"^({_LENGTH}) ({_LENGTH})$")
# BCP 47 language tag as used by locales/ (sphinx-intl writes a region with "_"): a 2-3 letter
# language, then optional script/region/variant subtags.  No dot, slash or other path character.
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_](?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3}|[A-Za-z0-9]{5,8}))*$")
_TOOLKIT = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
_EDITION = re.compile(r"^[1-9][0-9]{0,3}$")
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/~^@{}-]{0,200}$")


def validate_page_size(value: str) -> str:
    """A4, a5, letter ... or two CSS lengths with units ("170mm 240mm"); returns the spelling CSS
    wants."""
    text = " ".join(str(value).split())
    for name in PAGE_SIZES:
        if text.lower() == name.lower():
            return name
    m = _TWO_LENGTHS.match(text)
    if m:
        return text
    raise ArgumentError(
        f"PAGE_SIZE={value!r} is not a page size; use one of {', '.join(PAGE_SIZES)} "
        f"or two lengths with units, e.g. PAGE_SIZE='170mm 240mm'"
    )


def page_size_slug(page_size: str) -> str:
    """For file names: 'a4', '170mmx240mm'."""
    return validate_page_size(page_size).lower().replace(" ", "x")


def validate_language(code: str, new: bool = False) -> str:
    """A language code of locales/ (fr, so, pt_BR, sr-Latn).  With *new*, babel must also know
    it."""
    code = str(code).strip()
    if not _LANG.match(code):
        raise ArgumentError(
            f"BOOK_LANG={code!r} is not a language code; write a BCP 47 code such as fr, so, ar "
            "or pt_BR (letters only, no dots or slashes)"
        )
    if new:
        from babel import Locale, UnknownLocaleError  # noqa: PLC0415

        try:
            Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise ArgumentError(
                f"BOOK_LANG={code!r} is not a language babel knows; check the code "
                "(ISO 639-1, e.g. so for Somali, ti for Tigrinya)"
            ) from None
    return code


def validate_languages(value: str | None) -> str | None:
    if not value:
        return value
    return ",".join(validate_language(part) for part in value.split(",") if part.strip())


def validate_toolkits(value: str | None, known: list[str]) -> str | None:
    """Comma-separated names of existing toolkit folders."""
    if not value:
        return value
    names = [part.strip() for part in value.split(",") if part.strip()]
    for name in names:
        if not _TOOLKIT.match(name) or name not in known:
            raise ArgumentError(f"TOOLKIT={name!r} is not a toolkit; use one of {', '.join(known)}")
    return ",".join(names)


def validate_edition(value: str, where: str = "edition") -> str:
    if not _EDITION.match(str(value)):
        raise ArgumentError(
            f'{where} = {value!r} is not an edition number; write a whole number such as "2"'
        )
    return str(value)


def validate_chapter(value) -> int | None:
    if value in (None, ""):
        return None
    if not re.fullmatch(r"[0-9]{1,2}", str(value)) or int(value) < 1:
        raise ArgumentError(
            f"CHAPTER={value!r} is not a chapter number; write a number from 1 to 99"
        )
    return int(value)


def validate_ref(value: str) -> str:
    """A git revision for BASE (no option, no shell character)."""
    if not _REF.match(str(value)) or ".." in str(value):
        raise ArgumentError(
            f"BASE={value!r} is not a git branch, tag or commit; write e.g. BASE=main"
        )
    return str(value)


def validate_docx(value: str | None) -> Path:
    if not value:
        raise ArgumentError(
            "FILE is missing; say which manuscript: "
            "make import-docx FILE=chapter.docx TOOLKIT=networking"
        )
    path = Path(value)
    if not path.is_file():
        raise ArgumentError(f"{value}: no such file; check the FILE= path")
    if path.suffix.lower() != ".docx":
        raise ArgumentError(f"{value}: not a .docx file; save the manuscript from Word as .docx")
    return path
