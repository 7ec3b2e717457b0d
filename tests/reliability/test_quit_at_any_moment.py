"""Quitting at any moment is clean: during the index's load, a burst of files from another
program, and git's jobs, round after round (no worker may find its screen gone)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blogtui.app import BlogApp
from tests.conftest import init_repo

pytestmark = pytest.mark.serial

ROUNDS = 200
POST = "---\ntitle: Burst {n}\ndate: 2027-01-01\n---\nbody\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
async def test_quitting_at_any_moment_is_clean(site: Path) -> None:
    init_repo(site)
    for round_ in range(ROUNDS):
        app = BlogApp(site, watch=round_ % 2 == 0)
        app.animation_level = "none"
        async with app.run_test(size=(100, 30)) as pilot:
            for n in range(round_ % 4):  # a burst from another program, as the app starts
                (site / f"burst-{n}.md").write_text(POST.format(n=n))
            if round_ % 3 == 0:
                await pilot.pause()
            if round_ % 5 == 0:
                await pilot.press("ctrl+r")  # a sync (no remote: it fails, as a job)
            await pilot.press("q")
        assert app.return_code in (0, None), round_
        for stray in site.glob("burst-*.md"):
            stray.unlink()
