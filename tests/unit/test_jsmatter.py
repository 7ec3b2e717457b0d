"""Eleventy's `---js` frontmatter: literals read, code left out, never written."""

from pathlib import Path

import pytest

from blogtui.domain.formats.document import parse_matter, split
from blogtui.domain.formats.jsmatter import read_values
from blogtui.domain.ops.edit import EditError, edit_fields, load_post, save


def test_literals_are_read_and_code_is_left_out() -> None:
    source = """
const title = "This is a fifth post";
let date = '2023-01-23';
var draft = true;
export const eleventyNavigation = {
    key: "About", // a comment
    order: 3,
    "quoted key": [1, 2.5, -3, null, 'x\\'y',],
};
const tags = [`one`, "two"];
const computed = someFunction();
const template = `${title} again`;
const sum = 1 + 2;
/* const hidden = "in a comment"; */
"""
    assert read_values(source) == {
        "title": "This is a fifth post",
        "date": "2023-01-23",
        "draft": True,
        "eleventyNavigation": {"key": "About", "order": 3, "quoted key": [1, 2.5, -3, None, "x'y"]},
        "tags": ["one", "two"],
    }


def test_a_js_post_is_listed_and_its_fields_are_never_written(tmp_path: Path) -> None:
    text = '---js\nconst title = "Fifth";\nconst draft = true;\n---\nBody\n'
    doc = split(text)
    assert doc.kind == "js" and doc.body == "Body\n" and doc.text == text
    assert parse_matter(doc) == {"title": "Fifth", "draft": True}
    post = tmp_path / "fifth.md"
    post.write_text(text)
    loaded = load_post(post)
    with pytest.raises(EditError, match="JavaScript frontmatter"):
        save(loaded, edit_fields(loaded, {("title",): "Sixth"}))
    assert post.read_text() == text
