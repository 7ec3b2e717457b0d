"""P publishes (and unpublishes), @ schedules, v shows the views, V saves one."""

from pathlib import Path

from blogtui.screens.changes import ChangeSetScreen, ViewsScreen
from blogtui.screens.dialogs import PromptScreen
from blogtui.screens.main import MainScreen

from .helpers import answer, make_app, screen, settle, status, titles, wait_until

ROADMAP = "posts/2026-06-01-roadmap.md"


async def test_p_publishes_the_draft_and_u_takes_it_back(site: Path) -> None:
    before = (site / ROADMAP).read_bytes()
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        assert main.highlighted is not None and main.highlighted.path == ROADMAP
        # Its file name carries a date: asked whether to rename it too.
        await answer(pilot, "P", "keep")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        await wait_until(pilot, lambda: b"draft: false" in (site / ROADMAP).read_bytes())
        await wait_until(pilot, lambda: "draft" not in status(pilot).split("sort:")[1])
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: (site / ROADMAP).read_bytes() == before)


async def test_views_are_listed_applied_and_saved_losslessly(site: Path) -> None:
    site_file = site / ".blogtui.toml"
    site_file.write_text('# Our views\n[views]\nDrafts = "status:draft"  # to finish\n')
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ViewsScreen))
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: main.browse.text == "status:draft")
        await wait_until(pilot, lambda: titles(pilot) == ["Roadmap (draft)"])
        main.browse.text = "tag:basics -featured:true"
        main._show_query()
        await pilot.press("V")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        pilot.app.screen.query_one("#prompt-input").value = "Basics, plain"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Basics" in site_file.read_text())
    assert site_file.read_text() == (
        '# Our views\n[views]\nDrafts = "status:draft"  # to finish\n'
        '"Basics, plain" = "tag:basics -featured:true"\n'
    )


async def test_a_malformed_query_is_said_in_the_status_line(site: Path) -> None:
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"date:>=2024-13")
        await wait_until(pilot, lambda: status(pilot).startswith("Query: date:>=2024-13"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: status(pilot).startswith("12 posts"))
