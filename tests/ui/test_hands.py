"""The app you can trust with your hands: bursts of keys, Escape then Save, and a form that
writes only what you touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Select

from blogtui.screens.dialogs import ChoiceScreen, ConfirmScreen, PromptScreen
from blogtui.screens.main import MainScreen, SearchBox
from blogtui.widgets.post_list import PostList
from blogtui.widgets.tag_panel import TagPanel
from tests.ui.helpers import index, make_app, screen, settle, wait_until
from tests.ui.test_editing import ROADMAP, choose, confirm_change, open_form, set_field

CHARACTERS = {"slash": "/", "enter": "\r", "space": " "}


def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys arriving in one read (type-ahead, a laggy SSH link): posted with no wait between."""
    for key in keys:
        pilot.app.post_message(events.Key(key, CHARACTERS.get(key, key)))


async def test_keys_after_slash_always_land_in_the_search_box(site: Path) -> None:
    before = {p.name: p.read_bytes() for p in (site / "posts").iterdir()}
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        burst(pilot, "slash", "d", "r", "a", "f", "t", "enter")
        await pilot.pause()
        await settle(pilot)
        assert screen(pilot).query_one(SearchBox).value == "draft"
        assert isinstance(pilot.app.screen, MainScreen)  # no dialog, no duplicate, no rename
        assert len(index(pilot).posts) == 12
        burst(pilot, "slash", "c", "a", "t")
        await pilot.pause()
        assert screen(pilot).query_one(SearchBox).value == "cat"  # focus selects the old text
    assert {p.name: p.read_bytes() for p in (site / "posts").iterdir()} == before
    assert not (site / ".blogtui-trash").exists()


async def test_keys_typed_while_the_app_starts_wait_for_the_main_screen(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.app import BlogApp

    before = {p.name: p.read_bytes() for p in (site / "posts").iterdir()}
    ready = False
    monkeypatch.setattr(BlogApp, "_main_ready", lambda self: ready)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        burst(pilot, "slash", "n", "e", "w")  # `n` would make a new post, were it not held
        await pilot.pause()
        await pilot.pause()
        assert screen(pilot).query_one(SearchBox).value == ""  # held while not ready
        ready = True
        burst(pilot, "s")  # typed after: queued behind the early ones, never before them
        await settle(pilot)
        await wait_until(pilot, lambda: screen(pilot).query_one(SearchBox).value == "news")
        assert isinstance(pilot.app.screen, MainScreen)
    assert {p.name: p.read_bytes() for p in (site / "posts").iterdir()} == before


async def test_a_delete_dialog_starts_on_cancel_and_no_burst_confirms_it(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        burst(pilot, "d", "enter")
        await pilot.pause()
        burst(pilot, "d", "y", "enter")
        await pilot.pause()
        await settle(pilot)
        assert len(index(pilot).posts) == 12
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert dialog.focused is not None and dialog.focused.id == "choice-no"
        await pilot.press("escape")
    assert not (site / ".blogtui-trash").exists()


async def test_escape_then_save_saves_and_leaves_without_a_crash(site: Path) -> None:
    path = site / ROADMAP
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await open_form(pilot)
        set_field(pilot, "title", "Saved on the way out")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        await choose(pilot, "save")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        await settle(pilot)
        assert "title: Saved on the way out" in path.read_text()
    assert pilot.app.return_code in (None, 0)


async def test_an_unknown_select_value_is_kept_and_the_form_is_not_dirty(site: Path) -> None:
    path = site / ROADMAP
    path.write_text(path.read_text().replace("draft: true\n", "draft: true\nlevel: expert\n"))
    before = path.read_text()
    assert "level: expert" in before
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        form = await open_form(pilot)
        assert not form.is_dirty()
        number = [row.name for row in form.rows].index("level")
        assert form.query_one(f"#field-{number}", Select).value == "expert"
        set_field(pilot, "title", "Only the title")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Only the title" in path.read_text())
    after = path.read_text()
    assert "level: expert" in after
    assert [line for line in after.splitlines() if line not in before.splitlines()] == [
        "title: Only the title"
    ]


async def test_an_untouched_invalid_field_never_blocks_a_save(site: Path) -> None:
    path = site / ROADMAP
    text = path.read_text().replace(
        "draft: true\n", "draft: true\nminutes: https://example.org/issue/11\n"
    )
    path.write_text(text)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        form = await open_form(pilot)
        assert not form.is_dirty()
        set_field(pilot, "title", "Fixed title")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "title: Fixed title" in path.read_text())
        number = [row.name for row in form.rows].index("minutes")
        assert "not a number" in str(form.query_one(f"#error-{number}").render())  # a warning
        set_field(pilot, "minutes", "ten")  # changed by the user: now it blocks
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "minutes: ten" not in path.read_text()
    assert "minutes: https://example.org/issue/11" in path.read_text()


async def test_the_app_opens_on_a_post_given_by_path(site: Path) -> None:
    target = "posts/2026-03-03-frontmatter-formats.md"
    app = make_app(site)
    app.select = target
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        highlighted = screen(pilot).query_one(PostList).highlighted
        assert highlighted is not None and highlighted.path == target


async def test_at_80x24_the_tag_panel_comes_and_goes_and_escape_leaves_the_search(
    site: Path,
) -> None:
    async with make_app(site).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        tags = main.query_one(TagPanel)
        assert not tags.display
        await pilot.press("t")
        assert tags.display and main.focused is tags
        await pilot.press("t")  # again: hidden, back on the list
        assert not tags.display and isinstance(main.focused, PostList)
        await pilot.press("t", "escape")
        assert not tags.display and isinstance(main.focused, PostList)
        await pilot.press("slash", *"cli", "escape")
        assert main.query_one(SearchBox).value == "" and isinstance(main.focused, PostList)
        await pilot.press("e")  # a list key after Escape is a command again, not text
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, MainScreen))


