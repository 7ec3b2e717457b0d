"""The persistent index at a size where it matters: first and second start in tmux, a rare body
word, a common word and a two-letter term, keystroke, disk to screen, RSS, build time and the
index's size, each beside its floor measured in the same run.

    python benchmarks/big_probe.py CONTENT_FOLDER [--settle SECONDS]
        (e.g. 100,000 posts from generate.py; --settle: the wait before the first key, 1 s)

Floors: `cat` of every post (reading the folder at all), `rg` for the rare word (searching the
bodies without an index), and the bare Textual app's keystroke.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floors import BYTES, CAT, RG, beside_floor  # noqa: E402
from tmux_probe import (  # noqa: E402
    SESSION,
    _timed,
    _tmux,
    bare_textual,
    file_to_screen,
    keys,
    new_session,
    pane_rss_mb,
    typed_to_result,
    wait_for,
)

RARE = "quizzaciously"
"""Planted in the bodies of three posts: no title, tag or path holds it."""


def plant(content: Path) -> list[Path]:
    posts = sorted(content.glob("posts/**/*.md"))
    chosen = random.Random(5).sample(posts, 3)
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        if RARE not in text:
            path.write_text(text.rstrip("\n") + f"\n\nA {RARE} planted word.\n", encoding="utf-8")
    return chosen


class _Said(dict[str, float]):
    """Figures said on stderr as they come: a long run that fails later still reports them."""

    def __setitem__(self, name: str, value: float) -> None:
        print(f"{name}: {value:.3f}", file=sys.stderr, flush=True)
        super().__setitem__(name, value)


def _start(content: Path, env: dict[str, str], total: int) -> tuple[float, float]:
    """(seconds to the first posts listed, seconds to the full first screen)."""
    _tmux("kill-session", "-t", SESSION)
    command = f"{sys.executable} -m blogtui {content}"
    start = new_session(command, env)
    first = wait_for(lambda s: "Post number" in s, timeout=120)
    wait_for(lambda s: f"{total:,} posts" in s or f"{total} posts" in s, timeout=300)
    return first, time.perf_counter() - start


def floors(content: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    files = [str(p) for p in content.rglob("*.md")]
    start = time.perf_counter()
    for chunk in range(0, len(files), 2000):
        subprocess.run(["cat", *files[chunk : chunk + 2000]], stdout=subprocess.DEVNULL, check=True)
    figures[CAT] = time.perf_counter() - start
    figures[BYTES] = sum(os.path.getsize(f) for f in files) / 1e6
    if shutil.which("rg"):
        start = time.perf_counter()
        subprocess.run(["rg", "-l", RARE, str(content)], stdout=subprocess.DEVNULL, check=False)
        figures[RG] = time.perf_counter() - start
    return figures


def probe(content: Path, settle: float = 1.0) -> dict[str, float]:
    """`settle`: seconds between the second start's whole list and the first key (the start's
    background work, the watcher's catch-up scan above all, runs for a second or two more)."""
    figures: dict[str, float] = _Said()
    plant(content)
    total = sum(1 for _ in content.rglob("*.md"))
    figures.update(floors(content))
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "BLOGTUI_CACHE_DIR": cache}
        try:
            first, full = _start(content, env, total)
            figures["first start: first posts listed"] = first
            figures["first start: full first screen"] = full
            built = wait_for(lambda s: "bodies" not in s, timeout=900) + full
            figures["first start: search index complete"] = built
            index = next(Path(cache).glob("index-*.sqlite"))
            size = sum(f.stat().st_size for f in Path(cache).glob(index.name + "*"))
            figures["index on disk (MB)"] = size / 1e6
            figures["first start: RSS after the build (MB)"] = pane_rss_mb()
            first, full = _start(content, env, total)
            figures["second start: first posts listed"] = first
            figures["second start: full first screen"] = full
            time.sleep(settle)
            keys("/")
            time.sleep(0.3)
            figures["second start: rare body word pasted to its 3 posts"] = _timed(
                lambda: keys(RARE, literal=True),
                lambda s: f"3 of {total:,} posts" in s or f"3 of {total} posts" in s,
            )
            keys("C-u")
            time.sleep(0.5)
            figures["second start: keystroke (search 'p')"] = typed_to_result("p", "p")
            figures["second start: next keystroke ('po', a two-letter term)"] = typed_to_result(
                "o", "po"
            )
            figures["second start: common word ('post ', in every path)"] = typed_to_result(
                "st ", "post"
            )
            keys("C-u")
            time.sleep(0.5)
            figures["second start: common body word pasted ('preview', the index asked)"] = (
                typed_to_result("preview", "preview")
            )
            keys("C-u")
            time.sleep(0.5)
            figures["second start: two-letter word in no listing ('zq': every body scanned)"] = (
                typed_to_result("zq", "zq")
            )
            keys("Escape")
            time.sleep(0.3)
            keys("Enter")
            time.sleep(0.3)
            keys("Home")  # the newest first: where a post dated 2099 is listed
            time.sleep(0.3)
            target = content / "posts" / "zz-big-bench.md"
            figures["second start: file on disk to screen"] = file_to_screen(target, "By big bench")
            figures["second start: RSS (MB)"] = pane_rss_mb()
            target.unlink()
        finally:
            _tmux("kill-session", "-t", SESSION)
    figures.update(bare_textual())
    return figures


if __name__ == "__main__":
    settled = float(sys.argv[sys.argv.index("--settle") + 1]) if "--settle" in sys.argv else 1.0
    result = probe(Path(sys.argv[1]), settled)
    width = max(len(name) for name in result)
    for name, value in result.items():
        shown = f"{value:.0f} MB" if "MB" in name else f"{value * 1000:.0f} ms"
        print(f"| {name.ljust(width)} | {shown} | {beside_floor(name, dict(result))} |")
    print(json.dumps(result))
