"""A full disk: every write fails cleanly, the original stays, and nothing is left behind."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_cli import run

POST = "---\ntitle: On a full disk\ntags: [a]\n---\n" + "body text\n" * 2000


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; run the suite as root (CI does)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        (mount / "post.md").write_text(POST)
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
        os.close(fd)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_writes_on_a_full_disk_fail_cleanly(full_disk: Path) -> None:
    before = sorted(p.name for p in full_disk.iterdir())
    post = full_disk / "post.md"
    result = run("set", str(post), "title", "x" * 5000)
    assert result.returncode == 2 and "no space left on device" in result.stderr
    assert result.stderr.count("\n") == 1 and "Errno" not in result.stderr
    assert post.read_text() == POST
    result = run("new", str(full_disk), "--title", "Cannot fit")
    assert result.returncode == 2 and "no space left on device" in result.stderr
    assert sorted(p.name for p in full_disk.iterdir()) == before  # no temp file, no empty post
