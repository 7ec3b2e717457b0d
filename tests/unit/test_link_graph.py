"""The link graph: what it finds, what it keeps between runs, and how it follows changes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from blogtui.domain.site import linkcache
from blogtui.domain.site.generator import _detect
from blogtui.domain.site.linkgraph import LinkGraph
from blogtui.domain.site.urls import public_url, url_key


def zola(tmp_path: Path) -> Path:
    _detect.cache_clear()
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "config.toml").write_text('base_url = "https://example.org"\n')
    blog = tmp_path / "content" / "blog"
    blog.mkdir(parents=True)
    (blog / "a.md").write_text('+++\ntitle = "A"\n+++\n[b](@/blog/b.md) [url](/blog/b/)\n')
    (blog / "b.md").write_text('+++\ntitle = "B"\n+++\n```\n[not](@/blog/a.md)\n```\n')
    return tmp_path


def links(graph: LinkGraph) -> dict[str, list[tuple[str, str | None]]]:
    return {
        p: [(link.target, link.resolved) for link in page.links] for p, page in graph.pages.items()
    }


def test_file_and_url_links_resolve_and_fenced_code_is_no_link(tmp_path: Path) -> None:
    graph = LinkGraph.of_site(zola(tmp_path) / "content")
    assert links(graph) == {
        "content/blog/a.md": [
            ("@/blog/b.md", "content/blog/b.md"),
            ("/blog/b/", "content/blog/b.md"),
        ],
        "content/blog/b.md": [],
    }
    assert [source for source, _ in graph.incoming("content/blog/b.md")] == [
        "content/blog/a.md"
    ] * 2


def test_a_change_is_followed_in_one_update(tmp_path: Path) -> None:
    site = zola(tmp_path)
    graph = LinkGraph.of_site(site / "content")
    (site / "content/blog/b.md").write_text('+++\ntitle = "B"\n+++\nBack to [a](@/blog/a.md)\n')
    graph.update(["content/blog/b.md"])
    assert [s for s, _ in graph.incoming("content/blog/a.md")] == ["content/blog/b.md"]
    os.remove(site / "content/blog/a.md")
    graph.update(["content/blog/a.md"])
    assert graph.incoming("content/blog/b.md") == []
    assert [link.broken for link in graph.outgoing("content/blog/b.md")] == [True]


def test_findings_are_kept_and_a_changed_post_is_read_again(tmp_path: Path) -> None:
    site = zola(tmp_path)
    first = LinkGraph.of_site(site / "content")
    assert linkcache._path(site) is not None and linkcache._path(site).exists()  # type: ignore[union-attr]
    (site / "content/blog/a.md").write_text('+++\ntitle = "A"\n+++\nNo links now, and longer.\n')
    again = LinkGraph.of_site(site / "content")
    assert links(again)["content/blog/a.md"] == []
    assert links(first)["content/blog/b.md"] == links(again)["content/blog/b.md"]


@pytest.mark.parametrize(
    "damage",
    [
        b"not json",
        b"[]",
        json.dumps({"version": 1, "conventions": "x", "posts": {}}).encode(),
        None,  # crafted: right conventions, wrong shapes and types
    ],
)
def test_a_damaged_or_crafted_cache_changes_nothing(tmp_path: Path, damage: bytes | None) -> None:
    site = zola(tmp_path)
    expected = links(LinkGraph.of_site(site / "content"))
    path = linkcache._path(site)
    assert path is not None
    if damage is None:
        data = json.loads(path.read_bytes())
        data["posts"]["content/blog/a.md"][2][2] = [["markdown", 7, "x", None], "junk"]
        data["posts"]["content/blog/b.md"] = [1, 2, 3]
        damage = json.dumps(data).encode()
    path.write_bytes(damage)
    assert links(LinkGraph.of_site(site / "content")) == expected


def test_a_read_only_cache_folder_only_means_reading_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = zola(tmp_path / "site")
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o500)
    monkeypatch.setenv("BLOGTUI_CACHE_DIR", str(cache))
    try:
        assert links(LinkGraph.of_site(site / "content"))["content/blog/a.md"][0][1] == (
            "content/blog/b.md"
        )
    finally:
        cache.chmod(0o700)


def test_urls_by_each_generators_rules() -> None:
    from blogtui.domain.site.generator import SiteInfo

    hugo = SiteInfo("hugo", Path("/s"), config={"permalinks": {"posts": "/:year/:month/:slug/"}})
    meta = {"title": "Hello World", "date": "2024-03-05"}
    assert public_url("posts/hello.md", meta, hugo) == "/2024/03/hello-world/"
    assert public_url("about/index.md", {}, SiteInfo("hugo", Path("/s"))) == "/about/"
    assert public_url("blog/2024-01-02-x.md", {}, SiteInfo("zola", Path("/s"))) == "/blog/x/"
    jekyll = SiteInfo("jekyll", Path("/s"), config={"permalink": "pretty"})
    assert public_url("_posts/2024-01-02-x.md", {"categories": "a b"}, jekyll) == (
        "/a/b/2024/01/02/x/"
    )
    assert public_url("_posts/2024-01-02-x.md", {}, SiteInfo("jekyll", Path("/s"))) == (
        "/2024/01/02/x.html"
    )
    astro = SiteInfo("astro", Path("/s"))
    assert public_url("src/content/blog/first-post.md", {}, astro) == "/blog/first-post/"
    assert url_key("https://example.org/a/b/index.html#top") == url_key("/a/b/") == "a/b"


def test_a_big_first_build_read_on_two_cores_finds_what_one_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.domain.site import linkfork

    site = zola(tmp_path)
    blog = site / "content" / "blog"
    for number in range(60):
        (blog / f"p{number}.md").write_text(
            f'+++\ntitle = "P{number}"\n+++\n[next](@/blog/p{(number + 1) % 60}.md) [a](/blog/a/)\n'
        )
    monkeypatch.setattr(linkfork, "FORK_FROM", 10)  # the fork, on a site small enough to test
    monkeypatch.setenv("BLOGTUI_NO_CACHE", "1")
    paths = sorted(str(p.relative_to(site)) for p in (site / "content").rglob("*.md"))
    graph = LinkGraph.empty(site)
    apart = linkfork.found_apart(graph, paths)
    assert apart is not None and apart == {path: graph.found_in(path) for path in paths}
    assert links(LinkGraph.of_site(site / "content"))["content/blog/p3.md"] == [
        ("@/blog/p4.md", "content/blog/p4.md"),
        ("/blog/a/", "content/blog/a.md"),
    ]
