"""Each generator's conventions: detection, titles, dates, drafts, taxonomies, kinds of page."""

from pathlib import Path

from blogtui.domain.site.generator import detect
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.post import Post
from tests.conftest import write_files


def rows(content: Path) -> dict[str, Post]:
    return ContentIndex.load(content, workers=1, use_cache=False).posts


def test_hugo_keys_taxonomies_sections_and_headless(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "hugo.toml": (
                '[taxonomies]\n  tag = "tags"\n  series = "series"\n  author = "authors"\n'
            ),
            "content/posts/_index.md": "---\ntitle: Posts\ncascade:\n  draft: false\n---\n",
            "content/posts/upper.md": "---\nTitle: Upper\nDate: 2021-02-03\nTags: [a]\n---\n",
            "content/posts/link.md": "---\nlinkTitle: Short\nseries: [s1]\nauthors: [ann]\n---\n",
            "content/headless/index.md": "---\nheadless: true\n---\n",
            "content/never.md": "---\ntitle: N\nbuild:\n  render: never\n---\n",
        },
    )
    info = detect(tmp_path / "content")
    assert info.generator == "hugo" and info.taxonomies[:3] == ("tags", "series", "authors")
    assert info.content_roots == (tmp_path / "content",)
    posts = rows(tmp_path / "content")
    upper = posts["posts/upper.md"]
    assert (upper.title, upper.title_source, upper.date, upper.tags) == (
        "Upper",
        "field",
        "2021-02-03",
        ("a",),
    )
    link = posts["posts/link.md"]
    assert (link.title, link.title_source) == ("Short", "fallback")
    assert link.terms == {"series": ("s1",), "authors": ("ann",)}
    assert posts["posts/_index.md"].kind == "section"
    assert posts["headless/index.md"].kind == "headless"
    assert posts["never.md"].kind == "headless"


def test_jekyll_dates_titles_drafts_and_categories(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "_config.yml": "title: Blog\n",
            "_posts/2014-05-06-jekyll-turns-two.markdown": "---\ncategories: news release\n---\n",
            "_posts/2015-01-01-titled.md": "---\ntitle: Titled\ncategory: release\n---\n",
            "_posts/2016-01-01-hidden.md": "---\ntitle: Hidden\npublished: false\n---\n",
            "_drafts/idea.md": "---\ntitle: Idea\n---\n",
        },
    )
    assert detect(tmp_path).generator == "jekyll"
    posts = rows(tmp_path)
    first = posts["_posts/2014-05-06-jekyll-turns-two.markdown"]
    assert (first.title, first.title_source) == ("Jekyll Turns Two", "file name")
    assert (first.date, first.date_source) == ("2014-05-06", "file name")
    assert first.terms == {"categories": ("news", "release")}
    assert posts["_posts/2015-01-01-titled.md"].terms == {"categories": ("release",)}
    assert posts["_posts/2016-01-01-hidden.md"].draft and posts["_drafts/idea.md"].draft
    index = ContentIndex.load(tmp_path, workers=1, use_cache=False)
    assert index.term_counts("categories") == [("release", 2), ("news", 1)]
    assert index.taxonomies() == ["categories"]


def test_eleventy_titles_fall_back_and_a_tag_string_is_one_tag(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "eleventy.config.js": "export default function () {}\n",
            "content/about.md": "---\neleventyNavigation:\n  key: About\n---\n",
            "content/blog/post.md": "---\ntitle: A post\ntags: another tag\n---\n",
            "content/notes.md": "No frontmatter.\n",
            "content/_includes/piece.md": "---\ntitle: piece\n---\n",
        },
    )
    posts = rows(tmp_path / "content")
    assert (posts["about.md"].title, posts["about.md"].title_source) == ("About", "fallback")
    assert posts["notes.md"].title is None and posts["notes.md"].display_title == "notes"
    assert posts["blog/post.md"].tags == ("another tag",)
    assert posts["_includes/piece.md"].kind == "snippet"


def test_zola_toml_dates_and_taxonomies_table(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "config.toml": (
                'base_url = "https://example.org"\ntaxonomies = [{name = "theme-tags"}]\n'
            ),
            "content/themes/ergo/index.md": (
                '\n+++\ntitle = "Ergo"\ndate = 2025-04-30T17:15:25+05:30\n'
                "[taxonomies]\ntheme-tags = ['minimal', 'blog']\n+++\nBody\n"
            ),
            "content/2020-03-04-dated/index.md": '+++\ntitle = "Dated"\n+++\n',
        },
    )
    info = detect(tmp_path / "content")
    assert info.generator == "zola" and info.taxonomies[0] == "theme-tags"
    posts = rows(tmp_path / "content")
    ergo = posts["themes/ergo/index.md"]
    assert ergo.date == "2025-04-30T17:15:25+05:30" and ergo.date_source == "field"
    assert ergo.terms == {"theme-tags": ("minimal", "blog")}
    dated = posts["2020-03-04-dated/index.md"]
    assert (dated.date, dated.date_source) == ("2020-03-04", "file name")


def test_astro_collections_and_mdx_posts(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "astro.config.mjs": "export default {}\n",
            "src/content/blog/first.md": '---\ntitle: "First"\npubDate: "Jul 08 2022"\n---\n',
            "src/content/blog/second.mdx": (
                "---\ntitle: Second\npubDate: 2022-07-22\n---\nimport X from './x.astro'\n<X />\n"
            ),
        },
    )
    info = detect(tmp_path / "src" / "content")
    assert info.generator == "astro" and tmp_path / "src" / "content" in info.content_roots
    posts = rows(tmp_path / "src" / "content")
    assert posts["blog/first.md"].date == "2022-07-08"
    assert posts["blog/second.mdx"].date == "2022-07-22"


def test_a_folder_without_a_generator_keeps_the_common_ground(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.md": "---\ntitle: A\ntags: x y\nkeywords: [k]\n---\n"})
    info = detect(tmp_path)
    assert info.generator == "unknown"
    post = rows(tmp_path)["a.md"]
    assert post.tags == ("x", "y") and post.terms == {"keywords": ("k",)}
