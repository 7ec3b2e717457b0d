"""A full disk: every write fails cleanly, the original stays, and nothing is left behind."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_cli import run

pytestmark = pytest.mark.serial

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
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def fill(mount: Path) -> None:
    fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
    with contextlib.suppress(OSError):
        while True:
            os.write(fd, b"\0" * 4096)
    os.close(fd)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): b"" if p.is_dir() or p.name == "filler" else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def test_writes_on_a_full_disk_fail_cleanly(full_disk: Path) -> None:
    fill(full_disk)
    before = sorted(p.name for p in full_disk.iterdir())
    post = full_disk / "post.md"
    result = run("set", str(post), "title", "x" * 5000)
    assert result.returncode == 2 and "no space left on device" in result.stderr
    assert result.stderr.count("\n") == 1 and "Errno" not in result.stderr
    assert post.read_text() == POST
    result = run("new", str(full_disk), "--title", "Cannot fit")
    assert result.returncode == 2 and "no space left on device" in result.stderr
    assert sorted(p.name for p in full_disk.iterdir()) == before  # no temp file, no empty post


def test_changes_to_many_posts_on_a_full_disk_say_so_and_leave_no_journal(full_disk: Path) -> None:
    (full_disk / "draft.md").write_text("---\ntitle: Draft\ndraft: true\ntags: [a]\n---\n")
    fill(full_disk)
    before = tree(full_disk)
    for command in (
        ("bulk", str(full_disk), "--set", "title", "x" * 3000),
        ("tags", str(full_disk), "--rename", "a", "b" * 3000),
        ("publish", str(full_disk / "draft.md")),
    ):
        result = run(*command)
        assert result.returncode == 2, (command, result.stderr)
        assert "no space left on device" in result.stderr and "internal" not in result.stderr
        assert result.stderr.count("\n") == 1
        assert tree(full_disk) == before  # no journal folder, no temp file, posts untouched


def test_undo_on_a_full_disk_says_so_and_changes_nothing(full_disk: Path) -> None:
    assert run("bulk", str(full_disk), "--set", "title", "Short").returncode == 0
    fill(full_disk)
    before = tree(full_disk)
    result = run("undo", str(full_disk))
    assert result.returncode == 2 and "no space left on device" in result.stderr
    assert result.stderr.count("\n") == 1
    assert tree(full_disk) == before
