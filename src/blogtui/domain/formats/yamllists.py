"""A list edited item by item: kept items keep their text, the list its layout (block or flow)."""

from __future__ import annotations

import difflib
import itertools
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from blogtui.domain.formats.yamlemit import (
    _dump,
    _items_style,
    _Style,
)
from blogtui.domain.formats.yamlspans import (
    _line_after,
    _line_start,
    _node_end,
)


def _merge_block_list(text: str, old: Node, value: Any, style: _Style) -> str | None:
    """A block list of scalars edited item by item: kept items keep their lines and comments."""
    if not (isinstance(old, SequenceNode) and not old.flow_style and old.value):
        return None
    if not (isinstance(value, list) and value) or any(isinstance(v, (list, dict)) for v in value):
        return None
    items = old.value
    if not all(isinstance(item, ScalarNode) for item in items):
        return None
    if any(b.start_mark.index <= a.start_mark.index for a, b in itertools.pairwise(items)):
        return None  # aliases: marks point elsewhere
    starts = [_line_start(text, item.start_mark.index) for item in items]
    end = _line_after(text, _node_end(text, items[-1]))
    chunks = [text[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    if not chunks[-1].endswith("\n"):
        chunks[-1] += "\n"
    dash = text.rfind("-", starts[0], items[0].start_mark.index) - starts[0]
    quote = _items_style(old)
    new_texts = [
        _dump(v, style, False, quote if isinstance(v, str) else None).rstrip("\n") for v in value
    ]
    if any("\n" in item for item in new_texts):
        return None
    merged: list[str] = []
    matcher = difflib.SequenceMatcher(
        a=[_item_key(_scalar_value(item)) for item in items],
        b=[_item_key(v) for v in value],
        autojunk=False,
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            merged += chunks[a1:a2]
        elif op == "replace" and a2 - a1 == b2 - b1:
            # An item renamed in place keeps the comment its line had.
            for item, new in zip(items[a1:a2], new_texts[b1:b2], strict=True):
                after = text[_node_end(text, item) : _line_after(text, _node_end(text, item))]
                comment = after.rstrip("\r\n") if after.lstrip().startswith("#") else ""
                merged.append(" " * dash + "- " + new + comment + "\n")
        elif op != "delete":
            merged += [" " * dash + "- " + item + "\n" for item in new_texts[b1:b2]]
    result = "".join(merged)
    if not text[starts[0] : end].endswith("\n"):
        result = result[:-1]
    return text[: starts[0]] + result + text[end:]


def _scalar_value(node: ScalarNode) -> Any:
    """The value a scalar item has (as the loaders read it: dates stay strings)."""
    return _CONSTRUCTOR.construct_object(node)


def _item_key(value: Any) -> tuple[str, Any]:
    # By type and value: 1, True and "1" are three different items.
    return (type(value).__name__, value)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _merge_flow_list(text: str, old: Node, value: Any, style: _Style) -> str | None:
    """A one-line flow list of scalars edited item by item: kept items keep their exact text
    (quotes included), new ones take the list's quoting, the separators stay as they were."""
    if not (isinstance(old, SequenceNode) and old.flow_style and old.value):
        return None
    if not isinstance(value, list) or any(isinstance(v, (list, dict)) for v in value):
        return None
    items = old.value
    if not all(isinstance(item, ScalarNode) for item in items):
        return None
    start, end = old.start_mark.index, old.end_mark.index
    if "\n" in text[start:end]:
        return None  # spread over lines (maybe with comments): emitted whole instead
    if any(b.start_mark.index <= a.start_mark.index for a, b in itertools.pairwise(items)):
        return None  # aliases: marks point elsewhere
    spans = [(item.start_mark.index, _node_end(text, item)) for item in items]
    separator = text[spans[0][1] : spans[1][0]] if len(spans) > 1 else ", "
    if separator.strip() != ",":
        return None
    quote = _items_style(old)
    old_texts = [text[a:b] for a, b in spans]
    matcher = difflib.SequenceMatcher(
        a=[_item_key(_scalar_value(item)) for item in items],
        b=[_item_key(v) for v in value],
        autojunk=False,
    )
    pieces: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces += old_texts[a1:a2]
        elif op != "delete":
            for new in value[b1:b2]:
                dumped = _dump([new], style, True, quote if isinstance(new, str) else None)
                pieces.append(dumped.strip()[1:-1].strip())
    if not pieces:
        return text[:start] + "[]" + text[end:]
    opening, closing = text[start : spans[0][0]], text[spans[-1][1] : end]
    return text[:start] + opening + separator.join(pieces) + closing + text[end:]
