from pathlib import Path

import pytest

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats.document import FrontmatterError, parse_matter, split
from blogtui.domain.site.post import read_post
from blogtui.domain.site.taxonomy import tags_of


def read_text(path: Path, limit: int | None = None) -> tuple[bytes, str]:
    reading = read_post_file(path) if limit is None else read_post_file(path, limit=limit)
    if reading.text is None:
        assert reading.failure is not None
        raise reading.failure
    assert reading.raw is not None
    return reading.raw, reading.text


def load(folder: Path, name: str) -> tuple[str, dict]:
    raw, doc, metadata = read_post_file(folder / name).parsed()
    assert doc.text == raw.decode()
    return doc.kind, metadata


def test_each_kind_of_frontmatter_is_read(tricky: Path) -> None:
    assert load(tricky, "crlf.md") == (
        "yaml",
        {"title": "CRLF post", "tags": ["a", "b"], "date": "2020-01-01"},
    )
    assert load(tricky, "bom.md")[1]["title"] == "BOM post"
    kind, toml = load(tricky, "toml.md")
    assert kind == "toml" and toml["draft"] is True and toml["params"] == {"math": True}
    assert load(tricky, "json.md") == ("json", {"title": "JSON post", "tags": ["j"]})
    assert load(tricky, "none.md") == ("none", {})


def test_dates_stay_the_strings_the_author_wrote(tricky: Path) -> None:
    _, meta = load(tricky, "comments.md")
    assert meta["date"] == "2017-01-04T15:04:10.000Z"
    assert meta["layout"] is None


def test_body_with_dashes_is_not_mistaken_for_a_fence(tricky: Path) -> None:
    _, text = read_text(tricky / "comments.md")
    doc = split(text)
    assert doc.body == "Body with --- inside\n---\nand more\n"


def test_broken_yaml_reports_the_line(tricky: Path) -> None:
    _, text = read_text(tricky / "broken.md")
    with pytest.raises(FrontmatterError, match=r"line \d+"):
        parse_matter(split(text))


def test_unclosed_fence_is_an_error() -> None:
    with pytest.raises(FrontmatterError, match="never closed"):
        split("---\ntitle: x\nno end\n")


def test_alias_bomb_is_refused_quickly(tricky: Path) -> None:
    _, text = read_text(tricky / "bomb.md")
    with pytest.raises(FrontmatterError, match="aliases"):
        parse_matter(split(text))


def test_non_utf8_names_the_byte(tricky: Path) -> None:
    reading = read_post_file(tricky / "latin1.md")
    assert reading.raw is not None and reading.text is None
    with pytest.raises(PostReadError, match="0xe9 on line 2"):
        reading.parsed()


def test_broken_frontmatter_is_returned_as_data_with_its_text(tricky: Path) -> None:
    reading = read_post_file(tricky / "broken.md")
    assert reading.text is not None and reading.doc is None and reading.metadata is None
    assert isinstance(reading.failure, FrontmatterError)
    assert reading.error is not None and "line" in reading.error


def test_a_missing_file_is_returned_as_data(tmp_path: Path) -> None:
    reading = read_post_file(tmp_path / "gone.md")
    assert reading.raw is None and isinstance(reading.failure, PostReadError)


def test_huge_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"---\ntitle: big\n---\n" + b"x" * 2000)
    with pytest.raises(PostReadError, match="too large"):
        read_text(big, limit=1000)


def test_index_rows_never_raise(tricky: Path) -> None:
    for name in ("broken.md", "latin1.md", "bomb.md", "gone.md"):
        post = read_post(tricky, name)
        assert post.error, name
    assert read_post(tricky, "comments.md").error is None


def test_tags_as_jekyll_strings_numbers_and_lists() -> None:
    assert tags_of({"tags": "alpha beta 2013"}) == ("alpha", "beta", "2013")
    assert tags_of({"tags": [2013, "x", None, "x"]}) == ("2013", "x")
    assert tags_of({"tags": 7}) == ("7",)
    assert tags_of({"tag": "solo"}) == ("solo",)
    assert tags_of({"tags": None}) == ()


def test_summary_fields(tricky: Path) -> None:
    post = read_post(tricky, "jekyll-string-tags.md")
    assert post.draft is True  # published: false
    toml = read_post(tricky, "toml.md")
    assert toml.date == "2023-07-13T10:00:00+01:00" and toml.draft
