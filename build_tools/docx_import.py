"""Word manuscripts in: ``python -m build_tools import-docx FILE --toolkit T [--chapter N]``.

pandoc (shipped by ``pypandoc-binary``) converts the ``.docx`` to CommonMark
with extensions; small pure functions then apply the project's conventions:

- ``shift_headings``: the manuscript's top heading becomes the chapter (``#``);
- ``figures``: images become MyST figures in the toolkit's ``images/`` folder,
  keeping the Word alt text, or flagged when there is none;
- ``one_sentence_per_line``: paragraphs split at sentence ends;
- ``mark_terms``: the first use of each glossary term becomes a ``{term}`` role;
- ``add_label``: a ``(<toolkit>-<slug>)=`` label on the chapter heading.

Whatever pandoc or these steps could not convert is listed in a report.

The import is careful (``check_archive``, ``convert``): the file must be a real
``.docx`` whose parts stay within size limits (a zip bomb is refused before
pandoc unpacks it), the toolkit must exist, image names become safe slugs, and
an existing chapter or image is never replaced without ``--force``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
IMAGE_RE = re.compile(
    r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)(?:\{[^}]*\})?\s*$"
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
# Limits on what a manuscript may unpack to (a real chapter is a few MB).
MAX_PART = 25 * 1024 * 1024  # any one part (document.xml, one image)
MAX_TOTAL = 100 * 1024 * 1024  # everything in the archive
MAX_RATIO = 200  # uncompressed / compressed, per part (zeros compress ~1000x)


class DocxImportError(ValueError):
    """The manuscript cannot be imported: the message says why and what to do."""


def safe_name(name: str) -> str:
    """A file name Sphinx and every web server read the same way: lower-case letters, digits, '-'
    and '.'."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "file"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{slug}.{ext}" if ext else slug


def check_archive(docx: Path) -> None:
    """Refuse anything that is not a .docx of sane size, before pandoc unpacks it."""
    if not zipfile.is_zipfile(docx):
        raise DocxImportError(
            f"{docx}: not a Word .docx file (it is not a zip archive); open it in Word or "
            "LibreOffice and save it as .docx"
        )
    with zipfile.ZipFile(docx) as zf:
        infos = zf.infolist()
        if "word/document.xml" not in {i.filename for i in infos}:
            raise DocxImportError(
                f"{docx}: no word/document.xml inside, so not a Word document; save it as .docx"
            )
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise DocxImportError(
                    f"{docx}: part {info.filename} unpacks to {info.file_size // 1024 // 1024} MB "
                    f"(limit {MAX_PART // 1024 // 1024} MB, or a suspicious compression ratio); "
                    "make the pictures smaller in Word (Compress Pictures) and save again"
                )
        if total > MAX_TOTAL:
            raise DocxImportError(
                f"{docx}: unpacks to {total // 1024 // 1024} MB in all (limit "
                f"{MAX_TOTAL // 1024 // 1024} MB); make the pictures smaller and save again"
            )


ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Art.", "No.", "Dr.", "Mr.", "Ms.", "St.", "vs.")


@dataclass
class Report:
    notes: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.notes.append(message)


def shift_headings(md: str) -> str:
    """Make the highest heading level of the manuscript a level-1 heading."""
    levels = [len(m.group(1)) for line in md.splitlines() if (m := HEADING_RE.match(line))]
    if not levels:
        return md
    shift = min(levels) - 1
    out = []
    for line in md.splitlines():
        m = HEADING_RE.match(line)
        out.append(f"{'#' * (len(m.group(1)) - shift)} {m.group(2)}" if m and shift else line)
    return "\n".join(out) + "\n"


def _split_sentences(paragraph: str) -> list[str]:
    protected = paragraph
    for abbr in ABBREVIATIONS:
        protected = protected.replace(abbr + " ", abbr.replace(".", "\u2024") + " ")
    parts = SENTENCE_END_RE.split(protected)
    return [p.replace("\u2024", ".").strip() for p in parts if p.strip()]


def one_sentence_per_line(md: str) -> str:
    """Split prose paragraphs (not headings, lists' markers, tables, directives) into one sentence
    per line."""
    out = []
    fence = None
    for line in md.splitlines():
        stripped = line.strip()
        if stripped.startswith((":::", "```")):
            fence = None if fence else stripped[:3]
            out.append(line)
            continue
        if fence or not stripped or stripped.startswith(("#", "|", ":", "(", "!", ">")):
            out.append(line)
            continue
        m = re.match(r"^(\s*(?:[-*+]|\d+[.)])\s+)?(.*)$", line)
        prefix, body = m.group(1) or "", m.group(2)
        sentences = _split_sentences(body)
        if not sentences:
            out.append(line)
            continue
        indent = " " * len(prefix) if prefix else re.match(r"^\s*", line).group(0)
        out.append(prefix + sentences[0] if prefix else indent + sentences[0])
        out.extend(indent + s for s in sentences[1:])
    return "\n".join(out) + "\n"


