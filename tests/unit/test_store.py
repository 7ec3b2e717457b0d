"""The persistent index: kept with the files, never trusted over them, never fatal."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from blogtui.domain.site import textindex
from blogtui.domain.site.generator import detect
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.query import filter_posts, parse_query
from blogtui.domain.site.store import SCHEMA, Store, store_path


def _posts(root: Path, count: int, word: str = "") -> None:
    (root / "posts").mkdir(parents=True, exist_ok=True)
    for number in range(count):
        body = f"Body of post {number}. {word if number % 7 == 0 else ''}\n"
        (root / "posts" / f"p{number:04}.md").write_text(
            f"---\ntitle: Post {number}\ntags: [t{number % 3}]\n---\n{body}"
        )


def _found(index: ContentIndex, text: str) -> set[str]:
    return {post.path for post in filter_posts(index.posts.values(), parse_query(text), index)}


def test_a_second_start_searches_bodies_from_the_index_alone(tmp_path: Path) -> None:
    _posts(tmp_path, 30, "zebrafish")
    first = ContentIndex.load(tmp_path, with_text=False)
    first.fill_details()
    assert first.store is not None and first.store.counts() == (30, 30)
    second = ContentIndex.load(tmp_path, with_text=False)
    assert all(post.search_text is None for post in second.posts.values())  # nothing in memory
    assert _found(second, "zebrafish") == {f"posts/p{n:04}.md" for n in range(0, 30, 7)}
    wanted = {f"posts/p{n:04}.md" for n in range(30) if n % 3 == 2 and n % 7}
    assert _found(second, "-zebrafish t2") == wanted
    assert _found(second, "of") == set(second.posts)  # a two-letter term: every body scanned


def test_a_changed_file_is_read_again_and_its_old_text_forgotten(tmp_path: Path) -> None:
    _posts(tmp_path, 10, "zebrafish")
    index = ContentIndex.load(tmp_path, with_text=False)
    index.fill_details()
    changed = tmp_path / "posts" / "p0000.md"
    changed.write_text("---\ntitle: Post 0\n---\nNow about okapis.\n")
    os.utime(changed, ns=(1, 1))  # a different stat, whatever the clock's grain
    index.refresh(["posts/p0000.md"])
    assert _found(index, "okapis") == {"posts/p0000.md"}
    assert "posts/p0000.md" not in _found(index, "zebrafish")
    (tmp_path / "posts" / "p0007.md").unlink()
    index.refresh(["posts/p0007.md"])
    assert _found(index, "zebrafish") == set()
    again = ContentIndex.load(tmp_path, with_text=False)
    assert _found(again, "okapis") == {"posts/p0000.md"} and len(again.posts) == 9


def test_a_file_changed_behind_the_index_is_never_answered_from_it(tmp_path: Path) -> None:
    _posts(tmp_path, 5, "zebrafish")
    ContentIndex.load(tmp_path, with_text=False).fill_details()
    stale = tmp_path / "posts" / "p0000.md"
    stale.write_text("---\ntitle: Post 0\n---\nNo fish here.\n")
    os.utime(stale, ns=(2, 2))
    index = ContentIndex.load(tmp_path, with_text=False)  # the row is read again; the text is old
    assert _found(index, "zebrafish") == set()
    index.fill_details()
    assert _found(index, "fish here") == {"posts/p0000.md"}


def test_quitting_mid_build_keeps_what_was_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textindex, "BATCH", 10)
    _posts(tmp_path, 35)
    index = ContentIndex.load(tmp_path, with_text=False)
    heard: list[tuple[int, int]] = []
    index.fill_details(lambda done, total: heard.append((done, total)), lambda: len(heard) >= 2)
    assert heard == [(10, 35), (20, 35)] and index.store is not None
    assert index.store.counts() == (35, 20)
    again = ContentIndex.load(tmp_path, with_text=False)
    again.fill_details(lambda done, total: heard.append((done, total)))
    assert heard[-1] == (15, 15) and again.store is not None and again.store.counts() == (35, 35)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other version", "other root"])
def test_a_damaged_or_foreign_index_is_set_aside_or_rebuilt(tmp_path: Path, damage: str) -> None:
    _posts(tmp_path, 12, "zebrafish")
    ContentIndex.load(tmp_path, with_text=False).fill_details()
    path = store_path(tmp_path)
    assert path is not None
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if damage == "garbage":
        path.write_bytes(b"\x00not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    else:
        key, value = ("schema", str(SCHEMA + 1)) if damage == "other version" else ("root", "/x")
        with sqlite3.connect(path) as db:
            db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
            if damage == "other version":  # whose tables are not even the same shape
                db.execute("DROP INDEX posts_by_date")
                db.execute("ALTER TABLE posts DROP COLUMN sort_date")
    index = ContentIndex.load(tmp_path, with_text=False)
    index.fill_details()
    assert len(index.posts) == 12 and _found(index, "zebrafish") == {
        f"posts/p{n:04}.md" for n in (0, 7)
    }
    if damage in ("garbage", "truncated"):
        assert index.notes and "set aside" in index.notes[0]
        assert list(path.parent.glob(path.name + ".broken-*"))


def test_a_cache_folder_that_cannot_be_written_keeps_the_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() == 0:
        locked = tmp_path / "file-not-folder"
        locked.write_text("")  # root writes anywhere: a file where the folder should be
        monkeypatch.setenv("BLOGTUI_CACHE_DIR", str(locked / "cache"))
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        monkeypatch.setenv("BLOGTUI_CACHE_DIR", str(locked))
    site = tmp_path / "site"
    _posts(site, 8, "zebrafish")
    index = ContentIndex.load(site, with_text=False)
    index.fill_details()
    assert index.store is None
    assert _found(index, "zebrafish") == {"posts/p0000.md", "posts/p0007.md"}


def test_two_writers_at_once_never_see_a_locked_database(tmp_path: Path) -> None:
    _posts(tmp_path, 60)
    conventions = detect(tmp_path).signature
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            index = ContentIndex.load(tmp_path, with_text=False)
            for round_ in range(15):
                path = tmp_path / "posts" / f"p{(offset + round_ * 4) % 60:04}.md"
                path.write_text(f"---\ntitle: W{offset} {round_}\n---\nword{offset}x{round_}\n")
                index.refresh([path.relative_to(tmp_path).as_posix()])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = Store.open(tmp_path, conventions)
    assert store is not None
    index = ContentIndex.load(tmp_path, with_text=False)
    index.fill_details()
    for path, post in index.posts.items():  # every row and text is the file's latest
        text = (tmp_path / path).read_text()
        if "word" in text:
            word = text.rsplit("\n", 2)[-2]
            assert path in _found(index, word), (path, word)
            assert post.title == text.split("title: ", 1)[1].split("\n", 1)[0]


def test_a_link_out_of_the_folder_never_brings_its_text_in(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Secret\n---\nconfidential sauce\n")
    site = tmp_path / "site"
    _posts(site, 3)
    (site / ".git").mkdir()
    (site / "posts" / "leak.md").symlink_to(outside)
    index = ContentIndex.load(site, with_text=False)
    index.fill_details()
    assert _found(index, "confidential") == set()
    store = index.store
    assert store is not None
    with sqlite3.connect(store.path) as db:
        assert not db.execute("SELECT 1 FROM texts WHERE text LIKE '%confidential%'").fetchall()


def test_a_warm_start_shows_the_newest_before_it_scans(tmp_path: Path) -> None:
    from blogtui.domain.site.loading import begin_load

    for number in range(12):
        (tmp_path / f"p{number:02}.md").write_text(
            f"---\ntitle: Post {number}\ndate: 2024-01-{number + 1:02}\n---\nbody\n"
        )
    ContentIndex.load(tmp_path, with_text=False)
    loading = begin_load(tmp_path, workers=1, with_text=False, first_page_from=10)
    assert loading.reading is None and loading.total == 12  # nothing scanned yet
    assert [post.title for post in loading.first_page][:3] == ["Post 11", "Post 10", "Post 9"]
    (tmp_path / "p11.md").write_text("---\ntitle: Changed\ndate: 2024-01-12\n---\nbody\n")
    index = loading.finish()
    assert len(index.posts) == 12 and index.posts["p11.md"].title == "Changed"  # the disk wins
    small = begin_load(tmp_path, workers=1, with_text=False, first_page_from=100)
    assert small.reading is not None and not small.first_page


def test_a_short_word_is_looked_for_in_bodies_at_every_size(tmp_path: Path) -> None:
    _posts(tmp_path, 10)
    (tmp_path / "posts" / "p0003.md").write_text("---\ntitle: Three\n---\nqz in the body\n")
    index = ContentIndex.load(tmp_path, with_text=False)
    index.fill_details()
    assert index.matching("qz") == ({"posts/p0003.md"}, True)  # scanned: no trigram
    assert _found(index, "qz") == {"posts/p0003.md"}
    assert _found(index, "thr") == {"posts/p0003.md"}


def test_a_word_every_listing_holds_never_asks_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.domain.site import browse as browse_module
    from blogtui.domain.site.browse import Browse

    _posts(tmp_path, 12, "qz")
    index = ContentIndex.load(tmp_path, with_text=False)
    index.fill_details()
    monkeypatch.setattr(browse_module, "LOOKUP_APART_FROM", 1)
    monkeypatch.setattr(browse_module, "SEARCH_IN_STEPS_FROM", 1)
    assert index.store is not None
    asked: list[str] = []
    real = index.store.matching

    def matching(word: str, budget: float | None = None) -> set[str]:
        asked.append(word)
        return real(word, budget)

    monkeypatch.setattr(index.store, "matching", matching)
    browse = Browse()
    for text in ("p", "posts", "p posts"):  # in every path: at 100,000 posts, a 3 s scan
        browse.text = text
        search = browse.search(index)
        assert search.lookups() == [] and not search.in_steps
        assert len(search.all()) == 12
    assert asked == []
    browse.text = "qz"  # in some bodies only: asked
    assert {p.path for p in browse.search(index).all()} == _found(index, "qz")
    assert asked == ["qz"]


WRITER = """
import sys
from pathlib import Path
from blogtui.domain.site.index import ContentIndex
root, offset = Path(sys.argv[1]), int(sys.argv[2])
index = ContentIndex.load(root, with_text=False)
index.fill_details()
for round_ in range(12):
    path = root / "posts" / f"p{(offset + round_ * 3) % 36:04}.md"
    path.write_text(f"---\\ntitle: P{offset} {round_}\\n---\\nword{offset}x{round_}\\n")
    index.refresh([path.relative_to(root).as_posix()])
