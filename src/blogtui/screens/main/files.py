"""New, rename, duplicate, delete and undo: file operations on the highlighted post."""

from __future__ import annotations

import os
from pathlib import Path

from textual import work

from blogtui.domain.formats.visible import visible
from blogtui.domain.gcpolicy import quiet_gc
from blogtui.domain.ops.edit import load_post
from blogtui.domain.ops.fileops import (
    TRASH,
    FileOperation,
    duplicate_post,
    trash_post,
    undo,
)
from blogtui.domain.ops.moves import MoveError, move_target, plan_move
from blogtui.domain.ops.newpost import create_post
from blogtui.domain.ops.placement import NoDraftError
from blogtui.domain.site.linkgraph import LinkGraph
from blogtui.domain.site.post import Post
from blogtui.screens.dialogs import ConfirmScreen, PromptScreen
from blogtui.screens.form import FormScreen
from blogtui.screens.main.base import (
    MainBase,
)
from blogtui.screens.main.jobs import Notice, PlanReady


class FilesFeature(MainBase):
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

    @work(exclusive=True, group="flow")
    async def action_rename(self) -> None:
        post = self.highlighted
        if post is None:
            return
        source = self.site.path(post.path)
        bundle = source.stem in ("index", "_index") and source.parent != self.site.root
        shown = source.parent.name if bundle else source.stem
        answer = await self.app.push_screen_wait(
            PromptScreen(
                f"Rename {source.parent.name + '/' if bundle else source.name} "
                "(a/b moves it, /a/b from the top; every link to it is kept)",
                value=shown,
            )
        )
        if answer:
            target = move_target(source, answer, self.site.root, self._name_lang(post))
            if target != (source.parent if bundle else source):
                self._plan_move(source, target)

    def _name_lang(self, post: Post) -> str | None:
        """The language a post's file name says (`name.fr.md`), to keep in a new name."""
        index = self.site.index
        if index is None:
            return None
        translations = index.translations()
        lang = translations.lang(post.path)
        style = translations.languages.style
        if (
            style != "suffix"
            or lang is None
            or not post.path.endswith(f".{lang}{Path(post.path).suffix}")
        ):
            return None
        return lang

    @work(thread=True, exclusive=True, group="plan")
    def _plan_move(self, source: Path, target: Path) -> None:
        """The move and every link it rewrites, planned off the UI (the whole site is read)."""
        with quiet_gc():
            graph = LinkGraph.of_site(self.site.root)
            top = graph.info.site_root
            try:
                changeset = plan_move(
                    graph,
                    os.path.relpath(source, top).replace(os.sep, "/"),
                    os.path.relpath(target, top).replace(os.sep, "/"),
                )
            except MoveError as exc:
                self.post_message(Notice(f"Not moved: {visible(str(exc))}", "error"))
                return
        self.post_message(PlanReady(changeset))

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
