"""Three-way merge of a post, field by field (git's merge driver for posts).

Git merges lines, and every frontmatter field is a line: two people editing neighbouring fields
conflict. Here the frontmatter merges by field:
- a field changed on one side takes that side's value; changed the same way on both, once;
- a field added on one side is kept, deleted on one side is deleted;
- a taxonomy list changed on both sides merges as a set: both sides' additions, either's
  removals;
- the same field changed two ways is a conflict, marked around that field's lines only.
The result is "ours" with the other side's changes spliced in losslessly; the body merges as
text (git merge-file). A version whose frontmatter does not parse: None, for a whole-file merge.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain.formats.document import (
    Document,
    FrontmatterError,
    Kind,
    parse_matter,
    split,
)
from blogtui.domain.ops.edit import DELETE, EditError, LoadedPost, edit_fields, verify

TextMerge = Callable[[str, str, str], tuple[str, bool]]
"""(base, ours, theirs) -> (merged text, whether it has conflicts): git merge-file's job."""

_MISSING: Any = object()
_TOP_KEY = re.compile(r"^(?:\"[^\"]*\"|'[^']*'|[^\s#:\-\[{][^:\n]*?)[ \t]*[:=]", re.M)


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: list[str]
    """The fields changed two ways (and 'body' when the body conflicts)."""


def _read(data: bytes) -> tuple[Document, dict[str, Any]] | None:
    try:
        doc = split(data.decode("utf-8"))
        return doc, parse_matter(doc)
    except (UnicodeDecodeError, FrontmatterError):
        return None


def _is_term_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, (str, int, float)) and not isinstance(item, bool) for item in value
    )


