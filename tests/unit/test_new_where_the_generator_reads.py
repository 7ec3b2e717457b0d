"""`new` and `new --draft` write where the generator reads posts, as it reads drafts, in the
site's own format: one small site per generator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from blogtui.domain.formats.document import parse_matter, split
from blogtui.domain.ops.newpost import create_post
from blogtui.domain.ops.placement import NoDraftError
from blogtui.domain.site.generator import _detect
from blogtui.domain.site.schema import load_site_config
from blogtui.domain.site.scope import _scope_of

WHEN = dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def _fresh_detection() -> None:
    _detect.cache_clear()
    _scope_of.cache_clear()


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def new(root: Path, draft: bool = False, folder: Path | None = None) -> tuple[str, str]:
    path = create_post(folder or root, "Great coffee", [], WHEN, load_site_config(root), draft)
    return path.relative_to(root).as_posix(), path.read_text()


def test_jekyll_posts_go_to_posts_dated_and_drafts_to_drafts(tmp_path: Path) -> None:
    root = write(
        tmp_path, {"_config.yml": "title: x\n", "_posts/2025-01-01-a.md": "---\ntitle: A\n---\n"}
    )
    assert new(root) == ("_posts/2026-12-06-great-coffee.md", "---\ntitle: Great coffee\n---\n")
    path, text = new(root, draft=True)
    assert path == "_drafts/great-coffee.md" and "draft" not in text  # Jekyll ignores draft:
    pages = root / "pages"
    pages.mkdir()
    path, text = new(root, draft=True, folder=pages)
    assert path == "pages/great-coffee.md" and "published: false\n" in text


def test_hugo_writes_in_the_sites_format_from_the_sections_archetype(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "hugo.toml": 'title = "x"\n',
            "content/posts/a.md": '+++\ntitle = "A"\ndate = 2025-01-01\n+++\n',
            "archetypes/posts.md": (
                '+++\ntitle = \'{{ replace .File.ContentBaseName "-" " " | title }}\'\n'
                "date = {{ .Date }}\ndraft = true\nseries = []\n+++\n"
            ),
        },
    )
    path, text = new(root)
    assert path == "content/posts/great-coffee.md"
    assert text == (
        "+++\ntitle = 'Great coffee'\ndate = 2026-12-06T09:30:00+00:00\ndraft = false\n"
        "series = []\n+++\n"
    )
    assert "draft = true\n" in new(root, draft=True)[1]


def test_zola_writes_toml_in_content(tmp_path: Path) -> None:
    root = write(
        tmp_path, {"config.toml": 'base_url = "https://x"\n', "content/_index.md": "+++\n+++\n"}
    )
    path, text = new(root, draft=True)
    assert path == "content/great-coffee.md"
    assert parse_matter(split(text)) == {
        "title": "Great coffee",
        "date": dt.date(2026, 12, 6),
        "draft": True,
    }


ASTRO_CONFIG = """import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";
// a comment with a glob-like **/* in it
const post = defineCollection({
  loader: glob({ base: "./content/posts", pattern: "**/*.{md,mdx}" }),
  schema: ({ image }) => z.object({
    title: z.string().max(60),
    description: z.string(),
    publishDate: z.coerce.date(),
    draft: z.boolean().default(false),
    tags: z.array(z.string()).default([]),
    cover: image().optional(),
    level: z.enum(["easy", "hard"]).optional(),
  }),
});
export const collections = { post };
"""


def test_astro_5_collections_give_the_folder_the_required_fields_and_widgets(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path,
        {"astro.config.mjs": "export default {}\n", "src/content.config.ts": ASTRO_CONFIG},
    )
    config = load_site_config(root)
    assert config is not None and config.source == "astro"
    (post,) = config.collections
    assert post.folder == (root / "content" / "posts").resolve()
    widgets = {f.name: (f.widget, f.required) for f in post.fields}
    assert widgets == {
        "title": ("string", True),
        "description": ("string", True),
        "publishDate": ("datetime", True),
        "draft": ("boolean", False),
        "tags": ("list", False),
        "cover": ("image", False),
        "level": ("select", False),
    }
    path, text = new(root, draft=True)
    assert path == "content/posts/great-coffee.md"
    fields = parse_matter(split(text))
    assert fields["description"] == "" and fields["draft"] is True and "publishDate" in fields


def test_a_site_with_no_drafts_says_so_instead_of_writing_one(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "gatsby-config.js": "module.exports = {}\n",
            "static/admin/config.yml": (
                "collections:\n  - name: blog\n    folder: src/pages/blog\n    create: true\n"
                "    fields: [{name: title}, {name: date, widget: datetime}]\n"
            ),
            "src/pages/blog/a.md": "---\ntitle: A\n---\n",
        },
    )
    with pytest.raises(NoDraftError, match="no draft mechanism"):
        new(root, draft=True)
    path, text = new(root)
    assert path == "src/pages/blog/great-coffee.md" and "draft" not in text


def test_eleventy_has_drafts_only_where_its_config_reads_them(tmp_path: Path) -> None:
    root = write(
        tmp_path, {".eleventy.js": "module.exports = () => ({})\n", "posts/a.md": "---\n---\n"}
    )
    with pytest.raises(NoDraftError):
        new(root, draft=True, folder=root / "posts")
    (root / ".eleventy.js").write_text("// skip data.draft in production\nmodule.exports = {}\n")
    _detect.cache_clear()
    assert "draft: true" in new(root, draft=True, folder=root / "posts")[1]


def listed(root: Path) -> list[str]:
    from blogtui.domain.site.index import ContentIndex

    return sorted(ContentIndex.load(root, with_text=False, use_cache=False).posts)


DOCS = {
    "README.md": "# The repo\n",
    "CONTRIBUTING.md": "# How to help\n",
    ".github/PULL_REQUEST_TEMPLATE.md": "## What\n",
}


def test_at_a_site_root_only_what_the_generator_builds_is_listed(tmp_path: Path) -> None:
    hugo = write(tmp_path / "hugo", {**DOCS, "hugo.toml": "", "content/posts/a.md": "---\n---\n"})
    assert listed(hugo) == ["content/posts/a.md"]
    assert listed(hugo / "content") == ["posts/a.md"]  # opened at the content folder: all
    jekyll = write(
        tmp_path / "jekyll",
        {
            **DOCS,
            "_config.yml": "exclude: [notes/]\ncollections: {recipes: {output: true}}\n",
            "_posts/2025-01-01-a.md": "---\ntitle: A\n---\n",
            "_drafts/b.md": "---\ntitle: B\n---\n",
            "_recipes/soup.md": "---\ntitle: Soup\n---\n",
            "_includes/bit.md": "---\n---\n",
            "about.md": "---\ntitle: About\n---\n",
            "notes/todo.md": "---\ntitle: Todo\n---\n",
            "vendor/bundle/gem.md": "---\n---\n",
        },
    )
    assert listed(jekyll) == [
        "_drafts/b.md",
        "_posts/2025-01-01-a.md",
        "_recipes/soup.md",
        "about.md",
    ]
    eleventy = write(
        tmp_path / "eleventy",
        {
            **DOCS,
            ".eleventy.js": "module.exports = () => ({ dir: { input: '.', output: '_site' } })\n",
            ".eleventyignore": "README.md\nCONTRIBUTING.md\n",
            "blog/a.md": "---\n---\n",
            "_includes/x.md": "",
            "_site/blog/a.md": "",
        },
    )
    assert listed(eleventy) == ["blog/a.md"]
    decap = write(
        tmp_path / "decap",
        {
            **DOCS,
            "gatsby-config.js": "",
            "static/admin/config.yml": "collections: [{name: blog, folder: src/pages/blog}]\n",
            "src/pages/blog/a.md": "---\n---\n",
            "src/pages/about/index.md": "---\n---\n",
        },
    )
    assert listed(decap) == ["src/pages/about/index.md", "src/pages/blog/a.md"]
    astro = write(
        tmp_path / "astro",
        {
            **DOCS,
            "astro.config.mjs": "",
            "src/content.config.ts": ASTRO_CONFIG,
            "content/posts/a.md": "---\n---\n",
            "src/pages/about.md": "---\n---\n",
        },
    )
    assert listed(astro) == ["content/posts/a.md", "src/pages/about.md"]
