"""Validation of every post: what would break the site (errors) or weaken it (warnings)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats import yamledit
from blogtui.domain.formats.dates import parse_date
from blogtui.domain.formats.document import Document
from blogtui.domain.site.index import scan
from blogtui.domain.site.media import image_exists
from blogtui.domain.site.post import DATE_KEYS, IMAGE_KEYS, Post, summarize
from blogtui.domain.site.schema import SiteConfig

MAX_TITLE = 60
MAX_DESCRIPTION = 160
_LANG_SUFFIX = re.compile(r"^(?P<stem>.+?)\.(?P<lang>[a-z]{2}(?:-[a-zA-Z]{2,4})?)$")


@dataclass(frozen=True)
class Problem:
    path: str
    severity: Literal["error", "warning"]
    field: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
        }


_KEY_LINE = re.compile(r"^[ \t]*(?:- )?([^\s#:\-][^:\n]*?):(?:[ \t]|$)", re.M)


def duplicate_key_problems(path: str, doc: Document) -> list[Problem]:
    """A key written twice: sites read the last one, and an edit of the first would be lost."""
    if doc.kind != "yaml":
        return []  # TOML and JSON parsers refuse or are checked elsewhere
    keys = _KEY_LINE.findall(doc.matter)
    if len(keys) == len(set(keys)):
        return []  # the usual case, decided without composing the YAML
    first_line = 2 if doc.head else 1
    problems = []
    for key, lines in yamledit.duplicate_keys(doc.matter):
        where = " and ".join(str(line + first_line - 1) for line in lines)
        message = f"{key} is written more than once (lines {where}); sites use the last one"
        problems.append(Problem(path, "error", key, message))
    return problems


def slug_key(path: str, metadata: dict[str, Any]) -> tuple[str, str, str]:
    """(section folder, slug, language): two posts with the same key publish at the same URL."""
    pure = PurePosixPath(path)
    stem = pure.stem
    lang = ""
    match = _LANG_SUFFIX.match(stem)
    if match:
        stem, lang = match["stem"], match["lang"]
    folder = pure.parent
    if stem in ("index", "_index"):
        stem, folder = folder.name, folder.parent
    explicit = metadata.get("slug")
    slug = str(explicit).strip() if explicit not in (None, "") else stem
    return str(folder), slug.casefold(), lang


def check_post(
    root: Path, post: Post, metadata: dict[str, Any], config: SiteConfig | None
) -> list[Problem]:
    problems: list[Problem] = []

    def add(severity: Literal["error", "warning"], field: str | None, message: str) -> None:
        problems.append(Problem(post.path, severity, field, message))

    if not post.title:
        add("error", "title", "missing title")
    elif len(post.title) > MAX_TITLE:
        add("warning", "title", f"title is {len(post.title)} characters (over {MAX_TITLE})")
    for key in DATE_KEYS:
        value = metadata.get(key)
        if value not in (None, "") and parse_date(value) is None:
            add("error", key, f"invalid date {value!r}")
    if not post.description:
        add("warning", "description", "description missing")
    elif len(post.description) > MAX_DESCRIPTION:
        add(
            "warning",
            "description",
            f"description is {len(post.description)} characters (over {MAX_DESCRIPTION})",
        )
    if not post.tags:
        add("warning", "tags", "no tags")
    for key in IMAGE_KEYS:
        image = metadata.get(key)
        if (
            isinstance(image, str)
            and image.strip()
            and not image_exists(image.strip(), root / post.path, root, config)
        ):
            add("warning", key, f"image not found: {image.strip()}")
    return problems


def check_folder(
    root: Path, config: SiteConfig | None, stats: dict[str, tuple[int, int]] | None = None
) -> list[Problem]:
    """Every problem of every post under `root` (or of these scanned posts), sorted by path.

    Each file is read once: the checks need the whole frontmatter, which the index keeps no
    copy of, so they parse it here rather than after an index load.
    """
    problems: list[Problem] = []
    owners: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for path, (size, mtime) in sorted((stats if stats is not None else scan(root)).items()):
        reading = read_post_file(root / path, root)
        doc, metadata = reading.doc, reading.metadata
        if doc is None or metadata is None:
            problems.append(Problem(path, "error", None, reading.error or ""))
            continue
        post = summarize(path, size, mtime, metadata, None)
        problems += duplicate_key_problems(path, doc)
        problems += check_post(root, post, metadata, config)
        owners[slug_key(path, metadata)].append(path)
    for (_, slug, _), paths in owners.items():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(p for p in paths if p != path)
                problems.append(
                    Problem(path, "error", "slug", f"slug {slug!r} is also used by {others}")
                )
    order = {"error": 0, "warning": 1}
    return sorted(problems, key=lambda p: (p.path, order[p.severity]))
