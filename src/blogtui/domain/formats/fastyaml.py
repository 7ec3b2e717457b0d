"""A fast path for the plain frontmatter most posts have, exact or nothing.

Most frontmatter is `key: scalar` lines and `- item` lists. For those, building PyYAML's loader
per post costs more than the parse itself. This reader accepts only that narrow shape and answers
None for anything else (quotes with escapes, comments after values, nested maps, anchors, block
scalars, flow maps...), which then goes to the C YAML loader. Scalars are typed by PyYAML's own
resolver and constructor, so a value means exactly what the full loader would make of it; tests
compare the two over the corpus and over generated documents.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from blogtui.domain.formats.yamlio import TIMESTAMP_FREE_RESOLVERS

_PLAIN_START_FORBIDDEN = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
"""Carriage returns, control characters and Unicode line breaks: YAML gives them meanings."""
_STR = "tag:yaml.org,2002:str"
_WORDS = frozenset(
    spelling
    for word in ("yes", "no", "true", "false", "on", "off", "null")
    for spelling in (word, word.capitalize(), word.upper())
)
_TYPED = frozenset(f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "null"))


class _Resolver(yaml.resolver.Resolver):
    """PyYAML's implicit typing of plain scalars, minus timestamps (kept as strings)."""


_Resolver.yaml_implicit_resolvers = TIMESTAMP_FREE_RESOLVERS
_resolver = _Resolver()
_constructor = SafeConstructor()


def _plain(text: str) -> tuple[bool, Any]:
    if (
        not text
        or text[0] in _PLAIN_START_FORBIDDEN
        or ": " in text
        or " #" in text
        or "\t" in text
        or text.endswith(":")
    ):
        return False, None
    if text[0].isalpha() and text not in _WORDS:
        return True, text  # only bool and null words start with a letter among typed scalars
    tag = _resolver.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR:
        return True, text
    if tag not in _TYPED:
        return False, None
    node = ScalarNode(tag, text)
    return True, _constructor.construct_object(node)


@functools.lru_cache(maxsize=4096)
def _scalar(text: str) -> tuple[bool, Any]:
    """(understood, value) for one scalar written on a single line."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        inner = text[1:-1]
        if text[0] == '"' and ('"' in inner or "\\" in inner):
            return False, None
        if text[0] == "'" and "'" in inner:
            return False, None
        return True, inner
    return _plain(text)


def _is_key(key: str) -> bool:
    # The same as [A-Za-z_][A-Za-z0-9_-]* without a regular expression: this runs per line.
    return key.isascii() and key.replace("-", "_").isidentifier()


def load_simple(text: str) -> dict[str, Any] | None:
    """The mapping, when `text` is plain `key: scalar` / `- item` frontmatter; else None."""
    if _SPECIAL.search(text):
        return None
    result: dict[str, Any] = {}
    list_key: str | None = None
    list_indent: int | None = None
    for line in text.split("\n"):
        if not line or line.isspace() or line[0] == "#":
            continue
        if line[0] == " " or line[0] == "-":
            item = line.lstrip(" ")
            if list_key is None or not item.startswith("- "):
                return None
            indent = len(line) - len(item)
            if list_indent is None:
                list_indent = indent
            elif indent != list_indent:
                return None
            ok, value = _scalar(item[2:].strip(" "))
            if not ok:
                return None
            if result[list_key] is None:
                result[list_key] = []
            result[list_key].append(value)
            continue
        key, colon, raw = line.partition(":")
        if not colon or not _is_key(key) or (raw and raw[0] != " "):
            return None
        if key in _WORDS:  # `true:` or `null:` keys are not strings
            return None
        if key in result:
            return None  # duplicate keys: let the real loader decide what they mean
        raw = raw.strip(" ")
        if not raw:
            result[key] = None
            list_key, list_indent = key, None
            continue
        ok, value = _scalar(raw)
        if not ok:
            return None
        result[key] = value
        list_key = None
    return result or None
