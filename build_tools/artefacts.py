"""Every artefact's name and place, in one module (issue 20: they were spelt in six places).

Paths are relative to an edition (``build/edition/``, reached as ``build/``): the build writes
there, the manifest lists them, the site links to them, the checks and the release read them.
"""

from __future__ import annotations

DOWNLOADS = "site/downloads"
SUFFIX = {
    "epub": ".epub",
    "pdf": ".pdf",
    "booklet": "-booklet.pdf",
    "worksheets": "-worksheets.pdf",
}


def file_name(slug: str, lang: str, kind: str) -> str:
    """``networking-fr.epub``, ``networking-fr-booklet.pdf``: a reader's download."""
    return f"{slug}-{lang}{SUFFIX[kind]}"


def download(slug: str, lang: str, kind: str) -> str:
    """Where a download lives in the edition (``site/downloads/…``)."""
    return f"{DOWNLOADS}/{file_name(slug, lang, kind)}"


def site(lang: str) -> str:
    """One language's web site."""
    return f"site/{lang}"


def print_shop(slug: str, lang: str, size_slug: str) -> str:
    """The print-shop PDF (PDF/X-4 with bleed) of one book at one page size."""
    return f"print/{slug}-{lang}-{size_slug}-print.pdf"


def review_copy(slug: str, lang: str) -> str:
    """The Word review copy, beside the edition (``build/review/``), never published."""
    return f"review/{slug}-{lang}.docx"
