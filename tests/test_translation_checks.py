"""check-po and the strict reader on small catalogues: each fault is caught, with file:line and a
fix; a good catalogue passes.  The rows of the reliability review's section 2 (bad translator input)
each have a test."""

import gettext
import random
import re
from pathlib import Path

import polib
import pytest

from build_tools.l10n import catalogues, progress
from build_tools.l10n.catalogues import CompileReport, _mo_bytes
from build_tools.l10n.check_command import check, check_file
from build_tools.project import Project

from .conftest import copy_fixture

PO = Path(__file__).parent / "fixtures" / "po"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("dropped-role.po", "missing role"),
        ("script-injection.po", "raw HTML"),
        ("broken-placeholder.po", "placeholder|format specification"),
        ("changed-number.po", "numbers differ"),
        ("bad-syntax.po", "fix the .po syntax"),
    ],
)
def test_check_po_catches_the_fault_and_names_file_and_line(name, expected):
    rel = "ui.po" if "placeholder" in name else name  # interface strings are checked as ui.po
    findings = [f for f in check_file(PO / name, rel) if f.fatal]
    assert findings, f"{name} passed"
    assert any(re.search(expected, f.message) for f in findings), [str(f) for f in findings]
    assert all(str(f).startswith(f"{PO / name}:") for f in findings)


def test_a_correct_translation_passes():
    assert [f for f in check_file(PO / "good.po") if f.fatal] == []


def test_an_injected_script_never_reaches_the_compiled_catalogue():
    report = CompileReport("fr")
    mo = _mo_bytes(PO / "script-injection.po", report)
    assert b"<script>" not in mo
    assert report.dropped and "script-injection.po:" in report.dropped[0]


# ------------------------------------------------ reliability review, section 2 (bad translator
# input)

HEADER = (PO / "good.po").read_text(encoding="utf-8").split("\n\n")[0] + "\n\n"  # a complete header
HEAD_LINES = HEADER.count("\n")


def _project_with(tmp_path, files: dict[str, str | bytes]) -> Project:
    project = copy_fixture("mini", tmp_path)
    for rel, data in files.items():
        path = project.locale_dir / "fr" / "LC_MESSAGES" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return project


def _compile(project: Project, tmp_path):
    return catalogues.compile_language(
        project.locale_dir, tmp_path / "mo", "fr", project.source_dir
    )


def test_row1_unterminated_string_refuses_the_file_with_its_line(tmp_path):
    with pytest.raises(catalogues.CatalogueError) as err:
        catalogues.read(PO / "bad-syntax.po")
    assert str(err.value).startswith(f"{PO / 'bad-syntax.po'}:13: ") and "not closed" in str(
        err.value
    )
    project = _project_with(tmp_path, {"alpha/01-first.po": (PO / "bad-syntax.po").read_bytes()})
    report = _compile(project, tmp_path)
    assert not (tmp_path / "mo" / "fr" / "LC_MESSAGES" / "alpha" / "01-first.mo").exists()
    assert any("01-first.po:13:" in p for p in report.refused)


def test_row2_a_charset_other_than_utf8_refuses_the_file_at_line_1():
    findings = check_file(PO / "latin1-header.po")
    assert [str(f) for f in findings] == [
        f"{PO / 'latin1-header.po'}:1: error: the header says charset=ISO-8859-1; "
        "the build reads catalogues as UTF-8: save the file as UTF-8 and set "
        '"Content-Type: text/plain; charset=UTF-8\\n"'
    ]


def test_row3_a_broken_role_is_named_as_a_role_at_the_po_line():
    po = HEADER + 'msgid "A {term}`network` helps."\nmsgstr "Un {term}`réseau <network>, comment"\n'
    entry = polib.pofile(po)[0]
    assert catalogues.entry_problems("alpha/01-first.po", entry)[0].startswith(
        "missing role {term}`…<network>`"
    )
    entry.msgstr = "Un {term}`réseau <netwrk>` aide."
    assert (
        "missing role {term}`…<network>`"
        in catalogues.entry_problems("alpha/01-first.po", entry)[0]
    )


