"""What every part of the main screen shares: its state (the site, the list's session, git,
the marks), how the view is refreshed, and the helpers the features call."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import on, work
from textual.screen import Screen
from textual.widgets import Input

from blogtui.domain.files.errors import ConflictError, describe
from blogtui.domain.files.git import Repository
from blogtui.domain.files.gitstatus import Status as GitStatus
from blogtui.domain.files.postfiles import is_post_name
from blogtui.domain.gcpolicy import quiet_gc
from blogtui.domain.ops.changeset import ChangeSet
from blogtui.domain.ops.fileops import (
    TRASH,
    FileOperation,
)
from blogtui.domain.ops.manifest import Entry
from blogtui.domain.site.browse import Browse, Search
from blogtui.domain.site.index import Changes, ContentIndex
from blogtui.domain.site.post import Post
from blogtui.domain.site.query import Query
from blogtui.domain.site.service import Site
from blogtui.domain.site.sitefile import SiteFile, SiteFileError
from blogtui.domain.site.status import status_counts
from blogtui.screens.changes import ChangeSetScreen
from blogtui.screens.editing import EditingScreen
from blogtui.screens.main.jobs import GitMoved, Notice, PlanReady, PostsReread
from blogtui.widgets.post_list import PostList
from blogtui.widgets.preview import Preview
from blogtui.widgets.search_box import SearchBox
from blogtui.widgets.status_line import Status, StatusLine
from blogtui.widgets.tag_panel import TagPanel

T = TypeVar("T")

GIT_POLL_SECONDS = 1.0
GIT_FULL_SECONDS = 30.0
"""At most this long between two full `git status` reads, whatever the stamp says."""
NARROW = 100
"""Below this width the tag panel hides; below VERY_NARROW the preview hides too."""
VERY_NARROW = 70


class MainBase(Screen[None]):
    """The main screen's state and shared helpers; each feature (git, files, change sets,
    publishing, editors, conflict resolution) is a part of its own (see `screen.MainScreen`)."""

    def __init__(
        self,
        site: Site,
        select: str | None = None,
        keymap: dict[str, str] | None = None,
        editor: str | None = None,
    ) -> None:
        super().__init__()
        self.site = site
        self.browse = Browse()
        self.browse.zone = site.zone
        self.select = select
        """The post to highlight when the index has loaded (`blogtui path/to/post.md`)."""
        self.keymap = keymap or {}
        """The user's remapped keys (shown in `?`)."""
        self.editor = editor
        """The user's editor setting (else $VISUAL, $EDITOR)."""
        self.undoable: list[FileOperation | str] = []
        """Renames, duplicates, deletes and change sets (by journal id) done here, the last one
        last: `u` undoes them."""
        self._commits = threading.Lock()
        """Commits on save run one at a time: git's index takes one writer."""
        self.marked: set[str] = set()
        """Posts marked for a bulk edit, by path."""
        self.preview_hidden = False
        self.index_loading = True
        self._partial: ContentIndex | None = None
        """The posts read so far, shown while the index loads."""
        self._read_so_far: tuple[int, int] | None = None
        self.reading_bodies = True
        self.bodies_indexed: tuple[int, int] | None = None
        self.repo: Repository | None = None
        """The site's git repository (None: no git here; every git feature stays hidden)."""
        self.git_status: GitStatus | None = None
        self._git_stamp: object = None
        self._git_read_at = 0.0
        self.syncing: str | None = None
        """The sync's step and git's latest progress line while a sync runs."""
        self._search_round = 0
        """Counts queries, so that a search in steps knows when a newer one replaced it."""
        self._looking_up = False
        """Whether a worker is asking the persistent index about a query's words."""
        self._warming = False
        """Whether the sorted list's texts are being made, a slice at a time."""
        self._before_search: str | None = None
        """The post highlighted before a search showed its first matches ('' none)."""

    def refresh_view(self, changes: Changes | None = None) -> None:
        """Filter and show the index's posts; keep the highlighted post by path."""
        if changes is not None:
            self.browse.update(self.site.index, changes)
            self._links_changed(changes)
        index = self.site.index
        many = index is not None and not self.index_loading and index.translations().languages.many
        self.query_one(PostList).langs = index.translations().langs if many and index else None
        self._run_search(self.browse.search(self.site.index or self._partial), changes)

    def _show(
        self, query: Query, shown: list[Post], changes: Changes | None, searching: bool
    ) -> None:
        total = len(self.browse.sorted)
        post_list = self.query_one(PostList)
        post_list.marked = self.marked
        post_list.empty_message = "Searching…" if searching else self._empty_message(total)
        groups = self.browse.grouped(shown) if self.browse.group != "none" else None
        # A search's first matches move the cursor only for a moment: the whole result keeps
        # the post highlighted before it, as a search done at once would.
        if searching and self._before_search is None:
            highlighted = post_list.highlighted
            self._before_search = highlighted.path if highlighted is not None else ""
        keep = None
        if not searching and self._before_search is not None:
            keep, self._before_search = self._before_search or None, None
        # The whole sorted list shown: its places tell where the highlighted post is at once.
        place_of = self.browse.place_of if shown is self.browse.sorted else None
        post_list.set_posts(shown, keep=keep, groups=groups, place_of=place_of)
        panel = self.query_one(TagPanel)
        panel.show(self.browse.counts, self.browse.selected(query))
        title = self.browse.taxonomy.capitalize()
        if panel.border_title != title:  # set, it redraws the panel even when the same
            panel.border_title = title
        # A site that files posts under nothing gets its quarter of the screen back.
        self.set_class(not self.index_loading and not self.browse.taxonomies, "-no-taxonomies")
        status = Status(
            len(shown),
            total,
            self.browse.text.strip(),
            self.browse.any_tags,
            self.browse.sort,
            self.index_loading,
            self.reading_bodies,
            searching,
            self.site.made_with(),
            len(self.marked),
            status_counts(self.browse.statuses),
            query.error,
            self._git_line(),
            self._read_so_far,
            self.bodies_indexed,
        )
        self.query_one(StatusLine).show(status)
        highlighted = post_list.highlighted
        reload = bool(changes and highlighted and highlighted.path in changes.changed)
        self.query_one(Preview).show(highlighted, reload=reload)

    def _empty_message(self, total: int) -> str:
        if self.index_loading:
            return "Reading posts…"
        if total == 0:
            return f"No posts in {self.site.root} (Markdown files: .md, .markdown, .mdx)."
        return "No post matches. Press x to clear the filters, or Escape in the search box."

    def _show_query(self) -> None:
        """The session's query changed here, not by typing: show it in the box, and filter."""
        search = self.query_one(SearchBox)
        with search.prevent(Input.Changed):
            search.value = self.browse.text
        self.refresh_view()

    def _refresh(self, paths: list[str]) -> Changes:
        """Re-read these posts (changed here) and show what changed, the preview included."""
        changes = self.site.refresh(path for path in paths if not path.startswith(TRASH))
        if changes:
            self.refresh_view(changes)
        return changes

    @work(thread=True, group="reread", description="reading posts changed")
    def _reread(self, paths: list[str], select: str | None = None) -> None:
        index = self.site.index
        if index is not None:
            wanted = [path for path in paths if not path.startswith(TRASH)]
            with quiet_gc():  # the posts read are kept, like the index's
                self.post_message(PostsReread(index.read_updates(wanted), select))

    @on(PostsReread)
    def _reread_done(self, event: PostsReread) -> None:
        index = self.site.index
        if index is not None and (changes := index.apply(event.updates)):
            self.refresh_view(changes)
        if event.select is not None and index is not None and event.select in index.posts:
            self.select_path(event.select)

    def select_path(self, relative: str) -> None:
        post_list = self.query_one(PostList)
        groups = self.browse.grouped(post_list.posts) if self.browse.group != "none" else None
        post_list.set_posts(post_list.posts, keep=relative, groups=groups)

    def _attempt(self, title: str, subject: str, operation: Callable[[], T]) -> T | None:
        """Run a file operation; a failure is one notification (nothing changed on disk)."""
        try:
            return operation()
        except (OSError, ValueError, ConflictError) as exc:
            self.notify(f"{subject}: {describe(exc)}", title=title, severity="error")
            return None

    def _files_changed(self, paths: list[Path], select: Path | None, message: str) -> None:
        """Show what a file operation did: the posts re-read, the new one highlighted."""
        self._refresh([self.site.relative(path) for path in paths])
        if select is not None:
            self.select_path(self.site.relative(select))
        self.notify(message)

    @on(PlanReady)
    def _plan_ready(self, event: PlanReady) -> None:
        self._preview(event.changeset, event.undoing)

    def _committed(self, commit: str, text: str) -> None:
        """A job's commit is done (any thread): say so, and read git's view again."""
        subject = text.split("\n", 1)[0]
        self.post_message(Notice(f"Committed {commit[:10]}: {subject}"))
        self.post_message(GitMoved())

    @on(Notice)
    def _notice(self, event: Notice) -> None:
        self.notify(event.text, severity=event.severity, timeout=event.timeout)

    def _preview(self, changeset: ChangeSet, undoing: Entry | None = None) -> None:
        self.app.push_screen(ChangeSetScreen(changeset, undoing), self._applied)

    def _applied(self, changeset: ChangeSet | None) -> None:
        if changeset is None:
            return
        if changeset.id is not None and not changeset.summary.startswith("undo "):
            self.undoable.append(changeset.id)  # `u` again undoes the one before, not this undo
        changeset.tidy_up()  # a few empty folders at most
        self.marked.clear()
        moved = [change.move_to for change in changeset.files if change.move_to]
        touched = [change.path for change in changeset.files] + moved
        # Read back off the UI thread: at 10,000 posts, reading them here froze it 0.67 s.
        went = self._in_view(changeset.root, moved) if changeset.tidy else []
        posts = [path for path in went if is_post_name(path.rpartition("/")[2])]
        self._reread(self._in_view(changeset.root, touched), posts[0] if posts else None)
        left = len(changeset.left_out)
        note = f"; {left} left as they were" if left else ""
        self.notify(
            f"{changeset.summary}: {changeset.count('changed')} posts changed{note} (u undoes it)"
        )

    def _in_view(self, root: Path, paths: list[str]) -> list[str]:
        """Paths of a change set (relative to its root: an undo's is the journal's home, the
        site's root) as the list knows them; those outside the folder shown left out."""
        if os.path.abspath(root) == os.path.abspath(self.site.root):
            return paths
        # One prefix, not a `resolve()` a path: 10,000 of those froze the list for a second.
        inside = os.path.relpath(os.path.realpath(self.site.root), os.path.realpath(root))
        if inside == ".":
            return paths
        prefix = inside.replace(os.sep, "/") + "/"
        return [path[len(prefix) :] for path in paths if path.startswith(prefix)]

    def _now(self) -> dt.datetime:
        zone = self.browse.zone
        return dt.datetime.now(zone) if zone else dt.datetime.now().astimezone()

    @work(thread=True, exclusive=True, group="plan")
    def _plan_in_worker(self, make: Callable[[], ChangeSet]) -> None:
        changeset = make()
        self.post_message(PlanReady(changeset))

    def _site_file(self) -> SiteFile | None:
        try:
            return self.site.site_file()
        except SiteFileError as exc:
            self.notify(str(exc), title="Site file", severity="error")
            return None

    @property
    def highlighted(self) -> Post | None:
        return self.query_one(PostList).highlighted

    if TYPE_CHECKING:  # what one feature calls in another: each is defined there

        def _commit_on_save(self, repo: Repository, relative: str) -> None: ...

        def _find_repository(self) -> None: ...

        def _links_changed(self, changes: Changes) -> None: ...

        def _git_line(self) -> str: ...

        def _open_editor(self, screen: EditingScreen, relative: str) -> None: ...

        def _poll_git(self) -> None: ...

        def _resolve(self, relative: str) -> None: ...

        def _undo_change_set(self, change_id: str) -> None: ...

        def _run_search(self, search: Search, changes: Changes | None) -> None: ...
