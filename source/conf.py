"""One Sphinx configuration for every toolkit, language and format.

``python -m build_tools`` runs Sphinx once per language (see
``build_tools.sphinx_config``) with ``language`` as an override.
Everything that
depends on the toolkit or the language is computed in
``build_tools.sphinx_config`` so that this file stays a list of settings.

By hand, with the catalogues a build compiled and filtered:
  sphinx-build -b html -d /tmp/dt -D language=fr \
      -D locale_dirs=$PWD/build/.work/locale source /tmp/out
Every value the build gives Sphinx arrives the same way, as ``-D`` overrides
(``build.build_language``); nothing is read from environment variables.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools import sphinx_config  # noqa: E402

project = "Diaspora Toolkits"
language = "en"

extensions = [
    "myst_parser",
    "build_tools.extensions.myst_settings",
    "build_tools.extensions.toolkit_meta",
    "build_tools.extensions.glossary",
    "build_tools.extensions.worksheets",
    "build_tools.extensions.facts",
    "build_tools.extensions.localised_figures",
    "build_tools.extensions.sidebar",
    "build_tools.extensions.bidi",
    "build_tools.extensions.blocks",
    "build_tools.extensions.crossrefs",
    "build_tools.extensions.books",
    "build_tools.extensions.landing",
    "build_tools.extensions.offline",
    "build_tools.extensions.light",
    "build_tools.extensions.status",
    "build_tools.extensions.paths",
    "build_tools.extensions.catalogue_deps",
    "build_tools.extensions.whole_site",
]

myst_enable_extensions = sphinx_config.MYST_EXTENSIONS
myst_disable_syntax = sphinx_config.MYST_DISABLE_SYNTAX
myst_heading_anchors = 0

# Translations: compiled catalogues are written by build_tools (after the
# safety filter) to build/.work/locale, and the build passes that folder as
# -D locale_dirs=...; Sphinx then only reads those .mo files.  This default
# serves ``make gettext`` and a run by hand.
gettext_compact = False
gettext_uuid = False  # very slow extraction (see FINDINGS.md)
gettext_location = True
locale_dirs = ["../locales"]
gettext_allow_fuzzy_translations = False

templates_path = []
html_theme = "toolkit"
html_theme_path = [str(Path(sphinx_config.__file__).resolve().parent / "theme")]
html_permalinks = True
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None

numfig = True
numfig_secnum_depth = 1

# EPUB: Sphinx's index page duplicates our glossary and fails EPUBCheck's
# navigation rules for empty genindex pages.
epub_use_index = False
epub_show_urls = "no"
epub_tocdepth = 3
epub_tocdup = False
# nav.xhtml and toc.ncx from our normalised table of contents (extensions/books.py).
# An "env" setting: set here for every build of a language, so the site and the book
# builders share one environment.
epub_tocscope = "includehidden"

exclude_patterns = ["README.md", "**/README.md"]

sphinx_config.configure(globals())
