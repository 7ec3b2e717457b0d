"""Every key of SPEC §5 the reading app covers: what the list, counts and preview show."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogtui.domain.site.generator import detect
from blogtui.domain.site.query import filter_posts, parse_query
from blogtui.screens.help import HelpScreen
from blogtui.screens.main import SearchBox
from blogtui.widgets.post_list import PostList
from blogtui.widgets.tag_panel import TagPanel
from tests.ui.helpers import (
    index,
    make_app,
    preview_text,
    screen,
    settle,
    status,
    titles,
    wait_until,
)

NEWEST = "Roadmap (draft)"
OLDEST = "Welcome to blogtui"


async def test_first_screen_shows_every_post_newest_first(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert status(pilot).startswith("12 posts")
        assert titles(pilot)[0] == NEWEST and titles(pilot)[-1] == OLDEST
        text = preview_text(pilot)
        assert NEWEST in text and "#roadmap" in text and "Field-by-field merge" in text
        tags = screen(pilot).query_one(TagPanel)
        assert tags.option_count == 17
        assert str(tags.get_option_at_index(0).prompt).startswith("○ basics 3")
    # The index is kept once the list is up, for the next start: every post, none parsed.
    from blogtui.domain.site import cache
    from blogtui.domain.site.store import Store

    store = Store.open(site, detect(site).signature)
    assert store is not None
    rows = {path: row for chunk in store.row_chunks() for path, row in chunk}
    assert len(rows) == 12 and all(
        cache.post_from_row(path, row, row[0], row[1]) is not None for path, row in rows.items()
    )


async def test_moving_in_the_list_updates_the_preview(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        assert "Unicode everywhere" in preview_text(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert "Ten thousand posts" in preview_text(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert OLDEST in preview_text(pilot)
        await pilot.press("home", "down")
        await settle(pilot)
        assert screen(pilot).query_one(PostList).cursor == 1
        await pilot.press("pagedown")
        assert screen(pilot).query_one(PostList).cursor == 11


async def test_search_filters_live_and_escape_clears(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, SearchBox)
        await pilot.press(*"atomic")
        assert titles(pilot) == ["Editing safely"]
        assert status(pilot).startswith("1 of 12 posts") and "filter: atomic" in status(pilot)
        await pilot.press("escape")
        assert len(titles(pilot)) == 12 and status(pilot).startswith("12 posts")
        assert isinstance(pilot.app.focused, PostList)  # cleared, and back on the list
        await pilot.press("slash", *"BASICS", "enter")
        assert isinstance(pilot.app.focused, PostList)
        assert "The command line, for scripts" in titles(pilot)  # "basics" in its body
        assert len(titles(pilot)) == 4


async def test_qualifiers_in_the_search_box(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'tag:"static sites"')
        assert sorted(titles(pilot)) == ["A live folder", "Ten thousand posts, instantly"]
        selected = screen(pilot).query_one(TagPanel)
        assert "● static sites" in str(selected.get_option_at_index(2).prompt)
        await pilot.press("escape", "slash", *"draft:true")  # Escape went back to the list
        assert titles(pilot) == [NEWEST]
        await pilot.press("escape", "slash", *"featured:true tag:keyboard")
        assert titles(pilot) == ["A keyboard tour"]


async def test_no_result_says_how_to_clear(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzzz", "enter")
        post_list = screen(pilot).query_one(PostList)
        assert post_list.posts == [] and "Press x to clear" in post_list.empty_message
        assert status(pilot).startswith("0 of 12 posts")
        await pilot.press("x")
        assert len(titles(pilot)) == 12 and screen(pilot).query_one(SearchBox).value == ""


async def test_tag_panel_toggles_and_switches_all_any(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(pilot.app.focused, TagPanel)
        await pilot.press("space")  # basics
        assert screen(pilot).query_one(SearchBox).value == "tag:basics"
        assert len(titles(pilot)) == 3
        await pilot.press("down", "enter")  # editing, too: all of them
        assert screen(pilot).query_one(SearchBox).value == "tag:basics tag:editing"
        assert titles(pilot) == []
        await pilot.press("a")
        assert len(titles(pilot)) == 6 and "(any tag)" in status(pilot)
        await pilot.press("space")  # editing off again
        assert screen(pilot).query_one(SearchBox).value == "tag:basics"
        await pilot.press("x")
        assert len(titles(pilot)) == 12 and "any" not in status(pilot)


async def test_sort_cycles(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert titles(pilot)[0] == OLDEST and "sort: oldest" in status(pilot)
        await pilot.press("s")
        assert titles(pilot)[0] == "A keyboard tour" and "sort: title" in status(pilot)
        touched = site / "posts" / "2026-02-02-writing-in-your-own-editor.md"
        touched.write_text(touched.read_text())
        index(pilot).refresh(["posts/2026-02-02-writing-in-your-own-editor.md"])
        await pilot.press("s")
        assert titles(pilot)[0] == "Writing in your own editor" and "modified" in status(pilot)
        await pilot.press("s")
        assert titles(pilot)[0] == NEWEST


async def test_preview_toggle_help_and_quit(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        preview = screen(pilot).query_one("#preview")
        await pilot.press("p")
        assert not preview.display
        await pilot.press("p")
        assert preview.display
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("q")
    assert pilot.app.return_code == 0


async def test_narrow_terminal_hides_the_tag_panel_then_the_preview(site: Path) -> None:
    async with make_app(site).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not screen(pilot).query_one(TagPanel).display
        assert screen(pilot).query_one("#preview").display
        await pilot.press("t")
        assert screen(pilot).query_one(TagPanel).display
    async with make_app(site).run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert not screen(pilot).query_one("#preview").display
        assert len(titles(pilot)) == 12


async def test_a_broken_post_is_listed_with_its_error_and_raw_text(site: Path) -> None:
    (site / "posts" / "2030-01-01-broken.md").write_text("---\ntitle: [oops\n---\nRaw body\n")
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("end")  # undated: listed last
        await settle(pilot)
        last = screen(pilot).query_one(PostList).posts[-1]
        assert last.error and last.path == "posts/2030-01-01-broken.md"
        text = preview_text(pilot)
        assert "does not parse" in text and "title: [oops" in text


async def test_search_in_steps_gives_the_same_result(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.domain.site import browse
    from blogtui.screens.main import searching as main_module

    monkeypatch.setattr(browse, "SEARCH_IN_STEPS_FROM", 5)
    monkeypatch.setattr(browse, "SEARCH_STEP", 4)
    monkeypatch.setattr(main_module, "SCREENFUL", 1)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"the", "space", *"editor")
        await wait_until(pilot, lambda: "searching" not in status(pilot))
        query = parse_query("the editor")
        expected = [
            p.display_title for p in filter_posts(index(pilot).posts.values(), query, index(pilot))
        ]
        assert sorted(titles(pilot)) == sorted(expected) and len(expected) >= 2
        assert status(pilot).startswith(f"{len(expected)} of 12 posts")


async def test_g_groups_the_list_under_headings_the_cursor_never_lands_on(site: Path) -> None:
    from blogtui.widgets.post_list import PostList

    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        await pilot.press("g", "g")  # by month
        post_list = main.query_one(PostList)
        await wait_until(pilot, lambda: isinstance(post_list._rows[0], str))
        assert post_list._rows[0] == "2026-06 (1)" and post_list.cursor == 1
        await pilot.press("down")
        assert post_list.highlighted is not None and post_list.cursor == 3  # a heading skipped
        await pilot.press("up")
        assert post_list.cursor == 1
        await pilot.press("home")
        assert post_list.cursor == 1 and post_list.highlighted is not None
        await pilot.press("g", "g", "g")  # status, tag, none
        await wait_until(pilot, lambda: not any(isinstance(r, str) for r in post_list._rows))


async def test_a_word_the_index_is_slow_on_is_looked_up_in_a_worker(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.domain.site import browse, lookups

    monkeypatch.setattr(browse, "LOOKUP_APART_FROM", 2)
    monkeypatch.setattr(browse, "LOOKUP_BUDGET", -1.0)  # never answered within a keystroke
    monkeypatch.setattr(lookups, "CHECK_EVERY", 1)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        found = index(pilot)
        assert found.store is not None and found.store.complete()
        expected = filter_posts(found.posts.values(), parse_query("editor"), found)
        listed = [p for p in found.posts.values() if "editor" in p.text]
        assert len(expected) > len(listed)  # some hold it in their bodies alone
        post_list = screen(pilot).query_one(PostList)
        body_only = next(p for p in post_list.posts if p in expected and p not in listed)
        screen(pilot).select_path(body_only.path)
        await wait_until(pilot, lambda: post_list.highlighted == body_only)
        await pilot.press("slash", *"editor")
        await wait_until(pilot, lambda: "searching" not in status(pilot))
        assert found.looked_up("editor")  # by the worker
        highlighted = post_list.highlighted
        assert highlighted is not None and highlighted.path == body_only.path  # kept
        assert sorted(titles(pilot)) == sorted(p.display_title for p in expected)
        assert status(pilot).startswith(f"{len(expected)} of 12 posts")


async def test_a_query_longer_than_the_box_scrolls_to_its_cursor(site: Path) -> None:
    async with make_app(site).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = screen(pilot).query_one(SearchBox)
        await pilot.press("slash", *"editor " * 8)
        await wait_until(pilot, lambda: box.value == "editor " * 8)
        await pilot.pause()
        assert box.virtual_size.width == box.content_width > box.size.width
        assert box.scroll_offset.x > 0  # the end, where the cursor is, is in view
        assert box.cursor_position == len(box.value)
        await pilot.press("home")
        await pilot.pause()
        assert box.scroll_offset.x == 0


async def test_an_index_lost_mid_run_reads_the_bodies_into_memory(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        found = index(pilot)
        assert found.store is not None
        expected = filter_posts(found.posts.values(), parse_query("editor"), found)
        assert len(expected) > len([p for p in found.posts.values() if "editor" in p.text])

        def broken(word: str, budget: float | None = None) -> None:
            raise sqlite3.DatabaseError("database disk image is malformed")

        monkeypatch.setattr(found.store, "matching", broken)
        await pilot.press("slash", *"editor")
        await wait_until(
            pilot,
            lambda: any("search index failed" in n.message for n in pilot.app._notifications),
        )
        await settle(pilot)
        assert found.store is None
        # Every post that holds the word in its body alone is found from memory now.
        await wait_until(
            pilot, lambda: sorted(titles(pilot)) == sorted(p.display_title for p in expected)
        )
        assert status(pilot).startswith(f"{len(expected)} of 12 posts")
        assert "reading" not in status(pilot)
