"""Snapshots of the main screens on the fixed-date sample posts (SVG, compared exactly)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from blogtui.screens.main import SearchBox
from blogtui.widgets.preview import RenderedLines
from tests.ui.helpers import make_app, screen, settle, wait_until


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    screen(pilot).query_one(SearchBox).cursor_blink = False


def test_main_screen_120x36(site: Path, snap_compare: Any) -> None:
    assert snap_compare(make_app(site), terminal_size=(120, 36), run_before=_ready)


def test_main_screen_80x24(site: Path, snap_compare: Any) -> None:
    assert snap_compare(make_app(site), terminal_size=(80, 24), run_before=_ready)


def test_filtered_view(site: Path, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("slash", *"tag:basics featured:true", "enter")
        await settle(pilot)

    assert snap_compare(make_app(site), terminal_size=(120, 36), run_before=run_before)


def test_help_screen(site: Path, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(site), terminal_size=(120, 36), run_before=run_before)


def test_form_screen(site: Path, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("e")
        await pilot.pause()
        await settle(pilot)
        for widget in pilot.app.screen.query("Input"):
            widget.cursor_blink = False  # type: ignore[attr-defined]

    assert snap_compare(make_app(site), terminal_size=(120, 36), run_before=run_before)


def test_body_editor(site: Path, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("b")
        await pilot.pause()
        await settle(pilot)
        pilot.app.screen.query_one("#body-editor").cursor_blink = False  # type: ignore[attr-defined]
        view = pilot.app.screen.query_one("#body-preview", RenderedLines)
        # Rendered, and at the width the pane has now (no sleep: the flake was a wrong width).
        await wait_until(
            pilot,
            lambda: bool(view.lines) and view.rendered_width == view.text_width(),
        )
        await settle(pilot)

    assert snap_compare(make_app(site), terminal_size=(120, 36), run_before=run_before)
