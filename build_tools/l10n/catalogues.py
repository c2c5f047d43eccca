"""Translator catalogues: read them strictly, compile them safely, look strings up.

Translators' ``.po`` files are untrusted input.  One reader (``read``) serves
the build's compilation, ``make stats`` and ``make check-po``:

- a file that is not UTF-8 text, declares another charset or breaks the PO
  syntax is refused as a whole, with ``file.po:line`` and the fix (never a
  truncated string, never mojibake);
- a catalogue whose document is not in ``source/`` is refused too (it would
  count in the statistics and could override Sphinx's own interface strings).

Sphinx would compile catalogues as they are; we compile them here instead,
into ``build/.work/locale``.  A message reaches a book only when it is
translated, not fuzzy, and keeps the structure of its source
(``message_checks.structure``; ``message_checks.interface`` for ``ui.po``).  Plural
messages get the language's plural rule from Babel.  Dropped messages fall
back to English and are reported, never shipped silently.
"""

from __future__ import annotations

import datetime
import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural

from . import message_checks

UI_CATALOGUE = "ui.po"  # interface strings (plain text), not a document
# ``<toolkit>/figures.po``: the labels of a toolkit's SVG figures (``figures.py``),
# plain text like the interface; it belongs to the toolkit's ``images/`` folder.
FIGURES_CATALOGUE = "figures.po"
STRING_RE = re.compile(r'"(?:[^"\\]|\\[\\"abfnrtv0-7xX?])*"')
KEYWORD_RE = re.compile(r'(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+(?=")')
CHARSET_RE = re.compile(r"charset\s*=\s*([\w.:-]+)", re.I)


