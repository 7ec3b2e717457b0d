"""The `blogtui` command: the app, and the scriptable commands (which never import Textual)."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from blogtui import __version__
from blogtui.domain.files.fsio import (
    ConflictError,
    PostReadError,
    WriteError,
    check_inside,
    writer_lock,
)
from blogtui.domain.formats.dates import parse_date
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.formats.visible import visible
from blogtui.domain.site.folder import site_root
from blogtui.domain.site.index import ContentIndex, scan
from blogtui.domain.site.query import SORTS, filter_posts, parse_query, sort_posts
from blogtui.domain.site.schema import ConfigError, SiteConfig, load_site_config

COMMANDS = (
    "list", "show", "set", "new", "check", "tags", "info", "bulk", "undo",
    "publish", "unpublish", "schedule", "due", "git",
)  # fmt: skip
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
"""`show` prints at most this much of a body to a terminal or pipe; posts are read up to 8 MB."""


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


def _site_config(folder: Path) -> SiteConfig | None:
    try:
        return load_site_config(folder)
    except ConfigError as exc:
        print(f"blogtui: warning: {visible(str(exc))}", file=sys.stderr)
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


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="blogtui",
        description="A terminal reader and editor for a folder of Markdown posts.",
        epilog="Run `blogtui [PATH]` to open the app (default ./content, else .).\n\n"
        + EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("list", help="list posts (filter by tag or text)")
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
    p.add_argument("--sort", default="date", choices=("date", *SORTS))
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show one post")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("set", help="set one frontmatter field, changing nothing else")
    p.add_argument("file")
    p.add_argument("key", help="field name; a.b for a nested field")
    p.add_argument(
        "value",
        nargs="?",
        help="typed like the value it replaces (a string stays a string, a date must be a "
        "date); a new field's VALUE is read as YAML: 2017, true and [a, b] are typed",
    )
    p.add_argument("--string", action="store_true", help="keep VALUE a string")
    p.add_argument("--delete", action="store_true", help="remove the field instead")
    p.add_argument(
        "--shared",
        choices=("all", "this"),
        help="the field's value is shared through a YAML anchor: change it for every field "
        "that uses it (all), or give this field its own value (this)",
    )

    p = sub.add_parser("new", help="create a post from the folder's template")
    p.add_argument("path", nargs="?")
    p.add_argument("--title", required=True)
    p.add_argument("--tag", action="append", default=[])
    p.add_argument("--date", help="the post's date (default: now)")
    p.add_argument("--draft", action="store_true", help="mark it `draft: true`")

    p = sub.add_parser(
        "check",
        help="validate every post the way the site's generator and CMS would; exit 1 on errors",
        description="Rules (default severity): "
        + "; ".join(f"{rule} ({severity}): {what}" for rule, (severity, what) in _rules().items())
        + ". A .blogtui.toml at the site turns rules off, changes their severity and ignores "
        'paths ([check] ignore = [...], [check.rules] RULE = "off"|"warning"|"error").',
    )
    p.add_argument("path", nargs="?")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--only", action="append", default=[], metavar="RULE", help="only this rule")
    p.add_argument("--ignore", action="append", default=[], metavar="RULE", help="skip this rule")

    p = sub.add_parser(
        "tags",
        help="terms of a taxonomy (tags by default) with post counts; rename, merge, delete",
    )
    p.add_argument("path", nargs="?")
    p.add_argument(
        "--field", default="tags", help="the taxonomy: tags, categories, keywords, series..."
    )
    change = p.add_mutually_exclusive_group()
    change.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a term")
    change.add_argument("--merge", nargs="+", metavar="TERM", help="merge terms (with --into)")
    change.add_argument("--delete", metavar="TERM", help="remove a term from every post")
    change.add_argument("--similar", action="store_true", help="clusters of near-duplicates")
    p.add_argument("--into", metavar="NEW", help="the term --merge merges into")
    p.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("bulk", help="set, unset, add or remove a field over the matched posts")
    p.add_argument("path", nargs="?")
    p.add_argument("--tag", action="append", default=[], help="only posts with this tag")
    p.add_argument("--any", action="store_true", help="posts with any of the --tag values")
    p.add_argument("--search", default="", help="text, tag:NAME, category:NAME, draft:true")
    p.add_argument("--query", default="", help="the same language as --search")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--set", nargs=2, metavar=("KEY", "VALUE"))
    what.add_argument("--unset", metavar="KEY")
    what.add_argument("--add", nargs=2, metavar=("KEY", "ITEM"), help="add an item to a list")
    what.add_argument("--remove", nargs=2, metavar=("KEY", "ITEM"), help="remove a list item")
    p.add_argument("--string", action="store_true", help="keep VALUE a string")
    p.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("publish", help="publish a draft (its date becomes now unless future)")
    p.add_argument("file")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--now", action="store_true", help="date it now, even if in the future")
    when.add_argument("--keep-date", action="store_true", help="leave its date as it is")
    p.add_argument("--rename", action="store_true", help="rename a dated file to its new date")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("unpublish", help="make a post a draft again, the way the site says it")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("schedule", help="set the date a post goes live and clear its draft flag")
    p.add_argument("file")
    p.add_argument("when", help="2026-12-01, '2026-12-01 09:00', 'today 17:00', +3d, +2h")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "due", help="posts that went live since WHEN (exit 1 if none): a rebuild trigger for CI"
    )
    p.add_argument("path", nargs="?")
    p.add_argument("--since", required=True, help="when the site was last built")
    p.add_argument("--upcoming", action="store_true", help="list the scheduled posts instead")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("git", help="the site's git: status, commit, sync, log, restore, setup")
    git = p.add_subparsers(dest="git_command", parser_class=_Parser, required=True)
    g = git.add_parser("status", help="changed posts, branch, ahead and behind")
    g.add_argument("path", nargs="?")
    g.add_argument("--json", action="store_true")
    g = git.add_parser("commit", help="commit these posts (or --all changed ones), Decap-style")
    g.add_argument("files", nargs="*")
    g.add_argument("--all", action="store_true", help="every changed post under the folder")
    g.add_argument("--path", help="the content folder for --all (default ./content, else .)")
    g.add_argument("-m", "--message")
    g.add_argument("--json", action="store_true")
    g = git.add_parser("sync", help="pull (as your git is set to), then push")
    g.add_argument("path", nargs="?")
    g = git.add_parser("log", help="the versions of a post")
    g.add_argument("file")
    g.add_argument("--json", action="store_true")
    g = git.add_parser("restore", help="bring back a version of a post (undoable)")
    g.add_argument("file")
    g.add_argument("rev")
    g = git.add_parser("setup", help="register the field-level merge driver for posts")
    g.add_argument("path", nargs="?")
    g = git.add_parser("merge-driver", help="(git runs it) merge a post field by field")
    g.add_argument("base")
    g.add_argument("ours")
    g.add_argument("theirs")
    g.add_argument("pathname", nargs="?")

    p = sub.add_parser("undo", help="undo the last change set (or ID); --list shows them")
    p.add_argument("path", nargs="?")
    p.add_argument("id", nargs="?")
    p.add_argument("--list", action="store_true")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "info", help="what blogtui detected: generator, content roots, taxonomies, drafts"
    )
    p.add_argument("path", nargs="?")
    p.add_argument("--json", action="store_true")
    return parser


def _rules() -> dict[str, tuple[str, str]]:
    from blogtui.domain.site.rules import RULES

    return dict(RULES)


def _site_query(args: argparse.Namespace, folder: Path, index: ContentIndex) -> Any:
    """The query of --search, --query, --view and --tag together; UserError when malformed."""
    from blogtui.domain.site.generator import detect
    from blogtui.domain.site.sitefile import SiteFileError, load_site_file
    from blogtui.domain.site.status import zone_named

    info = detect(folder)
    parts = [args.search, args.query]
    if getattr(args, "view", None):
        try:
            views = load_site_file(folder, info.site_root).views
        except SiteFileError as exc:
            raise UserError(str(exc)) from None
        if args.view not in views:
            known = ", ".join(views) or "none: add [views] to .blogtui.toml"
            raise UserError(f"no view {args.view!r} (views: {known})")
        parts.append(views[args.view])
    text = " ".join(part for part in parts if part)
    query = parse_query(text, args.any, index.taxonomies(), zone_named(info.time_zone))
    if query.error:
        raise UserError(f"query: {query.error}")
    if query.reads_files:
        index.fill_details()
    for tag in args.tag:
        query = query.with_tag(tag, True)
    return query


def warn_interrupted(folder: Path) -> None:
    """A change cut short (a crash, a kill) is said by every command that reads the folder, as
    the app says it; a stat when the folder has no journal."""
    from blogtui.domain.site.folder import journal_home

    if not (journal_home(folder) / ".blogtui-journal").is_dir():
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


def cmd_list(args: argparse.Namespace) -> int:
    from blogtui.domain.site.status import status_of

    folder = _folder(args.path)
    warn_interrupted(folder)
    index = ContentIndex.load(folder, with_text=False)
    query = _site_query(args, folder, index)
    sort = "newest" if args.sort == "date" else args.sort
    posts = sort_posts(filter_posts(index.posts.values(), query), sort, query.sort)
    dated = index.section_dates()
    if args.json:
        rows = []
        for post in posts:
            row = {**post.to_json(), "status": status_of(post, None, query.zone)}
            if post.path in dated:  # as Hugo dates it: by its newest page
                row["date"], row["date_source"] = dated[post.path][0], "newest page"
            rows.append(row)
        _print_json(rows)
        return 0
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    for post in posts:
        # As the app marks them: D draft, S scheduled, X expired; * featured; ! unreadable.
        status = status_of(post, now, query.zone)
        marks = {"draft": "D", "scheduled": "S", "expired": "X"}.get(status, " ")
        marks += ("*" if post.featured else " ") + ("!" if post.error else " ")
        date = (post.date or "")[:10].ljust(10)
        tags = f"  [{', '.join(post.tags)}]" if post.tags else ""
        print(visible(f"{marks} {date}  {post.display_title}{tags}  ({post.path})"))
    return 0


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


def cmd_show(args: argparse.Namespace) -> int:
    from blogtui.domain.files.reading import read_post_file

    path = _existing(args.file)
    root = site_root(path)
    try:
        check_inside(path, root)  # a linked folder on the way that leads out: not read
    except PostReadError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    reading = read_post_file(path, root)
    if reading.raw is None:
        raise UserError(f"{args.file}: {reading.error}")
    result: dict[str, Any] = {"path": args.file, "metadata": {}, "body": "", "error": None}
    if reading.doc is not None and reading.metadata is not None:
        result["metadata"], result["body"] = reading.metadata, reading.doc.body
    else:
        # A post that does not parse is shown as its raw text, with the error.
        result["body"], result["error"] = reading.raw.decode("utf-8", "replace"), reading.error
    if args.json:
        _print_json(result)
        return 0
    # To a terminal, text from the file is made safe; into a pipe it stays byte-exact.
    safe = visible if sys.stdout.isatty() else (lambda text, multiline=False: text)
    if result["error"]:
        print(f"error: {visible(result['error'])}")
    for key, value in result["metadata"].items():
        shown = json.dumps(value, ensure_ascii=False, default=_json_default)
        print(safe(f"{key}: {shown}"))
    print()
    body = result["body"]
    if len(body) > SHOW_BODY_LIMIT:
        cut = len(body) - SHOW_BODY_LIMIT
        body = body[:SHOW_BODY_LIMIT] + f"\n[... {cut:,} more characters; use --json]\n"
    sys.stdout.write(safe(body, multiline=True))
    return 0


def _typed_value(args: argparse.Namespace, post: Any, key_path: list[str]) -> Any:
    """VALUE typed like the value it replaces; a new field's VALUE is read as YAML."""
    from blogtui.domain.ops.values import typed_value

    try:
        value, note = typed_value(
            args.value, post.metadata, key_path, widget_of(post.path, key_path), args.string
        )
    except ValueError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    if note:
        print(visible(f"blogtui: note: {note}"), file=sys.stderr)
    return value


