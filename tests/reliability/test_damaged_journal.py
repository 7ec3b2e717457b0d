"""The journal restores only what it can prove, and is data, never instructions.

Damaged originals, unreadable or crafted manifests, interrupted undos and publishes, a journal
that cannot be written: each ends in one clear line or a proved state, and never in a post
holding bytes nobody can vouch for.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogtui.domain.ops import journal
from blogtui.domain.ops.bulk import plan_bulk
from blogtui.domain.ops.changeset import ChangeSet, write_one
from blogtui.domain.ops.manifest import Entry, JournalError
from blogtui.domain.ops.publishing import plan_publish
from tests.cli.test_cli import run

POSTS = {f"p{n}.md": f"---\ntitle: Post {n}\ntags: [a]\n---\nBody {n}\n" for n in range(5)}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    for name, text in POSTS.items():
        (folder / name).write_text(text)
    return folder


def posts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.glob("*.md"))}


def bulk_title(folder: Path, value: str = "Changed") -> ChangeSet:
    return plan_bulk(folder, sorted(POSTS), "set", "title", value)


def applied(folder: Path) -> Entry:
    changeset = journal.apply(bulk_title(folder))
    entry = journal.find(folder, changeset.id)
    assert entry is not None
    return entry


@pytest.mark.parametrize("damage", ["truncate", "random", "missing"])
def test_damaged_originals_refuse_the_whole_undo(site: Path, damage: str) -> None:
    entry = applied(site)
    changed = posts(site)
    blob = entry.folder / "originals.bin"
    size = blob.stat().st_size
    if damage == "truncate":
        with open(blob, "r+b") as handle:
            handle.truncate(size // 2)
    elif damage == "random":
        blob.write_bytes(os.urandom(size))
    else:
        blob.unlink()
    result = run("undo", str(site))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and entry.id in result.stderr
    assert "nothing was changed" in result.stderr
    assert posts(site) == changed  # not one byte of the posts moved
    with pytest.raises(JournalError):
        journal.plan_undo(site, entry)


def test_a_manifest_that_does_not_parse_is_listed_damaged_and_never_skipped(site: Path) -> None:
    older = applied(site)
    newer = journal.apply(plan_bulk(site, sorted(POSTS), "add", "tags", "b"))
    assert newer.id is not None
    (site / journal.JOURNAL / newer.id / "manifest.json").write_text("{not json")
    listed = json.loads(run("undo", str(site), "--list", "--json").stdout)
    assert [(e["id"], e["state"]) for e in listed] == [(newer.id, "damaged"), (older.id, "applied")]
    assert "not valid JSON" in listed[0]["problem"]
    text = run("undo", str(site), "--list").stdout
    assert "damaged" in text and "not valid JSON" in text
    now = posts(site)
    result = run("undo", str(site))
    assert result.returncode == 2 and newer.id in result.stderr and "damaged" in result.stderr
    assert posts(site) == now  # the older change set was not undone behind the user's back
    assert run("undo", str(site), older.id).returncode == 0  # by its id, on purpose: fine
    assert all("Changed" not in text and "[a, b]" in text for text in posts(site).values())


@pytest.mark.parametrize(
    "field, value",
    [
        ("path", "../outside.md"),
        ("path", "/etc/passwd"),
        ("moved_to", "../outside.md"),
        ("path", "sub/../../outside.md"),
        ("offset", -1),
        ("before", "not a checksum"),
    ],
)
def test_a_crafted_manifest_is_refused_whole(site: Path, field: str, value: object) -> None:
    entry = applied(site)
    manifest = entry.folder / "manifest.json"
    data = json.loads(manifest.read_text())
    data["files"][0][field] = value
    manifest.write_text(json.dumps(data))
    (site.parent / "outside.md").write_text("outside\n")
    changed = posts(site)
    result = run("undo", str(site), entry.id)
    assert result.returncode == 2 and "damaged" in result.stderr, result.stderr
    assert posts(site) == changed
    assert (site.parent / "outside.md").read_text() == "outside\n"
    assert sorted(p.name for p in site.parent.iterdir()) == ["outside.md", "site"]


def test_a_crafted_path_through_a_linked_folder_is_refused(site: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (site / "sub").symlink_to(tmp_path / "elsewhere")
    entry = applied(site)
    data = json.loads((entry.folder / "manifest.json").read_text())
    data["files"][0]["moved_to"] = "sub/p0.md"
    (entry.folder / "manifest.json").write_text(json.dumps(data))
    assert journal.find(site, entry.id).damaged  # type: ignore[union-attr]
    assert run("undo", str(site), entry.id).returncode == 2
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_an_interrupted_undo_rolls_forward(site: Path) -> None:
    originals = posts(site)
    change = applied(site)
    plan = journal.plan_undo(site, change)
    journal.begin(plan, undoes=change.id)
    for file in plan.changed[:2]:  # killed after two of five files
        write_one(file)
    assert journal.find(site).interrupted  # type: ignore[union-attr]  # offered first
    listed = run("list", str(site))
    assert "interrupted" in listed.stderr
    result = run("undo", str(site))
    assert result.returncode == 0, result.stderr
    assert "rolled forward" in result.stderr
    assert posts(site) == originals  # the undo finished: every post as before the change
    states = {e.id: e.state for e in journal.entries(site)}
    assert states[change.id] == "undone" and list(states.values()).count("applied") == 1
    assert not journal.interrupted(site)


def test_an_interrupted_undo_whose_bytes_are_not_kept_rolls_back(site: Path) -> None:
    change = applied(site)
    changed = posts(site)
    plan = journal.plan_undo(site, change)
    journal.begin(plan, undoes=change.id)
    write_one(plan.changed[0])
    shutil.rmtree(change.folder)  # the undone change set's originals are gone
    result = run("undo", str(site))
    assert result.returncode == 0 and "rolled back" in result.stderr
    assert posts(site) == changed  # back to the proved state before the undo began


def test_a_publish_killed_before_its_post_write_is_dropped(tmp_path: Path) -> None:
    site = tmp_path / "jekyll"
    (site / "_drafts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: x\n")
    draft = site / "_drafts" / "hello.md"
    draft.write_text("---\ntitle: Hello\n---\nHi\n")
    import datetime as dt

    plan = plan_publish(site, "_drafts/hello.md", dt.datetime(2026, 12, 6, 9, 0))
    assert plan.changed
    journal.begin(plan)  # killed here: journalled, nothing written
    assert journal.interrupted(site)
    result = run("undo", str(site))
    assert result.returncode == 0 and "rolled back" in result.stderr
    assert draft.read_text() == "---\ntitle: Hello\n---\nHi\n"
    assert not journal.interrupted(site) and not journal.entries(site)


def test_a_publish_killed_after_its_write_before_its_move_rolls_forward(tmp_path: Path) -> None:
    site = tmp_path / "jekyll"
    (site / "_drafts").mkdir(parents=True)
    (site / "_posts").mkdir()
    (site / "_config.yml").write_text("title: x\n")
    draft = site / "_drafts" / "hello.md"
    draft.write_text("---\ntitle: Hello\n---\nHi\n")
    import datetime as dt

    plan = plan_publish(site, "_drafts/hello.md", dt.datetime(2026, 12, 6, 9, 0))
    journal.begin(plan)
    file = plan.changed[0]
    file.move_to = None  # the post was written, the kill came before the move
    write_one(file)
    assert draft.read_text() != "---\ntitle: Hello\n---\nHi\n"
    written = draft.read_bytes()
    result = run("undo", str(site))
    assert result.returncode == 0 and "rolled forward" in result.stderr
    assert not draft.exists()  # the journal proves the new bytes: the publish finishes
    assert [p.read_bytes() for p in (site / "_posts").iterdir()] == [written]
    assert run("undo", str(site)).returncode == 0  # and undoes as any publish
    assert draft.read_text() == "---\ntitle: Hello\n---\nHi\n"


def test_an_ordinary_change_written_whole_but_not_recorded_rolls_forward(site: Path) -> None:
    plan = bulk_title(site)
    entry = journal.begin(plan)
    for file in plan.changed:
        write_one(file)
    changed = posts(site)
    result = run("undo", str(site))
    assert result.returncode == 0 and "rolled forward" in result.stderr
    assert posts(site) == changed
    assert journal.find(site, entry.id).state == "applied"  # type: ignore[union-attr]
    assert run("undo", str(site)).returncode == 0  # and now it undoes as any other
    assert posts(site) == POSTS


def test_a_partly_written_change_rolls_back(site: Path) -> None:
    plan = bulk_title(site)
    journal.begin(plan)
    for file in plan.changed[:3]:
        write_one(file)
    (site / "p4.md").write_text("---\ntitle: Someone else\n---\n")  # changed by another
    result = run("undo", str(site))
    assert "rolled back" in result.stderr
    assert result.returncode == 1  # p4 left as it is, and said
    expected = dict(POSTS, **{"p4.md": "---\ntitle: Someone else\n---\n"})
    assert posts(site) == expected


def test_a_journal_that_is_a_file_or_unwritable_is_one_line(site: Path) -> None:
    (site / journal.JOURNAL).write_text("not a folder")
    result = run("bulk", str(site), "--set", "title", "X")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "is a file" in result.stderr and posts(site) == POSTS
    (site / journal.JOURNAL).unlink()
    entry = applied(site)
    changed = posts(site)
    with unwritable(entry.folder):
        result = run("undo", str(site))
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "cannot be written" in result.stderr and posts(site) == changed
    with unwritable(site / journal.JOURNAL):
        result = run("bulk", str(site), "--set", "title", "Y")
    assert result.returncode == 2 and "cannot write the journal" in result.stderr
    assert posts(site) == changed


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """A folder nobody can write in: immutable for root (who ignores modes), else 0o555."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i does not work here: {done.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        return
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)
