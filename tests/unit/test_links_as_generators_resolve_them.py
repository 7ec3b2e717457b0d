"""Links and images the way the generator resolves them: Zola's `@/`, code that is not a
link, images in bodies and in nested fields, `[check] ignore` from any folder."""

from __future__ import annotations

from pathlib import Path

from blogtui.domain.site.check import check_folder
from blogtui.domain.site.generator import _detect
from blogtui.domain.site.links import blank_code, links_in
from blogtui.domain.site.scope import _scope_of
from blogtui.domain.site.sitefile import load_site_file


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    _detect.cache_clear()
    _scope_of.cache_clear()
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def rules(root: Path, only: str) -> list[tuple[str, int | None]]:
    settings = load_site_file(root, _detect(str(root)).site_root).check
    return [(p.path, p.line) for p in check_folder(root, None, settings=settings, only=[only])]


def test_zola_at_links_resolve_from_content_wherever_the_post_is(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "config.toml": 'base_url = "https://x"\n',
            "content/docs/deep/page.md": (
                '+++\ntitle = "P"\n+++\nSee [a](@/blog/a.md), [b](@/blog/a.md#top) and '
                "[gone](@/blog/gone.md).\n"
            ),
            "content/blog/a.md": '+++\ntitle = "A"\n+++\n',
        },
    )
    assert rules(root, "link") == [("content/docs/deep/page.md", 4)]
    assert rules(root / "content", "link") == [("docs/deep/page.md", 4)]


def test_links_in_code_are_not_links() -> None:
    body = (
        "Real [one](a.md).\n\n```md\n[fenced](gone.md)\n```\n\n  ~~~\n[tilde](gone.md)\n  ~~~\n"
        "Inline `[span](gone.md)` and ``[double](gone.md)``.\n"
    )
    assert [(link.target, body[link.offset : link.offset + 4]) for link in links_in(body)] == [
        ("a.md", "a.md")
    ]
    assert len(blank_code(body)) == len(body) and blank_code(body).count("\n") == body.count("\n")


def test_images_in_bodies_and_nested_fields_are_checked(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "hugo.toml": "",
            "static/img/there.png": "",
            "content/posts/bundle/index.md": (
                "---\ntitle: B\ncover:\n  image: /img/there.png\n---\n"
                "![ok](photo.jpg) ![ok](/img/there.png) ![gone](/img/gone.png)\n"
                '<img src="missing.gif"> <img src="{{ "/x.gif" | url }}"> ![web](https://x/y.png)\n'
            ),
            "content/posts/bundle/photo.jpg": "",
            "content/posts/bad.md": "---\ntitle: C\ncover:\n  image: /img/nope.png\n---\n",
        },
    )
    found = [(p.path, p.field, p.message) for p in check_folder(root, None, only=["media"])]
    assert found == [
        ("content/posts/bad.md", "cover", "/img/nope.png is not in the site"),
        ("content/posts/bundle/index.md", None, "image /img/gone.png is not in the site"),
        ("content/posts/bundle/index.md", None, "image missing.gif is not in the site"),
    ]


def test_check_ignore_is_relative_to_the_content_folder_from_either_folder(
    tmp_path: Path,
) -> None:
    root = site(
        tmp_path,
        {
            "hugo.toml": "",
            ".blogtui.toml": '[check]\nignore = ["drafts/*.md"]\n',
            "content/drafts/a.md": "---\ntitle: A\ndate: someday\n---\n",
            "content/posts/b.md": "---\ntitle: B\ndate: someday\n---\n",
        },
    )
    assert rules(root, "date") == [("content/posts/b.md", 3)]
    assert rules(root / "content", "date") == [("posts/b.md", 3)]
