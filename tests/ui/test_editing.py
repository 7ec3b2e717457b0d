"""Editing through the app, asserting the bytes on disk."""

from __future__ import annotations

import contextlib
import difflib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label, TextArea

from blogtui.app import BlogApp
from blogtui.screens.body import BodyScreen
from blogtui.screens.changes import ChangeSetScreen
from blogtui.screens.dialogs import ChoiceScreen, ConfirmScreen, PromptScreen, QuestionScreen
from blogtui.screens.form import FormScreen
from blogtui.screens.main import MainScreen
from blogtui.widgets.post_list import PostList
from tests.conftest import DATA
from tests.ui.helpers import index, make_app, preview_text, screen, settle, titles, wait_until

ROADMAP = "posts/2026-06-01-roadmap.md"


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(
        before.decode().splitlines(True), after.decode().splitlines(True), n=0
    )
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def form_input(pilot: Pilot[None], name: str) -> Input | TextArea:
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    number = [row.name for row in form.rows].index(name)
    widget = form.query_one(f"#field-{number}")
    assert isinstance(widget, (Input, TextArea))
    return widget


def set_field(pilot: Pilot[None], name: str, text: str) -> None:
    widget = form_input(pilot, name)
    if isinstance(widget, Input):
        widget.value = text
    else:
        widget.load_text(text)


async def choose(pilot: Pilot[None], key: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, QuestionScreen)
    dialog.query_one(f"#choice-{key}", Button).press()
    await pilot.pause()


async def open_form(pilot: Pilot[None]) -> FormScreen:
    await settle(pilot)
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def test_form_title_edit_changes_exactly_one_line(site: Path) -> None:
    path = site / ROADMAP
    before = path.read_bytes()
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await open_form(pilot)
        assert pilot.app.focused is form_input(pilot, "title")  # focus starts on the title
        await pilot.press("end", *" v2")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: path.read_bytes() != before)
        assert changed_lines(before, path.read_bytes()) == [
            "-title: Roadmap (draft)\n",
            "+title: Roadmap (draft) v2\n",
        ]
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, FormScreen))
        assert titles(pilot)[0] == "Roadmap (draft) v2"


async def test_form_date_keeps_the_files_format_and_invalid_values_block_the_save(
    site: Path,
) -> None:
    path = site / ROADMAP
    before = path.read_bytes()
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        form = await open_form(pilot)
        set_field(pilot, "date", "someday")
        set_field(pilot, "minutes", "ten")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_bytes() == before
        errors = [str(label.render()) for label in form.query(".field-error").results(Label)]
        assert "not a date" in " ".join(errors) and "not a number" in " ".join(errors)
        set_field(pilot, "date", "2026-07-04")
        set_field(pilot, "minutes", "10")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: path.read_bytes() != before)
        assert changed_lines(before, path.read_bytes()) == [
            "-date: 2026-06-01T10:00:00.000Z\n",
            "+date: 2026-07-04T00:00:00.000Z\n",
            "+minutes: 10\n",
        ]


async def test_form_on_toml_and_nested_fields(tmp_path: Path) -> None:
    folder = tmp_path / "hugo"
    folder.mkdir()
    shutil.copy(DATA / "tricky" / "toml.md", folder / "toml.md")
    path = folder / "toml.md"
    before = path.read_bytes()
    async with make_app(folder).run_test(size=(120, 36)) as pilot:
        await open_form(pilot)
        set_field(pilot, "title", "Edited TOML")
        assert "math: true" in form_input(pilot, "params").text  # type: ignore[union-attr]
        set_field(pilot, "params", "math: false\n")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: path.read_bytes() != before)
        assert changed_lines(before, path.read_bytes()) == [
            '-title = "TOML post"  # comment\n',
            '+title = "Edited TOML"  # comment\n',
            "-math = true\n",
            "+math = false\n",
        ]


async def test_nested_yaml_field_edited_as_yaml(tricky: Path) -> None:
    path = tricky / "comments.md"
    for other in tricky.iterdir():
        if other != path:
            other.unlink()
    before = path.read_bytes()
    async with make_app(tricky).run_test(size=(120, 36)) as pilot:
        await open_form(pilot)
        nested = form_input(pilot, "nested")
        assert isinstance(nested, TextArea)
        set_field(pilot, "nested", nested.text.replace("enable: true", "enable: false"))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: path.read_bytes() != before)
        changed = changed_lines(before, path.read_bytes())
        assert "+    enable: false\n" in changed
        assert all("nested" in line or line.startswith(("-  ", "+  ")) for line in changed)
        text = path.read_text()
        assert (
            "# leading comment" in text and "title: 'Single: quoted'   # trailing comment" in text
        )


async def _save_over_an_outside_change(pilot: Pilot[None], path: Path, old: str, new: str) -> str:
    """Open the form, let another program change `old` to `new`, type a title, save: the
    conflict dialog is up. Returns the file as the other program left it."""
    await open_form(pilot)
    outside = path.read_text().replace(old, new)
    path.write_text(outside)
    set_field(pilot, "title", "Mine")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
    return outside


