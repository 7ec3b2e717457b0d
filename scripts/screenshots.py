"""Render the app headlessly on content/ and save its screens as SVGs in screenshots/.

python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("BLOGTUI_NO_CACHE", "1")

from tests.ui.helpers import make_app, screen, settle  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from blogtui.screens.main import SearchBox  # noqa: E402

Steps = Callable[[Pilot[None]], Awaitable[None]]


async def _nothing(pilot: Pilot[None]) -> None:
    return None


async def _filtered(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *'tag:"static sites"', "enter")


async def _help(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")


async def _form(pilot: Pilot[None]) -> None:
    await pilot.press("e")
    await pilot.pause()
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


async def _body(pilot: Pilot[None]) -> None:
    await pilot.press("b")
    await pilot.pause()
    pilot.app.screen.query_one("#body-editor").cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause(0.3)


async def shoot(name: str, size: tuple[int, int], steps: Steps) -> Path:
    app = make_app(REPO / "content")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen(pilot).query_one(SearchBox).cursor_blink = False
        await steps(pilot)
        await settle(pilot)
        target = REPO / "screenshots" / f"{name}.svg"
        app.save_screenshot(filename=target.name, path=str(target.parent))
        return target


async def main() -> None:
    shots: list[tuple[str, tuple[int, int], Steps]] = [
        ("main", (120, 36), _nothing),
        ("filtered", (120, 36), _filtered),
        ("help", (120, 36), _help),
        ("narrow-80x24", (80, 24), _nothing),
        ("form", (120, 36), _form),
        ("body-editor", (120, 36), _body),
    ]
    for name, size, steps in shots:
        print(await shoot(name, size, steps))


if __name__ == "__main__":
    asyncio.run(main())
