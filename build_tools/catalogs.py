"""Translator catalogues: compile them safely, look strings up, count them.

Translators' ``.po`` files are untrusted input.  Sphinx would compile them as
they are; we compile them here instead, into ``build/.work/locale``, and a
message only reaches a build when it is translated, not fuzzy, and free of
markup that could inject HTML (see ``po_checks.unsafe_markup``).  Dropped
messages fall back to English and are reported, never shipped silently.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from . import po_checks


@dataclass
class CompileReport:
    lang: str
    written: int = 0
    dropped: list[str] = field(default_factory=list)   # "file:line: reason"


def po_files(locale_dir: Path, lang: str) -> list[Path]:
    return sorted((locale_dir / lang / "LC_MESSAGES").rglob("*.po"))


def _mo_bytes(po_path: Path, report: CompileReport) -> bytes:
    catalog_po = polib.pofile(str(po_path), wrapwidth=0)
    for entry in catalog_po:
        if not entry.msgstr and not any(entry.msgstr_plural.values()):
            continue
        problems = po_checks.unsafe_markup(entry.msgstr)
        if problems:
            report.dropped.append(f"{po_path}:{entry.linenum}: {problems[0]} (message not used)")
            entry.msgstr = ""
    buf = io.BytesIO(catalog_po.__unicode__().encode("utf-8"))
    catalog = read_po(buf, locale=None, abort_invalid=False)
    for message in list(catalog):
        if message.fuzzy and message.id:
            catalog.delete(message.id, context=message.context)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_language(locale_dir: Path, out_dir: Path, lang: str) -> CompileReport:
    """Compile every catalogue of *lang*; rewrite a .mo only when its bytes change."""
    report = CompileReport(lang)
    src_root = locale_dir / lang / "LC_MESSAGES"
    for po in po_files(locale_dir, lang):
        target = out_dir / lang / "LC_MESSAGES" / po.relative_to(src_root).with_suffix(".mo")
        data = _mo_bytes(po, report)
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".mo.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        report.written += 1
    return report


def translator(mo_dir: Path, lang: str, domain: str):
    """gettext function for one document's catalogue (identity when missing)."""
    try:
        t = gettext.translation(domain, localedir=str(mo_dir), languages=[lang])
    except OSError:
        return lambda s: s
    return t.gettext
