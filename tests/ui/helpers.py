"""Running the app under the Pilot and waiting for it, never sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from blogtui.app import BlogApp
from blogtui.domain.site.index import ContentIndex
from blogtui.screens.main import MainScreen
from blogtui.widgets.post_list import PostList
from blogtui.widgets.preview import Preview, RenderedLines
from blogtui.widgets.status_line import StatusLine


def make_app(root: Path, watch: bool = False) -> BlogApp:
    app = BlogApp(root, watch=watch)
    app.animation_level = "none"
    return app


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10
) -> None:
    """Let the app run until `condition` holds (fails after `timeout` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("the app did not reach the expected state in time")
        await pilot.pause(0.02)


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the index and the preview: every worker but the folder watcher is done."""
    app = pilot.app
    assert isinstance(app, BlogApp)
    await wait_until(pilot, lambda: app.site.index is not None)
    await wait_until(
        pilot, lambda: all(w.group == "content-watcher" or w.is_finished for w in app.workers)
    )
    await pilot.pause()
    # The site's links come last (the preview says who links to a post): wait for them too.
    await wait_until(
        pilot, lambda: not isinstance(app.screen, MainScreen) or app.screen.links is not None
    )
    await wait_until(
        pilot, lambda: all(w.group == "content-watcher" or w.is_finished for w in app.workers)
    )
    await pilot.pause()


def screen(pilot: Pilot[None]) -> MainScreen:
    app = pilot.app
    assert isinstance(app, BlogApp)
    return app.main_screen


def index(pilot: Pilot[None]) -> ContentIndex:
    app = pilot.app
    assert isinstance(app, BlogApp) and app.site.index is not None
    return app.site.index


def titles(pilot: Pilot[None]) -> list[str]:
    return [post.display_title for post in screen(pilot).query_one(PostList).posts]


def status(pilot: Pilot[None]) -> str:
    return str(screen(pilot).query_one(StatusLine).render())


def preview_text(pilot: Pilot[None]) -> str:
    """The preview's header and body as plain text."""
    preview = screen(pilot).query_one(Preview)
    header = str(preview.query_one("#preview-header").render())
    body = "\n".join(line.text for line in preview.query_one("#preview-body", RenderedLines).lines)
    return header + "\n" + body


async def answer(pilot: Pilot[None], key: str, choice: str) -> None:
    """Press `key`, then the button `choice` of the question it asks."""
    from textual.widgets import Button

    from blogtui.screens.dialogs import QuestionScreen

    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, QuestionScreen))
    pilot.app.screen.query_one(f"#choice-{choice}", Button).press()
