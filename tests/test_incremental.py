"""Incremental to the toolkit: an edit in one toolkit leaves the other toolkits' books alone, and
the edited build publishes the same bytes as a cold build of the edited sources."""

from __future__ import annotations

import re
import shutil

from build_tools.build import FORMATS, PRINT_PRODUCTS, Options, run
from build_tools.project import Project

from .conftest import FIXTURES, copy_fixture
from .test_build_core import _published

ALL = tuple(dict.fromkeys(FORMATS + PRINT_PRODUCTS))


def two_toolkits(dest) -> Project:
    """The mini fixture with a second toolkit, beta (a copy of alpha), that cites alpha."""
    project = copy_fixture("mini", dest)
    src = project.source_dir
    shutil.copytree(src / "alpha", src / "beta")
    (src / "beta" / "sources.yaml").unlink()  # source ids are series-wide: beta cites alpha's
    for path in (src / "beta").rglob("*"):
        if path.suffix in (".md", ".toml", ".yaml"):
            path.write_text(path.read_text().replace("alpha", "beta"))
    first = src / "beta" / "01-first.md"
    first.write_text(first.read_text() + "\nSee also {ref}`alpha-details` in the other toolkit.\n")
    index = src / "index.md"
    index.write_text(index.read_text().replace("alpha/index\n", "alpha/index\nbeta/index\n"))
    return project


def _stamps(project: Project) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (project.work_dir / "stamps").glob("*.json")}


def test_an_edit_in_one_toolkit_leaves_the_other_books_alone_and_matches_a_cold_build(tmp_path):
    project = two_toolkits(tmp_path / "a")
    opts = Options(quiet=True, strict=True, formats=ALL)
    run(project, opts)
    before = _stamps(project)
    chapter = project.source_dir / "beta" / "01-first.md"
    chapter.write_text(chapter.read_text().replace("Groups need", "Small groups need"))
    arts = run(project, opts)
    state = {(a.toolkit, a.format): a.rebuilt for a in arts}
    assert {k: v for k, v in state.items() if k[0] == "alpha"} == {
        ("alpha", f): False for f in ("epub", "pdf", "print", "booklet", "worksheets")
    }
    assert state[("beta", "pdf")] and state[("beta", "epub")] and state[("*", "html")]
    # The edited chapter has no worksheet: the pack renders the same HTML, so it is not rendered.
    assert not state[("beta", "worksheets")]
    after = _stamps(project)
    # Not run again at all (not merely the same bytes): the Sphinx runs and renders write these
    # stamps.
    alpha = [n for n in before if "-alpha-" in n]
    assert len(alpha) == 6 and all(after[n] == before[n] for n in alpha), alpha
    assert after["book-epub-beta-en.json"] != before["book-epub-beta-en.json"]

    cold = Project(root=tmp_path / "cold", build_dir=tmp_path / "cold" / "build")
    shutil.copytree(project.source_dir, cold.root / "source")
    run(cold, opts)
    edited, fresh = _published(project.build_dir), _published(cold.build_dir)
    assert sorted(edited) == sorted(fresh)
    assert [p for p in edited if edited[p] != fresh[p]] == [], [
        p for p in edited if edited[p] != fresh[p]
    ]


def _traced_sphinx_runs(monkeypatch, log) -> None:
    """Record each Sphinx run's builder and status output in *log* (one JSON line per run; the runs
    happen in forked workers, so a file carries them back)."""
    import json

    from build_tools import build

    original = build._run_app

    def traced(Sphinx, project, lang, builder, outdir, overrides, status, warnings):
        try:
            original(Sphinx, project, lang, builder, outdir, overrides, status, warnings)
        finally:
            text = re.sub(r"\x1b\[[0-9;]*m", "", status.getvalue())
            book = overrides.get("dt_book")
            line = {"lang": lang, "builder": builder, "book": book, "status": text}
            with open(log, "a", encoding="utf-8") as f:
                f.write(json.dumps(line) + "\n")

    monkeypatch.setattr(build, "_run_app", traced)


def _read(status: str) -> list[str]:
    """The documents a Sphinx run read, from its status output."""
    return re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status)


def _runs(log) -> list[dict]:
    import json

    runs = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    log.unlink()
    return runs


