"""Work a Sphinx run used to do more than once: figures localised in every run, doctrees
unpickled twice while figures are numbered, every catalogue read six times for the status page."""

import shutil
from pathlib import Path
from types import SimpleNamespace

from babel.messages import mofile, pofile

from build_tools import figures
from build_tools.extensions import books, localised_figures
from build_tools.l10n import progress
from build_tools.project import Project

FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures"


def _project(tmp_path) -> Project:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copytree(FIXTURES / "l10n" / "locales", root / "locales")
    return Project(root=root, build_dir=root / "build")


def _compile(po: Path, mo: Path) -> None:
    mo.parent.mkdir(parents=True, exist_ok=True)
    with po.open("rb") as f:
        catalog = pofile.read_po(f)
    with mo.open("wb") as f:
        mofile.write_mo(f, catalog)


def test_a_localised_figure_is_laid_out_again_only_when_its_inputs_or_file_change(
    tmp_path, monkeypatch
):
    project = _project(tmp_path)
    mo_root = tmp_path / "mo"
    mo = mo_root / "fr" / "LC_MESSAGES" / "alpha" / "figures.mo"
    _compile(project.locale_dir / "fr" / "LC_MESSAGES" / "alpha" / "figures.po", mo)
    app = SimpleNamespace(
        config=SimpleNamespace(language="fr", locale_dirs=[str(mo_root)]),
        srcdir=str(project.source_dir),
    )
    out = tmp_path / "figures"
    laid_out = []
    real = figures.localise
    monkeypatch.setattr(figures, "localise", lambda *a: laid_out.append(a[1]) or real(*a))
    assert localised_figures.write_localised(app, out) == 1
    box = out / "alpha" / "images" / "box.svg"
    first = box.read_bytes()
    assert laid_out == ["alpha/images/box.svg"]

    assert localised_figures.write_localised(app, out) == 0
    assert laid_out == ["alpha/images/box.svg"]  # nothing changed: kept

    box.write_bytes(first.replace(b"<svg", b"<svg data-damaged='1'", 1))
    localised_figures.write_localised(app, out)
    assert box.read_bytes() == first and len(laid_out) == 2  # a damaged file is made again

    mo.write_bytes(mo.read_bytes() + b"\0")  # the catalogue changed
    localised_figures.write_localised(app, out)
    assert len(laid_out) == 3


def test_figure_numbering_unpickles_each_doctree_once_and_stops_sharing_after():
    loads = []

    class Env:
        config = SimpleNamespace(numfig=False)

        def get_doctree(self, docname):
            loads.append(docname)
            return object()

    env = Env()
    books.share_doctrees(None, env)
    a = env.get_doctree("alpha/01-first")
    assert env.get_doctree("alpha/01-first") is a and loads == ["alpha/01-first"]
    books.number_figures_per_toolkit(SimpleNamespace(builder=None), env)
    assert "get_doctree" not in vars(env)  # the write phase reads from disk again
    env.get_doctree("alpha/01-first")
    assert len(loads) == 2


def test_the_status_rows_read_each_catalogue_once_per_language(tmp_path, monkeypatch):
    project = _project(tmp_path)
    read = []
    real = progress.catalogues
    monkeypatch.setattr(
        progress, "catalogues", lambda src, loc, lang: read.append(lang) or real(src, loc, lang)
    )
    rows = progress.rows(project, ["fr", "ar"])
    assert read == ["fr", "ar"]
    by_part = {(lang, part): c for lang, part, c in rows}
    # Each part's counts are those of its own catalogues alone.
    read.clear()
    assert by_part[("fr", "alpha")] == progress.count(project, "fr", "alpha/")
    assert by_part[("fr", "all")] == progress.count(project, "fr")
    assert by_part[("fr", "all")].total > by_part[("fr", "alpha")].total > 0
