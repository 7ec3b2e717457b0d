"""Hugo and Zola build one page for `HTML` and `html`: counted as one term, shown as most
posts spell it; Jekyll keeps them apart; a rename unifies the spellings."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogtui.domain.ops import journal
from blogtui.domain.ops.terms import plan_terms
from blogtui.domain.site.generator import _detect
from blogtui.domain.site.index import ContentIndex

POSTS = {
    "a.md": "---\ntitle: A\ntags: [HTML, static sites]\n---\n",
    "b.md": "---\ntitle: B\ntags: [html, static-sites]\n---\n",
    "c.md": "---\ntitle: C\ntags: [html, HTML]\n---\n",
}


def make(tmp_path: Path, marker: str) -> Path:
    _detect.cache_clear()
    (tmp_path / marker).write_text("title: x\n" if marker == "_config.yml" else "")
    content = tmp_path / ("content" if marker == "hugo.toml" else "_posts")
    content.mkdir()
    for name, text in POSTS.items():
        (content / name).write_text(text)
    return content


@pytest.mark.parametrize(
    "marker, expected",
    [
        ("hugo.toml", [("html", 3), ("static sites", 2)]),
        ("_config.yml", [("HTML", 2), ("html", 2), ("static sites", 1), ("static-sites", 1)]),
    ],
)
def test_terms_count_as_the_generator_builds_their_pages(
    tmp_path: Path, marker: str, expected: list[tuple[str, int]]
) -> None:
    content = make(tmp_path, marker)
    assert ContentIndex.load(content, use_cache=False).term_counts("tags") == expected


def test_a_rename_unifies_the_spellings(tmp_path: Path) -> None:
    content = make(tmp_path, "hugo.toml")
    journal.apply(plan_terms(content, "tags", ["html"], "html"))
    assert [p.read_text() for p in sorted(content.glob("*.md"))] == [
        "---\ntitle: A\ntags: [html, static sites]\n---\n",
        "---\ntitle: B\ntags: [html, static-sites]\n---\n",
        "---\ntitle: C\ntags: [html]\n---\n",
    ]
