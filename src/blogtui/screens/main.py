"""The main screen: tag panel, search box and post list, preview. It mediates between them."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, TextArea

from blogtui.domain.files.fsio import (
    ConflictError,
    PostReadError,
    atomic_write,
    describe,
    read_bytes,
)
from blogtui.domain.files.git import GitError, Repository, repository
from blogtui.domain.files.git import Status as GitStatus
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.formats.visible import has_controls, visible
from blogtui.domain.ops import journal
from blogtui.domain.ops.bulk import plan_bulk
from blogtui.domain.ops.changeset import ChangeSet, restore_plan
from blogtui.domain.ops.edit import LoadedPost, load_post
from blogtui.domain.ops.fileops import (
    TRASH,
    FileOperation,
    duplicate_post,
    rename_post,
    trash_post,
    undo,
)
from blogtui.domain.ops.manifest import Entry, JournalError
from blogtui.domain.ops.merge import conflicts_in, resolve, unreadable
from blogtui.domain.ops.newpost import create_post
from blogtui.domain.ops.placement import NoDraftError
from blogtui.domain.ops.publishing import (
    DATED_NAME,
    parse_when,
    plan_publish,
    plan_schedule,
    plan_unpublish,
)
from blogtui.domain.ops.terms import Cluster, plan_terms, similar
from blogtui.domain.site.browse import Browse, Search
from blogtui.domain.site.commits import message as commit_message
from blogtui.domain.site.folder import Site
from blogtui.domain.site.index import Changes, ContentIndex
from blogtui.domain.site.post import Post
from blogtui.domain.site.query import Query, filter_posts, parse_query
from blogtui.domain.site.sitefile import SiteFile, SiteFileError, load_site_file, save_view
from blogtui.domain.site.status import status_counts, status_of, zone_named
from blogtui.keys import MAIN_KEYS
from blogtui.screens.body import BodyScreen
from blogtui.screens.changes import ChangeSetScreen, HistoryScreen, SimilarScreen, ViewsScreen
from blogtui.screens.dialogs import ChoiceScreen, ConfirmScreen, PromptScreen
from blogtui.screens.editing import EditingScreen
from blogtui.screens.external import run_editor
from blogtui.screens.form import FormScreen
from blogtui.screens.help import HelpScreen
from blogtui.screens.jump import ChangeHistoryProvider, PostJumpProvider
from blogtui.widgets.diff import diff_lines
from blogtui.widgets.post_list import PostList
from blogtui.widgets.preview import Preview
from blogtui.widgets.status_line import Status, StatusLine
from blogtui.widgets.tag_panel import TagPanel

T = TypeVar("T")

SCREENFUL = 100
GIT_POLL_SECONDS = 1.0
GIT_FULL_SECONDS = 30.0
"""At most this long between two full `git status` reads, whatever the stamp says."""
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
        self.browse.zone = zone_named(site.info.time_zone)
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
        self.repo: Repository | None = None
        """The site's git repository (None: no git here; every git feature stays hidden)."""
        self.git_status: GitStatus | None = None
        self._git_stamp: object = None
        self._git_read_at = 0.0
        self.syncing: str | None = None
        """The sync's step and git's latest progress line while a sync runs."""
        self._search_round = 0
        """Counts queries, so that a search in steps knows when a newer one replaced it."""

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
        self.refresh_view()
        self._find_repository()

    # -- git ----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="git")
    def _find_repository(self) -> None:
        repo = repository(self.site.root)
        if repo is not None:
            self.app.call_from_thread(self._repository_found, repo)

    def _repository_found(self, repo: Repository) -> None:
        # Git run from under the app must never take the terminal: no editor for a merge's
        # message, no password prompt (a failure says what to set up instead).
        repo.env.update({"GIT_MERGE_AUTOEDIT": "no", "GIT_TERMINAL_PROMPT": "0"})
        repo.interactive = False
        self.repo = repo
        self._poll_git()
        # Within a second of a change by any program: a file the watcher sees refreshes at once
        # (`index_changed`); a commit, a checkout or a fetch elsewhere moves the repository's
        # stamp, looked at every second.
        self.set_interval(GIT_POLL_SECONDS, self._tick_git, name="git-status")

    def _poll_git(self) -> None:
        """Read git's view now (a file changed, or we ran git)."""
        if self.repo is not None:
            self._read_git_status(self.repo)

    def _tick_git(self) -> None:
        # `git status` walks the whole work tree (a fifth of a second at 100,000 posts): it
        # runs when the stamp (a few stats, cheap enough for here) moved, or now and then as
        # a safety net, never idly every second.
        repo = self.repo
        if repo is None:
            return
        stale = time.monotonic() - self._git_read_at > GIT_FULL_SECONDS
        if stale or repo.stamp(self.git_status) != self._git_stamp:
            self._read_git_status(repo)

    @work(thread=True, exclusive=True, group="git-status")
    def _read_git_status(self, repo: Repository) -> None:
        try:
            status = repo.status()
        except GitError:
            return
        stamp = repo.stamp(status)  # after: `git status` itself may refresh the index
        self.app.call_from_thread(self._git_status_read, status, stamp)

    def _git_status_read(self, status: GitStatus, stamp: object) -> None:
        self._git_stamp = stamp
        self._git_read_at = time.monotonic()
        if self.repo is None or status == self.git_status:
            return
        self.git_status = status
        base = os.path.realpath(self.site.root)
        top = os.path.realpath(self.repo.top)
        states = {}
        for path, state in status.files.items():
            relative = os.path.relpath(os.path.join(top, path), base)
            if not relative.startswith(".."):
                states[Path(relative).as_posix()] = state
        post_list = self.query_one(PostList)
        post_list.git_states = states
        post_list.refresh()
        self.refresh_view()

    def _git_line(self) -> str:
        status = self.git_status
        if status is None:
            return ""
        parts = [status.branch or "detached"]
        if status.ahead:
            parts[0] += f" ↑{status.ahead}"
        if status.behind:
            parts[0] += f" ↓{status.behind}"
        changed = len(self.query_one(PostList).git_states or {})
        if changed:
            parts.append(f"{changed} changed")
        if status.in_progress:
            parts.append(f"a {status.in_progress} in progress")
        if self.syncing:
            parts.append(f"sync: {self.syncing}")
        return " · ".join(parts)

    def action_commit(self) -> None:
        """Commit the marked posts; else the highlighted one, or every changed post (asked
        when there are others)."""
        if self.repo is None or self.git_status is None:
            self.notify("Not in a git repository.", severity="warning")
            return
        states = self.query_one(PostList).git_states or {}
        if self.marked:
            self._ask_commit_message([path for path in sorted(self.marked) if path in states])
            return
        everything = sorted(states)
        here = self.highlighted.path if self.highlighted is not None else None
        if here not in states or everything == [here]:
            self._ask_commit_message(everything if here not in states else [here])
            return
        options = [("one", f"This post ({here})"), ("all", f"All {len(everything)} changed posts")]

        def chosen(choice: str | None) -> None:
            if choice in ("one", "all"):
                self._ask_commit_message([here] if choice == "one" and here else everything)

        self.app.push_screen(ChoiceScreen("Commit", "Which posts?", options), chosen)

    def _ask_commit_message(self, chosen: list[str]) -> None:
        """The message, pre-filled in Decap's style; several posts keep their paths listed in
        the body whatever subject is typed."""
        status = self.git_status
        if self.repo is not None and status is not None and status.in_progress == "merge":
            self._ask_merge_message(self.repo, chosen)
            return
        if not chosen or self.repo is None:
            self.notify("Nothing to commit: the chosen posts have no changes.")
            return
        states = self.query_one(PostList).git_states or {}
        repo = self.repo
        top_paths = [repo.relative(self.site.path(path)) for path in chosen]
        changes = [
            (self.site.path(p), t, states[p]) for p, t in zip(chosen, top_paths, strict=True)
        ]
        subject, _, body = commit_message(changes, self.site.config).partition("\n")

        def given(text: str | None) -> None:
            if text:
                self._commit(repo, top_paths, text + ("\n" + body if body else ""))

        self.app.push_screen(
            PromptScreen(
                f"Commit {len(chosen)} post{'' if len(chosen) == 1 else 's'}: the message",
                value=subject,
            ),
            given,
        )

    def _ask_merge_message(self, repo: Repository, chosen: list[str]) -> None:
        """During a merge, `C` finishes it: git's prepared message, its first line editable."""
        paths = [repo.relative(self.site.path(path)) for path in chosen]
        subject, _, body = repo.merge_message().partition("\n")

        def given(text: str | None) -> None:
            if text:
                self._commit(repo, paths, text + ("\n" + body if body else ""), merge=True)

        self.app.push_screen(PromptScreen("Finish the merge: the message", value=subject), given)

    @work(thread=True, exclusive=True, group="git")
    def _commit(self, repo: Repository, paths: list[str], text: str, merge: bool = False) -> None:
        try:
            if merge:
                commit = repo.commit_merge(paths, text)
            else:
                commit = repo.commit(paths, text, repo.status().files)
        except GitError as exc:
            self.app.call_from_thread(self.notify, f"Not committed: {exc}", severity="error")
            return
        subject = text.split("\n", 1)[0]
        self.app.call_from_thread(self.notify, f"Committed {commit[:10]}: {subject}")
        self.app.call_from_thread(self._poll_git)

    def action_git_diff(self) -> None:
        post, repo = self.highlighted, self.repo
        if post is None or repo is None:
            self.notify("The diff needs a post in a git repository.", severity="warning")
            return
        preview = self.query_one(Preview)
        if preview.post is None:  # the diff is shown: back to the post
            preview.show(post, reload=True)
            return
        self._show_diff(repo, post)

    @work(thread=True, exclusive=True, group="git")
    def _show_diff(self, repo: Repository, post: Post) -> None:
        try:
            text = repo.diff(self.site.path(post.path))
        except GitError as exc:
            self.app.call_from_thread(self.notify, f"No diff: {exc}", severity="error")
            return
        lines = diff_lines(text) if text else []
        title = f"{post.path}: changes since the last commit" if text else f"{post.path}: unchanged"
        self.app.call_from_thread(self.query_one(Preview).show_lines, title, lines)

    def action_history(self) -> None:
        post, repo = self.highlighted, self.repo
        if post is None or repo is None:
            self.notify("History needs a post in a git repository.", severity="warning")
            return
        self._load_history(repo, post)

    @work(thread=True, exclusive=True, group="git")
    def _load_history(self, repo: Repository, post: Post) -> None:
        try:
            versions = repo.log(self.site.path(post.path))
        except GitError as exc:
            self.app.call_from_thread(self.notify, f"No history: {exc}", severity="error")
            return

        def chosen(commit: str | None) -> None:
            if commit:
                self._plan_restore(repo, post.path, commit)

        self.app.call_from_thread(
            self.app.push_screen, HistoryScreen(post.display_title, versions), chosen
        )

    @work(thread=True, exclusive=True, group="plan")
    def _plan_restore(self, repo: Repository, relative: str, commit: str) -> None:
        try:
            content = repo.show(commit, self.site.path(relative))
        except GitError as exc:
            self.app.call_from_thread(self.notify, f"Cannot restore: {exc}", severity="error")
            return
        summary = f"restore {relative} from {commit[:10]}"
        changeset = restore_plan(self.site.root, relative, content, summary)
        self.app.call_from_thread(self._preview, changeset)

    def _resolve(self, relative: str) -> None:
        """A conflicted post: for each conflict, mine, theirs, a line typed here, or the whole
        file in $EDITOR. The result must read as a post; it is written through the
        conflict-safe save and marked resolved in git."""
        path = self.site.path(relative)
        try:
            raw = read_bytes(path, root=self.site.root)
            text = raw.decode("utf-8")
        except (PostReadError, UnicodeDecodeError) as exc:
            self.notify(f"{relative}: {exc}", severity="error")
            return
        blocks = conflicts_in(text)
        if not blocks:  # the markers were taken out by hand
            self._mark_resolved(relative, text)
            return
        chosen: list[str] = []

        def ask() -> None:
            block = blocks[len(chosen)]
            mine, theirs = block.ours.strip() or "(nothing)", block.theirs.strip() or "(nothing)"
            options = [("ours", "Mine"), ("theirs", "Theirs")]
            if block.ours.count("\n") <= 1:  # one line: typed here
                options.append(("edit", "Edit"))
            options.append(("editor", "$EDITOR"))
            self.app.push_screen(
                ChoiceScreen(
                    f"Conflict {len(chosen) + 1} of {len(blocks)} in {relative}",
                    f"Mine:\n{mine}\n\nTheirs:\n{theirs}",
                    options,
                ),
                answered,
            )

        def answered(choice: str | None) -> None:
            block = blocks[len(chosen)]
            if choice == "editor":
                run_editor(self.app, path, self.editor)
                self._refresh([relative])
                self._mark_resolved(relative, self._text_of(path))
                return
            if choice == "edit":
                newline = "\r\n" if block.ours.endswith("\r\n") else "\n"
                self.app.push_screen(
                    PromptScreen(f"Conflict {len(chosen) + 1}: the line", block.ours.rstrip()),
                    lambda line: ask() if line is None else next_one(line + newline),
                )
                return
            if choice in ("ours", "theirs"):
                next_one(block.ours if choice == "ours" else block.theirs)
            # dismissed: nothing written

        def next_one(replacement: str) -> None:
            chosen.append(replacement)
            if len(chosen) < len(blocks):
                ask()
                return
            result = resolve(text, chosen)
            problem = unreadable(result)
            if problem is not None:
                self.notify(
                    f"{relative}: not resolved: the result would not read ({problem})",
                    severity="error",
                )
                return
            try:
                atomic_write(path, result.encode("utf-8"), raw, self.site.root)
            except (OSError, ConflictError) as exc:
                self.notify(f"{relative}: not resolved: {describe(exc)}", severity="error")
                return
            self._refresh([relative])
            self._mark_resolved(relative, result)

        ask()

    @staticmethod
    def _text_of(path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def _mark_resolved(self, relative: str, text: str) -> None:
        """No markers left and the post reads: `git add` marks it resolved (a commit finishes
        the merge). Else it stays conflicted, and says why."""
        left = len(conflicts_in(text))
        problem = unreadable(text) if not left else None
        if left or problem:
            why = (
                f"{left} conflict{'' if left == 1 else 's'} left"
                if left
                else f"it does not read ({problem})"
            )
            self.notify(f"{relative} is still conflicted: {why}", severity="warning")
            return
        if self.repo is not None:
            try:
                self.repo.run("add", "--", self.repo.relative(self.site.path(relative)))
            except GitError as exc:
                self.notify(f"{relative}: {exc}", severity="error")
                return
        self._poll_git()
        self.notify(f"Resolved {relative}: commit it (C) to finish the merge.")

    def action_sync(self) -> None:
        if self.repo is None:
            self.notify("Not in a git repository.", severity="warning")
            return
        self._sync(self.repo)

    @work(thread=True, exclusive=True, group="git")
    def _sync(self, repo: Repository) -> None:
        current = ""

        def step(line: str) -> None:
            nonlocal current
            current = line
            self.app.call_from_thread(self._show_sync, line)
            self.app.call_from_thread(self.notify, line[:1].upper() + line[1:], timeout=4)

        def progress(line: str) -> None:
            self.app.call_from_thread(self._show_sync, f"{current} {line}")

        try:
            said = repo.sync(step, progress)
        except GitError as exc:
            self.app.call_from_thread(self.notify, f"Sync: {exc}", severity="error", timeout=10)
        else:
            self.app.call_from_thread(self.notify, said)
        # What the pull brought is read here, not left to the watcher: a big pull can
        # overflow it, and the list must show the merged posts (or the conflicted ones) now.
        index = self.site.index
        if index is not None:
            updates = index.read_updates(index.stale_paths())
            self.app.call_from_thread(self._pulled, updates)
        self.app.call_from_thread(self._show_sync, None)
        self.app.call_from_thread(self._poll_git)

    def _pulled(self, updates: dict[str, Post | None]) -> None:
        if self.site.index is not None and (changes := self.site.index.apply(updates)):
            self.refresh_view(changes)

    def _show_sync(self, line: str | None) -> None:
        self.syncing = line
        self.query_one(StatusLine).show_git(self._git_line())

    # -- what the screen shows -------------------------------------------------------------

    def refresh_view(self, changes: Changes | None = None) -> None:
        """Filter and show the index's posts; keep the highlighted post by path."""
        if changes is not None:
            self.browse.invalidate()
        search = self.browse.search(self.site.index or self._partial)
        self._search_round += 1
        if search.in_steps:
            self._search_in_steps(search, self._search_round, changes)
            return
        self._show(search.query, search.all(), changes, searching=False)

    def _search_in_steps(self, search: Search, round_: int, changes: Changes | None) -> None:
        """Free text over very many bodies: the top of the list first, the rest in steps.

        Each step yields to the event loop, so keys are never held up, and a newer keystroke
        drops the older search.
        """
        steps = search.steps()
        first = True

        def step() -> None:
            nonlocal first
            if round_ != self._search_round:
                return  # superseded by a newer query
            found, done = next(steps)
            if done:
                self._show(search.query, found, changes, searching=False)
                return
            if first or len(found) < SCREENFUL:
                self._show(search.query, list(found), changes, searching=True)
            first = False
            self.call_after_refresh(step)  # paint what we have, then go on

        step()

    def _show(
        self, query: Query, shown: list[Post], changes: Changes | None, searching: bool
    ) -> None:
        total = len(self.browse.sorted)
        post_list = self.query_one(PostList)
        post_list.marked = self.marked
        post_list.empty_message = "Searching…" if searching else self._empty_message(total)
        groups = self.browse.grouped(shown) if self.browse.group != "none" else None
        post_list.set_posts(shown, groups=groups)
        panel = self.query_one(TagPanel)
        panel.show(self.browse.counts, self.browse.selected(query))
        panel.border_title = self.browse.taxonomy.capitalize()
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

    # -- messages from the widgets ---------------------------------------------------------

    @on(PostList.Highlighted)
    def _highlighted(self, event: PostList.Highlighted) -> None:
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

    def _show_query(self) -> None:
        """The session's query changed here, not by typing: show it in the box, and filter."""
        search = self.query_one(SearchBox)
        with search.prevent(Input.Changed):
            search.value = self.browse.text
        self.refresh_view()

    # -- actions ---------------------------------------------------------------------------

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
            return load_post(self.site.path(post.path), self.site.root), post.path
        except (PostReadError, FrontmatterError) as exc:
            self.notify(f"{post.path}: {exc}", title="Cannot edit", severity="error")
            return None

    def _open_editor(self, screen: EditingScreen, relative: str) -> None:
        """Open an editing screen; each of its saves may be committed (`commit_on_save`)."""

        def saved() -> None:
            if self.repo is not None:
                self._commit_on_save(self.repo, relative)

        def done(_saved: bool | None) -> None:
            self._refresh([relative])

        screen.on_saved = saved
        self.app.push_screen(screen, done)

    @work(thread=True, group="commit-on-save")
    def _commit_on_save(self, repo: Repository, relative: str) -> None:
        """With `[git] commit_on_save = true` in the site file: commit the saved post alone,
        one commit per save (two quick saves commit one after the other)."""
        with self._commits:
            self._commit_saved(repo, relative)

    def _commit_saved(self, repo: Repository, relative: str) -> None:
        try:
            wanted = load_site_file(self.site.root, self.site.info.site_root).commit_on_save
        except SiteFileError:
            return
        if not wanted:
            return
        try:
            status = repo.status()
            path = repo.relative(self.site.path(relative))
            if path not in status.files:
                return
            text = commit_message(
                [(self.site.path(relative), path, status.files[path])], self.site.config
            )
            commit = repo.commit([path], text, status.files)
        except GitError as exc:
            self.app.call_from_thread(
                self.notify, f"Saved, not committed: {exc}", severity="warning"
            )
            return
        subject = text.split("\n", 1)[0]
        self.app.call_from_thread(self.notify, f"Committed {commit[:10]}: {subject}")
        self.app.call_from_thread(self._poll_git)

    def _refresh(self, paths: list[str]) -> Changes:
        """Re-read these posts (changed here) and show what changed, the preview included."""
        changes = self.site.refresh(path for path in paths if not path.startswith(TRASH))
        if changes:
            self.refresh_view(changes)
        return changes

    def action_edit_form(self) -> None:
        post = self.highlighted
        states = self.query_one(PostList).git_states or {}
        if post is not None and states.get(post.path) == "conflicted":
            self._resolve(post.path)
            return
        found = self._editable()
        if found and found[0].doc.kind == "js":
            self.notify(
                f"{found[1]}: its frontmatter is JavaScript (---js), which blogtui reads but "
                "never writes; edit it in $EDITOR (E).",
                title="Cannot edit here",
                severity="warning",
                timeout=8,
            )
        elif found:
            self._open_editor(FormScreen(*found, self.site), found[1])

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
            self._open_editor(BodyScreen(*found), found[1])

    def action_open_editor(self) -> None:
        post = self.highlighted
        if post is not None:
            run_editor(self.app, self.site.path(post.path), self.editor)
            self._refresh([post.path])

    def select_path(self, relative: str) -> None:
        post_list = self.query_one(PostList)
        groups = self.browse.grouped(post_list.posts) if self.browse.group != "none" else None
        post_list.set_posts(post_list.posts, keep=relative, groups=groups)

    # -- file operations -------------------------------------------------------------------

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

    def _done(self, operation: FileOperation, message: str) -> None:
        self.undoable.append(operation)
        select = None if operation.kind == "delete" else operation.after
        self._files_changed([operation.before, operation.after], select, message)

    def _new_post_folder(self) -> Path:
        """Where `n` creates: beside the highlighted post (its collection, its section); a
        page bundle's `index.md` stands for its folder."""
        post = self.highlighted
        if post is None:
            return self.site.root
        path = self.site.path(post.path)
        bundle = path.name.split(".")[0] == "index"
        return path.parent.parent if bundle and path.parent != self.site.root else path.parent

    def _create_draft(self, title: str) -> tuple[Path, str]:
        """A draft where the site has drafts (it is filled in next, and must not be published
        half-written); elsewhere a plain post, and the note says so."""
        folder = self._new_post_folder()
        try:
            path = create_post(folder, title, config=self.site.config, draft=True)
            return path, ""
        except NoDraftError:
            path = create_post(folder, title, config=self.site.config)
            return path, " (this site has no drafts: it is published with the next build)"

    def action_new_post(self) -> None:
        def create(title: str | None) -> None:
            if not title:
                return
            made = self._attempt("Not created", "New post", lambda: self._create_draft(title))
            if made is None:
                return
            path, note = made
            relative = self.site.relative(path)
            self.browse.clear()
            self._show_query()
            self._files_changed([path], path, f"Created {relative}{note}")
            loaded = load_post(path, self.site.root)
            self._open_editor(FormScreen(loaded, relative, self.site), relative)

        self.app.push_screen(PromptScreen("New post", placeholder="Title of the post"), create)

    def action_rename(self) -> None:
        post = self.highlighted
        if post is None:
            return
        source = self.site.path(post.path)

        def rename(name: str | None) -> None:
            if not name:
                return
            target = self._attempt("Not renamed", post.path, lambda: rename_post(source, name))
            if target is not None and target != source:
                operation = FileOperation("rename", source, target)
                self._done(operation, f"Renamed to {target.name} (u undoes it)")

        self.app.push_screen(PromptScreen(f"Rename {source.name}", value=source.stem), rename)

    def action_duplicate(self) -> None:
        post = self.highlighted
        if post is None:
            return
        source = self.site.path(post.path)
        copy = self._attempt(
            "Not duplicated", post.path, lambda: duplicate_post(source, self.site.root)
        )
        if copy is not None:
            operation = FileOperation("duplicate", source, copy)
            self._done(operation, f"Duplicated as {copy.name} (u undoes it)")

    def action_delete(self) -> None:
        post = self.highlighted
        if post is None:
            return
        source = self.site.path(post.path)

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            where = self._attempt(
                "Not deleted", post.path, lambda: trash_post(self.site.root, source)
            )
            if where is not None:
                operation = FileOperation("delete", source, where)
                self._done(operation, f"Moved to {self.site.relative(where)} (u undoes it)")

        self.app.push_screen(
            ConfirmScreen(
                "Delete this post?",
                f"{post.path} will be moved to {TRASH}/ in the content folder.",
                yes="Delete",
                no="Cancel",
            ),
            delete,
        )

    def action_undo(self) -> None:
        if not self.undoable:
            self.notify(
                "Nothing to undo: renames, duplicates, deletes and changes to many posts can be."
            )
            return
        operation = self.undoable.pop()
        if isinstance(operation, str):
            self._undo_change_set(operation)
            return
        where = self._attempt(
            f"Cannot undo the {operation.kind}",
            operation.before.name,
            lambda: undo(self.site.root, operation),
        )
        if where is None:
            self.undoable.append(operation)  # still undoable once the way is clear
            return
        select = None if operation.kind == "duplicate" else where  # the copy went to the trash
        changed = [operation.after, operation.before]
        self._files_changed(changed, select, f"Undid the {operation.kind}")

    # -- changes to many posts -------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        post = self.highlighted
        if post is not None:
            self.marked.symmetric_difference_update({post.path})
            self.query_one(PostList).action_cursor(1)
            self.refresh_view()

    def action_mark_all(self) -> None:
        shown = {post.path for post in self.query_one(PostList).posts}
        if shown <= self.marked:
            self.marked -= shown
        else:
            self.marked |= shown
        self.refresh_view()

    def _targets(self) -> list[str]:
        """The marked posts, else every post of the current result."""
        if self.marked:
            return sorted(self.marked)
        return [post.path for post in self.query_one(PostList).posts]

    def action_bulk_edit(self) -> None:
        targets = self._targets()
        if not targets:
            self.notify("No posts to edit: mark some (space) or search first.")
            return
        which = "marked" if self.marked else "in the result (none marked)"
        self.app.push_screen(
            ChoiceScreen(
                f"Bulk edit: {len(targets)} posts {which}",
                "What should change in every one of them?",
                [
                    ("cancel", "Cancel"),
                    ("set", "Set a field"),
                    ("unset", "Remove a field"),
                    ("add", "Add to a list"),
                    ("remove", "Remove from a list"),
                    ("draft", "Mark as draft"),
                    ("publish", "Mark as not draft"),
                ],
            ),
            lambda choice: self._bulk_chosen(choice or "cancel", targets),
        )

    def _bulk_chosen(self, choice: str, targets: list[str]) -> None:
        if choice == "cancel":
            return
        if choice in ("draft", "publish"):
            value = "true" if choice == "draft" else "false"
            self._plan_bulk(targets, "set", "draft", value)
            return
        fields = self._field_names(targets[0])
        taxonomies = self.browse.taxonomies

        def key_given(key: str | None) -> None:
            if not key:
                return
            if choice == "unset":
                self._plan_bulk(targets, "unset", key, None)
                return
            terms = [term for term, _ in self.site.term_counts(key)]

            def value_given(value: str | None) -> None:
                if value:
                    self._plan_bulk(targets, choice, key, value)

            self.app.push_screen(
                PromptScreen(f"{choice.capitalize()} {key}: the value", suggestions=terms),
                value_given,
            )

        suggestions = [*taxonomies, *fields] if choice in ("add", "remove") else fields
        self.app.push_screen(PromptScreen("Which field?", suggestions=suggestions), key_given)

    def _field_names(self, relative: str) -> list[str]:
        """The fields one of the posts has (suggestions for the field to edit)."""
        try:
            return sorted(load_post(self.site.path(relative), self.site.root).metadata)
        except (PostReadError, FrontmatterError):
            return []

    @work(thread=True, exclusive=True, group="plan")
    def _plan_bulk(self, targets: list[str], operation: str, key: str, value: str | None) -> None:
        changeset = plan_bulk(self.site.root, targets, operation, key, value)  # type: ignore[arg-type]
        self.app.call_from_thread(self._preview, changeset)

    @on(TagPanel.RenameAsked)
    def _rename_term(self, event: TagPanel.RenameAsked) -> None:
        taxonomy = self.browse.taxonomy
        terms = [term for term, _ in self.browse.counts if term != event.term]

        def renamed(new: str | None) -> None:
            if new and new != event.term:
                self._plan_terms(taxonomy, [event.term], new)

        self.app.push_screen(
            PromptScreen(
                f"Rename {event.term} in every post (an existing name merges into it)",
                value=event.term,
                suggestions=terms,
            ),
            renamed,
        )

    @on(TagPanel.SimilarAsked)
    def action_similar_terms(self) -> None:
        taxonomy = self.browse.taxonomy
        clusters = similar(self.browse.counts)

        def chosen(cluster: Cluster | None) -> None:
            if cluster is None:
                return
            names = [name for name, _ in cluster.terms]

            def into_given(into: str | None) -> None:
                if into:
                    self._plan_terms(taxonomy, names, into)

            self.app.push_screen(
                PromptScreen(
                    f"Merge {', '.join(names)} into", value=cluster.suggested, suggestions=names
                ),
                into_given,
            )

        self.app.push_screen(SimilarScreen(taxonomy, clusters), chosen)

    @work(thread=True, exclusive=True, group="plan")
    def _plan_terms(self, taxonomy: str, olds: list[str], new: str) -> None:
        changeset = plan_terms(self.site.root, taxonomy, olds, new, self.site.index)
        self.app.call_from_thread(self._preview, changeset)

    def _preview(self, changeset: ChangeSet, undoing: Entry | None = None) -> None:
        self.app.push_screen(ChangeSetScreen(changeset, undoing), self._applied)

    def _applied(self, changeset: ChangeSet | None) -> None:
        if changeset is None:
            return
        if changeset.id is not None:
            self.undoable.append(changeset.id)
        self.marked.clear()
        moved = [change.move_to for change in changeset.files if change.move_to]
        touched = [change.path for change in changeset.files] + moved
        self._refresh(self._in_view(changeset.root, touched))
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
        shown = []
        for path in paths:
            try:
                shown.append(self.site.relative(root / path))
            except ValueError:
                continue
        return shown

    # -- publishing and views ---------------------------------------------------------------

    def _now(self) -> dt.datetime:
        zone = self.browse.zone
        return dt.datetime.now(zone) if zone else dt.datetime.now().astimezone()

    def action_publish(self) -> None:
        post = self.highlighted
        if post is None or post.error:
            self.notify("Highlight a post that reads cleanly to publish it.", severity="warning")
            return
        if status_of(post, None, self.browse.zone) in ("published", "scheduled") and not post.draft:
            self._plan_in_worker(lambda: plan_unpublish(self.site.root, post.path))
            return
        name = post.path.rsplit("/", 1)[-1]
        today = self._now().date().isoformat()
        if DATED_NAME.match(name) and not name.startswith(today):

            def answer(choice: str | None) -> None:
                if choice in ("keep", "rename"):
                    self._publish(post.path, choice == "rename")

            self.app.push_screen(
                ChoiceScreen(
                    "Publish",
                    f"{name} carries a date in its name. Rename it to today's date as well?",
                    [("keep", "Keep the name"), ("rename", "Rename it"), ("cancel", "Cancel")],
                ),
                answer,
            )
            return
        self._publish(post.path, False)

    def _publish(self, relative: str, rename: bool) -> None:
        now = self._now()
        self._plan_in_worker(lambda: plan_publish(self.site.root, relative, now, rename=rename))

    def action_schedule(self) -> None:
        post = self.highlighted
        if post is None or post.error:
            return

        def given(text: str | None) -> None:
            if not text:
                return
            try:
                when = parse_when(text, self._now())
            except ValueError as exc:
                self.notify(str(exc), title="Not scheduled", severity="error")
                return
            self._plan_in_worker(lambda: plan_schedule(self.site.root, post.path, when))

        self.app.push_screen(
            PromptScreen(
                f"Schedule {post.display_title}",
                placeholder="2026-12-01 09:00, tomorrow 9:00, +3d, +2h",
            ),
            given,
        )

    @work(thread=True, exclusive=True, group="plan")
    def _plan_in_worker(self, make: Callable[[], ChangeSet]) -> None:
        changeset = make()
        self.app.call_from_thread(self._preview, changeset)

    def _site_file(self) -> SiteFile | None:
        try:
            return load_site_file(self.site.root, self.site.info.site_root)
        except SiteFileError as exc:
            self.notify(str(exc), title="Site file", severity="error")
            return None

    def action_views(self) -> None:
        site_file = self._site_file()
        if site_file is None:
            return
        index, taxonomies, zone = self.site.index, self.browse.taxonomies, self.browse.zone

        def count(text: str) -> int | str:
            query = parse_query(text, False, taxonomies, zone)
            if query.error:
                return query.error
            return len(filter_posts(index.posts.values(), query)) if index else 0

        def chosen(text: str | None) -> None:
            if text is not None:
                self.browse.text = text
                self._show_query()

        self.app.push_screen(ViewsScreen(site_file.views, count), chosen)

    def action_save_view(self) -> None:
        text = self.browse.text.strip()
        if not text:
            self.notify("Type a query first: a view is a saved query.")
            return

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                path = save_view(self.site.root, self.site.info.site_root, name, text)
            except (OSError, ValueError, ConflictError) as exc:
                self.notify(f"Not saved: {describe(exc)}", severity="error")
                return
            self.notify(f"Saved the view {name!r} in {path.name}")

        self.app.push_screen(PromptScreen("Save this query as a view", placeholder="Name"), named)

    def change_history(self) -> list[tuple[str, str]]:
        """(id, a line about it) of every change set in the journal, newest first."""
        lines = []
        for entry in journal.entries(self.site.root):
            state = "interrupted" if entry.interrupted else entry.state
            lines.append(
                (entry.id, f"{entry.summary} ({len(entry.files)} posts, {state}, {entry.time})")
            )
        return lines

    def undo_change_set(self, change_id: str) -> None:
        self._undo_change_set(change_id)

    def action_change_history(self) -> None:
        self.app.push_screen(
            CommandPalette(
                providers=[ChangeHistoryProvider],
                placeholder="Undo an earlier change to many posts…",
            )
        )

    def _undo_change_set(self, change_id: str) -> None:
        try:
            entry = journal.find(self.site.root, change_id)
            if entry is None:
                self.notify("That change is no longer in the journal.", severity="warning")
                return
            plan = journal.plan_undo(self.site.root, entry)
        except JournalError as exc:
            self.notify(visible(str(exc)), severity="error", timeout=15)
            return
        self._preview(plan, entry)

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

    # -- from the app ----------------------------------------------------------------------

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

    def search_text_ready(self) -> None:
        """Bodies are read: a free-text search typed meanwhile now looks in them too."""
        self.reading_bodies = False
        if self.browse.text.strip():
            self.browse.invalidate()
        self.refresh_view()

    def index_changed(self, changes: Changes) -> None:
        """Posts changed on disk (the watcher saw it): the list, and their git markers at once
        rather than at the next poll."""
        self.refresh_view(changes)
        self._poll_git()

    @property
    def highlighted(self) -> Post | None:
        return self.query_one(PostList).highlighted
