"""One policy types what is typed for a field: `set`, `bulk` and the form agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogtui.domain.ops.bulk import plan_bulk
from blogtui.domain.ops.fieldinput import FieldError, FieldInput
from blogtui.domain.ops.form import FormField, parse_value
from blogtui.domain.site.schema import Field

SELECT = Field("layout", "select", options=("post", "page"))
PATTERN = Field("slug", "string", pattern=("^[a-z-]+$", "lowercase words and dashes"))


@pytest.mark.parametrize(
    ("field", "current", "text", "expected"),
    [
        (SELECT, "post", "page", "page"),
        (PATTERN, "a-b", "c-d", "c-d"),
        (Field("count", "number"), 3, "4", 4),
        (Field("ratio", "number"), 3, "4.5", 4.5),
        (Field("date", "datetime"), "2026-01-01", "2026-02-03", "2026-02-03"),
        (Field("title", "string"), "Old", "3.10", "3.10"),
    ],
)
def test_the_command_line_and_the_form_type_alike(
    field: Field, current: object, text: str, expected: object
) -> None:
    typed, _ = FieldInput((field.name,), current, True, field).from_command_line(text)
    assert typed == expected and type(typed) is type(expected)
    assert parse_value(FormField(field, True, current), text) == expected


@pytest.mark.parametrize(
    ("field", "current", "text", "said"),
    [
        (SELECT, "post", "draft", "choose one of: post, page"),
        (PATTERN, "a-b", "Not A Slug", "lowercase words and dashes"),
        (Field("count", "number"), 3, "many", "not a number"),
        (Field("date", "datetime"), "2026-01-01", "tomorrow", "not a date"),
    ],
)
def test_both_refuse_alike(field: Field, current: object, text: str, said: str) -> None:
    with pytest.raises(FieldError, match=said) as refused:
        FieldInput((field.name,), current, True, field).from_command_line(text)
    assert str(refused.value).startswith(f"{field.name}: {text!r}: ")
    with pytest.raises(FieldError, match=said):
        parse_value(FormField(field, True, current), text)


def test_only_the_spelling_of_lists_and_new_values_differs() -> None:
    tags = Field("tags", "list")
    assert parse_value(FormField(tags, True, ["a"]), "a, b") == ["a", "b"]
    typed, note = FieldInput(("tags",), ["a"], True, tags).from_command_line("[a, b]")
    assert typed == ["a", "b"] and note is None
    typed, note = FieldInput(("weight",), None, False).from_command_line("2017")
    assert typed == 2017 and note is None


def test_bulk_keeps_the_cms_rules_per_post(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: {name}\nlayout: post\n---\nbody\n")
    good = plan_bulk(tmp_path, ["a.md", "b.md"], "set", "layout", "page", False, lambda *_: SELECT)
    assert good.count("changed") == 2
    bad = plan_bulk(tmp_path, ["a.md", "b.md"], "set", "layout", "draft", False, lambda *_: SELECT)
    assert bad.count("changed") == 0
    assert all("choose one of" in (change.reason or "") for change in bad.left_out)