class CatalogueError(Exception):
    """A catalogue refused as a whole: ``file:line: what is wrong; what to do``."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class CompileReport:
    lang: str
    written: int = 0
    removed: int = 0
    dropped: list[str] = field(default_factory=list)  # "file:line: reason (message not used)"
    refused: list[str] = field(default_factory=list)  # whole files: "file:line: reason"
    # relative name -> {"po": size|mtime of the .po, "mo": size of the .mo, "dropped": [...]}:
    # what the next compilation may reuse without checking the file's messages again.
    files: dict[str, dict] = field(default_factory=dict)

    @property
    def problems(self) -> list[str]:
        return self.refused + self.dropped


def po_files(locale_dir: Path, lang: str) -> list[Path]:
    return sorted((locale_dir / lang / "LC_MESSAGES").rglob("*.po"))


# ------------------------------------------------------------------ reading


def _check_syntax(path: Path, text: str) -> None:
    """Every line is a comment, blank, or a keyword and/or one complete string."""
    for number, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = KEYWORD_RE.match(s)
        rest = s[m.end() :] if m else s
        if not STRING_RE.fullmatch(rest.rstrip()):
            what = (
                'the string is not closed (or has an unescaped " inside)'
                if rest.startswith('"')
                else "this line is neither a comment, a keyword (msgid, msgstr…) "
                "nor a quoted string"
            )
            raise CatalogueError(
                path,
                number,
                f'{what}; fix the .po syntax at this line (write \\" for a quote inside a string)',
            )


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise CatalogueError(
            path,
            1,
            "binary data, not a text catalogue; restore the .po file from your "
            "translation tool or from git",
        )
    try:
        return data.decode("utf-8-sig")  # a byte-order mark (Notepad) is UTF-8 too
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            path,
            line,
            "the file is not UTF-8 text; save it as UTF-8 (in Poedit: "
            "Catalogue > Properties > Charset UTF-8)",
        ) from None


def _check_charset(path: Path, po: polib.POFile) -> None:
    m = CHARSET_RE.search(po.metadata.get("Content-Type", ""))
    if not m or m.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        said = f"charset={m.group(1)}" if m else "no charset"
        raise CatalogueError(
            path,
            1,
            f"the header says {said}; the build reads catalogues as UTF-8: save the "
            'file as UTF-8 and set "Content-Type: text/plain; charset=UTF-8\\n"',
        )


_CACHE: dict[Path, tuple[tuple[int, int], polib.POFile | CatalogueError]] = {}


def read(path: Path) -> polib.POFile:
    """The catalogue at *path*, read strictly; raises ``CatalogueError``.

    Parsed catalogues are cached by (size, mtime): the build, the statistics
    and the status charts read each file once per process.
    """
    st = path.stat()
    key = (st.st_size, st.st_mtime_ns)
    cached = _CACHE.get(path)
    if cached and cached[0] == key:
        if isinstance(cached[1], CatalogueError):
            raise cached[1]
        return cached[1]
    try:
        text = _decode(path, path.read_bytes())
        _check_syntax(path, text)
        try:
            po = polib.pofile(text, wrapwidth=0)
        except (OSError, ValueError) as exc:
            raise CatalogueError(path, _line_of(exc), f"{exc}; fix the .po syntax there") from None
        _check_charset(path, po)
    except CatalogueError as err:
        _CACHE[path] = (key, err)
        raise
    po.fpath = str(path)
    _CACHE[path] = (key, po)
    return po


def _line_of(exc: Exception) -> int:
    m = re.search(r"line (\d+)", str(exc))
    return int(m.group(1)) if m else 1


def is_figures(rel: str) -> bool:
    parts = Path(rel).parts
    return len(parts) == 2 and parts[1] == FIGURES_CATALOGUE


def document_for(source_dir: Path, rel: str) -> Path | None:
    """What a catalogue translates: a document, a toolkit's figures folder, or
    nothing to check (None, the interface catalogue)."""
    if rel == UI_CATALOGUE:
        return None
    if is_figures(rel):
        return source_dir / Path(rel).parent / "images"
    return source_dir / Path(rel).with_suffix(".md")


def orphan_problem(source_dir: Path, rel: str) -> str | None:
    """Why the catalogue *rel* translates nothing (None when its document exists)."""
    doc = document_for(source_dir, rel)
    if doc is None or (doc.is_dir() if is_figures(rel) else doc.is_file()):
        return None
    if is_figures(rel):
        return (
            f"there is no folder source/{Path(rel).parent.as_posix()}/images "
            "with figures for this catalogue; "
            "it is not used or counted: delete it, or check the toolkit's folder name"
        )
    return (
        f"there is no document source/{Path(rel).with_suffix('.md').as_posix()} "
        "for this catalogue; it is not used or counted: "
        "rename it to match a document (see `make update-po`) or delete it"
    )


def catalogues(source_dir: Path, locale_dir: Path, lang: str, report: list[str] | None = None):
    """(relative name, path, catalogue) of every usable catalogue of *lang*.

    Refused files are left out and described in *report* (when given).
    """
    root = locale_dir / lang / "LC_MESSAGES"
    for path in po_files(locale_dir, lang):
        rel = path.relative_to(root).as_posix()
        problem = orphan_problem(source_dir, rel)
        if problem is not None:
            problem = f"{path}:1: {problem}"
        else:
            try:
                yield rel, path, read(path)
                continue
            except CatalogueError as err:
                problem = f"{err} (file not used)"
        if report is not None:
            report.append(problem)


# ------------------------------------------------------------------ checking


def entry_problems(rel: str, entry: polib.POEntry) -> list[str]:
    """Why a translated entry may not be used (the allow-list; empty = use it)."""
    if is_figures(rel):  # figure labels are plain text, drawn by lxml
        return message_checks.interface(entry.msgid, entry.msgstr)
    if rel == UI_CATALOGUE:
        if entry.msgid_plural:
            out = []
            for n, text in sorted(entry.msgstr_plural.items()):
                out += message_checks.interface(
                    entry.msgid_plural if n else entry.msgid, text, plural_form=True
                )
            return out
        return message_checks.interface(entry.msgid, entry.msgstr)
    if entry.msgid_plural:
        return [
            "plural forms in a document catalogue (documents have none); remove msgid_plural and "
            "msgstr[n], and translate the message in one msgstr"
        ]
    problems = message_checks.structure(entry.msgid, entry.msgstr) + message_checks.too_long(
        entry.msgid, entry.msgstr
    )
    if rel == "index.po" or rel.endswith("/index.po"):  # book titles and subtitles: plain text too
        problems += message_checks.plain_text(entry.msgid, entry.msgstr)
    return problems


def used(entry: polib.POEntry) -> bool:
    translated = entry.msgstr or any(entry.msgstr_plural.values())
    return bool(entry.msgid and translated and not entry.obsolete and "fuzzy" not in entry.flags)


# ------------------------------------------------------------------ compiling


def plural_forms(lang: str) -> tuple[int, str]:
    try:
        return tuple(get_plural(lang))
    except Exception:  # an unknown language code: Babel's default rule
        return 2, "(n != 1)"


# Babel stamps a new catalogue's header with the current minute (POT-Creation-Date), which went
# into every .mo: each build a minute after the last one saw "changed" catalogues and rebuilt
# every language.  A fixed date keeps a .mo a function of its .po alone.
FIXED_DATE = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _empty_catalog(lang: str) -> Catalog:
    """A catalogue whose Plural-Forms header is Babel's rule for *lang*."""
    dates = {"creation_date": FIXED_DATE, "revision_date": FIXED_DATE}
    try:
        return Catalog(locale=lang, charset="utf-8", **dates)
    except Exception:  # an unknown language code (fixture languages)
        return Catalog(locale=None, charset="utf-8", **dates)


