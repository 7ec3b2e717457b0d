"""Where a YAML node begins and ends in the text: the spans a splice replaces."""

from __future__ import annotations

import itertools
import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class YamlEditError(ValueError):
    """The edit cannot be made losslessly; the message is one line meant for the user."""


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_after(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


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
