"""A hostile post in the app: nothing from the file reaches the terminal raw, nothing untouched
is written."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from blogtui.screens.body import BodyScreen
from tests.ui.helpers import make_app, preview_text, settle, titles, wait_until
from tests.ui.test_editing import changed_lines, form_input, open_form, set_field

EVIL = (
    '---\ntitle: "Evil \\e]2;PWNED\\a"\ndate: 2026-01-01\n---\n'
    "Body \x1b]2;BODYPWN\x07 and \x1b[31mred\x1b[0m\n"
)


async def test_control_characters_are_shown_not_sent_and_untouched_fields_stay(
    tmp_path: Path,
) -> None:
    path = tmp_path / "evil.md"
    path.write_text(EVIL)
    async with make_app(tmp_path).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert titles(pilot) == ["Evil \x1b]2;PWNED\x07"]  # the data is exact...
        await wait_until(pilot, lambda: "BODYPWN" in preview_text(pilot))
        assert "\x1b" not in preview_text(pilot) and "␛]2;BODYPWN␇" in preview_text(pilot)
        await open_form(pilot)
        title = form_input(pilot, "title")
        assert isinstance(title, Input) and title.value == "Evil ␛]2;PWNED␇"  # ...the screen safe
        set_field(pilot, "date", "2026-02-02")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "2026-02-02" in path.read_text())
        assert changed_lines(EVIL.encode(), path.read_bytes()) == [
            "-date: 2026-01-01\n",
            "+date: 2026-02-02\n",
        ]


async def test_the_body_editor_refuses_a_body_with_control_characters(tmp_path: Path) -> None:
    (tmp_path / "evil.md").write_text(EVIL)
    async with make_app(tmp_path).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, BodyScreen)
        assert any("control characters" in n.message for n in pilot.app._notifications)
