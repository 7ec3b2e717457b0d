"""One person's settings in $XDG_CONFIG_HOME/blogtui/config.toml: keys remapped by binding id,
the theme kept when picked, an editor; a bad line is one warning and the app still starts."""

from __future__ import annotations

import os
from pathlib import Path

from blogtui.app import BlogApp
from blogtui.domain.files.userconfig import config_path, load_user_config
from blogtui.screens.help import HelpScreen
from blogtui.widgets.post_list import PostList
from tests.ui.helpers import screen, settle, wait_until

CONFIG = """# mine
theme = "nord"
editor = "hx --wait"
colour = "blue"

[keys]
search = "f"
new = "q"
nothing = "z"
tags = "no such key!"
"""


def written(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_file_is_read_and_every_bad_line_named() -> None:
    path = written(CONFIG)
    config = load_user_config()
    assert (config.theme, config.editor) == ("nord", "hx --wait")
    assert config.keys == {"search": "f", "new": "q", "nothing": "z"}
    assert config.warnings == [
        f"{path}:4: unknown setting 'colour' (ignored)",
        f"{path}:10: keys.tags: 'no such key!' is not a key (ignored)",
    ]
    path.write_text("theme = [\n")
    broken = load_user_config()
    assert broken.theme is None and len(broken.warnings) == 1 and str(path) in broken.warnings[0]


async def test_keys_are_remapped_shown_in_force_and_the_theme_picked_is_saved(
    site: Path,
) -> None:
    path = written(CONFIG)
    app = BlogApp(site, watch=False, user=load_user_config())
    assert app.keymap == {"search": "f"}  # `q` stays quit's; `nothing` is no binding
    assert any("quit's key already" in w for w in app.config_warnings)
    assert any("nothing: no binding has this id" in w for w in app.config_warnings)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("f", "r", "o", "a", "d")
        await wait_until(pilot, lambda: screen(pilot).browse.text == "road")
        assert len(screen(pilot).query_one(PostList).posts) == 1
        await pilot.press("escape", "question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen) and help_screen.keymap == {"search": "f"}
        await pilot.press("escape")
        app.theme = "gruvbox"
        await wait_until(pilot, lambda: 'theme = "gruvbox"' in path.read_text())
    assert path.read_text() == CONFIG.replace('theme = "nord"', 'theme = "gruvbox"')
    assert os.environ["XDG_CONFIG_HOME"] in str(path)  # never the user's own file
