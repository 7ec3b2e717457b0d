"""The command line's one registry: every command's name, handler and arguments. The parser,
`--help` and the dispatch are all made from it."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from blogtui import __version__
from blogtui.cli import changes, gitcmds, indexcmd, reading, sheetcmds, webcmds, writing
from blogtui.cli.appcmd import run_app
from blogtui.cli.common import (
    EXIT_INTERNAL,
    EXIT_STATUSES,
    UserError,
    _Parser,
    _rules,
    dashed_values,
    query_arguments,
)
from blogtui.domain.formats.visible import visible
from blogtui.domain.site.sorting import SORTS


@dataclass(frozen=True)
class Command:
    name: str
    handler: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None]
    parser: dict[str, Any] = field(default_factory=dict)
    """What `add_parser` takes besides the name: its help, its description."""


def _list_arguments(p: argparse.ArgumentParser) -> None:
    query_arguments(p)
    p.add_argument("--sort", default="date", choices=("date", *SORTS))
    p.add_argument("--json", action="store_true")


def _show_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--json", action="store_true")


def _set_arguments(p: argparse.ArgumentParser) -> None:
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


def _new_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    p.add_argument("--title", required=True)
    p.add_argument("--tag", action="append", default=[])
    p.add_argument("--date", help="the post's date (default: now)")
    p.add_argument("--draft", action="store_true", help="mark it `draft: true`")


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--only", action="append", default=[], metavar="RULE", help="only this rule")
    p.add_argument("--ignore", action="append", default=[], metavar="RULE", help="skip this rule")


def _tags_arguments(p: argparse.ArgumentParser) -> None:
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


def _bulk_arguments(p: argparse.ArgumentParser) -> None:
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


def _publish_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--now", action="store_true", help="date it now, even if in the future")
    when.add_argument("--keep-date", action="store_true", help="leave its date as it is")
    p.add_argument("--rename", action="store_true", help="rename a dated file to its new date")
    p.add_argument("--json", action="store_true")


def _unpublish_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--json", action="store_true")


def _schedule_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("when", help="2026-12-01, '2026-12-01 09:00', 'today 17:00', +3d, +2h")
    p.add_argument("--json", action="store_true")


def _due_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    p.add_argument("--since", required=True, help="when the site was last built")
    p.add_argument("--upcoming", action="store_true", help="list the scheduled posts instead")
    p.add_argument("--json", action="store_true")


def _git_arguments(p: argparse.ArgumentParser) -> None:
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


def _undo_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    p.add_argument("id", nargs="?")
    p.add_argument("--list", action="store_true")
    p.add_argument("--json", action="store_true")


def _info_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    p.add_argument("--json", action="store_true")


COMMANDS: tuple[Command, ...] = (
    Command(
        "list", reading.cmd_list, _list_arguments, dict(help="list posts (filter by tag or text)")
    ),
    Command("show", reading.cmd_show, _show_arguments, dict(help="show one post")),
    Command(
        "set",
        writing.cmd_set,
        _set_arguments,
        dict(help="set one frontmatter field, changing nothing else"),
    ),
    Command(
        "new",
        writing.cmd_new,
        _new_arguments,
        dict(help="create a post from the folder's template"),
    ),
    Command(
        "check",
        reading.cmd_check,
        _check_arguments,
        dict(
            help="validate every post the way the site's generator and CMS would; exit 1 on errors",
            description="Rules (default severity): "
            + "; ".join(
                f"{rule} ({severity}): {what}" for rule, (severity, what) in _rules().items()
            )
            + ". A .blogtui.toml at the site turns rules off, changes their severity and ignores "
            'paths ([check] ignore = [...], [check.rules] RULE = "off"|"warning"|"error").',
        ),
    ),
    Command(
        "tags",
        writing.cmd_tags,
        _tags_arguments,
        dict(
            help="terms of a taxonomy (tags by default) with post counts; rename, merge, delete",
        ),
    ),
    Command(
        "bulk",
        writing.cmd_bulk,
        _bulk_arguments,
        dict(help="set, unset, add or remove a field over the matched posts"),
    ),
    Command(
        "publish",
        changes.cmd_publish,
        _publish_arguments,
        dict(help="publish a draft (its date becomes now unless future)"),
    ),
    Command(
        "unpublish",
        changes.cmd_unpublish,
        _unpublish_arguments,
        dict(help="make a post a draft again, the way the site says it"),
    ),
    Command(
        "schedule",
        changes.cmd_schedule,
        _schedule_arguments,
        dict(help="set the date a post goes live and clear its draft flag"),
    ),
    Command(
        "index",
        indexcmd.cmd_index,
        indexcmd.index_arguments,
        dict(help="the persistent search index: --status (where, size, freshness), --rebuild"),
    ),
    Command(
        "due",
        reading.cmd_due,
        _due_arguments,
        dict(help="posts that went live since WHEN (exit 1 if none): a rebuild trigger for CI"),
    ),
    Command(
        "git",
        gitcmds.cmd_git,
        _git_arguments,
        dict(help="the site's git: status, commit, sync, log, restore, setup"),
    ),
    Command(
        "undo",
        changes.cmd_undo,
        _undo_arguments,
        dict(help="undo the last change set (or ID); --list shows them"),
    ),
    Command(
        "links",
        webcmds.cmd_links,
        webcmds.links_arguments,
        dict(help="a post's links (resolved as the generator would) and the posts linking to it"),
    ),
    Command(
        "mv",
        webcmds.cmd_mv,
        webcmds.mv_arguments,
        dict(help="move a post, bundle or file, rewriting every link to it (undoable)"),
    ),
    Command(
        "media",
        webcmds.cmd_media,
        webcmds.media_arguments,
        dict(help="media files and the posts using them; --orphans, --missing"),
    ),
    Command(
        "export",
        sheetcmds.cmd_export,
        sheetcmds.export_arguments,
        dict(help="the matched posts' fields as a table (CSV or JSON), path first"),
    ),
    Command(
        "import",
        sheetcmds.cmd_import,
        sheetcmds.import_arguments,
        dict(help="apply the cells of an exported table that differ, as one change set"),
    ),
    Command(
        "serve",
        webcmds.cmd_serve,
        webcmds.serve_arguments,
        dict(help="the app in a browser (textual-serve), on this machine unless --host says"),
    ),
    Command(
        "mcp",
        webcmds.cmd_mcp,
        webcmds.mcp_arguments,
        dict(help="serve the site's tools to an agent (Model Context Protocol, over stdio)"),
    ),
    Command(
        "info",
        reading.cmd_info,
        _info_arguments,
        dict(help="what blogtui detected: generator, content roots, taxonomies, drafts"),
    ),
)
BY_NAME = {command.name: command for command in COMMANDS}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="blogtui",
        description="A terminal reader and editor for a folder of Markdown posts.",
        epilog="Run `blogtui [PATH]` to open the app (default ./content, else .).\n\n"
        + EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for command in COMMANDS:
        command.arguments(sub.add_parser(command.name, **command.parser))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if (argv and argv[0] in BY_NAME) or (argv and argv[0] in ("-h", "--help")):
            # A short run that builds many small acyclic objects: the cyclic collector would
            # only walk them again and again (a third of `list`'s time at 100,000 posts).
            gc.disable()
            parser = build_parser()
            args = parser.parse_args(dashed_values(parser, argv))
            return BY_NAME[args.command].handler(args)
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
