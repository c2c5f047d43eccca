"""Translation status: translated, fuzzy and untranslated messages and words."""

from __future__ import annotations

from dataclasses import dataclass

from ..project import Project
from .catalogues import catalogues


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


def _per_file(project: Project, lang: str) -> list[tuple[str, Counts]]:
    """Counts of each usable catalogue (the strict reader leaves out refused files and catalogues
    of documents that do not exist), each file read once."""
    out = []
    for rel, _path, po in catalogues(project.source_dir, project.locale_dir, lang):
        c = Counts()
        for e in po:
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
        out.append((rel, c))
    return out


def _total(files: list[tuple[str, Counts]], prefix: str = "") -> Counts:
    """The counts of the catalogues under *prefix* (a folder ``kit/`` or one file ``ui.po``)."""
    c = Counts()
    for rel, f in files:
        if prefix and not rel.startswith(prefix):
            continue
        if prefix and prefix.endswith(".po") and rel != prefix:
            continue
        c.translated += f.translated
        c.fuzzy += f.fuzzy
        c.untranslated += f.untranslated
        c.words_translated += f.words_translated
        c.words_total += f.words_total
    return c


def count(project: Project, lang: str, prefix: str = "") -> Counts:
    """Counts of the usable catalogues under *prefix*."""
    return _total(_per_file(project, lang), prefix)


def completeness(project: Project, lang: str) -> dict[str, float]:
    """Share of translated messages per toolkit (its own catalogues plus the
    shared glossary, which every toolkit carries) and for the landing page."""
    if lang == "en":
        return {k.slug: 1.0 for k in project.toolkits} | {"_site": 1.0}
    files = _per_file(project, lang)
    glossary = _total(files, "_shared/")
    out = {}
    for kit in project.toolkits:
        own = _total(files, f"{kit.slug}/")
        total = own.total + glossary.total
        out[kit.slug] = (own.translated + glossary.translated) / total if total else 0.0
    out["_site"] = _total(files, "index.po").ratio
    out["_shared"] = glossary.ratio
    return out


def rows(project: Project, langs: list[str]) -> list[tuple[str, str, Counts]]:
    """(language, part, counts) for each toolkit, the glossary and the interface (each catalogue
    read once per language: the status page is written in every site run)."""
    parts = [(k.slug, f"{k.slug}/") for k in project.toolkits] + [
        ("glossary", "_shared/"),
        ("interface", "ui.po"),
    ]
    out = []
    for lang in langs:
        files = _per_file(project, lang)
        for name, prefix in parts:
            out.append((lang, name, _total(files, prefix)))
        out.append((lang, "all", _total(files)))
    return out


def print_table(project: Project, lang: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    langs = [code for code in project.select(None, lang)[1] if code != "en"]
    threshold = float(project.series.get("translation_threshold", 0.9))
    table = Table(title=f"Translation status (release threshold {threshold:.0%})")
    for col in ("language", "part", "translated", "fuzzy", "untranslated", "words done", "done"):
        table.add_column(col, justify="left" if col in ("language", "part") else "right")
    for lang_code, part, c in rows(project, langs):
        done = f"{c.ratio:.0%}" if c.total else "-"
        style = "bold" if part == "all" else None
        table.add_row(
            lang_code,
            part,
            str(c.translated),
            str(c.fuzzy),
            str(c.untranslated),
            f"{c.words_translated}/{c.words_total}",
            done,
            style=style,
        )
    console = Console()
    console.print(table)
    for lang_code in langs:  # refused catalogues are not counted: say which and why
        refused: list[str] = []
        list(catalogues(project.source_dir, project.locale_dir, lang_code, refused))
        for problem in refused:
            console.print(f"not counted: {problem}", markup=False, highlight=False, soft_wrap=True)
