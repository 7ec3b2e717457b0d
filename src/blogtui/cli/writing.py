"""The commands that write posts: set, new, tags (rename, merge, delete), bulk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from blogtui.cli.changes import _run_change
from blogtui.cli.common import (
    EXIT_CONFLICT,
    UserError,
    _folder,
    _index_of,
    _load,
    _loaded_site,
    _open_site,
    _print_json,
    _site_config,
    _site_query,
)
from blogtui.domain.files.errors import ConflictError, WriteError
from blogtui.domain.files.locking import writer_lock
from blogtui.domain.formats.dates import parse_date
from blogtui.domain.formats.visible import visible
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.query import filter_posts
from blogtui.domain.site.sorting import sort_posts


def _typed_value(args: argparse.Namespace, post: Any, key_path: list[str]) -> Any:
    """VALUE typed like the value it replaces, under the CMS's rules; a new field's VALUE is
    read as YAML."""
    from blogtui.domain.ops.edit import get_path, has_path
    from blogtui.domain.ops.fieldinput import FieldError, FieldInput, schema_field

    metadata = post.metadata
    typing = FieldInput(
        tuple(key_path),
        get_path(metadata, key_path),
        has_path(metadata, key_path),
        schema_field(post.path, key_path),
    )
    try:
        value, note = typing.from_command_line(args.value, args.string)
    except FieldError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    if note:
        print(visible(f"blogtui: note: {note}"), file=sys.stderr)
    return value


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


def cmd_tags(args: argparse.Namespace) -> int:
    from blogtui.domain.site.generator import SINGULAR

    plural = {singular: name for name, singular in SINGULAR.items()}
    field = plural.get(args.field, args.field)
    if args.merge and args.path is None and len(args.merge) > 1 and Path(args.merge[-1]).is_dir():
        # `--merge a b FOLDER --into c`: argparse gave the folder to the terms.
        args.path = args.merge.pop()
        known = _index_of(_open_site(args.path)).term_counts(field)
        if args.path in {name for name, _ in known}:
            raise UserError(
                f"{args.path!r} is both a folder and a term: put the folder first "
                f"(blogtui tags {args.path} --merge ...)"
            )
    site, index = _loaded_site(args.path)
    folder = site.root
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


def cmd_bulk(args: argparse.Namespace) -> int:
    from blogtui.domain.ops.bulk import Operation, plan_bulk
    from blogtui.domain.ops.fieldinput import schema_field

    site, index = _loaded_site(args.path)
    folder = site.root
    query = _site_query(args, site)
    paths = [
        post.path for post in sort_posts(filter_posts(index.posts.values(), query, index), "title")
    ]
    operation: Operation
    if args.set:
        operation, key, value = "set", args.set[0], args.set[1]
    elif args.unset:
        operation, key, value = "unset", args.unset, None
    elif args.add:
        operation, key, value = "add", args.add[0], args.add[1]
    else:
        operation, key, value = "remove", args.remove[0], args.remove[1]
    changeset = plan_bulk(folder, paths, operation, key, value, args.string, schema_field)
    return _run_change(args, changeset)
