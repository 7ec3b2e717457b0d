"""Time the app headlessly on a content folder; prints one JSON object of figures (seconds, MB).

python benchmarks/app_probe.py CONTENT_FOLDER
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import post_text  # noqa: E402
from tests.ui.helpers import answer, make_app, screen, wait_until  # noqa: E402

from blogtui.screens.changes import ChangeSetScreen  # noqa: E402
from blogtui.screens.main import MainScreen, SearchBox  # noqa: E402
from blogtui.widgets.post_list import PostList  # noqa: E402
from blogtui.widgets.preview import Preview, RenderedLines  # noqa: E402
from blogtui.widgets.status_line import StatusLine  # noqa: E402


def _status(pilot: object) -> str:
    return str(screen(pilot).query_one(StatusLine).render())  # type: ignore[arg-type]


async def probe(content: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    app = make_app(content, watch=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: app.site.index is not None, timeout=STEP_TIMEOUT)
        main = screen(pilot)
        await wait_until(
            pilot, lambda: bool(main.query_one(RenderedLines).lines), timeout=STEP_TIMEOUT
        )
        figures["first full screen (in-process, from interpreter start)"] = (
            time.perf_counter() - STARTED
        )
        total = len(app.site.index.posts)  # type: ignore[union-attr]
        await wait_until(pilot, lambda: not main.reading_bodies, timeout=300)
        main.query_one(PostList).focus()
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("w")  # bound to nothing: what the Pilot itself costs per key
        figures["Pilot floor (a key bound to nothing)"] = time.perf_counter() - start
        main.query_one(SearchBox).focus()
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("p")
        await wait_until(pilot, lambda: f"of {total}" in _status(pilot))
        figures["keystroke to updated list (search 'p')"] = time.perf_counter() - start
        start = time.perf_counter()
        await pilot.press("y")
        await wait_until(pilot, lambda: "filter: py" in _status(pilot))
        figures["second keystroke (search 'py')"] = time.perf_counter() - start
        await pilot.press("escape")
        main.query_one(PostList).focus()
        await pilot.press("t")
        start = time.perf_counter()
        await pilot.press("space")
        await wait_until(pilot, lambda: "filter: tag:" in _status(pilot))
        figures["tag toggle to updated list"] = time.perf_counter() - start
        await pilot.press("x")
        main.query_one(PostList).focus()
        start = time.perf_counter()
        await pilot.press("s")
        await wait_until(pilot, lambda: "sort: oldest" in _status(pilot))
        figures["sort change"] = time.perf_counter() - start
        await pilot.press("s", "s", "s")

        target = content / "posts" / "zz-bench-changed.md"
        start = time.perf_counter()
        target.write_text(
            "---\ntitle: Written by the benchmark\ndate: 2099-01-01T00:00:00.000Z\n---\nhi\n"
        )
        await wait_until(
            pilot, lambda: main.query_one(PostList).posts[0].title == "Written by the benchmark"
        )
        figures["new file on disk to list"] = time.perf_counter() - start
        await pilot.press("home")
        await wait_until(pilot, lambda: _showing(main, target.name))
        start = time.perf_counter()
        target.write_text(
            "---\ntitle: Rewritten by the benchmark\ndate: 2099-01-01T00:00:00.000Z\n---\nhi\n"
        )
        await wait_until(pilot, lambda: "Rewritten by the benchmark" in _preview_header(main))
        figures["highlighted file changed on disk to preview"] = time.perf_counter() - start

        big = content / "posts" / "zz-bench-big.md"
        text = post_text(random.Random(1), 1, body_bytes=200_000)
        big.write_text(re.sub(r"(?m)^date: .*$", "date: 2100-01-01T00:00:00.000Z", text, count=1))
        await wait_until(pilot, lambda: big.name in main.query_one(PostList).posts[0].path)
        await pilot.press("end")
        await wait_until(pilot, lambda: main.query_one(Preview).post is not None)
        await pilot.pause(0.3)
        start = time.perf_counter()
        await pilot.press("home")
        await wait_until(pilot, lambda: _showing(main, big.name))
        figures["preview first screen, 200 KB post"] = time.perf_counter() - start
        await wait_until(pilot, lambda: len(main.query_one(RenderedLines).lines) > 1000, timeout=30)
        figures["preview complete, 200 KB post"] = time.perf_counter() - start
        start = time.perf_counter()
        await pilot.press("down")
        await wait_until(pilot, lambda: _showing(main, "zz-bench-changed.md"))
        figures["preview of a small post"] = time.perf_counter() - start
        target.unlink()
        big.unlink()
        figures["peak memory (RSS, MB)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if os.environ.get("BENCH_STALL"):  # a minute at 10,000 posts: once a benchmark
            await wait_until(pilot, lambda: not _listed(main, big.name), timeout=30)
            figures.update(await _stall_of_a_change(pilot, main, total))
    return figures


STEP_TIMEOUT = 180
"""Seconds one step of the 10,000-post change may take: 40-52 s on a quiet machine, and a
probe that times out fails the landing."""


class StallMeter:
    """The longest time the event loop went without running a 5 ms ticker: what a key typed
    then would have waited for."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(0.005)
            self.longest = max(self.longest, loop.time() - before - 0.005)

    def __enter__(self) -> StallMeter:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    def __exit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def _stall_of_a_change(pilot: object, main: object, total: int) -> dict[str, float]:
    """Every post marked, made a draft in one change set, then undone: the longest stall of the
    UI while it is planned, applied and re-read, each way."""
    figures = {}
    app = pilot.app  # type: ignore[attr-defined]
    watched = next(p.path for p in main.query_one(PostList).posts if not p.draft)  # type: ignore[attr-defined]
    main.query_one(PostList).focus()  # type: ignore[attr-defined]
    await pilot.press("asterisk")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: len(main.marked) >= total, timeout=30)  # type: ignore[arg-type, attr-defined]
    for name, start in (("apply", lambda: answer(pilot, "B", "draft")), ("undo", None)):
        with StallMeter() as meter:
            began = time.perf_counter()
            if start is not None:
                await start()
            else:
                await pilot.press("u")  # type: ignore[attr-defined]
            await wait_until(
                pilot, lambda: isinstance(app.screen, ChangeSetScreen), timeout=STEP_TIMEOUT
            )
            await pilot.press("y")  # type: ignore[attr-defined]
            await wait_until(
                pilot, lambda: isinstance(app.screen, MainScreen), timeout=STEP_TIMEOUT
            )
            drafts = name == "apply"
            await wait_until(
                pilot,
                lambda drafts=drafts: app.site.index.posts[watched].draft is drafts,  # type: ignore[misc]
                timeout=60,
            )
            figures[f"10,000-post change ({name}): plan, apply, re-read"] = (
                time.perf_counter() - began
            )
        figures[f"longest UI stall during it ({name})"] = meter.longest
    return figures


def _listed(main: object, name: str) -> bool:
    return any(p.path.endswith(name) for p in main.query_one(PostList).posts)  # type: ignore[attr-defined]


def _preview_header(main: object) -> str:
    return str(main.query_one("#preview-header").render())  # type: ignore[attr-defined]


def _showing(main: object, name: str) -> bool:
    shown = main.query_one(Preview).shown_path  # type: ignore[attr-defined]
    return bool(shown and shown.endswith(name))


if __name__ == "__main__":
    print(json.dumps(asyncio.run(probe(Path(sys.argv[1])))))
