"""The main screen: tag panel, search box and post list, preview. It mediates between them."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input

from blogtui.domain.index import Changes
from blogtui.domain.post import Post
from blogtui.domain.query import SORTS, filter_posts, parse_query, sort_posts, toggle_tag_in_text
from blogtui.keys import MAIN_KEYS
from blogtui.screens.help import HelpScreen
from blogtui.widgets.post_list import PostList
from blogtui.widgets.preview import Preview
from blogtui.widgets.status_line import StatusLine
from blogtui.widgets.tag_panel import TagPanel

if TYPE_CHECKING:
    from blogtui.app import BlogApp

NARROW = 100
"""Below this width the tag panel hides; below VERY_NARROW the preview hides too."""
VERY_NARROW = 70


class SearchBox(Input):
    """The search box: Escape clears it, Enter goes to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_search", "Clear search"),
        Binding("down", "to_list", "To list", show=False),
    ]

    def action_clear_search(self) -> None:
        self.value = ""

    def action_to_list(self) -> None:
        self.screen.query_one(PostList).focus()


class MainScreen(Screen[None]):
    """Browse, filter and read the folder's posts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key.keys, key.action, key.description, show=key.show) for key in MAIN_KEYS
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.any_tags = False
        self.sort = SORTS[0]
        self.preview_hidden = False
        self.index_loading = True
        self._sorted: list[Post] | None = None
        """Every post in the current sort; filtering keeps the order: a keystroke only filters."""
        self._counts: list[tuple[str, int]] = []

    @property
    def blog(self) -> BlogApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield TagPanel(id="tags")
            with Vertical(id="middle"):
                yield SearchBox(placeholder="/ search: words, tag:NAME, draft:true…", id="search")
                yield PostList(id="posts")
            yield Preview(self.blog.root, id="preview")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TagPanel).border_title = "Tags"
        self.query_one(PostList).focus()
        self.refresh_view()

    # -- what the screen shows -------------------------------------------------------------

    def invalidate(self) -> None:
        """The index or the sort changed: sort and count again on the next refresh."""
        self._sorted = None

    def refresh_view(self, changes: Changes | None = None) -> None:
        """Filter and show the index's posts; keep the highlighted post by path."""
        index = self.blog.index
        if changes is not None or self._sorted is None:
            self._sorted = sort_posts(index.posts.values(), self.sort) if index else []
            self._counts = index.tag_counts() if index else []
        query = parse_query(self.query_text, self.any_tags)
        shown = filter_posts(self._sorted, query)
        total = len(self._sorted)
        post_list = self.query_one(PostList)
        post_list.empty_message = self._empty_message(total)
        post_list.set_posts(shown)
        self.query_one(TagPanel).show(self._counts, {tag.casefold() for tag in query.tags})
        self.query_one(StatusLine).show(
            len(shown), total, self.query_text.strip(), self.any_tags, self.sort, self.index_loading
        )
        highlighted = post_list.highlighted
        reload = bool(changes and highlighted and highlighted.path in changes.changed)
        self.query_one(Preview).show(highlighted, reload=reload)

    def _empty_message(self, total: int) -> str:
        if self.index_loading:
            return "Reading posts…"
        if total == 0:
            return f"No posts in {self.blog.root} (Markdown files with .md or .markdown)."
        return "No post matches. Press x to clear the filters, or Escape in the search box."

    # -- messages from the widgets ---------------------------------------------------------

    @on(PostList.Highlighted)
    def _highlighted(self, event: PostList.Highlighted) -> None:
        self.query_one(Preview).show(event.post)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.query_text:
            self.query_text = event.value
            self.refresh_view()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(PostList).focus()

    @on(TagPanel.Toggled)
    def _tag_toggled(self, event: TagPanel.Toggled) -> None:
        self._set_query(toggle_tag_in_text(self.query_text, event.tag))

    @on(TagPanel.ModeSwitched)
    def _mode_switched(self) -> None:
        self.any_tags = not self.any_tags
        self.refresh_view()
        self.notify(
            "Posts with any selected tag" if self.any_tags else "Posts with all selected tags"
        )

    def _set_query(self, text: str) -> None:
        self.query_text = text
        search = self.query_one(SearchBox)
        with search.prevent(Input.Changed):
            search.value = text
        self.refresh_view()

    # -- actions ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    def action_focus_tags(self) -> None:
        if self.has_class("-narrow"):
            self.remove_class("-narrow")
            self.add_class("-show-tags")
        self.query_one(TagPanel).focus()

    def action_clear_filters(self) -> None:
        self.any_tags = False
        self._set_query("")

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.invalidate()
        self.refresh_view()

    def action_toggle_preview(self) -> None:
        self.preview_hidden = not self.preview_hidden
        self.set_class(self.preview_hidden, "-hide-preview")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def on_resize(self, event: Resize) -> None:
        width = event.size.width
        self.set_class(width < NARROW, "-narrow")
        self.set_class(width < VERY_NARROW, "-very-narrow")
        if width >= NARROW:
            self.remove_class("-show-tags")

    # -- from the app ----------------------------------------------------------------------

    def index_loaded(self) -> None:
        self.index_loading = False
        self.invalidate()
        self.refresh_view()

    def search_text_ready(self) -> None:
        """Bodies are read: a free-text search typed meanwhile now looks in them too."""
        if self.query_text.strip():
            self.refresh_view()

    def index_changed(self, changes: Changes) -> None:
        self.refresh_view(changes)

    @property
    def highlighted(self) -> Post | None:
        return self.query_one(PostList).highlighted
