"""BlogApp: loads the site and keeps its index live; the screens are handed the site."""

from __future__ import annotations

import asyncio
import functools
import gc
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from blogtui.domain.files.userconfig import UserConfig, save_theme
from blogtui.domain.files.watch import watch_folder
from blogtui.domain.formats.visible import visible
from blogtui.domain.gcpolicy import quiet_gc
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.loading import Loading, begin_load
from blogtui.domain.site.parsers import Progress
from blogtui.domain.site.post import Post
from blogtui.domain.site.service import Site
from blogtui.domain.site.textindex import TextProgress
from blogtui.keys import MAIN_KEYS, check_keymap
from blogtui.screens.editing import EditingScreen
from blogtui.screens.main import MainScreen
from blogtui.screens.main.jobs import (
    IndexChanged,
    IndexLoaded,
    Notice,
    PostsReadSoFar,
    SearchTextReady,
    TextsIndexed,
)

CATCH_UP_SECONDS = 2.0
"""After the watcher starts, a rescan catches what changed while the index loaded."""
CATCH_UP_LATEST = 15.0
"""The rescan waits while keys keep coming (at 100,000 posts it is half a second of work that
shares the interpreter with them: a word pasted meanwhile took 0.3-0.75 s, not 0.1), but not
longer than this."""
PARTIAL_FROM = 30_000
"""From this many posts a cold load lists the first posts read while the rest are parsed
(below, the whole index comes within a second, and a partial list would only cost it time)."""
PARTIAL_SECONDS = 0.5
"""How often the status line's count of posts read is redrawn meanwhile."""


class _IndexReady(Message):
    """The index's job read the whole folder."""

    def __init__(self, index: ContentIndex) -> None:
        super().__init__()
        self.index = index


class _StoreLost(Message):
    """The persistent index was given up mid-run: its bodies are to be read into memory."""

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note


