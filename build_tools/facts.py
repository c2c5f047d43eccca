"""Dated facts: the source registries, every citation of them, and their age.

A *source* is registered once, in ``source/<toolkit>/sources.yaml`` (or
``source/_shared/sources.yaml``); ids are unique across the series.  The text
cites it with the ``{fact}`` role or in a ``rules-at-a-glance`` box's
``:sources:`` option (``extensions/facts.py`` and ``extensions/blocks.py``
render them).  This module needs no Sphinx:

- ``load_registry``: every registry, validated (fields, dates, https, ids),
  with file:line for each problem.  The Sphinx extension uses it too.
- ``find_citations``: every ``{fact}`` use and every rules box, found with
  MyST's own markdown-it parser (directive bodies are parsed again, so a fact
  inside a case study or a box is found too).
- ``check``: the register (one row per citation) and the findings behind
  ``make check-facts``; ``write_csv`` writes ``build/facts/facts-register.csv``.

CSV columns (one row per citation; a box citing three sources gives three rows):
``file, line, toolkit, kind`` (``fact`` or ``box``), ``context`` (the sentence
or the box title), ``id, publisher, title, url, source_date, checked,
age_months, primary, status`` (``ok``, ``stale``, ``unknown id`` or
``old-style box``).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .project import Project
from .sphinx_config import md_parser

FIELDS = ("publisher", "title", "url", "date", "checked", "primary")
OPTIONAL_FIELDS = ("note",)
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A source's own date may be a year, a month or a day (a law's year, a page's "last updated").
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
CSV_COLUMNS = (
    "file",
    "line",
    "toolkit",
    "kind",
    "context",
    "id",
    "publisher",
    "title",
    "url",
    "source_date",
    "checked",
    "age_months",
    "primary",
    "status",
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Source:
    id: str
    publisher: str
    title: str
    url: str
    date: str  # "2024", "2024-04" or "2024-04-06" (the source's own date)
    checked: str  # "2026-11-29" (the day we last read it)
    primary: bool
    path: str
    line: int

    @property
    def checked_date(self) -> dt.date | None:
        return parse_day(self.checked)


@dataclass
class Registry:
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def close_ids(self, wanted: str) -> list[str]:
        return difflib.get_close_matches(wanted, list(self.sources), n=3, cutoff=0.5)

    def unknown_message(self, wanted: str) -> str:
        close = self.close_ids(wanted)
        hint = f"did you mean {', '.join(close)}?" if close else "no similar id is registered"
        return (
            f"unknown source id '{wanted}' ({hint}); use an id from source/*/sources.yaml, "
            f"or register the source there (publisher, title, url, date, checked, primary)"
        )


def parse_source_date(text: str) -> tuple[int, int | None, int | None] | None:
    """``"2024-04"`` -> ``(2024, 4, None)``; None when not YYYY, YYYY-MM or YYYY-MM-DD."""
    m = DATE_RE.match(text)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else None
    except ValueError:
        return None


def registry_files(source_dir: Path) -> list[Path]:
    """``source/<toolkit>/sources.yaml`` and ``source/_shared/sources.yaml``."""
    return sorted(Path(source_dir).glob("*/sources.yaml"))


def _scalar(node: yaml.Node) -> str:
    # The raw text: YAML would turn 2024-04-06 into a date and 2024 into an int.
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""


def _read_one(path: Path, rel: str, reg: Registry) -> None:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 1
        reg.problems.append(
            Finding(rel, line, f"not valid YAML ({getattr(exc, 'problem', exc)}); fix the syntax")
        )
        return
    if root is None:
        return
    if not isinstance(root, yaml.MappingNode):
        reg.problems.append(
            Finding(rel, root.start_mark.line + 1, "a registry is a mapping of id: {fields}")
        )
        return
    for key, value in root.value:
        sid, line = _scalar(key), key.start_mark.line + 1
        if not ID_RE.match(sid):
            reg.problems.append(
                Finding(
                    rel,
                    line,
                    f"source id '{sid}' must be lowercase letters, digits and "
                    "hyphens, starting with the authority (e.g. hmrc-gift-aid)",
                )
            )
        if sid in reg.sources:
            first = reg.sources[sid]
            reg.problems.append(
                Finding(
                    rel,
                    line,
                    f"duplicate source id '{sid}' (first at {first.path}:"
                    f"{first.line}); ids are unique across the series",
                )
            )
            continue
        if not isinstance(value, yaml.MappingNode):
            reg.problems.append(
                Finding(rel, line, f"source '{sid}' needs fields: {', '.join(FIELDS)}")
            )
            continue
        values = {_scalar(k): (_scalar(v), v.start_mark.line + 1) for k, v in value.value}
        for name in values.keys() - set(FIELDS) - set(OPTIONAL_FIELDS):
            reg.problems.append(
                Finding(
                    rel,
                    values[name][1],
                    f"source '{sid}': unknown field '{name}' (fields: {', '.join(FIELDS)})",
                )
            )
        missing = [f for f in FIELDS if not values.get(f, ("", 0))[0]]
        if missing:
            reg.problems.append(
                Finding(
                    rel,
                    line,
                    f"source '{sid}' has no {', '.join(missing)}; add "
                    + ", ".join(f"'{m}:'" for m in missing),
                )
            )
        get = {f: values.get(f, ("", line)) for f in FIELDS}
        if get["date"][0] and not parse_source_date(get["date"][0]):
            reg.problems.append(
                Finding(
                    rel,
                    get["date"][1],
                    f"source '{sid}': date '{get['date'][0]}' is not YYYY, YYYY-MM or YYYY-MM-DD",
                )
            )
        if get["checked"][0] and not parse_day(get["checked"][0]):
            reg.problems.append(
                Finding(
                    rel,
                    get["checked"][1],
                    f"source '{sid}': checked '{get['checked'][0]}' "
                    "is not a day (YYYY-MM-DD) on which you read it",
                )
            )
        if get["url"][0] and not get["url"][0].startswith("https://"):
            reg.problems.append(
                Finding(
                    rel,
                    get["url"][1],
                    f"source '{sid}': url must start with https:// (got '{get['url'][0]}')",
                )
            )
        primary = get["primary"][0].lower()
        if primary and primary not in ("true", "false"):
            reg.problems.append(
                Finding(rel, get["primary"][1], f"source '{sid}': primary must be true or false")
            )
        reg.sources[sid] = Source(
            sid,
            get["publisher"][0],
            get["title"][0],
            get["url"][0],
            get["date"][0],
            get["checked"][0],
            primary == "true",
            rel,
            line,
        )


def load_registry(source_dir: Path) -> Registry:
    """Every registry of the series, merged and validated."""
    source_dir = Path(source_dir)
    reg = Registry()
    for path in registry_files(source_dir):
        reg.files.append(path)
        _read_one(path, path.relative_to(source_dir).as_posix(), reg)
    return reg


# --------------------------------------------------------------------------- citations in the text


@dataclass
class Citation:
    path: str  # relative to source/
    line: int
    kind: str  # "fact" or "box"
    context: str  # the sentence, or the box title
    ids: list[str]
    old_style: bool = False  # a box with the free-text :source: / :as-of: options
    leftover: bool = False  # a box with :sources: that still carries :source: or :as-of:

    @property
    def toolkit(self) -> str:
        return self.path.split("/", 1)[0]


def _split_options(body: str) -> tuple[dict[str, str], int]:
    """Leading ``:key: value`` lines of a directive body and how many lines they take."""
    options, lines = {}, body.splitlines()
    n = 0
    while n < len(lines):
        m = re.match(r"^:([\w-]+):\s*(.*)$", lines[n])
        if not m:
            break
        options[m.group(1)] = m.group(2).strip()
        n += 1
    return options, n


def _display(child) -> str:
    if child.type == "myst_role":
        text = child.content
        m = re.match(r"^(.*?)\s*<[^<>]+>\s*$", text, re.S)
        return m.group(1) if m else text
    if child.type in ("softbreak", "hardbreak"):
        return " "
    return child.content or ""


def _sentence(before: str) -> str:
    """The sentence (or clause) a role closes: the text after the previous sentence end."""
    parts = re.split(r"(?<=[.!?:;])\s+", before.strip())
    return " ".join(parts[-1].split()) if parts else ""


def _inline_facts(token, rel: str, offset: int, out: list[Citation]) -> None:
    line = (token.map[0] if token.map else 0) + offset + 1
    text = ""
    for child in token.children or []:
        if child.type == "myst_role" and child.meta.get("name") == "fact":
            out.append(Citation(rel, line, "fact", _sentence(text), [child.content.strip()]))
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        text += _display(child)


def _walk(md, text: str, rel: str, offset: int, out: list[Citation]) -> None:
    for token in md.parse(text):
        if token.type == "inline":
            _inline_facts(token, rel, offset, out)
        elif token.type in ("colon_fence", "fence") and token.info.startswith("{"):
            name, _sep, argument = token.info[1:].partition("}")
            options, n = _split_options(token.content)
            start = token.map[0] + offset
            if name == "rules-at-a-glance":
                ids = [i.strip() for i in options.get("sources", "").split(",") if i.strip()]
                has_old = bool(options.get("source") or options.get("as-of"))
                out.append(
                    Citation(
                        rel,
                        start + 1,
                        "box",
                        argument.strip(),
                        ids,
                        old_style=has_old and not ids,
                        leftover=has_old and bool(ids),
                    )
                )
            body = "\n".join(token.content.splitlines()[n:])
            _walk(md, body, rel, start + 1 + n, out)


def _glossary_facts(md, path: Path, rel: str, out: list[Citation]) -> None:
    """Facts cited in glossary definitions (inline MyST, rendered by ``extensions/glossary.py``)."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    for entry in root.value if isinstance(root, yaml.SequenceNode) else []:
        fields = (
            {_scalar(k): v for k, v in entry.value} if isinstance(entry, yaml.MappingNode) else {}
        )
        value = fields.get("definition")
        if isinstance(value, yaml.ScalarNode):
            # A block scalar (">-") starts on the line after its indicator.
            offset = value.start_mark.line + (1 if value.style in (">", "|") else 0)
            _walk(md, " ".join(value.value.split()), rel, offset, out)


