"""The build core: what makes a no-op a no-op, shards and their merge."""

from __future__ import annotations

import gettext
import shutil

import pytest

from build_tools import edition, shards
from build_tools.arguments import ArgumentError
from build_tools.build import BuildError, Options, read_manifest, run
from build_tools.l10n import catalogues
from build_tools.project import Project

from .conftest import FIXTURES, copy_fixture


def test_a_compiled_catalogue_does_not_carry_the_time_of_the_build(tmp_path):
    # Babel stamped each .mo with the current minute: a build a minute later rebuilt every language.
    project = copy_fixture("mini", tmp_path)
    shutil.copytree(FIXTURES / "l10n" / "locales", project.locale_dir)
    out = project.work_dir / "locale"
    catalogues.compile_language(project.locale_dir, out, "fr", project.source_dir)
    with open(out / "fr" / "LC_MESSAGES" / "ui.mo", "rb") as fh:
        info = gettext.GNUTranslations(fh).info()
    assert info["pot-creation-date"] == "1970-01-01 00:00+0000"
    assert info.get("po-revision-date", "1970-01-01 00:00+0000") == "1970-01-01 00:00+0000"


def test_a_no_op_build_parses_no_catalogue_and_a_touched_one_is_read_again(tmp_path, monkeypatch):
    project = copy_fixture("mini", tmp_path)
    shutil.copytree(FIXTURES / "l10n" / "locales", project.locale_dir)
    opts = Options(lang="fr", formats=("html",), quiet=True)
    run(project, opts)
    read = catalogues.read
    parsed = []
    monkeypatch.setattr(catalogues, "read", lambda path: parsed.append(path) or read(path))
    arts = run(project, opts)
    assert parsed == [] and not any(a.rebuilt for a in arts)
    po = project.locale_dir / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text() + "\n")  # same messages, new mtime and size: read again
    run(project, opts)
    assert po in parsed


def test_an_edited_catalogue_is_checked_again_alone_and_the_report_is_a_full_compilations(
    tmp_path, monkeypatch
):
    # A one-message edit checked every message of the language's 38 catalogues again (1-3 s of each
    # translation edit); now only the edited file's, and what is compiled and reported is what a
    # compilation from nothing gives.
    from build_tools.l10n import state as catalogue_state

    project = copy_fixture("mini", tmp_path)
    shutil.copytree(FIXTURES / "l10n" / "locales", project.locale_dir)
    catalogue_state.state(project, "fr")
    checked = []
    mo_bytes = catalogues._mo_bytes
    monkeypatch.setattr(
        catalogues, "_mo_bytes", lambda po, *a: checked.append(po.name) or mo_bytes(po, *a)
    )
    po = project.locale_dir / "fr" / "LC_MESSAGES" / "alpha" / "01-first.po"
    # One message turned into an injected script: dropped, and reported.
    text = po.read_text(encoding="utf-8")
    first = text.index('msgstr "', text.index("msgid", text.index("\n\n")))
    po.write_text(
        text[:first] + 'msgstr "<script>alert(1)</script>"' + text[text.index("\n", first) :]
    )
    after = catalogue_state.state(project, "fr")
    assert checked == ["01-first.po"], checked
    monkeypatch.setattr(catalogues, "_mo_bytes", mo_bytes)
    fresh = catalogues.compile_language(
        project.locale_dir, tmp_path / "mo", "fr", project.source_dir
    )
    assert after.problems == fresh.problems and any("01-first.po" in p for p in fresh.problems)
    mo = project.work_dir / "locale" / "fr" / "LC_MESSAGES"
    assert {p.relative_to(mo): p.read_bytes() for p in mo.rglob("*.mo")} == {
        p.relative_to(tmp_path / "mo" / "fr" / "LC_MESSAGES"): p.read_bytes()
        for p in (tmp_path / "mo" / "fr" / "LC_MESSAGES").rglob("*.mo")
    }


