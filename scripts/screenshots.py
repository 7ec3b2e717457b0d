"""Render the app headlessly on content/ and save its screens as SVGs in screenshots/.

python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("BLOGTUI_NO_CACHE", "1")

from tests.ui.helpers import make_app, screen, settle, wait_until  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from blogtui.screens.main import SearchBox  # noqa: E402
from blogtui.widgets.post_list import PostList  # noqa: E402

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


async def _git(pilot: Pilot[None]) -> None:
    post_list = screen(pilot).query_one(PostList)
    await wait_until(pilot, lambda: len(post_list.git_states or {}) == 2)
    screen(pilot).select_path("posts/2026-06-01-roadmap.md")
    await pilot.press("ctrl+d")


def _repository_with_changes(folder: Path) -> Path:
    """content/ as a git repository's last commit, with a post changed and one added."""
    shutil.copytree(REPO / "content", folder)
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=Ann", "-c", "user.email=ann@example.org", "commit", "-qm", "init"],
    ):
        subprocess.run(["git", *args], cwd=folder, check=True)
    post = folder / "posts" / "2026-06-01-roadmap.md"
    post.write_text(post.read_text().replace("Roadmap (draft)", "Roadmap for 2027"))
    (folder / "posts" / "new-ideas.md").write_text("---\ntitle: New ideas\n---\nSoon.\n")
    return folder


async def shoot(
    name: str, size: tuple[int, int], steps: Steps, folder: Path = REPO / "content"
) -> Path:
    app = make_app(folder)
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
    with tempfile.TemporaryDirectory() as scratch:
        folder = _repository_with_changes(Path(scratch) / "content")
        print(await shoot("git", (120, 36), _git, folder))


if __name__ == "__main__":
    asyncio.run(main())
