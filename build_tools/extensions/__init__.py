"""Sphinx extensions of the Diaspora Toolkits, one per feature.

- ``toolkit_meta``: edition metadata, language and direction, page context.
- ``books``: the per-toolkit EPUB and print builders over the shared environment.
- ``crossrefs``: the ``{toolkit}`` role and citations for references that leave a book.
- ``glossary``: the shared glossary directive, used-in lists, tooltips, sorting.
- ``worksheets``: worksheets, instructions, checklists and ``{fill}`` spaces.
- ``facts``: the ``{fact}`` role and the source registries (``sources.yaml``).
- ``blocks``: case studies, key points and rules-at-a-glance boxes.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

# Interface strings of our own (labels such as "Key points"), translated in
# locales/<lang>/LC_MESSAGES/ui.po.
UI_DOMAIN = "ui"
_ = get_translation(UI_DOMAIN)


def add_ui_catalog(app) -> None:
    mo_dir = app.config.locale_dirs[0] if app.config.locale_dirs else None
    if mo_dir:
        path = Path(app.srcdir, mo_dir) if not Path(mo_dir).is_absolute() else Path(mo_dir)
        app.add_message_catalog(UI_DOMAIN, str(path))


def node_location(directive) -> tuple[str, int]:
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return source, line