def test_a_translation_edit_in_one_toolkit_leaves_the_other_books_alone(tmp_path, monkeypatch):
    # A French message of beta changes: alpha's French books are not run again, and the edited
    # build publishes what a cold build of the edited catalogues publishes.
    # And no Sphinx run reads more than it must. The site build reads every document of a language
    # once; each book (EPUB, print HTML) is written from that environment. A book build that read
    # again paid the whole language's reading (25-35 s per translated book of the real edition)
    # and saved the environment with its own settings, so the next site build read everything
    # again too; and a translation edit must make the site read the edited chapter.
    project = two_toolkits(tmp_path / "a")
    shutil.copytree(FIXTURES / "l10n" / "locales", project.locale_dir)
    messages = project.locale_dir / "fr" / "LC_MESSAGES"
    shutil.copytree(messages / "alpha", messages / "beta")
    for po in (messages / "beta").glob("*.po"):
        po.write_text(po.read_text().replace("alpha", "beta"))
    opts = Options(quiet=True, strict=True, lang="fr", formats=("html", "epub", "pdf"))
    log = tmp_path / "runs.jsonl"
    _traced_sphinx_runs(monkeypatch, log)
    run(project, opts)
    runs = _runs(log)
    # Print HTML first (the PDFs wait for it), then the EPUBs (build.build_epubs).
    assert [(r["builder"], r["book"]) for r in runs if r["book"]] == [
        (builder, book) for builder in ("singlehtml", "toolkit-epub") for book in ("alpha", "beta")
    ]
    for r in runs:
        if r["book"]:  # nothing read, nothing saved: the site's environment as it was
            assert _read(r["status"]) == [], (r["builder"], r["book"])
            assert "pickling environment" not in r["status"], (r["builder"], r["book"])
        else:
            assert "beta/01-first" in _read(r["status"])
    before = _stamps(project)
    po = messages / "beta" / "01-first.po"
    po.write_text(po.read_text().replace("Les groupes ont besoin", "Les petits groupes ont besoin"))
    arts = run(project, opts)
    for r in _runs(log):
        read = _read(r["status"])
        if r["book"]:
            assert read == [], (r["builder"], r["book"])
        else:  # the edited chapter, not everything because of a changed configuration
            assert "[config changed" not in r["status"], r["status"]
            assert "beta/01-first" in read and "alpha/01-first" not in read, read
    state = {(a.toolkit, a.format): a.rebuilt for a in arts}
    assert state[("alpha", "epub")] is False and state[("alpha", "pdf")] is False, state
    assert state[("beta", "epub")] and state[("beta", "pdf")], state
    after = _stamps(project)
    alpha = [n for n in before if "-alpha-" in n]
    assert alpha and all(after[n] == before[n] for n in alpha), alpha

    cold = Project(root=tmp_path / "cold", build_dir=tmp_path / "cold" / "build")
    shutil.copytree(project.source_dir, cold.root / "source")
    shutil.copytree(project.locale_dir, cold.locale_dir)
    run(cold, opts)
    edited, fresh = _published(project.build_dir), _published(cold.build_dir)
    assert sorted(edited) == sorted(fresh)
    assert [p for p in edited if edited[p] != fresh[p]] == []


def test_a_print_product_is_made_again_when_its_file_no_longer_has_the_recorded_bytes(mini_built):
    opts = Options(quiet=True, strict=True, formats=("pdf", "booklet"))
    run(mini_built, opts)
    booklet = next((mini_built.build_dir / "site").rglob("alpha-en-booklet.pdf"))
    good = booklet.read_bytes()
    stamp = mini_built.work_dir / "stamps" / "booklet-alpha-en.json"
    kept = stamp.read_bytes()
    assert {a.format: a.rebuilt for a in run(mini_built, opts)}["booklet"] is False
    booklet.unlink()  # a new file, not the hard-linked one of the edition
    booklet.write_bytes(good[:-10] + b"damaged!\n\n")
    arts = run(mini_built, opts)
    assert {a.format: a.rebuilt for a in arts}["booklet"] is True
    assert booklet.read_bytes() == good and stamp.read_bytes() == kept


def test_a_damaged_print_page_in_the_work_folder_is_written_again(tmp_path):
    """A book whose inputs did not change keeps its print run only while the page Sphinx wrote
    still has the recorded bytes (the digest of the folder's assets leaves HTML pages out)."""
    project = two_toolkits(tmp_path / "a")
    opts = Options(quiet=True, strict=True, formats=("pdf",))
    run(project, opts)
    page = project.work_dir / "print" / "en" / "alpha" / "alpha" / "index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</body>", b"<p>damaged</p></body>"))
    chapter = project.source_dir / "beta" / "01-first.md"  # the language runs, alpha is kept
    chapter.write_text(chapter.read_text().replace("Groups need", "Small groups need"))
    run(project, opts)
    assert page.read_bytes() == good