class BlogApp(App[None]):
    """A terminal reader for a folder of Markdown posts."""

    CSS_PATH = "app.tcss"
    TITLE = "blogtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(
        self,
        root: Path,
        watch: bool = True,
        select: str | None = None,
        loading: Loading | None = None,
        user: UserConfig | None = None,
    ) -> None:
        """`loading`: the index's load, begun before the app (see `loading.begin_load`);
        `user`: the user's own settings (theme, editor, keys)."""
        super().__init__()
        self.user = user or UserConfig()
        self._main: MainScreen | None = None
        self.keymap, problems = check_keymap(self.user.keys)
        self.config_warnings = [*self.user.warnings, *(self._where(p) for p in problems)]
        self.loading = loading
        self._early_keys: list[events.Key] = []
        self._key_at = 0.0
        """When the last key came (monotonic): the folder's rescan waits while keys come."""
        self.site = Site.open(root)
        """The content folder, its CMS config and its index: what the screens are given."""
        self.select = select
        """A post to highlight once the index is loaded (relative path)."""
        self.watching = watch
        self.sub_title = visible(str(root))

    def _where(self, problem: str) -> str:
        return f"{self.user.path}: {problem}" if self.user.path else problem

    def get_default_screen(self) -> MainScreen:
        self._main = MainScreen(self.site, self.select, self.keymap, self.user.editor)
        return self._main

    def _tell_main(self, message: Message) -> None:
        """Tell the main screen (from any thread: posting is thread-safe); once it is gone,
        as the app quits, the news is dropped, never an error."""
        if self._main is not None:
            self._main.post_message(message)

    def _apply_user_config(self) -> None:
        """The user's keys and theme, and a line for each setting that cannot be used: the
        app starts whatever the file says."""
        if self.keymap:
            self.set_keymap(self.keymap)
        theme = self.user.theme
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        elif theme is not None:
            self.config_warnings.append(self._where(f"theme: no theme {theme!r} (ignored)"))
        for warning in self.config_warnings:
            self.notify(warning, title="Your config.toml", severity="warning", timeout=10)
        # Subscribed after the saved theme is applied: only the user's pick is written back.
        self.theme_changed_signal.subscribe(self, self._theme_picked)

    def _theme_picked(self, theme: Theme) -> None:
        if theme.name != self.user.theme:
            self.user.theme = theme.name
            self._save_theme(theme.name)

    @work(thread=True, group="user-config")
    def _save_theme(self, name: str) -> None:
        try:
            save_theme(name, self.user.path)
        except (OSError, ValueError) as exc:
            self._tell_main(Notice(f"The theme was not saved: {exc}", "warning"))

    def on_mount(self) -> None:
        self._apply_user_config()
        if self.site.config_error:
            self.notify(self.site.config_error, title="CMS config ignored", severity="warning")
        self._load_index()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification shows file names and messages from files: as plain, safe text."""
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    async def action_quit(self) -> None:
        """Quit, asking first about editors with unsaved changes."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, EditingScreen) and screen.is_dirty():
                editor: EditingScreen = screen
                if self.screen is editor:
                    editor.leave_then(self.exit)
                return  # else a dialog is open above the editor: answer that first
        if self.loading is not None:
            self.loading.cancel()  # else quitting waits for the parse
        self.exit()

    async def on_event(self, event: events.Event) -> None:
        # Keys typed while the app starts (a quick typist, a burst over a slow SSH link) wait
        # for the main screen: acted on before it is composed, they find none of its widgets.
        # So do keys typed right after one that opens a screen (Ctrl+G's jump, `n`'s title):
        # they belong to that screen's input, not to the list's bindings. Once some wait,
        # later keys queue behind them, so none overtakes another.
        if isinstance(event, events.Key):
            self._key_at = time.monotonic()
        if isinstance(event, events.Key) and (self._early_keys or not self._ready_for_keys()):
            self._early_keys.append(event)
            if len(self._early_keys) == 1:
                self.call_after_refresh(self._replay_early_keys)
            return
        await super().on_event(event)

    def _ready_for_keys(self) -> bool:
        return self._main_ready() and self.screen.is_mounted

    def _main_ready(self) -> bool:
        try:
            return self.main_screen.is_mounted
        except LookupError:
            return False

    async def _replay_early_keys(self) -> None:
        if not self._ready_for_keys():
            self.call_after_refresh(self._replay_early_keys)
            return
        while self._early_keys:
            key = self._early_keys.pop(0)
            await super().on_event(events.Key(key.key, key.character))
            if not self._ready_for_keys():  # that key opened a screen: the rest are its own
                self.call_after_refresh(self._replay_early_keys)
                return

    @property
    def main_screen(self) -> MainScreen:
        """The main screen this app made (LookupError before it is made)."""
        if self._main is None:
            raise LookupError("no main screen yet")
        return self._main

    @work(thread=True, exclusive=True, group="index")
    def _load_index(self) -> None:
        # The list shows from frontmatter (the cache makes that fast); bodies for free-text
        # search are read after the first screen is up.
        # Here, in one process: the app's threads make forking unsafe, and spawning workers
        # fails when stdio is the terminal driver's. The command line forks before the app
        # starts instead, and hands the load begun (`loading`).
        # The index is large and acyclic: the cyclic GC would walk it on every full collection
        # (while loading, and later as pauses of a few hundred ms at 100,000 posts, felt as a
        # dropped key). Off while reading; then the index is frozen out of its reach.
        with quiet_gc():
            loading = self.loading or begin_load(self.site.root, workers=1, with_text=False)
            self.loading = loading  # until finished: quitting cancels it
            if loading.first_page:  # a warm start: the newest as last indexed, then the scan
                count = len(loading.first_page)
                self._tell_main(PostsReadSoFar(loading.first_page, count, loading.total))
            index = loading.finish(save=False, progress=self._show_partial(loading))
            self.loading = None
            if loading.cancelled:
                return  # quitting
            rows = dict(index.posts)  # the watcher may change the index once it is shown
            gc.freeze()
            self.post_message(_IndexReady(index))
            loading.save_cache(rows)  # after the list is up: it is only for the next start
            for note in index.notes:
                self._tell_main(Notice(note, "warning", 10))
            index.store_lost = lambda note: self.post_message(_StoreLost(note))
            self._make_searchable(index, self._told_indexed())

    def _make_searchable(self, index: ContentIndex, progress: TextProgress | None = None) -> None:
        """In a worker: every body searchable (into the persistent index, else into memory)
        and what the first keys need made; then the main screen hears it."""
        worker = get_current_worker()
        index.fill_details(progress, lambda: worker.is_cancelled)
        if worker.is_cancelled:
            return  # quitting
        index.ready_for_keys()
        self._tell_main(SearchTextReady())

    def _told_indexed(self) -> Callable[[int, int], None]:
        """The status line hears how far the search index's build is, twice a second."""
        told_at = 0.0

        def heard(done: int, total: int) -> None:
            nonlocal told_at
            if done >= total or time.monotonic() - told_at >= PARTIAL_SECONDS:
                told_at = time.monotonic()
                self._tell_main(TextsIndexed(done, total))

        return heard

    def _show_partial(self, loading: Loading) -> Progress | None:
        """For a big folder read cold, the list shows the first posts read at once, and the
        status line counts the rest: at 100,000 posts a first screen seconds before the last.
        (The list itself is not redrawn as more come: sorting all read so far, again and
        again, would take the cores the parsers need.)"""
        total = loading.total
        if total < PARTIAL_FROM:
            return None
        read = 0
        told_at = 0.0
        shown = bool(loading.first_page)

        def heard(posts: list[Post]) -> None:
            nonlocal read, told_at, shown
            read += len(posts)
            if read >= total or loading.cancelled:
                return
            if not shown:
                shown = True
                self._tell_main(PostsReadSoFar(list(posts), read, total))
            elif time.monotonic() - told_at >= PARTIAL_SECONDS:
                told_at = time.monotonic()
                self._tell_main(PostsReadSoFar(None, read, total))

        return heard

    @on(_IndexReady)
    def _index_ready(self, event: _IndexReady) -> None:
        self.site.index = event.index
        self._tell_main(IndexLoaded())
        if self.watching:
            self._watch_folder()

    @on(_StoreLost)
    def _store_lost(self, event: _StoreLost) -> None:
        self._tell_main(Notice(event.note, "warning", 10))
        if any(w.group == "index" and not w.is_finished for w in self.workers):
            return  # the load reads the bodies into memory itself (see `textindex.fill`)
        if self._main is not None:
            self._main.bodies_lost()
        self._read_bodies()

    @work(thread=True, exclusive=True, group="bodies", description="reading bodies")
    def _read_bodies(self) -> None:
        # The lost index held the bodies' texts: without them a word would be looked for in
        # the listings alone, though the note says "searching from memory".
        index = self.site.index
        if index is not None:
            with quiet_gc():
                self._make_searchable(index)

    @work(exclusive=True, group="content-watcher")
    async def _watch_folder(self) -> None:
        # Files changed between the first scan and the watcher's start: one catch-up rescan.
        self.set_timer(CATCH_UP_SECONDS, self._catch_up)
        async for batch in watch_folder(self.site.root):
            paths = list(batch.paths)
            if batch.rescan and self.site.index is not None:
                paths += await asyncio.to_thread(self.site.index.stale_paths)
            await self._apply(paths)

    async def _catch_up(self, waited: float = CATCH_UP_SECONDS) -> None:
        typing = time.monotonic() - self._key_at < CATCH_UP_SECONDS
        if typing and waited < CATCH_UP_LATEST:
            self.set_timer(
                CATCH_UP_SECONDS, functools.partial(self._catch_up, waited + CATCH_UP_SECONDS)
            )
            return
        if self.site.index is not None:
            await self._apply(await asyncio.to_thread(self.site.index.stale_paths))

    async def _apply(self, paths: list[str]) -> None:
        """Read these posts off the UI thread, then show what changed."""
        index = self.site.index
        if index is not None and paths:
            updates = await asyncio.to_thread(index.read_updates, paths)
            changes = index.apply(updates)
            if changes:
                self._tell_main(IndexChanged(changes))
                touched = set(changes.changed) | set(changes.removed)
                for screen in self.screen_stack:
                    if isinstance(screen, EditingScreen) and screen.relative in touched:
                        screen.file_changed_on_disk()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for key in MAIN_KEYS:
                if key.action.startswith("app."):
                    continue
                yield SystemCommand(
                    key.description, key.help, getattr(screen, f"action_{key.action}")
                )
