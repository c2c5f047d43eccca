"""Unit tests of the EPUB post-processing functions."""

from lxml import etree

from build_tools import epub

OPF = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" xml:lang="ar"'
    b' unique-identifier="id" prefix="">\n'
    b'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language>ar</dc:language>'
    b"<dc:title>T</dc:title>\n"
    b'<dc:description></dc:description><dc:identifier id="id">x</dc:identifier>'
    b"<dc:date>2020</dc:date>\n"
    b'<meta property="dcterms:modified">2020</meta></metadata>\n'
    b'<manifest/><spine toc="ncx" page-progression-direction="ltr"/><guide/></package>'
)

META = {
    "subtitle": "S",
    "date_iso": "2026-11-27",
    "edition": "1",
    "series_name": "Series",
    "title": "T",
    "isbn": "",
    "doi": "",
    "publisher": "P",
    "dir": "rtl",
}


def test_opf_gets_accessibility_metadata_and_direction():
    out = etree.fromstring(epub.opf_with_metadata(OPF, META, 0, "summary"))
    props = [m.get("property") for m in out.iter("{http://www.idpf.org/2007/opf}meta")]
    for p in (
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
    ):
        assert p in props
    assert props.count("dcterms:modified") == 1
    assert (
        out.find("{http://www.idpf.org/2007/opf}spine").get("page-progression-direction") == "rtl"
    )
    assert out.find("{http://www.idpf.org/2007/opf}guide") is None


def test_xhtml_gets_lang_dir_and_loses_query_strings():
    doc = (
        b'<html xmlns="http://www.w3.org/1999/xhtml">'
        b'<head><link rel="stylesheet" href="a.css?v=1"/></head><body/></html>'
    )
    out = etree.fromstring(epub.xhtml_with_lang(doc, "ar", "rtl"))
    assert out.get("lang") == "ar" and out.get("dir") == "rtl"
    assert out.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert out.find(".//{http://www.w3.org/1999/xhtml}link").get("href") == "a.css"


def test_english_fallbacks_in_a_translated_book_are_marked_english_and_ltr():
    doc = (
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p class="untranslated">Hello</p>'
        b"<p>\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7</p></body></html>"
    )
    out = etree.fromstring(epub.xhtml_with_lang(doc, "ar", "rtl"))
    first, second = out.iter("{http://www.w3.org/1999/xhtml}p")
    assert first.get("lang") == "en" and first.get("dir") == "ltr"
    assert second.get("lang") is None


def test_navigation_gets_the_aria_role_matching_its_epub_type():
    doc = (
        b'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>'
        b'<nav epub:type="toc"><ol/></nav></body></html>'
    )
    out = etree.fromstring(epub.xhtml_with_lang(doc, "en", "ltr"))
    assert out.find(".//{http://www.w3.org/1999/xhtml}nav").get("role") == "doc-toc"
