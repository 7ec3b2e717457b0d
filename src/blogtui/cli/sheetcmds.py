"""Posts as a spreadsheet: `export` (CSV or JSON) and `import` (only the cells that differ,
as one change set)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from blogtui.cli.changes import _run_change
from blogtui.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FOUND_PROBLEMS,
    UserError,
    _loaded_site,
    _print_json,
    _site_query,
    query_arguments,
)
from blogtui.domain.formats.visible import visible
from blogtui.domain.site.query import filter_posts
from blogtui.domain.site.sorting import sort_posts


def export_arguments(p: argparse.ArgumentParser) -> None:
    query_arguments(p)
    p.add_argument("--fields", default="title,date,tags", help="comma-separated: title,date,tags")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="CSV (the default)")
    form.add_argument("--json", action="store_true", help="a JSON list of rows")


def import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="the content folder (default ./content, else .)")
    p.add_argument("file", help="a CSV (or .json) file as export writes it; - for stdin")
    p.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    p.add_argument("--partial", action="store_true", help="apply the good rows despite bad ones")
    p.add_argument("--json", action="store_true")


def cmd_export(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.sheets import table

    fields = [name.strip() for name in args.fields.split(",") if name.strip()]
    if not fields or any(name == "path" for name in fields):
        raise UserError("--fields: name the fields to export (path always comes first)")
    site, index = _loaded_site(args.path)
    query = _site_query(args, site)
    index.fill_fields()
    posts = sort_posts(filter_posts(index.posts.values(), query, index), "newest", query.sort)
    rows = table(posts, fields)
    if args.json:
        _print_json(rows)
        return 0
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, ["path", *fields], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    sys.stdout.write(out.getvalue())
    return 0


def _read_rows(file: str) -> list[dict[str, Any]]:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{file}: cannot read it ({exc})") from None
    if file.endswith(".json") or text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
        except ValueError as exc:
            raise UserError(f"{file}: not valid JSON ({exc})") from None
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise UserError(f'{file}: a JSON list of rows ({{"path": ...}}) is expected')
        return rows
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "path" not in reader.fieldnames:
        raise UserError(f"{file}: the first row must name the columns, `path` among them")
    return [dict(row) for row in reader]


def cmd_import(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.sheets import known_fields, plan_import

    site, index = _loaded_site(args.path)
    rows = _read_rows(args.file)
    index.fill_fields()
    known = known_fields(index.posts.values(), site.config)
    current = {path: post.fields for path, post in index.posts.items() if post.fields is not None}
    summary = f"import {Path(args.file).name}"
    found = plan_import(site.root, rows, known, args.partial, summary, current, site.config)
    for problem in found.problems:
        print(visible(f"blogtui: {problem}"), file=sys.stderr)
    if found.problems and not args.partial:
        print("blogtui: nothing was written (--partial applies the good rows)", file=sys.stderr)
        return EXIT_BAD_INPUT
    args.path = str(site.root)
    status = _run_change(args, found.changeset)
    return status or (EXIT_FOUND_PROBLEMS if found.problems else 0)
