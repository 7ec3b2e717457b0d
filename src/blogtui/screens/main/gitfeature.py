"""Git on the main screen: status markers and the status line, commit (a merge too), diff, history
and restore, sync."""

from __future__ import annotations

import os
import time
from pathlib import Path

from textual import on, work

from blogtui.domain.files.git import Repository, repository
from blogtui.domain.files.gitstatus import GitError
from blogtui.domain.ops.changeset import restore_plan
from blogtui.domain.site.commits import message as commit_message
from blogtui.domain.site.post import Post
from blogtui.screens.changes import HistoryScreen
from blogtui.screens.dialogs import ChoiceScreen, PromptScreen
from blogtui.screens.main.base import (
    GIT_FULL_SECONDS,
    GIT_POLL_SECONDS,
    MainBase,
)
from blogtui.screens.main.jobs import (
    DiffReady,
    GitMoved,
    GitStatusRead,
    HistoryReady,
    Notice,
    PlanReady,
    PostsReread,
    RepositoryFound,
    SyncStep,
)
from blogtui.widgets.diff import diff_lines
from blogtui.widgets.post_list import PostList
from blogtui.widgets.preview import Preview
from blogtui.widgets.status_line import StatusLine


class GitFeature(MainBase):
    """Everything git on the main screen; hidden when the site is in no repository."""

    def _find_repository(self) -> None:
        self._look_for_repository()

    @work(thread=True, exclusive=True, group="git")
    def _look_for_repository(self) -> None:
        repo = repository(self.site.root)
        if repo is not None:
            self.post_message(RepositoryFound(repo))

    @on(RepositoryFound)
    def _repository_found(self, event: RepositoryFound) -> None:
        repo = event.repo
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

    @on(GitMoved)
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
        self.post_message(GitStatusRead(status, stamp))

    @on(GitStatusRead)
    def _git_status_read(self, event: GitStatusRead) -> None:
        status, stamp = event.status, event.stamp
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
            self.post_message(Notice(f"Not committed: {exc}", "error"))
            return
        self._committed(commit, text)

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
            self.post_message(Notice(f"No diff: {exc}", "error"))
            return
        lines = diff_lines(text) if text else []
        title = f"{post.path}: changes since the last commit" if text else f"{post.path}: unchanged"
        self.post_message(DiffReady(title, lines))

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
            self.post_message(Notice(f"No history: {exc}", "error"))
            return
        self.post_message(HistoryReady(post, versions))

    @on(HistoryReady)
    def _history_ready(self, event: HistoryReady) -> None:
        repo, post = self.repo, event.post

        def chosen(commit: str | None) -> None:
            if commit and repo is not None:
                self._plan_restore(repo, post.path, commit)

        self.app.push_screen(HistoryScreen(post.display_title, event.versions), chosen)

    @on(DiffReady)
    def _diff_ready(self, event: DiffReady) -> None:
        self.query_one(Preview).show_lines(event.title, event.lines)

    @work(thread=True, exclusive=True, group="plan")
    def _plan_restore(self, repo: Repository, relative: str, commit: str) -> None:
        try:
            content = repo.show(commit, self.site.path(relative))
        except GitError as exc:
            self.post_message(Notice(f"Cannot restore: {exc}", "error"))
            return
        summary = f"restore {relative} from {commit[:10]}"
        changeset = restore_plan(self.site.root, relative, content, summary)
        self.post_message(PlanReady(changeset))

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
            self.post_message(SyncStep(line))
            self.post_message(Notice(line[:1].upper() + line[1:], timeout=4))

        def progress(line: str) -> None:
            self.post_message(SyncStep(f"{current} {line}"))

        try:
            said = repo.sync(step, progress)
        except GitError as exc:
            self.post_message(Notice(f"Sync: {exc}", "error", 10))
        else:
            self.post_message(Notice(said))
        # What the pull brought is read here, not left to the watcher: a big pull can
        # overflow it, and the list must show the merged posts (or the conflicted ones) now.
        index = self.site.index
        if index is not None:
            updates = index.read_updates(index.stale_paths())
            self.post_message(PostsReread(updates))
        self.post_message(SyncStep(None))
        self.post_message(GitMoved())

    @on(SyncStep)
    def _show_sync(self, event: SyncStep) -> None:
        self.syncing = event.line
        self.query_one(StatusLine).show_git(self._git_line())
