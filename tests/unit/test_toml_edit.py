from blogtui.domain.formats.tomledit import delete_value, set_value

SOURCE = """\
title = "TOML post"  # comment
date = 2023-07-13T10:00:00+01:00
tags = [
  "hugo",
  "toml",
]
math ="true"

[params]
x = 1 # kept
"""


def test_scalar_edit_keeps_comment_and_neighbours() -> None:
    new = set_value(SOURCE, ["title"], "New")
    assert new == SOURCE.replace('"TOML post"', '"New"')


def test_date_string_becomes_a_toml_date_in_the_old_zone() -> None:
    new = set_value(SOURCE, ["date"], "2024-01-02")
    assert "date = 2024-01-02T00:00:00+01:00\n" in new


def test_new_top_level_key_goes_before_the_first_table_without_new_blank_lines() -> None:
    new = set_value(SOURCE, ["draft"], True)
    assert new == SOURCE.replace('math ="true"\n', 'math ="true"\ndraft = true\n')


def test_nested_and_delete() -> None:
    assert set_value(SOURCE, ["params", "x"], 2) == SOURCE.replace("x = 1 # kept", "x = 2 # kept")
    assert delete_value(SOURCE, ["math"]) == SOURCE.replace('math ="true"\n', "")
    assert delete_value(SOURCE, ["nope"]) == SOURCE


def test_multiline_list_stays_multiline() -> None:
    new = set_value(SOURCE, ["tags"], ["a"])
    assert "tags = [\n" in new and new.endswith("[params]\nx = 1 # kept\n")


def test_crlf_files_stay_crlf_and_new_keys_stay_top_level() -> None:
    source = SOURCE.replace("\n", "\r\n")
    new = set_value(source, ["draft"], True)
    assert new == source.replace('math ="true"\r\n', 'math ="true"\r\ndraft = true\r\n')
    nested = set_value(source, ["params", "y"], "z")
    assert nested.count("\r\n") == nested.count("\n") and 'y = "z"\r\n' in nested
