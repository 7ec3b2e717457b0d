"""Lossless edits of YAML frontmatter: only the edited value's text is rewritten.

The composer gives the exact span of every key and value; the new value is emitted on its own
(in the style the old one had: quotes, block or flow list, block scalar, indentation) and spliced
into the original text in place of the old span. Every other character, comments and blank lines
included, is copied as it was. Re-emitting the whole block with a round-trip library is not enough:
over real posts it re-flows multi-line scalars and rewrites `~`.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from blogtui.domain.formats import yamlio
from blogtui.domain.formats.document import edit_as_lf
from blogtui.domain.formats.yamlio import TIMESTAMP_FREE_RESOLVERS


class YamlEditError(ValueError):
    """The edit cannot be made losslessly; the message is one line meant for the user."""


class _Dumper(yaml.SafeDumper):
    """Emits date strings plain (as the file had them), like the loader that reads them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, indentless and self.indentless_sequences)

    indentless_sequences = True


_Dumper.yaml_implicit_resolvers = TIMESTAMP_FREE_RESOLVERS


class _IndentedDumper(_Dumper):
    indentless_sequences = False


class SharedValueError(YamlEditError):
    """The value is shared through an anchor and aliases: say which meaning the edit has."""

    def __init__(self, message: str, anchor: str, others: list[list[str]]) -> None:
        super().__init__(message)
        self.anchor = anchor
        self.others = others
        """The other fields that use the value (paths of keys)."""


SHARED_MODES = ("all", "this")
"""`all`: every field that uses the shared value changes (the anchor stays on it); `this`: only
the edited field changes, and the first alias is written out in full with the old value."""


@dataclass(frozen=True)
class _Style:
    """How this file lays out block collections."""

    seq_offset: int
    """Columns from a key to the dash of its block list items (0: `- a` under `key:`)."""
    map_indent: int


def set_value(matter: str, path: list[str], value: Any, shared: str | None = None) -> str:
    """The frontmatter text with the field at `path` set to `value`; other bytes untouched.

    With duplicated keys the last one (the one loaders keep) is edited. A value shared through
    an anchor needs `shared` (one of SHARED_MODES), else SharedValueError.
    """
    return edit_as_lf(matter, lambda text: _set(text, path, value, shared))


def delete_value(matter: str, path: list[str]) -> str:
    """The frontmatter text without the field at `path` (its lines removed, nothing else)."""
    return edit_as_lf(matter, lambda text: _delete(text, path))


def block_style(matter: str, path: list[str]) -> str | None:
    """`|` or `>` when the field at `path` is a block scalar; None for anything else."""
    try:
        node: Node | None = _compose(matter.replace("\r\n", "\n"))
    except YamlEditError:
        return None
    for key in path:
        found = _find(node, key) if isinstance(node, MappingNode) else None
        node = found[1] if found else None
    style = node.style if isinstance(node, ScalarNode) else None
    return style if style in ("|", ">") else None


def _compose(text: str) -> MappingNode | None:
    try:
        root = yamlio.compose(text)
    except yaml.YAMLError as exc:
        raise YamlEditError(
            f"YAML frontmatter does not parse: {' '.join(str(exc).split())}"
        ) from None
    if root is not None and not isinstance(root, MappingNode):
        raise YamlEditError("frontmatter is not a mapping of fields")
    return root


def _key_name(node: Node) -> str | None:
    """The key as the loader names it: plain `false:` or `2013:` keys become 'False', '2013'."""
    if not isinstance(node, ScalarNode):
        return None
    if node.style:  # quoted or block: always a string
        return str(node.value)
    try:
        return str(yaml.load(node.value, Loader=yamlio.FastLoader))
    except yaml.YAMLError:
        return str(node.value)


def _find_all(mapping: MappingNode, key: str) -> list[tuple[Node, Node]]:
    return [(k, v) for k, v in mapping.value if _key_name(k) == key]