def find_citations(source_dir: Path) -> list[Citation]:
    """Every ``{fact}`` and every rules box in the Markdown of ``source/`` (READMEs are not
    published) and in the glossary's definitions."""
    source_dir = Path(source_dir)
    md = md_parser()
    out: list[Citation] = []
    for path in sorted(source_dir.rglob("*.md")):
        if path.name == "README.md":
            continue
        _walk(md, path.read_text(encoding="utf-8"), path.relative_to(source_dir).as_posix(), 0, out)
    glossary = source_dir / "_shared" / "glossary.yaml"
    if glossary.exists():
        _glossary_facts(md, glossary, "_shared/glossary.yaml", out)
    return out


# --------------------------------------------------------------------------- the check


def today_for_checks(today: str | None = None) -> dt.date:
    """``--today``, else SOURCE_DATE_EPOCH (reproducible runs), else the real date."""
    if today:
        return dt.date.fromisoformat(today)
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC).date()
    return dt.date.today()


def age_months(checked: dt.date, today: dt.date) -> int:
    """Whole months from ``checked`` to ``today``."""
    months = (today.year - checked.year) * 12 + today.month - checked.month
    return months - (1 if today.day < checked.day else 0)


@dataclass
class Report:
    rows: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    max_age: int = 12
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.fatal]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.fatal]