def widget_of(path: Path, key_path: list[str]) -> str | None:
    """The Decap widget of a top-level field of this post, if a CMS config describes it."""
    if len(key_path) != 1:
        return None
    try:
        config = load_site_config(path.parent)
    except ConfigError:
        return None
    collection = config.collection_for(path) if config else None
    field = collection.field(key_path[0]) if collection else None
    return field.widget if field else None


def cmd_set(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.edit import (
        DELETE,
        EditError,
        SharedValueError,
        edit_fields,
        save,
        split_key,
    )

    if not args.delete and args.value is None:
        raise UserError("set needs a VALUE (or --delete)")
    try:
        # The lock is taken before reading: two `set`s run one after the other, both land.
        with writer_lock(Path(args.file)):
            post = _load(args.file)
            key_path = split_key(post.metadata, args.key)
            value = DELETE if args.delete else _typed_value(args, post, key_path)
            save(post, edit_fields(post, {tuple(key_path): value}, shared=args.shared))
    except ConflictError as exc:
        raise UserError(f"{args.file}: {exc}; nothing was written", EXIT_CONFLICT) from None
    except SharedValueError as exc:
        raise UserError(f"{args.file}: {exc} (--shared all, or --shared this)") from None
    except (WriteError, EditError) as exc:
        raise UserError(f"{args.file}: {exc}") from None
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.newpost import create_post

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
        path = create_post(folder, args.title, args.tag, when, _site_config(folder), args.draft)
    except (ConflictError, OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UserError(f"cannot create the post in {folder}: {reason}") from None
    print(visible(str(path)))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import os
    from collections import Counter

    from blogtui.domain.site.check import check_folder
    from blogtui.domain.site.generator import detect
    from blogtui.domain.site.rules import RULES
    from blogtui.domain.site.sitefile import SiteFileError, load_site_file, unknown_rules

    folder = _folder(args.path)
    warn_interrupted(folder)
    unknown = sorted(set(args.only + args.ignore) - set(RULES))
    if unknown:
        raise UserError(f"no such rule: {', '.join(unknown)} (rules: {', '.join(RULES)})")
    try:
        site_file = load_site_file(folder, detect(folder).site_root)
    except SiteFileError as exc:
        raise UserError(str(exc)) from None
    for warning in (*site_file.warnings, *unknown_rules(site_file, RULES)):
        print(f"blogtui: warning: {visible(warning)}", file=sys.stderr)
    stats = scan(folder)
    problems = check_folder(
        folder, _site_config(folder), stats, site_file.check, args.only, args.ignore
    )
    errors = sum(1 for p in problems if p.severity == "error")
    shape = "json" if args.json else args.format
    if shape == "json":
        _print_json([problem.to_json() for problem in problems])
        return 1 if errors else 0
    for problem in problems:
        if shape == "github":
            # GitHub Actions annotations: the file relative to where the workflow runs.
            file = os.path.relpath(folder / problem.path)
            where = f"file={_annotation(file)}" + (f",line={problem.line}" if problem.line else "")
            message = _annotation(f"{problem.message} [{problem.rule}]")
            print(f"::{problem.severity} {where},title=blogtui {problem.rule}::{message}")
        else:
            line = f":{problem.line}" if problem.line else ""
            text = f"{problem.path}{line}: {problem.severity}: {problem.message} [{problem.rule}]"
            print(visible(text))
    warnings = len(problems) - errors
    summary = f"{len(stats)} posts checked: {errors} errors, {warnings} warnings"
    per_rule = Counter(problem.rule for problem in problems)
    if per_rule:
        summary += (
            " (" + ", ".join(f"{rule} {count}" for rule, count in per_rule.most_common()) + ")"
        )
    print(summary, file=sys.stderr if shape == "github" else sys.stdout)
    return 1 if errors else 0


def _annotation(text: str) -> str:
    """Text made safe for a GitHub workflow command (one line, its separators escaped)."""
    text = visible(text)
    return (
        text.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def cmd_tags(args: argparse.Namespace) -> int:
    from blogtui.domain.site.generator import SINGULAR

    plural = {singular: name for name, singular in SINGULAR.items()}
    field = plural.get(args.field, args.field)
    if args.merge and args.path is None and len(args.merge) > 1 and Path(args.merge[-1]).is_dir():
        # `--merge a b FOLDER --into c`: argparse gave the folder to the terms.
        args.path = args.merge.pop()
        known = ContentIndex.load(Path(args.path), with_text=False).term_counts(field)
        if args.path in {name for name, _ in known}:
            raise UserError(
                f"{args.path!r} is both a folder and a term: put the folder first "
                f"(blogtui tags {args.path} --merge ...)"
            )
    folder = _folder(args.path)
    warn_interrupted(folder)
    index = ContentIndex.load(folder, with_text=False)
    counts = index.term_counts(field)
    if args.similar:
        from blogtui.domain.ops.terms import similar

        clusters = similar(counts)
        if args.json:
            _print_json([cluster.to_json() for cluster in clusters])
        for cluster in [] if args.json else clusters:
            terms = ", ".join(f"{name} ({count})" for name, count in cluster.terms)
            print(visible(f"{cluster.suggested}  <=  {terms}"))
        return 0
    if args.rename or args.merge or args.delete:
        return _change_terms(args, folder, field, index)
    if args.into:
        raise UserError("--into goes with --merge")
    if args.json:
        _print_json([{"name": name, "count": count} for name, count in counts])
    else:
        for name, count in counts:
            print(f"{count:6d}  {visible(name)}")
    return 0


def _change_terms(args: argparse.Namespace, folder: Path, field: str, index: ContentIndex) -> int:
    from blogtui.domain.ops.terms import plan_terms

    if args.merge and not args.into:
        raise UserError("--merge needs --into NEW")
    if args.into and not args.merge:
        raise UserError("--into goes with --merge")
    if args.rename:
        olds, new = [args.rename[0]], args.rename[1]
    elif args.merge:
        olds, new = args.merge, args.into
    else:
        olds, new = [args.delete], None
    if new is not None and not new.strip():
        raise UserError("the new term is empty")
    known = {name.casefold() for name, _ in index.term_counts(field)}
    missing = [old for old in olds if old.casefold() not in known]
    if len(missing) == len(olds):
        raise UserError(
            f"no post has {field} {', '.join(missing)} (see blogtui tags --field {field})"
        )
    return _run_change(args, plan_terms(folder, field, olds, new, index))


def _run_change(args: argparse.Namespace, changeset: Any, applied: bool = False) -> int:
    """Show (--dry-run) or apply a change set (unless `applied` already); report it; the exit
    status for it."""
    from blogtui.domain.ops.journal import apply

    if not args.dry_run and not applied:
        try:
            apply(changeset)
        except WriteError as exc:
            raise UserError(str(exc)) from None
    for change in changeset.left_out:
        print(visible(f"blogtui: {change.status}: {change.path}: {change.reason}"), file=sys.stderr)
    if args.json:
        _print_json(changeset.to_json())
    elif args.dry_run:
        # For people: names and lines made visible (`--json` carries the exact diff).
        sys.stdout.write(visible(changeset.diff(), multiline=True))
    changed = changeset.count("changed")
    left = len(changeset.left_out)
    if not args.json:
        what = "would change" if args.dry_run else "changed"
        line = f"{changeset.summary}: {what} {changed} files"
        if left:
            line += f", {left} left as they were (see above)"
        if changeset.id:
            line += f"; `blogtui undo {args.path or '.'} {changeset.id}` undoes it"
        print(visible(line), file=sys.stderr if args.dry_run else sys.stdout)
    if args.dry_run or not left:
        return 0
    conflicts = changeset.count("conflict")
    return EXIT_CONFLICT if conflicts and not changed else EXIT_FOUND_PROBLEMS


def cmd_bulk(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.bulk import Operation, plan_bulk

    folder = _folder(args.path)
    warn_interrupted(folder)
    index = ContentIndex.load(folder, with_text=False)
    query = _site_query(args, folder, index)
    paths = [post.path for post in sort_posts(filter_posts(index.posts.values(), query), "title")]
    operation: Operation
    if args.set:
        operation, key, value = "set", args.set[0], args.set[1]
    elif args.unset:
        operation, key, value = "unset", args.unset, None
    elif args.add:
        operation, key, value = "add", args.add[0], args.add[1]
    else:
        operation, key, value = "remove", args.remove[0], args.remove[1]
    changeset = plan_bulk(folder, paths, operation, key, value, args.string, widget_of)
    return _run_change(args, changeset)


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


def cmd_publish(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.publishing import plan_publish

    root, relative = _post_root(args.file)
    changeset = plan_publish(root, relative, _now(root), args.keep_date, args.now, args.rename)
    args.dry_run, args.path = False, str(root)
    return _run_change(args, changeset)


def cmd_unpublish(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.publishing import plan_unpublish

    root, relative = _post_root(args.file)
    args.dry_run, args.path = False, str(root)
    return _run_change(args, plan_unpublish(root, relative))


def cmd_schedule(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.publishing import parse_when, plan_schedule

    root, relative = _post_root(args.file)
    try:
        when = parse_when(args.when, _now(root))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    args.dry_run, args.path = False, str(root)
    return _run_change(args, plan_schedule(root, relative, when))


def cmd_due(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.publishing import parse_when
    from blogtui.domain.site.generator import detect
    from blogtui.domain.site.status import moment_of, status_of, zone_named

    folder = _folder(args.path)
    zone = zone_named(detect(folder).time_zone)
    now = _now(folder)
    try:
        since = parse_when(args.since, now).timestamp()
    except ValueError as exc:
        raise UserError(f"--since: {exc}") from None
    index = ContentIndex.load(folder, with_text=False)
    rows = []
    for post in sort_posts(index.posts.values(), "oldest"):
        status = status_of(post, now.timestamp(), zone)
        moment = moment_of(post, zone)
        if args.upcoming:
            wanted = status == "scheduled"
        else:
            wanted = status == "published" and moment is not None and since < moment
        if wanted:
            rows.append({"path": post.path, "title": post.display_title, "date": post.date})
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(visible(f"{row['date']}  {row['title']}  ({row['path']})"))
    return 0 if rows else EXIT_FOUND_PROBLEMS


def _repository(where: Path) -> Any:
    from blogtui.domain.files.git import repository

    found = repository(where.resolve())
    if found is None:
        raise UserError(f"{where}: not in a git repository (or git is not installed)")
    return found


def cmd_git(args: argparse.Namespace) -> int:
    from blogtui.domain.files.git import GitError

    try:
        return {
            "status": _git_status,
            "commit": _git_commit,
            "sync": _git_sync,
            "log": _git_log,
            "restore": _git_restore,
            "setup": _git_setup,
            "merge-driver": _git_merge_driver,
        }[args.git_command](args)
    except GitError as exc:
        raise UserError(f"git: {exc}") from None


def _git_status(args: argparse.Namespace) -> int:
    folder = _folder(args.path)
    repo = _repository(folder)
    warn_merge_driver(repo)
    status = repo.status()
    if args.json:
        _print_json(status.to_json(repo.top, folder.resolve()))
        return 0
    shown = status.to_json(repo.top, folder.resolve())
    where = f"on {status.branch}" if status.branch else "detached"
    if status.upstream:
        where += f" ({status.ahead} ahead, {status.behind} behind {status.upstream})"
    if status.in_progress:
        where += f"; a {status.in_progress} is in progress: finish it with git"
    print(visible(where))
    for row in shown["files"]:
        print(visible(f"{row['state']:<11} {row['path']}"))
    return 0


def _git_commit(args: argparse.Namespace) -> int:
    from blogtui.domain.site.commits import message

    if not args.files and not args.all:
        raise UserError("name the posts to commit, or --all")
    folder = _folder(args.path) if args.all else Path(args.files[0]).parent
    repo = _repository(folder)
    status = repo.status()
    if args.all:
        base = os.path.relpath(folder.resolve(), repo.top)
        chosen = [
            path
            for path in status.files
            if base == "." or path == base or path.startswith(base.rstrip("/") + "/")
        ]
    else:
        chosen = [repo.relative(Path(file)) for file in args.files]
    changed = [path for path in chosen if path in status.files]
    if status.in_progress == "merge":
        # No partial commit during a merge: finishing it commits the whole merge.
        text = args.message or repo.merge_message()
        commit = repo.commit_merge(changed, text)
        if args.json:
            _print_json({"commit": commit, "message": text, "files": changed, "merge": True})
        else:
            print(visible(f"{commit[:12]} {text.splitlines()[0]} (the merge is finished)"))
        return 0
    if not changed:
        raise UserError("nothing to commit: those posts have no changes")
    states = [(repo.top / path, path, status.files[path]) for path in changed]
    text = args.message or message(states, _site_config(folder))
    commit = repo.commit(changed, text, status.files)
    if args.json:
        _print_json({"commit": commit, "message": text, "files": changed})
    else:
        print(visible(f"{commit[:12]} {text.splitlines()[0]}"))
    return 0


def _git_sync(args: argparse.Namespace) -> int:
    repo = _repository(_folder(args.path))
    redraw = sys.stderr.isatty()

    def step(line: str) -> None:
        print(("\r\x1b[K" if redraw else "") + visible(line), file=sys.stderr)

    def progress(line: str) -> None:
        # At a terminal, one line redrawn in place, as git draws it; in a log, nothing.
        if redraw:
            print("\r\x1b[K" + visible(line), end="", file=sys.stderr, flush=True)

    said = repo.sync(step, progress)
    if redraw:
        print("\r\x1b[K", end="", file=sys.stderr)
    print(visible(said))
    return 0


def _git_log(args: argparse.Namespace) -> int:
    path = _existing(args.file)
    rows = _repository(path.parent).log(path)
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            line = f"{row['commit'][:12]}  {row['date'][:10]}  {row['author']}  {row['message']}"
            print(visible(line))
    return 0


def _git_restore(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.changeset import restore_plan

    path = _existing(args.file)
    old = _repository(path.parent).show(args.rev, path)
    root, relative = _post_root(args.file)
    changeset = restore_plan(root, relative, old, f"restore {relative} from {args.rev}")
    args.dry_run, args.json, args.path = False, False, str(root)
    return _run_change(args, changeset)


def _git_setup(args: argparse.Namespace) -> int:
    from blogtui.domain.files.mergedriver import NAME, driver_line

    folder = _folder(args.path)
    repo = _repository(folder)
    repo.run("config", "merge.blogtui.name", NAME)
    driver = driver_line()
    repo.run("config", "merge.blogtui.driver", driver)
    attributes = repo.top / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    wanted = [f"*.{ext} merge=blogtui" for ext in ("md", "markdown", "mdx")]
    missing = [line for line in wanted if line not in text.splitlines()]
    if missing:
        prefix = "" if not text or text.endswith("\n") else "\n"
        with open(attributes, "a", encoding="utf-8") as handle:
            handle.write(prefix + "\n".join(missing) + "\n")
    print(visible(f"set merge.blogtui.driver in {repo.git_dir / 'config'}:"))
    print(visible(f"  {driver}"))
    print(
        "  (runs this install's blogtui, else `blogtui` on PATH, else git's line merge with "
        "markers: a side is never dropped)"
    )
    if missing:
        print(f"added to {attributes.name}: {', '.join(missing)} (commit it to share the setup)")
    else:
        print(f"{attributes.name} already names the driver")
    return 0


def warn_merge_driver(repo: Any) -> None:
    """Say when posts' merges will not go through blogtui as the repository means them to."""
    from blogtui.domain.files.mergedriver import check

    configured = repo.run("config", "--get", "merge.blogtui.driver", check=False).strip()
    attributes = repo.top / ".gitattributes"
    try:
        named = "merge=blogtui" in attributes.read_text(encoding="utf-8", errors="replace")
    except OSError:
        named = False
    problem = check(configured or None, named).problem
    if problem:
        print(visible(f"blogtui: warning: {problem}"), file=sys.stderr)


def _git_merge_driver(args: argparse.Namespace) -> int:
    from blogtui.domain.files.fsio import atomic_write
    from blogtui.domain.files.git import merge_file
    from blogtui.domain.files.mergedriver import CONFLICT_STATUS
    from blogtui.domain.ops.merge import merge_post

    base, ours, theirs = (Path(p).read_bytes() for p in (args.base, args.ours, args.theirs))
    merged = merge_post(base, ours, theirs, merge_file, args.pathname or "post.md")
    if merged is None:  # a version is not a post we can read: git's own whole-file merge
        text, conflicted = merge_file(
            base.decode("utf-8", "surrogateescape"),
            ours.decode("utf-8", "surrogateescape"),
            theirs.decode("utf-8", "surrogateescape"),
        )
        result, conflicts = text.encode("utf-8", "surrogateescape"), conflicted
    else:
        result, conflicts = merged.text.encode("utf-8"), bool(merged.conflicts)
    # Whole or not at all: if this fails, the driver line's fallback merges the untouched sides.
    atomic_write(Path(args.ours), result, ours)
    if merged is not None and merged.conflicts:
        print(visible(f"blogtui: conflict in {', '.join(merged.conflicts)}"), file=sys.stderr)
    return CONFLICT_STATUS if conflicts else 0


def cmd_undo(args: argparse.Namespace) -> int:
    from blogtui.domain.ops import journal
    from blogtui.domain.ops.manifest import JournalError

    folder = _folder(args.path)
    if args.list:
        warn_interrupted(folder)
        found = journal.entries(folder)
        if args.json:
            _print_json([entry.to_json() for entry in found])
        for listed in [] if args.json else found:
            state = "interrupted" if listed.interrupted else listed.state
            files = len(listed.files)
            what = f"({listed.problem})" if listed.damaged else listed.summary
            print(visible(f"{listed.id}  {state:<11}  {files:4d} files  {what}"))
        return 0
    try:
        entry = journal.find(folder, args.id)
        if entry is None:
            what = f"no change set {args.id}" if args.id else "nothing to undo"
            raise UserError(f"{folder}: {what} (blogtui undo --list shows them)")
        was_interrupted = entry.interrupted
        changeset = journal.undo(folder, entry)
    except (JournalError, WriteError) as exc:
        raise UserError(f"{folder}: {exc}") from None
    if was_interrupted:
        from blogtui.domain.ops.recovery import outcome

        print(visible(f"blogtui: {entry.id}: {outcome(entry, changeset)}"), file=sys.stderr)
    args.dry_run = False
    return _run_change(args, changeset, applied=True)


def cmd_info(args: argparse.Namespace) -> int:
    from blogtui.domain.site.generator import detect

    folder = _folder(args.path)
    info = detect(folder)
    config = _site_config(folder)
    index = ContentIndex.load(folder, with_text=False)
    used = index.taxonomies()
    result: dict[str, Any] = {
        "folder": str(folder),
        "generator": info.generator,
        "site_root": str(info.site_root),
        "config_file": str(info.config_file) if info.config_file else None,
        "content_roots": [str(path) for path in info.content_roots],
        "decap_config": str(config.path) if config and config.source == "decap" else None,
        "schema_file": str(config.path) if config else None,
        "collections": [
            {
                "name": c.name,
                "folder": str(c.folder),
                "file": str(c.file) if c.file else None,
                "fields": [f.name for f in c.fields],
                "required": [f.name for f in c.fields if f.required],
                "widgets": {f.name: f.widget for f in c.fields},
            }
            for c in (config.collections if config else ())
        ],
        "taxonomies": [
            {"name": name, "terms": len(index.term_counts(name)), "used": name in used}
            for name in info.taxonomies
            if name in used or name in info.taxonomies[:2]
        ],
        "drafts": info.draft_convention,
        "posts": len(index.posts),
    }
    from blogtui.domain.files.git import repository

    repo = repository(folder.resolve())
    if repo is not None:
        warn_merge_driver(repo)
    if args.json:
        _print_json(result)
        return 0
    config_file = f" ({info.config_file})" if info.config_file else ""
    lines = [f"generator:   {info.generator}{config_file}", f"site root:   {info.site_root}"]
    lines.append(f"content:     {', '.join(result['content_roots']) or '-'}")
    if config is not None and config.source == "astro":
        lines.append(f"collections: {config.path} (Astro content collections)")
    else:
        lines.append(f"decap cms:   {result['decap_config'] or '-'}")
    for collection in result["collections"]:
        required = ", ".join(collection["required"]) or "-"
        where = collection["file"] or collection["folder"]
        lines.append(f"  collection {collection['name']}: {where}")
        lines.append(f"    fields: {', '.join(collection['fields'])} (required: {required})")
    terms = ", ".join(f"{t['name']} ({t['terms']})" for t in result["taxonomies"] if t["used"])
    lines += [f"taxonomies:  {terms or '-'}", f"drafts:      {info.draft_convention}"]
    lines.append(f"posts:       {result['posts']}")
    for line in lines:  # names from the site's own files: made visible
        print(visible(line))
    return 0


def _content_folder_of(post: Path) -> Path:
    """The folder to open for a post: the nearest folder above it named `content`, else the
    post's own folder. (Never `.` just because it holds the post: that may be a home folder.)"""
    return next((parent for parent in post.parents if parent.name == "content"), post.parent)


def run_app(argv: Sequence[str]) -> int:
    parser = _Parser(prog="blogtui", description="Open the app on a content folder.")
    parser.add_argument(
        "path", nargs="?", help="content folder (default ./content, else .), or a post to open on"
    )
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    args = parser.parse_args(argv)
    selected = None
    if args.path and Path(args.path).is_file():
        post = Path(args.path).resolve()
        folder = _content_folder_of(post)
        selected = post.relative_to(folder.resolve()).as_posix()
    else:
        folder = _folder(args.path)
    from blogtui.domain.site.index import begin_load, fork_is_safe

    # The posts are parsed by forked processes while Textual loads: forking is only safe
    # now, before the app starts its threads. (Where it is not, the app parses in one.)
    forking = fork_is_safe()
    loading = begin_load(folder, None if forking else 1, with_text=False, busy=forking)
    from blogtui.app import BlogApp

    app = BlogApp(folder, select=selected, loading=loading)
    app.run()
    # Textual exits with 0 after a crash it has shown: a script must see it failed.
    return app.return_code or 0


VALUE_OPTIONS = ("--query", "--search", "--since", "--into", "--view")
"""Options whose value may begin with `-` (`--query "-tag:news"`, `--since -1h`)."""


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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if (argv and argv[0] in COMMANDS) or (argv and argv[0] in ("-h", "--help")):
            # A short run that builds many small acyclic objects: the cyclic collector would
            # only walk them again and again (a third of `list`'s time at 100,000 posts).
            gc.disable()
            parser = _build_parser()
            args = parser.parse_args(dashed_values(parser, argv))
            handler = {
                "list": cmd_list,
                "show": cmd_show,
                "set": cmd_set,
                "new": cmd_new,
                "check": cmd_check,
                "tags": cmd_tags,
                "info": cmd_info,
                "bulk": cmd_bulk,
                "undo": cmd_undo,
                "publish": cmd_publish,
                "unpublish": cmd_unpublish,
                "schedule": cmd_schedule,
                "due": cmd_due,
                "git": cmd_git,
            }[args.command]
            return handler(args)
        return run_app(argv)
    except UserError as exc:
        print(f"blogtui: error: {visible(str(exc))}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line, never a traceback on a user's terminal
        what = visible(" ".join(str(exc).split()))
        print(f"blogtui: internal error: {type(exc).__name__}: {what}", file=sys.stderr)
        return EXIT_INTERNAL
