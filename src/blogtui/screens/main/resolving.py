"""Resolving a post's git conflicts field by field: mine, theirs, a line typed, or $EDITOR."""

from __future__ import annotations

from pathlib import Path

from blogtui.domain.files.errors import ConflictError, PostReadError, describe
from blogtui.domain.files.fsio import atomic_write, read_bytes
from blogtui.domain.files.gitstatus import GitError
from blogtui.domain.ops.merge import conflicts_in, resolve, unreadable
from blogtui.screens.dialogs import ChoiceScreen, PromptScreen
from blogtui.screens.external import run_editor
from blogtui.screens.main.base import (
    MainBase,
)


class ResolvingFeature(MainBase):
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