async def test_the_preview_scrolls_from_the_list(site: Path) -> None:
    async with make_app(site).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = screen(pilot).query_one("#preview-body")
        assert body.scroll_offset.y == 0
        room = body.max_scroll_y
        assert room > 0  # the roadmap is longer than the pane
        await pilot.press("J", "J")
        assert body.scroll_offset.y == min(6, room)
        assert isinstance(screen(pilot).focused, PostList)
        await pilot.press("K")
        assert body.scroll_offset.y == max(min(6, room) - 3, 0)


async def test_a_missing_editor_is_said_before_anything_is_suspended(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "code-that-is-not-installed --wait")
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await pilot.pause()
        messages = [n.message for n in pilot.app._notifications]
        assert any("'code-that-is-not-installed' was not found" in m for m in messages)
        assert isinstance(pilot.app.screen, MainScreen)


async def test_a_burst_of_typing_refilters_for_the_latest_text_only(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        filtered: list[str] = []
        real = main.refresh_view

        def counting(changes: object = None) -> None:
            filtered.append(main.browse.text)
            real(changes)  # type: ignore[arg-type]

        main.refresh_view = counting  # type: ignore[method-assign]
        await pilot.press("slash")
        burst(pilot, *"unicode tip")
        await pilot.pause()
        await settle(pilot)
        assert main.query_one(SearchBox).value == "unicode tip"
        assert filtered[-1] == "unicode tip" and len(filtered) < 11, filtered


def highlighted_path(pilot: Pilot[None]) -> str | None:
    post = screen(pilot).query_one(PostList).highlighted
    return post.path if post is not None else None


async def test_u_undoes_rename_duplicate_and_delete_in_turn(site: Path) -> None:
    posts = site / "posts"
    roadmap = site / ROADMAP
    before = {p.name: p.read_bytes() for p in posts.iterdir()}
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # duplicate
        await wait_until(pilot, lambda: len(index(pilot).posts) == 13)
        await pilot.press("k")  # back to the roadmap, first in the list
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        pilot.app.screen.query_one(Input).value = "renamed roadmap"
        await pilot.press("enter")
        await confirm_change(pilot)
        await wait_until(pilot, lambda: highlighted_path(pilot) == "posts/renamed-roadmap.md")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await choose(pilot, "yes")
        await wait_until(pilot, lambda: not (posts / "renamed-roadmap.md").exists())
        await pilot.press("u")  # the delete
        await wait_until(pilot, lambda: (posts / "renamed-roadmap.md").exists())
        await pilot.press("u")  # the rename: a change set, its undo shown first
        await confirm_change(pilot)
        await wait_until(pilot, lambda: roadmap.exists())
        await pilot.press("u")  # the duplicate: the copy goes to the trash
        await wait_until(pilot, lambda: len(index(pilot).posts) == 12)
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in n.message for n in pilot.app._notifications)
        highlighted = screen(pilot).query_one(PostList).highlighted
        assert highlighted is not None
    assert {p.name: p.read_bytes() for p in posts.iterdir()} == before


