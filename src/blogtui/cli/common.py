"""What every command shares: errors and exit statuses, folders, JSON, the query, and the
argv fixes argparse needs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.fsio import check_inside
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.formats.visible import visible
from blogtui.domain.site.folder import site_root
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.query import Query, QueryError
from blogtui.domain.site.schema import SiteConfig
from blogtui.domain.site.service import Site
from blogtui.domain.site.sitefile import SiteFileError

EXIT_FOUND_PROBLEMS = 1


EXIT_BAD_INPUT = 2


EXIT_CONFLICT = 3


EXIT_INTERNAL = 70


EXIT_STATUSES = f"""exit status:
  0   success
  {EXIT_FOUND_PROBLEMS}   check found errors
  {EXIT_BAD_INPUT}   bad input: usage, a file that cannot be read or parsed, a bad value, a
      refused edit (nothing was written)
  {EXIT_CONFLICT}   the file changed on disk while it was being edited (nothing was written;
      run the command again)
  {EXIT_INTERNAL}  a bug in blogtui (nothing half-written: every save is atomic); please report it
"""


SHOW_BODY_LIMIT = 1024 * 1024


class UserError(Exception):
    """A mistake in what the user asked for: one line on stderr, exit status 2 (or `status`)."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(EXIT_BAD_INPUT)


def default_folder() -> Path:
    """`./content` when it exists, else the current folder."""
    content = Path("content")
    return content if content.is_dir() else Path(".")


def _folder(value: str | None) -> Path:
    folder = Path(value) if value else default_folder()
    if not folder.exists():
        raise UserError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder")
    return folder


def _open_site(path: str | Path | None) -> Site:
    """The site of a folder named on the command line (a broken CMS config is a warning)."""
    site = Site.open(_folder(None if path is None else str(path)))
    if site.config_error:
        print(f"blogtui: warning: {visible(site.config_error)}", file=sys.stderr)
    return site


def _site_config(folder: Path) -> SiteConfig | None:
    return _open_site(folder).config


def _loaded_site(path: str | None) -> tuple[Site, ContentIndex]:
    """The site and its posts, after a word on any change left half-done."""
    site = _open_site(path)
    warn_interrupted(site.root)
    return site, _index_of(site)


def _index_of(site: Site) -> ContentIndex:
    """The site's posts, with a line for whatever befell its persistent index."""
    index = site.load()
    for note in index.notes:
        print(f"blogtui: warning: {visible(note)}", file=sys.stderr)
    return index


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _print_json(value: Any) -> None:
    # Indented for people at a terminal; compact (and faster) for pipes and scripts.
    # Our values never refer to themselves: no check for cycles (a tenth of the time).
    tty = sys.stdout.isatty()
    text = json.dumps(
        value,
        ensure_ascii=False,
        default=_json_default,
        check_circular=False,
        indent=2 if tty else None,
        separators=(", ", ": ") if tty else (",", ":"),
    )
    sys.stdout.write(text)
    sys.stdout.write("\n")


def _rules() -> dict[str, tuple[str, str]]:
    from blogtui.domain.site.rules import RULES

    return dict(RULES)


def _site_query(args: argparse.Namespace, site: Site) -> Query:
    """The query of --search, --query, --view and --tag together; UserError when malformed."""
    text = " ".join(part for part in (args.search, args.query) if part)
    try:
        return site.query(text, args.any, getattr(args, "view", None), args.tag)
    except (QueryError, SiteFileError) as exc:
        raise UserError(str(exc)) from None


def warn_interrupted(folder: Path) -> None:
    """A change cut short (a crash, a kill) is said by every command that reads the folder, as
    the app says it; a stat when the folder has no journal."""
    from blogtui.domain.site.folder import applying, journal_home

    if not applying(journal_home(folder)):
        return
    from blogtui.domain.ops.journal import interrupted

    for entry in interrupted(folder)[:1]:
        print(
            visible(
                f"blogtui: warning: a change was interrupted: {entry.summary} ({entry.id}); "
                f"`blogtui undo {folder}` finishes it or rolls it back"
            ),
            file=sys.stderr,
        )


def _existing(file: str) -> Path:
    path = Path(file)
    if not path.exists() and not path.is_symlink():
        raise UserError(f"{file}: no such file")
    return path