def _row(c: Citation, sid: str, src: Source | None, report: Report) -> dict:
    row = {
        "file": f"source/{c.path}",
        "line": c.line,
        "toolkit": c.toolkit,
        "kind": c.kind,
        "context": c.context,
        "id": sid,
        "publisher": "",
        "title": "",
        "url": "",
        "source_date": "",
        "checked": "",
        "age_months": "",
        "primary": "",
        "status": "ok",
    }
    if c.old_style:
        row["status"] = "old-style box"
        return row
    if src is None:
        row["status"] = "unknown id"
        return row
    row.update(
        publisher=src.publisher,
        title=src.title,
        url=src.url,
        source_date=src.date,
        checked=src.checked,
        primary="yes" if src.primary else "no",
    )
    if src.checked_date:
        row["age_months"] = age_months(src.checked_date, report.today)
        if stale(src.checked_date, report.today, report.max_age):
            row["status"] = "stale"
    return row


def stale(checked: dt.date, today: dt.date, max_age: int) -> bool:
    """Checked longer ago than ``max_age`` months."""
    year, month0 = divmod(today.year * 12 + today.month - 1 - max_age, 12)
    day = min(
        today.day, calendar.monthrange(year, month0 + 1)[1]
    )  # 31 March - 1 month = 28/29 February
    return checked < dt.date(year, month0 + 1, day)