def test_row4_a_broken_ui_placeholder_falls_back_to_english_with_its_line(tmp_path):
    ui = HEADER + (
        'msgid "Edition %(edition)s, %(date)s"\nmsgstr "Édition %(edtion)s, %(date)s"\n\n'
        'msgid "%(book)s, section %(number)s"\nmsgstr "%(livre)s, section %(number)s"\n'
    )
    project = _project_with(tmp_path, {"ui.po": ui})
    report = _compile(project, tmp_path)
    assert [p.split(": ", 1)[0] for p in report.dropped] == [
        f"{project.locale_dir}/fr/LC_MESSAGES/ui.po:{n}" for n in (HEAD_LINES + 1, HEAD_LINES + 4)
    ]
    tr = catalogues.translator(tmp_path / "mo", "fr", "ui")
    assert tr("Edition %(edition)s, %(date)s") % {"edition": "2", "date": "x"} == "Edition 2, x"


def test_row5_plural_messages_use_the_languages_plural_rule(tmp_path):
    ui = HEADER + (
        'msgid "Space to write, %(n)s line"\nmsgid_plural "Space to write, %(n)s lines"\n'
        'msgstr[0] "Espace pour écrire, %(n)s ligne"\nmsgstr[1] "Espace pour écrire, %(n)s '
        'lignes (m)"\n'
        'msgstr[2] "Espace pour écrire, %(n)s lignes"\n'
    )
    doc = (
        HEADER
        + 'msgid "Plan first."\nmsgid_plural "Plans first."\nmsgstr[0] "Planifiez."\nmsgstr[1] '
        '"Planifiez."\n'
    )
    project = _project_with(tmp_path, {"ui.po": ui, "alpha/01-first.po": doc})
    report = _compile(project, tmp_path)
    t = gettext.translation("ui", str(tmp_path / "mo"), ["fr"])
    assert (
        t.ngettext("Space to write, %(n)s line", "Space to write, %(n)s lines", 1)
        == "Espace pour écrire, %(n)s ligne"
    )
    assert (
        t.ngettext("Space to write, %(n)s line", "Space to write, %(n)s lines", 5)
        == "Espace pour écrire, %(n)s lignes"
    )
    assert "n == 0 || n == 1" in t.info()["plural-forms"]  # Babel's French rule, three forms
    assert any(
        f"01-first.po:{HEAD_LINES + 1}: plural forms in a document catalogue" in p
        for p in report.dropped
    )
    two_forms = ui.replace('msgstr[2] "Espace pour écrire, %(n)s lignes"\n', "")
    project = _project_with(tmp_path / "b", {"ui.po": two_forms})
    assert any(
        "2 plural forms where fr has 3" in p for p in _compile(project, tmp_path / "b").dropped
    )


def test_row6_random_bytes_are_refused_with_the_file_name(tmp_path):
    garbage = random.Random(13).randbytes(8192)
    project = _project_with(tmp_path, {"alpha/01-first.po": garbage})
    findings = check(project, ["fr"])
    assert len(findings) == 1 and str(findings[0]).startswith(
        f"{project.locale_dir}/fr/LC_MESSAGES/alpha/01-first.po:"
    )
    assert "UTF-8" in findings[0].message or "binary" in findings[0].message
    assert any("01-first.po:" in p for p in _compile(project, tmp_path).refused)


def test_row7_a_catalogue_without_a_document_is_reported_and_not_counted(tmp_path):
    good = HEADER + 'msgid "Plan first."\nmsgstr "Planifiez d\'abord."\n'
    project = _project_with(tmp_path, {"alpha/01-first.po": good})
    before = progress.count(project, "fr")
    project = _project_with(
        tmp_path / "b",
        {"alpha/01-first.po": good, "nope/01-ghost.po": good.replace("Plan", "Ghost")},
    )
    assert progress.count(project, "fr") == before
    findings = check(project, ["fr"])
    assert [f"{f.path.name}:{f.line}" for f in findings] == ["01-ghost.po:1"]
    assert "no document source/nope/01-ghost.md" in findings[0].message
    report = _compile(project, tmp_path / "b")
    assert (
        not (tmp_path / "b" / "mo" / "fr" / "LC_MESSAGES" / "nope").exists()
        and len(report.refused) == 1
    )


