"""Exceptions raised in worker processes reach the main process as text with file, line and
traceback (issue 13.5)."""

from __future__ import annotations

import threading

import pytest
from lxml import etree

from build_tools import workers


class Unpicklable(Exception):
    """Holds an object pickle refuses, like lxml's _ListErrorLog did in edition 1."""

    def __init__(self, message):
        super().__init__(message)
        self.lock = threading.Lock()


def raises_unpicklable(path: str):
    raise Unpicklable(f"{path}:7: hostile paragraph")


def raises_lxml_error():
    etree.fromstring("<p>unclosed")


def returns_unpicklable():
    return threading.Lock()


@pytest.fixture(scope="module")
def pool():
    p = workers.pool(1)
    yield p
    workers.stop(p)


def test_an_unpicklable_exception_arrives_as_text_with_its_cause(pool):
    with pytest.raises(workers.WorkerError) as err:
        pool.submit(workers.guarded, raises_unpicklable, "locales/fr/x.po").result()
    e = err.value
    assert "Unpicklable: locales/fr/x.po:7: hostile paragraph" == str(e)
    assert e.where.endswith(f"test_workers.py:{raises_unpicklable.__code__.co_firstlineno + 1}")
    assert "Traceback" in e.trace and "raises_unpicklable" in e.trace


def test_an_lxml_syntax_error_arrives_with_its_message(pool):
    with pytest.raises(workers.WorkerError) as err:
        pool.submit(workers.guarded, raises_lxml_error).result()
    assert err.value.kind == "XMLSyntaxError" and "line 1" in str(err.value)


def test_a_result_that_cannot_be_sent_back_is_named(pool):
    with pytest.raises(workers.WorkerError) as err:
        pool.submit(workers.guarded, returns_unpicklable).result()
    assert "pickle" in str(err.value) and "lock" in str(err.value)


def copies_into_a_full_disk(dst: str):
    import shutil

    raise shutil.Error(
        [
            (f"/work/a{i}", f"{dst}/a{i}", f"[Errno 28] No space left on device: '{dst}/a{i}'")
            for i in range(3)
        ]
    )


def test_a_failed_tree_copy_is_one_line_with_the_first_file_and_its_errno(pool):
    with pytest.raises(workers.WorkerError) as err:
        pool.submit(workers.guarded, copies_into_a_full_disk, "/site").result()
    e = err.value
    assert e.errno == 28 and e.filename == "/site/a0"
    assert (
        str(e)
        == "cannot copy /work/a0 to /site/a0 (3 file(s) failed): [Errno 28] No space left on device"
    )
