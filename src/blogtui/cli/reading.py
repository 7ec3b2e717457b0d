"""The commands that read: list, show, check, info, due (none imports Textual)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from typing import Any

from blogtui.cli.common import (
    EXIT_FOUND_PROBLEMS,
    SHOW_BODY_LIMIT,
    UserError,
    _existing,
    _index_of,
    _json_default,
    _loaded_site,
    _now,
    _open_site,
    _print_json,
    _site_query,
    warn_interrupted,
)
from blogtui.cli.gitcmds import warn_merge_driver
from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.fsio import check_inside
from blogtui.domain.formats.visible import visible
from blogtui.domain.site.folder import site_root
from blogtui.domain.site.index import scan
from blogtui.domain.site.query import filter_posts
from blogtui.domain.site.sorting import sort_posts


def cmd_list(args: argparse.Namespace) -> int:
    from blogtui.domain.site.status import status_of

    site, index = _loaded_site(args.path)
    query = _site_query(args, site)
    sort = "newest" if args.sort == "date" else args.sort
    posts = sort_posts(filter_posts(index.posts.values(), query, index), sort, query.sort)
    dated = index.section_dates()
    if args.json:
        rows = []
        translations = index.translations()
        for post in posts:
            row = {**post.to_json(), "status": status_of(post, None, query.zone)}
            row["lang"] = translations.lang(post.path)
            row["translations"] = translations.others(post.path)
            if post.path in dated:  # as Hugo dates it: by its newest page
                row["date"], row["date_source"] = dated[post.path][0], "newest page"
            rows.append(row)
        _print_json(rows)
        return 0
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    translations = index.translations()
    for post in posts:
        # As the app marks them: D draft, S scheduled, X expired; * featured; ! unreadable.
        status = status_of(post, now, query.zone)
        marks = {"draft": "D", "scheduled": "S", "expired": "X"}.get(status, " ")
        marks += ("*" if post.featured else " ") + ("!" if post.error else " ")
        date = (post.date or "")[:10].ljust(10)
        tags = f"  [{', '.join(post.tags)}]" if post.tags else ""
        lang = f"{translations.lang(post.path)}  " if translations.languages.many else ""
        print(visible(f"{marks} {date}  {lang}{post.display_title}{tags}  ({post.path})"))
    return 0


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


def cmd_check(args: argparse.Namespace) -> int:
    from collections import Counter

    from blogtui.domain.site.check import check_folder
    from blogtui.domain.site.rules import RULES
    from blogtui.domain.site.sitefile import SiteFileError, unknown_rules

    site = _open_site(args.path)
    folder = site.root
    warn_interrupted(folder)
    unknown = sorted(set(args.only + args.ignore) - set(RULES))
    if unknown:
        raise UserError(f"no such rule: {', '.join(unknown)} (rules: {', '.join(RULES)})")
    try:
        site_file = site.site_file()
    except SiteFileError as exc:
        raise UserError(str(exc)) from None
    for warning in (*site_file.warnings, *unknown_rules(site_file, RULES)):
        print(f"blogtui: warning: {visible(warning)}", file=sys.stderr)
    stats = scan(folder)
    problems = check_folder(folder, site.config, stats, site_file.check, args.only, args.ignore)
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


def cmd_info(args: argparse.Namespace) -> int:
    site = _open_site(args.path)
    folder, info, config = site.root, site.info, site.config
    index = _index_of(site)
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


def cmd_due(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.publishing import parse_when
    from blogtui.domain.site.status import moment_of, status_of

    site = _open_site(args.path)
    zone = site.zone
    now = _now(site.root)
    try:
        since = parse_when(args.since, now).timestamp()
    except ValueError as exc:
        raise UserError(f"--since: {exc}") from None
    index = _index_of(site)
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
