"""Which files are posts: the one place that decides, for the scan, the watcher and samples."""

from __future__ import annotations

from pathlib import Path

POST_SUFFIXES = (".md", ".markdown", ".mdx")
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})
EDITOR_DROPPINGS = ("~", ".swp", ".swx")
"""Suffixes of editors' backup and swap files; vim also probes with a file named 4913."""


def is_skipped_dir(name: str) -> bool:
    """Hidden folders (.git, the trash) and dependency folders hold no posts."""
    return name.startswith(".") or name in SKIPPED_DIRS


def is_editor_dropping(name: str) -> bool:
    return name.startswith("#") or name.endswith(EDITOR_DROPPINGS) or name == "4913"


def is_post_name(name: str) -> bool:
    """A Markdown file that is not hidden nor an editor's temporary file."""
    # Of the editors' droppings only `#name.md` can end like a post (a scan asks 100,000 times).
    return name.lower().endswith(POST_SUFFIXES) and not name.startswith((".", "#"))


def relative_post_path(root: Path, path: Path) -> str | None:
    """The index key for a file under `root`, or None when it is not a post we index."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    if not parts or any(is_skipped_dir(part) for part in parts[:-1]):
        return None
    if not is_post_name(parts[-1]):
        return None
    return "/".join(parts)


def may_hold_posts(root: Path, path: Path) -> bool:
    """A change at `path` may concern posts: a post file, or a folder that posts may move with."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if any(is_skipped_dir(part) for part in parts[:-1]):
        return False
    name = path.name
    if is_post_name(name):
        return True
    # A folder event (no suffix, not a temp file): posts may have moved with it.
    return "." not in name and not is_editor_dropping(name)