"""


def test_three_processes_at_once_share_the_index_without_a_lock_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    _posts(tmp_path, 36)
    ContentIndex.load(tmp_path, with_text=False).fill_details()
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], errors
    index = ContentIndex.load(tmp_path, with_text=False)
    index.fill_details()
    for path in index.posts:  # the index answers as every file is now
        text = (tmp_path / path).read_text()
        if "word" in text:
            assert path in _found(index, text.rsplit("\n", 2)[-2]), path


BUILDER = """
import sys
from pathlib import Path
from blogtui.domain.site import textindex
from blogtui.domain.site.index import ContentIndex
textindex.BATCH = 5
index = ContentIndex.load(Path(sys.argv[1]), with_text=False)
index.fill_details(lambda done, total: print(done, flush=True))
"""


@pytest.mark.serial
def test_a_build_killed_mid_way_leaves_an_index_that_answers_truly(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    _posts(tmp_path, 120, "zebrafish")
    run = subprocess.Popen(
        [sys.executable, "-c", BUILDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert run.stdout is not None
    while int(run.stdout.readline() or 120) < 40:  # some batches in, then killed mid-way
        pass
    run.send_signal(signal.SIGKILL)
    run.wait()
    index = ContentIndex.load(tmp_path, with_text=False)
    assert index.store is not None and not index.notes  # nothing to set aside: WAL kept it whole
    posts, texted = index.store.counts()
    assert posts == 120 and 40 <= texted <= 120
    index.fill_details()
    assert _found(index, "zebrafish") == {f"posts/p{n:04}.md" for n in range(0, 120, 7)}


def test_the_command_line_says_in_one_line_that_a_damaged_index_was_set_aside(
    tmp_path: Path,
) -> None:
    from tests.cli.test_cli import run

    _posts(tmp_path, 5, "zebrafish")
    assert run("list", str(tmp_path), "--search", "zebrafish").returncode == 0
    path = store_path(tmp_path)
    assert path is not None
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"not a database")
    damaged = run("list", str(tmp_path), "--search", "zebrafish")
    assert damaged.returncode == 0 and damaged.stdout.count("\n") == 1
    said = damaged.stderr.splitlines()
    assert len(said) == 1 and "set aside" in said[0] and said[0].startswith("blogtui: warning:")
    again = run("list", str(tmp_path), "--search", "zebrafish")
    assert again.stderr == "" and again.stdout == damaged.stdout


def test_a_lookup_over_its_budget_stops_and_is_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.domain.site import lookups

    monkeypatch.setattr(lookups, "CHECK_EVERY", 1)
    _posts(tmp_path, 40, "zebrafish")
    index = ContentIndex.load(tmp_path, with_text=False)
    index.fill_details()
    assert index.store is not None and index.store.complete()
    assert not index.looked_up("zebrafish")
    assert not index.look_up("zebrafish", budget=-1.0)  # stopped at once: not an answer
    assert index.store is not None  # an interrupted lookup is no failure of the index
    assert not index.looked_up("zebrafish")
    assert index.look_up("zebrafish", budget=5.0) and index.looked_up("zebrafish")
    assert index.matching("zebrafish") == ({f"posts/p{n:04}.md" for n in range(0, 40, 7)}, True)


def test_the_index_knows_at_once_whether_every_text_is_in(tmp_path: Path) -> None:
    _posts(tmp_path, 5)
    index = ContentIndex.load(tmp_path, with_text=False)
    store = index.store
    assert store is not None
    index.fill_details()
    assert store.complete() and store.counts() == (5, 5)
    changed = tmp_path / "posts" / "p0001.md"
    changed.write_text("---\ntitle: New\n---\nokapi\n")
    os.utime(changed, ns=(2, 2))
    store.put_rows([index.read_updates(["posts/p0001.md"])["posts/p0001.md"]])
    assert store.complete() and _found(index, "okapi") == {"posts/p0001.md"}  # read with its text
    store.put_rows([], [])
    with store._writing() as db:  # a row whose text is stale, as after a crash mid-write
        db.execute("UPDATE posts SET text_size = -1 WHERE path = 'posts/p0002.md'")
    assert not store.complete() and store.counts() == (5, 4)


def test_a_load_writes_back_exactly_what_changed_since_the_last(tmp_path: Path) -> None:
    from blogtui.domain.site.index import scan

    _posts(tmp_path, 12)
    ContentIndex.load(tmp_path, with_text=False)
    (tmp_path / "posts" / "p0003.md").unlink()
    changed = tmp_path / "posts" / "p0004.md"
    changed.write_text("---\ntitle: Changed\n---\n")
    os.utime(changed, ns=(3, 3))
    (tmp_path / "posts" / "new.md").write_text("---\ntitle: New\n---\n")
    index = ContentIndex.load(tmp_path, with_text=False)
    assert index.store is not None
    assert index.store.stats() == scan(tmp_path)  # no row of a gone file, every row current
    again = ContentIndex.load(tmp_path, with_text=False)
    assert again.posts["posts/p0004.md"].title == "Changed" and "posts/p0003.md" not in again.posts


def test_the_full_text_index_merges_sixteen_segments_at_a_time(tmp_path: Path) -> None:
    _posts(tmp_path, 2)
    store = Store.open(tmp_path, detect(tmp_path).signature)
    assert store is not None
    config = dict(store._reader().execute("SELECT k, v FROM fts_config").fetchall())
    assert (config["automerge"], config["crisismerge"]) == (16, 64)
    again = Store.open(tmp_path, detect(tmp_path).signature)  # set once, kept
    assert again is not None and again.count() == 0
