"""A CMS collection with thousands of fields: the form mounts a page at a time, a keystroke
checks one field, and a save still writes only what changed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input

from blogtui.screens.form import PAGE
from tests.ui.helpers import make_app, wait_until
from tests.ui.test_editing import changed_lines, open_form

FIELDS = 2000


def huge_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "admin").mkdir(parents=True)
    (site / "posts").mkdir()
    fields = "".join(
        f"      - {{name: f{n}, label: F{n}, widget: string}}\n" for n in range(FIELDS)
    )
    (site / "admin" / "config.yml").write_text(
        "backend: {name: git-gateway}\nmedia_folder: static\ncollections:\n"
        "  - name: posts\n    folder: posts\n    create: true\n    fields:\n"
        + fields
        + "      - {name: title, label: Title, widget: string}\n"
    )
    (site / "posts" / "a.md").write_text("---\ntitle: A\nf0: zero\nf1999: last\n---\nBody\n")
    return site


async def test_a_form_of_2000_fields_mounts_a_page_and_saves_one_line(tmp_path: Path) -> None:
    site = huge_site(tmp_path)
    path = site / "posts" / "a.md"
    before = path.read_bytes()
    async with make_app(site / "posts").run_test(size=(120, 36)) as pilot:
        form = await open_form(pilot)
        assert len(form.rows) == FIELDS + 1
        assert len(form.query(".field-row")) == PAGE
        title = form.query_one("#field-0", Input)  # declared last, shown first: it has focus
        assert pilot.app.focused is title and title.value == "A"
        more = form.query_one("#more-fields", Button)
        assert more.display and "more fields" in str(more.label)
        more.press()
        await pilot.pause()
        assert len(form.query(".field-row")) == 2 * PAGE
        assert "1,921 more fields" in str(more.label)
        first = form.query_one("#field-1", Input)
        assert first.value == "zero"
        first.value = "changed"
        await pilot.pause()
        title.focus()
        await pilot.press("end", "!")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: path.read_bytes() != before)
        assert changed_lines(before, path.read_bytes()) == [
            "-title: A\n",
            "-f0: zero\n",
            "+title: A!\n",
            "+f0: changed\n",
        ]


async def test_the_next_page_comes_with_enter_and_keeps_what_was_typed(tmp_path: Path) -> None:
    site = huge_site(tmp_path)
    (site / "admin" / "config.yml").write_text(
        (site / "admin" / "config.yml")
        .read_text()
        .replace("      - {name: title, label: Title, widget: string}\n", "")
        .replace(
            "    fields:\n", "    fields:\n      - {name: title, label: Title, widget: string}\n"
        )
    )
    async with make_app(site / "posts").run_test(size=(120, 36)) as pilot:
        form = await open_form(pilot)
        assert len(form.query(".field-row")) == PAGE
        form.query_one("#field-0", Input).value = "Typed"
        form.query_one("#more-fields", Button).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert len(form.query(".field-row")) == 2 * PAGE
        assert pilot.app.focused is form.query_one(f"#field-{PAGE}")
        assert form.raw_values()["title"] == "Typed" and form.is_dirty()