def _set_merge(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    removed = {str(item).casefold() for item in base} - {str(i).casefold() for i in theirs}
    result = [item for item in ours if str(item).casefold() not in removed]
    have = {str(item).casefold() for item in result}
    for item in theirs:
        if str(item).casefold() not in have and str(item).casefold() not in {
            str(b).casefold() for b in base
        }:
            result.append(item)
            have.add(str(item).casefold())
    return result


def merge_post(
    base: bytes, ours: bytes, theirs: bytes, merge_text: TextMerge, name: str = "post.md"
) -> Merged | None:
    """The merged post, or None when a version cannot be read as a post (merge it whole)."""
    read = [_read(data) for data in (base, ours, theirs)]
    if any(part is None for part in read):
        return None
    (base_doc, b), (ours_doc, o), (theirs_doc, t) = read  # type: ignore[misc]
    if len({doc.kind for doc in (ours_doc, theirs_doc)}) > 1:
        return None  # YAML on one side, TOML on the other: nothing to splice into
    changes: dict[tuple[str, ...], Any] = {}
    conflicted: list[tuple[str, ...]] = []
    _merge_mappings((), b, o, t, changes, conflicted)
    conflicts = list(dict.fromkeys(".".join(path) for path in conflicted))
    post = LoadedPost(Path(name), ours, ours_doc, o)
    try:
        edit = edit_fields(post, changes)
        doc, _ = verify(post, edit) if changes else (ours_doc, o)
    except EditError:
        return None
    body, body_conflict = merge_text(base_doc.body, ours_doc.body, theirs_doc.body)
    if body_conflict:
        conflicts.append("body")
    doc = doc.replace(body=body)
    matter = doc.matter
    if doc.kind in ("yaml", "toml"):
        added = [key for key in t if key not in o and key not in b and (key,) in changes]
        matter = _place_like_theirs(matter, added, list(t), theirs_doc.matter, doc.kind)
    # A nested field's conflict is marked around its top-level field's lines.
    for key in dict.fromkeys(path[0] for path in conflicted):
        matter = _mark(matter, key, theirs_doc.matter)
    return Merged(doc.replace(matter=matter).text, conflicts)


def _merge_mappings(
    at: tuple[str, ...],
    b: dict[str, Any],
    o: dict[str, Any],
    t: dict[str, Any],
    changes: dict[tuple[str, ...], Any],
    conflicted: list[tuple[str, ...]],
) -> None:
    """Theirs' changes to one mapping as edits to ours (by key path), and the keys changed
    two ways. A mapping changed on both sides (Hugo's `params`, a Decap object) merges key by
    key, so two people editing different keys inside it do not conflict."""
    for key in dict.fromkeys([*o, *t, *b]):
        path = (*at, key)
        bv, ov, tv = b.get(key, _MISSING), o.get(key, _MISSING), t.get(key, _MISSING)
        if _same(ov, tv) or _same(tv, bv):
            continue  # nothing from theirs, or both agree
        if _same(ov, bv):
            changes[path] = DELETE if tv is _MISSING else tv
        elif _is_term_list(ov) and _is_term_list(tv) and (bv is _MISSING or _is_term_list(bv)):
            merged = _set_merge([] if bv is _MISSING else bv, ov, tv)
            if merged != ov:
                changes[path] = merged
        elif isinstance(ov, dict) and isinstance(tv, dict) and isinstance(bv, dict):
            _merge_mappings(path, bv, ov, tv, changes, conflicted)
        else:
            conflicted.append(path)


def _place_like_theirs(
    matter: str, added: list[str], theirs_order: list[str], theirs: str, kind: Kind
) -> str:
    """Each field added from theirs (spliced in at the end of its table) is written as theirs
    wrote it (its quoting, its line breaks) and moved to after the field it follows in
    theirs, when that field is here: the merge keeps their placement. Whole lines of
    top-level keys (in TOML, of the keys before the first `[table]`); a step that would make
    the result read differently is not taken."""
    try:
        before = _mapping(matter, kind)
    except FrontmatterError:
        return matter
    result, rest = _root_table(matter, kind)
    their_root, _ = _root_table(theirs, kind)
    for key in added:
        span, written = _field_lines(result, key), _field_lines(their_root, key)
        if span is not None and written is not None:
            block = their_root[written[0] : written[1]]
            if block.endswith("\n"):
                candidate = result[: span[0]] + block + result[span[1] :]
                with contextlib.suppress(FrontmatterError):
                    if _mapping(candidate + rest, kind) == before:
                        result = candidate
        position = theirs_order.index(key)
        previous = next(
            (k for k in reversed(theirs_order[:position]) if _field_lines(result, k)), None
        )
        span = _field_lines(result, key)
        if previous is None or span is None:
            continue
        block = result[span[0] : span[1]]
        if not block.endswith("\n"):
            continue
        without = result[: span[0]] + result[span[1] :]
        target = _field_lines(without, previous)
        if target is None:
            continue
        candidate = without[: target[1]] + block + without[target[1] :]
        try:
            if _mapping(candidate + rest, kind) == before:
                result = candidate
        except FrontmatterError:
            continue
    return result + rest


_TOML_TABLE = re.compile(r"^[ \t]*\[", re.M)


def _root_table(matter: str, kind: Kind) -> tuple[str, str]:
    """The frontmatter's top-level keys' text, and what follows (TOML's `[tables]`)."""
    table = _TOML_TABLE.search(matter) if kind == "toml" else None
    cut = table.start() if table else len(matter)
    return matter[:cut], matter[cut:]


def _mapping(matter: str, kind: Kind) -> dict[str, Any]:
    return parse_matter(Document("", "", matter, "", "", kind))


def _same(a: Any, b: Any) -> bool:
    return a is b or (a is not _MISSING and b is not _MISSING and type(a) is type(b) and a == b)


def _field_lines(matter: str, key: str) -> tuple[int, int] | None:
    """The [start, end) offsets of a top-level field's lines (its key line and what belongs
    to it), or None when it is not there."""
    starts = [m for m in _TOP_KEY.finditer(matter)]
    for number, match in enumerate(starts):
        written = match.group().rstrip(":= \t").strip("\"'")
        if written == key:
            end = starts[number + 1].start() if number + 1 < len(starts) else len(matter)
            return match.start(), end
    return None


def _mark(matter: str, key: str, theirs: str) -> str:
    """Git's conflict markers around one field's lines: ours, then theirs."""
    mine = _field_lines(matter, key)
    other = _field_lines(theirs, key)
    newline = "\r\n" if "\r\n" in matter else "\n"
    ours_text = matter[mine[0] : mine[1]] if mine else ""
    theirs_text = theirs[other[0] : other[1]] if other else ""
    block = (
        f"<<<<<<< ours{newline}{_ended(ours_text, newline)}={'=' * 6}{newline}"
        f"{_ended(theirs_text, newline)}>>>>>>> theirs{newline}"
    )
    if mine is None:
        return matter + block
    return matter[: mine[0]] + block + matter[mine[1] :]


def _ended(text: str, newline: str) -> str:
    return text if not text or text.endswith("\n") else text + newline


_CONFLICT = re.compile(
    r"^<<<<<<<[^\n]*\n(?P<ours>.*?)^(?:\|\|\|\|\|\|\|[^\n]*\n.*?)?^=======\r?\n"
    r"(?P<theirs>.*?)^>>>>>>>[^\n]*(?:\r?\n|\Z)",
    re.M | re.S,
)


@dataclass(frozen=True)
class Conflict:
    start: int
    end: int
    ours: str
    theirs: str


def conflicts_in(text: str) -> list[Conflict]:
    """Git's conflict blocks in a file, in order (ours, theirs)."""
    return [
        Conflict(m.start(), m.end(), m.group("ours"), m.group("theirs"))
        for m in _CONFLICT.finditer(text)
    ]


def resolve(text: str, replacements: list[str]) -> str:
    """The text with each conflict block replaced by the text chosen for it (one side's
    lines, or lines the user wrote)."""
    pieces: list[str] = []
    position = 0
    for conflict, replacement in zip(conflicts_in(text), replacements, strict=True):
        pieces.append(text[position : conflict.start])
        pieces.append(replacement)
        position = conflict.end
    pieces.append(text[position:])
    return "".join(pieces)


def unreadable(text: str) -> str | None:
    """Why a resolved post does not read as a post (its frontmatter), or None when it does:
    a resolution is never written broken."""
    try:
        parse_matter(split(text))
    except FrontmatterError as exc:
        return str(exc)
    return None
