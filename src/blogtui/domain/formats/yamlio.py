"""The YAML loaders every reader and editor shares: fast where it can be, complete where it must.

libyaml (the C loader) is ~7x faster than PyYAML's pure loader but refuses some valid YAML (a
tab inside a block scalar, a flow mapping with an omitted value). Every load and compose tries
the C loader first and falls back to the pure one before calling a file broken. Both resolve
timestamps as the plain strings the author wrote, so a date keeps its exact text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import Node

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
TIMESTAMP_FREE_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
"""PyYAML's implicit resolvers without the timestamp one; built once for every class below."""


class FastLoader(yaml.CSafeLoader):
    """The C safe loader, dates kept as strings."""

    yaml_implicit_resolvers = TIMESTAMP_FREE_RESOLVERS


class PureLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, dates kept as strings: reads what libyaml refuses."""

    yaml_implicit_resolvers = TIMESTAMP_FREE_RESOLVERS


def _fast_then_pure(read: Callable[..., Any], text: str) -> Any:
    try:
        return read(text, Loader=FastLoader)
    except yaml.YAMLError as fast_error:
        try:
            return read(text, Loader=PureLoader)
        except yaml.YAMLError:
            raise fast_error from None  # the C loader's message: the one users search for


def load(text: str) -> Any:
    """Safe-load YAML; the C loader's error when neither loader can read it."""
    return _fast_then_pure(yaml.load, text)


def compose(text: str) -> Node | None:
    """The node tree with exact character spans; same fallback as `load`."""
    node: Node | None = _fast_then_pure(yaml.compose, text)
    return node


def error_line(exc: yaml.YAMLError, text: str, first_line: int) -> tuple[int | None, str]:
    """(line in the file, problem) for a loader error; `first_line` is the text's first line."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else None
        return line, exc.problem or exc.context or "invalid YAML"
    position = getattr(exc, "position", None)
    if isinstance(position, int):  # a reader error: a character YAML does not allow
        character = getattr(exc, "character", None)
        code = ord(character) if isinstance(character, str) else character
        what = f"character U+{code:04X}" if isinstance(code, int) else "a character"
        return text.count("\n", 0, position) + first_line, f"{what} is not allowed in YAML"
    return None, " ".join(str(exc).split())
