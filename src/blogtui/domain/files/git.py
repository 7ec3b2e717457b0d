"""The site's git repository, through the user's own `git` (their identity, hooks, signing,
credentials and `pull.rebase` apply). Arguments are passed as a list, never through a shell.

Without git, or outside a repository, `repository()` is None and nothing else changes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from blogtui.domain.files.gitstatus import GitError, Status, one_line, parse_status

NETWORK_TIMEOUT = 600
"""Seconds a pull or a push may take before it is stopped."""
_PROGRESS = re.compile(r"^(?:remote: )?[A-Z][a-z]+(?: [a-z]+)*: +\d+% \(")
"""A progress line of git's: `Receiving objects:  45% (9/20)`, `remote: Counting objects: …`."""

STATES = ("modified", "added", "untracked", "deleted", "renamed", "conflicted")


@dataclass
class Repository:
    top: Path
    """The work tree's top folder."""
    git_dir: Path
    common_dir: Path | None = None
    """Where refs live, when not in `git_dir` (a linked work tree)."""
    env: dict[str, str] = field(default_factory=dict)
    """Added to git's environment (the app turns prompts and editors off)."""
    interactive: bool = True
    """False: git's stdin is closed, so nothing can wait for the keyboard."""

    def _environment(self) -> dict[str, str]:
        return {**os.environ, "LC_ALL": "C", **self.env}

    def run(self, *args: str, input: bytes | None = None, check: bool = True) -> str:
        """Run `git ARGS` in the work tree; its stdout as text. GitError with one line."""
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.top,
                input=input,
                stdin=None if self.interactive or input is not None else subprocess.DEVNULL,
                capture_output=True,
                env=self._environment(),
                timeout=300,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"git {args[0]}: {exc}") from None
        if check and done.returncode != 0:
            # Some failures (nothing to commit) are said on stdout.
            output = (done.stderr + b"\n" + done.stdout).decode("utf-8", "replace")
            raise GitError(failure(output) or f"git {args[0]} failed")
        return done.stdout.decode("utf-8", "surrogateescape")

    def run_with_progress(self, args: list[str], progress: Callable[[str], None]) -> None:
        """Run a network command (`pull`, `push`) with `--progress`, telling `progress` each
        progress line as git redraws it ("Receiving objects:  45% (9/20)"). GitError with one
        line when it fails."""
        try:
            process = subprocess.Popen(
                ["git", args[0], "--progress", *args[1:]],
                cwd=self.top,
                stdin=None if self.interactive else subprocess.DEVNULL,
                # One pipe for both: nothing can fill up unread while the other is read.
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=self._environment(),
            )
        except OSError as exc:
            raise GitError(f"git {args[0]}: {exc}") from None
        assert process.stdout is not None
        # A stalled link must not hold the sync forever (as `run`'s timeout does for the rest).
        stalled = threading.Event()

        def stop() -> None:
            stalled.set()
            process.kill()

        watchdog = threading.Timer(NETWORK_TIMEOUT, stop)
        watchdog.start()
        output = bytearray()
        pending = b""
        try:
            while chunk := os.read(process.stdout.fileno(), 65536):
                output += chunk
                # Git redraws a progress line with a carriage return, and ends it with a newline.
                *lines, pending = re.split(rb"[\r\n]", pending + chunk)
                for line in lines:
                    text = line.decode("utf-8", "replace").strip()
                    if _PROGRESS.search(text):
                        progress(text.removeprefix("remote: "))
        finally:
            watchdog.cancel()
            process.stdout.close()
        if process.wait() != 0:
            if stalled.is_set():
                raise GitError(f"git {args[0]} was stopped after {NETWORK_TIMEOUT} s")
            said = output.decode("utf-8", "replace")
            raise GitError(failure(said) or f"git {args[0]} failed")

    def stamp(self, status: Status | None = None) -> tuple[tuple[int, int, int] | None, ...]:
        """What changes whenever git's view can change without a work-tree file changing: a
        commit, a checkout, a stage, a fetch, a merge or rebase begun or ended. A few stats,
        so the app can look every second and run `git status` only when this moves."""
        names = [
            "HEAD", "index", "packed-refs", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD",
            "CHERRY_PICK_HEAD", "rebase-merge", "rebase-apply",
        ]  # fmt: skip
        paths = [self.git_dir / name for name in names]
        common = self.common_dir or self.git_dir
        if status is not None and status.branch:
            paths.append(common / "refs" / "heads" / status.branch)
        if status is not None and status.upstream:
            paths.append(common / "refs" / "remotes" / status.upstream)
        if common != self.git_dir:
            paths.append(common / "packed-refs")
        found: list[tuple[int, int, int] | None] = []
        for path in paths:
            try:
                info = path.stat()
            except OSError:
                found.append(None)
            else:
                found.append((info.st_mtime_ns, info.st_size, info.st_ino))
        return tuple(found)

    def relative(self, path: Path) -> str:
        return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(self.top))).as_posix()

    def status(self) -> Status:
        out = self.run("status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all")
        return parse_status(out, self.in_progress())

    def commit(self, paths: list[str], message: str, states: dict[str, str]) -> str:
        """Commit exactly these paths (relative to the top) with `message`; the new commit's
        id. New files are added first; what the user staged for other files stays staged."""
        new = [path for path in paths if states.get(path) in ("untracked", "added")]
        if new:
            self.run("add", "--", *new)
        try:
            self.run("commit", "--only", "-m", message, "--", *paths)
        except GitError as failed:
            # A refusing hook prints only its own words: say whose they are.
            said = str(failed)
            known = any(meaning in said for _, meaning in _KNOWN_FAILURES)
            hooks = ("pre-commit", "commit-msg", "prepare-commit-msg")
            if not known and any(self._has_hook(name) for name in hooks):
                raise GitError(f"a git hook refused the commit ({said})") from None
            raise
        return self.run("rev-parse", "HEAD").strip()

    def _has_hook(self, name: str) -> bool:
        """An executable hook of that name, where this repository keeps hooks (core.hooksPath
        included)."""
        try:
            where = self.run("rev-parse", "--git-path", f"hooks/{name}").strip()
        except GitError:
            return False
        path = self.top / where
        return path.is_file() and os.access(path, os.X_OK)

    def log(self, path: Path) -> list[dict[str, str]]:
        """The versions of a file, newest first, across renames: commit, date, author, message."""
        out = self.run(
            "log", "--follow", "--format=%H%x1f%aI%x1f%an%x1f%s%x1e", "--", self.relative(path)
        )
        rows = []
        for record in out.split("\x1e"):
            fields = record.strip("\n").split("\x1f")
            if len(fields) == 4:
                rows.append(dict(zip(("commit", "date", "author", "message"), fields, strict=True)))
        return rows

    def show(self, revision: str, path: Path) -> bytes:
        """The exact bytes of a file at a revision (following it by its present path)."""
        try:
            done = subprocess.run(
                ["git", "show", f"{revision}:{self.relative(path)}"],
                cwd=self.top,
                capture_output=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"git show: {exc}") from None
        if done.returncode != 0:
            raise GitError(one_line(done.stderr.decode("utf-8", "replace")) or "git show failed")
        return done.stdout

    def diff(self, path: Path) -> str:
        """The file's changes against HEAD as a unified diff: '' when it has none, all of it
        when git does not know the file yet."""
        relative = self.relative(path)
        text = self.run("diff", "--no-color", "HEAD", "--", relative, check=False)
        tracked = self.run("ls-files", "--", relative, check=False).strip()
        if not text and not tracked:
            text = self.run(
                "diff", "--no-color", "--no-index", "--", "/dev/null", relative, check=False
            )
        return text

    def merge_message(self) -> str:
        """The message git prepared for the merge in progress (its comment lines left out)."""
        try:
            text = (self.git_dir / "MERGE_MSG").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "Merge"
        lines = [line for line in text.splitlines() if not line.startswith("#")]
        return "\n".join(lines).strip() or "Merge"

    def commit_merge(self, paths: list[str], message: str) -> str:
        """Finish the merge in progress: stage these resolved posts, then commit the whole
        merge (git allows no partial commit during one). GitError while files still have
        conflicts: a file that still holds markers is never staged."""
        marked = [path for path in paths if _has_markers(self.top / path)]
        if marked:
            raise GitError(f"still conflicted: {', '.join(marked)} (conflict markers in it)")
        if paths:
            self.run("add", "--", *paths)
        left = sorted(p for p, state in self.status().files.items() if state == "conflicted")
        if left:
            raise GitError(f"still conflicted: {', '.join(left)}; resolve them first")
        self.run("commit", "--quiet", "-F", "-", input=message.encode())
        return self.run("rev-parse", "HEAD").strip()

    def sync(
        self,
        said: Callable[[str], None] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> str:
        """Pull (as the user's git is set to: merge or rebase), then push what is ahead; what
        happened, in one line. GitError when it cannot, conflicts included. `said` hears each
        step as it starts, `progress` git's progress lines within a step."""
        tell = said or (lambda _line: None)
        network = progress or (lambda _line: None)
        status = self.status()
        if status.in_progress:
            raise GitError(f"a {status.in_progress} is in progress: finish it with git first")
        if status.upstream is None:
            raise GitError(f"{status.branch or 'HEAD'} has no upstream branch to sync with")
        tell(f"pulling from {status.upstream}…")
        try:
            self.run_with_progress(["pull"], network)
        except GitError as failed:
            pulled_error: GitError | None = failed
        else:
            pulled_error = None
        after = self.status()
        conflicted = sorted(p for p, state in after.files.items() if state == "conflicted")
        if conflicted or after.in_progress:
            where = ", ".join(conflicted) or "the work tree"
            raise GitError(
                f"the pull left conflicts in {where}: resolve them, then commit to finish the "
                f"{after.in_progress or 'merge'}"
            )
        if pulled_error is not None:
            raise pulled_error
        if after.ahead:
            commits = "1 commit" if after.ahead == 1 else f"{after.ahead} commits"
            tell(f"pushing {commits} to {after.upstream}…")
            self.run_with_progress(["push"], network)
            return f"pulled, and pushed {commits} to {after.upstream}"
        return f"in sync with {after.upstream}"

    def in_progress(self) -> str | None:
        for marker, name in (
            ("rebase-merge", "rebase"),
            ("rebase-apply", "rebase"),
            ("MERGE_HEAD", "merge"),
            ("CHERRY_PICK_HEAD", "cherry-pick"),
        ):
            if (self.git_dir / marker).exists():
                return name
        return None


_KNOWN_FAILURES = (
    (("could not resolve host", "unable to access", "network is unreachable", "timed out",
      "could not read from remote"), "no network (or the remote cannot be reached)"),
    (("authentication failed", "permission denied", "could not read username",
      "terminal prompts disabled"), "authentication failed: check your credentials or SSH key"),
    (("non-fast-forward", "fetch first", "rejected"),
     "the remote has commits you do not have (non-fast-forward): sync again to pull them"),
    (("how to reconcile divergent branches",),
     "both sides have new commits: tell git how to join them "
     "(git config pull.rebase false to merge, true to rebase)"),
    (("please tell me who you are", "unable to auto-detect email"),
     "no identity: set user.name and user.email (git config --global user.name ...)"),
    (("nothing to commit", "no changes added"), "nothing to commit"),
    (("hook", ), "a git hook refused it"),
)  # fmt: skip


def _has_markers(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            text = handle.read(8 * 1024 * 1024)
    except OSError:
        return False
    return re.search(rb"(?m)^<{7}( |$)", text) is not None and b"\n>>>>>>>" in text


def failure(text: str) -> str:
    """Git's error in our words when it is a known kind, with git's own line after it."""
    said = one_line(text)
    lowered = text.lower()
    for needles, meaning in _KNOWN_FAILURES:
        if any(needle in lowered for needle in needles):
            return f"{meaning} ({said})" if said and meaning not in said else meaning
    return said


def repository(start: Path) -> Repository | None:
    """The repository holding `start`, or None (no git here, or not a repository)."""
    if shutil.which("git") is None:
        return None
    folder = start if start.is_dir() else start.parent
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir"],
            cwd=folder,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 2:
        return None
    git_dir = Path(lines[1])
    common = (folder / lines[2]).resolve() if len(lines) > 2 else git_dir
    return Repository(Path(lines[0]), git_dir, None if common == git_dir.resolve() else common)
