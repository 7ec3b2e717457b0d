"""A unified diff as coloured lines for the Line API views (the change preview, git diffs)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from blogtui.domain.formats.visible import visible

_DIFF_STYLES = {
    "+++": Style(bold=True),
    "---": Style(bold=True),
    "@@": Style(color="cyan"),
    "+": Style(color="green"),
    "-": Style(color="red"),
}


def diff_lines(diff: str) -> list[Strip]:
    """A unified diff as coloured lines, control characters made visible."""
    strips = []
    for line in diff.splitlines():
        prefix = next((p for p in ("+++", "---", "@@", "+", "-") if line.startswith(p)), "")
        style = _DIFF_STYLES.get(prefix, Style(dim=True))
        strips.append(Strip([Segment(visible(line), style)]))
    return strips
