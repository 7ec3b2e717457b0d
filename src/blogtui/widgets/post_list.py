"""The post list: a virtual (Line API) list, so 10,000 rows cost what a screenful costs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, count, repeat
from operator import eq, is_
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from blogtui.domain.formats.visible import visible
from blogtui.domain.site.post import Post
from blogtui.domain.site.status import status_of

DATE_WIDTH = 10
MARKS_WIDTH = 3
LANG_WIDTH = 4
"""`fr `, `pt-BR` cut to `pt-`: the language column of a site of many."""
GIT_MARKS = {
    "modified": "M",
    "added": "A",
    "untracked": "?",
    "deleted": "D",
    "renamed": "R",
    "conflicted": "U",
}


class PostList(ScrollView, can_focus=True):
    """The filtered, sorted posts, one a line, with a cursor."""

    # The list's own look comes with it: any screen that shows a PostList gets it.
    DEFAULT_CSS = """
    PostList > .post-list--cursor {
        background: $primary 30%;
        text-style: bold;
    }

    PostList:focus > .post-list--cursor {
        background: $primary 60%;
    }

    PostList > .post-list--date {
        color: $text-muted;
    }

    PostList > .post-list--git {
        color: $warning;
        text-style: bold;
    }

    PostList > .post-list--heading {
        color: $accent;
        text-style: bold underline;
    }

    PostList > .post-list--marked {
        color: $accent;
        text-style: bold;
    }

    PostList > .post-list--tags {
        color: $accent;
    }

    PostList > .post-list--draft {
        color: $warning;
        text-style: bold;
    }

    PostList > .post-list--featured {
        color: $secondary;
        text-style: bold;
    }

    PostList > .post-list--error {
        color: $error;
        text-style: bold;
    }

    PostList > .post-list--empty {
        color: $text-muted;
        text-style: italic;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "post-list--cursor",
        "post-list--date",
        "post-list--tags",
        "post-list--draft",
        "post-list--featured",
        "post-list--error",
        "post-list--empty",
        "post-list--marked",
        "post-list--heading",
        "post-list--git",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Down", show=False),
        Binding("k,up", "cursor(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted row."""

    @dataclass
    class Highlighted(Message):
        """The highlighted post changed (None: the list is empty)."""

        post_list: PostList
        post: Post | None

        @property
        def control(self) -> PostList:
            return self.post_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._posts: list[Post] = []
        self._rows: Sequence[Post | str] = []
        """What each line shows: a post, or a group's heading."""
        self.empty_message = "No posts."
        self.marked: set[str] = set()
        """Paths of the posts marked for a bulk edit (the screen owns the set)."""
        self.now: float | None = None
        """The moment statuses are shown for (None: the clock, read per row)."""
        self.git_states: dict[str, str] | None = None
        """Post path -> its git state, in a repository (None: not one; no column is shown)."""
        self.langs: dict[str, str | None] | None = None
        """Post path -> its language, on a site of many (None: one; no column is shown)."""

    @property
    def posts(self) -> list[Post]:
        return self._posts

    @property
    def highlighted(self) -> Post | None:
        if 0 <= self.cursor < len(self._rows):
            row = self._rows[self.cursor]
            return row if isinstance(row, Post) else None
        return None

    def set_posts(
        self,
        posts: list[Post],
        keep: str | None = None,
        groups: list[tuple[str, list[Post]]] | None = None,
        place_of: Callable[[str], int | None] | None = None,
    ) -> None:
        """Show these posts (in `groups` with headings, when given); keep the cursor on the
        post at path `keep` when it is still there. `place_of` tells where a post is in
        `posts` when that is known at once."""
        previous = self.highlighted
        self._posts = posts
        if groups is None or (len(groups) == 1 and not groups[0][0]):
            self._rows = posts  # not copied: a young copy of 100,000 rows is walked by the GC
        else:
            self._rows = []
            for name, members in groups:
                self._rows.append(f"{name} ({len(members)})")
                self._rows.extend(members)
        self._set_rows(len(self._rows))
        target = self._first_post(0, 1)
        wanted = keep if keep is not None else (previous.path if previous else None)
        if wanted is not None:
            found = self._row_of(wanted, previous, place_of if groups is None else None)
            if found is not None:
                target = found
            else:
                target = self._first_post(min(self.cursor, max(len(self._rows) - 1, 0)), 1)
        self.cursor = target
        self.refresh()

    def _row_of(
        self, wanted: str, previous: Post | None, place_of: Callable[[str], int | None] | None
    ) -> int | None:
        """The row of the post at path `wanted`: where `place_of` says, else found in C, by
        identity first (the same post object: no post is read, 10 ms over 100,000 rows),
        else by path. A loop in Python took 60 ms a keystroke with the cursor deep in a
        long list."""
        rows = self._rows
        place = place_of(wanted) if place_of is not None else None
        if place is not None and place < len(rows) and getattr(rows[place], "path", "") == wanted:
            return place
        if previous is not None and previous.path == wanted:
            found = next(compress(count(), map(is_, rows, repeat(previous))), None)
            if found is not None:
                return found
        paths = map(getattr, rows, repeat("path"), repeat(None))  # headings have none
        return next(compress(count(), map(eq, paths, repeat(wanted))), None)

    def _first_post(self, row: int, step: int) -> int:
        """The nearest row at or after `row` (in the direction of `step`) holding a post."""
        rows = self._rows
        while 0 <= row < len(rows) and not isinstance(rows[row], Post):
            row += step
        if 0 <= row < len(rows):
            return row
        back = row - step
        while 0 <= back < len(rows) and not isinstance(rows[back], Post):
            back -= step
        return max(0, min(back, len(rows) - 1))

    def watch_cursor(self, cursor: int) -> None:
        if self._rows:
            clamped = max(0, min(cursor, len(self._rows) - 1))
            if clamped != cursor:
                self.cursor = clamped
                return
            if not isinstance(self._rows[cursor], Post):
                self.cursor = self._first_post(cursor, 1)
                return
            self.scroll_to_region(Region(0, cursor, 1, 1), animate=False, force=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.highlighted))

    def action_cursor(self, delta: int) -> None:
        if self._rows:
            row = max(0, min(self.cursor + delta, len(self._rows) - 1))
            self.cursor = self._first_post(row, 1 if delta >= 0 else -1)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(self.scrollable_content_region.height - 1, 1))

    def action_jump(self, where: int) -> None:
        if self._rows:
            row = where if where >= 0 else len(self._rows) - 1
            self.cursor = self._first_post(row, 1 if where >= 0 else -1)

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if isinstance(offset, int):
            row = offset + int(self.scroll_offset.y)
            if 0 <= row < len(self._rows) and isinstance(self._rows[row], Post):
                self.cursor = row

    def on_resize(self) -> None:
        self._set_rows(len(self._rows))

    def _set_rows(self, count: int) -> None:
        # Assigning `virtual_size` lays out the whole screen again, which is most of a
        # keystroke's cost; only the list's scroll range changes (textual is pinned for this).
        size = Size(self.size.width, count)
        if size != self.virtual_size:
            self.set_reactive(PostList.virtual_size, size)
            self._scroll_update(size)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + int(self.scroll_offset.y)
        base = self.rich_style
        if not self._rows:
            if y == 0:
                style = base + self.get_component_rich_style("post-list--empty")
                return Strip([Segment(set_cell_size(" " + self.empty_message, width), style)])
            return Strip.blank(width, base)
        if row >= len(self._rows):
            return Strip.blank(width, base)
        post = self._rows[row]
        if isinstance(post, str):
            style = base + self.get_component_rich_style("post-list--heading")
            return Strip([Segment(set_cell_size(" " + visible(post), width), style)])
        selected = row == self.cursor
        line_style = base + self.get_component_rich_style("post-list--cursor") if selected else base
        return Strip(self._row_segments(post, width, line_style), width)

    def _row_segments(self, post: Post, width: int, line: Style) -> list[Segment]:
        def style(name: str) -> Style:
            return line + self.get_component_rich_style(f"post-list--{name}", partial=True)

        status = status_of(post, self.now) if not post.draft else "draft"
        first = {"draft": "D", "scheduled": "S", "expired": "X"}.get(status, " ")
        marks = [
            Segment(first, style("draft")),
            Segment("★" if post.featured else " ", style("featured")),
            Segment("!" if post.error else " ", style("error")),
        ]
        date = (post.date or "")[:DATE_WIDTH].ljust(DATE_WIDTH)
        tags = "  " + visible(" ".join(f"#{tag}" for tag in post.tags)) if post.tags else ""
        git_width = 1 if self.git_states is not None else 0
        lang = ""
        if self.langs is not None:
            lang = set_cell_size(visible(self.langs.get(post.path) or ""), LANG_WIDTH - 1) + " "
        title_space = max(width - MARKS_WIDTH - git_width - DATE_WIDTH - 2 - len(lang), 0)
        title = visible(post.display_title)
        tag_space = max(title_space - cell_len(title) - 1, 0)
        if tags and tag_space < 8:
            tags = ""
        elif cell_len(tags) > tag_space:
            tags = set_cell_size(tags, max(tag_space - 1, 0)) + "…"
        room = max(title_space - cell_len(tags), 0)
        if cell_len(title) > room > 1:
            title_text = set_cell_size(title, room - 1) + "…"
        else:
            title_text = set_cell_size(title, room)
        if self.git_states is not None:
            state = self.git_states.get(post.path, "")
            marks.append(Segment(GIT_MARKS.get(state, " "), style("git")))
        segments = [
            *marks,
            Segment("•", style("marked")) if post.path in self.marked else Segment(" "),
            Segment(date + " " + lang, style("date")) if lang else Segment(date, style("date")),
            *([] if lang else [Segment(" ")]),
            Segment(title_text, line),
            Segment(tags, style("tags")),
        ]
        used = MARKS_WIDTH + git_width + DATE_WIDTH + 2 + len(lang) + cell_len(title_text)
        used += cell_len(tags)
        if used < width:
            segments.append(Segment(" " * (width - used), line))
        return [Segment(text, seg_style or line) for text, seg_style, _ in segments]
