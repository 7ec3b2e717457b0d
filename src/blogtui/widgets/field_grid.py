"""A table of posts and fields: a row a post, a column a field, with a cell cursor. Virtual
(the Line API): 10,000 rows cost what a screenful costs; cells edited are marked until applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from blogtui.domain.formats.visible import visible

MAX_WIDTH = 36
GAP = 2


class FieldGrid(ScrollView, can_focus=True):
    """Posts (by path) and the cells of their chosen fields."""

    DEFAULT_CSS = """
    FieldGrid > .field-grid--cursor { background: $primary 60%; text-style: bold; }
    FieldGrid > .field-grid--row { background: $primary 15%; }
    FieldGrid > .field-grid--header { color: $accent; text-style: bold underline; }
    FieldGrid > .field-grid--edited { color: $warning; text-style: bold; }
    FieldGrid > .field-grid--path { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "field-grid--cursor",
        "field-grid--row",
        "field-grid--header",
        "field-grid--edited",
        "field-grid--path",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1, 0)", "Down", show=False),
        Binding("k,up", "move(-1, 0)", "Up", show=False),
        Binding("l,right,tab", "move(0, 1)", "Right", show=False),
        Binding("h,left,shift+tab", "move(0, -1)", "Left", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("enter", "edit", "Edit cell"),
    ]

    row: reactive[int] = reactive(0, init=False)
    column: reactive[int] = reactive(0, init=False)

    @dataclass
    class EditAsked(Message):
        """Enter on a cell: the screen asks for its new text."""

        path: str
        field: str
        text: str

    def __init__(
        self, fields: list[str], rows: list[tuple[str, list[str]]], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.fields = fields
        self.rows = rows
        self.edited: dict[tuple[str, str], str] = {}
        """(path, field) -> the cell's new text, until applied."""
        self.widths = [
            self._width("path", 0),
            *(self._width(f, n + 1) for n, f in enumerate(fields)),
        ]

    def _width(self, name: str, column: int) -> int:
        cells = [row[0] if column == 0 else row[1][column - 1] for row in self.rows[:500]]
        return min(max([cell_len(name), *(cell_len(visible(c)) for c in cells)]), MAX_WIDTH)

    def on_mount(self) -> None:
        self.virtual_size = Size(sum(self.widths) + GAP * len(self.widths), len(self.rows) + 1)

    def text(self, row: int, column: int) -> str:
        path, cells = self.rows[row]
        return self.edited.get((path, self.fields[column]), cells[column])

    def set_cell(self, path: str, field: str, text: str) -> None:
        index = next(n for n, (p, _) in enumerate(self.rows) if p == path)
        original = self.rows[index][1][self.fields.index(field)]
        if text == original:
            self.edited.pop((path, field), None)
        else:
            self.edited[(path, field)] = text
        self.refresh()

    def action_move(self, rows: int, columns: int) -> None:
        self.row = max(0, min(self.row + rows, len(self.rows) - 1))
        self.column = max(0, min(self.column + columns, len(self.fields) - 1))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.scrollable_content_region.height - 2, 1), 0)

    def action_edit(self) -> None:
        if self.rows:
            path = self.rows[self.row][0]
            field = self.fields[self.column]
            self.post_message(self.EditAsked(path, field, self.text(self.row, self.column)))

    def watch_row(self) -> None:
        self._follow()

    def watch_column(self) -> None:
        self._follow()

    def _follow(self) -> None:
        left = sum(self.widths[: self.column + 1]) + GAP * (self.column + 1)
        width = self.widths[self.column + 1]
        # Its line and the one above: the header covers the top line of the view.
        self.scroll_to_region(Region(left, self.row, width, 2), animate=False, force=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_offset.y)
        base = self.rich_style
        if line == 0 or y == 0:
            # The header stays on the first line however far the rows scroll.
            style = base + self.get_component_rich_style("field-grid--header")
            texts = ["path", *self.fields]
            strip = Strip(self._cells(texts, [style] * len(texts), base))
            return strip.crop(int(self.scroll_offset.x), int(self.scroll_offset.x) + width)
        row = line - 1
        if row >= len(self.rows):
            return Strip.blank(width, base)
        path, _ = self.rows[row]
        texts = [path, *(self.text(row, n) for n in range(len(self.fields)))]
        row_style = (
            base + self.get_component_rich_style("field-grid--row") if row == self.row else base
        )
        styles = [row_style + self.get_component_rich_style("field-grid--path")]
        for number, name in enumerate(self.fields):
            style = row_style
            if (path, name) in self.edited:
                style += self.get_component_rich_style("field-grid--edited")
            if row == self.row and number == self.column:
                style += self.get_component_rich_style("field-grid--cursor")
            styles.append(style)
        strip = Strip(self._cells(texts, styles, row_style))
        return strip.crop(int(self.scroll_offset.x), int(self.scroll_offset.x) + width)

    def _cells(self, texts: list[str], styles: list[Style], gap: Style) -> list[Segment]:
        segments = []
        for text, style, width in zip(texts, styles, self.widths, strict=True):
            shown = visible(text)
            if cell_len(shown) > width:
                shown = set_cell_size(shown, width - 1) + "…"
            segments += [Segment(set_cell_size(shown, width), style), Segment(" " * GAP, gap)]
        return segments
