"""Each figure beside the floor it is measured against in the same run: `cat` of the folder for
reading it, `rg` for a word in the bodies, `hugo list all` for listing, the bare Textual app for
a keystroke and for memory, the posts' own bytes for the index's size."""

from __future__ import annotations

CAT = "floor: cat of every post"
RG = "floor: rg for the rare word"
BYTES = "floor: the posts' size (MB)"
HUGO = "hugo list all"
KEY = "bare Textual app: keystroke to updated label"
RSS = "bare Textual app: RSS (MB)"

_FLOORS = (
    ("first start: first posts", CAT),
    ("first start: full first screen", CAT),
    ("first start: search index complete", CAT),
    ("second start: first posts", CAT),
    ("second start: full first screen", CAT),
    ("second start: rare body word", RG),
    ("second start: common", RG),
    ("second start: two-letter word", RG),
    ("second start: keystroke", KEY),
    ("second start: next keystroke", KEY),
    ("second start: file on disk", KEY),
    ("tmux: keystroke", KEY),
    ("tmux: next keystroke", KEY),
    ("tmux: pasted", KEY),
    ("tmux: tag toggle", KEY),
    ("tmux: file written on disk", KEY),
    ("index on disk", BYTES),
    ("first start: RSS", RSS),
    ("second start: RSS", RSS),
    ("blogtui list --json", HUGO),
)


def floor_of(name: str) -> str | None:
    """The floor a figure is measured against (None: it has none)."""
    return next((floor for start, floor in _FLOORS if name.startswith(start)), None)


def beside_floor(name: str, figures: dict[str, float | None]) -> str:
    """'3.2 × cat of every post', or '' where the figure or its floor is missing."""
    floor = floor_of(name)
    value, base = figures.get(name), figures.get(floor) if floor else None
    if value is None or not base or floor is None:
        return ""
    return f"{value / base:.2f} × {floor.removeprefix('floor: ')}"
