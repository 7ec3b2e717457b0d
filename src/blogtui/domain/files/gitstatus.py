"""Git's answers as data: its errors, `git status --porcelain=v2` read into a Status, and git's own
line merge of three texts."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class GitError(RuntimeError):
    """A git command failed; one line for the user (what git said, made short)."""


@dataclass(frozen=True)
class Status:
    """The repository's state: each changed file's state, the branch and how far it is from
    its upstream, and an operation left in progress (a rebase, a merge)."""

    files: dict[str, str]
    """Path relative to the repository's top -> one of STATES."""
    branch: str | None = None
    ahead: int = 0
    behind: int = 0
    upstream: str | None = None
    in_progress: str | None = None
    """'rebase', 'merge', 'cherry-pick' or None."""

    def to_json(self, top: Path, base: Path) -> dict[str, object]:
        prefix = os.path.relpath(base, top)
        rows = []
        for path, state in sorted(self.files.items()):
            shown = path if prefix == "." else os.path.relpath(top / path, base)
            if prefix == "." or not shown.startswith(".."):
                rows.append({"path": Path(shown).as_posix(), "state": state})
        return {
            "branch": self.branch,
            "upstream": self.upstream,
            "ahead": self.ahead,
            "behind": self.behind,
            "in_progress": self.in_progress,
            "files": rows,
        }


def one_line(text: str) -> str:
    """Git's message on one line: its `fatal:`/`error:` line first, else its last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else ""


def parse_status(out: str, in_progress: str | None = None) -> Status:
    """`git status --porcelain=v2 --branch -z` read into a Status."""
    files: dict[str, str] = {}
    branch = upstream = None
    ahead = behind = 0
    entries = out.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if entry.startswith("# branch.head "):
            head = entry[len("# branch.head ") :]
            branch = None if head == "(detached)" else head
        elif entry.startswith("# branch.upstream "):
            upstream = entry[len("# branch.upstream ") :]
        elif entry.startswith("# branch.ab "):
            parts = entry.split()
            ahead, behind = int(parts[2].lstrip("+")), abs(int(parts[3]))
        elif entry.startswith("1 "):
            parts = entry.split(" ", 8)
            files[parts[8]] = _state(parts[1])
        elif entry.startswith("2 "):
            parts = entry.split(" ", 9)
            files[parts[9]] = "renamed"
            index += 1  # the original path follows
        elif entry.startswith("u "):
            files[entry.split(" ", 10)[10]] = "conflicted"
        elif entry.startswith("? "):
            files[entry[2:]] = "untracked"
    return Status(files, branch, ahead, behind, upstream, in_progress)


def _state(xy: str) -> str:
    if "D" in xy:
        return "deleted"
    if xy[0] == "A":
        return "added"
    return "modified"


def merge_file(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """Three texts merged as `git merge-file` does: (the result, whether it has conflicts)."""
    with tempfile.TemporaryDirectory(prefix="blogtui-merge-") as folder:
        names = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
            names.append(str(path))
        done = subprocess.run(
            ["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", *names],
            capture_output=True,
            check=False,
        )
    if done.returncode < 0 or done.returncode > 127:
        raise GitError(one_line(done.stderr.decode("utf-8", "replace")) or "git merge-file failed")
    return done.stdout.decode("utf-8", "surrogateescape"), done.returncode > 0
