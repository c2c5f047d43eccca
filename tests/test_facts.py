"""Dated facts: registries, the {fact} role in every format, and `check-facts`."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile

import pytest
from lxml import html as lhtml
from pypdf import PdfReader

from build_tools import facts
from build_tools.__main__ import main
from build_tools.build import BuildError, Options, run
from build_tools.extensions.facts import format_source_date

from .test_glossary import add_po

TODAY = dt.date(2026, 1, 1)
GOOD = """\
hmrc-x:
  publisher: HM Revenue & Customs
  title: A page
  url: https://www.gov.uk/x
  date: 2024-04-06
  checked: 2025-12-01
  primary: true
"""


def write_registry(source_dir, slug, text):
    path = source_dir / slug / "sources.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_registry_reports_each_problem_with_file_and_line(tmp_path):
    write_registry(tmp_path, "a", GOOD)
    write_registry(
        tmp_path,
        "b",
        GOOD
        + """\
Bad_Id:
  publisher: X
  title: Y
  url: http://example.org/
  date: April 2024
  checked: 2025-13-01
  primary: maybe
  pubisher: typo
no-fields:
  publisher: X
""",
    )
    reg = facts.load_registry(tmp_path)
    found = {(f.path, f.line): f.message for f in reg.problems}
    assert (
        "duplicate source id 'hmrc-x' (first at a/sources.yaml:1)" in found[("b/sources.yaml", 1)]
    )
    assert "lowercase" in found[("b/sources.yaml", 8)]
    assert "https://" in found[("b/sources.yaml", 11)]
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in found[("b/sources.yaml", 12)]
    assert "is not a day" in found[("b/sources.yaml", 13)]
    assert "true or false" in found[("b/sources.yaml", 14)]
    assert "unknown field 'pubisher'" in found[("b/sources.yaml", 15)]
    assert "has no title, url, date, checked, primary" in found[("b/sources.yaml", 16)]
    assert set(reg.sources) == {"hmrc-x", "Bad_Id", "no-fields"}


def test_unknown_id_message_lists_close_ids(tmp_path):
    write_registry(tmp_path, "a", GOOD)
    msg = facts.load_registry(tmp_path).unknown_message("hmrc-y")
    assert "unknown source id 'hmrc-y'" in msg and "did you mean hmrc-x?" in msg


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("2024-04-06", "en", "6 April 2024"),  # British order, as the edition dates
        ("2024-04-06", "fr", "6 avril 2024"),
        ("2023-11", "en", "November 2023"),
        ("2023-11", "so", "Noofeembar 2023"),  # CLDR month names (Babel)
        ("2014", "en", "2014"),
    ],
)
def test_source_dates_are_written_for_the_reader(text, lang, expected):
    assert format_source_date(text, lang) == expected


def test_age_and_staleness_count_whole_months():
    assert facts.age_months(dt.date(2025, 1, 15), dt.date(2026, 1, 14)) == 11
    assert facts.age_months(dt.date(2025, 1, 15), dt.date(2026, 1, 15)) == 12
    assert not facts.stale(dt.date(2025, 1, 15), dt.date(2026, 1, 15), 12)
    assert facts.stale(dt.date(2025, 1, 14), dt.date(2026, 1, 15), 12)
    assert not facts.stale(dt.date(2025, 2, 28), dt.date(2026, 3, 31), 13)  # no 31 February


def test_citations_are_found_with_line_sentence_and_ids_inside_directives(mini):
    cites = facts.find_citations(mini.source_dir)
    fact = next(c for c in cites if c.kind == "fact")
    lines = (mini.source_dir / fact.path).read_text().splitlines()
    assert "{fact}`hmrc-gift-aid-membership`" in lines[fact.line - 1]
    assert fact.context == "A membership fee can count as a gift"
    box = next(c for c in cites if c.kind == "box")
    assert (box.context, box.ids) == (
        "England and Wales",
        ["ccew-registration", "hmrc-gift-aid-membership"],
    )
    assert lines[box.line - 1].startswith(":::{rules-at-a-glance}")


def test_check_facts_flags_old_unknown_and_unused_and_writes_the_csv(mini, capsys):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\nA rule from nowhere {fact}`ccew-registraton`.\n")
    (mini.source_dir / "alpha" / "sources.yaml").write_text(
        (mini.source_dir / "alpha" / "sources.yaml").read_text() + GOOD
    )
    report = facts.check(mini, TODAY)
    messages = [str(f) for f in report.findings]
    assert any(
        "unknown source id 'ccew-registraton'" in m
        and "did you mean ccew-registration" in m
        and m.startswith("source/alpha/01-first.md:")
        for m in messages
    )
    assert any("'hmrc-x' is never cited" in m for m in messages)
    stale = [f for f in report.findings if "last checked 2024-09-02" in f.message]
    assert stale and not stale[0].fatal  # ccew-registration: 15 months > 12

    rc = main(["check-facts", "--today", TODAY.isoformat()])
    assert rc == 1  # the unknown id is an error
    out = capsys.readouterr().out
    assert "source/alpha/01-first.md" in out and "stale" in out
    with open(mini.build_dir / "facts" / "facts-register.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == facts.CSV_COLUMNS
    ccew = next(r for r in rows if r["id"] == "ccew-registration")
    assert (ccew["kind"], ccew["age_months"], ccew["status"], ccew["primary"]) == (
        "box",
        "15",
        "stale",
        "yes",
    )
    assert next(r for r in rows if r["id"] == "ccew-registraton")["status"] == "unknown id"


def test_check_facts_fails_on_age_only_when_strict(mini):
    assert main(["check-facts", "--today", TODAY.isoformat()]) == 0
    assert main(["check-facts", "--today", TODAY.isoformat(), "--strict"]) == 1
    series = mini.source_dir / "series.toml"
    series.write_text(series.read_text() + "facts_max_age_months = 24\n")
    assert main(["check-facts", "--today", TODAY.isoformat(), "--strict"]) == 0


def test_old_style_box_is_a_warning_and_a_secondary_source_in_a_box_an_error(mini):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(
        chapter.read_text()
        + "\n:::{rules-at-a-glance} Old\n:source: A law\n:as-of: 2026\n\n- x\n:::\n"
        ":::{rules-at-a-glance} Half\n:sources: ccew-registration\n:as-of: 2026\n\n- x\n:::\n"
    )
    reg = mini.source_dir / "alpha" / "sources.yaml"
    reg.write_text(reg.read_text().replace("primary: true\nccew", "primary: false\nccew"))
    report = facts.check(mini, TODAY)
    old = [f for f in report.findings if "migrate to :sources:" in f.message]
    assert len(old) == 1 and not old[0].fatal
    assert any("'Half' has :sources: and the old" in f.message for f in report.warnings)
    assert any(
        "'hmrc-gift-aid-membership', which is not a primary source" in f.message
        for f in report.errors
    )


@pytest.fixture(autouse=True)
def _project_root(mini, monkeypatch):
    # `main` reads the project from DT_ROOT / BUILD_DIR, as `make` does.
    monkeypatch.setenv("DT_ROOT", str(mini.root))
    monkeypatch.setenv("BUILD_DIR", str(mini.build_dir))


def test_fact_renders_as_dated_link_in_html_epub_pdf_and_translation(mini):
    add_po(
        mini,
        "fr",
        "alpha/01-first.po",
        [
            (
                "See {ref}`alpha-first` and {ref}`alpha-ws-plan`.\n"
                "A membership fee can count as a gift {fact}`hmrc-gift-aid-membership`.",
                "Voir {ref}`alpha-first` et {ref}`alpha-ws-plan`.\n"
                "Une cotisation peut compter comme un don {fact}`hmrc-gift-aid-membership`.",
            )
        ],
    )
    run(mini, Options(strict=True, quiet=True, formats=("html", "epub", "pdf")))
    url = "https://www.gov.uk/guidance/gift-aid-what-donations-charities-and-cascs-can-accept"
    site = mini.build_dir / "site"
    page = lhtml.parse(str(site / "en" / "alpha" / "01-first.html"))
    link = page.xpath("//span[@class='fact']/a")[0]
    assert link.get("href") == url and link.text == "HM Revenue & Customs, 6 April 2024"
    assert link.get("title") == "Gift Aid: what donations charities and CASCs can accept"
    assert link.getparent().text_content() == "(HM Revenue & Customs, 6 April 2024)"
    footer = " ".join(p.text_content() for p in page.xpath("//*[contains(@class,'rules-source')]"))
    assert (
        "Charity Commission for England and Wales, Charity types: how to choose a structure, "
        "November 2023" in footer
    )
    assert "Checked: 20 November 2025. Check the current rule before you act." in footer
    assert not page.xpath("//*[@fact_ids]")  # bookkeeping attributes stay out of the HTML

    fr = lhtml.parse(str(site / "fr" / "alpha" / "01-first.html"))
    assert fr.xpath("//span[@class='fact']/a")[0].text == "HM Revenue & Customs, 6 avril 2024"

    with zipfile.ZipFile(site / "downloads" / "alpha-en.epub") as z:
        name = next(n for n in z.namelist() if n.endswith("01-first.xhtml"))
        xhtml = lhtml.fromstring(z.read(name))
    assert xhtml.xpath("//span[@class='fact']/a")[0].get("href") == url

    pdf = PdfReader(site / "downloads" / "alpha-en.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages).replace("‐ ", "")
    assert "(HM Revenue & Customs, 6 April 2024)" in text
    uris = {
        a.get_object().get("/A", {}).get("/URI") for p in pdf.pages for a in p.get("/Annots") or []
    }
    assert url in uris


def test_unknown_fact_id_fails_the_strict_build_with_file_and_line(mini):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\nA claim {fact}`hmrc-gift-aid-membershp`.\n")
    line = len(chapter.read_text().splitlines())
    with pytest.raises(BuildError) as err:
        run(mini, Options(strict=True, quiet=True, formats=("html",)))
    assert f"01-first.md:{line}" in str(
        err.value
    ) and "did you mean hmrc-gift-aid-membership" in str(err.value)


def test_a_glossary_definition_can_cite_a_fact(mini):
    glossary = mini.source_dir / "_shared" / "glossary.yaml"
    glossary.write_text(
        glossary.read_text().replace(
            "Confidence that others will act in good faith.",
            "Confidence that others will act in good faith {fact}`ccew-registration`.",
        )
    )
    cite = next(
        c for c in facts.find_citations(mini.source_dir) if c.path == "_shared/glossary.yaml"
    )
    assert (
        cite.ids == ["ccew-registration"]
        and cite.context == "Confidence that others will act in good faith"
    )
    assert "{fact}`ccew-registration`" in glossary.read_text().splitlines()[cite.line - 1]
    run(mini, Options(strict=True, quiet=True, formats=("html",)))
    page = lhtml.parse(str(mini.build_dir / "site" / "en" / "_shared" / "glossary.html"))
    assert (
        page.xpath("//span[@class='fact']/a")[0].text
        == "Charity Commission for England and Wales, November 2023"
    )


def test_cited_sources_lists_every_source_of_the_toolkit_in_full(mini):
    worksheets = mini.source_dir / "alpha" / "worksheets.md"
    worksheets.write_text(worksheets.read_text() + "\n## Sources\n\n:::{cited-sources}\n:::\n")
    reg = mini.source_dir / "alpha" / "sources.yaml"
    reg.write_text(reg.read_text() + GOOD)  # registered, never cited: not listed
    run(mini, Options(quiet=True, formats=("html", "epub")))
    page = lhtml.parse(str(mini.build_dir / "site" / "en" / "alpha" / "worksheets.html"))
    items = [
        " ".join(li.text_content().split())
        for li in page.xpath("//ul[contains(@class,'cited-sources')]/li")
    ]
    assert items == [
        "Charity Commission for England and Wales. Charity types: how to choose a structure. "
        "November 2023. "
        "https://www.gov.uk/guidance/charity-types-how-to-choose-a-structure. Checked: 2 "
        "September 2024.",
        "HM Revenue & Customs. Gift Aid: what donations charities and CASCs can accept. 6 April "
        "2024. "
        "https://www.gov.uk/guidance/gift-aid-what-donations-charities-and-cascs-can-accept. "
        "Checked: 20 November 2025.",
    ]
    assert not page.xpath("//*[@fact_ids]")
    # Citing another source in another page updates the list on the next (incremental) build.
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\nAnother rule {fact}`hmrc-x`.\n")
    run(mini, Options(quiet=True, formats=("html",)))
    page = lhtml.parse(str(mini.build_dir / "site" / "en" / "alpha" / "worksheets.html"))
    assert len(page.xpath("//ul[contains(@class,'cited-sources')]/li")) == 3
