"""Every edit proves itself: the new text is re-read and must carry exactly the intended change.

Also the splice shapes that used to write damaged posts (keep-chomping block scalars, complex
keys, flow-mapping frontmatter), duplicate keys, values shared through anchors, and valid YAML
that only PyYAML's pure loader reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from blogtui.domain.formats import yamledit
from blogtui.domain.formats.document import parse_matter, split
from blogtui.domain.ops.edit import (
    DELETE,
    Edit,
    EditError,
    SharedValueError,
    edit_body,
    edit_fields,
    load_post,
    save,
)


def post_file(tmp_path: Path, text: str, name: str = "post.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def apply(path: Path, changes: dict[tuple[str, ...], Any], shared: str | None = None) -> str:
    post = load_post(path)
    save(post, edit_fields(post, changes, shared))
    return path.read_text(encoding="utf-8")


def test_a_splice_that_touches_another_field_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = post_file(tmp_path, "---\ntitle: A\ndate: 2020-01-01\n---\nbody\n")
    before = path.read_bytes()
    real = yamledit.set_value

    def sloppy(matter: str, key_path: list[str], value: Any, shared: str | None = None) -> str:
        return real(matter, key_path, value, shared).replace("2020-01-01", "2020-01-02")

    monkeypatch.setattr(yamledit, "set_value", sloppy)
    post = load_post(path)
    with pytest.raises(EditError, match=r"change date to '2020-01-02'"):
        save(post, edit_fields(post, {("title",): "B"}))
    assert path.read_bytes() == before


def test_a_splice_that_breaks_the_fences_is_refused(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\ntitle: A\n---\nbody\n")
    post = load_post(path)
    broken = post.doc.replace(matter="title: A\n---\nleak: 1\n")
    with pytest.raises(EditError):
        save(post, Edit(broken, {("leak",): 1}))
    assert path.read_text() == "---\ntitle: A\n---\nbody\n"


def test_a_value_that_does_not_read_back_as_intended_is_refused(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\ntitle: A\n---\nbody\n")
    post = load_post(path)
    claimed = post.doc.replace(matter="title: 1\n")
    with pytest.raises(EditError, match="change title to 1"):
        save(post, Edit(claimed, {("title",): True}))  # 1 is not True: types are strict


def test_the_body_must_stay_unless_edited(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\ntitle: A\n---\nbody\n")
    post = load_post(path)
    with pytest.raises(EditError, match="body"):
        save(post, Edit(post.doc.replace(body="other\n"), {}))
    save(post, edit_body(post, "other\n"))
    assert path.read_text() == "---\ntitle: A\n---\nother\n"


@pytest.mark.parametrize("chomp", ["|+", ">+"])
def test_new_key_after_a_keep_chomping_scalar_keeps_its_value(tmp_path: Path, chomp: str) -> None:
    text = f"---\ntitle: a\ndescription: {chomp}\n  keep\n\n---\nbody\n"
    path = post_file(tmp_path, text)
    new = apply(path, {("newkey",): 1})
    assert new == f"---\ntitle: a\ndescription: {chomp}\n  keep\n\nnewkey: 1\n---\nbody\n"
    assert load_post(path).metadata["description"] == "keep\n\n"
    assert apply(path, {("newkey",): DELETE}) == text


def test_editing_a_keep_chomping_scalar_never_swallows_the_next_field(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\nnote: |+\n  keep\n\ndate: 2020-01-01\n---\nbody\n")
    apply(path, {("note",): "changed"})
    assert load_post(path).metadata == {"note": "changed", "date": "2020-01-01"}
    apply(path, {("note",): "two\n\n"})
    assert load_post(path).metadata == {"note": "two\n\n", "date": "2020-01-01"}


def test_complex_keys_get_a_top_level_sibling(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\n? a\n? b\nc:\n---\nbody\n")
    assert apply(path, {("newkey",): 1}) == "---\n? a\n? b\nc:\nnewkey: 1\n---\nbody\n"
    assert load_post(path).metadata == {"a": None, "b": None, "c": None, "newkey": 1}


def test_flow_mapping_frontmatter_add_then_delete_gives_every_byte_back(tmp_path: Path) -> None:
    text = "---\n{ a: 1,\n b: 2\n}\n---\nbody\n"
    path = post_file(tmp_path, text)
    assert apply(path, {("newkey",): 1}) == "---\n{ a: 1,\n b: 2, newkey: 1\n}\n---\nbody\n"
    assert apply(path, {("newkey",): DELETE}) == text


def test_duplicate_keys_edit_the_one_in_effect(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\ntitle: one\ntitle: two\n---\nbody\n")
    assert apply(path, {("title",): "three"}) == "---\ntitle: one\ntitle: three\n---\nbody\n"
    assert load_post(path).metadata["title"] == "three"
    with pytest.raises(EditError, match=r"more than once \(frontmatter lines 1 and 2\)"):
        apply(path, {("title",): DELETE})
    assert yamledit.duplicate_keys("title: a\nx:\n  y: 1\n  y: 2\ntitle: b\n") == [
        ("title", [1, 5]),
        ("x.y", [3, 4]),
    ]


def test_a_shared_value_asks_which_meaning(tmp_path: Path) -> None:
    text = "---\na: &x v\nb: *x\n---\nbody\n"
    path = post_file(tmp_path, text)
    with pytest.raises(SharedValueError, match=r"a shares its value \(&x\) with b"):
        apply(path, {("a",): "w"})
    assert path.read_text() == text
    assert apply(path, {("a",): "w"}, shared="all") == "---\na: &x w\nb: *x\n---\nbody\n"
    assert load_post(path).metadata == {"a": "w", "b": "w"}
    path.write_text(text)
    assert apply(path, {("a",): "w"}, shared="this") == "---\na: w\nb: &x v\n---\nbody\n"
    assert load_post(path).metadata == {"a": "w", "b": "v"}


def test_an_alias_edited_on_its_own_is_just_a_value(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\na: &x v\nb: *x\n---\nbody\n")
    assert apply(path, {("b",): "own"}) == "---\na: &x v\nb: own\n---\nbody\n"


@pytest.mark.parametrize(
    ("matter", "expected"),
    [
        ("foo: |-\n \tbar\n", {"foo": "\tbar"}),
        ("{omitted value:, a: 1}\n", {"omitted value": None, "a": 1}),
    ],
)
def test_valid_yaml_that_libyaml_refuses_is_read(matter: str, expected: dict[str, Any]) -> None:
    assert parse_matter(split(f"---\n{matter}---\nbody\n")) == expected


def test_a_nul_in_the_frontmatter_names_its_line() -> None:
    with pytest.raises(ValueError, match=r"line 3: character U\+0000 is not allowed"):
        parse_matter(split("---\na: 1\nb: \x00\n---\n"))


def test_parents_that_are_not_mappings_are_refused_in_one_line(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\ntitle: A\ntags: [x]\n---\nbody\n")
    for key in (("tags", "0"), ("title", "x")):
        with pytest.raises(EditError, match="not a mapping of fields"):
            apply(path, {key: "v"})


@pytest.mark.parametrize(
    "matter",
    [
        "foo: |\n  x\n   \n",  # a whitespace line deeper than the indentation is content (L24T)
        "&a a: &b b\n*b : *a\n",  # the last key is an alias (E76Z)
        '{\nunquoted : "separate",\nhttp://foo.com,\nomitted value:,\n}\n',  # trailing comma
        "foo: |2\n   x\n  \n",  # an explicit indentation indicator
    ],
)
def test_add_then_delete_round_trips_found_by_the_yaml_suite(tmp_path: Path, matter: str) -> None:
    text = f"---\n{matter}---\nbody\n"
    path = post_file(tmp_path, text)
    before = load_post(path).metadata
    apply(path, {("added",): 1})
    assert load_post(path).metadata == {**before, "added": 1}
    assert apply(path, {("added",): DELETE}) == text


def test_deleting_a_keep_chomping_scalar_keeps_the_next_key(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\ntags: |+\n  0\nnote: |\n  0\n---\nbody\n")
    assert apply(path, {("tags",): DELETE}) == "---\nnote: |\n  0\n---\nbody\n"


def test_a_value_set_inside_a_flow_mapping_is_quoted_where_flows_need_it(tmp_path: Path) -> None:
    path = post_file(tmp_path, "---\ntitle: {a: 0, b: [0, 0]}\n---\nbody\n")
    assert apply(path, {("title", "a"): "0,"}) == "---\ntitle: {a: '0,', b: [0, 0]}\n---\nbody\n"
