"""Time the app in a real terminal: tmux runs it, capture-pane polling reads the screen.

    python benchmarks/tmux_probe.py CONTENT_FOLDER

Every figure includes the polling floor (one capture-pane, a few ms), reported as its own row.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import post_text  # noqa: E402

SESSION = "blogtui-bench"


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen() -> str:
    return _tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(condition: Callable[[str], bool], timeout: float = 30) -> float:
    """Seconds until the screen satisfies `condition`."""
    start = time.perf_counter()
    while True:
        if condition(screen()):
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the screen never showed what was expected:\n" + screen())


def keys(*names: str, literal: bool = False) -> None:
    _tmux("send-keys", "-t", SESSION, *(["-l"] if literal else []), *names)


def _start(content: Path, total: int, env: dict[str, str]) -> float:
    """Start the app in tmux; seconds until its first full screen."""
    _tmux("kill-session", "-t", SESSION)
    command = f"{sys.executable} -m blogtui {content}"
    start = new_session(command, env)
    wait_for(lambda s: f"{total} posts" in s and "sort: newest" in s)
    return time.perf_counter() - start


def new_session(command: str, env: dict[str, str]) -> float:
    """Run `command` in a new 120x36 session; the moment it started (perf_counter)."""
    for attempt in range(20):  # the server of a session just killed may still be exiting
        start = time.perf_counter()
        made = subprocess.run(
            ["tmux", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "36", command],
            check=False,
            env=env,
        )
        if made.returncode == 0:
            return start
        time.sleep(0.1 * (attempt + 1))
    raise RuntimeError("tmux could not start a session")


def probe(content: Path) -> dict[str, float]:
    if not shutil.which("tmux"):
        return {}
    figures: dict[str, float] = {}
    total = sum(1 for _ in content.rglob("*.md"))
    # The cache lives as long as the app: removed under it, the app would be measured
    # searching without its index.
    cache = tempfile.mkdtemp()
    env = {**os.environ, "BLOGTUI_CACHE_DIR": cache}
    try:
        # Cold: no metadata cache, every post parsed (the OS may still cache the files).
        figures["tmux: first full screen, cold (no metadata cache)"] = _start(content, total, env)
        wait_for(lambda s: "bodies" not in s, timeout=300)  # the cache is written
        figures["tmux: first full screen, warm (metadata cache)"] = _start(content, total, env)
        figures["tmux: polling floor (one capture-pane)"] = _floor()
        # Bodies for free-text search are read after the first screen.
        figures["tmux: bodies read for search (after a warm start)"] = (
            wait_for(lambda s: "bodies" not in s, timeout=300)
            + figures["tmux: first full screen, warm (metadata cache)"]
        )
        keys("/")
        time.sleep(0.3)
        start = time.perf_counter()
        keys("p", literal=True)
        figures["tmux: keystroke to updated list"] = wait_for(lambda s: f"of {total} posts" in s)
        # Over 20,000 posts free text is searched in steps: the first matches show at once,
        # then the rest; this is the full result, every post searched.
        wait_for(lambda s: f"of {total} posts" in s and "searching" not in s, timeout=60)
        figures["tmux: keystroke to the full result (every post searched)"] = (
            time.perf_counter() - start
        )
        figures["tmux: next keystroke"] = _timed(
            lambda: keys("y", literal=True), lambda s: "filter: py" in s
        )
        keys("Escape")
        wait_for(lambda s: f"{total} posts" in s and "filter" not in s)
        keys("/")
        time.sleep(0.3)
        # Eleven characters in one write, as a paste or a laggy link delivers them.
        figures["tmux: pasted 11-character query to its result"] = typed_to_result(
            "post number", "post number"
        )
        keys("Escape")
        wait_for(lambda s: f"{total} posts" in s and "filter" not in s)
        keys("/")
        time.sleep(0.1)
        keys("Enter")
        time.sleep(0.2)
        keys("t")
        time.sleep(0.2)
        figures["tmux: tag toggle to updated list"] = _timed(
            lambda: keys("space"), lambda s: "filter: tag:" in s
        )
        keys("x")
        wait_for(lambda s: "filter" not in s)
        keys("/")
        time.sleep(0.1)
        keys("Enter")  # focus back on the list
        time.sleep(0.2)
        target = content / "posts" / "zz-tmux-bench.md"
        figures["tmux: file written on disk to list"] = file_to_screen(target, "Written in tmux")
        big = content / "posts" / "zz-tmux-big.md"
        text = post_text(random.Random(3), 3, body_bytes=200_000)
        big.write_text(re.sub(r"(?m)^date: .*$", "date: 2100-01-01T00:00:00.000Z", text, count=1))
        opening = " ".join(text.split("\n---\n", 1)[1].split()[:2])
        wait_for(lambda s: "Post number 3 " in s)
        keys("End")
        time.sleep(0.5)
        figures["tmux: preview of a 200 KB post, first screen"] = _timed(
            lambda: keys("Home"), lambda s: "2100-01-01T00" in s and opening in s
        )
        target.unlink()
        big.unlink()
        wait_for(lambda s: f"{total} posts" in s)
    finally:
        for leftover in content.glob("posts/zz-tmux-*"):
            leftover.unlink()
        _tmux("kill-session", "-t", SESSION)
        shutil.rmtree(cache, ignore_errors=True)
    figures.update(bare_textual())
    return figures


def pane_rss_mb() -> float:
    """The resident memory of the process in the tmux pane (the app)."""
    pid = _tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}").strip()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bare_textual() -> dict[str, float]:
    """The same keystroke and paste in a bare Textual app (one Input, one label)."""
    _tmux("kill-session", "-t", SESSION)
    command = f"{sys.executable} {HERE / 'bare_app.py'}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "36", command], check=True
    )
    try:
        wait_for(lambda s: "ready" in s)
        figures = {
            "bare Textual app: keystroke to updated label": _timed(
                lambda: keys("p", literal=True), lambda s: "filter: p" in s
            ),
            "bare Textual app: next keystroke": _timed(
                lambda: keys("y", literal=True), lambda s: "filter: py" in s
            ),
        }
        keys("C-u")
        wait_for(lambda s: "filter:" in s and "filter: py" not in s)
        figures["bare Textual app: pasted 11-character text"] = _timed(
            lambda: keys("post number", literal=True), lambda s: "filter: post number" in s
        )
        figures["bare Textual app: RSS (MB)"] = pane_rss_mb()
        return figures
    finally:
        _tmux("kill-session", "-t", SESSION)


def typed_to_result(typed: str, query: str) -> float:
    """Seconds from `typed` sent in one write (a key, or a paste) to the whole result of the
    search box's `query`: its filter shown, nothing still searching."""
    return _timed(
        lambda: keys(typed, literal=True),
        lambda s: f"filter: {query}" in s and "searching" not in s,
    )


def file_to_screen(target: Path, title: str) -> float:
    """Seconds from a new post (dated 2099: listed first) written on disk to its title shown."""
    text = f"---\ntitle: {title}\ndate: 2099-01-01T00:00:00.000Z\n---\nx\n"
    return _timed(lambda: target.write_text(text), lambda s: title in s)


def _floor() -> float:
    start = time.perf_counter()
    for _ in range(10):
        screen()
    return (time.perf_counter() - start) / 10


def _timed(action: Callable[[], object], condition: Callable[[str], bool]) -> float:
    start = time.perf_counter()
    action()
    wait_for(condition)
    return time.perf_counter() - start


if __name__ == "__main__":
    print(json.dumps(probe(Path(sys.argv[1]))))
