"""The main screen: tag panel, search box and post list, preview. It composes them, lays them
out and mediates between them; each feature is a part of its own."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Footer, Input, TextArea

from blogtui.domain.formats.visible import visible
from blogtui.domain.ops import journal
from blogtui.domain.site.index import Changes, ContentIndex
from blogtui.domain.site.post import Post
from blogtui.keys import MAIN_KEYS
from blogtui.screens.help import HelpScreen
from blogtui.screens.jump import PostJumpProvider
from blogtui.screens.main.base import (
    NARROW,
    VERY_NARROW,
)
from blogtui.screens.main.changesets import ChangeSetsFeature
from blogtui.screens.main.editors import EditorsFeature
from blogtui.screens.main.files import FilesFeature
from blogtui.screens.main.gitfeature import GitFeature
from blogtui.screens.main.jobs import (
    IndexChanged,
    IndexLoaded,
    PostsReadSoFar,
    SearchTextReady,
    TextsIndexed,
)
from blogtui.screens.main.publishing import PublishingFeature
from blogtui.screens.main.resolving import ResolvingFeature
from blogtui.screens.main.searching import SearchFeature
from blogtui.screens.main.sheet import SheetFeature
from blogtui.screens.main.weblinks import WebFeature
from blogtui.widgets.post_list import PostList
from blogtui.widgets.preview import Preview
from blogtui.widgets.search_box import SearchBox
from blogtui.widgets.status_line import StatusLine
from blogtui.widgets.tag_panel import TagPanel


class MainScreen(
    SearchFeature,
    GitFeature,
    ResolvingFeature,
    EditorsFeature,
    FilesFeature,
    ChangeSetsFeature,
    PublishingFeature,
    WebFeature,
    SheetFeature,
):
    """Browse, filter and read the folder's posts; rename, duplicate, delete and undo."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            key.keys,
            key.action,
            key.description,
            show=key.show,
            priority=key.moves_focus,
            id=key.id,
        )
        for key in MAIN_KEYS
    ]
    WHILE_READING: ClassVar[frozenset[str]] = frozenset(
        {
            "focus_search", "focus_tags", "clear_search", "to_list", "preview_down", "preview_up",
            "clear_filters", "cycle_sort", "toggle_preview", "help",
        }
    )  # fmt: skip
    """What keys do while the posts are still being read (the list shows those read so far)."""
    FOCUS_KEYS: ClassVar[dict[str, tuple[str, ...]]] = {
        key.action: tuple(k.strip() for k in key.keys.split(","))
        for key in MAIN_KEYS
        if key.moves_focus
    }
    FOCUS_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        key.action for key in MAIN_KEYS if key.moves_focus
    )

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield TagPanel(id="tags")
            with Vertical(id="middle"):
                yield SearchBox(placeholder="/ search: words, tag:NAME, draft:true…", id="search")
                yield PostList(id="posts")
            yield Preview(self.site.root, id="preview")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TagPanel).border_title = self.browse.taxonomy.capitalize()
        self.query_one(PostList).focus()
        preview = self.query_one(Preview)
        preview.facts, preview.image_files = self.post_facts, self.image_files
        self.refresh_view()
        self._find_repository()

    @on(PostList.Highlighted)
    def _highlighted(self, event: PostList.Highlighted) -> None:
        self._translation_shown = None
        self.query_one(Preview).show(event.post)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.query_one(SearchBox).value:
            return  # stale: more keys already arrived (fast typing, a paste); only the last counts
        if event.value != self.browse.text:
            self.browse.text = event.value
            self.refresh_view()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(PostList).focus()

    @on(TagPanel.Toggled)
    def _tag_toggled(self, event: TagPanel.Toggled) -> None:
        self.browse.toggle_term(event.tag)
        self._show_query()

    @on(TagPanel.Back)
    def _tags_done(self) -> None:
        self.set_focus(self.query_one(PostList))

    @on(TagPanel.ModeSwitched)
    def _mode_switched(self) -> None:
        self.browse.any_tags = not self.browse.any_tags
        self.refresh_view()
        self.notify(
            "Posts with any selected tag"
            if self.browse.any_tags
            else "Posts with all selected tags"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While posts are still read, what is shown is part of the folder: looking is fine,
        # but nothing acts on posts (or counts them) until the index is whole.
        if self.index_loading and action not in self.WHILE_READING:
            return False
        # The focus keys are priority bindings (see keys.Key.moves_focus): in a text field
        # they are just characters, and a widget that binds the same key (the tag panel's
        # `r`) keeps it.
        if action not in self.FOCUS_ACTIONS:
            return True
        focused = self.focused
        if isinstance(focused, (Input, TextArea)):
            return False
        own = focused._bindings.key_to_bindings if focused is not None else {}
        return not any(key in own for key in self.FOCUS_KEYS.get(action, ()))

    def action_focus_search(self) -> None:
        # set_focus, not focus(): focus() is deferred, and keys already read would still go to
        # the list's bindings (`/cat` would duplicate the post).
        self.set_focus(self.query_one(SearchBox))

    def action_next_taxonomy(self) -> None:
        shown = self.browse.next_taxonomy()
        if shown is None:
            only = self.browse.taxonomies[0] if self.browse.taxonomies else None
            self.notify(
                f"This site files posts only under {only}."
                if only
                else "This site files posts under no taxonomy."
            )
            return
        self.refresh_view()
        self.notify(f"The panel shows {shown}")

    def action_focus_tags(self) -> None:
        if self.has_class("-no-taxonomies"):
            self.notify("This site files posts under no tags, categories or keywords.")
            return
        panel = self.query_one(TagPanel)
        if self.has_class("-narrow") and self.focused is panel:
            self.set_focus(self.query_one(PostList))  # `t` again: the panel hides
            return
        if self.has_class("-narrow"):
            self.add_class("-show-tags")  # over the preview, until the panel loses the focus
        self.set_focus(panel)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, TagPanel):
            self.remove_class("-show-tags")

    def action_preview_down(self) -> None:
        self.query_one(Preview).scroll_body(3)

    def action_preview_up(self) -> None:
        self.query_one(Preview).scroll_body(-3)

    def action_clear_filters(self) -> None:
        self.browse.clear()
        self._show_query()

    def action_cycle_sort(self) -> None:
        self.browse.cycle_sort()
        self.refresh_view()

    def action_cycle_group(self) -> None:
        group = self.browse.cycle_group()
        self.refresh_view()
        self.notify("No grouping" if group == "none" else f"Grouped by {group}")

    def action_toggle_preview(self) -> None:
        self.preview_hidden = not self.preview_hidden
        self.set_class(self.preview_hidden, "-hide-preview")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.site.made_with(), self.keymap))

    def jump_targets(self) -> list[tuple[str, str]]:
        """(path, title) of every post, in the list's sort (see screens.jump)."""
        return [(post.path, post.display_title) for post in self.browse.sorted]

    def action_jump(self) -> None:
        self.app.push_screen(
            CommandPalette(
                providers=[PostJumpProvider],
                placeholder="Jump to a post: part of its title or file name…",
            )
        )

    def on_resize(self, event: Resize) -> None:
        width = event.size.width
        self.set_class(width < NARROW, "-narrow")
        self.set_class(width < VERY_NARROW, "-very-narrow")
        if width >= NARROW:
            self.remove_class("-show-tags")

    @on(PostsReadSoFar)
    def _posts_read(self, event: PostsReadSoFar) -> None:
        self.show_partial(event.posts, event.read, event.total)

    @on(IndexLoaded)
    def _index_loaded(self) -> None:
        self.index_loaded()

    @on(SearchTextReady)
    def _search_text_ready(self) -> None:
        self.search_text_ready()

    @on(TextsIndexed)
    def _texts_indexed(self, event: TextsIndexed) -> None:
        self.bodies_indexed = (event.done, event.total)
        line = self.query_one(StatusLine)
        if line.status is not None:  # only the count moves: the list is not searched again
            line.show(dataclasses.replace(line.status, bodies_indexed=self.bodies_indexed))

    @on(IndexChanged)
    def _index_changed(self, event: IndexChanged) -> None:
        self.index_changed(event.changes)

    def show_partial(self, posts: list[Post] | None, read: int, total: int) -> None:
        """While the rest are parsed: the first posts read (shown and searchable; actions wait
        for the whole index), then only how many are read (`posts` None)."""
        if not self.index_loading:
            return
        self._read_so_far = (read, total)
        if posts is None:
            self.query_one(StatusLine).show_reading(self._read_so_far)
            return
        self._partial = ContentIndex(self.site.root, {post.path: post for post in posts})
        self.browse.invalidate()
        self.refresh_view()

    def index_loaded(self) -> None:
        self.index_loading = False
        self._partial = None
        self._read_so_far = None
        self.refresh_bindings()  # the keys that waited for the index show in the footer again
        self.browse.invalidate()
        self.refresh_view()
        interrupted = journal.interrupted(self.site.root)
        if interrupted:
            # A change to many posts was cut short (a crash, a kill): some files have it.
            self.undoable.append(interrupted[0].id)
            self.notify(
                f"A change was interrupted: {visible(interrupted[0].summary)}. "
                "u finishes it or rolls it back, as the journal can prove (previewed first).",
                severity="warning",
                timeout=15,
            )
        if self.select is not None:
            self.select_path(self.select)
            self.select = None
        self._links_at_start()

    def search_text_ready(self) -> None:
        """Bodies are read: a free-text search typed meanwhile now looks in them too."""
        self.reading_bodies = False
        if self.browse.text.strip():
            self.browse.invalidate()
        self.refresh_view()

    def bodies_lost(self) -> None:
        """The persistent index was given up: the bodies are read again (the status line
        says so until `search_text_ready`)."""
        self.reading_bodies = True
        self.bodies_indexed = None
        self.refresh_view()

    def index_changed(self, changes: Changes) -> None:
        """Posts changed on disk (the watcher saw it): the list, and their git markers at once
        rather than at the next poll."""
        self.refresh_view(changes)
        self._poll_git()