def test_a_no_op_parses_no_source_again_and_an_edited_one_is_checked_again(tmp_path, monkeypatch):
    from build_tools import source_checks

    project = copy_fixture("mini", tmp_path)
    assert source_checks.check_sources(project) == []
    checked = []
    check = source_checks.check_file
    monkeypatch.setattr(
        source_checks, "check_file", lambda path, *a: checked.append(path.name) or check(path, *a)
    )
    assert source_checks.check_sources(project) == [] and checked == []
    chapter = next((project.source_dir / "alpha").glob("0*.md"))
    chapter.write_text(chapter.read_text() + "\n```{note}\nnever closed\n")
    problems = source_checks.check_sources(project)
    assert checked == [chapter.name], checked
    assert len(problems) == 1 and chapter.name in problems[0], problems
    # The problem stays reported while the file stays as it is (from the memo, not parsed again).
    assert source_checks.check_sources(project) == problems and checked == [chapter.name]


def _published(build_dir) -> dict[str, bytes]:
    """Every published file (site, print, manifest) by path: what a reader or a release gets."""
    out = {}
    for top in ("site", "print", "manifest.json"):
        base = build_dir / top
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        out.update({str(p.relative_to(build_dir)): p.read_bytes() for p in files})
    return out


def test_shards_merged_are_byte_identical_to_one_build(l10n_edition, tmp_path):
    # The single build is the session's English, French and Arabic build of the fixture
    # (conftest's l10n_edition, same options); the two shards share its three languages.
    project, whole = l10n_edition
    opts = dict(strict=True, quiet=True, formats=("html", "epub", "pdf"))
    langs = {a.language for a in whole}
    assert langs == {"en", "fr", "ar"}
    for k in (1, 2):
        arts = run(
            Project(root=project.root, build_dir=tmp_path / f"shard{k}"),
            Options(shard=(k, 2), **opts),
        )
        assert {a.language for a in arts} == set(shards.share(sorted(langs), (k, 2)))
    shards.merge(
        [tmp_path / "shard1", tmp_path / "shard2"], tmp_path / "merged", say=lambda m: None
    )
    merged, single = _published(tmp_path / "merged"), _published(project.build_dir)
    assert merged.keys() == single.keys()
    assert [name for name in merged if merged[name] != single[name]] == []
    # `release --merged` takes the merged edition as it is, each file checked against the manifest.
    arts = read_manifest(tmp_path / "merged")
    assert {(a.language, a.format) for a in arts} >= {("en", "pdf"), ("fr", "epub"), ("fr", "html")}
    (tmp_path / "merged" / "site" / "downloads" / "alpha-fr.epub").write_bytes(b"damaged")
    with pytest.raises(BuildError, match="alpha-fr.epub"):
        read_manifest(tmp_path / "merged")


def test_shards_share_the_languages_deterministically_and_a_clash_stops_the_merge(tmp_path):
    langs = ["so", "ar", "en", "fr", "uk"]
    parts = [shards.share(langs, (k, 3)) for k in (1, 2, 3)]
    assert sorted(sum(parts, [])) == sorted(langs) and parts == [
        shards.share(langs[::-1], (k, 3)) for k in (1, 2, 3)
    ]
    with pytest.raises(ArgumentError, match="K/N"):
        shards.parse_shard("3/2")
    for name, text in (
        ("a", "one"),
        ("b", "two"),
    ):  # two shards claiming one path with different bytes
        ed = tmp_path / name / ".editions" / "e1"
        (ed / "site" / "en").mkdir(parents=True)
        (ed / "site" / "en" / "index.html").write_text(text)
        (ed / "manifest.json").write_text('{"artefacts": []}')
        (tmp_path / name / "edition").symlink_to(".editions/e1")
    with pytest.raises(shards.MergeError, match="differ"):
        shards.merge([tmp_path / "a", tmp_path / "b"], tmp_path / "out", say=lambda m: None)
    assert edition.published(tmp_path / "out") is None  # nothing published


