"""Translator workflow: extract, update, add a language, normalise, report.

- ``gettext``: Sphinx's gettext builder writes one template per document
  (``gettext_compact = False``) to ``build/.work/gettext``; our interface
  strings (``_("…")`` in ``build_tools``) go to ``ui.pot``.
- ``update_po``: ``sphinx-intl update``, then ``normalise`` on every catalogue.
- ``normalise``: one canonical form so that ``.po`` diffs show only real
  changes: no line numbers in locations, a fixed creation date, no wrapping.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import polib

from .. import figures
from ..project import REPO, SOURCE_LANGUAGE, Project, source_date_epoch

HEADER_NOTE = "draft translation pending review by native speakers"


def pot_dir(project: Project) -> Path:
    return project.work_dir / "gettext"


UI_CALL = re.compile(r"""\bui\((['"])(.+?)\1\)""")


# Functions whose string argument at this position is an interface message.
# ``ui_format(ui, "Edition %(edition)s", …)`` looks its message up through
# ``ui``: missing it here once made update-po mark the imprint and cover lines
# obsolete, and every translated PDF printed them in English.
UI_MARKERS = {"_": 0, "ui": 0, "ui_format": 1}


def _ui_literals(path: Path):
    """(msgid, plural) of every ``_("…")``, ``ui("…")``, ``ui_format(ui, "…", …)``
    and ``ngettext("…", "…", n)`` in one Python module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
            continue
        args = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in node.args
        ]
        at = UI_MARKERS.get(node.func.id)
        if at is not None and len(args) > at and args[at]:
            yield args[at], None
        elif node.func.id == "ngettext" and len(args) >= 2 and args[0] and args[1]:
            yield args[0], args[1]


def _data_strings(project: Project):
    """Reader-facing words that live in data files, not in code: the series'
    publisher, author and rights (series.toml) and the roles and names of each
    book's credits (book.toml).  ``book_meta.book_meta`` looks them up in ui.po."""
    series = project.series
    for key in ("publisher", "author", "rights"):
        yield series[key], None, "source/series.toml"
    for kit in project.toolkits:
        for credit in kit.credits:
            role, sep, names = credit.partition(": ")
            where = f"source/{kit.slug}/book.toml"
            yield from (
                [(role + ":", None, where), (names, None, where)]
                if sep
                else [(credit, None, where)]
            )


def extract_ui(project: Project, out: Path) -> Path:
    """ui.pot: the interface strings of build_tools (code and theme templates)
    and the reader-facing words of the data files."""
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "MIME-Version": "1.0",
        "Content-Transfer-Encoding": "8bit",
        "Project-Id-Version": project.series["name"],
    }
    found: list[tuple[str, str | None, str]] = []
    for path in sorted((REPO / "build_tools").rglob("*.py")):
        if not path.name.startswith("test_"):
            found += [(m, pl, path.relative_to(REPO).as_posix()) for m, pl in _ui_literals(path)]
    for path in sorted((REPO / "build_tools" / "theme").rglob("*.html")):
        found += [
            (m.group(2), None, path.relative_to(REPO).as_posix())
            for m in UI_CALL.finditer(path.read_text(encoding="utf-8"))
        ]
    found += list(_data_strings(project))
    seen: dict[str, polib.POEntry] = {}
    for msgid, plural, where_file in found:
        where = (where_file, "")
        if msgid in seen:
            if where not in seen[msgid].occurrences:
                seen[msgid].occurrences.append(where)
            continue
        entry = polib.POEntry(msgid=msgid, msgstr="", occurrences=[where])
        if plural:
            entry.msgid_plural, entry.msgstr = plural, ""
            entry.msgstr_plural = {0: "", 1: ""}
        if "%" in msgid:
            entry.flags.append("python-format")
        seen[msgid] = entry
        pot.append(entry)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "ui.pot"
    pot.save(str(target))
    return target


def extract_figures(project: Project, out: Path) -> None:
    """<toolkit>/figures.pot: the words of the toolkit's SVG figures (``figures.pot``)."""
    for kit in project.toolkits:
        catalogue = figures.pot(project.source_dir, kit.slug)
        catalogue.metadata["Project-Id-Version"] = project.series["name"]
        target = out / kit.slug / "figures.pot"
        target.parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(target))


def gettext(project: Project) -> Path:
    """Extract message templates of every document and of the interface."""
    from sphinx.cmd.build import build_main

    out = pot_dir(project)
    rc = build_main(
        [
            "-q",
            "-b",
            "gettext",
            "-d",
            str(project.work_dir / "doctrees-gettext"),
            str(project.source_dir),
            str(out),
        ]
    )
    if rc:
        raise SystemExit(rc)
    extract_ui(project, out)
    extract_figures(project, out)
    for pot in out.rglob("*.pot"):
        normalise(pot, project)
    return out


def normalise(path: Path, project: Project) -> None:
    """Canonical catalogue form: small, reviewable diffs."""
    po = polib.pofile(str(path), wrapwidth=0)
    epoch = source_date_epoch(project.root)
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M+0000")
    po.metadata["POT-Creation-Date"] = stamp
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    if path.suffix == ".po":
        # A fuzzy header is dropped by compilers, and with it the charset.
        po.metadata_is_fuzzy = False
    po.metadata.pop("PO-Revision-Date", None) if path.suffix == ".pot" else None
    for entry in po:
        # Babel flags any message with "%" or "{" as a format string, and then
        # msgfmt rejects a correct translation of "2.5% of".  Only ui.po holds
        # real placeholders.
        if path.stem != "ui":
            entry.flags = [
                f for f in entry.flags if f not in ("python-format", "python-brace-format")
            ]
        # File names help translators find the context; line numbers only make noise.
        entry.occurrences = sorted({(f, "") for f, _l in entry.occurrences})
    po.wrapwidth = 0
    po.save(str(path))


def update_po(project: Project, langs: list[str]) -> None:
    pots = pot_dir(project)
    if not pots.exists():
        gettext(project)
    for lang in langs:
        if lang == SOURCE_LANGUAGE:
            continue
        _refuse_broken(project, lang)
        subprocess.run(
            [
                str(Path(sys.executable).parent / "sphinx-intl"),
                "update",
                "-p",
                str(pots),
                "-d",
                str(project.locale_dir),
                "-l",
                lang,
                "-w",
                "0",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for po in (project.locale_dir / lang / "LC_MESSAGES").rglob("*.po"):
            catalogue = polib.pofile(str(po), wrapwidth=0)
            catalogue.metadata["Language"] = lang
            catalogue.metadata.setdefault("X-Translation-Status", HEADER_NOTE)
            for key, value in (
                ("Last-Translator", "Diaspora Toolkits contributors"),
                ("Language-Team", f"{lang} <https://diaspora-toolkits.example.org/>"),
                ("PO-Revision-Date", catalogue.metadata["POT-Creation-Date"]),
            ):
                if (
                    not catalogue.metadata.get(key)
                    or "FULL NAME" in catalogue.metadata[key]
                    or "YEAR" in catalogue.metadata[key]
                    or "LL@li.org" in catalogue.metadata[key]
                ):
                    catalogue.metadata[key] = value
            catalogue.save(str(po))
            normalise(po, project)


def _refuse_broken(project: Project, lang: str) -> None:
    """Refresh only catalogues the strict reader accepts: a lenient rewrite
    would save a broken file's truncated strings as if they were translations."""
    from .catalogues import CatalogueError, po_files, read

    errors = []
    for po in po_files(project.locale_dir, lang):
        try:
            read(po)
        except CatalogueError as err:
            errors.append(f"error: {err}")
    if errors:
        raise SystemExit(
            "\n".join(errors + ["update-po: nothing changed; fix these catalogues first"])
        )


def add_language(project: Project, lang: str) -> None:
    (project.locale_dir / lang / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    update_po(project, [lang])
