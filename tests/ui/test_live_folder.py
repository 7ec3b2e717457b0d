"""Files written, renamed and removed under the folder while the app runs show up on screen."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from blogtui.domain.site.index import Changes
from blogtui.widgets.post_list import PostList
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

NEW = "---\ntitle: Added from outside\ndate: 2027-01-01T00:00:00.000Z\ntags: [news]\n---\nHello.\n"


async def test_created_changed_renamed_removed(site: Path) -> None:
    posts = site / "posts"
    async with make_app(site, watch=True).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j")  # highlight "Ten thousand posts, instantly"
        await settle(pilot)
        (posts / "outside.md").write_text(NEW)
        await wait_until(pilot, lambda: "Added from outside" in titles(pilot))
        assert status(pilot).startswith("13 posts")
        highlighted = screen(pilot).query_one(PostList).highlighted
        assert highlighted is not None and highlighted.title == "Ten thousand posts, instantly"
        assert any(tag == "news" for tag, _ in index(pilot).tag_counts())

        (posts / "outside.md").write_text(NEW.replace("Added from outside", "Retitled"))
        await wait_until(pilot, lambda: "Retitled" in titles(pilot))
        os.rename(posts / "outside.md", posts / "renamed.md")
        await wait_until(
            pilot,
            lambda: (
                [p.path for p in screen(pilot).query_one(PostList).posts].count("posts/renamed.md")
                == 1
            ),
        )
        assert "posts/outside.md" not in index(pilot).posts
        (posts / "renamed.md").unlink()
        await wait_until(pilot, lambda: "Retitled" not in titles(pilot))
        assert status(pilot).startswith("12 posts")


async def test_the_highlighted_post_follows_its_file(site: Path) -> None:
    target = site / "posts" / "2026-06-01-roadmap.md"
    async with make_app(site, watch=True).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        target.write_text(target.read_text().replace("Spell checking", "Grammar checking"))
        await wait_until(pilot, lambda: "Grammar checking" in preview_text(pilot))
        target.write_text("---\ntitle: [broken\n---\nraw text stays visible\n")
        await wait_until(
            pilot,
            lambda: (
                "does not parse" in preview_text(pilot)
                and "raw text stays visible" in preview_text(pilot)
            ),
        )
        target.write_text("---\ntitle: Fixed again\n---\nbody\n")
        await wait_until(pilot, lambda: "Fixed again" in preview_text(pilot))


async def test_a_burst_is_one_update_and_temp_files_are_ignored(site: Path) -> None:
    burst = site / "posts" / "burst"
    async with make_app(site, watch=True).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        updates: list[int] = []
        main = screen(pilot)
        real = main.index_changed

        def counted(changes: Changes) -> None:
            updates.append(len(changes.added))
            real(changes)

        main.index_changed = counted  # type: ignore[method-assign]
        burst.mkdir()
        for number in range(300):
            (burst / f"p{number:03d}.md").write_text(f"---\ntitle: Burst {number}\n---\n")
        (site / "posts" / ".post.md.swp").write_text("junk")
        (site / "posts" / "post.md~").write_text("junk")
        await wait_until(pilot, lambda: status(pilot).startswith("312 posts"))
        # 300 files written in a loop arrive as a few batched updates, not 300 repaints.
        assert sum(updates) == 300 and len(updates) <= 5, updates
        os.rename(burst, site / "moved")  # a folder moved: its posts move with it
        await wait_until(
            pilot,
            lambda: (
                "moved/p000.md" in index(pilot).posts
                and "posts/burst/p000.md" not in index(pilot).posts
            ),
        )
        assert status(pilot).startswith("312 posts")


async def test_the_rescan_after_the_start_waits_while_keys_come(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What changed while the index loaded is caught by one rescan, which waits for a pause in
    the typing (at 100,000 posts it would slow every key pressed meanwhile)."""
    from collections.abc import AsyncIterator

    from blogtui import app as app_module
    from blogtui.domain.files.watch import WatchBatch

    async def blind(root: Path) -> AsyncIterator[WatchBatch]:
        # A watcher that sees nothing: only the rescan can find the new post.
        await asyncio.Event().wait()
        yield WatchBatch(())

    monkeypatch.setattr(app_module, "watch_folder", blind)
    monkeypatch.setattr(app_module, "CATCH_UP_SECONDS", 1.0)
    async with make_app(site, watch=True).run_test(size=(120, 36)) as pilot:
        app = pilot.app
        assert isinstance(app, app_module.BlogApp)
        await wait_until(pilot, lambda: app.site.index is not None)
        index = app.site.index
        assert index is not None
        (site / "posts" / "late.md").write_text("---\ntitle: Late\n---\nx\n", encoding="utf-8")
        gaps = []
        for _ in range(16):  # 1.6 s of keys: past the rescan's first turn, at 1 s
            pressed = time.monotonic()
            await pilot.press("j")
            await pilot.pause(0.1)
            gaps.append(time.monotonic() - pressed)
        if max(gaps) < 0.9:  # a machine too busy to type steadily may see it sooner
            assert "posts/late.md" not in index.posts
        await wait_until(pilot, lambda: "posts/late.md" in index.posts)
