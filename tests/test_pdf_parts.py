"""The reading PDF renders in parts (``build_tools/pdf_parts.py``), on the fixture's book: an edit
renders only what it changes, gives the bytes a cold render gives, and every page number still
says where things are."""

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from build_tools import pdf_parts, print_shop

from .rendered import wrong_page_numbers

IDENT = b"0123456789abcdef0123456789abcdef"


@pytest.fixture
def book(mini_edition, tmp_path) -> Path:
    """A writable copy of the fixture book's print folder (prepared HTML, style sheets, fonts)."""
    folder = tmp_path / "print"
    shutil.copytree(mini_edition.work_dir / "print" / "en" / "alpha", folder)
    return folder / "book.print.html"


def _render(prepared: Path, store: Path, out: Path) -> int:
    pages, rendered = pdf_parts.render_book(prepared, out, store, "salt", False, IDENT)
    assert pages == len(pikepdf.open(out).pages)
    return rendered


def _edit(prepared: Path, old: str, new: str) -> None:
    text = prepared.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    prepared.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_renders_its_chapter_only_and_gives_the_bytes_of_a_cold_render(book, tmp_path):
    store = tmp_path / "store"
    parts = pdf_parts.split(book.read_text(encoding="utf-8"))
    assert len(parts) >= 4  # front matter, three chapters and the glossary
    first = _render(book, store, tmp_path / "a.pdf")
    assert first >= len(parts)  # cold: every part, and again those that point forward
    assert _render(book, store, tmp_path / "a2.pdf") == 0  # nothing changed: nothing rendered
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "a2.pdf").read_bytes()

    _edit(book, "helps small groups", "helps small diaspora groups")
    assert _render(book, store, tmp_path / "b.pdf") == 1
    assert _render(book, tmp_path / "cold", tmp_path / "b-cold.pdf") >= len(parts)
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "b-cold.pdf").read_bytes()
    assert (tmp_path / "b.pdf").read_bytes() != (tmp_path / "a.pdf").read_bytes()


def test_a_chapter_that_grows_moves_what_follows_and_every_number_follows_it(book, tmp_path):
    store = tmp_path / "store"
    _render(book, store, tmp_path / "a.pdf")
    before = len(pikepdf.open(tmp_path / "a.pdf").pages)
    filler = "".join(f"<p>Added paragraph {n} about planning a meeting.</p>" for n in range(120))
    _edit(
        book, "<p>A small club learnt to plan.</p>", "<p>A small club learnt to plan.</p>" + filler
    )
    rendered = _render(book, store, tmp_path / "b.pdf")
    assert len(pikepdf.open(tmp_path / "b.pdf").pages) > before + 2
    # The grown chapter, the contents and every later part that moved or cites a moved page.
    assert rendered >= 2
    _render(book, tmp_path / "cold", tmp_path / "b-cold.pdf")
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "b-cold.pdf").read_bytes()
    problems, checked = wrong_page_numbers(tmp_path / "b.pdf", "page")
    assert problems == [] and checked >= 10, problems


def test_the_merged_book_is_one_tagged_document_with_one_font_per_face(book, tmp_path):
    out = tmp_path / "book.pdf"
    _render(book, tmp_path / "store", out)
    facts, issues = print_shop.preflight(out, "screen")
    assert issues == [], [str(i) for i in issues]
    problems, checked = wrong_page_numbers(out, "page")
    assert problems == [] and checked >= 10, problems

    with pikepdf.open(out) as pdf:
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        # Every structure element climbs to the one root; none to a part's own tree.
        keys = [int(k) for k in root.ParentTree.Nums[::2]]
        assert len(keys) == len(set(keys)) and int(root.ParentTreeNextKey) == max(keys) + 1
        for value in root.ParentTree.Nums[1::2]:
            for elem in value if isinstance(value, pikepdf.Array) else [value]:
                seen = 0
                while "/P" in elem and seen < 100:
                    elem, seen = elem.P, seen + 1
                assert elem.objgen == root.objgen
        used = set()
        faces = {}
        for page in pdf.pages:
            if "/StructParents" in page.obj:
                used.add(int(page.obj.StructParents))
            for annot in page.obj.get("/Annots", []):
                assert "pdfpart:" not in str(annot.get("/A", {}).get("/URI", ""))
                if "/StructParent" in annot:
                    used.add(int(annot.StructParent))
            for font in page.obj.Resources.get("/Font", {}).values():
                faces.setdefault(pdf_parts._face(font), set()).add(font.objgen)
        assert used == set(keys)
        assert all(len(objs) == 1 for objs in faces.values()), faces
        dests = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
        links = [a for p in pdf.pages for a in p.obj.get("/Annots", []) if "/Dest" in a]
        assert links and all(str(a.Dest) in dests for a in links)


def test_the_page_number_check_finds_a_book_whose_numbers_are_off(book, tmp_path):
    store = tmp_path / "store"
    _render(book, store, tmp_path / "good.pdf")
    state = json.loads((store / "state.json").read_text())
    parts = pdf_parts.split(book.read_text(encoding="utf-8"))
    infos = [state[p.key] for p in parts]
    starts = pdf_parts.first_pages(parts, [i["pages"] for i in infos], rtl=False)
    # Two blank pages too many before the first chapter: every later folio and link is off.
    shifted = [starts[0]] + [s + 2 for s in starts[1:]]
    pdf_parts.merge(
        [store / f"{i['digest']}.pdf" for i in infos], shifted, tmp_path / "bad.pdf", IDENT
    )
    problems, _ = wrong_page_numbers(tmp_path / "bad.pdf", "page")
    assert any("is numbered" in p for p in problems) and any("leads to" in p for p in problems)
