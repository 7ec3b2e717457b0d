"""The site as a web of pages on the command line (`links`, `mv`, `media`), and for agents
(`mcp`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogtui.cli.changes import _run_change
from blogtui.cli.common import UserError, _content_folder_of, _existing, _folder, _print_json
from blogtui.domain.formats.visible import visible

if TYPE_CHECKING:
    from blogtui.domain.site.linkgraph import LinkGraph


def links_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--json", action="store_true")


def mv_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="a post, a page bundle's folder (or its index.md), or a file")
    p.add_argument("new", help="where it goes (a folder keeps its name)")
    p.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    p.add_argument("--json", action="store_true")


def media_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--orphans", action="store_true", help="only the files no post uses")
    which.add_argument("--missing", action="store_true", help="only references to no file")
    p.add_argument("--json", action="store_true")


def _in_site(graph: LinkGraph, path: Path) -> str:
    """A path given on the command line, relative to the site's root; UserError when it is
    outside it."""
    top = os.path.realpath(graph.info.site_root)
    where = os.path.realpath(path) if path.exists() else os.path.abspath(path)
    if not (where == top or where.startswith(top + os.sep)):
        raise UserError(f"{path}: outside the site at {graph.info.site_root}")
    return Path(os.path.relpath(where, top)).as_posix()


def cmd_links(args: argparse.Namespace) -> int:
    path = _existing(args.file)
    from blogtui.domain.site.linkgraph import LinkGraph  # not loaded for every command

    graph = LinkGraph.of_site(path if path.is_dir() else _content_folder_of(path.absolute()))
    site_path = _in_site(graph, path)
    page = graph.pages.get(site_path)
    if page is None and path.is_file():
        raise UserError(f"{args.file}: not a post of the site (nothing the generator builds)")
    outgoing = page.links if page is not None else []
    incoming = graph.incoming(site_path)
    if args.json:
        _print_json(
            {
                "outgoing": [link.to_json() for link in outgoing],
                "incoming": [{"path": source, "line": link.line} for source, link in incoming],
            }
        )
        return 0
    print(visible(f"{site_path} links to {len(outgoing)}:"))
    for link in outgoing:
        where = link.resolved or ("(no such file)" if link.broken else "(not a page of the site)")
        print(visible(f"  {link.line:5d}  {link.target}  ->  {where}"))
    print(visible(f"linked from {len(incoming)}:"))
    for source, link in incoming:
        print(visible(f"  {source}:{link.line}  {link.target}"))
    return 0


def cmd_mv(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.moves import MoveError, plan_move

    source = _existing(args.file)
    from blogtui.domain.site.linkgraph import LinkGraph  # not loaded for every command

    graph = LinkGraph.of_site(source if source.is_dir() else _content_folder_of(source.absolute()))
    try:
        changeset = plan_move(graph, _in_site(graph, source), _in_site(graph, Path(args.new)))
    except MoveError as exc:
        raise UserError(str(exc)) from None
    args.path = str(graph.info.site_root)
    for note in changeset.notes:
        print(visible(f"blogtui: note: {note}"), file=sys.stderr)
    return _run_change(args, changeset)


def cmd_media(args: argparse.Namespace) -> int:
    from blogtui.domain.site.linkgraph import LinkGraph  # not loaded for every command
    from blogtui.domain.site.mediaindex import media_report

    graph = LinkGraph.of_site(_folder(args.path))
    report = media_report(graph)
    files: list[dict[str, Any]] = [] if args.missing else report.files
    if args.orphans:
        files = [entry for entry in files if not entry["used_by"]]
    missing = report.missing if not args.orphans else []
    if args.json:
        _print_json(files if args.orphans else missing if args.missing else
                    {"files": files, "missing": missing})  # fmt: skip
        return 0
    for entry in files:
        users = ", ".join(f"{u['path']}:{u['line']}" for u in entry["used_by"])
        users = users or "(no post uses it)"
        print(visible(f"{entry['path']}  {users}"))
    for entry in missing:
        print(visible(f"missing: {entry['target']}  ({entry['path']}:{entry['line']})"))
    return 0


def mcp_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    p.add_argument("--read-only", action="store_true", help="offer only the reading tools")


def cmd_mcp(args: argparse.Namespace) -> int:
    from blogtui.agents.server import serve

    serve(_folder(args.path), read_only=args.read_only)
    return 0


def serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    p.add_argument("--host", default="127.0.0.1", help="where to listen (default: this machine)")
    p.add_argument("--port", type=int, default=8000)


def cmd_serve(args: argparse.Namespace) -> int:
    from blogtui.browser.server import LOCAL_HOSTS, serve

    folder = _folder(args.path)
    if args.host not in LOCAL_HOSTS:
        print(
            f"blogtui: warning: listening on {args.host}: anyone who can reach it can read and "
            "edit these posts (there is no login). Prefer the default and an SSH tunnel: "
            f"ssh -L {args.port}:127.0.0.1:{args.port} THIS-HOST",
            file=sys.stderr,
        )
    print(visible(f"blogtui: serving {folder} at http://{args.host}:{args.port}"), file=sys.stderr)
    serve(folder.resolve(), args.host, args.port)
    return 0