def _find(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    """The pair in effect: with a duplicated key, loaders keep the last one."""
    found = _find_all(mapping, key)
    return found[-1] if found else None


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def duplicate_keys(matter: str) -> list[tuple[str, list[int]]]:
    """(dotted key, its lines in the frontmatter) for every key written more than once."""
    text = matter.replace("\r\n", "\n")
    root = _compose(text)
    found: list[tuple[str, list[int]]] = []
    # Breadth first, in document order: a mapping used again through an alias is reported
    # once, under the path where it is written.
    queue: deque[tuple[str, Node]] = deque([("", root)] if root is not None else [])
    seen: set[int] = set()
    while queue:
        prefix, node = queue.popleft()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            lines: dict[str, list[int]] = {}
            for key_node, value_node in node.value:
                name = _key_name(key_node)
                if name is not None:
                    lines.setdefault(name, []).append(_line_of(text, key_node.start_mark.index))
                    queue.append((f"{prefix}{name}.", value_node))
            found += [(prefix + name, at) for name, at in lines.items() if len(at) > 1]
        elif isinstance(node, SequenceNode):
            queue.extend((prefix, item) for item in node.value)
    return sorted(found, key=lambda item: item[1][0])


def _nest(path: list[str], value: Any) -> Any:
    for key in reversed(path):
        value = {key: value}
    return value


def _set(text: str, path: list[str], value: Any, shared: str | None) -> str:
    root = _compose(text)
    style = _file_style(text, root)
    if root is None:
        prefix = text if not text or text.endswith("\n") else text + "\n"
        new = _emit_pair(_dump_key(path[0]), _nest(path[1:], value), None, 0, style, False)
        return prefix + new + "\n"
    node: MappingNode = root
    for depth, key in enumerate(path):
        found = _find(node, key)
        if found is None:
            return _insert(text, node, key, _nest(path[depth + 1 :], value), style)
        key_node, value_node = found
        if depth == len(path) - 1:
            anchor = None if _is_alias(key_node, value_node) else _anchor(text, value_node)
            if anchor is not None and _uses(root, value_node) > 1:
                return _set_shared(text, root, path, key_node, value_node, value, style, shared)
            if not _is_alias(key_node, value_node):  # an alias's node is its anchor's text
                merged = _merge_block_list(text, value_node, value, style)
                if merged is None:
                    merged = _merge_flow_list(text, value_node, value, style)
                if merged is not None:
                    return merged
            return _replace_pair(text, node, key_node, value_node, value, style, anchor)
        if not isinstance(value_node, MappingNode):
            raise YamlEditError(f"{'.'.join(path[: depth + 1])} is not a mapping of fields")
        if _uses(root, value_node) > 1:
            raise YamlEditError(
                f"{'.'.join(path[: depth + 1])} is shared with other fields through an anchor; "
                "edit the value where it is anchored"
            )
        node = value_node
    raise AssertionError("unreachable")  # pragma: no cover


def _replace_pair(
    text: str,
    mapping: MappingNode,
    key_node: Node,
    value_node: Node,
    value: Any,
    style: _Style,
    anchor: str | None = None,
) -> str:
    start, end = key_node.start_mark.index, _value_span_end(text, key_node, value_node)
    key_text = text[key_node.start_mark.index : key_node.end_mark.index]
    old = None if _is_alias(key_node, value_node) else value_node
    new = _emit_pair(
        key_text, value, old, key_node.start_mark.column, style, bool(mapping.flow_style)
    )
    if anchor is not None:
        new = f"{key_text}: &{anchor}{new[len(key_text) + 1 :]}"
    if end > start and text[end - 1] == "\n" and not new.endswith("\n"):
        new += "\n"  # the old span ended with its line (a keep-chomping block scalar)
    return text[:start] + new + text[end:]


_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")


def _anchor(text: str, node: Node) -> str | None:
    match = _ANCHOR.match(text, node.start_mark.index)
    return match.group(1) if match else None


def _uses(root: Node, target: Node) -> int:
    """How many places hold this very node (more than one: it is shared through aliases)."""
    return len(_paths_to(root, target))


def _paths_to(root: Node, target: Node) -> list[list[str]]:
    paths: list[list[str]] = []
    stack: list[tuple[list[str], Node]] = [([], root)]
    while stack:
        path, node = stack.pop()
        if node is target:
            paths.append(path)
            continue
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                stack.append(([*path, _key_name(key_node) or "?"], value_node))
        elif isinstance(node, SequenceNode):
            stack += [([*path, str(i)], item) for i, item in enumerate(node.value)]
    return sorted(paths, key=lambda p: [*p])


def shared_paths(matter: str, path: list[str]) -> list[list[str]]:
    """Every field that holds the same anchored value as `path` (itself included)."""
    root = _compose(matter.replace("\r\n", "\n"))
    node: Node | None = root
    for key in path:
        found = _find(node, key) if isinstance(node, MappingNode) else None
        if found is None:
            return [path]
        node = found[1]
    if root is None or node is None:
        return [path]
    return _paths_to(root, node)


def _set_shared(
    text: str,
    root: MappingNode,
    path: list[str],
    key_node: Node,
    value_node: Node,
    value: Any,
    style: _Style,
    shared: str | None,
) -> str:
    anchor = _anchor(text, value_node) or ""
    others = [p for p in _paths_to(root, value_node) if p != path]
    if shared not in SHARED_MODES:
        names = ", ".join(".".join(p) for p in others)
        raise SharedValueError(
            f"{'.'.join(path)} shares its value (&{anchor}) with {names}: choose to change "
            "every field that uses it, or only this one",
            anchor,
            others,
        )
    mapping = _parent_mapping(root, path)
    if shared == "all":
        return _replace_pair(text, mapping, key_node, value_node, value, style, anchor)
    # Only this field: the first alias after it takes over the anchor and the old value.
    old_text = text[value_node.start_mark.index : _value_span_end(text, key_node, value_node)]
    old_text = old_text[len(anchor) + 1 :].lstrip(" \t")
    if "\n" in old_text:
        raise YamlEditError(
            f"{'.'.join(path)} shares a value that spans several lines; edit it for every field"
        )
    alias = re.compile(rf"\*{re.escape(anchor)}(?![^\s,\]}}])")
    end = _value_span_end(text, key_node, value_node)
    found = alias.search(text, end)
    if found is None:
        raise YamlEditError(f"cannot find where &{anchor} is used")
    text = text[: found.start()] + f"&{anchor} {old_text}" + text[found.end() :]
    return _replace_pair(text, mapping, key_node, value_node, value, style)


def _parent_mapping(root: MappingNode, path: list[str]) -> MappingNode:
    node: Node = root
    for key in path[:-1]:
        found = _find(node, key) if isinstance(node, MappingNode) else None
        if found is None or not isinstance(found[1], MappingNode):
            raise YamlEditError(f"{'.'.join(path[:-1])} is not a mapping of fields")
        node = found[1]
    assert isinstance(node, MappingNode)
    return node


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_after(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


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


def _delete(text: str, path: list[str]) -> str:
    root = _compose(text)
    node = root
    for depth, key in enumerate(path):
        if node is None:
            return text
        every = _find_all(node, key)
        if not every:
            return text
        key_node, value_node = every[-1]
        if len(every) > 1 and depth == len(path) - 1:
            lines = " and ".join(str(_line_of(text, k.start_mark.index)) for k, _ in every)
            raise YamlEditError(
                f"{'.'.join(path)} is written more than once (frontmatter lines {lines}); "
                "remove the extra ones by hand first"
            )
        if depth < len(path) - 1:
            if not isinstance(value_node, MappingNode):
                return text
            node = value_node
            continue
        start = key_node.start_mark.index
        end = _value_span_end(text, key_node, value_node)
        if node.flow_style:
            return _delete_in_flow(text, start, end)
        line_start = text.rfind("\n", 0, start) + 1
        if end > start and text[end - 1] == "\n":
            line_end = end  # the value ends with its line (a keep-chomping block scalar)
        else:
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end + 1
        if text[line_start:start].strip():
            raise YamlEditError(f"cannot remove {key}: it shares its line with other text")
        return text[:line_start] + text[line_end:]
    return text


def _delete_in_flow(text: str, start: int, end: int) -> str:
    after = re.match(r"\s*,\s*", text[end:])
    if after and text[end + after.end() : end + after.end() + 1] in ("}", ""):
        # The last pair, with a trailing comma: it goes with the space before it.
        comma = end + text[end:].index(",") + 1
        spaced = len(text[:start]) - len(text[:start].rstrip(" \t"))
        return text[: start - spaced] + text[comma:]
    if after:
        return text[:start] + text[end + after.end() :]
    before = re.search(r",\s*$", text[:start])
    if before:
        return text[: before.start()] + text[end:]
    return text[:start] + text[end:]


def _insert(text: str, mapping: MappingNode, key: str, value: Any, style: _Style) -> str:
    if mapping.flow_style:
        close = mapping.end_mark.index - 1
        before = text[:close]
        kept = before.rstrip()
        new = _emit_pair(_dump_key(key), value, None, 0, style, True)
        if kept.endswith(","):  # a trailing comma: the new pair gets one too
            new = " " + new + ","
        elif mapping.value:
            new = ", " + new
        # The space or line break before `}` stays where it was: a later delete gives it back.
        return kept + new + before[len(kept) :] + text[close:]
    end = _mapping_content_end(text, mapping)
    # The mapping's own column: a complex key (`? a`) starts two columns to the right of it.
    column = mapping.start_mark.column
    new = " " * column + _emit_pair(_dump_key(key), value, None, column, style, False)
    if end > 0 and text[end - 1] == "\n":
        # The last value ends with its line (a keep-chomping block scalar's blank lines belong
        # to it): the new key goes after them.
        return text[:end] + new + "\n" + text[end:]
    line_end = text.find("\n", end)
    if line_end < 0:
        return text + "\n" + new
    return text[: line_end + 1] + new + "\n" + text[line_end + 1 :]


def _mapping_content_end(text: str, mapping: MappingNode) -> int:
    """Where a block mapping's last pair ends (before trailing blank and comment lines)."""
    last_key, last_value = mapping.value[-1]
    starts = [key.start_mark.index for key, _ in mapping.value]
    if any(b <= a for a, b in itertools.pairwise(starts)):
        # A key that is an alias (`*b : x`) has the marks of its anchor: go by the text.
        return _back_off(text, mapping.end_mark.index)
    try:
        return _value_span_end(text, last_key, last_value)
    except YamlEditError:
        return _back_off(text, mapping.end_mark.index)


def _is_alias(key_node: Node, value_node: Node) -> bool:
    # The composer hands back the anchored node for `*alias`: its marks point before the key.
    return bool(value_node.start_mark.index < key_node.end_mark.index)


def _value_span_end(text: str, key_node: Node, value_node: Node) -> int:
    if _is_alias(key_node, value_node):
        alias = re.compile(r"\s*:\s*\*[^\s,\]}]+").match(text, key_node.end_mark.index)
        if alias is None:
            raise YamlEditError("cannot find the end of an aliased value")
        return alias.end()
    return _node_end(text, value_node)


def _node_end(text: str, node: Node) -> int:
    """Where the node's own text ends: before trailing blank lines and comments."""
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">"):
            header_end = text.find("\n", node.start_mark.index)
            if "+" in text[node.start_mark.index : header_end]:
                return int(node.end_mark.index)
            return _block_scalar_end(text, node)
        return int(node.end_mark.index)
    if isinstance(node, (SequenceNode, MappingNode)):
        if node.flow_style or not node.value:
            return int(node.end_mark.index)
        last = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
        if last.start_mark.index < node.start_mark.index:
            return _back_off(text, node.end_mark.index)
        return _node_end(text, last)
    return int(node.end_mark.index)


def _block_scalar_end(text: str, node: ScalarNode) -> int:
    """The end of a clip or strip block scalar's last content line.

    Trailing lines that hold nothing but up to the scalar's indentation of spaces are not part
    of it; a line with more spaces than that is content (`"   "` under a 2-space scalar is " ").
    """
    header_end = text.find("\n", node.start_mark.index)
    end = int(node.end_mark.index)
    if header_end < 0 or header_end >= end:
        return end
    lines = text[header_end + 1 : end].split("\n")
    header = text[node.start_mark.index : header_end]
    explicit = re.search(r"[1-9]", header.split("#")[0])
    if explicit:
        indent = _line_indent(text, node.start_mark.index) + int(explicit.group())
    else:
        contents = [line for line in lines if line.strip()]
        indent = len(contents[0]) - len(contents[0].lstrip(" ")) if contents else 0
    keep = len(lines)  # the last item is what follows the final break ('' after one)
    while keep and not lines[keep - 1].strip() and len(lines[keep - 1]) <= indent:
        keep -= 1
    if not keep:
        return header_end  # no content: the scalar ends with its header line
    # Where the last content line ends: at its line break, or at the end of the text.
    return header_end + 1 + len("\n".join(lines[:keep]))


def _line_indent(text: str, index: int) -> int:
    start = text.rfind("\n", 0, index) + 1
    line = text[start:index]
    return len(line) - len(line.lstrip(" "))


def _back_off(text: str, end: int) -> int:
    # Step back over whole blank or comment-only lines the collection's end mark swallowed.
    while end > 0 and text[end - 1] == "\n":
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start : end - 1].strip()
        if line and not line.startswith("#"):
            return end - 1
        end = start
    return end


