import difflib

import pytest

from blogtui.domain.formats.yamledit import YamlEditError, delete_value, set_value

SOURCE = """\
# leading comment
title: 'Single: quoted'   # trailing comment
date: 2017-01-04T15:04:10.000Z

# block comment
tags:
    - one   # first
    - two
flow: ["a", "b"]
description: >-
  folded text that
  continues here
nested:
  toc: {auto: false}
  math:
    enable: true
layout: ~
"""


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def test_scalar_keeps_its_quotes_and_comment() -> None:
    new = set_value(SOURCE, ["title"], "Another: title")
    assert changed_lines(SOURCE, new) == (
        ["title: 'Single: quoted'   # trailing comment\n"],
        ["title: 'Another: title'   # trailing comment\n"],
    )


def test_date_stays_plain() -> None:
    new = set_value(SOURCE, ["date"], "2020-02-02T00:00:00.000Z")
    assert "date: 2020-02-02T00:00:00.000Z\n" in new


def test_block_list_keeps_its_indentation_and_the_blank_line_before_it() -> None:
    new = set_value(SOURCE, ["tags"], ["one", "two", "three"])
    assert changed_lines(SOURCE, new) == ([], ["    - three\n"])
    new = set_value(SOURCE, ["tags"], ["zero", "two"])
    # An item replaced in place keeps its line's comment (a renamed tag keeps its note).
    assert changed_lines(SOURCE, new) == (["    - one   # first\n"], ["    - zero   # first\n"])


def test_flow_list_stays_flow_with_its_quotes() -> None:
    new = set_value(SOURCE, ["flow"], ["c"])
    assert changed_lines(SOURCE, new) == (['flow: ["a", "b"]\n'], ['flow: ["c"]\n'])


def test_folded_scalar_stays_folded() -> None:
    new = set_value(SOURCE, ["description"], "short")
    assert "description: >-\n  short\nnested:" in new


def test_nested_fields_in_block_and_flow_maps() -> None:
    new = set_value(SOURCE, ["nested", "math", "enable"], False)
    assert changed_lines(SOURCE, new) == (["    enable: true\n"], ["    enable: false\n"])
    new = set_value(SOURCE, ["nested", "toc", "auto"], True)
    assert changed_lines(SOURCE, new) == (["  toc: {auto: false}\n"], ["  toc: {auto: true}\n"])


def test_new_fields_are_appended_in_the_files_style() -> None:
    new = set_value(SOURCE, ["categories"], ["x"])
    assert new == SOURCE + "categories:\n    - x\n"
    new = set_value(SOURCE, ["nested", "extra"], 1)
    assert changed_lines(SOURCE, new) == ([], ["  extra: 1\n"])


def test_strings_that_look_like_other_types_are_quoted() -> None:
    for value, text in (("true", "'true'"), ("2017", "'2017'"), ("a: b", "'a: b'"), ("", "''")):
        new = set_value("x: 1\n", ["x"], value)
        assert new == f"x: {text}\n"


def test_null_keeps_its_spelling() -> None:
    assert set_value(SOURCE, ["layout"], None) == SOURCE


def test_delete_removes_only_the_fields_lines() -> None:
    new = delete_value(SOURCE, ["tags"])
    removed, added = changed_lines(SOURCE, new)
    assert added == [] and removed == ["tags:\n", "    - one   # first\n", "    - two\n"]
    assert "# block comment\n" in new
    assert delete_value(SOURCE, ["missing"]) == SOURCE
    new = delete_value(SOURCE, ["nested", "toc", "auto"])
    assert "  toc: {}\n" in new


def test_crlf_is_kept() -> None:
    source = SOURCE.replace("\n", "\r\n")
    new = set_value(source, ["title"], "x")
    assert new.count("\r\n") == new.count("\n")
    assert new.replace("\r\n", "\n") == set_value(SOURCE, ["title"], "x")


def test_empty_frontmatter_gets_its_first_field() -> None:
    assert set_value("", ["title"], "Hi") == "title: Hi\n"
    assert set_value("# only a comment\n", ["a", "b"], 1) == "# only a comment\na:\n  b: 1\n"


def test_editing_inside_a_non_mapping_is_refused() -> None:
    with pytest.raises(YamlEditError):
        set_value(SOURCE, ["title", "sub"], 1)


def test_aliased_value_is_replaced_by_its_own_text() -> None:
    source = "a: &x [1, 2]\nb: *x\nc: 3\n"
    assert set_value(source, ["b"], [5]) == "a: &x [1, 2]\nb:\n  - 5\nc: 3\n"


def test_keys_that_yaml_reads_as_other_types_are_found() -> None:
    assert set_value("false: 1\n2013: x\n", ["False"], 2) == "false: 2\n2013: x\n"
    assert delete_value("false: 1\n2013: x\n", ["2013"]) == "false: 1\n"
