"""The YAML test suite's valid cases as frontmatter: read like the loader, edited exactly.

Every valid case whose document is one mapping (and holds no `---`/`...` line, which would
close the fence) becomes a post. What we read must equal what PyYAML's loader reads; adding a
field then deleting it must give back every byte; adding a field must keep every other value;
editing one field must change that field alone or be refused cleanly (nothing written).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from blogtui.domain.formats.document import parse_matter, split
from blogtui.domain.formats.yamlio import PureLoader
from blogtui.domain.ops.edit import DELETE, EditError, edit_fields, load_post, save
from tests.yaml_suite import Case, SuiteMissing, cases

_MARKER = re.compile(r"^(?:---|\.\.\.)(?:\s|$)|^%", re.M)
_BARE_START = re.compile(r"\A(?:%[^\n]*\n|#[^\n]*\n|\s*\n)*---[ \t]*(?:#[^\n]*)?\n")


def as_matter(case: Case) -> str | None:
    """The case as frontmatter text: a bare leading `---` (and directives) dropped, a final line
    break added (a fence follows); None when other document markers remain."""
    text = _BARE_START.sub("", case.yaml, count=1)
    if _MARKER.search(text):
        return None
    return text if text.endswith("\n") or not text else text + "\n"


def _reference(text: str) -> dict[str, Any] | None:
    """What the loader reads, when the text is one mapping usable as frontmatter."""
    try:
        documents = list(yaml.load_all(text, Loader=PureLoader))
    except (yaml.YAMLError, TypeError, ValueError, RecursionError):
        return None
    if len(documents) != 1 or not isinstance(documents[0], dict):
        return None
    data = documents[0]
    keys = {str(key) for key in data}
    if len(keys) != len(data) or any(isinstance(k, (list, dict, tuple)) for k in data):
        return None
    return {str(key): value for key, value in data.items()}


def _mapping_cases() -> list[Case]:
    try:
        every = cases()
    except SuiteMissing as exc:
        if os.environ.get("CI"):
            raise  # CI must run these: a missing suite fails, never skips
        pytest.skip(f"YAML test suite unavailable: {exc}", allow_module_level=True)
    return [
        case
        for case in every
        if case.valid and (matter := as_matter(case)) is not None and _reference(matter) is not None
    ]


MAPPINGS = _mapping_cases()
NEW_KEY = "blogtui_added"


def post_of(tmp_path: Path, case: Case) -> Path:
    path = tmp_path / f"{case.id}.md"
    path.write_bytes(f"---\n{as_matter(case)}---\nbody\n".encode())
    return path


def test_the_suite_has_enough_mapping_cases() -> None:
    assert len(MAPPINGS) >= 80  # 90 in 0.1.0; a broken download or filter would empty it


@pytest.mark.parametrize("case", MAPPINGS, ids=lambda case: case.id)
def test_reads_like_the_loader(case: Case) -> None:
    matter = as_matter(case)
    assert matter is not None
    assert parse_matter(split(f"---\n{matter}---\nbody\n")) == _reference(matter)


@pytest.mark.parametrize("case", MAPPINGS, ids=lambda case: case.id)
def test_add_keeps_every_value_and_delete_gives_every_byte_back(tmp_path: Path, case: Case) -> None:
    path = post_of(tmp_path, case)
    original = path.read_bytes()
    before = load_post(path).metadata
    post = load_post(path)
    save(post, edit_fields(post, {(NEW_KEY,): 1}))
    assert load_post(path).metadata == {**before, NEW_KEY: 1}
    post = load_post(path)
    save(post, edit_fields(post, {(NEW_KEY,): DELETE}))
    assert path.read_bytes() == original


@pytest.mark.parametrize("case", MAPPINGS, ids=lambda case: case.id)
def test_a_one_field_edit_changes_that_field_alone_or_is_refused(
    tmp_path: Path, case: Case
) -> None:
    path = post_of(tmp_path, case)
    for key in load_post(path).metadata:
        original = path.read_bytes()
        post = load_post(path)
        try:
            save(post, edit_fields(post, {(key,): "edited by blogtui"}, shared="all"))
        except EditError:
            assert path.read_bytes() == original  # refused: nothing written
            continue
        after = load_post(path).metadata
        old = post.metadata[key]
        # A `|` or `>` block whose text ends with one line break keeps it (and its indicator).
        kept_break = isinstance(old, str) and old.endswith("\n") and not old.endswith("\n\n")
        assert after[key] == "edited by blogtui" + ("\n" if kept_break else "") or (
            kept_break and after[key] == "edited by blogtui"  # a quoted "…\n" is replaced whole
        )
        others = {k: v for k, v in post.metadata.items() if k != key}
        assert {k: v for k, v in after.items() if k != key} == others or any(
            v == "edited by blogtui"
            for k, v in after.items()
            if k != key  # shared via anchor
        )
        path.write_bytes(original)
