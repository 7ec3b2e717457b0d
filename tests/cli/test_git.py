"""blogtui git: status, commit in Decap's style, log, restore, setup and the merge driver."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import git, init_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
ROADMAP = "content/posts/2026-06-01-roadmap.md"


@pytest.fixture
def repo(site: Path, tmp_path: Path) -> Path:
    top = tmp_path / "repo"
    top.mkdir()
    shutil.move(str(site), top / "content")
    init_repo(top)
    return top


def test_status_commit_only_the_posts_and_log(repo: Path) -> None:
    assert run("set", str(repo / ROADMAP), "title", "New plans").returncode == 0
    (repo / "content" / "posts" / "fresh.md").write_text("---\ntitle: Fresh\n---\n")
    (repo / "notes.txt").write_text("staged by the user\n")
    git(repo, "add", "notes.txt")
    status = json.loads(run("git", "status", str(repo / "content"), "--json").stdout)
    assert status["branch"] == "main"
    assert status["files"] == [
        {"path": "posts/2026-06-01-roadmap.md", "state": "modified"},
        {"path": "posts/fresh.md", "state": "untracked"},
    ]
    one = run("git", "commit", str(repo / ROADMAP), "--json")
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["message"] == "Update Blog “2026-06-01-roadmap”"
    assert git(repo, "status", "--short").splitlines() == [
        "A  notes.txt",
        "?? content/posts/fresh.md",
    ]
    rest = run("git", "commit", "--all", "--path", str(repo / "content"), "-m", "Add fresh")
    assert rest.returncode == 0 and "Add fresh" in rest.stdout
    assert git(repo, "status", "--short").splitlines() == ["A  notes.txt"]
    log = json.loads(run("git", "log", str(repo / ROADMAP), "--json").stdout)
    assert [row["message"] for row in log] == ["Update Blog “2026-06-01-roadmap”", "init"]
    assert run("git", "commit", str(repo / ROADMAP)).returncode == 2  # nothing to commit


def test_restore_a_version_is_undoable(repo: Path) -> None:
    original = (repo / ROADMAP).read_bytes()
    run("set", str(repo / ROADMAP), "title", "Changed")
    git(repo, "commit", "-qam", "change")
    restored = run("git", "restore", str(repo / ROADMAP), "HEAD~1")
    assert restored.returncode == 0, restored.stderr
    assert (repo / ROADMAP).read_bytes() == original
    assert run("undo", str(repo / "content")).returncode == 0  # journalled in the content folder
    assert b"title: Changed" in (repo / ROADMAP).read_bytes()


def _merged_with_the_driver(
    repo: Path, theirs: dict[str, str], ours: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The driver set up; the roadmap's fields set on a branch `theirs` and on main; then
    `git merge theirs` on main."""
    setup = run("git", "setup", str(repo / "content"))
    assert setup.returncode == 0 and "merge=blogtui" in (repo / ".gitattributes").read_text()
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-qm", "merge driver")
    for branch, fields in (("theirs", theirs), ("main", ours)):
        git(repo, "checkout", "-q", *(["-b"] if branch == "theirs" else []), branch)
        for key, value in fields.items():
            run("set", str(repo / ROADMAP), key, value)
        git(repo, "commit", "-qam", branch)
    return subprocess.run(
        ["git", "merge", "-q", "--no-edit", "theirs"], cwd=repo, capture_output=True, text=True
    )


def test_two_people_editing_neighbouring_fields_merge_without_a_conflict(repo: Path) -> None:
    merge = _merged_with_the_driver(
        repo,
        theirs={"description": "Their description", "tags": "[roadmap, plans]"},
        ours={"title": "Our title", "featuredpost": "true"},
    )
    assert merge.returncode == 0, merge.stdout + merge.stderr
    text = (repo / ROADMAP).read_text()
    assert "title: Our title\n" in text and "featuredpost: true\n" in text
    assert "description: Their description\n" in text and "  - roadmap\n  - plans\n" in text


def test_the_same_field_changed_two_ways_is_marked_around_that_field_only(repo: Path) -> None:
    merge = _merged_with_the_driver(
        repo, theirs={"title": "Theirs"}, ours={"title": "Ours", "featuredpost": "true"}
    )
    assert merge.returncode != 0
    text = (repo / ROADMAP).read_text()
    assert "<<<<<<< ours\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> theirs\n" in text
    assert "featuredpost: true\n" in text and text.count("<<<<<<<") == 1
    status = json.loads(run("git", "status", str(repo / "content"), "--json").stdout)
    assert {"path": "posts/2026-06-01-roadmap.md", "state": "conflicted"} in status["files"]
    assert status["in_progress"] == "merge"


def test_outside_a_repository_git_commands_say_so(site: Path) -> None:
    result = run("git", "status", str(site))
    assert result.returncode == 2 and "not in a git repository" in result.stderr


