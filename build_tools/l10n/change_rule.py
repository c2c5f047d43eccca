"""The rule: a change either refreshes catalogues or translates, never both.

``python -m build_tools check-po-change --base REV`` compares every ``.po``
file with its version at REV: a change of the set of msgids is a refresh,
a change of msgstr for an unchanged msgid is translation work.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib


def classify(old_text: str, new_text: str) -> tuple[bool, bool]:
    """(refreshed, translated) between two versions of one catalogue."""
    old = (
        {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(old_text) if not e.obsolete}
        if old_text
        else {}
    )
    new = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(new_text) if not e.obsolete}
    refreshed = set(old) != set(new)
    translated = any(old[k] != new[k] for k in set(old) & set(new))
    return refreshed, translated


def check(root: Path, base: str) -> list[str]:
    files = subprocess.run(
        ["git", "-C", str(root), "diff", "--name-only", base, "--", "locales"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    refreshed, translated = [], []
    for rel in (f for f in files if f.endswith(".po")):
        path = root / rel
        if not path.exists():
            continue
        old = subprocess.run(
            ["git", "-C", str(root), "show", f"{base}:{rel}"], capture_output=True, text=True
        )
        r, t = classify(old.stdout if old.returncode == 0 else "", path.read_text(encoding="utf-8"))
        if r:
            refreshed.append(rel)
        if t:
            translated.append(rel)
    if refreshed and translated:
        return [
            f"this change both refreshes catalogues ({refreshed[0]}, …) "
            f"and translates ({translated[0]}, …); "
            "split it: commit `make update-po` alone, then the translation"
        ]
    return []
