"""Frontmatter in the shapes real files have, edited the way users edit it, checked exactly.

The generator writes each field's text itself, so the exact span a field occupies is known by
construction. A set or a delete of that field may change bytes inside that span only; a new key
may only insert lines; every result must read back with the intended change (the safety net's
proof) or be refused cleanly.
"""

from __future__ import annotations

import difflib
import string
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from blogtui.domain.formats.document import split
from blogtui.domain.ops.edit import DELETE, EditError, LoadedPost, edit_fields, verify
from tests.conftest import examples

WORD = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8)
TEXT = st.text(alphabet=string.ascii_letters + string.digits + " .,:-'#", min_size=1, max_size=20)
KEY = st.sampled_from(
    ["title", "date", "tags", "note", "params", "list", "x", "Title", "k2", "menu", "resources"]
)
ODD_KEYS = st.sampled_from(['"quoted key"', "'single key'", "key with spaces", "a.b", "2013"])
COMMENT = st.sampled_from(["", "  # note", " #x"])


@dataclass(frozen=True)
class Field:
    key: str
    """As the loader names it."""
    text: str
    """Its exact lines, each ending in a line break."""
    anchored: bool = False


def _plain(key: str, value: str, comment: str) -> str:
    return f"{key}: {value}{comment}\n"


@st.composite
def scalar_field(draw: st.DrawFn, key: str) -> str:
    kind = draw(st.sampled_from(["plain", "single", "double", "int", "bool", "date", "null"]))
    comment = draw(COMMENT)
    value = {
        "plain": draw(WORD) + " " + draw(WORD),
        "single": "'" + draw(TEXT).replace("'", "''") + "'",
        "double": '"' + draw(TEXT).replace('"', "") + '"',
        "int": str(draw(st.integers(-999, 999))),
        "bool": draw(st.sampled_from(["true", "false"])),
        "date": draw(
            st.sampled_from(["2017-01-04T15:04:10.000Z", "2020-01-01", "2019-05-06 10:00"])
        ),
        "null": draw(st.sampled_from(["~", "null"])),
    }[kind]
    return _plain(key, value, comment)


@st.composite
def block_scalar_field(draw: st.DrawFn, key: str) -> str:
    style = draw(st.sampled_from("|>"))
    chomp = draw(st.sampled_from(["", "-", "+"]))
    indicator = draw(st.sampled_from(["", "2"]))
    lines = draw(st.lists(TEXT.map(str.strip).filter(bool), min_size=1, max_size=3))
    body = "".join(f"  {line}\n" for line in lines)
    if draw(st.booleans()):
        body += "  \tindented with a tab\n"
    if chomp == "+":  # its trailing blank lines are its own (after `|` or `|-`, nobody's)
        body += "\n" * draw(st.integers(0, 2))
    return f"{key}: {style}{indicator}{chomp}\n{body}"


@st.composite
def list_field(draw: st.DrawFn, key: str) -> str:
    items = draw(st.lists(WORD, min_size=1, max_size=4))
    shape = draw(st.sampled_from(["indented", "indentless", "flow", "flow-quoted", "commented"]))
    if shape == "flow":
        return f"{key}: [{', '.join(items)}]\n"
    if shape == "flow-quoted":
        return f"{key}: [{', '.join(repr(i).replace(chr(39), chr(34)) for i in items)}]\n"
    dash = "- " if shape == "indentless" else "  - "
    text = f"{key}:\n"
    for number, item in enumerate(items):
        if shape == "commented" and number:
            text += "  # between items\n"
        text += f"{dash}{item}{'  # c' if shape == 'commented' else ''}\n"
    return text


@st.composite
def mapping_field(draw: st.DrawFn, key: str) -> str:
    shape = draw(st.sampled_from(["nested", "deep", "flow", "list-of-maps"]))
    if shape == "flow":
        return f"{key}: {{a: {draw(WORD)}, b: [{draw(WORD)}, {draw(WORD)}]}}\n"
    if shape == "list-of-maps":
        return f"{key}:\n  - name: {draw(WORD)}\n    src: {draw(WORD)}\n  - name: {draw(WORD)}\n"
    if shape == "deep":
        return f"{key}:\n  a:\n    # inside\n    b:\n      c: {draw(WORD)}\n  d: {draw(WORD)}\n"
    return f"{key}:\n  toc: {draw(st.sampled_from(['true', 'false']))}\n  # comment\n  n: 1\n"


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Field]]:
    keys = draw(st.lists(st.one_of(KEY, ODD_KEYS), min_size=1, max_size=6, unique=True))
    fields: list[Field] = []
    anchor_done = False
    for key in keys:
        maker = draw(st.sampled_from([scalar_field, block_scalar_field, list_field, mapping_field]))
        text = draw(maker(key))
        anchored = False
        if not anchor_done and maker is scalar_field and draw(st.booleans()):
            text = text.replace(": ", ": &shared ", 1)
            anchored = anchor_done = True
        name = key.strip("'\"") if key[0] in "'\"" else key
        fields.append(Field(name, text, anchored))
    if anchor_done and draw(st.booleans()):
        fields.append(Field("alias_of_shared", "alias_of_shared: *shared\n"))
    return "".join(f.text for f in fields), fields


