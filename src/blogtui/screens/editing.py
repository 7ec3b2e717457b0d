"""What every editing screen shares: the loaded post, saving it safely, and never losing work.

A save carries what was loaded; if the file changed on disk since, nothing is written and the
user chooses: reload (drop the edits), overwrite (apply the edits to what is on disk now, so
another program's changes to other fields survive), or keep editing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from blogtui.domain.files.errors import ConflictError, PostReadError, WriteError, describe
from blogtui.domain.files.fsio import read_bytes
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.formats.visible import visible
from blogtui.domain.ops.edit import Edit, EditError, LoadedPost, SharedValueError, load_post, save
from blogtui.screens.dialogs import ChoiceScreen


class EditingScreen(Screen[bool]):
    """A screen that edits one post; dismisses with True when it saved something."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, post: LoadedPost, relative: str) -> None:
        super().__init__()
        self.post = post
        """The post as loaded (and as last saved by this screen)."""
        self.relative = relative
        self.saved_any = False
        self.outside_change_seen = False
        self.on_saved: Callable[[], Any] | None = None
        """Called after each save (the opener's `commit_on_save`: one commit per save)."""

    # -- to be provided by each editor -----------------------------------------------------

    def is_dirty(self) -> bool:
        raise NotImplementedError

    def edited(self, post: LoadedPost, shared: str | None) -> Edit | None:
        """The edits applied to `post` (None: the input is invalid, errors are shown).

        `shared` is what a change to a value shared through a YAML anchor means, once asked."""
        raise NotImplementedError

    def load(self, post: LoadedPost) -> None:
        """Show this post's values (after a reload)."""
        raise NotImplementedError

    # -- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save_then(lambda: None)

    def save_then(
        self, after: Callable[[], Any], shared: str | None = None, leaving: bool = False
    ) -> None:
        """Save; on success run `after`. Conflicts and failures keep the edits on screen.

        `leaving`: `after` closes this screen, so the saved post is not shown again (the screen
        would be rebuilt while it goes away).
        """
        try:
            edit = self.edited(self.post, shared)
        except SharedValueError as exc:
            self._ask_about_shared(str(exc), after, leaving)
            return
        except EditError as exc:
            self.notify(f"{self.relative}: {exc}", title="Cannot save", severity="error")
            return
        except Exception as exc:  # a bug must never take the user's unsaved edits with it
            self._failed(exc)
            return
        if edit is None:
            self.notify("Fix the fields marked in red first.", title="Not saved", severity="error")
            return
        try:
            self.post = save(self.post, edit)
        except ConflictError as exc:
            self._ask_about_conflict(str(exc), after, leaving)
            return
        except (WriteError, EditError, OSError) as exc:
            self.notify(
                f"{self.relative}: {describe(exc)}", title="Not saved", severity="error", timeout=8
            )
            return
        except Exception as exc:  # as above: the edits stay on screen, nothing was written
            self._failed(exc)
            return
        self.saved_any = True
        self.outside_change_seen = False
        if not leaving:
            self.load(self.post)
        self.notify(f"Saved {self.relative}")
        if self.on_saved is not None:
            self.on_saved()
        after()

    def _failed(self, exc: Exception) -> None:
        what = f"{type(exc).__name__}: {describe(exc)}"
        self.notify(
            f"{self.relative}: nothing was written; your edits are still here ({what})",
            title="Not saved: a bug in blogtui",
            severity="error",
            timeout=15,
        )

    def _ask_about_shared(self, message: str, after: Callable[[], Any], leaving: bool) -> None:
        def answer(choice: str | None) -> None:
            if choice in ("all", "this"):
                self.save_then(after, shared=choice, leaving=leaving)

        self.app.push_screen(
            ChoiceScreen(
                "A shared value",
                visible(message),
                [
                    ("cancel", "Cancel"),
                    ("all", "Change it everywhere"),
                    ("this", "Only this field"),
                ],
            ),
            answer,
        )

    def _ask_about_conflict(self, what: str, after: Callable[[], Any], leaving: bool) -> None:
        def answer(choice: str | None) -> None:
            if choice == "reload":
                self.reload()
            elif choice == "overwrite":
                self._save_over_disk(after, leaving)

        self.app.push_screen(
            ChoiceScreen(
                "The file changed on disk",
                f"{self.relative} {what}. Nothing was written.",
                [
                    ("keep", "Keep editing"),
                    ("reload", "Reload (drop my edits)"),
                    ("overwrite", "Save my edits over it"),
                ],
            ),
            answer,
        )

    def _save_over_disk(self, after: Callable[[], Any], leaving: bool) -> None:
        # My changed fields, applied to the file as it is now: its other changes are kept.
        try:
            current = load_post(self.post.path, self.post.root)
        except (PostReadError, FrontmatterError) as exc:
            self.notify(
                f"{self.relative}: {exc}", title="Cannot read the file now", severity="error"
            )
            return
        self.post = current
        self.save_then(after, leaving=leaving)

    def reload(self) -> None:
        try:
            self.post = load_post(self.post.path, self.post.root)
        except (PostReadError, FrontmatterError) as exc:
            self.notify(f"{self.relative}: {exc}", title="Cannot reload", severity="error")
            return
        self.outside_change_seen = False
        self.load(self.post)
        self.notify("Reloaded from disk")

    def file_changed_on_disk(self) -> None:
        """The watcher saw this post's file change while it is open here."""
        try:
            now = read_bytes(self.post.path, root=self.post.root)
        except PostReadError:
            now = None
        if now == self.post.raw:
            return  # our own save coming back
        if not self.is_dirty():
            self.reload()
            return
        if not self.outside_change_seen:
            self.outside_change_seen = True
            self.notify(
                f"{self.relative} changed on disk while you edit it: saving will ask what to do.",
                title="Changed on disk",
                severity="warning",
                timeout=10,
            )

    # -- leaving ---------------------------------------------------------------------------

    def action_leave(self) -> None:
        self.leave_then(lambda: self.dismiss(self.saved_any))

    def leave_then(self, after: Callable[[], Any]) -> None:
        """Run `after` once the edits are saved or knowingly dropped."""
        if not self.is_dirty():
            after()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.save_then(after, leaving=True)
            elif choice == "discard":
                after()

        self.app.push_screen(
            ChoiceScreen(
                "Unsaved changes",
                f"{self.relative} has unsaved changes.",
                [("keep", "Keep editing"), ("save", "Save"), ("discard", "Discard")],
                default="keep",  # a stray Enter or arrow never saves or throws edits away
            ),
            answer,
        )
