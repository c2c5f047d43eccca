"""Shaped, measured SVG text (covers and localised figures)."""

from lxml import etree

from build_tools import assets, figures, svgtext


def test_arabic_line_keeps_numbers_in_reading_order():
    runs = [t for t, _rtl in svgtext.runs("الطبعة 1 · 27 نوفمبر 2026", rtl=True) if t.strip()]
    # Visual order, left to right: the year first, the Arabic word for "edition" last.
    assert runs == ["2026", "نوفمبر", "27", "·", "1", "الطبعة"]


def test_closing_full_stop_of_a_number_follows_the_arabic_line():
    assert [t for t, _ in svgtext.runs("ابدؤوا بالخطوة 1.", rtl=True)][:2] == [".", "1"]


def test_fit_wraps_then_shrinks_and_never_exceeds_the_width():
    text = "Networking and Alliances Building"
    lines, size = svgtext.fit(text, 480, 62, 4, bold=True)
    assert len(lines) > 1 and all(svgtext.width(line, size, True) <= 480 for line in lines)
    lines, size = svgtext.fit("Supercalifragilisticexpialidocious", 100, 30, 1)
    assert size < 30 and svgtext.width(lines[0], size) <= 100.01


def test_arabic_width_is_measured_from_the_shaped_run():
    # Joined (shaped) Arabic is narrower than its isolated letters side by side.
    word = "الجاليات"
    isolated = sum(svgtext.width(ch, 40, rtl=True) for ch in word)
    assert svgtext.width(word, 40, rtl=True) < isolated


def test_cover_lines_stay_inside_the_cover_in_every_script():
    for title, subtitle, lang in [
        (
            "Networking and Alliances Building",
            "A practical guide for small diaspora organisations",
            "en",
        ),
        (
            "Mise en réseau et construction d’alliances",
            "Un guide pratique pour les petites organisations de la diaspora",
            "fr",
        ),
        ("بناء الشبكات والتحالفات", "دليل عملي لمنظمات الجاليات الصغيرة", "ar"),
    ]:
        svg = etree.fromstring(
            assets.cover_svg(
                title,
                subtitle,
                "Diaspora Toolkits",
                "Edition 1 · 27 November 2026",
                "#1d4e89",
                lang,
            ).encode()
        )
        for ink in svg.xpath("//@data-ink"):
            x0, y0, x1, y1 = map(float, ink.split())
            assert 60 - 6 <= x0 and x1 <= 540 + 6 and 0 < y0 and y1 < 900, (lang, ink)


def test_arabic_cover_is_right_aligned():
    svg = etree.fromstring(
        assets.cover_svg("بناء الشبكات", "دليل", "أدلّة الجاليات", "الطبعة 1", "#000", "ar").encode()
    )
    rights = [float(v.split()[2]) for v in svg.xpath("//@data-ink")]
    assert all(abs(r - 540) < 8 for r in rights)


SVG = b"""<svg data-mirror-rtl="true" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">
<title id="t">Steps</title><rect x="10" y="10" width="120" height="80"/>
<text x="70" y="40" text-anchor="middle" font-size="16">Talk</text>
<text x="70" y="60" text-anchor="middle" font-size="16">directly</text>
<text x="300" y="40" font-size="16">Other</text></svg>"""


def test_a_label_of_several_lines_is_one_message_with_its_figure_as_context(tmp_path):
    path = tmp_path / "steps.svg"
    path.write_bytes(SVG)
    assert figures.messages(path, "kit/images/steps.svg") == [
        ("kit/images/steps.svg#t", "Steps"),
        ("kit/images/steps.svg#text-1", "Talk directly"),
        ("kit/images/steps.svg#text-3", "Other"),
    ]


def test_localised_label_is_wrapped_to_its_box_and_mirrored_when_flagged():
    tr = {"Talk directly": "Se parler directement les uns aux autres"}
    out = etree.fromstring(
        figures.localise(SVG, "kit/images/steps.svg", lambda c, m: tr.get(m, m), rtl=True)
    )
    group = out.xpath("//*[@data-text='Se parler directement les uns aux autres']")[0]
    assert len(group) >= 2, "wrapped onto more lines"
    assert out.xpath("//*[@data-mirrored='rtl']")
    plain = etree.fromstring(
        figures.localise(
            SVG.replace(b' data-mirror-rtl="true"', b""), "k", lambda c, m: m, rtl=True
        )
    )
    assert not plain.xpath("//*[@data-mirrored='rtl']")


def test_each_glyph_is_defined_once_and_placed_where_line_path_draws_it():
    sheet = svgtext.GlyphSheet("g")
    for text, rtl in (("Collaboration et coordination", False), ("التعاون والتنسيق 2026", True)):
        _transform, uses, box = svgtext.line_uses(text, 100, 50, 16, sheet, rtl=rtl, anchor="start")
        _d, expected = svgtext.line_path(text, 100, 50, 16, rtl=rtl, anchor="start")
        assert all(abs(a - b) < 0.05 for a, b in zip(box, expected, strict=True)), (box, expected)
        assert len({gid for gid, _x, _y in uses}) < len(uses), (
            "repeated letters reuse one definition"
        )
    assert len(sheet.paths) == len(set(sheet.paths.values())), "no glyph is written twice"


def test_a_localised_figure_refers_only_to_glyphs_it_defines():
    tr = {"Talk directly": "Se parler directement les uns aux autres"}
    out = etree.fromstring(
        figures.localise(SVG, "kit/images/steps.svg", lambda c, m: tr.get(m, m), rtl=False)
    )
    defined = set(out.xpath("//*[local-name()='defs']/*[local-name()='path']/@id"))
    used = {
        h[1:]
        for h in out.xpath(
            "//*[local-name()='use']/@xlink:href",
            namespaces={"xlink": "http://www.w3.org/1999/xlink"},
        )
    }
    assert used and used <= defined and defined <= used
    assert out.nsmap.get("xlink") == "http://www.w3.org/1999/xlink"
