"""`blogtui git`: status, commit, sync, log, restore, setup and the merge driver."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from blogtui.cli.changes import _run_change
from blogtui.cli.common import (
    UserError,
    _existing,
    _folder,
    _post_root,
    _print_json,
    _repository,
    _site_config,
)
from blogtui.domain.formats.visible import visible


def cmd_git(args: argparse.Namespace) -> int:
    from blogtui.domain.files.gitstatus import GitError

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
    from blogtui.domain.files.gitstatus import merge_file
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
