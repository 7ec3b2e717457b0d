"""TOML read on every supported Python (stdlib `tomllib` from 3.11, `tomli` before), with one
error for everything a bad or hostile file can raise."""

from __future__ import annotations

import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by CI's lowest Python
    import tomli as tomllib


class TomlError(ValueError):
    """The text is not TOML this reader can take; the message is one line."""


def loads(text: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        raise TomlError(" ".join(str(exc).split())) from None
    except (RecursionError, MemoryError):
        # tomllib recurses per nesting level: `a = [[[[…]]]]` 500 deep exhausts the stack.
        raise TomlError("nested too deeply to read") from None