def _file_style(text: str, root: MappingNode | None) -> _Style:
    seq_offset, map_indent = 2, 2
    found_seq = found_map = False
    stack: list[Node] = [root] if root is not None else []
    while stack and not (found_seq and found_map):
        node = stack.pop()
        if not isinstance(node, MappingNode) or node.flow_style:
            continue
        for key_node, value_node in node.value:
            key_column = key_node.start_mark.column
            block_seq = isinstance(value_node, SequenceNode) and not value_node.flow_style
            if block_seq and not found_seq and value_node.value:
                dash = text.rfind("-", 0, value_node.value[0].start_mark.index)
                line_start = text.rfind("\n", 0, dash) + 1
                seq_offset, found_seq = dash - line_start - key_column, True
            if isinstance(value_node, MappingNode) and not value_node.flow_style:
                if not found_map and value_node.value:
                    map_indent = value_node.value[0][0].start_mark.column - key_column
                    found_map = map_indent > 0
                stack.append(value_node)
    return _Style(max(seq_offset, 0), map_indent if map_indent > 0 else 2)


def _dump(value: Any, style: _Style, flow: bool, scalar_style: str | None = None) -> str:
    dumper = _Dumper if style.seq_offset == 0 else _IndentedDumper
    out = yaml.dump(
        value,
        Dumper=dumper,
        default_flow_style=flow,
        default_style=scalar_style,
        allow_unicode=True,
        sort_keys=False,
        width=2**30,
        indent=style.map_indent,
    )
    if out.endswith("\n...\n"):
        out = out[: -len("\n...\n")] + "\n"
    return out


