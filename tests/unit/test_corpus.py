"""Every real post of ../shared/corpus: no-op saves are identical, a title edit is one line."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from blogtui.domain.document import FrontmatterError
from blogtui.domain.edit import Edit, EditError, edit_fields, load_post, save
from blogtui.domain.fsio import ConflictError
from blogtui.domain.index import ContentIndex, scan
from tests.conftest import CORPUS

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, target)
    for path in [target, *target.rglob("*")]:  # shared/ is read-only; the copy must not be
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def _posts() -> list[str]:
    return sorted(scan(CORPUS)) if CORPUS.is_dir() else []


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
