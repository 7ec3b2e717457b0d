"""Dates as the YAML loader reads them (18F's `2015-03-17 14:00:00 -4`), written back in the
post's own style; a folded title keeps its chomping indicator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blogtui.domain.formats.dates import parse_date
from tests.cli.test_cli import run

ONE_DIGIT = "---\ntitle: Bechdel\ndate: 2015-03-17 14:00:00 -4\ntags: [a]\n---\nBody\n"


@pytest.mark.parametrize(
    "text, iso, pyyaml",
    [
        ("2015-03-17 14:00:00 -4", "2015-03-17T14:00:00-04:00", True),
        ("2015-03-17  14:00:00 +5:30", "2015-03-17T14:00:00+05:30", True),
        ("2015-03-17 14:00:00. Z", "2015-03-17T14:00:00+00:00", True),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.100000-05:00", True),
        ("2015-03-17 9:05:00 +0530", "2015-03-17T09:05:00+05:30", False),  # ISO, not YAML
    ],
)
def test_every_timestamp_yaml_11_reads_is_a_date(text: str, iso: str, pyyaml: bool) -> None:
    import yaml

    parsed = parse_date(text)
    assert parsed is not None and parsed.value.isoformat() == iso
    if pyyaml:
        assert yaml.safe_load(f"d: {text}")["d"] == parsed.value  # as PyYAML reads it


def test_a_one_digit_zone_is_listed_sorted_queried_and_written_back(tmp_path: Path) -> None:
    post = tmp_path / "a.md"
    post.write_text(ONE_DIGIT)
    (tmp_path / "b.md").write_text("---\ntitle: Later\ndate: 2016-01-01\n---\n")
    rows = json.loads(run("list", str(tmp_path), "--json").stdout)
    assert [(r["path"], r["date"]) for r in rows] == [
        ("b.md", "2016-01-01"),
        ("a.md", "2015-03-17T14:00:00-04:00"),
    ]
    assert "a.md" in run("list", str(tmp_path), "--query", "date:2015").stdout
    result = run("set", str(post), "date", "2015-03-18 10:00:00")
    assert result.returncode == 0, result.stderr
    assert post.read_text() == ONE_DIGIT.replace("2015-03-17 14:00:00 -4", "2015-03-18 10:00:00 -4")
    assert run("set", str(post), "date", "2015-03-17 14:00:00 -4").returncode == 0
    assert post.read_text() == ONE_DIGIT  # the site's own style, taken back


def test_a_time_typed_into_a_date_only_field_says_it_is_dropped(tmp_path: Path) -> None:
    post = tmp_path / "a.md"
    post.write_text('---\ntitle: A\npublishDate: "11 Oct 2023"\n---\n')
    result = run("set", str(post), "publishDate", "2023-10-12 09:30")
    assert result.returncode == 0 and "time" in result.stderr and "dropped" in result.stderr
    assert post.read_text() == '---\ntitle: A\npublishDate: "12 Oct 2023"\n---\n'


def test_a_folded_title_keeps_its_indicator_and_lists_without_its_line_break(
    tmp_path: Path,
) -> None:
    post = tmp_path / "a.md"
    post.write_text("---\ntitle: >\n  Some long\n  title\nsummary: >-\n  kept\n---\nBody\n")
    assert "Some long title  (a.md)" in run("list", str(tmp_path)).stdout
    assert run("set", str(post), "title", "New title").returncode == 0
    assert post.read_text() == "---\ntitle: >\n  New title\nsummary: >-\n  kept\n---\nBody\n"
    assert run("set", str(post), "summary", "Other").returncode == 0
    assert "summary: >-\n  Other\n" in post.read_text()
