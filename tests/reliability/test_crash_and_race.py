"""Crashes and concurrent writers: a save is all or nothing, and no edit is ever lost."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from blogtui.domain.ops.edit import edit_fields, load_post, save
from blogtui.domain.site.index import ContentIndex
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import race

pytestmark = pytest.mark.serial

BODY = "Lorem ipsum dolor sit amet.\n" * 40_000  # ~1 MB: a write takes long enough to be hit
KILLS = 200


def version(title: str) -> bytes:
    return f"---\ntitle: {title}\n---\n{BODY}".encode()


def _save_forever(path: Path) -> None:  # pragma: no cover - runs in the killed child
    number = 0
    while True:
        number += 1
        post = load_post(path)
        save(post, edit_fields(post, {("title",): f"v{number}"}))


def test_kill_9_during_saves_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(version("v0"))
    chance = random.Random(8)
    for _ in range(KILLS):
        pid = os.fork()
        if pid == 0:  # pragma: no cover
            try:
                _save_forever(path)
            finally:
                os._exit(1)
        time.sleep(chance.uniform(0.001, 0.03))  # the kill lands at a random moment of a save
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        data = path.read_bytes()
        title = data.split(b"\n", 2)[1].decode().removeprefix("title: ")
        assert data == version(title), "a save was torn by the kill"
    # Killed saves leave temp files behind: never listed as posts.
    assert list(ContentIndex.load(tmp_path, use_cache=False).posts) == ["post.md"]


@pytest.mark.parametrize(
    ("mode", "rounds", "size_mb"),
    [("fork", 100, 0.0), ("fork", 10, 4.0), ("cli", 10, 0.0)],
)
def test_two_writers_at_once_lose_nothing(
    tmp_path: Path, mode: str, rounds: int, size_mb: float
) -> None:
    outcome = race.run(rounds, size_mb, mode, tmp_path)
    assert (outcome.rounds, outcome.lost, outcome.failed) == (rounds, 0, 0)
