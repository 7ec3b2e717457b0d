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


async def test_the_post_list_keeps_the_highlighted_post_by_itself_or_by_its_path(
    tmp_path: Path,
) -> None:
    import dataclasses

    from textual.app import ComposeResult

    for number in range(300):
        (tmp_path / f"p{number:03}.md").write_text(f"---\ntitle: T{number}\n---\n")
    posts = sorted(
        ContentIndex.load(tmp_path, workers=1, use_cache=False).posts.values(),
        key=lambda post: post.path,
    )

    class Alone(App[None]):
        def compose(self) -> ComposeResult:
            yield PostList()

    async with Alone().run_test(size=(80, 20)) as pilot:
        post_list = pilot.app.query_one(PostList)
        post_list.set_posts(posts)
        post_list.cursor = 250
        await pilot.pause()
        post_list.set_posts(posts[200:])  # the same post, found by itself
        assert post_list.highlighted is posts[250]
        renewed = [dataclasses.replace(post) for post in posts]  # read again: new objects
        post_list.set_posts(renewed, groups=[("a", renewed[:100]), ("b", renewed[100:])])
        assert post_list.highlighted is renewed[250]  # found by its path, under a heading
        assert post_list.cursor == 252
        post_list.set_posts(posts[:10], keep=posts[5].path)
        assert post_list.highlighted is posts[5]
        post_list.set_posts(posts[:10], keep="gone.md")  # not there: the row it was on
        assert post_list.highlighted is posts[5]