def test_failures_are_said_in_our_words_with_gits_line() -> None:
    from blogtui.domain.files.git import failure

    assert failure("fatal: unable to access 'https://x/': Could not resolve host: x\n").startswith(
        "no network"
    )
    assert failure("git@x: Permission denied (publickey).\nfatal: Could not read from remote")
    assert "authentication" in failure("remote: Invalid\nfatal: Authentication failed for 'x'")
    rejected = " ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs"
    assert failure(rejected).startswith("the remote has commits you do not have")
    assert failure("fatal: something new\n") == "fatal: something new"


def test_a_push_to_a_remote_ahead_of_us_is_said_plainly(repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "-u", "origin", "main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    git(other, "config", "user.email", "o@example.org")
    git(other, "config", "user.name", "Other")
    (other / "content" / "posts" / "theirs.md").write_text("---\ntitle: Theirs\n---\n")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "theirs")
    git(other, "push", "-q")
    run("set", str(repo / ROADMAP), "title", "Ours")
    git(repo, "commit", "-qam", "ours")
    unset = run("git", "sync", str(repo / "content"))
    assert unset.returncode == 2 and "pull.rebase" in unset.stderr  # the user's choice to make
    git(repo, "config", "pull.rebase", "false")
    synced = run("git", "sync", str(repo / "content"))
    assert synced.returncode == 0, synced.stderr
    assert (repo / "content" / "posts" / "theirs.md").exists()
    assert git(repo, "status", "-sb").startswith("## main...origin/main\n")


def test_a_post_broken_since_is_restored_from_history(repo: Path) -> None:
    original = (repo / ROADMAP).read_bytes()
    (repo / ROADMAP).write_text("---\ntitle: [broken\n---\n")
    restored = run("git", "restore", str(repo / ROADMAP), "HEAD")
    assert restored.returncode == 0, restored.stderr
    assert (repo / ROADMAP).read_bytes() == original
    assert run("undo", str(repo / "content")).returncode == 0
    assert (repo / ROADMAP).read_text() == "---\ntitle: [broken\n---\n"


def _clone(remote: Path, into: Path, name: str) -> Path:
    git(into.parent, "clone", "-q", str(remote), str(into))
    git(into, "config", "user.email", f"{name}@example.org")
    git(into, "config", "user.name", name)
    git(into, "config", "pull.rebase", "false")
    return into


POST = "content/posts/2026-06-01-roadmap.md"
BEFORE = "---\ntitle: Roadmap\ndescription: Plans\ndate: 2026-06-01\ntags: [plans]\n---\nBody\n"


def _two_authors(tmp_path: Path, driver: bool) -> tuple[Path, Path]:
    """A bare remote and two clones of it (Ann's and Bob's), with or without the driver."""
    origin = tmp_path / "origin"
    (origin / "content" / "posts").mkdir(parents=True)
    (origin / POST).write_text(BEFORE)
    init_repo(origin)
    if driver:  # .gitattributes is shared through the repository
        assert run("git", "setup", str(origin)).returncode == 0
        git(origin, "add", ".gitattributes")
        git(origin, "commit", "-qm", "merge posts field by field")
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(origin), str(remote))
    ann, bob = _clone(remote, tmp_path / "ann", "Ann"), _clone(remote, tmp_path / "bob", "Bob")
    if driver:  # the driver lives in each clone's own .git/config
        for clone in (ann, bob):
            assert run("git", "setup", str(clone)).returncode == 0
    # Neighbouring lines: git's own merge conflicts on these.
    run("set", str(ann / POST), "title", "Roadmap 2027")
    run("set", str(ann / POST), "tags", "[plans, ann]")
    git(ann, "commit", "-qam", "ann")
    git(ann, "push", "-q")
    run("set", str(bob / POST), "description", "Plans for next year")
    run("set", str(bob / POST), "tags", "[plans, bob]")
    git(bob, "commit", "-qam", "bob")
    return ann, bob


def test_two_clones_merge_field_by_field_with_the_driver(tmp_path: Path) -> None:
    from blogtui.domain.files.git import repository

    ann, bob = _two_authors(tmp_path, driver=True)
    repo = repository(bob)
    assert repo is not None
    steps: list[str] = []
    progress: list[str] = []
    said = repo.sync(steps.append, progress.append)
    assert said == "pulled, and pushed 2 commits to origin/main"  # bob's and the merge
    assert [step.split(" ")[0] for step in steps] == ["pulling", "pushing"]
    assert any(line.startswith("Writing objects: 100%") for line in progress)
    merged = (
        "---\ntitle: Roadmap 2027\ndescription: Plans for next year\ndate: 2026-06-01\n"
        "tags: [plans, bob, ann]\n---\nBody\n"
    )
    assert (bob / POST).read_text() == merged
    assert run("git", "sync", str(ann)).returncode == 0
    assert (ann / POST).read_text() == merged  # both clones hold the same bytes


def test_two_clones_conflict_without_the_driver(tmp_path: Path) -> None:
    _, bob = _two_authors(tmp_path, driver=False)
    synced = run("git", "sync", str(bob))
    assert synced.returncode == 2
    assert f"the pull left conflicts in {POST}: resolve them, then commit" in synced.stderr
    assert "<<<<<<<" in (bob / POST).read_text()
    status = json.loads(run("git", "status", str(bob), "--json").stdout)
    assert {"path": POST, "state": "conflicted"} in status["files"]


