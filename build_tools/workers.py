"""Worker processes that die with the build and report their errors as plain text.

- ``pool()``: a process pool whose workers ignore Ctrl-C (the main process
  decides and stops them) and are killed by the kernel when the main process
  dies, even by kill -9 (``PR_SET_PDEATHSIG``), so no orphan goes on writing.
- ``guarded(fn, *args)``: runs *fn* in a worker; any exception comes back as a
  ``WorkerError`` made of strings only (message, place, traceback), so an
  exception holding an object that cannot be pickled never hides the cause.
- ``stop(pool)``: kill the workers now (failure, signal), not after their jobs.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import os
import pickle
import re
import shutil
import signal
import traceback

PR_SET_PDEATHSIG = 1
_HERE = os.path.dirname(os.path.abspath(__file__))


class WorkerError(Exception):
    """An exception raised in a worker, carried as text."""

    def __init__(
        self,
        message: str,
        where: str = "",
        trace: str = "",
        kind: str = "",
        errno: int | None = None,
        filename: str | None = None,
    ):
        super().__init__(message)
        self.message, self.where, self.trace, self.kind = message, where, trace, kind
        self.errno, self.filename = errno, filename

    def __reduce__(self):
        return (
            WorkerError,
            (self.message, self.where, self.trace, self.kind, self.errno, self.filename),
        )

    def __str__(self) -> str:
        return self.message


def _text(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not hide the error
        return repr(type(exc))


def guarded(fn, *args):
    try:
        result = fn(*args)
        pickle.dumps(result)  # fail here, with a name, rather than in the pool's pipe
        return result
    except BaseException as exc:  # noqa: BLE001 - everything goes back as text
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [
            f for f in frames[1:] if f.filename.startswith(_HERE)
        ] or frames  # our line beats a library's
        where = f"{ours[-1].filename}:{ours[-1].lineno}" if ours else ""
        kind = type(exc).__name__
        message = _text(exc) if kind in ("BuildError", "ConfigError") else f"{kind}: {_text(exc)}"
        err, filename = getattr(exc, "errno", None), getattr(exc, "filename", None)
        if (
            isinstance(exc, shutil.Error)
            and exc.args
            and isinstance(exc.args[0], list)
            and exc.args[0]
        ):
            # copytree lists every file it could not copy: the first says it all
            src, dst, why = exc.args[0][0]
            m = re.search(r"\[Errno (\d+)\]", str(why))
            err, filename = (int(m.group(1)) if m else None), dst
            message = (
                f"cannot copy {src} to {dst} ({len(exc.args[0])} file(s) failed): "
                f"{re.sub(r': .*', '', str(why))}"
            )
        raise WorkerError(
            message,
            where,
            traceback.format_exc(),
            kind,
            err,
            str(filename) if filename is not None else None,
        ) from None


def _init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the main process still stops us on exit
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def pool(jobs: int) -> cf.ProcessPoolExecutor:
    return cf.ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(os.getpid(),))


def stop(executor: cf.ProcessPoolExecutor) -> None:
    """Kill every worker at once, then release the pool (its jobs are lost: the build is
    abandoned)."""
    for proc in list((getattr(executor, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except (OSError, ValueError):
            pass
    executor.shutdown(wait=True, cancel_futures=True)