async def test_ctrl_g_jumps_to_a_post_by_its_file_name(site: Path) -> None:
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
        await pilot.press(*"unicode-every")
        hits = pilot.app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: hits.option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        highlighted = screen(pilot).query_one(PostList).highlighted
        assert (
            highlighted is not None and highlighted.path == "posts/2026-04-20-unicode-everywhere.md"
        )


async def test_keys_after_ctrl_g_and_n_go_to_the_screen_they_open(site: Path) -> None:
    before = {p.name: p.read_bytes() for p in (site / "posts").iterdir()}
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        burst(pilot, "ctrl+g", *"Great coffee")  # `c` would duplicate, `e` edit, `r` rename
        await pilot.pause()
        await settle(pilot)
        from textual.command import CommandPalette

        assert isinstance(pilot.app.screen, CommandPalette)
        assert pilot.app.screen.query_one(Input).value == "Great coffee"
        await pilot.press("escape")
        await settle(pilot)
        burst(pilot, "n", *"Quick title")
        await pilot.pause()
        await settle(pilot)
        assert isinstance(pilot.app.screen, PromptScreen)
        assert pilot.app.screen.query_one(Input).value == "Quick title"
        await pilot.press("escape")
    assert {p.name: p.read_bytes() for p in (site / "posts").iterdir()} == before
    assert not (site / ".blogtui-trash").exists()


async def test_dialogs_start_harmless_move_with_arrows_and_fit_the_screen(site: Path) -> None:
    from textual.widgets import Button

    path = site / ROADMAP
    before = path.read_bytes()
    async with make_app(site).run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        set_field(pilot, "title", "Changed, not saved")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        dialog = pilot.app.screen
        assert pilot.app.focused is dialog.query_one("#choice-keep")  # Enter keeps editing
        await pilot.press("right")
        assert pilot.app.focused is dialog.query_one("#choice-save")
        await pilot.press("left", "enter")  # back on Keep editing
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ChoiceScreen))
        assert path.read_bytes() == before
        await pilot.press("escape", "down", "down", "enter")  # Discard, chosen on purpose
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        assert path.read_bytes() == before
        main = screen(pilot)
        main.action_bulk_edit()  # eight answers: every one on screen, reachable
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        width, height = pilot.app.size
        for button in pilot.app.screen.query(Button):
            region = button.region
            assert region.right <= width and region.bottom <= height, button.id
        await pilot.press("escape")


async def test_notifications_never_cover_the_help(site: Path) -> None:
    from blogtui.screens.help import HelpScreen

    async with make_app(site).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        from textual.widgets._toast import ToastRack

        help_screen = pilot.app.screen
        if not help_screen.query(ToastRack):  # run_test turns notifications off
            await help_screen.mount(ToastRack(id="textual-toastrack"))
        await pilot.pause()
        assert not help_screen.query_one(ToastRack).display