def test_a_book_digest_ignores_the_other_toolkits_text_but_not_what_it_shows_or_includes(tmp_path):
    from types import SimpleNamespace

    from build_tools import book_inputs as bi

    slugs = ["alpha", "beta"]
    for rel in ("alpha/a.md", "beta/b.md", "beta/book.toml", "_shared/g.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)

    def env(title="B", words=10, deps=()):
        return SimpleNamespace(
            titles={"beta/b": title, "alpha/a": "A"},
            _dt_changed={"beta/b"},
            metadata={"beta/b": {"wordcount": {"words": words}}},
            dependencies={"alpha/a": set(deps)},
        )

    def digests(e):
        return bi.environment_index(e, "alpha", slugs), bi.source_digest(
            tmp_path, "alpha", slugs, e
        )

    first = digests(env())
    (tmp_path / "beta/b.md").write_text("edited paragraph")
    assert digests(env(words=12)) == first  # beta's text: not alpha's business
    assert digests(env(title="B2"))[0] != first[0]  # a title alpha's references show
    assert digests(env(deps=[str(tmp_path / "beta/b.md")]))[1] != first[1]  # included by alpha
    (tmp_path / "beta/book.toml").write_text("changed")
    assert digests(env())[1] != first[1]
    assert (
        bi.environment_index(SimpleNamespace(x=object()), "alpha", slugs) is None
    )  # cannot know: build


def test_catalogue_changes_reach_the_site_as_in_a_cold_build(tmp_path):
    # Sphinx translates while it reads, and it sees only the compiled catalogues (.mo), which it
    # does not track: each change below must make the pages it touches be read again. After
    # each, the edited build publishes the bytes of a cold build of the same files.
    import polib

    project = two_toolkits(tmp_path / "a")
    shutil.copytree(FIXTURES / "l10n" / "locales", project.locale_dir)
    messages = project.locale_dir / "fr" / "LC_MESSAGES"
    opts = Options(quiet=True, strict=True, lang="fr", formats=("html", "epub"))
    run(project, opts)
    chapter = messages / "alpha" / "01-first.po"
    kept = chapter.read_text(encoding="utf-8")

    def edit_ui():  # a word the pages show, from the catalogue that is no document's
        ui = polib.pofile(str(messages / "ui.po"), wrapwidth=0)
        entry = next(e for e in ui if e.msgstr and "%" not in e.msgid and "{" not in e.msgid)
        entry.msgstr += " (bis)"
        ui.save()

    steps = {
        "a chapter's catalogue removed (English again)": lambda: chapter.unlink(),
        "a chapter's catalogue added": lambda: chapter.write_text(kept, encoding="utf-8"),
        "an interface word changed": edit_ui,
    }
    for n, (what, change) in enumerate(steps.items()):
        change()
        run(project, opts)
        cold = Project(root=tmp_path / f"cold{n}", build_dir=tmp_path / f"cold{n}" / "build")
        shutil.copytree(project.source_dir, cold.root / "source")
        shutil.copytree(project.locale_dir, cold.locale_dir)
        run(cold, opts)
        edited, fresh = _published(project.build_dir), _published(cold.build_dir)
        assert sorted(edited) == sorted(fresh), what
        assert [p for p in edited if edited[p] != fresh[p]] == [], (
            what,
            [p for p in edited if edited[p] != fresh[p]],
        )


def test_a_build_killed_while_pages_are_written_is_finished_by_the_next_as_a_cold_build(
    tmp_path, monkeypatch
):
    # Sphinx saves its environment before it writes pages (and deletes it only on an exception): a
    # build killed while writing left the next build reading nothing and writing only the pages
    # Sphinx thought out of date, with a search index of those pages alone (test_faults saw it
    # under load).  The next build must write every page, as a cold build does.
    import os
    import signal

    from sphinx.builders.html import StandaloneHTMLBuilder

    from build_tools.build import BuildError

    project = copy_fixture("mini", tmp_path / "a")
    opts = Options(quiet=True, strict=True, lang="en", formats=("html",))
    run(project, opts)
    chapter = project.source_dir / "alpha" / "01-first.md"
    chapter.write_text(chapter.read_text().replace("Groups need", "Small groups need"))
    write_doc = StandaloneHTMLBuilder.write_doc
    written = []

    def killed_at_the_third_page(self, docname, doctree):
        written.append(docname)
        if len(written) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        write_doc(self, docname, doctree)

    with monkeypatch.context() as m:  # the workers are forked: they inherit the patch
        m.setattr(StandaloneHTMLBuilder, "write_doc", killed_at_the_third_page)
        try:
            run(project, opts)
        except BuildError:
            pass
        else:
            raise AssertionError("the build was not stopped")
    assert (project.work_dir / "doctrees" / "en" / "environment.pickle").is_file()
    run(project, opts)

    cold = Project(root=tmp_path / "cold", build_dir=tmp_path / "cold" / "build")
    shutil.copytree(project.source_dir, cold.root / "source")
    run(cold, opts)
    mine, theirs = _published(project.build_dir), _published(cold.build_dir)
    assert sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)) == []


def test_a_print_folder_digest_ignores_sphinx_bookkeeping_but_not_what_a_render_reads(tmp_path):
    # objects.inv's "Python Module Index" label follows the language a worker loaded last: it
    # made PDFs render again although their print HTML had not changed.
    from build_tools.build import print_assets

    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "print.css").write_text("p { margin: 0 }")
    (tmp_path / "objects.inv").write_bytes(b"Python Module Index")
    (tmp_path / ".buildinfo").write_text("config: 1")
    (tmp_path / "alpha").mkdir()
    (tmp_path / "alpha" / "index.html").write_text("<p>Sphinx's page</p>")
    before = print_assets(tmp_path)
    (tmp_path / "objects.inv").write_bytes(b"Index des modules Python")
    (tmp_path / ".buildinfo").write_text("config: 2")
    # The page Sphinx wrote is the source of the prepared HTML, which renders digest themselves:
    # counted here, a one-word edit rendered every chapter of the PDF again.
    (tmp_path / "alpha" / "index.html").write_text("<p>Sphinx's edited page</p>")
    assert print_assets(tmp_path) == before
    (tmp_path / "_static" / "print.css").write_text("p { margin: 1em }")
    assert print_assets(tmp_path) != before
