"""What the form writes: only what the user changed, checked first."""

from __future__ import annotations

from pathlib import Path

from blogtui.domain.ops.form import DELETE, collect, plan_fields, schema_for
from blogtui.domain.site.schema import Field, load_site_config

META = {
    "title": "404",
    "date": "2017-01-04T15:04:10.000Z",
    "draft": True,
    "tags": ["a", "b"],
    "toc": {"auto": False},
    "weight": 3,
}
SCHEMA = (
    Field("templateKey", widget="hidden", default="blog-post", has_default=True),
    Field("title"),
    Field("date", widget="datetime"),
    Field("description", widget="text", required=False),
    Field("draft", widget="boolean", required=False),
    Field("featured", widget="boolean", required=False),
    Field("tags", widget="list"),
    Field("level", widget="select", options=("a", "b"), required=False),
    Field("weight", widget="number", required=False),
    Field("body", widget="markdown"),
)


def untouched(rows: list) -> dict:
    raw = {}
    for row in rows:
        raw[row.name] = row.value is True if row.widget == "boolean" else row.initial_text()
    return raw


def test_rows_follow_the_schema_then_the_posts_other_fields() -> None:
    rows = plan_fields(SCHEMA, META)
    assert [(r.name, r.widget, r.present) for r in rows] == [
        ("title", "string", True),
        ("date", "datetime", True),
        ("description", "text", False),
        ("draft", "boolean", True),
        ("featured", "boolean", False),
        ("tags", "list", True),
        ("level", "select", False),
        ("weight", "number", True),
        ("toc", "object", True),
    ]
    assert rows[-1].initial_text() == "auto: false"


def test_untouched_form_changes_nothing_even_odd_values() -> None:
    rows = plan_fields(SCHEMA, META)
    assert collect(rows, untouched(rows)) == ({}, {})  # the numeric title 404 is not re-typed


def test_only_changed_fields_and_cleared_ones() -> None:
    rows = plan_fields(SCHEMA, META)
    raw = untouched(rows)
    raw.update(title="New", tags="a, b, c", draft=False, weight="", toc="auto: true\n")
    values, errors = collect(rows, raw)
    assert errors == {}
    assert values == {
        "title": "New",
        "tags": ["a", "b", "c"],
        "draft": False,
        "weight": DELETE,
        "toc": {"auto": True},
    }


def test_absent_fields_are_written_only_when_filled_in() -> None:
    rows = plan_fields(SCHEMA, META)
    raw = untouched(rows)
    raw.update(description="Now described", featured=False, level="")
    assert collect(rows, raw)[0] == {"description": "Now described"}


def test_invalid_input_is_reported_per_field() -> None:
    rows = plan_fields(SCHEMA, META)
    raw = untouched(rows)
    raw.update(title="", date="someday", weight="ten", level="z", toc="a: [")
    _, errors = collect(rows, raw)
    assert set(errors) == {"title", "date", "weight", "level", "toc"}
    assert errors["title"] == "required"


def test_schema_from_the_sample_config_or_inferred(site: Path, tmp_path: Path) -> None:
    config = load_site_config(site)
    names = [f.name for f in schema_for(site / "posts" / "x.md", site, config)]
    assert names[:3] == ["templateKey", "title", "date"]
    (tmp_path / "a.md").write_text("---\ntitle: A\nheroImage: /a.png\npubDate: 2020-01-01\n---\n")
    inferred = {f.name: f.widget for f in schema_for(tmp_path / "a.md", tmp_path, None)}
    assert inferred == {"title": "string", "heroImage": "image", "pubDate": "datetime"}


def test_a_far_off_utc_offset_typed_in_a_date_is_an_error_not_a_crash() -> None:
    rows = plan_fields(SCHEMA, META)
    for typed in ("2017-01-04T15:04:10+24", "2017-01-04T15:04:10+99:00"):
        raw = {row.name: row.initial_text() for row in rows} | {"date": typed}
        values, errors = collect(rows, raw)
        assert "date" in errors and "date" not in values


def test_a_catastrophic_cms_pattern_never_freezes_the_form() -> None:
    from blogtui.domain.site.schema import matches_pattern

    # It does not match, yet passes: the search was stopped at its time limit, not enforced.
    assert matches_pattern(r"^(a|a)*$", "a" * 40 + "!")
    assert not matches_pattern(r"^\d+$", "abc") and matches_pattern(r"^\d+$", "42")
    assert matches_pattern(r"([unclosed", "x")  # a broken pattern never blocks a save
