"""The body editor (`b`): Markdown on the left, rendered on the right as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea
from textual.worker import get_current_worker

from blogtui.domain.formats.visible import visible
from blogtui.domain.ops.edit import Edit, LoadedPost, edit_body
from blogtui.screens.editing import EditingScreen
from blogtui.widgets.preview import RenderedLines, images_as_text, render_markdown_lines

RENDER_AFTER = 0.15
"""Seconds of quiet typing before the preview is rendered again."""


class _Rendered(Message):
    """The body's preview, rendered by its job."""

    bubble = False

    def __init__(self, lines: list[Strip], width: int) -> None:
        super().__init__()
        self.lines = lines
        self.width = width


class BodyScreen(EditingScreen):
    """Edit a post's body; the frontmatter bytes are never touched."""

    def __init__(self, post: LoadedPost, relative: str) -> None:
        super().__init__(post, relative)
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(visible(f"Edit body — {self.relative}")), id="body-title")
        with Horizontal(id="body-panes"):
            yield TextArea(
                self.post.doc.body,
                language=_markdown_language(),
                id="body-editor",
                soft_wrap=True,
                show_line_numbers=True,
            )
            yield RenderedLines(id="body-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#body-editor", TextArea).focus()
        # After the first layout: rendered before it, the preview would wrap at a wrong width.
        self.call_after_refresh(self._render_body, self.post.doc.body)

    def is_dirty(self) -> bool:
        return self.query_one("#body-editor", TextArea).text != self.post.doc.body

    def edited(self, post: LoadedPost, shared: str | None) -> Edit | None:
        return edit_body(post, self.query_one("#body-editor", TextArea).text)

    def load(self, post: LoadedPost) -> None:
        editor = self.query_one("#body-editor", TextArea)
        if editor.text != post.doc.body:
            editor.load_text(post.doc.body)
        self._render_body(post.doc.body)

    @on(TextArea.Changed, "#body-editor")
    def _typed(self) -> None:
        if self._pending is not None:
            self._pending.stop()
        text = self.query_one("#body-editor", TextArea).text
        self._pending = self.set_timer(RENDER_AFTER, lambda: self._render_body(text))

    @work(thread=True, exclusive=True, group="body-preview")
    def _render_body(self, text: str) -> None:
        worker = get_current_worker()
        view = self.query_one("#body-preview", RenderedLines)
        width = view.text_width()
        lines = render_markdown_lines(self.app, images_as_text(text), width)
        if not worker.is_cancelled:
            self.post_message(_Rendered(lines, width))

    @on(_Rendered)
    def _rendered(self, event: _Rendered) -> None:
        self.query_one("#body-preview", RenderedLines).set_lines(event.lines, True, event.width)


def _markdown_language() -> str | None:
    # Highlighting needs the tree-sitter grammars (the `textual[syntax]` extra).
    try:
        import tree_sitter_markdown  # noqa: F401
    except ImportError:
        return None
    return "markdown"
