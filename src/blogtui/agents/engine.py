"""What every agent tool stands on: the site and its index kept fresh, paths confined to the
folder served, change sets run through the journal and reported with their diff."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from blogtui.domain.files.errors import WriteError
from blogtui.domain.ops import journal
from blogtui.domain.ops.changeset import ChangeSet
from blogtui.domain.site.linkgraph import LinkGraph
from blogtui.domain.site.service import Site


class ToolFailure(ValueError):
    """What went wrong, in one line meant for the model (nothing was written)."""


class Engine:
    """The site served, and how a tool reads and writes it."""

    def __init__(self, folder: Path) -> None:
        self.site = Site.open(folder)
        self.site.load(with_text=False)
        self._graph: LinkGraph | None = None

    @property
    def index(self) -> Any:
        assert self.site.index is not None
        return self.site.index

    def _inside(self, path: str) -> str:
        """The path relative to the folder served; ToolFailure if it leads out of it."""
        if not isinstance(path, str) or not path or "\0" in path or os.path.isabs(path):
            raise ToolFailure(f"{path!r}: give a path relative to the folder served")
        target = os.path.normpath(os.path.join(os.path.abspath(self.site.root), path))
        top = os.path.realpath(self.site.root)
        real = os.path.realpath(target)
        if real != top and not real.startswith(top + os.sep):
            raise ToolFailure(f"{path}: outside the folder served; refused")
        return os.path.relpath(target, os.path.abspath(self.site.root)).replace(os.sep, "/")

    def _top(self, path: str) -> tuple[Path, str]:
        """Where a publish is journalled (the site's top, where a draft may move to)."""
        relative = self._inside(path)
        info = self.site.info
        root = info.site_root if info.generator != "unknown" else self.site.root
        return root, os.path.relpath(self.site.path(relative), root).replace(os.sep, "/")

    def _now(self) -> dt.datetime:
        zone = self.site.zone
        return dt.datetime.now(zone) if zone else dt.datetime.now().astimezone()

    def _repository(self) -> Any:
        from blogtui.domain.files.git import repository

        found = repository(self.site.root.resolve())
        if found is None:
            raise ToolFailure("the folder is not in a git repository (or git is not installed)")
        return found

    def _fresh(self, paths: list[str] | None = None) -> None:
        """The index as the disk is now: never trusted over a file (another program, the
        user, may have changed it since the last call)."""
        changes = self.site.refresh(paths if paths is not None else self.index.stale_paths())
        if self._graph is not None and changes:
            changed = [*changes.added, *changes.changed, *changes.removed]
            self._graph = self._graph.updated(
                self._graph.path_of(self.site.root, p) for p in changed
            )

    def links(self) -> LinkGraph:
        """The site's links: read once, then kept up with every change seen (`_fresh`)."""
        if self._graph is None:
            self._graph = LinkGraph.of_site(self.site.root)
        return self._graph

    def _run(self, changeset: ChangeSet, dry_run: bool) -> dict[str, Any]:
        if not dry_run:
            try:
                journal.apply(changeset)
            except WriteError as exc:
                raise ToolFailure(str(exc)) from None
            changeset.tidy_up()
            touched = [c.path for c in changeset.files] + [
                c.move_to for c in changeset.files if c.move_to
            ]
            served = [self._served(changeset.root, path) for path in touched]
            self._fresh([path for path in served if not path.startswith("../")])
        return self._report(changeset, dry_run)

    def _report(self, changeset: ChangeSet, dry_run: bool = False) -> dict[str, Any]:
        # A change set's paths are relative to where it is journalled (the site's top for a
        # publish or an undo): the answer's are relative to the folder served, as asked.
        files = [
            replace(
                change,
                path=self._served(changeset.root, change.path),
                move_to=change.move_to and self._served(changeset.root, change.move_to),
            )
            for change in changeset.files
        ]
        return {
            "summary": changeset.summary,
            "dry_run": dry_run,
            "id": changeset.id,
            "changed": changeset.count("changed"),
            "diff": "".join(change.diff() for change in files),
            "left_as_they_were": [
                {"path": c.path, "status": c.status, "reason": c.reason}
                for c in files
                if c.status in ("skipped", "conflict", "error")
            ],
            "notes": changeset.notes,
        }

    def _served(self, root: Path, path: str) -> str:
        return os.path.relpath(root / path, self.site.root).replace(os.sep, "/")
