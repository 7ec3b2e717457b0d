"""Eleventy's JavaScript frontmatter (`---js`): the plain values it assigns, read, never run.

    ---js
    const title = "A post";
    const eleventyNavigation = { key: "About", order: 3 };
    ---

Only literals are read (strings, numbers, booleans, null, arrays and objects of them); a name
assigned anything else (a function, an expression) is left out. blogtui never edits such
frontmatter: it would have to write JavaScript.
"""

from __future__ import annotations

import json
import re
from typing import Any

_ASSIGNMENT = re.compile(
    r"(?m)^[ \t]*(?:export[ \t]+)?(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)\s*=\s*"
)
_STATEMENT_END = re.compile(r"[ \t]*(?:;|//|/\*|\r?\n|\Z)")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class NotALiteral(ValueError):
    """The value is JavaScript code, not a plain literal."""


def read_values(source: str) -> dict[str, Any]:
    """Every `const|let|var NAME = <literal>` at the start of a line, by name."""
    values: dict[str, Any] = {}
    for match in _ASSIGNMENT.finditer(source):
        try:
            value, end = _Literal(source, match.end()).read()
        except (NotALiteral, IndexError, RecursionError):
            continue
        if _STATEMENT_END.match(source, end):  # `1 + 2` is code, not the literal 1
            values[match.group(1)] = value
    return values


class _Literal:
    def __init__(self, text: str, position: int) -> None:
        self.text = text
        self.position = position

    def read(self) -> tuple[Any, int]:
        value = self._value()
        return value, self.position

    def _skip(self) -> None:
        text = self.text
        while self.position < len(text):
            if text[self.position].isspace():
                self.position += 1
            elif text.startswith("//", self.position):
                end = text.find("\n", self.position)
                self.position = len(text) if end < 0 else end
            elif text.startswith("/*", self.position):
                end = text.find("*/", self.position + 2)
                if end < 0:
                    raise NotALiteral("unclosed comment")
                self.position = end + 2
            else:
                return

    def _value(self) -> Any:
        self._skip()
        char = self.text[self.position]
        if char in "\"'`":
            return self._string(char)
        if char == "[":
            return self._array()
        if char == "{":
            return self._object()
        number = _NUMBER.match(self.text, self.position)
        if number:
            self.position = number.end()
            return json.loads(number.group()) if number.group()[0] != "." else float(number.group())
        name = _NAME.match(self.text, self.position)
        if name and name.group() in ("true", "false", "null"):
            self.position = name.end()
            return {"true": True, "false": False, "null": None}[name.group()]
        raise NotALiteral(f"not a literal at {self.position}")

    def _string(self, quote: str) -> str:
        text = self.text
        self.position += 1
        parts: list[str] = []
        while text[self.position] != quote:
            char = text[self.position]
            if quote == "`" and text.startswith("${", self.position):
                raise NotALiteral("a template with expressions")
            if char == "\\":
                self.position += 1
                escaped = text[self.position]
                parts.append(_ESCAPES.get(escaped, escaped))
            elif char == "\n" and quote != "`":
                raise NotALiteral("a line break in a string")
            else:
                parts.append(char)
            self.position += 1
        self.position += 1
        return "".join(parts)

    def _array(self) -> list[Any]:
        self.position += 1
        items: list[Any] = []
        while True:
            self._skip()
            if self.text[self.position] == "]":
                self.position += 1
                return items
            items.append(self._value())
            self._separator("]")

    def _object(self) -> dict[str, Any]:
        self.position += 1
        found: dict[str, Any] = {}
        while True:
            self._skip()
            char = self.text[self.position]
            if char == "}":
                self.position += 1
                return found
            if char in "\"'":
                key = self._string(char)
            else:
                name = _NAME.match(self.text, self.position)
                if name is None:
                    raise NotALiteral("an object key that is not a name")
                key = name.group()
                self.position = name.end()
            self._skip()
            if self.text[self.position] != ":":
                raise NotALiteral("shorthand or method in an object")
            self.position += 1
            found[key] = self._value()
            self._separator("}")

    def _separator(self, closer: str) -> None:
        self._skip()
        char = self.text[self.position]
        if char == ",":
            self.position += 1
        elif char != closer:
            raise NotALiteral(f"expected , or {closer}")
