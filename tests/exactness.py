"""Exact checks of an edit: which bytes may change, computed apart from the engine under test."""

from __future__ import annotations

import re

from blogtui.domain.formats.document import Document

_TOML_KEY = re.compile(r"""^(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=|^\[""")


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]


def top_level_spans(doc: Document, keys: list[str]) -> dict[str, tuple[int, int]]:
    """(start, end) in `doc.matter` of each top-level key's whole lines, for YAML block
    mappings and TOML tables: from the key's line to the next key's line, less the blank and
    comment lines in between. Keys that cannot be told apart this way are left out."""
    matter = doc.matter
    lines = matter.splitlines(keepends=True)
    starts = _line_starts(matter)
    heads: list[tuple[int, str]] = []  # (line number, key) of lines that start a top-level key
    for number, line in enumerate(lines):
        yaml_key = doc.kind == "yaml" and line[:1] not in (" ", "\t", "#", "-", "\r", "\n", "")
        if yaml_key or (doc.kind == "toml" and _TOML_KEY.match(line)):
            heads.append((number, line))
    spans: dict[str, tuple[int, int]] = {}
    for index, (number, line) in enumerate(heads):
        key = next((k for k in keys if _starts_key(line, k, doc.kind)), None)
        if key is None or key in spans:
            continue
        last = heads[index + 1][0] if index + 1 < len(heads) else len(lines)
        # Blank lines and comments at the margin belong to no key (an indented `#` line may be
        # a block scalar's content, so it stays).
        while last > number + 1 and (not lines[last - 1].strip() or lines[last - 1][0] == "#"):
            last -= 1
        end = starts[last] if last < len(starts) else len(matter)
        spans[key] = (starts[number], min(end, len(matter)))
    return spans


def _starts_key(line: str, key: str, kind: str) -> bool:
    separator = ":" if kind == "yaml" else "="
    for spelling in (key, f'"{key}"', f"'{key}'"):
        if re.match(rf"{re.escape(spelling)}\s*{separator}", line):
            return True
    return False


def changed_only_inside(old: str, new: str, span: tuple[int, int]) -> bool:
    """Whether `new` is `old` with only the text in `span` replaced (by anything)."""
    start, end = span
    return (
        len(new) >= start + len(old) - end
        and new[:start] == old[:start]
        and new[len(new) - (len(old) - end) :] == old[end:]
    )
