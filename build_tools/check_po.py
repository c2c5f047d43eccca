"""``make check-po``: check translators' catalogues; every finding is file:line and a fix.

1. syntax: ``msgfmt --check`` (GNU gettext), the compiler translators' tools also use;
2. each translated message against its source (``po_checks.compare``): roles and
   their targets, numbers, URLs, substitutions, bold and code marks, links;
3. markup that could reach the site as HTML or script (``po_checks.unsafe_markup``);
4. suspicious length ratios (reported, not failing).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib

from . import po_checks
from .project import Project


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
    exe = shutil.which("msgfmt")
    if exe:
        proc = subprocess.run([exe, "--check-format", "--check-header", "--check-domain", "-o", "/dev/null", str(path)],
                              capture_output=True, text=True)
        out = []
        for line in proc.stderr.splitlines():
            parts = line.split(":", 3)
            if len(parts) >= 3 and parts[1].isdigit():
                out.append(Finding(path, int(parts[1]), parts[-1].strip() + " (fix the .po syntax at this line)"))
            elif "fatal" in line or "error" in line:
                out.append(Finding(path, 1, line.strip()))
        return out
    try:  # no GNU gettext: polib's parser still catches broken syntax
        polib.pofile(str(path))
    except (OSError, ValueError) as exc:
        return [Finding(path, 1, f"cannot parse the catalogue: {exc}")]
    return []


def check_file(path: Path) -> list[Finding]:
    findings = msgfmt_check(path)
    if any(f.fatal for f in findings):
        return findings
    for entry in polib.pofile(str(path), wrapwidth=0):
        if entry.obsolete or not entry.msgid or not entry.msgstr:
            continue
        for problem in po_checks.compare(entry.msgid, entry.msgstr):
            findings.append(Finding(path, entry.linenum, problem))
        if po_checks.length_ratio_suspicious(entry.msgid, entry.msgstr):
            findings.append(Finding(path, entry.linenum, "translation is much shorter or longer than the source; "
                                                         "check nothing is missing or added", fatal=False))
        if "fuzzy" in entry.flags:
            findings.append(Finding(path, entry.linenum, "fuzzy: not used in the build until you review it and "
                                                         "remove the fuzzy flag", fatal=False))
    return findings


def check(project: Project, langs: list[str]) -> list[Finding]:
    findings = []
    for lang in langs:
        for po in sorted((project.locale_dir / lang / "LC_MESSAGES").rglob("*.po")):
            findings += check_file(po)
    return findings
