"""Every real post of the corpus: no-op saves are identical, a title edit is one line."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from blogtui.domain.files.errors import ConflictError, PostReadError
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.ops.edit import DELETE, Edit, EditError, edit_fields, load_post, save, verify
from blogtui.domain.site.index import ContentIndex, scan
from tests.conftest import CORPUS
from tests.exactness import changed_only_inside, top_level_spans


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def _posts() -> list[str]:
    return sorted(scan(CORPUS))


def test_the_corpus_is_all_there() -> None:
    assert len(_posts()) >= 170


@pytest.mark.parametrize("rel", _posts())
def test_round_trip(corpus: Path, rel: str) -> None:
    path = corpus / rel
    original = path.read_bytes()
    try:
        post = load_post(path)
    except FrontmatterError:
        # Unparseable: reported by the index and never written.
        index_row = ContentIndex.load(path.parent).posts[path.name]
        assert index_row.error
        return
    assert save(post, Edit(post.doc)) is post and path.read_bytes() == original
    title = post.metadata.get("title")
    if title is not None and not isinstance(title, str):
        return
    try:
        save(post, edit_fields(post, {("title",): "Edited by blogtui: ✓"}))
    except EditError as exc:
        pytest.fail(f"{rel}: title cannot be set: {exc}")
    new = path.read_bytes()
    old_lines, new_lines = original.splitlines(True), new.splitlines(True)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if post.doc.kind == "none":
        assert new.endswith(original) and new.count(b"\n") == original.count(b"\n") + 3
    elif title is None:
        assert (
            len(changes) == 1 and changes[0][0] == "insert" and changes[0][4] - changes[0][3] == 1
        )
    elif "\n" not in title and len(title) < 200:
        removed = old_lines[changes[0][1] : changes[0][2]]
        assert len(changes) == 1, changes
        assert all(b"title" in line or line.startswith(b" ") for line in removed)
    assert load_post(path).metadata["title"] == "Edited by blogtui: ✓"
    # Saving again from the stale load is a conflict, never an overwrite.
    with pytest.raises(ConflictError):
        save(post, edit_fields(post, {("title",): "stale"}))


def _new_value(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [*value, "added by blogtui"]
    if isinstance(value, (dict, list)):
        return None  # nested values: covered by the property tests
    return "Edited by blogtui: ✓"


@pytest.mark.parametrize("rel", _posts())
def test_every_top_level_key_set_and_deleted_exactly(rel: str) -> None:
    try:
        post = load_post(CORPUS / rel)
    except (FrontmatterError, PostReadError):
        return  # unparseable: listed with its error, never written (see test_round_trip)
    if post.doc.kind not in ("yaml", "toml"):
        return
    matter = post.doc.matter.replace("\r\n", "\n")
    spans = top_level_spans(post.doc.replace(matter=matter), list(post.metadata))
    for key, span in spans.items():
        if post.doc.kind == "toml" and "\r\n" in post.doc.matter:
            continue
        value = _new_value(post.metadata[key])
        checked = [(DELETE, f"delete {key}")]
        if value is not None:
            checked.append((value, f"set {key}"))
        for new, what in checked:
            try:
                edit = edit_fields(post, {(key,): new})
                verify(post, edit)
            except EditError as exc:
                pytest.fail(f"{rel}: {what} refused: {exc}")
            new_matter = edit.doc.matter.replace("\r\n", "\n")
            assert changed_only_inside(matter, new_matter, span), f"{rel}: {what}"
            if new is DELETE:
                start, end = span
                assert new_matter == matter[:start] + matter[end:], f"{rel}: {what}"
