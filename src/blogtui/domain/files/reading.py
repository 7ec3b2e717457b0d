"""The one reader of a post file: read, decode, split, parse; what fails is returned as data.

The index, the editor, the preview, `show`, `check` and the samples for new posts all read a
post through `read_post_file`, so they agree on what a post holds and on every error's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.fsio import MAX_POST_BYTES, decode, read_bytes
from blogtui.domain.formats.document import Document, FrontmatterError, parse_matter, split


@dataclass(frozen=True)
class Reading:
    """A post file as far as it could be read; `failure` says where reading stopped."""

    raw: bytes | None = None
    """The exact bytes; None when the file could not be read at all."""
    text: str | None = None
    """The decoded text; None when the bytes are not UTF-8 (or were not read)."""
    doc: Document | None = None
    metadata: dict[str, Any] | None = None
    """None when the frontmatter does not parse (then `doc` is None too)."""
    failure: PostReadError | FrontmatterError | None = None

    @property
    def error(self) -> str | None:
        """The failure as one line for the user."""
        return None if self.failure is None else str(self.failure)

    def parsed(self) -> tuple[bytes, Document, dict[str, Any]]:
        """The bytes, document and metadata; the failure raised when there is one."""
        if self.failure is not None:
            raise self.failure
        assert self.raw is not None and self.doc is not None and self.metadata is not None
        return self.raw, self.doc, self.metadata


def read_post_file(
    path: Path | str, root: Path | None = None, limit: int = MAX_POST_BYTES
) -> Reading:
    """Read one post (never out of `root`); never raises for what is wrong with the file."""
    try:
        raw = read_bytes(path, limit, root)
    except PostReadError as exc:
        return Reading(failure=exc)
    try:
        text = decode(raw)
    except PostReadError as exc:
        return Reading(raw=raw, failure=exc)
    try:
        doc = split(text)
        metadata = parse_matter(doc)
    except FrontmatterError as exc:
        return Reading(raw=raw, text=text, failure=exc)
    return Reading(raw, text, doc, metadata)
