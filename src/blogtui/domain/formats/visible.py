"""Text from files made safe for a terminal: control characters shown, never emitted.

A title holding `ESC ] 2 ; … BEL` would rename the terminal, `ESC [ 2 J` would clear it, and
OSC 52 can set the clipboard. Every piece of text that came from a file (titles, tags, bodies,
file names, error messages) passes through `visible` before it is printed or drawn.
"""

from __future__ import annotations

import re

_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_C0_PICTURES[0x7F] = "\u2421"  # ␡

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, DEL, and the bidirectional overrides that make text read otherwise."""
_UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""The same, except tab and line feed, which a body or a preview keeps."""


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in _C0_PICTURES:
        return _C0_PICTURES[code]  # ␛ for ESC, ␇ for BEL...
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


def has_controls(text: str) -> bool:
    """Whether a multi-line text holds control characters other than tabs and line breaks."""
    return _UNSAFE_MULTILINE.search(text.replace("\r\n", "\n")) is not None


def visible(text: str, multiline: bool = False) -> str:
    """`text` with every control character replaced by a visible stand-in (ESC becomes ␛).

    With `multiline`, tabs and line feeds are kept; a CR before a LF is dropped silently, since
    a CRLF file's lines are still just lines.
    """
    if "\ufe0f" in text:
        # VARIATION SELECTOR-16 asks for the two-cell emoji form of `❤`; terminals differ on
        # whether they honour it, and Rich counts one cell: a border drawn after it moves.
        # Without it every terminal draws the one-cell form Rich expects.
        text = text.replace("\ufe0f", "")
    if multiline:
        text = text.replace("\r\n", "\n")
        pattern = _UNSAFE_MULTILINE
    else:
        pattern = _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_picture, text)
