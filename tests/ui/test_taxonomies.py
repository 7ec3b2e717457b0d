"""The panel follows the site: its taxonomies, switched with T, hidden when there are none."""

from pathlib import Path

from blogtui.widgets.tag_panel import TagPanel
from tests.conftest import write_files

from .helpers import make_app, screen, settle, status, titles, wait_until


async def test_a_site_with_categories_and_tags_switches_the_panel(tmp_path: Path) -> None:
    site = write_files(
        tmp_path,
        {
            "_config.yml": "title: x\n",
            "_posts/2020-01-01-one.md": "---\ntitle: One\ncategories: [news]\ntags: [a]\n---\n",
            "_posts/2020-01-02-two.md": "---\ntitle: Two\ncategory: release\n---\n",
        },
    )
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        panel = main.query_one(TagPanel)
        assert main.browse.taxonomies == ["tags", "categories"] and panel.border_title == "Tags"
        await pilot.press("T")
        await wait_until(pilot, lambda: panel.border_title == "Categories")
        assert main.browse.counts == [("news", 1), ("release", 1)]
        await pilot.press("t")
        await wait_until(pilot, lambda: main.focused is panel)
        await pilot.press("down", "space")  # the second term: release
        await wait_until(pilot, lambda: main.browse.text == "category:release")
        assert titles(pilot) == ["Two"] and "filter: category:release" in status(pilot)


async def test_a_site_without_taxonomies_gets_the_panel_space_back(tmp_path: Path) -> None:
    site = write_files(
        tmp_path,
        {
            "eleventy.config.js": "export default function () {}\n",
            "content/about.md": "---\neleventyNavigation:\n  key: About\n---\n",
            "content/notes.md": "---\ntitle: Notes\n---\n",
        },
    )
    async with make_app(site / "content").run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        assert main.has_class("-no-taxonomies")
        assert not main.query_one(TagPanel).display
        assert sorted(titles(pilot)) == ["About", "Notes"]
        await pilot.press("t")
        await pilot.pause()
        assert main.focused is not main.query_one(TagPanel)
