"""Random frontmatter, random single-field edits: bytes the edit did not touch never change."""

from __future__ import annotations

import string
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogtui.domain.formats.dates import restyle
from blogtui.domain.formats.document import Document, parse_matter, split
from blogtui.domain.ops.edit import delete_field, set_field

KEYS = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=10).filter(
    lambda key: isinstance(yaml.safe_load(key), str)  # `no:` or `null:` keys: see test_yaml_edit
)
WORDS = st.text(
    alphabet=st.characters(
        whitelist_categories=("L", "N", "P", "Zs"), blacklist_characters="\x85\u2028\u2029"
    ),
    max_size=30,
)
SCALARS = st.one_of(
    WORDS,
    st.integers(-10_000, 10_000),
    st.booleans(),
    st.none(),
    st.sampled_from(["2017-01-04T15:04:10.000Z", "2020-01-01", "yes", "~", "a: b", "# x", "'q'"]),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(WORDS.filter(lambda w: w.strip() == w and w), max_size=4),
    st.dictionaries(KEYS, SCALARS, max_size=3),
)


def _yaml_line(key: str, value: Any, style: int) -> str:
    """One field written the way people write them: several styles per type."""
    if isinstance(value, list) and value:
        if style % 2:
            flow = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
            return f"{key}: {flow.strip()}  # flow\n"
        items = "".join(
            f"  - {yaml.safe_dump(v, allow_unicode=True, width=10**6).splitlines()[0]}\n"
            for v in value
        )
        return f"{key}:\n{items}"
    if isinstance(value, dict) and value:
        inner = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10**6)
        return f"{key}:\n" + "".join(f"  {line}\n" for line in inner.splitlines())
    dumped = yaml.safe_dump(
        value, allow_unicode=True, width=10**6, default_style="'" if style == 2 else None
    )
    first = dumped.splitlines()[0]
    comment = "   # note" if style == 3 else ""
    return f"{key}: {first}{comment}\n"


@st.composite
def posts(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    fields = draw(st.dictionaries(KEYS, VALUES, min_size=1, max_size=6))
    lines = []
    for key, value in fields.items():
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["\n", "# a comment line\n"])))
        lines.append(_yaml_line(key, value, draw(st.integers(0, 3))))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = draw(st.sampled_from(["", "Body\n", "Body\n---\nmore", "no newline"]))
    text = "---\n" + "".join(lines) + "---\n" + body
    return text.replace("\n", newline), fields


def _unchanged_outside(old: str, new: str, touched: list[str]) -> None:
    import difflib

    matcher = difflib.SequenceMatcher(
        a=old.splitlines(True), b=new.splitlines(True), autojunk=False
    )
    for op, a1, a2, _, _ in matcher.get_opcodes():
        if op in ("replace", "delete"):
            for line in old.splitlines(True)[a1:a2]:
                assert any(t.lower() in line.lower() for t in touched) or line.startswith(" "), (
                    line,
                    touched,
                )


def _pick_field(text: str, data: st.DataObject) -> tuple[Document, dict[str, Any], str]:
    doc = split(text)
    metadata = parse_matter(doc)
    return doc, metadata, data.draw(st.sampled_from(sorted(metadata)))


def _others(metadata: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in metadata.items() if k != key}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(posts(), st.data())
def test_random_single_field_edits_touch_nothing_else(
    post: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    text, _ = post
    doc, metadata, key = _pick_field(text, data)
    value = data.draw(VALUES)
    new_doc = set_field(doc, metadata, [key], value)
    new_meta = parse_matter(new_doc)
    # The edited field has the new value; every other field is equal; the body is the same.
    # A date set on a field that holds a date is written in that field's format.
    old = metadata[key]
    expected = restyle(value, old) if isinstance(value, str) and isinstance(old, str) else value
    assert new_meta[key] == expected or (
        isinstance(expected, str) and expected.strip() == "" and new_meta[key] in ("", None)
    )
    assert _others(new_meta, key) == _others(metadata, key)
    assert new_doc.body == doc.body and new_doc.head == doc.head and new_doc.tail == doc.tail
    if "\r\n" in text:
        assert new_doc.matter.count("\n") == new_doc.matter.count("\r\n")
    _unchanged_outside(doc.matter, new_doc.matter, [key + ":"])
    # A no-op save is a byte-identical save.
    assert set_field(doc, metadata, [key], metadata[key]).text == text


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(posts(), st.data())
def test_random_deletes_remove_only_that_field(
    post: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    doc, metadata, key = _pick_field(post[0], data)
    assert parse_matter(delete_field(doc, metadata, [key])) == _others(metadata, key)


TOML_SCALARS = st.one_of(
    st.text(alphabet=string.ascii_letters + " :#'\"-", max_size=15),
    st.integers(-1000, 1000),
    st.booleans(),
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.dictionaries(
        KEYS.filter(lambda key: key != "params"),
        st.one_of(TOML_SCALARS, st.lists(TOML_SCALARS, max_size=3)),
        min_size=1,
    ),
    st.data(),
    st.sampled_from(["\n", "\r\n"]),
)
def test_random_toml_edits_touch_nothing_else(
    fields: dict[str, Any], data: st.DataObject, newline: str
) -> None:
    import tomlkit

    lines = [tomlkit.dumps({key: value}) + "# note\n" for key, value in fields.items()]
    text = ("+++\n" + "".join(lines) + "[params]\nx = 1\n+++\nbody\n").replace("\n", newline)
    doc = split(text)
    metadata = parse_matter(doc)
    key = data.draw(st.sampled_from(sorted(fields)))
    value = data.draw(TOML_SCALARS)
    new_doc = set_field(doc, metadata, [key], value)
    new_meta = parse_matter(new_doc)
    assert new_meta[key] == value and _others(new_meta, key) == _others(metadata, key)
    assert new_doc.body == doc.body and new_doc.matter.count("# note") == len(fields)
    if newline == "\r\n":
        assert new_doc.matter.count("\n") == new_doc.matter.count("\r\n")
    _unchanged_outside(doc.matter, new_doc.matter, [key])
