"""MyST's default docutils settings, built once (extensions/myst_settings.py)."""

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from myst_parser.mdit_to_docutils import base

from build_tools.extensions import myst_settings


def test_many_parses_build_the_default_settings_once_and_share_no_setting(monkeypatch):
    built = []

    def counted(*components):
        built.append(components)
        return get_default_settings(*components)

    monkeypatch.setattr(myst_settings, "get_default_settings", counted)
    monkeypatch.setattr(base, "make_document", base.make_document)  # restored after the test
    myst_settings._defaults.cache_clear()
    myst_settings.setup(app=None)
    docs = [base.make_document() for _ in range(50)]
    assert len(built) == 1
    fresh = vars(get_default_settings(RSTParser))
    assert {k: repr(v) for k, v in vars(docs[0].settings).items()} == {
        k: repr(v) for k, v in fresh.items()
    }
    # The mutable defaults (a list, the dependency list) are each document's own.
    docs[0].settings._config_files.append("changed")
    docs[0].settings.record_dependencies.add("changed.md")
    assert docs[1].settings._config_files == []
    assert docs[1].settings.record_dependencies.list == []
    myst_settings._defaults.cache_clear()


def test_a_markdown_text_parses_to_the_same_tree_with_the_cached_settings(monkeypatch):
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    text = "# Title\n\nA *short* paragraph with a [link](https://example.org).\n\n- one\n- two\n"

    def tree() -> str:
        parser = create_md_parser(MdParserConfig(), base.DocutilsRenderer)
        return parser.render(text).pformat()

    before = tree()
    monkeypatch.setattr(base, "make_document", base.make_document)
    myst_settings.setup(app=None)
    assert tree() == before
