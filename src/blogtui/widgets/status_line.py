"""The status line: how many posts are shown, the active filter and the sort."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual.widgets import Static


@dataclass(frozen=True)
class Status:
    shown: int
    total: int
    query: str
    any_tags: bool
    sort: str
    loading: bool
    reading_bodies: bool
    searching: bool = False
    site: str = ""
    """What the site is made with ("Hugo", "Jekyll + Decap CMS"); '' when nothing is known."""
    marked: int = 0
    """Posts marked for a bulk edit."""
    statuses: str = ""
    """How many drafts, scheduled and expired posts there are ("3 drafts · 2 scheduled")."""
    error: str | None = None
    """What is wrong with the query typed (shown instead of the rest)."""
    git: str = ""
    """The branch, ahead/behind and changed posts ("main ↑1 · 2 changed"); '' outside git."""
    read_so_far: tuple[int, int] | None = None
    """(posts read, posts in the folder) while the list shows part of them."""
    bodies_indexed: tuple[int, int] | None = None
    """(bodies indexed, bodies to index) while the search index is built."""

    def text(self) -> Text:
        if self.loading and self.read_so_far:
            read, total = self.read_so_far
            shown = f"{self.shown:,} shown · " if self.query else ""
            return Text(f"Reading posts… {read:,} of {total:,} · {shown}", style="dim").append(
                "editing waits until all are read", "dim italic"
            )
        if self.loading:
            return Text("Reading posts…", style="dim")
        if self.error:
            return Text(f"Query: {self.error}", style="bold red")
        noun = "post" if self.total == 1 else "posts"
        filtered = self.shown != self.total or self.query
        count = f"{self.shown} of {self.total} {noun}" if filtered else f"{self.total} {noun}"
        if self.searching:
            count = f"{self.shown}+ of {self.total} {noun}, searching…"
        text = Text(count, style="bold")
        if self.marked:
            text.append(f"  ·  {self.marked} marked", "bold")
        if self.query:
            text.append("  ·  filter: ", "dim")
            text.append(self.query)
            if self.any_tags:
                text.append(" (any tag)", "dim")
        text.append("  ·  sort: ", "dim")
        text.append(self.sort)
        if self.statuses:
            text.append(f"  ·  {self.statuses}", "dim")
        if self.reading_bodies and self.bodies_indexed:
            done, total = self.bodies_indexed
            filled = round(10 * done / total) if total else 10
            text.append(f"  ·  indexing bodies {'▰' * filled}{'▱' * (10 - filled)} ", "dim")
            text.append(f"{done:,} of {total:,}: search covers those so far", "dim italic")
        elif self.reading_bodies:
            text.append("  ·  reading post bodies for search…", "dim italic")
        elif self.site:
            text.append(f"  ·  {self.site}", "dim")
        if self.git:
            text.append(f"  ·  {self.git}", "bold" if "progress" in self.git else "dim")
        return text


class StatusLine(Static):
    """One line under the list."""

    status: Status | None = None

    def show(self, status: Status) -> None:
        self.status = status
        # One line, always: no layout pass needed for a new text.
        self.update(status.text(), layout=False)

    def show_reading(self, read_so_far: tuple[int, int]) -> None:
        """Only the count of posts read changed: the list is not filtered again."""
        if self.status is not None:
            self.show(replace(self.status, read_so_far=read_so_far))

    def show_git(self, git: str) -> None:
        """Only the git part changed (a sync's progress): the list is not filtered again."""
        if self.status is not None:
            self.show(replace(self.status, git=git))