def check(project: Project, today: dt.date | None = None) -> Report:
    """The register and every finding of ``make check-facts``."""
    report = Report(
        max_age=int(project.series.get("facts_max_age_months", 12)),
        today=today or today_for_checks(),
    )
    reg = load_registry(project.source_dir)
    report.findings += reg.problems
    used: set[str] = set()
    for c in find_citations(project.source_dir):
        where = f"source/{c.path}"
        if c.old_style:
            report.findings.append(
                Finding(
                    where,
                    c.line,
                    f"rules box '{c.context}' uses the old :source: and "
                    ":as-of: options; migrate to :sources: <ids>",
                    fatal=False,
                )
            )
            report.rows.append(_row(c, "", None, report))
            continue
        if c.leftover:
            report.findings.append(
                Finding(
                    where,
                    c.line,
                    f"rules box '{c.context}' has :sources: and the old "
                    ":source: / :as-of: (not shown); remove the old options",
                    fatal=False,
                )
            )
        if c.kind == "box" and not c.ids:
            report.findings.append(
                Finding(
                    where,
                    c.line,
                    f"rules box '{c.context}' cites no source; add :sources: <id>, <id>",
                )
            )
        for sid in c.ids:
            used.add(sid)
            src = reg.sources.get(sid)
            if src is None:
                report.findings.append(Finding(where, c.line, reg.unknown_message(sid)))
            elif c.kind == "box" and not src.primary:
                report.findings.append(
                    Finding(
                        where,
                        c.line,
                        f"rules box '{c.context}' cites '{sid}', which is not "
                        "a primary source; cite the authority's own text, or "
                        "write 'check with <authority>'",
                    )
                )
            report.rows.append(_row(c, sid, src, report))
    for sid, src in reg.sources.items():
        if sid not in used:
            report.findings.append(
                Finding(
                    f"source/{src.path}",
                    src.line,
                    f"source '{sid}' is never cited; cite it or remove it",
                    fatal=False,
                )
            )
        if src.checked_date and src.checked_date > report.today:
            report.findings.append(
                Finding(
                    f"source/{src.path}",
                    src.line,
                    f"source '{sid}': checked "
                    f"{src.checked} is after today "
                    f"({report.today}); fix the date",
                )
            )
    for row in report.rows:
        if row["status"] == "stale":
            report.findings.append(
                Finding(
                    row["file"],
                    row["line"],
                    f"'{row['id']}' last checked {row['checked']} "
                    f"({row['age_months']} months ago, more than "
                    f"{report.max_age}); read the source again and "
                    "update 'checked'",
                    fatal=False,
                )
            )
    return report


def write_csv(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(report.rows)
    return path


def register_path(project: Project) -> Path:
    return project.build_dir / "facts" / "facts-register.csv"


def print_report(report: Report) -> None:
    """The register as a table, then the findings (file:line, what is wrong, what to do)."""
    import sys

    from rich.console import Console
    from rich.table import Table

    # Wide when written to a file or a CI log, so that each row stays on one line.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 220)
    table = Table(
        title=f"Dated facts (today {report.today}; re-check after {report.max_age} months)"
    )
    for name in (
        "where",
        "sentence or box",
        "id",
        "publisher",
        "source date",
        "checked",
        "age (months)",
        "status",
    ):
        table.add_column(name, overflow="fold", no_wrap=name == "where")
    for row in report.rows:
        context = row["context"] if len(row["context"]) <= 60 else row["context"][:57] + "…"
        table.add_row(
            f"{row['file']}:{row['line']}",
            context,
            row["id"],
            row["publisher"],
            row["source_date"],
            row["checked"],
            str(row["age_months"]),
            row["status"],
        )
    console.print(table, markup=False)
    # One finding per line (file:line first), never wrapped: editors jump to it.
    for f in report.findings:
        print(f"{f}  [{'error' if f.fatal else 'warning'}]")
    stale_rows = sum(r["status"] == "stale" for r in report.rows)
    print(
        f"check-facts: {len(report.rows)} citation(s), {stale_rows} stale, "
        f"{len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s)"
    )
