"""The site's search index, written back as UTF-8."""

import json

from build_tools.extensions.light import compact_search_index


def test_the_search_index_keeps_its_data_and_loses_its_escapes():
    data = {"terms": {"الشبكات": [1, 2], "réseau": 3}, "titles": ["Fiches"]}
    sphinx = "Search.setIndex(" + json.dumps(data, separators=(",", ":"), sort_keys=True) + ")"
    compact = compact_search_index(sphinx)
    assert "\\u0627" in sphinx and "\\u" not in compact and "الشبكات" in compact
    assert json.loads(compact[len("Search.setIndex(") : -1]) == data
    assert len(compact.encode()) < len(sphinx.encode())
    assert compact_search_index(compact) == compact
    assert compact_search_index("not an index") == "not an index"
