import os
import stat
from pathlib import Path

import pytest

from blogtui.domain.files.errors import ConflictError, WriteError
from blogtui.domain.ops.edit import (
    Edit,
    delete_field,
    edit_body,
    edit_fields,
    load_post,
    save,
    set_field,
)


def test_saving_an_unchanged_post_writes_nothing(tricky: Path) -> None:
    path = tricky / "comments.md"
    before = path.stat().st_mtime_ns
    post = load_post(path)
    assert save(post, Edit(post.doc)) is post
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "name", ["crlf.md", "bom.md", "comments.md", "toml.md", "no-trailing-newline.md"]
)
def test_title_edit_changes_exactly_one_line(tricky: Path, name: str) -> None:
    path = tricky / name
    original = path.read_bytes()
    post = load_post(path)
    save(post, edit_fields(post, {("title",): "Edited"}))
    new = path.read_bytes()
    old_lines, new_lines = original.splitlines(True), new.splitlines(True)
    assert len(old_lines) == len(new_lines)
    diff = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert len(diff) == 1 and b"Edited" in diff[0][1]
    assert new.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
    assert load_post(path).metadata["title"] == "Edited"


def test_date_is_written_like_the_files_dates(tricky: Path) -> None:
    post = load_post(tricky / "comments.md")
    doc = set_field(post.doc, post.metadata, ["date"], "2026-03-01")
    assert "date: 2026-03-01T00:00:00.000Z\n" in doc.text


def test_body_edit_keeps_frontmatter_bytes(tricky: Path) -> None:
    path = tricky / "crlf.md"
    original = path.read_bytes()
    post = load_post(path)
    save(post, edit_body(post, "New body\r\n"))
    assert path.read_bytes() == original.split(b"Body line")[0] + b"New body\r\n"


def test_no_frontmatter_gets_one(tricky: Path) -> None:
    path = tricky / "none.md"
    post = load_post(path)
    save(post, edit_fields(post, {("title",): "Now titled"}))
    assert path.read_text() == "---\ntitle: Now titled\n---\nJust a body, no frontmatter.\n"


def test_json_frontmatter_is_spliced_too(tricky: Path) -> None:
    post = load_post(tricky / "json.md")
    doc = set_field(post.doc, post.metadata, ["title"], "J2")
    assert doc.text == '{\n  "title": "J2",\n  "tags": ["j"]\n}\nJSON body\n'
    doc = set_field(post.doc, post.metadata, ["draft"], True)
    assert (
        doc.text == '{\n  "title": "JSON post",\n  "tags": ["j"],\n  "draft": true\n}\nJSON body\n'
    )
    doc = delete_field(post.doc, post.metadata, ["tags"])
    assert doc.text == '{\n  "title": "JSON post"\n}\nJSON body\n'
    doc = set_field(post.doc, post.metadata, ["params", "x"], 1)
    assert '"params": {"x": 1}' in doc.text


def test_conflict_when_the_file_changed_on_disk(tricky: Path) -> None:
    path = tricky / "comments.md"
    post = load_post(path)
    path.write_text(path.read_text() + "outside edit\n")
    outside = path.read_bytes()
    with pytest.raises(ConflictError, match="changed on disk"):
        save(post, edit_fields(post, {("title",): "mine"}))
    assert path.read_bytes() == outside


def test_conflict_when_the_file_was_removed(tricky: Path) -> None:
    path = tricky / "comments.md"
    post = load_post(path)
    path.unlink()
    with pytest.raises(ConflictError):
        save(post, edit_fields(post, {("title",): "mine"}))
    assert not path.exists()


def test_permissions_are_kept_and_symlinks_written_through(tricky: Path) -> None:
    target = tricky / "comments.md"
    os.chmod(target, 0o640)
    link = tricky / "link.md"
    link.symlink_to(target.name)
    post = load_post(link)
    save(post, edit_fields(post, {("title",): "via link"}))
    assert link.is_symlink()
    assert "via link" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not [p for p in tricky.iterdir() if p.name.endswith(".blogtui-tmp")]


def test_read_only_file_is_not_replaced(tricky: Path) -> None:
    path = tricky / "comments.md"
    original = path.read_bytes()
    post = load_post(path)
    os.chmod(path, 0o444)
    try:
        with pytest.raises(WriteError, match="read-only"):
            save(post, edit_fields(post, {("title",): "x"}))
    finally:
        os.chmod(path, 0o644)
    assert path.read_bytes() == original


def test_delete_field(tricky: Path) -> None:
    post = load_post(tricky / "toml.md")
    doc = delete_field(post.doc, post.metadata, ["draft"])
    assert "draft" not in doc.text and doc.body == post.doc.body
