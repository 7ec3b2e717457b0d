"""The main screen: tag panel, search box and post list, preview. It mediates between them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, TextArea

from blogtui.domain.document import FrontmatterError
from blogtui.domain.edit import LoadedPost, load_post
from blogtui.domain.fileops import (
    TRASH,
    FileOperation,
    duplicate_post,
    rename_post,
    trash_post,
    undo,
)
from blogtui.domain.fsio import ConflictError, PostReadError, describe
from blogtui.domain.index import Changes
from blogtui.domain.newpost import create_post
from blogtui.domain.post import Post
from blogtui.domain.query import (
    SORTS,
    Query,
    filter_posts,
    parse_query,
    sort_posts,
    toggle_tag_in_text,
)
from blogtui.domain.visible import has_controls
from blogtui.keys import MAIN_KEYS
from blogtui.screens.body import BodyScreen
from blogtui.screens.dialogs import ConfirmScreen, PromptScreen
from blogtui.screens.form import FormScreen
from blogtui.screens.help import HelpScreen
from blogtui.screens.jump import PostJumpProvider
from blogtui.widgets.post_list import PostList
from blogtui.widgets.preview import Preview
from blogtui.widgets.status_line import Status, StatusLine
from blogtui.widgets.tag_panel import TagPanel

if TYPE_CHECKING:
    from blogtui.app import BlogApp

SEARCH_IN_STEPS_FROM = 20_000
"""Free-text search over more posts than this runs in steps (a rare word scans every body)."""
SEARCH_STEP = 10_000
SCREENFUL = 100
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
        """Clear and go back to the list, as in less, fzf and lazygit."""
        self.value = ""
        self.screen.set_focus(self.screen.query_one(PostList))

    def action_to_list(self) -> None:
        self.screen.query_one(PostList).focus()


class MainScreen(Screen[None]):
    """Browse, filter and read the folder's posts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key.keys, key.action, key.description, show=key.show, priority=key.moves_focus)
        for key in MAIN_KEYS
    ]
    FOCUS_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        key.action for key in MAIN_KEYS if key.moves_focus
    )

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select = select
        """The post to highlight when the index has loaded (`blogtui path/to/post.md`)."""
        self.undoable: list[FileOperation] = []
        """Renames, duplicates and deletes done here, the last one last: `u` undoes them."""
        self.query_text = ""
        self.any_tags = False
        self.sort = SORTS[0]
        self.preview_hidden = False
        self.index_loading = True
        self.reading_bodies = True
        self._sorted: list[Post] | None = None
        """Every post in the current sort; filtering keeps the order: a keystroke only filters."""
        self._counts: list[tuple[str, int]] = []
        self._last: tuple[Query, list[Post]] | None = None
        self._search_round = 0
        """Counts queries, so that a search in steps knows when a newer one replaced it."""
        """The last query and its result, which a refining query filters instead of everything."""

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
        """The index, the sort or the bodies changed: sort and filter anew on the next refresh."""
        self._sorted = None

    def refresh_view(self, changes: Changes | None = None) -> None:
        """Filter and show the index's posts; keep the highlighted post by path."""
        index = self.blog.index
        if changes is not None or self._sorted is None:
            self._sorted = sort_posts(index.posts.values(), self.sort) if index else []
            self._counts = index.tag_counts() if index else []
            self._last = None
        query = parse_query(self.query_text, self.any_tags)
        candidates = self._sorted
        if self._last is not None and query.refines(self._last[0]):
            candidates = self._last[1]
        self._search_round += 1
        if query.words and len(candidates) > SEARCH_IN_STEPS_FROM:
            self._search_in_steps(query, candidates, self._search_round, changes)
            return
        shown = filter_posts(candidates, query)
        self._last = (query, shown)
        self._show(query, shown, changes, searching=False)

    def _search_in_steps(
        self, query: Query, candidates: list[Post], round_: int, changes: Changes | None
    ) -> None:
        """Free text over very many bodies: the top of the list first, the rest in steps.

        Each step filters SEARCH_STEP posts and yields to the event loop, so keys are never
        held up, and a newer keystroke drops the older search.
        """
        found: list[Post] = []
        position = 0

        def step() -> None:
            nonlocal position
            if round_ != self._search_round:
                return  # superseded by a newer query
            found.extend(filter_posts(candidates[position : position + SEARCH_STEP], query))
            position += SEARCH_STEP
            done = position >= len(candidates)
            if done:
                self._last = (query, found)
                self._show(query, found, changes, searching=False)
                return
            if position == SEARCH_STEP or len(found) < SCREENFUL:
                self._show(query, list(found), changes, searching=True)
            self.call_after_refresh(step)  # paint what we have, then go on

        step()

    def _show(
        self, query: Query, shown: list[Post], changes: Changes | None, searching: bool
    ) -> None:
        total = len(self._sorted or [])
        post_list = self.query_one(PostList)
        post_list.empty_message = "Searching…" if searching else self._empty_message(total)
        post_list.set_posts(shown)
        self.query_one(TagPanel).show(self._counts, {tag.casefold() for tag in query.tags})
        status = Status(
            len(shown),
            total,
            self.query_text.strip(),
            self.any_tags,
            self.sort,
            self.index_loading,
            self.reading_bodies,
            searching,
        )
        self.query_one(StatusLine).show(status)
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
        if event.value != self.query_one(SearchBox).value:
            return  # stale: more keys already arrived (fast typing, a paste); only the last counts
        if event.value != self.query_text:
            self.query_text = event.value
            self.refresh_view()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(PostList).focus()

    @on(TagPanel.Toggled)
    def _tag_toggled(self, event: TagPanel.Toggled) -> None:
        self._set_query(toggle_tag_in_text(self.query_text, event.tag))

    @on(TagPanel.Back)
    def _tags_done(self) -> None:
        self.set_focus(self.query_one(PostList))

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The focus keys are priority bindings (see keys.Key.moves_focus): in a text field
        # they are just characters.
        typing = isinstance(self.focused, (Input, TextArea))
        return not (action in self.FOCUS_ACTIONS and typing)

    def action_focus_search(self) -> None:
        # set_focus, not focus(): focus() is deferred, and keys already read would still go to
        # the list's bindings (`/cat` would duplicate the post).
        self.set_focus(self.query_one(SearchBox))

    def action_focus_tags(self) -> None:
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

    # -- editing ---------------------------------------------------------------------------

    def _editable(self) -> tuple[LoadedPost, str] | None:
        post = self.highlighted
        if post is None:
            self.notify("No post is highlighted.", severity="warning")
            return None
        if post.error:
            self.notify(
                f"{post.path}: {post.error}. Fix it in your editor (E); blogtui never writes it.",
                title="Cannot edit",
                severity="error",
                timeout=8,
            )
            return None
        try:
            return load_post(self.blog.root / post.path, self.blog.root), post.path
        except (PostReadError, FrontmatterError) as exc:
            self.notify(f"{post.path}: {exc}", title="Cannot edit", severity="error")
            return None

    def _after_edit(self, relative: str) -> Callable[[bool | None], None]:
        def done(_saved: bool | None) -> None:
            self.blog.refresh_paths([relative])
            self.query_one(Preview).show(self.highlighted, reload=True)

        return done

    def action_edit_form(self) -> None:
        found = self._editable()
        if found:
            self.app.push_screen(FormScreen(*found), self._after_edit(found[1]))

    def action_edit_body(self) -> None:
        found = self._editable()
        if found and has_controls(found[0].doc.body):
            # Shown with stand-ins, they would be saved as stand-ins: bytes nobody touched.
            self.notify(
                f"{found[1]}: the body holds control characters (such as ESC); "
                "edit it in $EDITOR (E) instead.",
                title="Cannot edit here",
                severity="warning",
                timeout=8,
            )
        elif found:
            self.app.push_screen(BodyScreen(*found), self._after_edit(found[1]))

    def action_open_editor(self) -> None:
        post = self.highlighted
        if post is None:
            return
        self.blog.run_editor(self.blog.root / post.path)
        self.blog.refresh_paths([post.path])
        self.query_one(Preview).show(self.highlighted, reload=True)

    def select_path(self, relative: str) -> None:
        self.query_one(PostList).set_posts(self.query_one(PostList).posts, keep=relative)

    def _relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.blog.root.resolve()).as_posix()

    def action_new_post(self) -> None:
        def create(title: str | None) -> None:
            if not title:
                return
            try:
                # A draft: it is filled in next, and must not be published half-written.
                path = create_post(self.blog.root, title, config=self.blog.site_config, draft=True)
            except (OSError, ValueError, ConflictError) as exc:
                self.notify(f"Cannot create the post: {describe(exc)}", severity="error")
                return
            relative = self._relative(path)
            self.query_text = ""
            self._set_query("")
            self.blog.refresh_paths([relative])
            self.select_path(relative)
            self.notify(f"Created {relative}")
            loaded = load_post(path, self.blog.root)
            self.app.push_screen(FormScreen(loaded, relative), self._after_edit(relative))

        self.app.push_screen(PromptScreen("New post", placeholder="Title of the post"), create)

    def action_rename(self) -> None:
        post = self.highlighted
        if post is None:
            return
        source = self.blog.root / post.path

        def rename(name: str | None) -> None:
            if not name:
                return
            try:
                target = rename_post(source, name)
            except (OSError, ConflictError) as exc:
                self.notify(f"{post.path}: {describe(exc)}", title="Not renamed", severity="error")
                return
            self.undoable.append(FileOperation("rename", source, target))
            relative = self._relative(target)
            self.blog.refresh_paths([post.path, relative])
            self.select_path(relative)
            self.notify(f"Renamed to {target.name} (u undoes it)")

        self.app.push_screen(PromptScreen(f"Rename {source.name}", value=source.stem), rename)

    def action_duplicate(self) -> None:
        post = self.highlighted
        if post is None:
            return
        try:
            copy = duplicate_post(self.blog.root / post.path, self.blog.root)
        except (OSError, ConflictError) as exc:
            self.notify(f"{post.path}: {describe(exc)}", title="Not duplicated", severity="error")
            return
        self.undoable.append(FileOperation("duplicate", self.blog.root / post.path, copy))
        relative = self._relative(copy)
        self.blog.refresh_paths([relative])
        self.select_path(relative)
        self.notify(f"Duplicated as {copy.name} (u undoes it)")

    def action_delete(self) -> None:
        post = self.highlighted
        if post is None:
            return

        def delete(answer: str | None) -> None:
            if answer != "yes":
                return
            try:
                where = trash_post(self.blog.root, self.blog.root / post.path)
            except (OSError, ConflictError, ValueError) as exc:
                self.notify(f"{post.path}: {describe(exc)}", title="Not deleted", severity="error")
                return
            self.undoable.append(FileOperation("delete", self.blog.root / post.path, where))
            self.blog.refresh_paths([post.path])
            self.notify(f"Moved to {self._relative(where)} (u undoes it)")

        self.app.push_screen(
            ConfirmScreen(
                "Delete this post?",
                f"{post.path} will be moved to {TRASH}/ in the content folder.",
                yes="Delete",
                no="Cancel",
            ),
            delete,
        )

    def jump_targets(self) -> list[tuple[str, str]]:
        """(path, title) of every post, in the list's sort (see screens.jump)."""
        return [(post.path, post.display_title) for post in self._sorted or []]

    def action_jump(self) -> None:
        self.app.push_screen(
            CommandPalette(
                providers=[PostJumpProvider],
                placeholder="Jump to a post: part of its title or file name…",
            )
        )

    def action_undo(self) -> None:
        if not self.undoable:
            self.notify("Nothing to undo: renames, duplicates and deletes can be undone.")
            return
        operation = self.undoable.pop()
        try:
            back = undo(self.blog.root, operation)
        except (OSError, ConflictError) as exc:
            self.undoable.append(operation)  # still undoable once the way is clear
            self.notify(f"Cannot undo the {operation.kind}: {describe(exc)}", severity="error")
            return
        changed = [self._relative(operation.after), self._relative(operation.before)]
        self.blog.refresh_paths([path for path in changed if not path.startswith(TRASH)])
        if back is not None:
            self.select_path(self._relative(back))
        self.notify(f"Undid the {operation.kind}")

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
        if self.select is not None:
            self.select_path(self.select)
            self.select = None

    def search_text_ready(self) -> None:
        """Bodies are read: a free-text search typed meanwhile now looks in them too."""
        self.reading_bodies = False
        if self.query_text.strip():
            self.invalidate()
        self.refresh_view()

    def index_changed(self, changes: Changes) -> None:
        self.refresh_view(changes)

    @property
    def highlighted(self) -> Post | None:
        return self.query_one(PostList).highlighted