def test_a_compiled_catalogue_whose_po_is_gone_is_removed(tmp_path):
    good = HEADER + 'msgid "Plan first."\nmsgstr "Planifiez d\'abord."\n'
    project = _project_with(tmp_path, {"alpha/01-first.po": good})
    _compile(project, tmp_path)
    mo = tmp_path / "mo" / "fr" / "LC_MESSAGES" / "alpha" / "01-first.mo"
    assert mo.exists()
    (project.locale_dir / "fr" / "LC_MESSAGES" / "alpha" / "01-first.po").unlink()
    assert _compile(project, tmp_path).removed == 1 and not mo.exists()


def test_catalogues_are_parsed_once_until_they_change(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n')
    first = catalogues.read(path)
    assert catalogues.read(path) is first
    path.write_text(HEADER + 'msgid "a"\nmsgstr "c"\n')
    assert catalogues.read(path)[0].msgstr == "c"


def test_row8_a_pasted_megabyte_is_not_used(tmp_path):
    huge = HEADER + 'msgid "Plan first."\nmsgstr "Planifiez. ' + "Bla bla. " * 110000 + '"\n'
    project = _project_with(tmp_path, {"alpha/01-first.po": huge})
    report = _compile(project, tmp_path)
    assert any("01-first.po:" in p and "characters for a source of 11" in p for p in report.dropped)


def test_a_byte_order_mark_and_windows_line_ends_are_still_utf8(tmp_path):
    path = tmp_path / "x.po"
    path.write_bytes(
        b"\xef\xbb\xbf" + (HEADER + 'msgid "a"\nmsgstr "é"\n').replace("\n", "\r\n").encode("utf-8")
    )
    assert [(e.msgid, e.msgstr) for e in catalogues.read(path)] == [("a", "é")]


def test_a_figures_catalogue_belongs_to_its_toolkits_images_and_is_plain_text(tmp_path):
    # <toolkit>/figures.po translates the labels of <toolkit>/images/*.svg (figures.py):
    # it is counted and used where that folder exists, refused as a ghost where it does not,
    # and its labels are plain text like the interface.
    figures = (
        HEADER + 'msgctxt "alpha/images/box.svg#t1"\nmsgid "Step one"\nmsgstr "Étape un"\n\n'
        'msgctxt "alpha/images/box.svg#t2"\nmsgid "Step two"\nmsgstr "Étape <b>deux</b>"\n'
    )
    project = _project_with(tmp_path, {"alpha/figures.po": figures, "nope/figures.po": figures})
    findings = check(project, ["fr"])
    where = sorted(f"{f.path.parent.name}/{f.path.name}:{f.line}" for f in findings)
    assert where[0].startswith("alpha/figures.po:") and where[1] == "nope/figures.po:1", where
    assert "plain text" in findings[0].message or "plain text" in findings[1].message
    report = _compile(project, tmp_path)
    mo = tmp_path / "mo" / "fr" / "LC_MESSAGES" / "alpha" / "figures.mo"
    t = gettext.GNUTranslations(open(mo, "rb"))
    assert t.pgettext("alpha/images/box.svg#t1", "Step one") == "Étape un"
    assert t.pgettext("alpha/images/box.svg#t2", "Step two") == "Step two"  # refused: English label
    assert (
        not (tmp_path / "mo" / "fr" / "LC_MESSAGES" / "nope").exists() and len(report.refused) == 1
    )


def test_a_fuzzy_message_that_no_longer_fits_its_new_source_is_a_note_not_an_error(tmp_path):
    # After a catalogue refresh the old translation of a changed paragraph stays as a fuzzy
    # suggestion; it is not used, so what no longer fits is for the translator to revise.
    entry = 'msgid "See {ref}`alpha-first`."\nmsgstr "Voir {ref}`alpha-details`."\n'
    po = tmp_path / "01-first.po"
    po.write_text(HEADER + "#, fuzzy\n" + entry, encoding="utf-8")
    fuzzy = check_file(po, "alpha/01-first.po", "fr")
    assert (
        fuzzy
        and not any(f.fatal for f in fuzzy)
        and any("fuzzy, revise: " in f.message for f in fuzzy)
    )
    po.write_text(HEADER + entry, encoding="utf-8")
    used = check_file(po, "alpha/01-first.po", "fr")
    assert any(f.fatal and "role" in f.message for f in used), used
