"""The field-level merge of a post (git's merge driver)."""

from __future__ import annotations

import shutil

import pytest

from blogtui.domain.files.gitstatus import merge_file
from blogtui.domain.ops.merge import merge_post

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git merge-file")

BASE = b"---\ntitle: T\ndate: 2020-01-01\ntags: [a, b]\n---\nbody\n"


def clean(base: bytes, ours: bytes, theirs: bytes) -> str:
    """The merge's text, which must have no conflict."""
    merged = merge_post(base, ours, theirs, merge_file)
    assert merged is not None and merged.conflicts == []
    return merged.text


def test_each_side_keeps_its_fields_and_added_ones_land_where_theirs_put_them() -> None:
    ours = b"---\ntitle: Ours\ndate: 2020-01-01\ntags: [a, b, c]\n---\nbody\n"
    theirs = b"---\ntitle: T\nsubtitle: S\ndate: 2021-02-03\ntags: [b, x]\n---\nbody\n"
    merged = merge_post(BASE, ours, theirs, merge_file)
    assert merged is not None and merged.conflicts == []
    assert merged.text == (
        "---\ntitle: Ours\nsubtitle: S\ndate: 2021-02-03\ntags: [b, c, x]\n---\nbody\n"
    )


def test_a_field_deleted_on_one_side_is_deleted() -> None:
    theirs = b"---\ntitle: T\ntags: [a, b]\n---\nbody\n"
    merged = merge_post(BASE, BASE, theirs, merge_file)
    assert merged is not None and merged.text == "---\ntitle: T\ntags: [a, b]\n---\nbody\n"


def test_the_same_field_changed_two_ways_is_a_conflict_around_that_field_only() -> None:
    ours = b"---\ntitle: Ours\ndate: 2020-01-01\ntags: [a, b]\n---\nbody\n"
    theirs = b"---\ntitle: Theirs\ndate: 2020-01-01\ntags: [a, b]\n---\nbody changed\n"
    merged = merge_post(BASE, ours, theirs, merge_file)
    assert merged is not None and merged.conflicts == ["title"]
    assert merged.text == (
        "---\n<<<<<<< ours\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> theirs\n"
        "date: 2020-01-01\ntags: [a, b]\n---\nbody changed\n"
    )


def test_a_version_that_does_not_parse_is_merged_whole() -> None:
    broken = b"---\ntitle: [\n---\nbody\n"
    assert merge_post(BASE, broken, BASE, merge_file) is None


def test_a_mapping_changed_on_both_sides_merges_key_by_key() -> None:
    base = b"---\ntitle: T\nparams:\n  author: Ann\n  toc: false\n  lang: en\n---\nbody\n"
    ours = b"---\ntitle: T\nparams:\n  author: Bob\n  toc: false\n  lang: en\n---\nbody\n"
    theirs = b"---\ntitle: T\nparams:\n  author: Ann\n  toc: true\n  lang: en\n---\nbody\n"
    assert clean(base, ours, theirs) == (
        "---\ntitle: T\nparams:\n  author: Bob\n  toc: true\n  lang: en\n---\nbody\n"
    )
    clash = theirs.replace(b"author: Ann", b"author: Cy")
    marked = merge_post(base, ours, clash, merge_file)
    assert marked is not None and marked.conflicts == ["params.author"]
    assert marked.text.startswith(  # the whole top-level field, once, between the markers
        "---\ntitle: T\n<<<<<<< ours\nparams:\n  author: Bob\n  toc: true\n  lang: en\n"
        "=======\nparams:\n  author: Cy\n  toc: true\n  lang: en\n>>>>>>> theirs\n---\n"
    )


def test_toml_frontmatter_merges_by_field_and_keeps_its_tables() -> None:
    base = b'+++\ntitle = "T"\ndate = 2020-01-01\ntags = ["a"]\n[extra]\ntoc = false\n+++\nx\n'
    ours = (
        b'+++\ntitle = "Ours"\ndate = 2020-01-01\ntags = ["a", "b"]\n[extra]\ntoc = false\n+++\nx\n'
    )
    theirs = (
        b'+++\ntitle = "T"\ndate = 2021-01-01\ntags = ["a", "c"]\n[extra]\ntoc = true\n+++\nx\n'
    )
    assert clean(base, ours, theirs) == (
        '+++\ntitle = "Ours"\ndate = 2021-01-01\ntags = ["a", "b", "c"]\n[extra]\ntoc = true\n'
        "+++\nx\n"
    )


def test_crlf_posts_stay_crlf_and_bodies_merge_as_text() -> None:
    base = b"---\r\ntitle: T\r\ndraft: true\r\n---\r\none\r\ntwo\r\nthree\r\n"
    ours = b"---\r\ntitle: Ours\r\ndraft: true\r\n---\r\nONE\r\ntwo\r\nthree\r\n"
    theirs = b"---\r\ntitle: T\r\ndraft: false\r\n---\r\none\r\ntwo\r\nTHREE\r\n"
    assert (
        clean(base, ours, theirs)
        == "---\r\ntitle: Ours\r\ndraft: false\r\n---\r\nONE\r\ntwo\r\nTHREE\r\n"
    )


def test_a_toml_field_added_on_one_side_lands_where_that_side_put_it() -> None:
    post = '+++\ntitle = "{title}"\n{added}date = 2020-01-01\n[extra]\ntoc = false\n+++\nx\n'
    summary = 'summary = """\nTwo\nlines"""\n'
    base, ours = post.format(title="T", added=""), post.format(title="Ours", added="")
    theirs = post.format(title="T", added=summary)
    merged = clean(base.encode(), ours.encode(), theirs.encode())
    assert merged == post.format(title="Ours", added=summary)


def test_a_field_added_on_one_side_is_written_as_that_side_wrote_it() -> None:
    ours = b"---\ntitle: Ours\ndate: 2020-01-01\ntags: [a, b]\n---\nbody\n"
    theirs = (
        b"---\ntitle: T\nsummary: >-\n  Folded, as\n  they wrote it\n"
        b"date: 2020-01-01\nnote: 'quoted'  # why\ntags: [a, b]\n---\nbody\n"
    )
    assert clean(BASE, ours, theirs) == (
        "---\ntitle: Ours\nsummary: >-\n  Folded, as\n  they wrote it\ndate: 2020-01-01\n"
        "note: 'quoted'  # why\ntags: [a, b]\n---\nbody\n"
    )
