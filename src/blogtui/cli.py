"""The `blogtui` command: the app, and the scriptable commands (which never import Textual)."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from blogtui import __version__
from blogtui.domain.dates import parse_date
from blogtui.domain.document import FrontmatterError, load_yaml
from blogtui.domain.fsio import ConflictError, PostReadError, WriteError
from blogtui.domain.index import ContentIndex, scan
from blogtui.domain.query import SORTS, filter_posts, parse_query, sort_posts
from blogtui.domain.schema import ConfigError, SiteConfig, load_site_config

COMMANDS = ("list", "show", "set", "new", "check", "tags")
EXIT_BAD_INPUT = 2


class UserError(Exception):
    """A mistake in what the user asked for: one line on stderr, exit status 2."""


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


def _site_config(folder: Path) -> SiteConfig | None:
    try:
        return load_site_config(folder)
    except ConfigError as exc:
        print(f"blogtui: warning: {exc}", file=sys.stderr)
        return None


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
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=_json_default, indent=indent))
    sys.stdout.write("\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="blogtui",
        description="A terminal reader and editor for a folder of Markdown posts.",
        epilog="Run `blogtui [PATH]` to open the app (default ./content, else .).",
    )
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("list", help="list posts (filter by tag or text)")
    p.add_argument("path", nargs="?")
    p.add_argument("--tag", action="append", default=[], help="only posts with this tag")
    p.add_argument("--any", action="store_true", help="posts with any of the --tag values")
    p.add_argument("--search", default="", help="text, tag:NAME, draft:true, featured:true")
    p.add_argument("--sort", default="date", choices=("date", *SORTS))
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show one post")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("set", help="set one frontmatter field, changing nothing else")
    p.add_argument("file")
    p.add_argument("key", help="field name; a.b for a nested field")
    p.add_argument("value", nargs="?", help="read as YAML: 2017, true and [a, b] are typed")
    p.add_argument("--string", action="store_true", help="keep VALUE a string")
    p.add_argument("--delete", action="store_true", help="remove the field instead")

    p = sub.add_parser("new", help="create a post from the folder's template")
    p.add_argument("path", nargs="?")
    p.add_argument("--title", required=True)
    p.add_argument("--tag", action="append", default=[])
    p.add_argument("--date", help="the post's date (default: now)")

    p = sub.add_parser("check", help="validate every post; exit 1 on errors")
    p.add_argument("path", nargs="?")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("tags", help="tags with their post counts")
    p.add_argument("path", nargs="?")
    p.add_argument("--json", action="store_true")
    return parser


def cmd_list(args: argparse.Namespace) -> int:
    folder = _folder(args.path)
    query = parse_query(args.search, any_tags=args.any)
    index = ContentIndex.load(folder, with_text=bool(query.words))
    for tag in args.tag:
        query = query.with_tag(tag, True)
    sort = "newest" if args.sort == "date" else args.sort
    posts = sort_posts(filter_posts(index.posts.values(), query), sort)
    if args.json:
        _print_json([post.to_json() for post in posts])
        return 0
    for post in posts:
        marks = ("D" if post.draft else " ") + ("*" if post.featured else " ")
        marks += "!" if post.error else " "
        date = (post.date or "")[:10].ljust(10)
        tags = f"  [{', '.join(post.tags)}]" if post.tags else ""
        print(f"{marks} {date}  {post.display_title}{tags}  ({post.path})")
    return 0


def _load(file: str) -> Any:
    path = Path(file)
    if not path.is_file():
        raise UserError(f"{file}: no such file")
    from blogtui.domain.edit import load_post  # the editing path: not needed to list

    try:
        return load_post(path)
    except (PostReadError, FrontmatterError) as exc:
        raise UserError(f"{file}: {exc}") from None


def cmd_show(args: argparse.Namespace) -> int:
    from blogtui.domain.edit import load_post

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"{args.file}: no such file")
    try:
        post = load_post(path)
        result = {
            "path": args.file,
            "metadata": post.metadata,
            "body": post.doc.body,
            "error": None,
        }
    except (PostReadError, FrontmatterError) as exc:
        raw = path.read_bytes().decode("utf-8", "replace") if path.is_file() else ""
        result = {"path": args.file, "metadata": {}, "body": raw, "error": str(exc)}
    if args.json:
        _print_json(result)
        return 0
    if result["error"]:
        print(f"error: {result['error']}")
    for key, value in result["metadata"].items():
        print(f"{key}: {json.dumps(value, ensure_ascii=False, default=_json_default)}")
    print()
    sys.stdout.write(result["body"])
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from blogtui.domain.edit import EditError, delete_field, save, set_field, split_key

    post = _load(args.file)
    key_path = split_key(post.metadata, args.key)
    if args.delete:
        doc = delete_field(post.doc, post.metadata, key_path)
    else:
        if args.value is None:
            raise UserError("set needs a VALUE (or --delete)")
        value: Any = args.value
        if not args.string:
            try:
                value = load_yaml(args.value)
            except Exception as exc:
                reason = " ".join(str(exc).split())
                raise UserError(f"VALUE is not valid YAML ({reason}); use --string") from None
            if isinstance(value, dict) and not args.value.lstrip().startswith("{"):
                # `Part 2: the sequel` is a title, not a mapping: maps are written `{a: 1}`.
                value = args.value
        doc = set_field(post.doc, post.metadata, key_path, value)
    try:
        save(post, doc)
    except (ConflictError, WriteError, EditError) as exc:
        raise UserError(f"{args.file}: {exc}") from None
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from blogtui.domain.newpost import create_post

    folder = _folder(args.path)
    when = None
    if args.date:
        parsed = parse_date(args.date)
        if parsed is None:
            raise UserError(f"--date {args.date!r} is not a date")
        when = parsed.value
    if not args.title.strip():
        raise UserError("--title is empty")
    try:
        path = create_post(folder, args.title, args.tag, when, _site_config(folder))
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot create the post: {exc}") from None
    print(path)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from blogtui.domain.check import check_folder

    folder = _folder(args.path)
    stats = scan(folder)
    problems = check_folder(folder, _site_config(folder), stats)
    errors = sum(1 for p in problems if p.severity == "error")
    if args.json:
        _print_json([problem.to_json() for problem in problems])
    else:
        for problem in problems:
            print(f"{problem.path}: {problem.severity}: {problem.message}")
        warnings = len(problems) - errors
        print(f"{len(stats)} posts checked: {errors} errors, {warnings} warnings")
    return 1 if errors else 0


def cmd_tags(args: argparse.Namespace) -> int:
    index = ContentIndex.load(_folder(args.path), with_text=False)
    counts = index.tag_counts()
    if args.json:
        _print_json([{"name": name, "count": count} for name, count in counts])
    else:
        for name, count in counts:
            print(f"{count:6d}  {name}")
    return 0


def run_app(argv: Sequence[str]) -> int:
    parser = _Parser(prog="blogtui", description="Open the app on a content folder.")
    parser.add_argument("path", nargs="?", help="content folder (default ./content, else .)")
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    args = parser.parse_args(argv)
    folder = _folder(args.path)
    from blogtui.app import BlogApp

    BlogApp(folder).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if (argv and argv[0] in COMMANDS) or (argv and argv[0] in ("-h", "--help")):
            # A short run that builds many small acyclic objects: the cyclic collector would
            # only walk them again and again (a third of `list`'s time at 100,000 posts).
            gc.disable()
            args = _build_parser().parse_args(argv)
            handler = {
                "list": cmd_list,
                "show": cmd_show,
                "set": cmd_set,
                "new": cmd_new,
                "check": cmd_check,
                "tags": cmd_tags,
            }[args.command]
            return handler(args)
        return run_app(argv)
    except UserError as exc:
        print(f"blogtui: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
