"""Sphinx extensions of the Diaspora Toolkits, one per feature.

- ``toolkit_meta``: edition metadata, language and direction, page context.
- ``books``: the per-toolkit EPUB and print builders over the shared environment.
- ``crossrefs``: the ``{toolkit}`` role and citations for references that leave a book.
- ``glossary``: the shared glossary directive, used-in lists, tooltips, sorting.
- ``worksheets``: worksheets, instructions, checklists and ``{fill}`` spaces.
- ``facts``: the ``{fact}`` role and the source registries (``sources.yaml``).
- ``blocks``: case studies, key points and rules-at-a-glance boxes.
- ``paths``: images, downloads and includes must stay inside the book.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation, get_translator, is_translator_registered

# Interface strings of our own (labels such as "Key points"), translated in
# locales/<lang>/LC_MESSAGES/ui.po.
UI_DOMAIN = "ui"
_ = get_translation(UI_DOMAIN)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware interface string: the catalogue's Plural-Forms rule (Babel's
    CLDR rule for the language) picks the form, so French says "1 ligne" and
    Arabic has its six forms.  Sphinx's ``get_translation`` has no plural form."""
    if is_translator_registered(UI_DOMAIN):
        return get_translator(UI_DOMAIN).ngettext(singular, plural, n)
    return singular if n == 1 else plural


def add_ui_catalog(app) -> None:
    mo_dir = app.config.locale_dirs[0] if app.config.locale_dirs else None
    if mo_dir:
        path = Path(app.srcdir, mo_dir) if not Path(mo_dir).is_absolute() else Path(mo_dir)
        app.add_message_catalog(UI_DOMAIN, str(path))


def node_location(directive) -> tuple[str, int]:
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return source, line
