"""Unit tests of the Sphinx-free reading of the sources: what MyST's parser sees, line by line."""

from textwrap import dedent

from build_tools.sources import read_book, read_doc, read_title


def doc_of(tmp_path, text: str, chapter: int = 3):
    path = tmp_path / "chapter.md"
    path.write_text(dedent(text), encoding="utf-8")
    return read_doc(path, "kit", "kit/chapter", chapter)


def test_sections_are_numbered_and_labels_name_their_heading(tmp_path):
    doc = doc_of(
        tmp_path,
        """\
        (kit-top)=
        # Chapter

        (kit-one)=
        ## One *network*

        ### Deeper
        Text with a {term}`consortia <Consortium>`.
        """,
    )
    assert [(h.level, h.title, h.line, h.number, h.label) for h in doc.headings] == [
        (1, "Chapter", 2, "3", "kit-top"),
        (2, "One network", 5, "3.1", "kit-one"),
        (3, "Deeper", 7, "", None),
    ]
    assert doc.labels == {"kit-top": ("Chapter", 2), "kit-one": ("One network", 5)}
    assert doc.terms == [("consortium", 8, "3.1")]


def test_a_term_in_a_heading_is_a_use(tmp_path):
    doc = doc_of(tmp_path, "# Chapter\n\n## Working as a {term}`network`\n")
    assert doc.headings[1].title == "Working as a network"
    assert doc.terms == [("network", 3, "3.1")]


def test_a_heading_in_a_directive_body_is_no_section(tmp_path):
    # MyST makes it a rubric: it takes no section number, and the next ## is still 3.1.
    doc = doc_of(
        tmp_path,
        """\
        # Chapter

        :::{note}
        ## Not a section
        :::

        ## First section
        """,
    )
    assert [(h.title, h.number) for h in doc.headings] == [
        ("Chapter", "3"),
        ("First section", "3.1"),
    ]


def test_headings_after_a_backtick_directive_are_read(tmp_path):
    # The closing ``` of a backtick directive does not open a code block.
    doc = doc_of(
        tmp_path,
        """\
        # Chapter

        ```{note}
        A note.
        ```

        (kit-after)=
        ## After the note
        """,
    )
    assert [h.title for h in doc.headings] == ["Chapter", "After the note"]
    assert doc.labels == {"kit-after": ("After the note", 8)}


def test_code_is_code_however_it_is_fenced(tmp_path):
    doc = doc_of(
        tmp_path,
        """\
        # Chapter

        ```{code-block} markdown
        (not-a-label)=
        ## Not a heading
        A {term}`network` in code.
        ```

        ```
        # a shell comment
        ````

        (kit-real)=
        ## Real
        Code span: ``{term}`network` `` is code too.
        """,
    )
    assert [h.title for h in doc.headings] == ["Chapter", "Real"]
    assert doc.labels == {"kit-real": ("Real", 14)}
    assert doc.terms == []


def test_setext_headings_and_two_labels_on_one_heading(tmp_path):
    doc = doc_of(
        tmp_path,
        """\
        Chapter
        =======

        (kit-a)=
        (kit-b)=
        Section
        -------
        """,
    )
    assert [(h.title, h.number) for h in doc.headings] == [("Chapter", "3"), ("Section", "3.1")]
    assert doc.labels == {"kit-a": ("Section", 6), "kit-b": ("Section", 6)}


def test_directive_names_and_terms_in_bodies_keep_their_lines(tmp_path):
    doc = doc_of(
        tmp_path,
        """\
        # Chapter

        ## Section
        ::::{case-study} The {term}`diaspora` club
        :name: kit-cs-club
        :alt: a: b

        First line,
        then a {term}`network`.

        :::{figure} images/x.svg
        :name: kit-fig-x
        A {term}`Consortium` caption.
        :::
        ::::
        (kit-fig-label)=
        :::{figure} images/y.svg
        :::
        :::{note}
        :name:
        :::
        """,
    )
    assert doc.labels == {
        "kit-cs-club": ("kit-cs-club", 5),
        "kit-fig-x": ("kit-fig-x", 12),
        "kit-fig-label": ("kit-fig-label", 17),
    }
    assert doc.terms == [("diaspora", 4, "3.1"), ("network", 9, "3.1"), ("consortium", 13, "3.1")]


def test_book_front_matter_and_toctrees_ignore_code_examples(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "index.md").write_text(
        dedent("""\
        ````markdown
        # Not the title
        :::{toctree}
        :numbered:
        example
        :::
        ````

        # The Kit

        {.subtitle}
        A practical toolkit

        :::{toctree}
        about
        :::

        :::{toctree}
        :numbered:
        :maxdepth: 2

        one
        two
        /_shared/glossary
        :::
        """),
        encoding="utf-8",
    )
    for name in ("about", "one", "two", "example"):
        (kit / f"{name}.md").write_text(f"# {name.title()}\n\n## Part\n", encoding="utf-8")
    book = read_book(tmp_path, "kit")
    assert (
        (book.title, book.subtitle)
        == ("The Kit", "A practical toolkit")
        == read_title(tmp_path, "kit")
    )
    assert [(d.name, d.chapter) for d in book.docs] == [
        ("kit/index", 0),
        ("kit/about", 0),
        ("kit/one", 1),
        ("kit/two", 2),
    ]
    assert [h.number for h in book.doc("kit/two").headings] == ["2", "2.1"]


def test_the_title_is_read_from_the_index_alone(tmp_path):
    # What a no-op build needs for its covers: no chapter is read (this one could not be).
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "index.md").write_text("# Kit\n\n:::{toctree}\none\n:::\n", encoding="utf-8")
    (kit / "one.md").write_bytes(b"# Caf\xe9\n")
    assert read_title(tmp_path, "kit") == ("Kit", "")