def _dump_key(key: str) -> str:
    return _dump(key, _Style(2, 2), False).rstrip("\n")


def _scalar_style(old: Node | None, value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if isinstance(old, ScalarNode) and old.style in ("'", '"', "|", ">"):
        if old.style in ("|", ">") and not value:
            return None
        return str(old.style)
    if "\n" in value.rstrip("\n"):
        return "|"
    return None


def _items_style(old: Node | None) -> str | None:
    # Keep the quotes every item of the old list had (`["a", "b"]` stays double-quoted).
    if not isinstance(old, SequenceNode) or not old.value:
        return None
    styles = {item.style if isinstance(item, ScalarNode) else "?" for item in old.value}
    if len(styles) == 1 and styles & {"'", '"'}:
        return str(styles.pop())
    return None


def _emit_pair(
    key_text: str, value: Any, old: Node | None, column: int, style: _Style, in_flow: bool
) -> str:
    """`key: value` text; continuation lines indented for a key at `column`."""
    if in_flow:
        # Dumped as the item of a flow list, a value is quoted wherever a flow forbids it plain
        # (`0,`, `a]`); the brackets are then taken off.
        return f"{key_text}: {_dump([value], style, True).strip()[1:-1]}"
    if isinstance(value, (list, dict)) and value:
        is_flow = isinstance(old, (SequenceNode, MappingNode)) and bool(old.flow_style)
        if is_flow:
            items = _items_style(old) if isinstance(value, list) else None
            if items and all(isinstance(item, str) for item in value):
                return f"{key_text}: {_dump(value, style, True, items).strip()}"
            return f"{key_text}: {_dump(value, style, True).strip()}"
        offset = style.seq_offset if isinstance(value, list) else style.map_indent
        items = _items_style(old) if isinstance(value, list) else None
        if items and all(isinstance(item, str) for item in value):
            body = _dump(value, style, False, items)
        else:
            body = _dump(value, style, False)
        pad = " " * (column + offset)
        lines = [pad + line if line else line for line in body.rstrip("\n").split("\n")]
        return key_text + ":\n" + "\n".join(lines)
    # One line break off: a keep-chomping scalar's trailing blank lines are part of its value.
    text = _dump(value, style, False, _scalar_style(old, value)).removesuffix("\n")
    if value is None and isinstance(old, ScalarNode) and old.value in ("~", ""):
        text = old.value
    lines = text.split("\n")
    if len(lines) > 1:
        pad = " " * column
        text = lines[0] + "\n" + "\n".join(pad + line if line else line for line in lines[1:])
    separator = ":" if not text or text.startswith("\n") else ": "
    return key_text + separator + text
