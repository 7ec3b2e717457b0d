"""`blogtui serve` in a real browser: headless Chromium (Debian's `chromium`) driven by
Playwright types keys into the served app; the new post lands on disk, the screen stream shows
its form, and a screenshot is kept. Skipped with its reason only where Chromium is not
installed; under CI that fails instead."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CONTENT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.serial  # a browser and a server: one at a time, beside the rest


def _browser_or_skip() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    site = tmp_path / "content"
    shutil.copytree(CONTENT, site)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "blogtui", "serve", str(site), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "BLOGTUI_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("blogtui serve did not start")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/", site
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_keys_typed_in_the_browser_create_a_post(served: tuple[str, Path], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    executable = _browser_or_skip()
    url, site = served
    screen: list[str] = []  # what the app sent to the browser's terminal, as text

    def received(payload: str | bytes) -> None:
        screen.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)

    def shows(text: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while text not in "".join(screen):
            assert time.monotonic() < deadline, f"the page never showed {text!r}"
            page.wait_for_timeout(50)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 700})
        page.on("websocket", lambda ws: ws.on("framereceived", received))
        page.goto(url)
        shows("12 posts")
        page.click("#terminal")  # the terminal takes the keys once it has the focus
        page.keyboard.press("n")
        shows("Title of the post")
        page.keyboard.type("Hello from the browser 多言語")
        page.keyboard.press("Enter")
        shows("Edit fields")
        made = list(site.rglob("*hello-from-the-browser*.md"))
        assert len(made) == 1 and "title: Hello from the browser 多言語" in made[0].read_text()
        shot = tmp_path / "served.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        browser.close()


def test_a_websocket_from_another_site_is_refused(served: tuple[str, Path]) -> None:
    import asyncio

    import aiohttp

    url, _ = served
    socket_url = url.replace("http", "ws") + "ws?width=80&height=24"

    async def attempt(origin: str) -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(socket_url, headers={"Origin": origin}):
                    return 101
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status

    assert asyncio.run(attempt("http://evil.example")) == 403
    assert asyncio.run(attempt(url.rstrip("/"))) == 101
