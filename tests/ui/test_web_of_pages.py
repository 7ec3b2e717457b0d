"""The site as a web of pages in the app: who links to a post, translations, images."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from blogtui.domain.site.generator import _detect
from blogtui.screens.dialogs import ChoiceScreen, PromptScreen
from blogtui.screens.form import FormScreen
from blogtui.widgets import pictures
from blogtui.widgets.pictures import Pictures
from blogtui.widgets.post_list import PostList
from blogtui.widgets.preview import Preview
from tests.ui.helpers import make_app, screen, settle, wait_until


def hugo_site(tmp_path: Path) -> Path:
    _detect.cache_clear()
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n'
    )
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text("---\ntitle: Alpha\ndate: 2024-01-03\n---\nSee [b](b.md).\n")
    (posts / "b.md").write_text(
        "---\ntitle: Beta\ndate: 2024-01-02\ncover:\n  image: /cat.png\n---\n![cat](/cat.png)\n"
    )
    (posts / "b.fr.md").write_text("---\ntitle: Bêta\ndate: 2024-01-02\n---\nSalut\n")
    return tmp_path / "content"


def highlighted(pilot: object) -> str | None:
    post = screen(pilot).query_one(PostList).highlighted  # type: ignore[arg-type]
    return post.path if post is not None else None


def header(pilot: object) -> str:
    return str(screen(pilot).query_one("#preview-header").render())  # type: ignore[arg-type]


async def test_linked_from_shows_and_jumps(tmp_path: Path) -> None:
    site = hugo_site(tmp_path)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen(pilot).select_path("posts/b.md")
        await wait_until(pilot, lambda: "linked from: 1 post: posts/a.md" in header(pilot))
        assert "lang: en · translations: fr (posts/b.fr.md)" in header(pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: highlighted(pilot) == "posts/a.md")


async def test_o_cycles_the_preview_through_translations(tmp_path: Path) -> None:
    site = hugo_site(tmp_path)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen(pilot).select_path("posts/b.md")
        await wait_until(pilot, lambda: "Beta" in header(pilot))
        await pilot.press("o")
        await wait_until(pilot, lambda: "Bêta" in header(pilot))
        assert highlighted(pilot) == "posts/b.md"  # the list stays; only the preview turns
        await pilot.press("o")
        await wait_until(pilot, lambda: "Beta" in header(pilot))


async def test_n_makes_a_translation_and_opens_its_form(tmp_path: Path) -> None:
    site = hugo_site(tmp_path)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen(pilot).select_path("posts/a.md")
        await pilot.pause()
        await pilot.press("N")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        assert pilot.app.screen.query_one(Input).value == "fr"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
    made = site / "posts" / "a.fr.md"
    assert made.read_text() == "---\ntitle: Alpha\ndate: 2024-01-03\n---\n"


@pytest.fixture
def drawing() -> Iterator[None]:
    from textual_image.widget import UnicodeImage

    pictures.use(UnicodeImage)  # the one kind that draws without a terminal to ask
    yield
    pictures.use(None)


def png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (64, 48), (200, 30, 30)).save(path)


async def test_images_are_drawn_where_the_terminal_can(tmp_path: Path, drawing: None) -> None:
    site = hugo_site(tmp_path)
    (tmp_path / "static").mkdir()
    png(tmp_path / "static" / "cat.png")
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen(pilot).select_path("posts/b.md")
        shown = screen(pilot).query_one(Preview).query_one(Pictures)
        await wait_until(pilot, lambda: len(shown.children) == 1)  # the field's and the body's
        screen(pilot).select_path("posts/a.md")
        await wait_until(pilot, lambda: len(shown.children) == 0)


def test_a_huge_or_broken_image_is_named_not_decoded(tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    with open(huge, "wb") as handle:
        handle.truncate(pictures.MAX_IMAGE_BYTES + 1)  # sparse: no disk used
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    assert pictures.thumbnail(huge) is None
    assert pictures.thumbnail(broken) is None
    assert pictures.thumbnail(tmp_path / "gone.png") is None
    png(tmp_path / "fine.png")
    assert pictures.thumbnail(tmp_path / "fine.png").size == (64, 48)


def test_no_terminal_is_asked_unless_it_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("TERM_PROGRAM", "LC_TERMINAL", "KITTY_WINDOW_ID", "KONSOLE_VERSION"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("BLOGTUI_IMAGES", "auto")
    pictures.prepare()
    assert not pictures.draws()
    monkeypatch.setenv("BLOGTUI_IMAGES", "off")
    monkeypatch.setenv("TERM", "xterm-kitty")
    pictures.prepare()
    assert not pictures.draws() and os.environ["TERM"] == "xterm-kitty"


async def test_the_grid_edits_cells_as_one_undoable_change(site: Path) -> None:
    from blogtui.screens.changes import ChangeSetScreen
    from blogtui.screens.grid import GridScreen
    from blogtui.widgets.field_grid import FieldGrid

    posts = site / "posts"
    before = {p.name: p.read_bytes() for p in posts.iterdir()}
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        pilot.app.screen.query_one(Input).value = "title, tags"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, GridScreen))
        grid = pilot.app.screen.query_one(FieldGrid)
        assert grid.rows[0][0] == "posts/2026-06-01-roadmap.md" and grid.fields == ["title", "tags"]
        await pilot.press("enter")  # the roadmap's title
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        pilot.app.screen.query_one(Input).value = "Roadmap 2027"
        await pilot.press("enter")
        await pilot.press("j", "l", "enter")  # the next post's tags
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        pilot.app.screen.query_one(Input).value = "performance; speed"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(grid.edited) == 2)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ChangeSetScreen))
        await wait_until(
            pilot, lambda: b"Roadmap 2027" in (posts / "2026-06-01-roadmap.md").read_bytes()
        )
        assert b"  - speed\n" in (posts / "2026-05-08-big-sites.md").read_bytes()
        changed = [p.name for p in posts.iterdir() if p.read_bytes() != before[p.name]]
        assert sorted(changed) == ["2026-05-08-big-sites.md", "2026-06-01-roadmap.md"]
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: {p.name: p.read_bytes() for p in posts.iterdir()} == before)
