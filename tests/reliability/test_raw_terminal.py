"""What the real app writes to a real terminal (a pty): no escape sequence from a file name,
a title, a body or a commit message ever reaches it raw, whatever screen shows them."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import git, init_repo

pytestmark = pytest.mark.serial

NAME = f"n{chr(27)}]2;FN{chr(7)}.md"
INJECTED = (b"\x1b]2;FN", b"\x1b]2;TITLE", b"\x1b]2;BODY", b"\x1b[2J")


def _read(fd: int, seconds: float) -> bytes:
    out = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_apps_raw_output_holds_no_injected_sequence(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / NAME).write_bytes(
        b'---\ntitle: "Hi \\e]2;TITLE\\a"\ntags: [x]\n---\nBody \x1b]2;BODY\x07 \x1b[2J\n'
    )
    init_repo(site)
    (site / NAME).write_bytes((site / NAME).read_bytes() + b"more\n")  # changed: C offers it
    git(site, "config", "user.name", "A")
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes the app
        os.environ.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execv(sys.executable, [sys.executable, "-m", "blogtui", str(site)])
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        out = _read(fd, 6.0)  # started, the post highlighted and previewed
        for keys, wait in ((b"\x07", 1.5), (b"\x1b", 0.8), (b"C", 1.5), (b"\x1b", 0.8)):
            os.write(fd, keys)  # Ctrl+G jump (names and paths), Escape, C commit, Escape
            out += _read(fd, wait)
        os.write(fd, b"q")
        out += _read(fd, 3.0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"TITLE" in out and b"BODY" in out  # the app did draw the post
    for sequence in INJECTED:
        assert sequence not in out, sequence
