"""Renames keep what Jekyll needs; `check` finds a post Jekyll would never build and two posts
that claim one old URL."""

from __future__ import annotations

from pathlib import Path

from blogtui.domain.ops.fileops import renamed_path
from blogtui.domain.site.check import check_folder
from blogtui.domain.site.generator import _detect


def jekyll(tmp_path: Path) -> Path:
    _detect.cache_clear()
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("plugins: [jekyll-redirect-from]\n")
    return tmp_path


def test_a_rename_in_posts_keeps_the_date_prefix(tmp_path: Path) -> None:
    site = jekyll(tmp_path)
    post = site / "_posts" / "2025-08-05-homebrew-4.6.0.md"
    post.write_text("---\ntitle: 4.6.0\n---\n")
    renamed = renamed_path(post, "homebrew-4-6-0-release.md")
    assert renamed.name == "2025-08-05-homebrew-4-6-0-release.md"
    assert renamed_path(renamed, "2025-08-06-moved").name == "2025-08-06-moved.md"  # a new date
    page = site / "about.md"
    page.write_text("---\ntitle: About\n---\n")
    assert renamed_path(page, "team").name == "team.md"  # pages have no date to keep


def test_check_finds_an_undated_post_and_an_alias_claimed_twice(tmp_path: Path) -> None:
    site = jekyll(tmp_path)
    (site / "_posts" / "release-notes.md").write_text("---\ntitle: R\n---\n")
    (site / "_posts" / "2025-01-01-a.md").write_text("---\ntitle: A\nredirect_from: /old/\n---\n")
    (site / "_posts" / "2025-01-02-b.md").write_text(
        "---\ntitle: B\nredirect_from: [/other/, old]\n---\n"
    )
    found = {(p.path, p.rule, p.field) for p in check_folder(site, None)}
    assert found == {
        ("_posts/release-notes.md", "post-name", None),
        ("_posts/2025-01-01-a.md", "duplicate-url", "redirect_from"),
        ("_posts/2025-01-02-b.md", "duplicate-url", "redirect_from"),
    }


def test_translations_may_share_an_alias(tmp_path: Path) -> None:
    _detect.cache_clear()
    (tmp_path / "hugo.toml").write_text("")
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    for name in ("a.md", "a.fr.md"):
        (posts / name).write_text("---\ntitle: A\naliases: [/old]\n---\n")
    assert [p for p in check_folder(tmp_path, None) if p.rule == "duplicate-url"] == []
