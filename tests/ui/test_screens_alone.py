"""Screens are handed their data: each runs in a bare Textual app, with no BlogApp behind it."""

from pathlib import Path

from textual.app import App

from blogtui.domain.ops.edit import load_post
from blogtui.domain.site.folder import Site
from blogtui.domain.site.index import ContentIndex
from blogtui.screens.form import FormScreen
from blogtui.screens.main import MainScreen
from blogtui.widgets.post_list import PostList

from .helpers import wait_until


def loaded_site(root: Path) -> tuple[Site, ContentIndex]:
    index = ContentIndex.load(root, workers=1, use_cache=False)
    return Site(root, index=index), index


async def test_the_main_screen_needs_only_a_site(site: Path) -> None:
    given, index = loaded_site(site)
    main = MainScreen(given)
    app: App[None] = App()
    async with app.run_test(size=(120, 36)) as pilot:
        await app.push_screen(main)
        main.index_loaded()
        await wait_until(pilot, lambda: len(main.query_one(PostList).posts) == len(index.posts))
        await pilot.press("slash", *"tag:editing")
        await wait_until(pilot, lambda: main.browse.text == "tag:editing")
        shown = main.query_one(PostList).posts
        assert shown and all("editing" in post.folded_tags for post in shown)
        # A file operation refreshes the site it was given, not an app.
        await pilot.press("escape", "c")
        await wait_until(pilot, lambda: len(index.posts) == len(list(site.rglob("*.md"))))


async def test_the_form_needs_only_the_post_and_the_site(site: Path) -> None:
    given, _ = loaded_site(site)
    path = next(iter(sorted(site.rglob("*.md"))))
    form = FormScreen(load_post(path, site), given.relative(path), given)
    app: App[None] = App()
    async with app.run_test(size=(120, 36)) as pilot:
        await app.push_screen(form)
        await pilot.pause()
        assert form.rows and not form.is_dirty()
