"""Each promise pinned by a test that fails when the promise breaks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from blogtui.domain.ops.edit import edit_fields, load_post, save
from blogtui.domain.site import loading as index_module
from blogtui.domain.site import parsers
from blogtui.domain.site.index import ContentIndex, scan
from blogtui.domain.site.parsers import start_reading
from tests.conftest import CORPUS


@pytest.mark.parametrize(
    ("line", "expected"),
    [('title: "Hello"', 'title: "Bye"'), ("title: 'Hello'", "title: 'Bye'")],
)
def test_quote_styles_are_kept(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "q.md"
    path.write_text(f"---\n{line}\n---\n")
    post = load_post(path)
    save(post, edit_fields(post, {("title",): "Bye"}))
    assert path.read_text() == f"---\n{expected}\n---\n"


def test_json_frontmatter_is_saved_to_disk(tmp_path: Path) -> None:
    path = tmp_path / "j.md"
    path.write_text('{\n  "title": "J",\n  "tags": ["a"]\n}\nbody\n')
    post = load_post(path)
    save(post, edit_fields(post, {("title",): "Saved"}))
    assert path.read_text() == '{\n  "title": "Saved",\n  "tags": ["a"]\n}\nbody\n'
    assert load_post(path).metadata == {"title": "Saved", "tags": ["a"]}


def test_the_cache_notices_a_same_size_rewrite_with_a_new_mtime(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: Old\n---\n")
    assert ContentIndex.load(tmp_path).posts["p.md"].title == "Old"
    before = path.stat()
    path.write_text("---\ntitle: New\n---\n")  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert path.stat().st_size == before.st_size
    assert ContentIndex.load(tmp_path).posts["p.md"].title == "New"


def test_the_parallel_loader_reads_every_post_like_the_serial_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stats = scan(CORPUS)
    serial = {post.path: post for post in start_reading(CORPUS, stats, workers=1).finish()}
    monkeypatch.setattr(parsers, "PARALLEL_FROM", 1)
    parallel = {post.path: post for post in start_reading(CORPUS, stats, workers=3).finish()}
    assert len(serial) == len(stats) >= 170
    assert sorted(parallel) == sorted(serial)
    for path, post in serial.items():
        assert parallel[path] == post, path
        assert parallel[path].search_text == post.search_text, path


FORTY = sorted(f"Post {number}" for number in range(40))


def _forty_posts(folder: Path) -> None:
    for number in range(40):
        (folder / f"p{number:02d}.md").write_text(f"---\ntitle: Post {number}\n---\n")


def test_the_parallel_loader_is_the_default_for_many_posts_and_bypasses_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forty_posts(tmp_path)
    others: list[int] = []  # posts handed to other processes, whichever way is safe here
    real_fork, real_spawn = parsers._fork_parser, parsers._read_spawned

    def forking(root: Path, share: list[tuple[str, int, int]], with_text: bool) -> Any:
        others.append(len(share))
        return real_fork(root, share, with_text)

    def spawning(root: Path, shares: list[list[tuple[str, int, int]]], with_text: bool) -> Any:
        others.append(sum(len(share) for share in shares[1:]))
        return real_spawn(root, shares, with_text)

    monkeypatch.setattr(parsers, "_fork_parser", forking)
    monkeypatch.setattr(parsers, "_read_spawned", spawning)
    monkeypatch.setattr(parsers, "PARALLEL_FROM", 10)
    loaded = ContentIndex.load(tmp_path, workers=2, use_cache=False)
    assert others == [20]  # half to the other process, none from a cache
    assert sorted(post.title or "" for post in loaded.posts.values()) == FORTY


@pytest.fixture
def forking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Forty posts, parsed in parallel by forked processes."""
    _forty_posts(tmp_path)
    monkeypatch.setattr(parsers, "PARALLEL_FROM", 10)
    monkeypatch.setattr(parsers, "fork_is_safe", lambda: True)
    return tmp_path


def reading(loading: index_module.Loading) -> parsers.Reading:
    """The parsers a load began with (every load but a deferred warm start begins them)."""
    assert loading.reading is not None
    return loading.reading


