"""Ctrl+G: jump to a post by its title or its path, fuzzily, in Textual's command palette."""

from __future__ import annotations

import heapq
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from blogtui.domain.formats.visible import visible

MOST_HITS = 40
"""Shown at most: the palette is for jumping, not for browsing (the list does that)."""


@runtime_checkable
class Jumpable(Protocol):
    """A screen that can say which posts there are and highlight one."""

    def jump_targets(self) -> list[tuple[str, str]]:
        """(relative path, title) of every post, in the screen's order."""
        ...

    def select_path(self, relative: str) -> None: ...


class PostJumpProvider(Provider):
    """Every post, by title and path."""

    async def discover(self) -> Hits:
        screen = self.screen
        if isinstance(screen, Jumpable):
            for path, title in screen.jump_targets()[:MOST_HITS]:
                yield DiscoveryHit(
                    visible(title), partial(screen.select_path, path), help=visible(path)
                )

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, Jumpable):
            return
        matcher = self.matcher(query)
        scored = (
            (matcher.match(f"{title}  {path}"), path, title)
            for path, title in screen.jump_targets()
        )
        best = heapq.nlargest(MOST_HITS, (hit for hit in scored if hit[0] > 0))
        for score, path, title in best:
            text = visible(f"{title}  {path}")
            yield Hit(score, matcher.highlight(text), partial(screen.select_path, path), text=text)


@runtime_checkable
class Undoable(Protocol):
    """A screen that can list the change sets of its site and preview undoing one."""

    def change_history(self) -> list[tuple[str, str]]:
        """(id, one line about it) of each change set in the journal, newest first."""
        ...

    def undo_change_set(self, change_id: str) -> None: ...


class ChangeHistoryProvider(Provider):
    """Earlier changes to many posts: choosing one previews undoing it."""

    async def discover(self) -> Hits:
        screen = self.screen
        if isinstance(screen, Undoable):
            for change_id, line in screen.change_history()[:MOST_HITS]:
                yield DiscoveryHit(
                    visible(f"Undo: {line}"), partial(screen.undo_change_set, change_id)
                )

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, Undoable):
            return
        matcher = self.matcher(query)
        for change_id, line in screen.change_history():
            text = visible(f"Undo: {line}")
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(text), partial(screen.undo_change_set, change_id)
                )
