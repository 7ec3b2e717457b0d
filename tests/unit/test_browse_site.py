"""The list's session and the site object, driven without the app (as a script would)."""

from pathlib import Path

import pytest

from blogtui.domain.site import browse as browse_module
from blogtui.domain.site.browse import Browse
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.service import Site


def write(folder: Path, name: str, title: str, tags: str, body: str, date: str) -> None:
    (folder / name).write_text(
        f"---\ntitle: {title}\ndate: {date}\ntags: [{tags}]\n---\n{body}\n", encoding="utf-8"
    )


@pytest.fixture
def index(tmp_path: Path) -> ContentIndex:
    write(tmp_path, "a.md", "Alpha", "news, go", "about cats", "2024-01-01")
    write(tmp_path, "b.md", "Beta", "news", "about dogs", "2024-02-01")
    write(tmp_path, "c.md", "Gamma", "go", "cats and dogs", "2024-03-01")
    return ContentIndex.load(tmp_path, workers=1, use_cache=False)


def paths(posts: list) -> list[str]:
    return [post.path for post in posts]


def test_the_sort_and_the_query_decide_what_is_shown(index: ContentIndex) -> None:
    browse = Browse()
    assert paths(browse.search(index).all()) == ["c.md", "b.md", "a.md"]  # newest first
    browse.text = "cats"
    assert paths(browse.search(index).all()) == ["c.md", "a.md"]
    browse.cycle_sort()  # oldest
    assert paths(browse.search(index).all()) == ["a.md", "c.md"]
    assert browse.counts == [("go", 2), ("news", 2)]


def test_a_narrowing_query_filters_the_last_result_only(index: ContentIndex) -> None:
    browse = Browse()
    browse.text = "cat"
    first = browse.search(index)
    shown = first.all()
    browse.text = "cats"
    narrower = browse.search(index)
    assert narrower.candidates is shown
    browse.text = "dogs"  # not a refinement: everything again
    assert len(browse.search(index).candidates) == 3


def test_tags_toggle_in_the_text_and_clear(index: ContentIndex) -> None:
    browse = Browse()
    browse.toggle_term("news")
    assert browse.text == "tag:news"
    browse.toggle_term("go")
    assert paths(browse.search(index).all()) == ["a.md"]
    browse.any_tags = True
    assert paths(browse.search(index).all()) == ["c.md", "b.md", "a.md"]
    browse.toggle_term("news")
    assert browse.text == "tag:go"
    browse.clear()
    assert (browse.text, browse.any_tags) == ("", False)


def test_search_in_steps_ends_with_the_same_result(
    index: ContentIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse_module, "SEARCH_IN_STEPS_FROM", 1)
    browse = Browse()
    browse.text = "dogs"
    search = browse.search(index)
    assert search.in_steps
    steps = list(search.steps(2))
    assert [done for _, done in steps] == [False, True]
    assert paths(steps[-1][0]) == ["c.md", "b.md"]
    browse.text = "dogs and"  # the completed search is remembered and refined
    assert paths(browse.search(index).candidates) == ["c.md", "b.md"]


def test_an_empty_folder_searches_in_one_step(tmp_path: Path) -> None:
    search = Browse().search(None)
    assert list(search.steps(5)) == [([], True)] and search.all() == []


def test_the_site_refreshes_what_changed_and_names_files(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "Alpha", "x", "", "2024-01-01")
    site = Site(tmp_path)
    assert not site.refresh(["a.md"]) and site.tag_counts() == []  # not loaded yet
    site.index = ContentIndex.load(tmp_path, workers=1, use_cache=False)
    write(tmp_path, "a.md", "Alpha two", "x, y", "", "2024-01-01")
    changes = site.refresh(["a.md"])
    assert changes.changed == ("a.md",)
    assert site.tag_counts() == [("x", 1), ("y", 1)]
    assert site.relative(site.path("a.md")) == "a.md"


def test_groups_keep_the_sort_inside_and_their_own_order(index: ContentIndex) -> None:
    browse = Browse()
    shown = browse.search(index).all()
    assert browse.cycle_group() == "year"
    assert [(name, paths(posts)) for name, posts in browse.grouped(shown)] == [
        ("2024", ["c.md", "b.md", "a.md"])
    ]
    browse.cycle_group()  # month
    assert [name for name, _ in browse.grouped(shown)] == ["2024-03", "2024-02", "2024-01"]
    browse.cycle_group()  # status
    assert [name for name, _ in browse.grouped(shown)] == ["published"]
    browse.cycle_group()  # first tag
    assert [(name, paths(posts)) for name, posts in browse.grouped(shown)] == [
        ("go", ["c.md"]),
        ("news", ["b.md", "a.md"]),
    ]
    assert browse.cycle_group() == "none" and browse.grouped(shown) == [("", shown)]