def test_a_refusing_hook_is_named_and_nothing_is_committed(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text('#!/bin/sh\necho "posts need a summary" >&2\nexit 1\n')
    hook.chmod(0o755)
    run("set", str(repo / ROADMAP), "title", "Hooked")
    head = git(repo, "rev-parse", "HEAD")
    refused = run("git", "commit", str(repo / ROADMAP))
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith("a git hook refused the commit (posts need a summary)")
    assert git(repo, "rev-parse", "HEAD") == head


def _driver_merge_with(repo: Path, driver: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Both sides retitle the roadmap and edit the neighbouring line; the driver line is
    `driver`, and git runs it with no blogtui on PATH."""
    assert run("git", "setup", str(repo / "content")).returncode == 0
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-qm", "merge driver")
    git(repo, "config", "merge.blogtui.driver", driver)
    for branch, title in (("theirs", "Their title"), ("main", "Our title")):
        git(repo, "checkout", "-q", *(["-b"] if branch == "theirs" else []), branch)
        run("set", str(repo / ROADMAP), "title", title)
        git(repo, "commit", "-qam", branch)
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    return subprocess.run(
        ["git", "merge", "-q", "--no-edit", "theirs"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=bare,
    )


@pytest.mark.parametrize("gone", ["interpreter deleted", "blogtui uninstalled"])
def test_a_driver_that_cannot_run_leaves_both_sides_marked(
    repo: Path, tmp_path: Path, gone: str
) -> None:
    from blogtui.domain.files.mergedriver import driver_line

    python = tmp_path / "venv" / "bin" / "python"
    if gone == "blogtui uninstalled":  # the Python runs, but has no blogtui to run
        python.parent.mkdir(parents=True)
        python.write_text("#!/bin/sh\necho 'No module named blogtui' >&2\nexit 1\n")
        python.chmod(0o755)
    merge = _driver_merge_with(repo, driver_line(str(python)), tmp_path)
    assert merge.returncode != 0  # a conflict, as it is
    text = (repo / ROADMAP).read_text()
    assert "<<<<<<< ours" in text and "Our title" in text and "Their title" in text
    status = json.loads(run("git", "status", str(repo / "content"), "--json").stdout)
    assert {"path": "posts/2026-06-01-roadmap.md", "state": "conflicted"} in status["files"]


def test_setup_says_what_it_wrote_and_status_warns_of_a_driver_that_cannot_run(
    repo: Path, tmp_path: Path
) -> None:
    setup = run("git", "setup", str(repo / "content"))
    assert "merge.blogtui.driver" in setup.stdout and "git merge-file" in setup.stdout
    assert run("git", "status", str(repo / "content")).stderr == ""
    gone = f"{tmp_path}/gone/bin/python -m blogtui git merge-driver %O %A %B %P"
    git(repo, "config", "merge.blogtui.driver", gone)  # written by an older blogtui
    for command in (("git", "status", str(repo / "content")), ("info", str(repo / "content"))):
        result = run(*command)
        assert result.returncode == 0
        assert "which is gone" in result.stderr and "blogtui git setup" in result.stderr
    git(repo, "config", "--unset", "merge.blogtui.driver")
    assert "no merge.blogtui.driver" in run("git", "status", str(repo / "content")).stderr


def test_a_merge_is_finished_by_git_commit_with_gits_message(repo: Path) -> None:
    merge = _merged_with_the_driver(repo, theirs={"title": "Theirs"}, ours={"title": "Ours"})
    assert merge.returncode != 0
    post = repo / ROADMAP
    post.write_text(post.read_text().replace(
        "<<<<<<< ours\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> theirs\n", "title: Both\n"
    ))  # fmt: skip
    done = run("git", "commit", str(post), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["merge"] is True and report["message"].startswith("Merge branch 'theirs'")
    assert git(repo, "rev-list", "--parents", "-n1", "HEAD").count(" ") == 2  # a merge commit
    assert git(repo, "status", "--short") == ""
    status = json.loads(run("git", "status", str(repo / "content"), "--json").stdout)
    assert status["in_progress"] is None


def test_a_merge_with_conflicts_left_is_not_committed(repo: Path) -> None:
    _merged_with_the_driver(repo, theirs={"title": "Theirs"}, ours={"title": "Ours"})
    done = run("git", "commit", "--all", "--path", str(repo / "content"))
    assert done.returncode == 2 and "still conflicted" in done.stderr


def test_the_diff_of_an_unchanged_committed_post_is_empty(repo: Path) -> None:
    from blogtui.domain.files.git import repository

    found = repository(repo / "content")
    assert found is not None
    assert found.diff(repo / ROADMAP) == ""
    docs = repo / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("---\ntitle: A\n---\n")
    git(repo, "add", "docs")
    git(repo, "commit", "-qm", "docs")
    assert repository(docs) is not None and repository(docs).diff(docs / "a.md") == ""  # type: ignore[union-attr]
    (docs / "new.md").write_text("---\ntitle: N\n---\n")
    assert "+title: N" in found.diff(docs / "new.md")  # untracked: all of it, as new