def test_the_ci_workflow_runs_the_commands_the_readme_and_makefile_offer():
    import re

    import yaml

    from build_tools.__main__ import COMMANDS
    from build_tools.project import REPO

    flow = yaml.safe_load((REPO / ".github" / "workflows" / "edition.yml").read_text())
    runs = " ".join(
        step.get("run", "") for job in flow["jobs"].values() for step in job.get("steps", [])
    )
    targets = set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(), re.M))
    readme = (REPO / "README.md").read_text()
    made = set(re.findall(r"\bmake ([a-z][a-z-]*)", runs)) - {"all"}
    assert made and made <= targets, made - targets
    assert all(f"make {t}" in readme for t in made), [t for t in made if f"make {t}" not in readme]
    called = set(re.findall(r"-m build_tools ([a-z-]+)", runs))
    assert {"merge", "release", "languages"} <= called <= set(COMMANDS), called
    assert all(f"python -m build_tools {c}" in readme for c in called)
    assert (
        "fromJSON(needs.languages.outputs.languages)"
        in flow["jobs"]["build"]["strategy"]["matrix"]["lang"]
    )


def test_make_after_make_release_rebuilds_nothing(mini_built):
    """`make release` (a strict build of every format, then the bundle), then `make`: the edition
    is already the one `make` would build, so nothing is made again (issue 20, item 7)."""
    from build_tools import release
    from build_tools.l10n.progress import completeness

    built = run(mini_built, Options(quiet=True, strict=True))  # what `make release` builds
    release.release(
        mini_built, built, {lang: completeness(mini_built, lang) for lang in mini_built.languages}
    )
    again = run(mini_built, Options(quiet=True))  # what `make` builds
    assert again and not [a.path for a in again if a.rebuilt]


def test_a_no_op_says_so_in_one_line_and_a_build_prints_its_table():
    # 40 table rows took a tenth of the no-op's second to draw; `make bench` and readers look for
    # "unchanged" and "rebuilt" in what the build prints.
    from rich.console import Console

    from build_tools.build import Artefact, summary

    arts = [Artefact("alpha", "en", "pdf", "/x/alpha-en.pdf", pages=3, rebuilt=False)]
    console = Console(record=True, width=120)
    summary(console, arts, 0.4)
    said = console.export_text()
    assert said.count("\n") == 1 and "1 artefacts unchanged" in said and "rebuilt" not in said
    arts.append(Artefact("beta", "en", "pdf", "/x/beta-en.pdf", pages=5, rebuilt=True))
    console = Console(record=True, width=120)
    summary(console, arts, 9.0)
    said = console.export_text()
    assert "alpha-en.pdf" in said and "beta-en.pdf" in said and "rebuilt" in said


def test_a_no_op_prepares_nothing_and_any_input_change_or_damaged_file_builds_again(
    tmp_path, monkeypatch
):
    # A no-op used to prepare every language (catalogue state, covers, icons, font subsets) before
    # finding that nothing changed: ~0.4 s of its second.  Now the inputs' digest decides, and the
    # published files must still have their hashes.
    import dataclasses

    from build_tools import build
    from build_tools.project import REPO

    styles = tmp_path / "styles"  # edited below: a copy, never the repository's
    shutil.copytree(REPO / "styles", styles)
    project = dataclasses.replace(copy_fixture("mini", tmp_path), styles_dir=styles)
    opts = Options(lang="en", formats=("html",), quiet=True)
    run(project, opts)
    prepared = []
    prepare = build._prepare
    monkeypatch.setattr(build, "_prepare", lambda *a: prepared.append(1) or prepare(*a))
    arts = run(project, opts)
    assert prepared == [] and arts and not any(a.rebuilt for a in arts)
    # Other options are another build: prepared.
    run(project, Options(lang="en", formats=("html",), quiet=True, strict=True))
    assert prepared == [1]
    run(project, opts)
    assert prepared == [1, 1]  # its record is the other build's now
    run(project, opts)
    assert prepared == [1, 1]
    # A published file that lost its bytes is built again.
    page = project.build_dir / "site" / "en" / "index.html"
    good = page.read_bytes()
    page.unlink()  # hard-linked into older editions: never written in place
    page.write_bytes(b"damaged")
    run(project, opts)
    assert prepared == [1, 1, 1] and page.read_bytes() == good
    # An edited style sheet is an input.
    css = next(project.styles_dir.rglob("*.css"))
    css.write_text(css.read_text() + "\n/* edited */\n")
    run(project, opts)
    assert prepared == [1, 1, 1, 1]
