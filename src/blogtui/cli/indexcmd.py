"""`blogtui index [PATH] --status | --rebuild`: where the persistent index is, how big and how
fresh, or a new one built from the files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from blogtui.cli.common import UserError, _open_site, _print_json
from blogtui.domain.formats.visible import visible
from blogtui.domain.site.index import ContentIndex, scan
from blogtui.domain.site.store import Store


def index_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--status", action="store_true", help="where it is, its size, freshness")
    what.add_argument("--rebuild", action="store_true", help="set it aside and build it anew")
    p.add_argument("--json", action="store_true")


def cmd_index(args: argparse.Namespace) -> int:
    site = _open_site(args.path)
    conventions = site.info.signature
    store = Store.open(site.root, conventions)
    if store is None:
        raise UserError(
            "no persistent index here: caching is off (BLOGTUI_NO_CACHE) or the cache folder "
            "cannot be written; the index is kept in memory"
        )
    if store.note:
        print(f"blogtui: warning: {visible(store.note)}", file=sys.stderr)
    started = time.perf_counter()
    if args.rebuild:
        store.remove()
        index = ContentIndex.load(site.root, with_text=False)
        if index.store is None:
            raise UserError("the index could not be rebuilt (see the line above)")
        index.fill_details()
        store = index.store
    status = store.status()
    on_disk = scan(site.root)
    status["files"] = len(on_disk)
    status["stale"] = _stale(store, on_disk)
    if args.rebuild:
        status["seconds"] = round(time.perf_counter() - started, 2)
    if args.json:
        _print_json(status)
        return 0
    modified = status["modified"]
    when = dt.datetime.fromtimestamp(modified).isoformat(" ", "seconds") if modified else "never"
    stale = status["stale"]
    fresh = f"{stale:,} files changed since" if stale else "yes"
    lines = [
        f"index:    {status['path']}",
        f"size:     {status['bytes'] / 1e6:.1f} MB",
        f"posts:    {status['posts']:,} indexed of {status['files']:,} files, "
        f"{status['texts']:,} searchable in full",
        f"fresh:    {fresh} (written {when})",
    ]
    if args.rebuild:
        lines.append(f"rebuilt in {status['seconds']} s")
    for line in lines:
        print(visible(line))
    return 0


def _stale(store: Store, on_disk: dict[str, tuple[int, int]]) -> int:
    """Files whose index row is missing or older than the file, and rows of files gone."""
    known = store.stats()
    changed = sum(1 for path, stat in on_disk.items() if known.get(path) != stat)
    return changed + sum(1 for path in known if path not in on_disk)
