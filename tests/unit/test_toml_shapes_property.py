"""TOML frontmatter in the shapes Hugo sites have, edited the way users edit it, checked exactly.

Dates of every TOML kind, inline tables, arrays (one line and multi-line with a trailing comma),
multi-line basic and literal strings, comments, and tables and arrays of tables after the
top-level keys. A top-level field's lines are known by construction: a set or a delete may
change those bytes only, and every result must read back with the intended change.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogtui.domain.formats.document import parse_matter, split
from blogtui.domain.ops.edit import DELETE, EditError, LoadedPost, edit_fields, verify
from tests.conftest import examples

WORD = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8)
KEYS = st.sampled_from(["title", "date", "tags", "draft", "weight", "summary", "toc", "lastmod"])


@dataclass(frozen=True)
class Line:
    key: str
    text: str


@st.composite
def field(draw: st.DrawFn, key: str) -> str:
    kind = draw(
        st.sampled_from(
            [
                "basic", "literal", "int", "bool", "datetime", "date", "local", "time",
                "array", "array-multi", "inline", "ml-basic", "ml-literal",
            ]
        )
    )  # fmt: skip
    comment = draw(st.sampled_from(["", "  # note"]))
    word = draw(WORD)
    value = {
        "basic": f'"{word} and {draw(WORD)}"',
        "literal": f"'{word}'",
        "int": str(draw(st.integers(-99, 99))),
        "bool": draw(st.sampled_from(["true", "false"])),
        "datetime": draw(st.sampled_from(["2019-05-06T10:00:00Z", "2019-05-06T10:00:00+02:00"])),
        "date": "2019-05-06",
        "local": "2019-05-06T10:00:00",
        "time": "10:30:00",
        "array": "[" + ", ".join(f'"{w}"' for w in draw(st.lists(WORD, max_size=3))) + "]",
        "array-multi": "[\n"
        + "".join(f'  "{w}",\n' for w in draw(st.lists(WORD, min_size=1, max_size=3)))
        + "]",
        "inline": f'{{ enable = true, name = "{word}" }}',
        "ml-basic": f'"""\n{word}\nsecond line"""',
        "ml-literal": f"'''\n{word}\nraw \\ line'''",
    }[kind]
    return f"{key} = {value}{comment}\n"


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Line]]:
    keys = draw(st.lists(KEYS, min_size=1, max_size=5, unique=True))
    lines = [Line(key, draw(field(key))) for key in keys]
    tables = '\n[[resources]]\nname = "a"\n[[resources]]\nname = "b"\n'
    tail = draw(st.sampled_from(["", "\n[params]\nmath = true\n", tables]))
    return "".join(line.text for line in lines) + tail, lines


def load(matter: str) -> LoadedPost:
    doc = split(f"+++\n{matter}+++\nbody\n")
    return LoadedPost(Path("generated.md"), doc.text.encode(), doc, parse_matter(doc))


NEW_VALUES = st.one_of(
    WORD,
    st.integers(-5, 5),
    st.booleans(),
    st.lists(WORD, min_size=1, max_size=3),
    st.sampled_from(["2021-01-02", "2021-01-02T03:04:05Z"]),
)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_toml_set_or_delete_changes_that_fields_lines_only(
    document: tuple[str, list[Line]], data: st.DataObject
) -> None:
    matter, lines = document
    post = load(matter)
    index = data.draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    new: Any = data.draw(st.one_of(st.just(DELETE), NEW_VALUES))
    start = sum(len(item.text) for item in lines[:index])
    end = start + len(line.text)
    try:
        edit = edit_fields(post, {(line.key,): new})
        verify(post, edit)
    except EditError as exc:
        raise AssertionError(f"refused: {exc}") from None
    result = edit.doc.matter
    assert result[:start] == matter[:start], "bytes before the field changed"
    assert result[len(result) - (len(matter) - end) :] == matter[end:], "bytes after it changed"
    if new is DELETE:
        assert result == matter[:start] + matter[end:]


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), NEW_VALUES)
def test_a_new_toml_key_goes_before_the_tables_and_deletes_back(
    document: tuple[str, list[Line]], value: Any
) -> None:
    matter, _ = document
    post = load(matter)
    edit = edit_fields(post, {("blogtui_new",): value})
    verify(post, edit)
    added = load(edit.doc.matter)
    assert added.metadata["blogtui_new"] is not None
    back = edit_fields(added, {("blogtui_new",): DELETE})
    verify(added, back)
    assert back.doc.matter == matter
