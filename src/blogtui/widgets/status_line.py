"""The status line: how many posts are shown, the active filter and the sort."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def status_text(
    shown: int, total: int, query: str, any_tags: bool, sort: str, loading: bool
) -> Text:
    if loading:
        return Text("Reading posts…", style="dim")
    noun = "post" if total == 1 else "posts"
    count = f"{total} {noun}" if shown == total and not query else f"{shown} of {total} {noun}"
    text = Text(count, style="bold")
    if query:
        text.append("  ·  filter: ", "dim")
        text.append(query)
        if any_tags:
            text.append(" (any tag)", "dim")
    text.append("  ·  sort: ", "dim")
    text.append(sort)
    return text


class StatusLine(Static):
    """One line under the list."""

    def show(
        self, shown: int, total: int, query: str, any_tags: bool, sort: str, loading: bool
    ) -> None:
        # One line, always: no layout pass needed for a new text.
        self.update(status_text(shown, total, query, any_tags, sort, loading), layout=False)
