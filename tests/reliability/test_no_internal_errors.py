"""What used to end in "internal error" (exit 70) is one clear line, exit 2, nothing written;
and the form keeps its edits whatever goes wrong in a save."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogtui.screens.form import FormScreen
from tests.cli.test_cli import run
from tests.ui.helpers import make_app, wait_until
from tests.ui.test_editing import open_form, set_field

TOML_POST = '+++\ntitle = "T"\n[extra]\nx = 1\n+++\nbody\n'


@pytest.mark.parametrize(
    "deep", ["a = " + "[" * 500 + "]" * 500, "a = " + "{b=" * 500 + "1" + "}" * 500]
)
def test_a_site_file_nested_500_deep_is_one_line(tmp_path: Path, deep: str) -> None:
    (tmp_path / "p.md").write_text("---\ntitle: P\n---\n")
    (tmp_path / ".blogtui.toml").write_text("[views]\n" + deep + "\n")
    for command in (("check", str(tmp_path)), ("list", str(tmp_path), "--view", "a")):
        result = run(*command)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "nested too deeply" in result.stderr
        assert ".blogtui.toml" in result.stderr


@pytest.mark.parametrize("value", ["{a: null}", "{a: [1, null]}", "{a: !!binary aGVsbG8=}"])
def test_a_value_toml_cannot_hold_is_refused(tmp_path: Path, value: str) -> None:
    post = tmp_path / "t.md"
    post.write_text(TOML_POST)
    result = run("set", str(post), "extra", value)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "internal" not in result.stderr and post.read_text() == TOML_POST


async def test_the_form_keeps_its_edits_when_a_save_cannot_be_made(tmp_path: Path) -> None:
    post = tmp_path / "t.md"
    post.write_text(TOML_POST)
    async with make_app(tmp_path).run_test(size=(120, 36)) as pilot:
        form = await open_form(pilot)
        set_field(pilot, "title", "Kept")
        set_field(pilot, "extra", "x: 1\ny: null")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("null" in n.message for n in pilot.app._notifications))
        assert pilot.app.screen is form and form.raw_values()["title"] == "Kept"
        assert post.read_text() == TOML_POST


async def test_a_bug_in_a_save_keeps_the_edits_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = tmp_path / "t.md"
    post.write_text(TOML_POST)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    async with make_app(tmp_path).run_test(size=(120, 36)) as pilot:
        form = await open_form(pilot)
        set_field(pilot, "title", "Kept")
        monkeypatch.setattr("blogtui.screens.form.edit_fields", broken)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("a bug" in n.message for n in pilot.app._notifications))
        assert isinstance(pilot.app.screen, FormScreen) and form.raw_values()["title"] == "Kept"
        assert post.read_text() == TOML_POST


def test_check_names_a_key_written_twice_in_json_frontmatter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        '{\n  "title": "A",\n  "tags": ["x"],\n  "title": "B"\n}\nbody\n'
    )
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert "a.md:4: error: title is written more than once (lines 2 and 4)" in result.stdout


def test_a_post_left_with_conflict_markers_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\n<<<<<<< ours\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> theirs\n---\nbody\n"
    )
    result = run("check", str(tmp_path))
    assert "a.md:2: error: has git conflict markers (line 2; resolve them: e)" in result.stdout
    assert "has git conflict markers" in run("show", str(tmp_path / "a.md")).stdout


@pytest.mark.parametrize("query", ["date:2024-13-45", "date:>2024-02-30", "pubDate:2024-00"])
def test_a_date_no_calendar_has_is_refused(tmp_path: Path, query: str) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\n")
    result = run("list", str(tmp_path), "--query", query)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "not a date" in result.stderr or "neither a date" in result.stderr
    assert run("list", str(tmp_path), "--query", "date:2024-02-29").returncode == 0
