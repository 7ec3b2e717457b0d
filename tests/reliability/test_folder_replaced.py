"""The content folder replaced under the running app (a checkout, a deploy): it follows."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

from tests.ui.helpers import index, make_app, settle, status, titles, wait_until

POST = "---\ntitle: {title}\ndate: 2027-01-01T00:00:00.000Z\n---\nbody\n"


async def test_moved_away_and_recreated(site: Path) -> None:
    async with make_app(site, watch=True).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert status(pilot).startswith("12 posts")
        os.rename(site, site.with_name("old-content"))
        site.mkdir()
        (site / "fresh.md").write_text(POST.format(title="After the deploy"))
        await wait_until(pilot, lambda: titles(pilot) == ["After the deploy"])
        (site / "later.md").write_text(POST.format(title="Written later"))
        await wait_until(pilot, lambda: "Written later" in titles(pilot))


async def test_deleted_and_recreated(site: Path) -> None:
    async with make_app(site, watch=True).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shutil.rmtree(site)
        await wait_until(pilot, lambda: not index(pilot).posts)
        site.mkdir()
        (site / "back.md").write_text(POST.format(title="Back again"))
        await wait_until(pilot, lambda: titles(pilot) == ["Back again"])
        (site / "next.md").write_text(POST.format(title="Next one"))
        await wait_until(pilot, lambda: "Next one" in titles(pilot))


async def test_replaced_twenty_times_in_a_row_with_the_same_inode(site: Path) -> None:
    """`rm -rf c && mkdir c` reuses the inode number on ext4: followed every time all the same."""
    async with make_app(site, watch=True).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for round in range(20):
            shutil.rmtree(site)
            site.mkdir()
            names = [f"r{round}-{n}.md" for n in range(1 + round % 4)]
            for name in names:
                (site / name).write_text(POST.format(title=name))
            await wait_until(pilot, functools.partial(_shows, pilot, names))
            assert status(pilot).startswith(f"{len(names)} post")


def _shows(pilot: object, names: list[str]) -> bool:
    return sorted(titles(pilot)) == names  # type: ignore[arg-type]