def _load(file: str) -> Any:
    """The post at `file` for editing; UserError (one line) when it cannot be read."""
    from blogtui.domain.ops.edit import load_post  # the editing path: not needed to list

    path = _existing(file)
    try:
        return load_post(path, root=site_root(path))
    except (PostReadError, FrontmatterError) as exc:
        raise UserError(f"{file}: {exc}") from None


def _post_root(file: str) -> tuple[Path, str]:
    """The folder a post's change is journalled in (its site's top, else its content folder),
    and the post's path relative to it."""
    from blogtui.domain.site.generator import detect

    # Judged where the file stands, not where a link points: a post reached through a linked
    # folder that leads out of its site is refused, never published in the link's target.
    path = Path(os.path.abspath(_existing(file)))
    info = detect(path.parent)
    root = info.site_root if info.generator != "unknown" else _content_folder_of(path)
    # A journal kept in the post's own folder is no boundary: that folder may be the link.
    boundary = site_root(path) if root == path.parent else root
    try:
        check_inside(path, boundary)
    except PostReadError as exc:
        raise UserError(f"{file}: {exc}") from None
    return root, Path(os.path.realpath(path)).relative_to(os.path.realpath(root)).as_posix()


def _now(root: Path) -> dt.datetime:
    from blogtui.domain.site.generator import detect
    from blogtui.domain.site.status import zone_named

    zone = zone_named(detect(root).time_zone)
    return dt.datetime.now(zone) if zone else dt.datetime.now().astimezone()


def _repository(where: Path) -> Any:
    from blogtui.domain.files.git import repository

    found = repository(where.resolve())
    if found is None:
        raise UserError(f"{where}: not in a git repository (or git is not installed)")
    return found


def _content_folder_of(post: Path) -> Path:
    """The folder to open for a post: the nearest folder above it named `content`, else the
    post's own folder. (Never `.` just because it holds the post: that may be a home folder.)"""
    return next((parent for parent in post.parents if parent.name == "content"), post.parent)


VALUE_OPTIONS = ("--query", "--search", "--since", "--into", "--view")


def dashed_values(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`argv` with values that begin with `-` made unambiguous for argparse, which would read
    them as options: `--query -x` becomes `--query=-x`, and a positional value (`set FILE KEY
    -1`, `schedule FILE -1h`) moves behind a `--`."""
    known: set[str] = set(parser._option_string_actions)
    commands = 0
    current: argparse.ArgumentParser | None = parser
    for token in argv:  # the command and its sub-command (`git status`), and their options
        choices = _subcommands(current)
        if token not in choices:
            break
        current = choices[token]
        known |= set(current._option_string_actions)
        commands += 1
    out: list[str] = list(argv[:commands])
    trailing: list[str] = []
    rest = iter(argv[commands:])
    for token in rest:
        if token in VALUE_OPTIONS and token in known:
            value = next(rest, None)
            out.append(token if value is None else f"{token}={value}")
        elif token == "--":
            trailing += list(rest)
        elif token.startswith("-") and token.split("=")[0] not in known:
            trailing.append(token)  # a value such as `-1h` or `-featured`, not an option
        else:
            out.append(token)
    return out + (["--", *trailing] if trailing else [])


def _subcommands(parser: argparse.ArgumentParser | None) -> dict[str, argparse.ArgumentParser]:
    group = getattr(parser, "_subparsers", None)
    found: dict[str, argparse.ArgumentParser] = {}
    for action in group._group_actions if group is not None else ():
        found.update(getattr(action, "choices", None) or {})
    return found


def query_arguments(p: argparse.ArgumentParser) -> None:
    """PATH and the options that choose posts, as `list` takes them (`export` too)."""
    p.add_argument("path", nargs="?")
    p.add_argument("--tag", action="append", default=[], help="only posts with this tag")
    p.add_argument("--any", action="store_true", help="posts with any of the --tag values")
    p.add_argument("--search", default="", help="text, tag:NAME, draft:true, featured:true")
    p.add_argument(
        "--query",
        default="",
        help="the query language: words, tag:NAME, status:draft, FIELD:VALUE, date:>=2024-03, "
        "has:FIELD, no:FIELD, -TERM, sort:-FIELD",
    )
    p.add_argument("--view", help="a saved view of the site file ([views] in .blogtui.toml)")
