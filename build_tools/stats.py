"""Translation status: translated, fuzzy and untranslated messages and words."""

from __future__ import annotations

from dataclasses import dataclass

import polib

from .catalogs import po_files
from .project import Project


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words_translated: int = 0
    words_total: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def ratio(self) -> float:
        return self.translated / self.total if self.total else 0.0


def count(project: Project, lang: str, prefix: str = "") -> Counts:
    c = Counts()
    root = project.locale_dir / lang / "LC_MESSAGES"
    for po in po_files(project.locale_dir, lang):
        rel = po.relative_to(root).as_posix()
        if prefix and not rel.startswith(prefix):
            continue
        if rel == "ui.po" and prefix:
            continue
        for e in polib.pofile(str(po), wrapwidth=0):
            if e.obsolete or not e.msgid:
                continue
            words = len(e.msgid.split())
            c.words_total += words
            if "fuzzy" in e.flags:
                c.fuzzy += 1
            elif e.translated():
                c.translated += 1
                c.words_translated += words
            else:
                c.untranslated += 1
    return c


def completeness(project: Project, lang: str) -> float:
    """Share of translated messages over all catalogues of *lang* (0 when none)."""
    return count(project, lang).ratio
