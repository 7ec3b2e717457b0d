"""Changes to many posts in the app: previewed, applied, undone; marks and bulk edits."""

from pathlib import Path

from blogtui.screens.changes import ChangeSetScreen, SimilarScreen
from blogtui.screens.dialogs import PromptScreen
from blogtui.screens.main import MainScreen
from blogtui.widgets.post_list import PostList
from blogtui.widgets.tag_panel import TagPanel

from .helpers import answer, make_app, screen, settle, status, wait_until


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


async def test_rename_a_tag_from_the_panel_then_undo_it(site: Path) -> None:
    before = snapshot(site)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        await pilot.press("t")
        panel = main.query_one(TagPanel)
        await wait_until(pilot, lambda: main.focused is panel)
        assert main.browse.counts[0] == ("basics", 3)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        prompt = pilot.app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one("#prompt-input").value = "Basics 101"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        preview = pilot.app.screen
        assert isinstance(preview, ChangeSetScreen)
        assert preview.changeset.count("changed") == 3 and snapshot(site) == before
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        await wait_until(pilot, lambda: main.browse.counts[0] == ("Basics 101", 3))
        changed = snapshot(site)
        assert changed != before and sum(b"Basics 101" in data for data in changed.values()) == 3
        await pilot.press("escape", "u")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        await wait_until(pilot, lambda: snapshot(site) == before)


async def test_escape_in_the_preview_writes_nothing(site: Path) -> None:
    before = snapshot(site)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SimilarScreen))
        await pilot.press("escape")
        await pilot.press("space", "space")  # mark two posts
        await wait_until(pilot, lambda: len(main.marked) == 2)
        assert "2 marked" in status(pilot)
        await answer(pilot, "B", "draft")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        preview = pilot.app.screen
        assert isinstance(preview, ChangeSetScreen)
        assert preview.changeset.summary == "set draft = true"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        assert snapshot(site) == before and len(main.marked) == 2


async def test_mark_all_then_bulk_draft_is_applied_and_marks_clear(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        await pilot.press("slash", *"tag:editing", "enter", "asterisk")
        await wait_until(pilot, lambda: len(main.marked) == 3)
        await answer(pilot, "B", "draft")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        await wait_until(pilot, lambda: not main.marked)
        shown = main.query_one(PostList).posts
        assert len(shown) == 3 and all(post.draft for post in shown)


async def test_an_interrupted_change_is_offered_for_rollback_at_start(site: Path) -> None:
    from blogtui.domain.ops import journal
    from blogtui.domain.ops.changeset import write_one
    from blogtui.domain.ops.terms import plan_terms

    before = snapshot(site)
    changeset = plan_terms(site, "tags", ["basics"], "fundamentals")
    journal.begin(changeset)  # then the process is killed after the first file
    write_one(changeset.changed[0])
    assert snapshot(site) != before
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        assert main.undoable and main.change_history()[0][1].startswith("rename tag basics")
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        preview = pilot.app.screen
        assert isinstance(preview, ChangeSetScreen) and preview.changeset.count("changed") == 1
        await pilot.press("y")
        await wait_until(pilot, lambda: snapshot(site) == before)
