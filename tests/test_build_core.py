"""The build core: what makes a no-op a no-op, shards and their merge."""

from __future__ import annotations

import gettext
import shutil

from build_tools import catalogs
from build_tools.build import Options, run

from .conftest import FIXTURES, copy_fixture


def test_a_compiled_catalogue_does_not_carry_the_time_of_the_build(tmp_path):
    # Babel stamped each .mo with the current minute: a build a minute later rebuilt every language.
    project = copy_fixture("mini", tmp_path)
    shutil.copytree(FIXTURES / "l10n" / "locales", project.locale_dir)
    out = project.work_dir / "locale"
    catalogs.compile_language(project.locale_dir, out, "fr", project.source_dir)
    with open(out / "fr" / "LC_MESSAGES" / "ui.mo", "rb") as fh:
        info = gettext.GNUTranslations(fh).info()
    assert info["pot-creation-date"] == "1970-01-01 00:00+0000"
    assert info.get("po-revision-date", "1970-01-01 00:00+0000") == "1970-01-01 00:00+0000"


def test_a_no_op_build_parses_no_catalogue_and_a_touched_one_is_read_again(tmp_path, monkeypatch):
    project = copy_fixture("mini", tmp_path)
    shutil.copytree(FIXTURES / "l10n" / "locales", project.locale_dir)
    opts = Options(lang="fr", formats=("html",), quiet=True)
    run(project, opts)
    read = catalogs.read
    parsed = []
    monkeypatch.setattr(catalogs, "read", lambda path: parsed.append(path) or read(path))
    arts = run(project, opts)
    assert parsed == [] and not any(a.rebuilt for a in arts)
    po = project.locale_dir / "fr" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text() + "\n")           # same messages, new mtime and size: read again
    run(project, opts)
    assert po in parsed
