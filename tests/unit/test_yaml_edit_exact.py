"""Exact outputs of the YAML splice in the corners mutation testing found untested."""

from __future__ import annotations

import pytest

from blogtui.domain.formats import yamledit
from blogtui.domain.formats.yamledit import SharedValueError


def test_duplicate_keys_are_listed_in_file_order_once_each_even_through_aliases() -> None:
    matter = "b: 1\nb: 2\na:\n  k: 1\n  k: 2\nc: *m\n".replace("a:\n", "a: &m\n")
    assert yamledit.duplicate_keys(matter) == [("b", [1, 2]), ("a.k", [4, 5])]
    crlf = matter.replace("\n", "\r\n")
    assert yamledit.duplicate_keys(crlf) == [("b", [1, 2]), ("a.k", [4, 5])]
    assert yamledit.duplicate_keys("") == []


def test_shared_paths_list_every_user_of_an_anchor_in_order_with_crlf() -> None:
    matter = "z: &x v\nlist:\n  - *x\na: *x\n".replace("\n", "\r\n")
    assert yamledit.shared_paths(matter, ["z"]) == [["a"], ["list", "0"], ["z"]]
    assert yamledit.shared_paths(matter, ["missing"]) == [["missing"]]
    assert yamledit.shared_paths("", ["z"]) == [["z"]]


def test_the_shared_value_question_names_the_field_the_anchor_and_the_others() -> None:
    with pytest.raises(SharedValueError) as caught:
        yamledit.set_value("p:\n  q: &x v\nb: *x\nc: *x\n", ["p", "q"], "w")
    assert str(caught.value) == (
        "p.q shares its value (&x) with b, c: choose to change every field that uses it, "
        "or only this one"
    )
    assert caught.value.anchor == "x" and caught.value.others == [["b"], ["c"]]


@pytest.mark.parametrize(
    ("matter", "expected"),
    [
        ("a: &x  v\nb: *x\n", "a: w\nb: &x v\n"),  # spaces after the anchor
        ("a: &long-name 'v 1'\nb: [*long-name]\n", "a: 'w'\nb: [&long-name 'v 1']\n"),
        # `*xy` is another anchor's alias: only `*x` takes over the old value.
        ("a: &x v\nxy: &xy 1\nc: *xy\nb: *x\n", "a: w\nxy: &xy 1\nc: *xy\nb: &x v\n"),
    ],
)
def test_only_this_field_moves_the_anchor_to_the_first_alias(matter: str, expected: str) -> None:
    assert yamledit.set_value(matter, ["a"], "w", "this") == expected


@pytest.mark.parametrize(
    ("matter", "value", "expected"),
    [
        ("{a: 1}\n", [1, 2], "{a: 1, new: [1, 2]}\n"),
        ("{a: 1}\n", {"x": {"y": 1}}, "{a: 1, new: {x: {y: 1}}}\n"),
        ("{}\n", "v", "{new: v}\n"),
        ("{ a: 1 }\n", "two words", "{ a: 1, new: two words }\n"),
        ("{a: 1,\n}\n", 2, "{a: 1, new: 2,\n}\n"),
    ],
)
def test_a_new_key_in_a_flow_mapping_is_written_in_flow_style(
    matter: str, value: object, expected: str
) -> None:
    assert yamledit.set_value(matter, ["new"], value) == expected
    assert yamledit.delete_value(expected, ["new"]) == matter


@pytest.mark.parametrize(
    ("matter", "key", "expected"),
    [
        ("{a: 1, b: 2, c: 3}\n", "b", "{a: 1, c: 3}\n"),
        ("{a: 1, b: 2, c: 3}\n", "a", "{b: 2, c: 3}\n"),
        ("{a: 1, b: 2, c: 3}\n", "c", "{a: 1, b: 2}\n"),
        ("{a: 1, b: 2,}\n", "b", "{a: 1,}\n"),
        ("{a: 1,  b: 2 , }\n", "b", "{a: 1, }\n"),
        ("{a: 1}\n", "a", "{}\n"),
        ("x: {a: [1, 2], b: {c: d}}\n", "x", ""),
    ],
)
def test_deleting_from_a_flow_mapping_takes_exactly_its_member(
    matter: str, key: str, expected: str
) -> None:
    assert yamledit.delete_value(matter, [key]) == expected


def test_nested_deletes_inside_flow_and_block_mappings() -> None:
    assert yamledit.delete_value("x: {a: 1, b: 2}\n", ["x", "a"]) == "x: {b: 2}\n"
    assert yamledit.delete_value("x:\n  a: 1\n  b: 2\n", ["x", "b"]) == "x:\n  a: 1\n"
    assert yamledit.delete_value("x: 1\n", ["x", "a"]) == "x: 1\n"  # not a mapping: nothing
    assert yamledit.delete_value("x: 1\n", ["y", "a"]) == "x: 1\n"


def test_a_new_key_after_collections_ending_in_aliases_and_comments() -> None:
    matter = "a: &x 1\nlist:\n  - 1\n  - *x\n# trailing comment\n\n"
    assert yamledit.set_value(matter, ["n"], 2) == (
        "a: &x 1\nlist:\n  - 1\n  - *x\nn: 2\n# trailing comment\n\n"
    )
    keyed = "&a a: &b b\n*b : *a\n# end\n"
    assert yamledit.set_value(keyed, ["n"], 2) == "&a a: &b b\n*b : *a\nn: 2\n# end\n"


def test_a_nested_key_is_added_at_the_nested_columns() -> None:
    assert yamledit.set_value("p:\n    a: 1\nq: 2\n", ["p", "b"], 3) == (
        "p:\n    a: 1\n    b: 3\nq: 2\n"
    )
    assert yamledit.set_value("p:\n  a: |\n    x\n\nq: 2\n", ["p", "b"], 3) == (
        "p:\n  a: |\n    x\n  b: 3\n\nq: 2\n"
    )


def test_nested_values_follow_the_files_list_style() -> None:
    indentless = "tags:\n- a\n- b\n"
    assert yamledit.set_value(indentless, ["meta"], {"x": {"y": [1, 2]}}) == (
        "tags:\n- a\n- b\nmeta:\n  x:\n    y:\n    - 1\n    - 2\n"
    )
    indented = "tags:\n  - a\n"
    assert yamledit.set_value(indented, ["meta"], {"x": [1]}) == (
        "tags:\n  - a\nmeta:\n  x:\n    - 1\n"
    )


def test_a_block_list_edited_item_by_item_keeps_quotes_for_strings_only() -> None:
    matter = 'tags:\n  - "a"  # first\n  - "b"\n'
    assert yamledit.set_value(matter, ["tags"], ["a", "b", 3]) == (
        'tags:\n  - "a"  # first\n  - "b"\n  - 3\n'
    )
    assert yamledit.set_value(matter, ["tags"], ["b"]) == 'tags:\n  - "b"\n'


def test_a_block_list_at_the_very_end_without_a_line_break() -> None:
    assert yamledit.set_value("tags:\n  - a", ["tags"], ["a", "b"]) == "tags:\n  - a\n  - b"


def test_a_nested_shared_value_changes_everywhere_with_all() -> None:
    matter = "p:\n  q: &x v\nb: *x\n"
    assert yamledit.set_value(matter, ["p", "q"], "w", "all") == "p:\n  q: &x w\nb: *x\n"
    assert yamledit.set_value(matter, ["p", "q"], "w", "this") == "p:\n  q: w\nb: &x v\n"
