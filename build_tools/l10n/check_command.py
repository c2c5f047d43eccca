"""``make check-po``: check translators' catalogues; every finding is file:line and a fix.

The same reader and the same allow-list as the build (``catalogues``):
1. the file: UTF-8 text, a UTF-8 charset header, valid PO syntax, a document
   in ``source/`` that it translates (``catalogues.read``, ``orphan_problem``);
2. each translated message keeps its source's structure (``catalogues.entry_problems``:
   ``message_checks.structure`` for documents, ``message_checks.interface`` for ``ui.po``),
   and plural messages have the language's number of forms (Babel);
3. numbers (``message_checks.numbers``), a gloss that repeats its term
   (``message_checks.repeated_gloss_problem``), then GNU ``msgfmt --check`` where installed;
4. suspicious length ratios and fuzzy messages (notes, not failing).
A message that fails 2 is not used by the build: the English falls back.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..project import Project
from . import catalogues, message_checks


@dataclass
class Finding:
    path: Path
    line: int
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        kind = "error" if self.fatal else "note"
        return f"{self.path}:{self.line}: {kind}: {self.message}"


def msgfmt_check(path: Path) -> list[Finding]:
    """GNU gettext's own checks (format strings, header), when it is installed."""
    exe = shutil.which("msgfmt")
    if not exe:
        return []
    proc = subprocess.run(
        [exe, "--check-format", "--check-header", "--check-domain", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    out = []
    for line in proc.stderr.splitlines():
        parts = line.split(":", 3)
        if len(parts) >= 3 and parts[1].isdigit():
            out.append(
                Finding(
                    path, int(parts[1]), parts[-1].strip() + " (fix the .po syntax at this line)"
                )
            )
        elif "fatal" in line or "error" in line:
            out.append(Finding(path, 1, line.strip()))
    return out


def check_file(path: Path, rel: str | None = None, lang: str | None = None) -> list[Finding]:
    """Findings for one catalogue; *rel* is its name under LC_MESSAGES (``ui.po``,
    ``alpha/01.po``)."""
    try:
        po = catalogues.read(path)
    except catalogues.CatalogueError as err:
        return [Finding(path, err.line, err.message)]
    rel = rel or ("ui.po" if path.name == "ui.po" else path.name)
    lang = lang or po.metadata.get("Language", "") or "en"
    nplurals, rule = catalogues.plural_forms(lang)
    findings = []
    for entry in po:
        if (
            entry.obsolete
            or not entry.msgid
            or not (entry.msgstr or any(entry.msgstr_plural.values()))
        ):
            continue
        if (
            entry.msgid_plural
            and rel == catalogues.UI_CATALOGUE
            and len(entry.msgstr_plural) != nplurals
        ):
            findings.append(
                Finding(
                    path,
                    entry.linenum,
                    f"{len(entry.msgstr_plural)} plural forms where {lang} has "
                    f"{nplurals} ({rule}); give msgstr[0] to msgstr[{nplurals - 1}]",
                )
            )
        problems = catalogues.entry_problems(rel, entry)
        if rel != catalogues.UI_CATALOGUE and not entry.msgid_plural:
            problems += [
                p
                for p in (
                    message_checks.numbers_problem(entry.msgid, entry.msgstr),
                    message_checks.repeated_gloss_problem(entry.msgid, entry.msgstr),
                )
                if p
            ]
        # A fuzzy message is not used (its source changed since it was translated): what no
        # longer fits the new source is what the translator revises, so it is a note, not an error.
        fuzzy = "fuzzy" in entry.flags
        findings += [
            Finding(path, entry.linenum, f"fuzzy, revise: {p}" if fuzzy else p, fatal=not fuzzy)
            for p in problems
        ]
        if message_checks.length_ratio_suspicious(entry.msgid, entry.msgstr):
            findings.append(
                Finding(
                    path,
                    entry.linenum,
                    "translation is much shorter or longer than the source; "
                    "check nothing is missing or added",
                    fatal=False,
                )
            )
        if "fuzzy" in entry.flags:
            findings.append(
                Finding(
                    path,
                    entry.linenum,
                    "fuzzy: not used in the build until you review it and remove the fuzzy flag",
                    fatal=False,
                )
            )
    if not findings:
        findings += msgfmt_check(path)
    return findings


def check(project: Project, langs: list[str]) -> list[Finding]:
    findings = []
    for lang in langs:
        root = project.locale_dir / lang / "LC_MESSAGES"
        for po in catalogues.po_files(project.locale_dir, lang):
            rel = po.relative_to(root).as_posix()
            if orphan := catalogues.orphan_problem(project.source_dir, rel):
                findings.append(Finding(po, 1, orphan))
                continue
            findings += check_file(po, rel, lang)
    return findings