async def test_save_after_an_outside_change_asks_and_never_overwrites(site: Path) -> None:
    path = site / ROADMAP
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        outside = await _save_over_an_outside_change(
            pilot, path, "Ideas we are", "Outside, ideas we are"
        )
        dialog = pilot.app.screen
        assert isinstance(dialog, ChoiceScreen) and "changed on disk" in dialog.message
        assert path.read_text() == outside  # nothing written
        await choose(pilot, "keep")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        await choose(pilot, "overwrite")
        await wait_until(pilot, lambda: "title: Mine" in path.read_text())
        text = path.read_text()
        assert "Outside, ideas we are" in text  # their change to another field is kept


async def test_reload_after_an_outside_change_drops_my_edits_and_shows_theirs(
    site: Path,
) -> None:
    path = site / ROADMAP
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        outside = await _save_over_an_outside_change(pilot, path, "Roadmap (draft)", "Their title")
        await choose(pilot, "reload")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
        await wait_until(pilot, lambda: form_input(pilot, "title").value == "Their title")  # type: ignore[union-attr]
        form = pilot.app.screen
        assert isinstance(form, FormScreen) and not form.is_dirty()
        assert path.read_text() == outside  # reloading writes nothing


async def test_leaving_or_quitting_with_unsaved_changes_asks(site: Path) -> None:
    path = site / ROADMAP
    before = path.read_bytes()
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await open_form(pilot)
        set_field(pilot, "title", "Not saved")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        dialog = pilot.app.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.title_text == "Unsaved changes"
        await choose(pilot, "keep")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        await choose(pilot, "discard")
    assert path.read_bytes() == before


async def test_body_editor_saves_the_body_only(site: Path) -> None:
    path = site / ROADMAP
    before = path.read_text()
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BodyScreen))
        editor = pilot.app.screen.query_one("#body-editor", TextArea)
        editor.load_text("# New body\n\nWith **bold** text.\n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "New body" in path.read_text())
        head = before.split("---\n", 2)
        assert path.read_text() == "---\n" + head[1] + "---\n# New body\n\nWith **bold** text.\n"


async def test_new_rename_duplicate_delete(site: Path) -> None:
    posts = site / "posts"
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"Brand New Post", "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
        created = [p.name for p in posts.glob("*brand-new-post*.md")]
        assert len(created) == 1 and created[0].endswith("-brand-new-post.md")
        # Half-filled until the form is saved: a draft, which no build publishes.
        assert "\ndraft: true\n" in (posts / created[0]).read_text()
        assert "Brand New Post" in titles(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, FormScreen))
        highlighted = screen(pilot).query_one(PostList).highlighted
        assert highlighted is not None and highlighted.title == "Brand New Post"

        await pilot.press("c")
        await pilot.pause()
        copies = list(posts.glob("*brand-new-post-copy.md"))
        assert len(copies) == 1 and titles(pilot).count("Brand New Post") == 2

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        prompt = pilot.app.screen.query_one(Input)
        prompt.value = "../Über Copy"
        await pilot.press("enter")
        await confirm_change(pilot)  # the move's diff first (links to it would change too)
        await wait_until(pilot, lambda: "posts/über-copy.md" in index(pilot).posts)
        assert (posts / "über-copy.md").exists() and not copies[0].exists()

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await choose(pilot, "yes")  # deliberately: the dialog starts on Cancel, `y` does nothing
        await wait_until(pilot, lambda: not (posts / "über-copy.md").exists())
        trashed = list((site / ".blogtui-trash").rglob("über-copy.md"))
        assert len(trashed) == 1 and "posts/über-copy.md" not in index(pilot).posts


async def test_renaming_never_overwrites(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        pilot.app.screen.query_one(Input).value = "2026-05-08-big-sites"
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("already exists" in n.message
                                            for n in pilot.app._notifications))  # fmt: skip
        assert isinstance(pilot.app.screen, MainScreen)
        assert (site / ROADMAP).exists()
        assert "Ten thousand posts" in (site / "posts" / "2026-05-08-big-sites.md").read_text()


async def confirm_change(pilot: Pilot[None]) -> None:
    """Apply the change set shown (a move, an undo) once its diff is there."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
    await pilot.press("y")
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ChangeSetScreen))


@contextlib.contextmanager
def _no_suspend() -> Iterator[None]:
    yield


async def test_external_editor(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\necho "Appended by the fake editor." >> "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    monkeypatch.setattr(
        BlogApp, "suspend", lambda self: _no_suspend()
    )  # run_editor suspends the app
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        await wait_until(pilot, lambda: "Appended by the fake editor." in preview_text(pilot))
    assert (site / ROADMAP).read_text().endswith("Appended by the fake editor.\n")


async def test_read_only_file_keeps_the_edits_on_screen(site: Path) -> None:
    path = site / ROADMAP
    before = path.read_bytes()
    os.chmod(path, 0o444)
    try:
        async with make_app(site).run_test(size=(120, 36)) as pilot:
            form = await open_form(pilot)
            set_field(pilot, "title", "Cannot be written")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(pilot.app.screen, FormScreen) and form.is_dirty()
            assert any("read-only" in str(n.message) for n in pilot.app._notifications)
    finally:
        os.chmod(path, 0o644)
    assert path.read_bytes() == before


async def test_a_broken_post_is_never_opened_for_editing(site: Path) -> None:
    broken = site / "posts" / "2027-01-01-broken.md"
    broken.write_text("---\ntitle: [oops\n---\n")
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormScreen)
    assert broken.read_text() == "---\ntitle: [oops\n---\n"
