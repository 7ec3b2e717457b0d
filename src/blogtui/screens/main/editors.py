"""Opening a post in the form, the body editor or the user's $EDITOR."""

from __future__ import annotations

from textual import work

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.git import GitError, Repository
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.formats.visible import has_controls
from blogtui.domain.ops.edit import LoadedPost, load_post
from blogtui.domain.site.commits import message as commit_message
from blogtui.domain.site.sitefile import SiteFileError
from blogtui.screens.body import BodyScreen
from blogtui.screens.editing import EditingScreen
from blogtui.screens.external import run_editor
from blogtui.screens.form import FormScreen
from blogtui.screens.main.base import (
    MainBase,
)
from blogtui.screens.main.jobs import Notice
from blogtui.widgets.post_list import PostList


class EditorsFeature(MainBase):
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

    def _commit_on_save(self, repo: Repository, relative: str) -> None:
        """With `[git] commit_on_save = true` in the site file: commit the saved post alone,
        one commit per save (two quick saves commit one after the other)."""
        self._commit_on_save_job(repo, relative)

    @work(thread=True, group="commit-on-save")
    def _commit_on_save_job(self, repo: Repository, relative: str) -> None:
        with self._commits:
            self._commit_saved(repo, relative)

    def _commit_saved(self, repo: Repository, relative: str) -> None:
        try:
            wanted = self.site.site_file().commit_on_save
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
            self.post_message(Notice(f"Saved, not committed: {exc}", "warning"))
            return
        self._committed(commit, text)
