"""Exact behaviour of the reader and the proof, in process (the CLI tests run in subprocesses,
where mutation testing cannot see them)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import socket
from pathlib import Path

import pytest

from blogtui.domain.files import fsio
from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.fsio import read_bytes
from blogtui.domain.formats.dates import format_date, parse_date
from blogtui.domain.formats.document import FrontmatterError, parse_matter, split
from blogtui.domain.ops.edit import Edit, EditError, LoadedPost, edit_fields, verify


def post_of(text: str) -> LoadedPost:
    doc = split(text)
    return LoadedPost(Path("p.md"), text.encode(), doc, parse_matter(doc))


def test_cr_only_files_split_and_parse_in_place() -> None:
    doc = split("---\rtitle: Mac\r---\rbody\r")
    assert (doc.head, doc.matter, doc.tail, doc.body) == (
        "---\r",
        "title: Mac\r",
        "---\r",
        "body\r",
    )
    assert parse_matter(doc) == {"title": "Mac"} and doc.newline == "\r"
    toml = split('+++\rtitle = "Mac"\r+++\rbody\r')
    assert parse_matter(toml) == {"title": "Mac"}
    crlf = split('+++\r\ntitle = "Win"\r\n+++\r\n')
    assert parse_matter(crlf) == {"title": "Win"} and crlf.newline == "\r\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: x\n", "frontmatter opened with --- on line 1 is never closed"),
        ('+++\ntitle = "x"\n', "frontmatter opened with +++ on line 1 is never closed"),
        ("+++\ntitle = \n+++\n", "TOML frontmatter does not parse: "),
        ("---\n: [\n---\n", "YAML frontmatter does not parse: line 2: "),
    ],
)
def test_unreadable_frontmatter_messages(text: str, message: str) -> None:
    with pytest.raises(FrontmatterError) as caught:
        parse_matter(split(text))
    assert str(caught.value).startswith(message)


def test_json_frontmatter_takes_its_line_break_and_spaces_with_it() -> None:
    doc = split('{"a": 1}   \nbody')
    assert (doc.matter, doc.tail, doc.body) == ('{"a": 1}', "   \n", "body")
    at_end = split('{"a": 1}')
    assert (at_end.matter, at_end.tail, at_end.body) == ('{"a": 1}', "", "")
    assert split('{"a": 1}\r\nbody').tail == "\r\n"


def test_read_errors_are_exact(tmp_path: Path) -> None:
    with pytest.raises(PostReadError) as folder:
        read_bytes(tmp_path)
    assert str(folder.value) == "is a folder, not a file"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.md"))
        with pytest.raises(PostReadError) as sock:
            read_bytes(tmp_path / "s.md")
        assert str(sock.value) == "is not a regular file (a socket); not read"
    finally:
        server.close()
    with pytest.raises(PostReadError) as device:
        read_bytes("/dev/null")
    assert str(device.value) == "is not a regular file (a device); not read"
    with pytest.raises(PostReadError) as missing:
        read_bytes(tmp_path / "gone.md")
    assert str(missing.value) == "file not found (removed?)"


def test_short_reads_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(b"0123456789" * 100)
    real = os.read
    monkeypatch.setattr(fsio.os, "read", lambda fd, n: real(fd, min(n, 7)))
    assert read_bytes(path) == b"0123456789" * 100
    with pytest.raises(PostReadError, match="too large"):
        read_bytes(path, limit=500)


def test_a_read_interrupted_by_the_os_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(b"x")

    def failing(fd: int, n: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fsio.os, "read", failing)
    with pytest.raises(PostReadError) as caught:
        read_bytes(path)
    assert str(caught.value) == "cannot read: input/output error"


def test_the_proofs_messages_are_exact() -> None:
    post = post_of("---\ntitle: A\n---\nbody\n")
    cases = [
        (post.doc.replace(bom="\ufeff"), "the edit would change how the frontmatter starts"),
        (post.doc.replace(tail="...\n"), "the edit would move the frontmatter's fences"),
        (post.doc.replace(body="other\n"), "the edit would change the body"),
    ]
    for doc, message in cases:
        with pytest.raises(EditError) as caught:
            verify(post, Edit(doc))
        assert str(caught.value) == message + "; nothing was written"
    with pytest.raises(EditError) as unparseable:
        verify(post, Edit(post.doc.replace(matter="title: [\n")))
    assert str(unparseable.value).startswith(
        "the edit would leave frontmatter that does not parse: YAML frontmatter does not parse:"
    )
    with pytest.raises(EditError) as nested:
        verify(post, Edit(post.doc.replace(matter="title:\n  a: 1\n")))
    assert str(nested.value) == (
        "the edit would change title to {'a': 1} (expected 'A'); nothing was written"
    )
    with pytest.raises(EditError) as whole:
        verify(post_of("---\n---\nbody\n"), Edit(split("---\n[1]\n---\nbody\n")))
    assert "frontmatter is a list, not a mapping of fields" in str(whole.value)


def test_the_proof_never_changes_the_callers_metadata() -> None:
    post = post_of("---\np:\n  a: 1\n  b: 2\n---\n")
    before = {"p": {"a": 1, "b": 2}}
    edit = edit_fields(post, {("p", "a"): 5})
    verify(post, edit)
    assert post.metadata == before


def test_parents_that_are_not_mappings_are_named_exactly() -> None:
    post = post_of("---\ntags: [x]\ntitle: T\n---\n")
    with pytest.raises(EditError) as listed:
        edit_fields(post, {("tags", "0"): "v"})
    assert str(listed.value) == "tags is a list, not a mapping of fields: cannot set tags.0"
    with pytest.raises(EditError) as scalar:
        edit_fields(post, {("title", "a", "b"): "v"})
    assert str(scalar.value) == (
        "title is a single value, not a mapping of fields: cannot set title.a.b"
    )


def test_toml_date_objects_keep_their_kind_when_formatted() -> None:
    aware = dt.datetime(2020, 1, 2, 3, 4, 5, 120000, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    parsed = parse_date(aware)
    assert parsed is not None and parsed.style.tz == "+hh:mm"
    assert parsed.style.fraction_digits == 6
    assert format_date(parsed.value, parsed.style) == "2020-01-02T03:04:05.120000+02:00"
    naive = parse_date(dt.datetime(2020, 1, 2, 3, 4, 5))
    assert naive is not None and format_date(naive.value, naive.style) == "2020-01-02T03:04:05"
    day = parse_date(dt.date(2020, 1, 2))
    assert day is not None and not day.style.has_time
    assert format_date(day.value, day.style) == "2020-01-02"


def test_dotted_keys_are_nested_unless_the_post_has_the_literal_key() -> None:
    from blogtui.domain.ops.edit import split_key

    assert split_key({"title": "x"}, "params.math") == ["params", "math"]
    assert split_key({"a.b": 1}, "a.b") == ["a.b"]
    assert split_key({}, "plain") == ["plain"]


def test_a_cr_only_post_is_edited_in_process_with_its_line_ends() -> None:
    post = post_of("---\rtitle: Mac\rtags: [a]\r---\rbody\r")
    edit = edit_fields(post, {("title",): "New", ("added",): 1})
    verify(post, edit)
    assert edit.doc.text == "---\rtitle: New\rtags: [a]\radded: 1\r---\rbody\r"


def test_text_after_a_json_object_on_its_line_stays_in_the_body() -> None:
    doc = split('{"a": 1} trailing words\nbody\n')
    assert (doc.matter, doc.tail, doc.body) == ('{"a": 1}', "", " trailing words\nbody\n")


def test_the_proof_names_the_first_difference_in_file_order() -> None:
    post = post_of("---\na: 1\nb: 2\nc: 3\nd: 4\n---\n")
    with pytest.raises(EditError) as late:
        verify(post, Edit(post.doc.replace(matter="a: 1\nb: 2\nc: 3\nd: 5\n")))
    assert str(late.value) == "the edit would change d to 5 (expected 4); nothing was written"
    with pytest.raises(EditError) as two:
        verify(post, Edit(post.doc.replace(matter="a: 1\nb: 9\nc: 3\nd: 5\n")))
    assert str(two.value) == "the edit would change b to 9 (expected 2); nothing was written"
    with pytest.raises(EditError) as added:
        verify(post, Edit(post.doc.replace(matter="a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n")))
    assert str(added.value) == "the edit would add e; nothing was written"


def test_a_nested_difference_is_named_by_its_path() -> None:
    post = post_of("---\np:\n  a: 1\n  b: 2\n---\n")
    with pytest.raises(EditError) as caught:
        verify(post, Edit(post.doc.replace(matter="p:\n  a: 1\n  b: 3\n")))
    assert str(caught.value) == "the edit would change p.b to 3 (expected 2); nothing was written"


def test_a_new_json_key_and_value_are_written_as_typed() -> None:
    from blogtui.domain.formats import jsonedit

    assert jsonedit.set_value('{"a": 1}', ["ünï"], "café") == '{"a": 1, "ünï": "café"}'
    assert jsonedit.set_value("{}", ["k"], 1) == '{"k": 1}'
