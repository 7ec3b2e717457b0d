"""JSON frontmatter edits: every layout people write, every edit, checked by value and by bytes."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogtui.domain.formats import jsonedit
from tests.conftest import examples

KEYS = st.sampled_from(["title", "tags", "draft", "params", "ünï", "a{b}", 'q"k', "n"])
SCALARS = st.one_of(
    st.text(alphabet="ab {}[],:\"'é😀\\", max_size=8),
    st.integers(-99, 99),
    st.booleans(),
    st.none(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=6,
)
LAYOUTS = st.sampled_from(
    [
        {"indent": None},
        {"indent": None, "separators": (",", ":")},
        {"indent": 2},
        {"indent": 4},
        {"indent": "\t"},
    ]
)


def _dump(data: dict[str, Any], layout: dict[str, Any], ascii_only: bool) -> str:
    return json.dumps(data, ensure_ascii=ascii_only, **layout)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(KEYS, VALUES, min_size=1, max_size=5),
    LAYOUTS,
    st.booleans(),
    st.data(),
)
def test_json_edits_change_exactly_the_member(
    data: dict[str, Any], layout: dict[str, Any], ascii_only: bool, draw: st.DataObject
) -> None:
    matter = _dump(data, layout, ascii_only)
    key = draw.draw(st.one_of(st.sampled_from(sorted(data)), KEYS))
    value = draw.draw(VALUES)
    expected = {**data, key: value}
    new = jsonedit.set_value(matter, [key], value)
    assert json.loads(new) == expected
    if key in data:
        # The member's value is replaced in place: text before it is untouched.
        start = matter.index(json.dumps(key, ensure_ascii=ascii_only))
        assert new[:start] == matter[:start]
    else:
        # A new member is added and a delete gives every byte back.
        assert jsonedit.delete_value(new, [key]) == matter
    assert json.dumps(value, ensure_ascii=False) in new  # written as is, never \\u-escaped
    if key not in data:
        assert json.dumps(key, ensure_ascii=False) in new  # a new key too (old keys stay as is)
    gone = jsonedit.delete_value(matter, [key])
    assert json.loads(gone) == {k: v for k, v in data.items() if k != key}


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=4), LAYOUTS, st.data())
def test_nested_paths_set_and_delete_inside_objects(
    data: dict[str, Any], layout: dict[str, Any], draw: st.DataObject
) -> None:
    matter = _dump(data, layout, False)
    path = draw.draw(st.lists(KEYS, min_size=2, max_size=3))
    value = draw.draw(SCALARS)
    expected = copy.deepcopy(data)
    node: Any = expected
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value
    blocked = _blocked(data, path)
    try:
        new = jsonedit.set_value(matter, path, value)
    except jsonedit.JsonEditError:
        assert blocked
        return
    assert not blocked and json.loads(new) == expected
    deleted = copy.deepcopy(expected)
    parent: Any = deleted
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    assert json.loads(jsonedit.delete_value(new, path)) == deleted


def _blocked(data: dict[str, Any], path: list[str]) -> bool:
    """Whether a parent on the path holds something other than an object."""
    node: Any = data
    for key in path[:-1]:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
        if not isinstance(node, dict):
            return True
    return False
