"""The preview: a compact frontmatter header, then the body rendered as Markdown.

Rendering happens in a thread worker into lines that a Line-API view paints; a long post shows
its first screen from a first chunk at once, and the whole body replaces it when ready.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.segment import Segment
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats.visible import visible
from blogtui.domain.site.post import Post
from blogtui.domain.site.status import status_of
from blogtui.widgets import pictures
from blogtui.widgets.pictures import MAX_SHOWN, Pictures

SETTLE_SECONDS = 0.03
"""A new post is rendered once the highlight rests this long: typing and j/k stay instant."""
FIRST_CHUNK = 3_000
"""Characters of the body rendered first, so a 200 KB post shows its first screen at once."""
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_FENCE = re.compile(r"^(```|~~~)", re.M)


def images_as_text(markdown: str) -> str:
    """`![alt](path)` shown as its alt text and path (terminals show no pictures)."""
    parts = _FENCE.split(markdown)
    out: list[str] = []
    inside = False
    for part in parts:
        if part in ("```", "~~~"):
            inside = not inside
            out.append(part)
        elif inside:
            out.append(part)
        else:
            out.append(_IMAGE.sub(lambda m: f"`🖼 {m.group(1) or 'image'} → {m.group(2)}`", part))
    return "".join(out)


def first_chunk(body: str, size: int = FIRST_CHUNK) -> str:
    """The body cut at the first blank line after `size` characters."""
    if len(body) <= size:
        return body
    cut = body.find("\n\n", size)
    return body if cut < 0 else body[:cut]


@dataclass(frozen=True)
class Loaded:
    """What the preview shows for one post."""

    post: Post
    metadata: dict[str, Any]
    body: str
    error: str | None


def load_for_preview(root: Path, post: Post) -> Loaded:
    """Read the post as it is on disk now; errors become part of what is shown."""
    reading = read_post_file(root / post.path, root)
    # Shown, never edited: control characters become visible before anything renders them.
    if reading.doc is not None and reading.metadata is not None:
        return Loaded(post, reading.metadata, visible(reading.doc.body, multiline=True), None)
    shown = visible(reading.text, multiline=True) if reading.text is not None else ""
    return Loaded(post, {}, shown, visible(reading.error or ""))


def header_text(loaded: Loaded, facts: Sequence[tuple[str, str]] = ()) -> Text:
    post = loaded.post
    text = Text(visible(post.display_title), style="bold")
    meta: list[tuple[str, str]] = []
    if post.date:
        meta.append((post.date, "dim"))
    status = status_of(post)
    if status != "published":
        meta.append((status, "bold yellow" if status == "draft" else "bold cyan"))
    if post.featured:
        meta.append(("★ featured", "bold magenta"))
    if meta:
        text.append("\n")
        for number, (part, style) in enumerate(meta):
            text.append(("  ·  " if number else ""), "dim")
            text.append(part, style)
    if post.tags:
        text.append("\n")
        text.append(visible(" ".join(f"#{tag}" for tag in post.tags)), "cyan")
    for taxonomy, terms in (post.terms or {}).items():
        text.append(f"\n{taxonomy}: ", "dim")
        text.append(visible(", ".join(terms)), "cyan")
    if post.description:
        text.append("\n")
        text.append(visible(post.description), "italic")
    if post.image:
        text.append("\nimage: ", "dim")
        text.append(visible(post.image))
    for name, fact in facts:
        text.append(f"\n{name}: ", "dim")
        text.append(visible(fact))
    text.append("\n" + visible(post.path), "dim")
    if loaded.error:
        text.append("\n⚠ " + visible(loaded.error), "bold red")
    return text


def render_lines(app: App[object], renderable: RenderableType, width: int) -> list[Strip]:
    """A renderable as lines of the given width (safe to call from a worker thread)."""
    console = app.console
    options = console.options.update_width(width)
    rendered = console.render_lines(Group(renderable), options, pad=False)
    return [Strip(Segment.simplify(line)) for line in rendered]


def render_markdown_lines(app: App[object], text: str, width: int) -> list[Strip]:
    dark = app.current_theme.dark if app.current_theme else True
    markdown = Markdown(text, code_theme="monokai" if dark else "default", hyperlinks=False)
    return render_lines(app, markdown, width)


class RenderedLines(ScrollView):
    """Pre-rendered lines, painted one at a time."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Strip] = []
        self.rendered_width: int | None = None
        """The width the lines were rendered for (None: unknown)."""

    def set_lines(
        self, lines: list[Strip], keep_scroll: bool = False, width: int | None = None
    ) -> None:
        self.lines = lines
        self.rendered_width = width
        width = max((line.cell_length for line in lines), default=0)
        self.virtual_size = Size(width, len(lines))
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False)
        self.refresh()

    def text_width(self) -> int:
        """The width to render text for: the scrollbar's column always left free, so that
        whether the previous text needed a scrollbar never changes how this one wraps."""
        inner = self.region.width - self.styles.gutter.width
        return max(inner - self.styles.scrollbar_size_vertical - 1, 20)

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        if row >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        x = int(self.scroll_offset.x)
        # Unstyled text takes the widget's colours, not the terminal's defaults.
        line = self.lines[row].crop(x, x + width).apply_style(self.rich_style)
        return line.extend_cell_length(width, self.rich_style)