def figures(md: str, toolkit: str, media: dict[str, str], report: Report) -> str:
    """Images as MyST figures; *media* maps pandoc's paths to ``images/<name>``."""
    out, n = [], 0
    last_alt = None
    for line in md.splitlines():
        m = IMAGE_RE.match(line.strip())
        if not m:
            if last_alt is not None and line.strip():
                # pandoc repeats a Word caption as a paragraph after the picture
                if " ".join(line.split()) == last_alt:
                    last_alt = None
                    continue
                last_alt = None
            out.append(line)
            continue
        n += 1
        src = media.get(m.group("src"), m.group("src"))
        alt = " ".join(m.group("alt").split())
        if not alt:
            report.add(
                f"figure {n} ({src}) has no alt text in the manuscript; write one in the :alt: line"
            )
            alt = "TODO: describe this picture"
        out += [
            f":::{{figure}} {src}",
            f":name: {toolkit}-fig-imported-{n}",
            f":alt: {alt}",
            "",
            alt,
            ":::",
        ]
        last_alt = alt
    return "\n".join(out) + "\n"


def mark_terms(md: str, terms: dict[str, str]) -> str:
    """First use of each glossary term (or alias) in plain prose becomes ``{term}``."""
    done: set[str] = set()
    out = []
    for line in md.splitlines():
        if line.lstrip().startswith(("#", ":", "(", "|", "!")):
            out.append(line)
            continue
        for name in sorted(terms, key=len, reverse=True):
            head = terms[name]
            if head in done:
                continue
            pat = re.compile(rf"(?<![\w`<{{-])({re.escape(name)}(?:s|es)?)(?![\w-])", re.I)
            m = pat.search(line)
            if m and "`" not in line[max(0, m.start() - 8) : m.start()]:
                word = m.group(1)
                role = f"{{term}}`{word}`" if word.lower() == name else f"{{term}}`{word} <{name}>`"
                line = line[: m.start()] + role + line[m.end() :]
                done.add(head)
        out.append(line)
    return "\n".join(out) + "\n"


def add_label(md: str, toolkit: str) -> tuple[str, str]:
    lines = md.splitlines()
    for i, line in enumerate(lines):
        m = HEADING_RE.match(line)
        if m and len(m.group(1)) == 1:
            slug = re.sub(r"[^a-z0-9]+", "-", m.group(2).lower()).strip("-")[:40]
            label = f"{toolkit}-{slug}"
            lines.insert(i, f"({label})=")
            return "\n".join(lines) + "\n", slug
    return md, "imported"


def convert(
    docx: Path,
    project,
    toolkit: str,
    chapter: int | None = None,
    out_dir: Path | None = None,
    force: bool = False,
) -> tuple[Path, Report]:
    import pypandoc

    from .glossary_tools import keys

    known = [k.slug for k in project.toolkits]
    if toolkit not in known:
        raise DocxImportError(
            f"TOOLKIT={toolkit!r} is not a toolkit; use one of {', '.join(known)}"
        )
    check_archive(docx)
    report = Report()
    kit_dir = project.source_dir / toolkit
    images = kit_dir / "images"
    with tempfile.TemporaryDirectory() as tmp:
        try:
            md = pypandoc.convert_file(
                str(docx),
                "commonmark_x-raw_html-attributes-bracketed_spans-fenced_divs-raw_attribute-implicit_figures",
                extra_args=["--wrap=none", f"--extract-media={tmp}", "--markdown-headings=atx"],
            )
        except RuntimeError as exc:
            reason = " ".join(str(exc).split())[-200:]
            raise DocxImportError(
                f"{docx}: pandoc could not read it ({reason}); open it in Word or LibreOffice, "
                "save it again as .docx and retry"
            ) from None
        extracted = {
            path: images / safe_name(f"{docx.stem}-{path.name}")
            for path in sorted(Path(tmp).rglob("*"))
            if path.is_file()
        }
        media = {str(path): f"images/{target.name}" for path, target in extracted.items()}
        md, target, report = _chapter(
            md, docx, project, toolkit, chapter, out_dir, media, keys, report
        )
        clashes = [p for p in [target, *extracted.values()] if p.exists()]
        if clashes and not force:
            raise DocxImportError(
                f"{clashes[0]} exists already; nothing was written. Give the chapter another "
                "CHAPTER= number, or replace it on purpose with FORCE=1"
            )
        for path, dest in extracted.items():
            if path.stat().st_size > MAX_PART:
                raise DocxImportError(
                    f"{docx}: picture {path.name} is over {MAX_PART // 1024 // 1024} MB; "
                    "make it smaller in Word and save again"
                )
            images.mkdir(parents=True, exist_ok=True)
            tmp_dest = dest.with_name(f".{dest.name}.tmp")
            shutil.copyfile(path, tmp_dest)
            tmp_dest.replace(dest)
    tmp_target = target.with_name(f".{target.name}.tmp")
    tmp_target.write_text(md, encoding="utf-8")
    tmp_target.replace(target)
    if chapter:
        report.add(f"add '{target.stem}' to the :numbered: toctree of {toolkit}/index.md")
    return target, report


def _chapter(md, docx, project, toolkit, chapter, out_dir, media, keys, report):
    """The converted chapter text and where it goes (nothing written yet)."""
    kit_dir = project.source_dir / toolkit
    for raw in re.findall(r"<[a-zA-Z][^>]*>|<!--.*?-->", md):
        report.add(f"raw HTML left as text, remove or rewrite it: {raw[:60]}")
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    md = shift_headings(md)
    md = figures(md, toolkit, media, report)
    md = mark_terms(md, keys(project))
    md = one_sentence_per_line(md)
    md, slug = add_label(md, toolkit)
    name = f"{chapter:02d}-{slug}.md" if chapter else f"{slug}.md"
    return md, (out_dir or kit_dir) / name, report
