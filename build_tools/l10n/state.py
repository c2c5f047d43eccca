"""One cached object per language: its compiled catalogues, their problems, completeness and
status counts.

The build needs, for every language, the compiled ``.mo`` files, the catalogue problems to
report, the share translated per toolkit (partial-translation notices) and the counts of the
status charts.  Each used to parse every ``.po`` again (the status charts once per language
and site).  ``state`` computes them together and keeps them in
``build/.work/catalogue-state/<lang>.json``, keyed by the size and mtime of each ``.po``, by
which documents exist (a catalogue without its document is refused) and by the code that
reads them: a no-op build parses no ``.po``.  When one catalogue changed, the others' compiled
files and dropped messages are reused from the same record (``CompileReport.files``): their
messages are not checked again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import sphinx_config
from ..project import Project
from . import catalogues, message_checks, progress

# The code whose change must refresh the cached state: the readers and checks, and the MyST
# syntax settings (sphinx_config) with which message_checks parses each message.
CODE = [Path(m.__file__) for m in (catalogues, message_checks, progress, sphinx_config)] + [
    Path(__file__)
]


@dataclass
class LanguageState:
    lang: str
    key: str
    problems: list[str]
    completeness: dict[str, float]
    status: list[tuple[str, float]]  # (part, share translated): this language's status chart
    outputs: dict[str, int]  # compiled .mo (relative name) -> size, checked before reuse
    code: str = ""  # digest of CODE: per-catalogue results are reused only from the same code
    files: dict[str, dict] = field(default_factory=dict)  # CompileReport.files


def _code() -> str:
    h = hashlib.sha256()
    for code in CODE:
        h.update(code.read_bytes())
    return h.hexdigest()


def _key(project: Project, lang: str, code: str) -> str:
    root = project.locale_dir / lang / "LC_MESSAGES"
    h = hashlib.sha256(f"{lang}|{[k.slug for k in project.toolkits]}|{code}".encode())
    for path in catalogues.po_files(project.locale_dir, lang):
        st = path.stat()
        rel = path.relative_to(root).as_posix()
        orphan = catalogues.orphan_problem(project.source_dir, rel) is not None
        h.update(f"{rel}|{st.st_size}|{st.st_mtime_ns}|{orphan}\0".encode())
    return h.hexdigest()


def _outputs(mo_root: Path) -> dict[str, int]:
    return (
        {p.relative_to(mo_root).as_posix(): p.stat().st_size for p in sorted(mo_root.rglob("*.mo"))}
        if mo_root.is_dir()
        else {}
    )


def state(project: Project, lang: str) -> LanguageState:
    """The language's catalogue state: from the cache when nothing it depends on changed."""
    store = project.work_dir / "catalogue-state" / f"{lang}.json"
    mo_root = project.work_dir / "locale" / lang / "LC_MESSAGES"
    code = _code()
    key = _key(project, lang, code)
    old = None
    if store.is_file():
        try:
            old = LanguageState(**json.loads(store.read_text()))
        except (ValueError, TypeError):
            old = None
        if old and old.key == key and old.outputs == _outputs(mo_root):
            old.status = [tuple(s) for s in old.status]
            return old
    report = catalogues.compile_language(
        project.locale_dir,
        project.work_dir / "locale",
        lang,
        project.source_dir,
        reuse=old.files if old and old.code == code else None,
    )
    status = (
        [] if lang == "en" else [(part, c.ratio) for _l, part, c in progress.rows(project, [lang])]
    )
    new = LanguageState(
        lang,
        key,
        report.problems,
        progress.completeness(project, lang),
        status,
        _outputs(mo_root),
        code,
        report.files,
    )
    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = store.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(new), ensure_ascii=False, indent=1))
    tmp.replace(store)
    return new
