"""The checks of the site as a web of pages: links that reach no file (as the link graph
resolves them), translations that fell behind their source."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from blogtui.domain.files.postfiles import POST_SUFFIXES
from blogtui.domain.site.generator import SiteInfo
from blogtui.domain.site.linkgraph import LinkGraph
from blogtui.domain.site.post import Post
from blogtui.domain.site.rules import RULES, Problem
from blogtui.domain.site.translations import (
    Translations,
    behind,
    languages_of,
    last_change,
    when,
)


def link_problems(graph: LinkGraph, post: Post) -> list[Problem]:
    """A post's links that reach no file, as the site's link graph resolves them: a post named
    (a relative `.md` link, `@/`, `ref`, `link`, `post_url`) or an image."""
    problems = []
    for link in graph.outgoing(post.path):
        if not link.broken or link.kind == "field":
            continue
        if link.kind == "image":
            message = f"image {link.target} is not in the site"
            problems.append(
                Problem(post.path, RULES["media"][0], None, message, "media", link.line)
            )
        elif link.kind != "markdown" or _names_post(link.target):
            message = f"link to a post that does not exist: {link.target}"
            problems.append(Problem(post.path, RULES["link"][0], None, message, "link", link.line))
    return problems


def _names_post(target: str) -> bool:
    return target.startswith("@/") or unquote(target.split("#")[0].split("?")[0]).lower().endswith(
        POST_SUFFIXES
    )


def translation_problems(root: Path, info: SiteInfo, posts: list[Post]) -> list[Problem]:
    translations = Translations.of(languages_of(root, info), posts)
    problems = []
    for post, source in behind(translations, {post.path: post for post in posts}):
        message = (
            f"older than its source {source.path} (changed {when(last_change(post))}; the "
            f"source {when(last_change(source))})"
        )
        problems.append(Problem(post.path, RULES["translation-behind"][0], None, message,
                                "translation-behind"))  # fmt: skip
    return problems
