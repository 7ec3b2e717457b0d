"""BlogApp: owns the index, loads it and keeps it live; the screens show it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from blogtui.domain.index import ContentIndex
from blogtui.domain.watch import watch_folder
from blogtui.keys import MAIN_KEYS
from blogtui.screens.main import MainScreen


class BlogApp(App[None]):
    """A terminal reader for a folder of Markdown posts."""

    CSS_PATH = "app.tcss"
    TITLE = "blogtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(self, root: Path, watch: bool = True) -> None:
        super().__init__()
        self.root = root
        """The content folder."""
        self.index: ContentIndex | None = None
        """All posts; None until the first load finishes."""
        self.watching = watch
        self.sub_title = str(root)

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    def on_mount(self) -> None:
        self._load_index()

    @property
    def main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("no main screen")

    @work(thread=True, exclusive=True, group="index")
    def _load_index(self) -> None:
        # The list shows from frontmatter (the cache makes that fast); bodies for free-text
        # search are read after the first screen is up.
        # One process: the app's threads make forking unsafe, and spawning workers fails when
        # stdio is the terminal driver's.
        index = ContentIndex.load(self.root, workers=1, with_text=False)
        self.call_from_thread(self._index_ready, index)
        index.fill_search_text()
        self.call_from_thread(self.main_screen.search_text_ready)

    def _index_ready(self, index: ContentIndex) -> None:
        self.index = index
        self.main_screen.index_loaded()
        if self.watching:
            self._watch_folder()

    @work(exclusive=True, group="content-watcher")
    async def _watch_folder(self) -> None:
        async for batch in watch_folder(self.root):
            index = self.index
            if index is None:
                continue
            paths = list(batch.paths)
            if batch.rescan:
                paths += await asyncio.to_thread(index.stale_paths)
            updates = await asyncio.to_thread(index.read_updates, paths)
            changes = index.apply(updates)
            if changes:
                self.main_screen.index_changed(changes)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for key in MAIN_KEYS:
                if key.action.startswith("app."):
                    continue
                yield SystemCommand(
                    key.description, key.help, getattr(screen, f"action_{key.action}")
                )
