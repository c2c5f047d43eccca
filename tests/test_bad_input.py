"""Every bad input ends in one sentence naming the file (and line), before anything is built (issue
19).

Run through the real command line (``build_tools.__main__.main``) in this process: none of these
cases gets as far as Sphinx, so they take milliseconds. The shell-injection cases run ``make``
itself with hostile values."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from build_tools import __main__ as cli
from build_tools.project import REPO

from .conftest import copy_fixture


@pytest.fixture
def tree(tmp_path, monkeypatch):
    project = copy_fixture("mini", tmp_path)
    monkeypatch.setenv("DT_ROOT", str(project.root))
    monkeypatch.setenv("BUILD_DIR", str(project.build_dir))
    for var in (
        "TOOLKIT",
        "BOOK_LANG",
        "PAGE_SIZE",
        "FILE",
        "CHAPTER",
        "BASE",
        "FORCE",
        "DEBUG",
        "STRICT",
    ):
        monkeypatch.delenv(var, raising=False)
    return project


def error_of(capsys, argv) -> tuple[int, str]:
    rc = cli.main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return rc, err


def chapter(tree) -> Path:
    return tree.source_dir / "alpha" / "01-first.md"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


# Line numbers in the expected messages come from the fixture's chapter, so that
# adding a paragraph to the fixture does not break these tests.
FIXTURE_LINES = (
    (Path(__file__).parent / "fixtures" / "mini" / "source" / "alpha" / "01-first.md")
    .read_text(encoding="utf-8")
    .splitlines()
)
APPENDED = len(FIXTURE_LINES) + 2  # after the last line and one blank line
FIGURE = FIXTURE_LINES.index(":::{figure} images/box.svg") + 1
CASE_STUDY = next(
    n for n, line in enumerate(FIXTURE_LINES, 1) if line.startswith(":::{case-study}")
)

SOURCE_CASES = {
    "book.toml syntax": (
        lambda t: replace(t.source_dir / "alpha" / "book.toml", 'edition = "2"', 'edition = "2'),
        ["alpha/book.toml:2:", "TOML"],
    ),
    "book.toml without edition": (
        lambda t: replace(t.source_dir / "alpha" / "book.toml", 'edition = "2"\n', ""),
        ["alpha/book.toml", "'edition' is missing"],
    ),
    "book.toml edition not a number": (
        lambda t: replace(t.source_dir / "alpha" / "book.toml", '"2"', '"two"'),
        ["alpha/book.toml:2:", "not an edition number"],
    ),
    "series.toml threshold": (
        lambda t: replace(t.source_dir / "series.toml", "0.90", '"abc"'),
        ["series.toml:15:", "translation_threshold", "0.90"],
    ),
    "invalid UTF-8 in a chapter": (
        lambda t: chapter(t).write_bytes(chapter(t).read_bytes() + b"\nbad \xff\xfe\xc3(\n"),
        [f"alpha/01-first.md:{APPENDED}: byte 0xff at column 5 is not UTF-8"],
    ),
    "glossary.yaml syntax": (
        lambda t: (t.source_dir / "_shared" / "glossary.yaml")
        .open("a")
        .write("- term: Broken\n  definition: [unclosed\n"),
        ["glossary.yaml:", "[", "YAML"],
    ),
    "unclosed colon fence": (
        lambda t: replace(chapter(t), "A box\n:::\n", "A box\n"),
        [
            f"alpha/01-first.md:{CASE_STUDY - 1}:",
            f"swallowed into the content of :::{{figure}} (line {FIGURE})",
        ],
    ),
    "empty chapter": (lambda t: chapter(t).write_text(""), ["alpha/01-first.md:1: no title"]),
    "figure path with a space": (
        lambda t: replace(chapter(t), "images/box.svg", "images/a b.svg"),
        [f"alpha/01-first.md:{FIGURE}:", "has a space"],
    ),
    "duplicate glossary term": (
        lambda t: (t.source_dir / "_shared" / "glossary.yaml")
        .open("a")
        .write("- term: network\n  definition: Again.\n"),
        ["glossary.yaml:", "already defined at line 1"],
    ),
    "unclosed backtick fence": (
        lambda t: chapter(t).write_text(chapter(t).read_text() + "\n```{note}\nA note.\n"),
        [f"alpha/01-first.md:{APPENDED}:", "never closed"],
    ),
}


@pytest.mark.parametrize("case", SOURCE_CASES)
def test_bad_source_input_is_one_sentence_with_file_and_line(tree, capsys, case):
    damage, expected = SOURCE_CASES[case]
    damage(tree)
    rc, err = error_of(capsys, ["build", "--formats", "html"])
    assert rc != 0
    for text in expected:
        assert text in err, err
    assert not (tree.build_dir / "site").exists()


ARGUMENT_CASES = [
    (["build"], {"PAGE_SIZE": "banana"}, "is not a page size"),
    (["build"], {"PAGE_SIZE": "A4; } body { display: none } @page {"}, "is not a page size"),
    (["build"], {"BOOK_LANG": "../../etc"}, "is not a language code"),
    (["build"], {"TOOLKIT": "nope"}, "is not a toolkit; use one of alpha"),
    (["build", "--formats", "html,mobi"], {}, "unknown format"),
    (["add-language"], {"BOOK_LANG": "../../etc"}, "is not a language code"),
    (["add-language"], {"BOOK_LANG": "qq"}, "not a language babel knows"),
    (["import-docx"], {"TOOLKIT": "alpha"}, "FILE is missing"),
    (["import-docx"], {"FILE": "/nonexistent/x.docx", "TOOLKIT": "alpha"}, "no such file"),
    (["import-docx"], {"FILE": __file__, "TOOLKIT": "alpha"}, "not a .docx file"),
    (
        ["import-docx"],
        {"FILE": "{docx}", "TOOLKIT": "alpha", "CHAPTER": "5; rm"},
        "is not a chapter number",
    ),
    (["check-po-change"], {"BASE": "--output=/tmp/x"}, "is not a git branch"),
    (["new-edition"], {"TOOLKIT": "alpha", "DATE": "tomorrow"}, "is not a date"),
]


@pytest.mark.parametrize("argv, env, expected", ARGUMENT_CASES)
def test_bad_arguments_are_refused_before_anything_runs(
    tree, capsys, monkeypatch, tmp_path, argv, env, expected
):
    docx = make_docx(tmp_path / "chapter.docx")
    for k, v in env.items():
        monkeypatch.setenv(k, v.replace("{docx}", str(docx)))
    rc, err = error_of(capsys, argv)
    assert rc == 2 and expected in err, err
    assert not (tree.build_dir / "site").exists()
    assert not list(tree.root.parent.glob("etc")) and not (tree.locale_dir / "qq").exists()


# --------------------------------------------------------------------------- import-docx


def tiny_png() -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def make_docx(path: Path, heading: str = "First steps", image: bool = False) -> Path:
    import pypandoc

    md = f"# {heading}\n\nA network helps.\n"
    if image:
        (path.parent / "pic one.png").write_bytes(tiny_png())
        md += "\n![A dot.](pic one.png)\n"
    pypandoc.convert_text(
        md, "docx", format="md", outputfile=str(path), extra_args=[f"--resource-path={path.parent}"]
    )
    return path


def test_import_docx_refuses_to_overwrite_a_chapter_without_force(tree, tmp_path, capsys):
    existing = chapter(tree).read_text()
    docx = make_docx(tmp_path / "over.docx", heading="First")
    rc, err = error_of(capsys, ["import-docx", str(docx), "--toolkit", "alpha", "--chapter", "1"])
    assert rc == 1 and "01-first.md exists already" in err and "FORCE=1" in err
    assert chapter(tree).read_text() == existing
    assert (
        cli.main(["import-docx", str(docx), "--toolkit", "alpha", "--chapter", "1", "--force"]) == 0
    )
    assert chapter(tree).read_text() != existing


def test_import_docx_refuses_an_unknown_toolkit_and_creates_nothing(tree, tmp_path, capsys):
    docx = make_docx(tmp_path / "good.docx")
    rc, err = error_of(capsys, ["import-docx", str(docx), "--toolkit", "nope"])
    assert rc == 2 and "is not a toolkit" in err
    assert not (tree.source_dir / "nope").exists()


def test_import_docx_refuses_a_zip_bomb_before_unpacking_it(tree, tmp_path, capsys):
    docx = make_docx(tmp_path / "bomb.docx")
    with zipfile.ZipFile(docx, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/bomb.png", b"\0" * (30 * 1024 * 1024))
    before = sorted(tree.source_dir.rglob("*"))
    rc, err = error_of(capsys, ["import-docx", str(docx), "--toolkit", "alpha"])
    assert rc == 1 and "word/media/bomb.png" in err and "Compress Pictures" in err
    assert sorted(tree.source_dir.rglob("*")) == before


def test_import_docx_refuses_a_file_that_is_not_a_docx(tree, tmp_path, capsys):
    fake = tmp_path / "notzip.docx"
    fake.write_bytes(b"this is not a zip file")
    rc, err = error_of(capsys, ["import-docx", str(fake), "--toolkit", "alpha"])
    assert rc == 1 and "notzip.docx: not a Word .docx file" in err


def test_import_docx_gives_images_safe_names(tree, tmp_path):
    docx = make_docx(tmp_path / "A b.docx", heading="Imported chapter", image=True)
    assert cli.main(["import-docx", str(docx), "--toolkit", "alpha"]) == 0
    images = [
        p.name for p in (tree.source_dir / "alpha" / "images").iterdir() if p.name != "box.svg"
    ]
    assert images and all(" " not in n and n == n.lower() for n in images), images
    text = (tree.source_dir / "alpha" / "imported-chapter.md").read_text()
    assert f"images/{images[0]}" in text


# --------------------------------------------------------------------------- make variables

HOSTILE = ['x"; touch {m}; echo "', "`touch {m}`x", "$$(touch {m})x", "x; touch {m}"]
TARGETS = [
    ("html", "TOOLKIT"),
    ("html", "BOOK_LANG"),
    ("html", "PAGE_SIZE"),
    ("import-docx", "FILE"),
    ("import-docx", "TOOLKIT"),
    ("import-docx", "CHAPTER"),
    ("check-po-change", "BASE"),
    ("new-edition", "DATE"),
    ("add-language", "BOOK_LANG"),
]


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory) -> Path:
    return make_docx(tmp_path_factory.mktemp("docx") / "good.docx")


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
@pytest.mark.parametrize("target, var", TARGETS)
def test_make_variables_cannot_inject_shell_commands(tree, tmp_path, good_docx, target, var):
    marker = tmp_path / "PWNED"
    env = dict(os.environ, TOOLKIT="alpha", FILE=str(good_docx))
    for value in HOSTILE:
        value = value.format(m=marker)
        proc = subprocess.run(
            ["make", "-s", "-C", str(REPO), target, f"{var}={value}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert not marker.exists(), f"make {target} {var}={value!r} ran a command"
        assert proc.returncode != 0, f"make {target} {var}={value!r} was accepted: {proc.stdout}"
        assert "error:" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
