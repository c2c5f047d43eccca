"""The glossary outside Sphinx: termbase export and consistency checks.

``make termbase`` writes, per language, a CSV and a TBX (ISO 30042:2019,
TBX-Basic dialect) file that Poedit, Weblate and CAT tools load.
``make check-glossary`` prints every finding as file:line and the fix.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from lxml import etree

from .extensions.glossary import load_entries
from .project import SOURCE_LANGUAGE, Project
from .sources import FENCE_RE, TERM_RE, read_doc, role_target

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ROLE_ANY_RE = re.compile(r"\{[\w:-]+\}`[^`]*`")


@dataclass
class Finding:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def glossary_path(project: Project) -> Path:
    return project.source_dir / "_shared" / "glossary.yaml"


def entries(project: Project) -> list[dict]:
    return load_entries(glossary_path(project))


def approved(project: Project, lang: str) -> dict[str, tuple[str, str]]:
    """English headword (lower case) -> (approved translation, translated definition)."""
    po_path = project.locale_dir / lang / "LC_MESSAGES" / "_shared" / "glossary.po"
    if lang == SOURCE_LANGUAGE or not po_path.exists():
        return {}
    po = {
        e.msgid: e.msgstr for e in polib.pofile(str(po_path)) if e.msgstr and "fuzzy" not in e.flags
    }
    out = {}
    for entry in entries(project):
        definition = " ".join(entry["definition"].split())
        out[entry["term"].lower()] = (po.get(entry["term"], ""), po.get(definition, ""))
    return out


# --------------------------------------------------------------------------- termbase


def write_termbase(project: Project, lang: str, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    trans = approved(project, lang)
    csv_path = out_dir / f"termbase-{lang}.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "term",
                "aliases",
                "definition",
                "see_also",
                "translator_note",
                f"translation_{lang}",
                f"definition_{lang}",
            ]
        )
        for e in entries(project):
            t, d = trans.get(e["term"].lower(), ("", ""))
            w.writerow(
                [
                    e["term"],
                    "; ".join(e.get("aliases") or []),
                    " ".join(e["definition"].split()),
                    "; ".join(e.get("see_also") or []),
                    " ".join((e.get("note") or "").split()),
                    t,
                    d,
                ]
            )

    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, SOURCE_LANGUAGE)
    header = etree.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    file_desc = etree.SubElement(header, f"{{{TBX_NS}}}fileDesc")
    source_desc = etree.SubElement(file_desc, f"{{{TBX_NS}}}sourceDesc")
    etree.SubElement(source_desc, f"{{{TBX_NS}}}p").text = (
        f"{project.series['name']}: shared glossary, {SOURCE_LANGUAGE} to {lang}. Generated from "
        "source/_shared/glossary.yaml and its catalogue; do not edit by hand."
    )
    body = etree.SubElement(etree.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    for e in entries(project):
        concept = etree.SubElement(body, f"{{{TBX_NS}}}conceptEntry", id=_tbx_id(e["term"]))
        if e.get("note"):
            etree.SubElement(concept, f"{{{TBX_NS}}}note").text = " ".join(e["note"].split())
        src = etree.SubElement(concept, f"{{{TBX_NS}}}langSec")
        src.set(XML_LANG, SOURCE_LANGUAGE)
        etree.SubElement(src, f"{{{TBX_NS}}}descrip", type="definition").text = " ".join(
            e["definition"].split()
        )
        _term_sec(src, e["term"], "preferredTerm-admn-sts")
        for alias in e.get("aliases") or []:
            _term_sec(src, alias, "admittedTerm-admn-sts")
        t, d = trans.get(e["term"].lower(), ("", ""))
        if lang != SOURCE_LANGUAGE and t:
            tgt = etree.SubElement(concept, f"{{{TBX_NS}}}langSec")
            tgt.set(XML_LANG, lang)
            if d:
                etree.SubElement(tgt, f"{{{TBX_NS}}}descrip", type="definition").text = d
            _term_sec(tgt, t, "preferredTerm-admn-sts")
    tbx_path = out_dir / f"termbase-{lang}.tbx"
    tbx_path.write_bytes(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )
    return csv_path, tbx_path


def _tbx_id(term: str) -> str:
    return "c-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def _term_sec(parent, text: str, status: str) -> None:
    sec = etree.SubElement(parent, f"{{{TBX_NS}}}termSec")
    etree.SubElement(sec, f"{{{TBX_NS}}}term").text = text
    etree.SubElement(sec, f"{{{TBX_NS}}}termNote", type="administrativeStatus").text = status


# --------------------------------------------------------------------------- source checks


def _variants(term: str) -> set[str]:
    t = term.casefold().strip()
    out = {t}
    for suffix in ("es", "s"):
        if t.endswith(suffix):
            out.add(t[: -len(suffix)])
    out.add(t + "s")
    return out


def keys(project: Project) -> dict[str, str]:
    """Every name a {term} may use (lower case) -> headword."""
    out = {}
    for e in entries(project):
        out[e["term"].lower()] = e["term"]
        for alias in e.get("aliases") or []:
            out[alias.lower()] = e["term"]
    return out


def source_files(project: Project) -> list[Path]:
    return sorted(p for p in project.source_dir.rglob("*.md") if p.name != "README.md")


def check_definitions(project: Project) -> list[Finding]:
    findings = []
    path = glossary_path(project)
    seen: dict[str, tuple[str, int]] = {}
    for e in entries(project):
        for name in [e["term"], *(e.get("aliases") or [])]:
            for v in _variants(name):
                if v in seen and seen[v][0] != e["term"]:
                    findings.append(
                        Finding(
                            path,
                            e["_line"],
                            (
                                f"'{name}' duplicates '{seen[v][0]}' (line {seen[v][1]}), "
                                "differing only in case or plural; "
                                f"merge the two entries or make one an alias of the other"
                            ),
                        )
                    )
                    break
                seen.setdefault(v, (e["term"], e["_line"]))
        for other in e.get("see_also") or []:
            if other.lower() not in keys(project):
                findings.append(
                    Finding(
                        path,
                        e["_line"],
                        f"see_also names '{other}', which is not a headword; "
                        "fix the spelling or add the term",
                    )
                )
    for md in source_files(project):
        for lineno, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^\s*(:{3,}|`{3,})\{glossary\}", line):
                findings.append(
                    Finding(
                        md,
                        lineno,
                        "a glossary defined inside a toolkit; move its terms to "
                        "source/_shared/glossary.yaml (one shared glossary)",
                    )
                )
    return findings


def term_uses(project: Project) -> list[tuple[Path, int, str]]:
    """Every {term} role as MyST reads it (not in code, fences or literal directives)."""
    out = []
    for md in source_files(project):
        doc = read_doc(md, "", md.stem, 0)
        out += [(md, line, target) for target, line, _number in doc.terms]
    return out


def check_references(project: Project) -> list[Finding]:
    known = keys(project)
    findings = []
    used = set()
    for path, line, target in term_uses(project):
        if target not in known:
            findings.append(
                Finding(
                    path,
                    line,
                    f"{{term}} target '{target}' is not in the glossary; "
                    "add it to source/_shared/glossary.yaml or fix the spelling",
                )
            )
        else:
            used.add(known[target])
    for e in entries(project):
        if e["term"] not in used:
            findings.append(
                Finding(
                    glossary_path(project),
                    e["_line"],
                    (
                        f"'{e['term']}' is defined but never used with {{term}}; "
                        "mark its first use in a chapter, "
                        "or remove the entry"
                    ),
                )
            )
    return findings


def check_first_use(project: Project) -> list[Finding]:
    """In each chapter, the first plain use of a term should carry the {term} role."""
    findings = []
    names = keys(project)
    patterns = {
        name: re.compile(rf"(?<![\w-]){re.escape(name)}(?:s|es)?(?![\w-])", re.I)
        for name in names
        if len(name) > 3
    }
    for md in source_files(project):
        if md.parent.name == "_shared" or md.name in ("index.md", "references.md"):
            continue
        marked: set[str] = set()
        reported: set[str] = set()
        fence = None
        for lineno, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
            if m := FENCE_RE.match(line):
                fence = None if fence == m.group(1) else (fence or m.group(1))
                continue
            if fence or line.startswith(("(", "#", ":", "|---")) or not line.strip():
                continue
            plain = ROLE_ANY_RE.sub(" ", line)
            plain = re.sub(r"\]\([^)]*\)|https?://\S+", " ", plain)
            for name, pat in patterns.items():
                head = names[name]
                if head in marked or head in reported:
                    continue
                if pat.search(plain):
                    reported.add(head)
                    findings.append(
                        Finding(
                            md,
                            lineno,
                            (
                                f"first use of glossary term '{head}' in this chapter "
                                "has no markup; "
                                f"write {{term}}`{pat.search(plain).group(0)} <{name}>`"
                            ),
                        )
                    )
            for m in TERM_RE.finditer(line):
                target = role_target(m.group(1))[1].lower()
                if target in names:
                    marked.add(names[target])
    return findings


# ------------------------------------------------------------------------ translation consistency

ARABIC_PREFIX_RE = re.compile(r"^(?:[وفبلك]?ال|[وفبلك])(?=\w{3})")
ARABIC_MARKS_RE = re.compile(r"[\u064b-\u0652\u0640]")  # harakat, shadda, tatweel


def _words(text: str) -> list[str]:
    text = ARABIC_MARKS_RE.sub("", text.casefold())
    return [ARABIC_PREFIX_RE.sub("", w) for w in re.findall(r"\w+", text)]


def _stem_match(term: str, text: str) -> bool:
    """Does *text* contain *term*, allowing inflection: word endings (plural,
    gender, case), and in Arabic the article and attached prepositions."""
    words = [w for w in _words(term) if len(w) > 2] or _words(term)
    hay = " ".join(_words(text))
    return all(w[: max(3, len(w) - 2)] in hay for w in words)


@dataclass
class Consistency:
    lang: str
    checked: int
    offending: list[Finding]

    @property
    def ratio(self) -> float:
        return 1.0 if not self.checked else 1 - len(self.offending) / self.checked


def check_translations(project: Project, lang: str) -> Consistency:
    known = keys(project)
    terms = approved(project, lang)
    checked, bad = 0, []
    for po_path in sorted((project.locale_dir / lang / "LC_MESSAGES").rglob("*.po")):
        if po_path.name == "glossary.po":
            continue
        for entry in polib.pofile(str(po_path)):
            if not entry.msgstr or "fuzzy" in entry.flags:
                continue
            for m in TERM_RE.finditer(entry.msgid):
                head = known.get(role_target(m.group(1))[1].lower())
                wanted = terms.get(head.lower(), ("", ""))[0] if head else ""
                if not wanted:
                    continue
                checked += 1
                if not _stem_match(wanted, entry.msgstr):
                    bad.append(
                        Finding(
                            po_path,
                            entry.linenum,
                            (
                                f"'{head}' should be translated as '{wanted}' "
                                "(approved in _shared/glossary.po); "
                                "use the approved term or change it in the glossary catalogue"
                            ),
                        )
                    )
    return Consistency(lang, checked, bad)
