"""Change sets: planned as a diff, applied file by file, undone byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blogtui.domain.ops import journal
from blogtui.domain.ops.bulk import plan_bulk
from blogtui.domain.ops.terms import plan_terms, replace_terms, similar
from tests.conftest import DATA

STYLES = DATA / "styles"


@pytest.fixture
def styles(tmp_path: Path) -> Path:
    shutil.copytree(STYLES, tmp_path / "site")
    return tmp_path / "site"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*.md"))
        if ".blogtui-journal" not in p.parts
    }


def test_rename_keeps_every_style_and_undo_restores_every_byte(styles: Path) -> None:
    before = snapshot(styles)
    changeset = plan_terms(styles, "tags", ["python"], "Python3")
    assert snapshot(styles) == before  # planning writes nothing
    statuses = {c.path: c.status for c in changeset.files}
    assert statuses == {
        "block.md": "changed",
        "both.md": "changed",
        "broken.md": "error",
        "crlf.md": "changed",
        "flow.md": "changed",
        "only.md": "changed",
        "quoted.md": "changed",
        "toml.md": "changed",
    }
    assert "--- a/flow.md\n+++ b/flow.md\n" in changeset.diff()
    journal.apply(changeset)
    after = snapshot(styles)
    assert after["flow.md"] == b'---\ntitle: Flow\ntags: [Python3, "static sites", go]\n---\nBody\n'
    assert (
        after["block.md"] == b"---\ntitle: Block\ntags:\n  - Python3 # the language\n  - Go\n---\n"
    )
    assert after["crlf.md"] == b"---\r\ntitle: CRLF\r\ntags: [Python3, rust]\r\n---\r\nx\r\n"
    assert after["toml.md"] == b'+++\ntitle = "Toml"\ntags = ["Python3", "toml"]\n+++\n'
    assert after["quoted.md"] == (
        b"---\ntitle: Quoted\ntags: ['Static Sites', 'static-sites', Python3]\n---\n"
    )
    # The target was already there: once, where the first of them was, never twice.
    assert after["both.md"] == b"---\ntitle: Both\ntags: [Python3, go]\n---\n"
    assert after["broken.md"] == before["broken.md"]
    entry = journal.find(styles)
    assert entry is not None and entry.id == changeset.id
    undone = journal.undo(styles, entry)
    assert undone.count("changed") == 7 and snapshot(styles) == before
    # Undoing the undo (by its id) redoes.
    assert undone.id is not None and journal.find(styles) is None
    redo = journal.find(styles, undone.id)
    assert redo is not None and redo.undoes == entry.id
    journal.undo(styles, redo)
    assert snapshot(styles) == after


def test_merge_and_delete(styles: Path) -> None:
    journal.apply(plan_terms(styles, "tags", ["static sites", "static-sites"], "jamstack"))
    assert (styles / "quoted.md").read_bytes() == (
        b"---\ntitle: Quoted\ntags: [jamstack, python]\n---\n"
    )
    journal.apply(plan_terms(styles, "tags", ["python"], None))
    assert (styles / "only.md").read_bytes() == b"---\ntitle: Only\ntags: []\n---\n"
    assert (styles / "block.md").read_bytes() == b"---\ntitle: Block\ntags:\n  - Go\n---\n"


def test_a_file_changed_after_the_plan_is_never_overwritten(styles: Path) -> None:
    changeset = plan_terms(styles, "tags", ["go"], "golang")
    edited = b"---\ntitle: Flow, edited meanwhile\ntags: [Python, go]\n---\nBody\n"
    (styles / "flow.md").write_bytes(edited)
    journal.apply(changeset)
    statuses = {c.path: c.status for c in changeset.files}
    assert statuses["flow.md"] == "conflict" and statuses["block.md"] == "changed"
    assert (styles / "flow.md").read_bytes() == edited


def test_undo_after_another_edit_sets_back_only_its_fields(styles: Path) -> None:
    changeset = journal.apply(plan_terms(styles, "tags", ["go"], "golang"))
    # Another program edits the title of one changed post, and the tags of another.
    flow = styles / "flow.md"
    flow.write_bytes(flow.read_bytes().replace(b"title: Flow", b"title: Flow 2"))
    block = styles / "block.md"
    block.write_bytes(block.read_bytes().replace(b"golang", b"golang-2"))
    entry = journal.find(styles, changeset.id)
    assert entry is not None
    undone = journal.undo(styles, entry)
    statuses = {c.path: c.status for c in undone.files}
    assert statuses == {"block.md": "skipped", "both.md": "changed", "flow.md": "changed"}
    assert flow.read_bytes() == (
        b'---\ntitle: Flow 2\ntags: [Python, "static sites", go]\n---\nBody\n'
    )
    assert b"golang-2" in block.read_bytes()


def test_an_interrupted_apply_is_rolled_back_by_undo(styles: Path) -> None:
    before = snapshot(styles)
    changeset = plan_terms(styles, "tags", ["go"], "golang")
    entry = journal.begin(changeset)  # the journal is written; then the process dies mid-way
    from blogtui.domain.ops.changeset import write_one

    write_one(changeset.changed[0])
    found = journal.find(styles)
    assert found is not None and found.interrupted and found.id == entry.id
    journal.undo(styles, found)
    assert snapshot(styles) == before


def test_the_journal_is_hidden_from_git_and_keeps_the_last_fifty(
    styles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "KEEP", 3)
    for number in range(5):
        journal.apply(plan_bulk(styles, ["only.md"], "set", "n", str(number)))
    assert len(journal.entries(styles)) == 3
    assert (styles / ".blogtui-journal" / ".gitignore").read_text().endswith("*\n")


def test_bulk_set_unset_add_remove_typed_per_post(styles: Path) -> None:
    paths = ["flow.md", "toml.md", "only.md"]
    journal.apply(plan_bulk(styles, paths, "set", "draft", "true"))
    assert b"draft: true\n" in (styles / "flow.md").read_bytes()
    assert b"draft = true\n" in (styles / "toml.md").read_bytes()
    journal.apply(plan_bulk(styles, paths, "add", "tags", "new"))
    assert b"tags: [python, new]" in (styles / "only.md").read_bytes()
    journal.apply(plan_bulk(styles, paths, "remove", "tags", "NEW"))
    assert b"tags: [python]\n" in (styles / "only.md").read_bytes()
    changeset = journal.apply(plan_bulk(styles, paths, "unset", "draft"))
    assert changeset.count("changed") == 3 and b"draft" not in (styles / "flow.md").read_bytes()
    bad = plan_bulk(styles, ["flow.md", "toml.md"], "set", "date", "soon")
    assert [f.status for f in bad.files] == ["error", "error"]
    assert "not a date" in (bad.files[0].reason or "")
    (styles / "flow.md").write_bytes(b"---\ndate: 2020-01-02\n---\n")
    dated = journal.apply(plan_bulk(styles, ["flow.md"], "set", "date", "2021-03-04T05:06:07Z"))
    assert dated.count("changed") == 1
    assert (styles / "flow.md").read_bytes() == b"---\ndate: 2021-03-04\n---\n"  # its format


def test_replace_terms_keeps_order_and_never_duplicates() -> None:
    assert replace_terms(["a", "Old", "b", "new", "old2"], ["old", "old2"], "new") == [
        "a",
        "new",
        "b",
    ]
    assert replace_terms(["new", "x", "old"], ["old"], "New") == ["new", "x"]
    assert replace_terms(["x", 2013], ["2013"], None) == ["x"]


def test_similar_terms_come_in_clusters() -> None:
    counts = [
        ("static sites", 9),
        ("Static-Sites", 2),
        ("static_sites", 1),
        ("release", 5),
        ("releases", 1),
        ("javascript", 4),
        ("javascrpt", 1),
        ("go", 3),
        ("gone", 1),
        ("café", 2),
        ("cafe", 1),
    ]
    found = {c.suggested: sorted(n for n, _ in c.terms) for c in similar(counts)}
    assert found == {
        "static sites": ["Static-Sites", "static sites", "static_sites"],
        "release": ["release", "releases"],
        "javascript": ["javascript", "javascrpt"],
        "café": ["cafe", "café"],
    }


def test_toml_arrays_keep_their_layout_and_quotes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    multi = '+++\ntitle = "M"\ntags = [\n  "go",  # the language\n  "web",\n]\n+++\n'
    literal = "+++\ntitle = 'L'\ntags = ['go', 'web']\n+++\n"
    (site / "multi.md").write_text(multi)
    (site / "literal.md").write_text(literal)
    journal.apply(plan_terms(site, "tags", ["go"], "golang"))
    assert (site / "multi.md").read_text() == multi.replace('"go"', '"golang"')
    assert (site / "literal.md").read_text() == literal.replace("'go'", "'golang'")
    journal.apply(plan_terms(site, "tags", ["web"], None))
    assert (site / "multi.md").read_text() == (
        '+++\ntitle = "M"\ntags = [\n  "golang",  # the language\n]\n+++\n'
    )


def test_conflict_blocks_are_found_and_resolved_one_by_one() -> None:
    from blogtui.domain.ops.merge import conflicts_in, resolve, unreadable

    text = (
        "---\n<<<<<<< ours\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> theirs\n"
        "date: 2020-01-01\n---\nBody\n<<<<<<< ours\nmine\n||||||| base\nold\n=======\n"
        "yours\n>>>>>>> theirs\n"
    )
    found = conflicts_in(text)
    assert [(c.ours, c.theirs) for c in found] == [
        ("title: Ours\n", "title: Theirs\n"),
        ("mine\n", "yours\n"),
    ]
    assert resolve(text, [found[0].theirs, found[1].ours]) == (
        "---\ntitle: Theirs\ndate: 2020-01-01\n---\nBody\nmine\n"
    )
    assert unreadable(resolve(text, ["title: [Mine\n", "x\n"])) is not None
    assert unreadable(resolve(text, ["title: Mine\n", "x\n"])) is None
