"""Changes to many posts: marks, bulk edits, term renames and merges, earlier changes."""

from __future__ import annotations

from textual import on, work
from textual.command import CommandPalette

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.formats.visible import visible
from blogtui.domain.gcpolicy import quiet_gc
from blogtui.domain.ops import journal
from blogtui.domain.ops.bulk import plan_bulk
from blogtui.domain.ops.edit import load_post
from blogtui.domain.ops.fieldinput import schema_field
from blogtui.domain.ops.manifest import JournalError
from blogtui.domain.ops.terms import plan_terms, similar
from blogtui.screens.changes import SimilarScreen
from blogtui.screens.dialogs import ChoiceScreen, PromptScreen
from blogtui.screens.jump import ChangeHistoryProvider
from blogtui.screens.main.base import (
    MainBase,
)
from blogtui.screens.main.jobs import Notice, PlanReady
from blogtui.widgets.post_list import PostList
from blogtui.widgets.tag_panel import TagPanel


class ChangeSetsFeature(MainBase):
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

    @work(exclusive=True, group="flow")
    async def action_bulk_edit(self) -> None:
        """Which change, which field, which value: asked in turn, then planned off the UI."""
        targets = self._targets()
        if not targets:
            self.notify("No posts to edit: mark some (space) or search first.")
            return
        which = "marked" if self.marked else "in the result (none marked)"
        choice = await self.app.push_screen_wait(
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
            )
        )
        if choice in (None, "cancel"):
            return
        if choice in ("draft", "publish"):
            self._plan_bulk(targets, "set", "draft", "true" if choice == "draft" else "false")
            return
        fields = self._field_names(targets[0])
        taxonomies = self.browse.taxonomies
        suggestions = [*taxonomies, *fields] if choice in ("add", "remove") else fields
        key = await self.app.push_screen_wait(PromptScreen("Which field?", suggestions=suggestions))
        if not key:
            return
        if choice == "unset":
            self._plan_bulk(targets, "unset", key, None)
            return
        terms = [term for term, _ in self.site.term_counts(key)]
        value = await self.app.push_screen_wait(
            PromptScreen(f"{choice.capitalize()} {key}: the value", suggestions=terms)
        )
        if value:
            self._plan_bulk(targets, choice, key, value)

    def _field_names(self, relative: str) -> list[str]:
        """The fields one of the posts has (suggestions for the field to edit)."""
        try:
            return sorted(load_post(self.site.path(relative), self.site.root).metadata)
        except (PostReadError, FrontmatterError):
            return []

    @work(thread=True, exclusive=True, group="plan", description="planning a bulk edit")
    def _plan_bulk(self, targets: list[str], operation: str, key: str, value: str | None) -> None:
        with quiet_gc():
            changeset = plan_bulk(
                self.site.root,
                targets,
                operation,  # type: ignore[arg-type]
                key,
                value,
                False,
                schema_field,
            )
        self.post_message(PlanReady(changeset))

    @on(TagPanel.RenameAsked)
    @work(exclusive=True, group="flow")
    async def _rename_term(self, event: TagPanel.RenameAsked) -> None:
        taxonomy = self.browse.taxonomy
        terms = [term for term, _ in self.browse.counts if term != event.term]
        new = await self.app.push_screen_wait(
            PromptScreen(
                f"Rename {event.term} in every post (an existing name merges into it)",
                value=event.term,
                suggestions=terms,
            )
        )
        if new and new != event.term:
            self._plan_terms(taxonomy, [event.term], new)

    @on(TagPanel.SimilarAsked)
    @work(exclusive=True, group="flow")
    async def action_similar_terms(self) -> None:
        taxonomy = self.browse.taxonomy
        clusters = similar(self.browse.counts)
        cluster = await self.app.push_screen_wait(SimilarScreen(taxonomy, clusters))
        if cluster is None:
            return
        names = [name for name, _ in cluster.terms]
        into = await self.app.push_screen_wait(
            PromptScreen(
                f"Merge {', '.join(names)} into", value=cluster.suggested, suggestions=names
            )
        )
        if into:
            self._plan_terms(taxonomy, names, into)

    @work(thread=True, exclusive=True, group="plan")
    def _plan_terms(self, taxonomy: str, olds: list[str], new: str) -> None:
        with quiet_gc():
            changeset = plan_terms(self.site.root, taxonomy, olds, new, self.site.index)
        self.post_message(PlanReady(changeset))

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
        self._plan_undo(change_id)

    @work(thread=True, exclusive=True, group="plan")
    def _plan_undo(self, change_id: str) -> None:
        # Off the UI thread: checking a manifest of 10,000 files and reading each file back
        # froze the list for seconds.
        try:
            with quiet_gc():
                entry = journal.find(self.site.root, change_id)
                plan = journal.plan_undo(self.site.root, entry) if entry is not None else None
        except JournalError as exc:
            self.post_message(Notice(visible(str(exc)), "error", 15))
            return
        if entry is None or plan is None:
            self.post_message(Notice("That change is no longer in the journal.", "warning"))
            return
        self.post_message(PlanReady(plan, entry))
