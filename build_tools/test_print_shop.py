"""The worksheet pack's title is one translatable message."""

from pathlib import Path

import polib

from build_tools import print_shop

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def _ui(lang):
    catalogue = {
        e.msgid: e.msgstr
        for e in polib.pofile(str(LOCALES / lang / "LC_MESSAGES" / "ui.po"))
        if e.msgstr and not e.fuzzy
    }
    return lambda message: catalogue.get(message, message)


def test_pack_title_punctuation_is_the_translators():
    assert print_shop.pack_title("Fundraising", lambda m: m) == "Fundraising: Worksheets"
    # French typography: a no-break space before the colon.
    assert (
        print_shop.pack_title("Collecter des fonds", _ui("fr"))
        == "Collecter des fonds\u00a0: fiches de travail"
    )


def test_every_language_translates_the_pack_title_with_its_book():
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/ui.po")):
        title = print_shop.pack_title("BOOK", _ui(po.parts[-3]))
        assert title.startswith("BOOK") and title != "BOOK: Worksheets", (po, title)