def load(matter: str, bom: str = "") -> LoadedPost:
    from pathlib import Path

    from blogtui.domain.formats.document import parse_matter

    doc = split(f"{bom}---\n{matter}---\nbody\n")
    return LoadedPost(Path("generated.md"), doc.text.encode(), doc, parse_matter(doc))


def span_of(fields: list[Field], index: int) -> tuple[int, int]:
    start = sum(len(f.text) for f in fields[:index])
    return start, start + len(fields[index].text)


NEW_VALUES = st.one_of(
    TEXT, st.integers(-5, 5), st.booleans(), st.lists(WORD, min_size=1, max_size=3)
)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data(), st.sampled_from(["", "\ufeff"]))
@example(  # a keep-chomping scalar as the last field swallowed the closing fence
    ("description: |+\n  keep\n\n", [Field("description", "description: |+\n  keep\n\n")]),
    None,
    "",
)
def test_set_or_delete_changes_that_fields_span_only(
    document: tuple[str, list[Field]], data: st.DataObject | None, bom: str
) -> None:
    matter, fields = document
    post = load(matter, bom)
    indexes = [i for i, f in enumerate(fields) if f.key in post.metadata and not f.anchored]
    if data is None:  # the pinned example: add a key after it
        _check_insert(post, "newkey", 1)
        return
    index = data.draw(st.sampled_from(indexes)) if indexes else None
    if index is None:
        return
    field = fields[index]
    new = data.draw(st.one_of(st.just(DELETE), NEW_VALUES))
    start, end = span_of(fields, index)
    try:
        edit = edit_fields(post, {(field.key,): new})
        verify(post, edit)
    except EditError as exc:
        shared = field.key == "alias_of_shared" or "shared" in str(exc)
        assert shared, f"refused: {exc}"
        return
    result = edit.doc.matter
    assert result[:start] == matter[:start], "bytes before the field changed"
    assert result[len(result) - (len(matter) - end) :] == matter[end:], "bytes after it changed"
    if new is DELETE:
        assert result == matter[:start] + matter[end:]
    assert edit.doc.body == post.doc.body and edit.doc.bom == bom


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), NEW_VALUES)
def test_a_new_key_only_inserts_lines(document: tuple[str, list[Field]], value: Any) -> None:
    _check_insert(load(document[0]), "blogtui_new", value)


def _check_insert(post: LoadedPost, key: str, value: Any) -> None:
    edit = edit_fields(post, {(key,): value})
    verify(post, edit)
    old, new = post.doc.matter.splitlines(True), edit.doc.matter.splitlines(True)
    operations = [op for op in difflib.SequenceMatcher(a=old, b=new).get_opcodes()]
    assert [op[0] for op in operations if op[0] != "equal"] == ["insert"], operations


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_nested_paths_change_their_parents_span_only(
    document: tuple[str, list[Field]], data: st.DataObject
) -> None:
    matter, fields = document
    post = load(matter)
    nested = [
        i
        for i, f in enumerate(fields)
        if isinstance(post.metadata.get(f.key), dict) and not f.anchored
    ]
    if not nested:
        return
    index = data.draw(st.sampled_from(nested))
    field = fields[index]
    sub = data.draw(st.sampled_from([*post.metadata[field.key], "added"]))
    new = data.draw(st.one_of(st.just(DELETE), TEXT, st.integers(0, 9)))
    start, end = span_of(fields, index)
    edit = edit_fields(post, {(field.key, str(sub)): new})
    verify(post, edit)
    result = edit.doc.matter
    assert result[:start] == matter[:start]
    assert result[len(result) - (len(matter) - end) :] == matter[end:]
