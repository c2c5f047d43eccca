"""Shared fixtures: a small fixture project, and one strict build of the real toolkits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_tools.build import Options, run
from build_tools.project import REPO, Project

FIXTURES = Path(__file__).parent / "fixtures"
# The served site and the browser, one per session for every browser test.
pytest_plugins = ["tests.browser_fixtures"]


def copy_fixture(name: str, dest: Path) -> Project:
    root = dest / name
    shutil.copytree(FIXTURES / name, root)
    shutil.copy(REPO / "source" / "conf.py", root / "source" / "conf.py")
    return Project(root=root, build_dir=root / "build")


@pytest.fixture
def mini(tmp_path) -> Project:
    """A one-toolkit project, fast to build (a few seconds)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    return copy_fixture("mini", tmp_path)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """The real toolkits, every language, strict: built once per test session."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    build_dir = tmp_path_factory.mktemp("real") / "build"
    project = Project(build_dir=build_dir)
    artefacts = run(project, Options(strict=True, quiet=True))
    return project, artefacts


def pytest_terminal_summary(terminalreporter):
    """List the pictures written for people to look at (contact sheets, site screenshots)."""
    from .rendered import WRITTEN

    if WRITTEN:
        terminalreporter.section("pictures to look at")
        for path in sorted(WRITTEN):
            terminalreporter.write_line(str(path))
