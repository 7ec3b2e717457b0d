"""The grid (`G`): the current result's fields as a table, edited in place."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.message import Message

from blogtui.domain.gcpolicy import quiet_gc
from blogtui.domain.ops.edit import get_path
from blogtui.domain.ops.sheets import cell_text, known_fields
from blogtui.screens.dialogs import PromptScreen
from blogtui.screens.grid import GridScreen
from blogtui.screens.main.base import MainBase
from blogtui.widgets.post_list import PostList

DEFAULT_FIELDS = "title, date, tags, draft"


class _GridReady(Message):
    def __init__(
        self, fields: list[str], rows: list[tuple[str, list[str]]], known: set[str]
    ) -> None:
        super().__init__()
        self.fields = fields
        self.rows = rows
        self.known = known


class SheetFeature(MainBase):
    @work(exclusive=True, group="flow")
    async def action_grid(self) -> None:
        paths = [post.path for post in self.query_one(PostList).posts]
        if not paths:
            self.notify("No posts in the result: the grid shows the posts listed.")
            return
        taxonomies = self.browse.taxonomies
        answer = await self.app.push_screen_wait(
            PromptScreen(
                f"Grid of {len(paths)} posts: which fields (comma-separated)?",
                value=DEFAULT_FIELDS,
                suggestions=[DEFAULT_FIELDS, *taxonomies],
            )
        )
        fields = [name.strip() for name in (answer or "").split(",") if name.strip()]
        if fields:
            self._grid_rows(paths, [f for f in dict.fromkeys(fields) if f != "path"])

    @work(thread=True, exclusive=True, group="grid")
    def _grid_rows(self, paths: list[str], fields: list[str]) -> None:
        # Every post's fields are read (or taken from the persistent index): off the UI.
        index = self.site.index
        if index is None:
            return
        with quiet_gc():
            index.fill_fields()
            posts = [index.posts[path] for path in paths if path in index.posts]
            rows = [
                (post.path, [cell_text(get_path(post.fields or {}, f.split("."))) for f in fields])
                for post in posts
            ]
            known = known_fields(index.posts.values(), self.site.config)
        self.post_message(_GridReady(fields, rows, known))

    @on(_GridReady)
    def _grid_ready(self, event: _GridReady) -> None:
        screen = GridScreen(self.site.root, event.fields, event.rows, event.known, self.site.config)
        self.app.push_screen(screen, self._grid_done)

    def _grid_done(self, changeset: Any) -> None:
        if changeset is not None:
            self._preview(changeset)
