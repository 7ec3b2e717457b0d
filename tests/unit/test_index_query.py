import dataclasses
import os
from pathlib import Path

import pytest

from blogtui.domain.files.postfiles import relative_post_path
from blogtui.domain.site.index import ContentIndex, scan
from blogtui.domain.site.query import filter_posts, parse_query
from blogtui.domain.site.query_text import toggle_term_in_text
from blogtui.domain.site.sorting import sort_posts


def test_scan_skips_hidden_node_modules_and_temp_files(tmp_path: Path) -> None:
    for name in [
        "a.md",
        "b.markdown",
        ".hidden.md",
        "x.md~",
        ".x.md.swp",
        "4913",
        "notes.txt",
        ".git/c.md",
        "node_modules/d.md",
        "sub/e.md",
        ".cache/f.md",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: t\n---\n")
    assert sorted(scan(tmp_path)) == ["a.md", "b.markdown", "sub/e.md"]
    assert relative_post_path(tmp_path, tmp_path / "sub" / "e.md") == "sub/e.md"
    assert relative_post_path(tmp_path, tmp_path / ".git" / "c.md") is None


def test_load_and_refresh(site: Path) -> None:
    index = ContentIndex.load(site)
    assert len(index.posts) == 12
    post_path = "posts/2026-01-05-welcome-to-blogtui.md"
    (site / post_path).write_text("---\ntitle: Rewritten\ntags: [new]\n---\n")
    (site / "posts/extra.md").write_text("---\ntitle: Extra\n---\n")
    os.remove(site / "posts/2026-06-01-roadmap.md")
    changes = index.refresh([post_path, "posts/extra.md", "posts/2026-06-01-roadmap.md"])
    assert changes.changed == (post_path,) and changes.added == ("posts/extra.md",)
    assert changes.removed == ("posts/2026-06-01-roadmap.md",)
    assert index.posts[post_path].title == "Rewritten"
    assert not index.refresh([post_path])  # nothing changed since: a no-op
    assert ("new", 1) in index.tag_counts()


def test_parallel_and_serial_loads_agree(site: Path) -> None:
    serial = ContentIndex.load(site, workers=1).posts
    from blogtui.domain.site import parsers as index_module

    old = index_module.PARALLEL_FROM
    index_module.PARALLEL_FROM = 1
    try:
        parallel = ContentIndex.load(site, workers=2).posts
    finally:
        index_module.PARALLEL_FROM = old
    assert serial == parallel


def test_query_language(site: Path) -> None:
    index = ContentIndex.load(site)
    posts = list(index.posts.values())

    def titles(text: str, any_tags: bool = False) -> set[str]:
        query = parse_query(text, any_tags)
        return {p.display_title for p in filter_posts(posts, query, index)}

    assert titles("tag:basics") == {"Welcome to blogtui", "A keyboard tour", "Filtering and search"}
    assert titles('tag:"static sites"') == {"A live folder", "Ten thousand posts, instantly"}
    assert titles("tag:BASICS featured:true") == {"Welcome to blogtui", "A keyboard tour"}
    assert titles("draft:true") == {"Roadmap (draft)"}
    assert len(titles("draft:false")) == 11
    assert titles("tag:roadmap tag:unicode", any_tags=True) == {
        "Roadmap (draft)",
        "Unicode everywhere: 多言語, café, Ünïcödé",
    }
    assert titles("tag:roadmap tag:unicode") == set()
    assert titles("ATOMIC rename") == {"Editing safely"}  # body text, any case
    assert "Unicode everywhere: 多言語, café, Ünïcödé" in titles("CAFÉ")
    assert titles("ΕΛΛΗΝΙΚΆ") == {"Unicode everywhere: 多言語, café, Ünïcödé"}
    assert titles("ελληνικα") == set()  # accent-sensitive
    assert titles('"full disk"') == {"Editing safely"}


def test_toggle_tag_keeps_the_rest_of_the_query() -> None:
    assert toggle_term_in_text("hello", "static sites") == 'hello tag:"static sites"'
    assert toggle_term_in_text('hello tag:"Static Sites" x', "static sites") == "hello x"


def test_sorts(site: Path) -> None:
    posts = list(ContentIndex.load(site).posts.values())
    modified = sort_posts(posts, "modified")
    assert [p.mtime_ns for p in modified] == sorted((p.mtime_ns for p in posts), reverse=True)
    newest = [p.date or "" for p in sort_posts(posts, "newest")]
    assert newest == sorted(newest, reverse=True)
    assert sort_posts(posts, "oldest")[0].title == "Welcome to blogtui"
    titles = [p.display_title.casefold() for p in sort_posts(posts, "title")]
    assert titles == sorted(titles)
    undated = posts[0]
    undated.sort_date = None
    assert sort_posts(posts, "newest")[-1] is undated
    assert sort_posts(posts, "oldest")[-1] is undated


def test_warm_load_comes_from_the_cache_but_the_file_wins(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.domain.site import loading as index_module
    from blogtui.domain.site.parsers import Reading
    from blogtui.domain.site.store import store_path

    first = ContentIndex.load(site)
    path = store_path(site)
    assert path is not None and path.exists()
    parsed: list[str] = []
    real = index_module.start_reading

    def counting(
        root: Path,
        stats: dict,
        workers: int | None = None,
        with_text: bool = True,
        busy: bool = False,
    ) -> Reading:
        parsed.extend(stats)
        return real(root, stats, workers, with_text, busy)

    monkeypatch.setattr(index_module, "start_reading", counting)
    warm = ContentIndex.load(site)
    assert parsed == [] and warm.posts == first.posts
    changed = site / "posts" / "2026-06-01-roadmap.md"
    changed.write_text("---\ntitle: Changed on disk\n---\n")
    assert ContentIndex.load(site).posts["posts/2026-06-01-roadmap.md"].title == "Changed on disk"
    assert parsed == ["posts/2026-06-01-roadmap.md"]
    path.write_text("{ not a database")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    damaged = ContentIndex.load(site)
    rows = {
        path: dataclasses.replace(post, search_text=None) for path, post in damaged.posts.items()
    }
    memory = ContentIndex.load(site, use_cache=False).posts
    assert rows == {path: dataclasses.replace(p, search_text=None) for path, p in memory.items()}
    assert damaged.notes and "set aside" in damaged.notes[0]


def test_refining_queries() -> None:
    def refines(new: str, old: str) -> bool:
        return parse_query(new).refines(parse_query(old))

    assert refines("py", "p") and refines("python x", "pyt") and refines("a b", "b")
    assert not refines("p", "py") and not refines("tag:ab", "tag:a")
    assert not refines("x draft:true", "x") and refines("", "")


def test_cache_rows_follow_the_post_fields() -> None:
    import dataclasses

    from blogtui.domain.site import cache
    from blogtui.domain.site.post import Post

    names = tuple(field.name for field in dataclasses.fields(Post) if field.init)
    # All but the path (the key), the full fields and the search text (read from the files).
    assert names[1:-2] == cache._FIELDS


def test_a_field_query_on_a_warm_start_reads_the_fields_it_needs(tmp_path: Path) -> None:
    from blogtui.domain.site.query import filter_posts

    (tmp_path / "a.md").write_text("---\ntitle: A\nauthor: Ann\nrating: 4\n---\nbody\n")
    (tmp_path / "b.md").write_text('+++\ntitle = "B"\nupdated = 2024-05-01\n+++\n')
    (tmp_path / "c.md").write_text("---\ntitle: [broken\n---\n")
    ContentIndex.load(tmp_path, with_text=False)  # fills the cache
    warm = ContentIndex.load(tmp_path, with_text=False)
    assert all(post.fields is None for post in warm.posts.values() if not post.error)
    query = parse_query("author:ann")
    assert query.reads_files and not parse_query("tag:x draft:false date:2024").reads_files
    assert parse_query("sort:rating").reads_files and parse_query("has:updated").reads_files
    assert query.reads_fields and not parse_query("words only").reads_fields
    warm.fill_details()  # the texts: into the persistent index, the fields left there
    assert all(post.fields is None for post in warm.posts.values() if not post.error)
    warm.fill_fields()
    assert [p.path for p in filter_posts(warm.posts.values(), query, warm)] == ["a.md"]
    assert warm.posts["b.md"].fields == {"title": "B", "updated": "2024-05-01"}  # TOML's as text
    assert warm.posts["c.md"].fields == {}
    assert [p.path for p in filter_posts(warm.posts.values(), parse_query("rating:>3"), warm)] == [
        "a.md"
    ]


def test_spawned_workers_parse_the_same(site: Path) -> None:
    from blogtui.domain.site.parsers import _read_chunk, _read_spawned

    items = [(path, size, mtime) for path, (size, mtime) in scan(site).items()]
    shares = [items[0::2], items[1::2]]
    spawned = sorted(_read_spawned(site, shares, True), key=lambda post: post.path)
    assert spawned == sorted(_read_chunk(site, items, True), key=lambda post: post.path)


def test_search_finds_a_post_by_its_file_name(tmp_path: Path) -> None:
    (tmp_path / "2019-05-03-untitled-notes.md").write_text("---\ndate: 2019-05-03\n---\nbody\n")
    (tmp_path / "other.md").write_text("---\ntitle: Other\n---\nbody\n")
    for with_text in (True, False):  # with bodies read, and from index rows alone
        index = ContentIndex.load(tmp_path, with_text=with_text, use_cache=False)
        found = filter_posts(index.posts.values(), parse_query("untitled-notes"), index)
        assert [post.path for post in found] == ["2019-05-03-untitled-notes.md"]
