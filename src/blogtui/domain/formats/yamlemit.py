"""Writing one YAML value in the file's own style: its indentation, its quotes, block or flow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from blogtui.domain.formats.yamlio import TIMESTAMP_FREE_RESOLVERS


class _Dumper(yaml.SafeDumper):
    """Emits date strings plain (as the file had them), like the loader that reads them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, indentless and self.indentless_sequences)

    indentless_sequences = True


_Dumper.yaml_implicit_resolvers = TIMESTAMP_FREE_RESOLVERS


class _IndentedDumper(_Dumper):
    indentless_sequences = False


@dataclass(frozen=True)
class _Style:
    """How this file lays out block collections."""

    seq_offset: int
    """Columns from a key to the dash of its block list items (0: `- a` under `key:`)."""
    map_indent: int


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
