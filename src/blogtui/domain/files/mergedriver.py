"""The merge driver's line in `.git/config`: one that never leaves a side silently.

git runs a merge driver through the shell, and when the command cannot run it marks a conflict
but keeps the driver's output file, which is *our* side, without markers: `git add` then drops
theirs without a word. So the configured line tries blogtui (this install's Python if it is
still there, else `blogtui` on PATH) and, for any outcome but "merged" or "conflicts marked",
falls back to `git merge-file`, which writes markers around every conflicting line.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass

CONFLICT_STATUS = 3
"""What `blogtui git merge-driver` exits with when it wrote conflict markers. Not 1: a Python
whose blogtui was uninstalled also exits 1 (`No module named blogtui`), having written nothing."""

NAME = "blogtui: posts merged field by field"
ARGUMENTS = "git merge-driver %O %A %B %P"


def driver_line(python: str | None = None) -> str:
    """The shell line git runs for `merge=blogtui` files."""
    python = python or sys.executable
    first = shlex.quote(python)
    return (
        f"if [ -x {first} ] && {first} -c 'import blogtui' 2>/dev/null; "
        f"then {first} -m blogtui {ARGUMENTS}; "
        f"else blogtui {ARGUMENTS}; fi; "
        f"s=$?; [ $s -eq 0 ] && exit 0; [ $s -eq {CONFLICT_STATUS} ] && exit 1; "
        # blogtui could not run or failed: git's own line merge, with markers, from the
        # untouched sides (the driver writes its result only once it is whole).
        "git merge-file -L ours -L base -L theirs %A %O %B"
    )


@dataclass(frozen=True)
class DriverCheck:
    """What the configured driver will do when git runs it."""

    configured: str | None
    problem: str | None
    """One line for the user when merges of posts will not go through blogtui; else None."""


def check(configured: str | None, attributes_name_it: bool) -> DriverCheck:
    """Judge the driver line in `.git/config` (None: not set up)."""
    if configured is None:
        if attributes_name_it:
            return DriverCheck(
                None,
                ".gitattributes names the blogtui merge driver, but this clone has no "
                "merge.blogtui.driver: git merges posts line by line (run `blogtui git setup`)",
            )
        return DriverCheck(None, None)
    if "merge-file" not in configured:
        # An older line: an absolute interpreter with no fallback.
        words = shlex.split(configured)
        program = words[0] if words else ""
        if words and "/" in program and not os.access(program, os.X_OK):
            return DriverCheck(
                configured,
                f"the merge driver in .git/config runs {program}, which is gone: a merge of "
                "posts would keep only our side (run `blogtui git setup` again)",
            )
        return DriverCheck(
            configured,
            "the merge driver in .git/config has no fallback if blogtui cannot run "
            "(run `blogtui git setup` again)",
        )
    if not _runs(configured):
        return DriverCheck(
            configured,
            "the merge driver cannot find blogtui (its Python is gone and `blogtui` is not on "
            "PATH): posts merge line by line, with markers (run `blogtui git setup` again)",
        )
    return DriverCheck(configured, None)


def _runs(configured: str) -> bool:
    words = shlex.split(configured.split(";", 1)[0].removeprefix("if "))
    python = words[2] if len(words) > 2 else ""
    return os.access(python, os.X_OK) or shutil.which("blogtui") is not None
