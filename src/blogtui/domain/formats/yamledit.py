"""Lossless edits of YAML frontmatter: only the edited value's text is rewritten.

The composer gives the exact span of every key and value; the new value is emitted on its own
(in the style the old one had: quotes, block or flow list, block scalar, indentation) and spliced
into the original text in place of the old span. Every other character, comments and blank lines
included, is copied as it was. Re-emitting the whole block with a round-trip library is not enough:
over real posts it re-flows multi-line scalars and rewrites `~`.

Its scope is frozen here: setting, deleting and inserting one field (shared anchors included).
How a value is written is `yamlemit`'s, where a node's text begins and ends `yamlspans`'s, a
list edited item by item `yamllists`'s.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from blogtui.domain.formats import yamlio
from blogtui.domain.formats.document import edit_as_lf
from blogtui.domain.formats.yamlemit import (
    _dump_key,
    _emit_pair,
    _file_style,
    _Style,
)
from blogtui.domain.formats.yamllists import _merge_block_list, _merge_flow_list
from blogtui.domain.formats.yamlspans import (
    YamlEditError,
    _is_alias,
    _line_of,
    _mapping_content_end,
    _value_span_end,
)


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
