"""Screens are handed their data: each runs in a bare Textual app, with no BlogApp behind it."""

from pathlib import Path

from textual.app import App

from blogtui.domain.ops.edit import load_post
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.service import Site
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


async def test_posts_read_so_far_are_shown_but_nothing_acts_until_all_are(site: Path) -> None:
    from blogtui.widgets.status_line import StatusLine

    _, index = loaded_site(site)
    given = Site(site)  # no index yet: still reading
    main = MainScreen(given)
    app: App[None] = App()
    before = {p.name: p.read_bytes() for p in (site / "posts").iterdir()}
    async with app.run_test(size=(120, 36)) as pilot:
        await app.push_screen(main)
        first = sorted(index.posts.values(), key=lambda post: post.path)[:5]
        main.show_partial(first, 5, 12)
        post_list = main.query_one(PostList)
        await wait_until(pilot, lambda: len(post_list.posts) == 5)
        main.show_partial(None, 9, 12)  # only the count moves
        status = str(main.query_one(StatusLine).render())
        assert status.startswith("Reading posts… 9 of 12") and len(post_list.posts) == 5
        await pilot.press("n", "d", "e")  # new, delete, edit: all wait for the whole index
        await pilot.pause()
        assert app.screen is main and not (site / ".blogtui-trash").exists()
        await pilot.press("slash", *"welcome")  # looking is fine: search the posts read so far
        await wait_until(pilot, lambda: main.browse.text == "welcome")
        given.index = index
        main.index_loaded()
        await wait_until(
            pilot, lambda: not str(main.query_one(StatusLine).render()).startswith("Reading")
        )
    assert {p.name: p.read_bytes() for p in (site / "posts").iterdir()} == before