def test_a_parser_that_fails_only_means_its_share_is_parsed_here(
    forking: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(root: Path, share: list[tuple[str, int, int]], with_text: bool) -> Any:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child process
            os._exit(3)
        read_end, write_end = os.pipe()
        os.close(write_end)
        return pid, read_end

    monkeypatch.setattr(parsers, "_fork_parser", failing)
    loading = index_module.begin_load(forking, workers=3, with_text=False, use_cache=False)
    assert len(reading(loading).children) == 2
    loaded = loading.finish()
    assert sorted(post.title or "" for post in loaded.posts.values()) == FORTY


def test_a_busy_process_hands_every_share_to_forked_parsers(forking: Path) -> None:
    loading = index_module.begin_load(forking, workers=2, with_text=False, busy=True)
    assert reading(loading).items == [] and len(reading(loading).children) == 2
    loaded = loading.finish()
    assert sorted(p.title or "" for p in loaded.posts.values()) == FORTY


def test_forked_parsers_read_hostile_posts_as_one_process_does(
    forking: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("---\ntitle: Secret\n---\n")
    (forking / "out.md").symlink_to(outside)
    os.mkfifo(forking / "pipe.md")
    (forking / "latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    (forking / "broken.md").write_text("---\ntitle: [oops\n---\n")
    (forking / "escapes.md").write_text('---\ntitle: "\\e[31mred\\e[0m / a/b"\n---\n')
    (forking / "far.md").write_text("---\ntitle: Far\ndate: 2024-01-01T23:30:00+14:00\n---\n")
    serial = ContentIndex.load(forking, workers=1, with_text=False, use_cache=False).posts
    loading = index_module.begin_load(forking, workers=2, with_text=False, busy=True)
    assert len(reading(loading).children) == 2
    forked = loading.finish(save=False).posts
    assert forked == serial and len(forked) == 45  # the FIFO is never a post
    assert forked["out.md"].error and forked["latin1.md"].error and forked["broken.md"].error
    assert forked["far.md"].date == "2024-01-01T23:30:00+14:00"


def test_forked_parsers_send_their_posts_in_batches_as_they_go(
    forking: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsers, "FRAME", 7)
    heard: list[int] = []
    loading = index_module.begin_load(forking, workers=2, with_text=False, busy=True)
    loaded = loading.finish(save=False, progress=lambda posts: heard.append(len(posts)))
    assert sorted(post.title or "" for post in loaded.posts.values()) == FORTY
    assert sum(heard) == 40 and max(heard) <= 7 and len(heard) >= 6  # 20 each: 7 + 7 + 6


def test_a_forked_parser_sends_a_small_first_frame(
    forking: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsers, "FIRST_FRAME", 3)  # the first screen, before the rest parse
    heard: list[int] = []
    loading = index_module.begin_load(forking, workers=2, with_text=False, busy=True)
    loading.finish(save=False, progress=lambda posts: heard.append(len(posts)))
    assert sorted(heard) == [3, 3, 17, 17]  # 20 each: 3, then the rest in one frame


def test_a_cancelled_load_stops_its_parsers_and_parses_nothing_more_here(
    forking: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed_here: list[int] = []
    real = parsers._read_chunk

    def counting(root: Path, items: list[tuple[str, int, int]], with_text: bool) -> Any:
        parsed_here.append(len(items))
        return real(root, items, with_text)

    loading = index_module.begin_load(forking, workers=2, with_text=False, busy=True)
    monkeypatch.setattr(parsers, "_read_chunk", counting)  # after the fork: ours only
    pids = [pid for pid, _, _ in reading(loading).children]
    reading(loading).cancel()
    posts = reading(loading).finish()
    assert len(posts) <= 40 and sum(parsed_here) == 0  # what was sent, nothing parsed here
    for pid in pids:  # every parser reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_folder_scanned_apart_is_parsed_by_forks_started_after(forking: Path) -> None:
    loading = index_module.begin_load(
        forking, workers=2, with_text=False, busy=True, scan_apart=True
    )
    # What the app does meanwhile: another thread scans; the parsers fork once it is gone.
    loading.start_parsers()
    assert loading.reading is not None and len(loading.reading.children) == 2
    loaded = loading.finish(save=False)
    assert sorted(post.title or "" for post in loaded.posts.values()) == FORTY


def test_a_scan_that_fails_in_its_thread_is_done_again_where_it_can_be_told(
    forking: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.domain.site import loading as loading_module

    real_scan = loading_module.scan
    calls: list[int] = []

    def flaky_scan(root: Path, temps: list[str] | None = None) -> dict[str, tuple[int, int]]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the folder went away for a moment")
        return real_scan(root, temps)

    monkeypatch.setattr(loading_module, "scan", flaky_scan)
    loading = index_module.begin_load(
        forking, workers=2, with_text=False, busy=True, scan_apart=True
    )
    loading.start_parsers()
    loaded = loading.finish(save=False)
    assert len(calls) == 2
    assert sorted(post.title or "" for post in loaded.posts.values()) == FORTY
