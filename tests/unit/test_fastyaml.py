"""The fast path reads exactly what the full loader reads, or declines."""

from __future__ import annotations

import string
from collections.abc import Iterable

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats.document import split
from blogtui.domain.formats.fastyaml import load_simple
from blogtui.domain.formats.yamlio import FastLoader as _Loader
from blogtui.domain.site.index import scan
from tests.conftest import CONTENT, CORPUS, examples


def full(text: str) -> object:
    return yaml.load(text, Loader=_Loader)


@pytest.mark.parametrize(
    "text",
    [
        "title: Hello\ndate: 2017-01-04T15:04:10.000Z\ndraft: yes\nn: 0x1F\nf: 1e3\nz: ~\n",
        "tags:\n  - a\n  - 'b c'\n  - \"d\"\n  - 12\nempty:\n",
        "title: C# and F#\nurl: https://x.org/a:b\nweight: 10\n",
        "title: '404'\ncount: 1_000\nsexa: 1:20\nneg_str: a-b\n",
        "a: on\nb: Off\nc: NULL\nd: .inf\ne: .NaN\n",
        "# comment\n\nkey: value\n",
    ],
)
def test_simple_documents_match_the_full_loader(text: str) -> None:
    assert load_simple(text) == full(text)


@pytest.mark.parametrize(
    "text",
    [
        "title: a # comment\n",
        "title: 'it''s'\n",
        'title: "a\\tb"\n',
        "nested:\n  a: 1\n",
        "title: >\n  folded\n",
        "tags: [a, b]\n",
        "a: &x 1\nb: *x\n",
        "weight: -1\n",
        "title: x\r\n",
        "title: x\ntitle: y\n",
        "true: 1\n",
        "multi: line\n  continued\n",
        "list:\n  - a\n   - b\n",
        "key: <<\n",
    ],
)
def test_anything_else_is_declined(text: str) -> None:
    assert load_simple(text) is None


def _all_frontmatter() -> list[str]:
    found = []
    for folder in (CONTENT, CORPUS):
        for rel in sorted(scan(folder)):
            # Frontmatter that does not parse is kept: fastyaml must decline it.
            text = read_post_file(folder / rel).text
            try:
                doc = split(text) if text is not None else None
            except ValueError:
                continue
            if doc is not None and doc.kind == "yaml":
                found.append(doc.matter)
    return found


def test_every_real_frontmatter_matches_or_is_declined() -> None:
    matters = _all_frontmatter()
    accepted = 0
    for matter in matters:
        simple = load_simple(matter)
        if simple is not None:
            accepted += 1
            assert simple == full(matter), matter
    assert accepted > len(matters) // 3  # the fast path is actually taken


def _document(fields: Iterable[tuple[str, object]]) -> str:
    """`key: value` lines, and `- item` lines under a key for a list."""
    lines = []
    for key, value in fields:
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {item}" for item in value]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


PLAIN_WORD = st.text(alphabet=string.ascii_letters + string.digits + "_./", min_size=1, max_size=10)
PLAIN_SCALARS = st.one_of(
    st.builds(lambda a, b: f"{a} {b}", PLAIN_WORD, PLAIN_WORD).filter(lambda t: t[0].isalnum()),
    st.integers(0, 10_000).map(str),  # a leading `-` is declined by design
    st.sampled_from(["true", "false", "yes", "No", "null", "~", "3.10", "1e3", "0x1F", "0o17"]),
    st.sampled_from(["2017-01-04T15:04:10.000Z", "2020-01-02", "2019-05-06 10:00:00 +0200"]),
)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "date", "tags", "draft", "weight", "slug", "author"]),
        st.one_of(PLAIN_SCALARS, st.lists(PLAIN_SCALARS, min_size=1, max_size=3)),
        min_size=1,
        max_size=6,
    )
)
def test_plain_documents_take_the_fast_path_and_read_exactly(fields: dict[str, object]) -> None:
    """Every example asserts: the shape the fast path exists for is accepted, and equal."""
    text = _document(fields.items())
    simple = load_simple(text)
    assert simple is not None, f"declined plain frontmatter: {text!r}"
    assert simple == full(text), text


SAFE = string.ascii_letters + string.digits + " .,:#'\"-_/~!?*&|>%@`[]{}\\"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["title", "date", "x", "tags", "on", "draft"]),
            st.one_of(
                st.text(alphabet=SAFE, max_size=20),
                st.lists(st.text(alphabet=SAFE, min_size=1, max_size=10), min_size=1, max_size=3),
            ),
        ),
        max_size=5,
    )
)
def test_generated_documents_match_or_are_declined(fields: list[tuple[str, object]]) -> None:
    text = _document(fields)
    simple = load_simple(text)
    if simple is None:
        return
    try:
        expected = full(text)
    except yaml.YAMLError:
        pytest.fail(f"fast path accepted what YAML rejects: {text!r}")
    assert simple == expected, text
