"""A post's text split into exact parts, and its frontmatter read fast and safely.

`bom + head + matter + tail + body` is always the original text, so an edit can replace one part
(usually a few lines of `matter`) and copy every other byte as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from blogtui.domain.formats import jsmatter, tomlread, yamlio
from blogtui.domain.formats.fastyaml import load_simple

Kind = Literal["yaml", "toml", "json", "js", "none"]

BOM = "\ufeff"
MAX_ALIAS_NODES = 50_000
"""Frontmatter that expands beyond this many values through aliases is refused (alias bombs)."""

_YAML_OPEN = re.compile(r"---[ \t]*(?:\r?\n|\Z)")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)
_TOML_OPEN = re.compile(r"(?:[ \t]*\r?\n)*\+\+\+[ \t]*(?:\r?\n|\Z)")
"""Zola and Hugo skip blank lines before a `+++` fence (Jekyll's `---` must open line 1)."""
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.M)
_JSON_OPEN = re.compile(r"\{\s*[\"}]")
_JS_OPEN = re.compile(r"---(?:js|javascript)[ \t]*(?:\r?\n|\Z)")
"""Eleventy's JavaScript frontmatter; it closes with `---` as YAML does."""


class FrontmatterError(ValueError):
    """The frontmatter cannot be read; the message is one line meant for the user."""


@dataclass(frozen=True)
class Document:
    """A post's text in exact parts."""

    bom: str
    head: str
    """The opening fence line with its line break ('' when there is no frontmatter)."""
    matter: str
    """The frontmatter text between the fences (for JSON: the object itself)."""
    tail: str
    """The closing fence line with its line break."""
    body: str
    kind: Kind

    @property
    def text(self) -> str:
        return self.bom + self.head + self.matter + self.tail + self.body

    @property
    def newline(self) -> str:
        """The file's line break, judged from the frontmatter (else the body)."""
        sample = self.head + self.matter or self.body
        if "\r\n" in sample:
            return "\r\n"
        return "\r" if "\r" in sample and "\n" not in sample else "\n"

    def replace(self, **parts: str) -> Document:
        values = {
            "bom": self.bom,
            "head": self.head,
            "matter": self.matter,
            "tail": self.tail,
            "body": self.body,
        }
        values.update(parts)
        return Document(kind=self.kind, **values)


def uniform_newline(text: str) -> str | None:
    """The line break `text` uses throughout when it is not LF: CRLF, or an old Mac's CR."""
    if "\n" not in text and "\r" in text:
        return "\r"
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        return "\r\n"
    return None


def edit_as_lf(text: str, edit: Callable[[str], str]) -> str:
    """`edit` applied to LF text, the block's own line breaks restored after.

    The editors (and tomlkit) write new lines with LF; a CRLF or CR file stays so throughout.
    Mixed line breaks are edited as they are: nothing decides which one the file meant.
    """
    newline = uniform_newline(text)
    if newline is None:
        return edit(text)
    return edit(text.replace(newline, "\n")).replace("\n", newline)


def split(text: str) -> Document:
    """Split a post's text into its parts; raises FrontmatterError for an unclosed fence."""
    bom = BOM if text.startswith(BOM) else ""
    rest = text[len(bom) :]
    # Old Mac files break lines with CR alone: find the parts in a copy with LF (the same
    # length, so the offsets hold) and cut the original text.
    probe = rest.replace("\r", "\n") if "\r" in rest and "\n" not in rest else rest
    for kind, opener, closer in (
        ("yaml", _YAML_OPEN, _YAML_CLOSE),
        ("toml", _TOML_OPEN, _TOML_CLOSE),
        ("js", _JS_OPEN, _YAML_CLOSE),
    ):
        head = opener.match(probe)
        if head is None:
            continue
        close = closer.search(probe, head.end())
        if close is None:
            fence = {"yaml": "---", "toml": "+++", "js": "---js"}[kind]
            raise FrontmatterError(f"frontmatter opened with {fence} on line 1 is never closed")
        return Document(
            bom=bom,
            head=rest[: head.end()],
            matter=rest[head.end() : close.start()],
            tail=rest[close.start() : close.end()],
            body=rest[close.end() :],
            kind=kind,  # type: ignore[arg-type]
        )
    # `{"` or `{}` opens a JSON object; `{% raw %}` or `{{< shortcode >}}` opens a body.
    if _JSON_OPEN.match(rest):
        try:
            _, end = json.JSONDecoder().raw_decode(rest)
        except json.JSONDecodeError as exc:
            raise FrontmatterError(
                f"JSON frontmatter does not parse: line {exc.lineno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise FrontmatterError("JSON frontmatter is nested too deeply to read") from None
        newline = re.match(r"[ \t]*(?:\r?\n|\Z)", rest[end:])
        tail = newline.group() if newline else ""
        return Document(bom, "", rest[:end], tail, rest[end + len(tail) :], "json")
    return Document(bom, "", "", "", rest, "none")


def load_yaml(text: str) -> Any:
    """Safe-load YAML with dates kept as strings; refuses alias bombs."""
    simple = load_simple(text)
    if simple is not None:
        return simple
    value = yamlio.load(text)
    if "*" in text:
        _refuse_alias_bombs(value)
    return value


def _refuse_alias_bombs(value: Any) -> None:
    # Aliases share objects, so loading is cheap; walking the expanded tree shows its real size.
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > MAX_ALIAS_NODES:
            raise FrontmatterError(
                f"frontmatter expands to more than {MAX_ALIAS_NODES:,} values through aliases"
            )
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


_CONFLICT_MARKER = re.compile(r"^(?:<{7}|>{7})(?: |$)", re.M)


def parse_matter(doc: Document) -> dict[str, Any]:
    """The frontmatter as a plain dict (dates as strings for YAML); raises FrontmatterError.

    A frontmatter that fails because a merge left git's conflict markers in it says that, not
    the parser's view of a `<<<<<<<` line."""
    try:
        return _parse_matter(doc)
    except FrontmatterError:
        marker = _CONFLICT_MARKER.search(doc.matter)
        if marker is None:
            raise
        line = doc.matter.count("\n", 0, marker.start()) + (2 if doc.head else 1)
        raise FrontmatterError(f"has git conflict markers (line {line}; resolve them: e)") from None


def _parse_matter(doc: Document) -> dict[str, Any]:
    if doc.kind == "none":
        return {}
    first_line = 2 if doc.head else 1
    try:
        if doc.kind == "yaml":
            data = load_yaml(doc.matter)
        elif doc.kind == "toml":
            data = tomlread.loads(doc.matter.replace("\r\n", "\n").replace("\r", "\n"))
        elif doc.kind == "js":
            data = jsmatter.read_values(doc.matter)
        else:
            data = json.loads(doc.matter)
    except yaml.YAMLError as exc:
        line, problem = yamlio.error_line(exc, doc.matter, first_line)
        where = f"line {line}: " if line is not None else ""
        raise FrontmatterError(f"YAML frontmatter does not parse: {where}{problem}") from None
    except tomlread.TomlError as exc:
        raise FrontmatterError(f"TOML frontmatter does not parse: {_one_line(exc)}") from None
    except (RecursionError, MemoryError):
        raise FrontmatterError("frontmatter is nested too deeply to read") from None
    except (TypeError, ValueError) as exc:
        # Safe construction still fails on unhashable keys (`? [a, b]: x`) and the like.
        raise FrontmatterError(f"frontmatter does not parse: {_one_line(exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontmatterError(f"frontmatter is a {type(data).__name__}, not a mapping of fields")
    return {str(key): value for key, value in data.items()}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
