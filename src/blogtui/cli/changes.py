"""Change sets on the command line: their report, publish, unpublish, schedule, undo."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from blogtui.cli.common import (
    EXIT_CONFLICT,
    EXIT_FOUND_PROBLEMS,
    UserError,
    _folder,
    _now,
    _post_root,
    _print_json,
    warn_interrupted,
)
from blogtui.domain.files.errors import WriteError
from blogtui.domain.formats.visible import visible


def _run_change(args: argparse.Namespace, changeset: Any, applied: bool = False) -> int:
    """Show (--dry-run) or apply a change set (unless `applied` already); report it; the exit
    status for it."""
    from blogtui.domain.ops.journal import apply

    if not args.dry_run and not applied:
        try:
            apply(changeset)
        except WriteError as exc:
            raise UserError(str(exc)) from None
    if not args.dry_run:
        changeset.tidy_up()
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
