"""A post's images, drawn in the preview where the terminal can draw them (Kitty's graphics
protocol, Sixel, iTerm2's), through textual-image; elsewhere the preview shows each image as its
alt text and path.

Asking a terminal what it can draw means writing to it and waiting for an answer (up to 0.1 s
a protocol), before Textual starts, and a key typed meanwhile can be lost. So it is only asked
where the environment names a terminal that draws (`BLOGTUI_IMAGES=on` asks anyway, `off`
never). Images are decoded and shrunk in a worker, never on the UI thread, and a huge file is
never decoded at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.containers import Horizontal
from textual.widget import Widget

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""A larger file is named, not decoded (a 200-megapixel scan would take seconds and gigabytes)."""
MAX_SHOWN = 4
THUMBNAIL = (480, 320)
"""Pixels an image is shrunk to before it is handed to the terminal."""

_DRAWING_TERMINALS = ("kitty", "wezterm", "iterm", "foot", "konsole", "mlterm", "contour")

_widget_class: Any = None
"""textual-image's widget for this terminal; None: images are shown as text."""


def _named_terminal() -> bool:
    names = " ".join(
        os.environ.get(key, "") for key in ("TERM", "TERM_PROGRAM", "LC_TERMINAL")
    ).lower()
    if os.environ.get("KITTY_WINDOW_ID") or os.environ.get("KONSOLE_VERSION"):
        return True
    return any(name in names for name in _DRAWING_TERMINALS)


def prepare() -> None:
    """Find out, before the app starts, whether this terminal draws images."""
    global _widget_class
    wanted = os.environ.get("BLOGTUI_IMAGES", "auto").lower()
    if wanted == "off" or (wanted != "on" and not _named_terminal()):
        return
    try:
        from textual_image.renderable import HalfcellImage, UnicodeImage
        from textual_image.renderable import Image as chosen
        from textual_image.widget import Image
    except Exception:  # a terminal that answers nonsense: text, as elsewhere
        return
    if chosen not in (HalfcellImage, UnicodeImage):  # a real picture, not blocks of colour
        _widget_class = Image


def draws() -> bool:
    return _widget_class is not None


def use(widget_class: Any) -> None:
    """Draw images with this widget class (None: as text); tests choose one."""
    global _widget_class
    _widget_class = widget_class


def thumbnail(path: Path) -> Any:
    """The image shrunk for the preview (in a worker); None when it cannot be shown."""
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        from PIL import Image

        with Image.open(path) as image:
            image.draft("RGB", THUMBNAIL)  # a JPEG decodes at a fraction of its size
            image.thumbnail(THUMBNAIL)
            return image.convert("RGB")
    except Exception:  # not an image Pillow reads, unreadable, truncated: named, not drawn
        return None


class Pictures(Horizontal):
    """The images of the post shown, side by side, under its header."""

    DEFAULT_CSS = """
    Pictures {
        height: auto;
        max-height: 12;
        display: none;
    }
    Pictures.-shown {
        display: block;
    }
    Pictures > * {
        width: 1fr;
        height: 10;
    }
    """

    def show(self, images: list[Any]) -> None:
        if not images and not self.children:
            return  # nothing shown, nothing to show: no layout for every highlighted post
        self.remove_children()
        if _widget_class is None or not images:
            self.remove_class("-shown")
            return
        widgets: list[Widget] = [_widget_class(image) for image in images[:MAX_SHOWN]]
        self.mount_all(widgets)
        self.add_class("-shown")