class _HeaderReady(Message):
    """The preview's job read a post: its header, shown first."""

    bubble = False

    def __init__(self, loaded: Loaded, head: Text) -> None:
        super().__init__()
        self.loaded = loaded
        self.head = head


class _PicturesReady(Message):
    def __init__(self, images: list[Any]) -> None:
        super().__init__()
        self.images = images


class _LinesReady(Message):
    """The preview's job rendered (part of) a post's body."""

    bubble = False

    def __init__(self, path: str, lines: list[Strip], keep_scroll: bool) -> None:
        super().__init__()
        self.path = path
        self.lines = lines
        self.keep_scroll = keep_scroll


class Preview(Vertical):
    """The highlighted post, rendered."""

    def __init__(self, root: Path, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.root = root
        self.post: Post | None = None
        self.loaded: Loaded | None = None
        self.shown_path: str | None = None
        """The post whose body is on screen now (the header can be a step ahead)."""
        self._pending: Timer | None = None
        self.facts: Callable[[Post], list[tuple[str, str]]] | None = None
        """What the site knows of a post beyond its file (translations, who links to it);
        called in the preview's worker."""
        self.image_files: Callable[[Post], list[Path]] | None = None
        """The image files a post shows (drawn where the terminal can); in the worker too."""

    def compose(self) -> ComposeResult:
        yield Static(id="preview-header")
        yield Pictures(id="preview-pictures")
        yield RenderedLines(id="preview-body")

    def show(self, post: Post | None, reload: bool = False) -> None:
        """Show this post (read from disk in a worker); `reload` re-reads the same post."""
        if post is self.post and not reload:
            return
        self.post = post
        if self._pending is not None:
            self._pending.stop()
        header = self.query_one("#preview-header", Static)
        body = self.query_one("#preview-body", RenderedLines)
        self.query_one(Pictures).show([])
        if post is None:
            self.loaded = None
            self.shown_path = None
            header.update(Text("No post selected.", style="dim"))
            body.set_lines([])
            return
        keep_scroll = reload and self.loaded is not None and self.loaded.post.path == post.path
        if keep_scroll:  # the same post again: no keys to let settle first
            self._render_post(post, keep_scroll)
            return
        self._pending = self.set_timer(
            SETTLE_SECONDS, lambda: self._render_post(post, keep_scroll), name="preview-settle"
        )

    def refresh_facts(self) -> None:
        """What the site knows of the post shown changed (who links to it): its header again,
        its body left as it is (a 200 KB body is not rendered again for a line)."""
        if self.loaded is not None and self.post is not None:
            self._header_again(self.loaded)

    @work(thread=True, exclusive=True, group="preview-facts")
    def _header_again(self, loaded: Loaded) -> None:
        facts = self.facts(loaded.post) if self.facts is not None else []
        self.post_message(_HeaderReady(loaded, header_text(loaded, facts)))

    def show_lines(self, title: str, lines: list[Strip]) -> None:
        """Show other lines than the post's rendering (its git diff); `show` goes back."""
        self.query_one("#preview-header", Static).update(Text(visible(title), style="bold"))
        self.query_one("#preview-body", RenderedLines).set_lines(lines)
        self.post = None  # the next `show` renders the post again

    def scroll_body(self, lines: int) -> None:
        """Scroll the rendered body (from the list: the preview never needs the focus)."""
        self.query_one("#preview-body", RenderedLines).scroll_relative(y=lines, animate=False)

    def on_resize(self) -> None:
        if self.post is not None:
            self._render_post(self.post, keep_scroll=True)

    @work(thread=True, exclusive=True, group="preview")
    def _render_post(self, post: Post, keep_scroll: bool) -> None:
        worker = get_current_worker()
        loaded = load_for_preview(self.root, post)
        width = self.query_one("#preview-body", RenderedLines).text_width()
        head = header_text(loaded, self.facts(post) if self.facts is not None else [])
        self.post_message(_HeaderReady(loaded, head))
        if pictures.draws() and self.image_files is not None:
            shrunk = [pictures.thumbnail(path) for path in self.image_files(post)[:MAX_SHOWN]]
            if not worker.is_cancelled:
                self.post_message(_PicturesReady([image for image in shrunk if image is not None]))
        if loaded.error is not None:
            lines = render_lines(self.app, Text(loaded.body), width)
            if not worker.is_cancelled:
                self.post_message(_LinesReady(post.path, lines, keep_scroll))
            return
        body = images_as_text(loaded.body)
        chunk = first_chunk(body)
        lines = render_markdown_lines(self.app, chunk, width)
        if worker.is_cancelled:
            return
        self.post_message(_LinesReady(post.path, lines, keep_scroll))
        if chunk is not body:
            lines = render_markdown_lines(self.app, body, width)
            if not worker.is_cancelled:
                self.post_message(_LinesReady(post.path, lines, True))

    @on(_PicturesReady)
    def _show_pictures(self, event: _PicturesReady) -> None:
        self.query_one(Pictures).show(event.images)

    @on(_HeaderReady)
    def _show_header(self, event: _HeaderReady) -> None:
        if self.post is not None and event.loaded.post.path != self.post.path:
            return  # a header made for the post shown before (its facts came late)
        self.loaded = event.loaded
        self.query_one("#preview-header", Static).update(event.head)

    @on(_LinesReady)
    def _show_lines(self, event: _LinesReady) -> None:
        self.shown_path = event.path
        self.query_one("#preview-body", RenderedLines).set_lines(event.lines, event.keep_scroll)