def _mo_bytes(po_path: Path, report: CompileReport, rel: str | None = None) -> bytes:
    po = read(po_path)
    rel = rel or po_path.name
    nplurals, rule = plural_forms(report.lang)
    catalog = _empty_catalog(report.lang)
    for entry in po:
        if not used(entry):
            continue
        if entry.msgid_plural and rel == UI_CATALOGUE and len(entry.msgstr_plural) != nplurals:
            report.dropped.append(
                f"{po_path}:{entry.linenum}: {len(entry.msgstr_plural)} plural forms where "
                f"{report.lang} has {nplurals} ({rule}); give msgstr[0] to "
                f"msgstr[{nplurals - 1}] (message not used)"
            )
            continue
        problems = entry_problems(rel, entry)
        if problems:
            report.dropped.append(f"{po_path}:{entry.linenum}: {problems[0]} (message not used)")
            continue
        if entry.msgid_plural:
            strings = tuple(entry.msgstr_plural[n] for n in range(nplurals))
            catalog.add((entry.msgid, entry.msgid_plural), strings, context=entry.msgctxt)
        else:
            catalog.add(entry.msgid, entry.msgstr, context=entry.msgctxt)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_language(
    locale_dir: Path,
    out_dir: Path,
    lang: str,
    source_dir: Path | None = None,
    reuse: dict[str, dict] | None = None,
) -> CompileReport:
    """Compile every usable catalogue of *lang*; rewrite a .mo only when its bytes change.

    A ``.mo`` without a usable ``.po`` (deleted, renamed or refused) is removed,
    so that an old translation never outlives its catalogue.  *reuse*: an earlier report's
    ``files``, made by the same code (``state.py`` keeps them): a catalogue whose ``.po`` has the
    same size and mtime and whose ``.mo`` is still there is not checked and compiled again (a
    one-message edit checks one catalogue, not 38).
    """
    report = CompileReport(lang)
    source_dir = source_dir or locale_dir.parent / "source"
    mo_root = out_dir / lang / "LC_MESSAGES"
    keep = set()
    for rel, po, _cat in catalogues(source_dir, locale_dir, lang, report.refused):
        target = mo_root / Path(rel).with_suffix(".mo")
        keep.add(target)
        st = po.stat()
        key = f"{st.st_size}|{st.st_mtime_ns}"
        old = (reuse or {}).get(rel)
        if old and old["po"] == key and target.is_file() and target.stat().st_size == old["mo"]:
            report.dropped += old["dropped"]
            report.files[rel] = old
            continue
        before = len(report.dropped)
        data = _mo_bytes(po, report, rel)
        report.files[rel] = {"po": key, "mo": len(data), "dropped": report.dropped[before:]}
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".mo.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        report.written += 1
    for stale in sorted(mo_root.rglob("*.mo")) if mo_root.is_dir() else []:
        if stale not in keep:
            stale.unlink()
            report.removed += 1
    return report


def translations(mo_dir: Path, lang: str, domain: str) -> gettext.NullTranslations:
    """The compiled catalogue *domain* of *lang*, read now (``NullTranslations`` when missing).

    Not ``gettext.translation``: it keeps every catalogue it opened for the life of the process,
    so a process that builds twice (the tests, a worker) would keep an edited catalogue's old
    words.
    """
    path = gettext.find(domain, localedir=str(mo_dir), languages=[lang])
    if path is None:
        return gettext.NullTranslations()
    with open(path, "rb") as f:
        return gettext.GNUTranslations(f)


def translator(mo_dir: Path, lang: str, domain: str):
    """gettext function for one document's catalogue (identity when missing)."""
    return translations(mo_dir, lang, domain).gettext


def ui_format(ui, msgid: str, values) -> str:
    """A translated interface string with its placeholders filled; the English one if a translator
    broke them (``make check-po`` names the message; the build must not stop on it).  Called by
    this bare name so ``workflow.extract_ui`` finds *msgid* (``UI_MARKERS``)."""
    try:
        return str(ui(msgid)) % values
    except (KeyError, ValueError, TypeError):
        return msgid % values
