"""Git in the app: markers in the list, the branch in the status line, commit with C."""

import shutil
import subprocess
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from blogtui.screens.dialogs import PromptScreen
from blogtui.widgets.post_list import PostList
from tests.conftest import git, init_repo

from .helpers import answer, make_app, screen, settle, status, wait_until

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
ROADMAP = "posts/2026-06-01-roadmap.md"


async def test_markers_follow_changes_and_c_commits_the_post(site: Path) -> None:
    init_repo(site)
    async with make_app(site, watch=True).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        post_list = main.query_one(PostList)
        await wait_until(pilot, lambda: post_list.git_states == {})
        assert "main" in status(pilot)
        path = site / ROADMAP
        path.write_text(path.read_text().replace("Roadmap (draft)", "Roadmap, changed"))
        await wait_until(pilot, lambda: (post_list.git_states or {}).get(ROADMAP) == "modified")
        await wait_until(pilot, lambda: "1 changed" in status(pilot))
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        prompt = pilot.app.screen
        assert prompt.query_one("#prompt-input").value == (  # type: ignore[attr-defined]
            "Update Blog “2026-06-01-roadmap”"
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: post_list.git_states == {}, timeout=15)
    assert git(site, "log", "-1", "--format=%s").strip() == "Update Blog “2026-06-01-roadmap”"


async def test_markers_follow_git_run_elsewhere(site: Path) -> None:
    """A stage, a commit and a checkout in another terminal: no post file changes for the
    watcher to see (it is off here), only the repository, whose stamp the app follows."""
    path = site / ROADMAP
    path.write_text(path.read_text().replace("Roadmap (draft)", "Roadmap, changed"))
    init_repo(site)
    path.write_text(path.read_text().replace("Roadmap, changed", "Roadmap, again"))
    (site / "posts" / "fresh.md").write_text("---\ntitle: Fresh\n---\n")
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        post_list = screen(pilot).query_one(PostList)

        def states() -> dict[str, str]:
            return post_list.git_states or {}

        await wait_until(
            pilot, lambda: states() == {ROADMAP: "modified", "posts/fresh.md": "untracked"}
        )
        git(site, "add", "posts/fresh.md")
        await wait_until(pilot, lambda: states().get("posts/fresh.md") == "added")
        git(site, "commit", "-qam", "elsewhere")
        await wait_until(pilot, lambda: states() == {})
        git(site, "checkout", "-qb", "other")
        await wait_until(pilot, lambda: status(pilot).endswith("other"))


async def test_diff_and_history_then_restore_a_version(site: Path) -> None:
    from blogtui.screens.changes import ChangeSetScreen, HistoryScreen
    from blogtui.screens.main import MainScreen
    from blogtui.widgets.preview import Preview, RenderedLines

    init_repo(site)
    path = site / ROADMAP
    first = path.read_bytes()
    path.write_text(path.read_text().replace("Roadmap (draft)", "Roadmap v2"))
    git(site, "commit", "-qam", "v2")
    path.write_text(path.read_text().replace("Roadmap v2", "Roadmap v3"))
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        await wait_until(pilot, lambda: main.repo is not None)
        await pilot.press("ctrl+d")
        body = main.query_one("#preview-body", RenderedLines)
        await wait_until(pilot, lambda: any("+title: Roadmap v3" in s.text for s in body.lines))
        await pilot.press("ctrl+d")  # back to the post
        await wait_until(pilot, lambda: main.query_one(Preview).post is not None)
        await pilot.press("H")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HistoryScreen))
        history = pilot.app.screen
        assert isinstance(history, HistoryScreen) and len(history.versions) == 2
        await pilot.press("down", "enter")  # the first version
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangeSetScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        await wait_until(pilot, lambda: path.read_bytes() == first)


async def test_commit_on_save_commits_the_saved_post_alone(site: Path) -> None:
    from blogtui.screens.main import MainScreen

    from .test_editing import open_form, set_field

    (site / ".blogtui.toml").write_text("[git]\ncommit_on_save = true\n")
    init_repo(site)
    (site / "unrelated.md").write_text("---\ntitle: Not mine\n---\n")
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        main = screen(pilot)
        await open_form(pilot)
        await wait_until(pilot, lambda: main.repo is not None)
        set_field(pilot, "title", "Saved and committed")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: git(site, "rev-list", "--count", "HEAD") == "2\n", timeout=15
        )
        set_field(pilot, "title", "Saved again")  # still in the form: a commit of its own
        await pilot.press("ctrl+s", "escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
        await wait_until(
            pilot, lambda: git(site, "rev-list", "--count", "HEAD") == "3\n", timeout=15
        )
    assert "roadmap" in git(site, "log", "-1", "--format=%s")
    assert git(site, "status", "--short").splitlines() == ["?? unrelated.md"]


def _conflicted_title(site: Path) -> tuple[Path, str]:
    """The roadmap's title changed two ways on two branches, merged without the driver:
    (the post, its text before)."""
    init_repo(site)
    path = site / ROADMAP
    original = path.read_text()
    git(site, "checkout", "-qb", "theirs")
    path.write_text(original.replace("Roadmap (draft)", "Their roadmap"))
    git(site, "commit", "-qam", "theirs")
    git(site, "checkout", "-q", "main")
    path.write_text(original.replace("Roadmap (draft)", "Our roadmap"))
    git(site, "commit", "-qam", "ours")
    subprocess.run(["git", "merge", "-q", "theirs"], cwd=site, capture_output=True)
    return path, original


async def _on_the_conflicted_post(pilot: Pilot[None]) -> PostList:
    """The app loaded, the roadmap marked conflicted and highlighted: its list."""
    await settle(pilot)
    main = screen(pilot)
    post_list = main.query_one(PostList)
    await wait_until(pilot, lambda: (post_list.git_states or {}).get(ROADMAP) == "conflicted")
    main.select_path(ROADMAP)
    return post_list


async def test_a_conflicted_post_is_resolved_field_by_field(site: Path) -> None:

    path, original = _conflicted_title(site)
    assert "<<<<<<<" in path.read_text()
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        post_list = await _on_the_conflicted_post(pilot)
        await answer(pilot, "e", "theirs")
        await wait_until(pilot, lambda: "<<<<<<<" not in path.read_text())
        await wait_until(pilot, lambda: (post_list.git_states or {}).get(ROADMAP) == "modified")
        # The last conflict resolved: C finishes the merge, with git's message to edit.
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        prompt = pilot.app.screen.query_one(Input)
        assert prompt.value == "Merge branch 'theirs'"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not (site / ".git" / "MERGE_HEAD").exists(), timeout=15)
    assert path.read_text() == original.replace("Roadmap (draft)", "Their roadmap")
    assert len(git(site, "log", "-1", "--format=%p").split()) == 2  # a merge: two parents


async def test_ctrl_r_syncs_and_the_status_line_follows_each_step(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from blogtui.widgets.status_line import StatusLine

    init_repo(site)
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(site), str(remote))
    git(site, "remote", "add", "origin", str(remote))
    git(site, "fetch", "-q")
    git(site, "branch", "-q", "-u", "origin/main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "posts" / "theirs.md").write_text("---\ntitle: Theirs\n---\n")
    git(other, "add", "-A")
    git(other, "-c", "user.name=O", "-c", "user.email=o@e.org", "commit", "-qm", "theirs")
    git(other, "push", "-q")
    shown: list[str] = []
    real = StatusLine.show_git

    def recording(self: StatusLine, line: str) -> None:
        shown.append(line)
        real(self, line)

    monkeypatch.setattr(StatusLine, "show_git", recording)
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "main" in status(pilot))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: (site / "posts" / "theirs.md").exists(), timeout=15)
        await wait_until(pilot, lambda: "sync:" not in status(pilot))
        index = screen(pilot).site.index
        assert index is not None
        await wait_until(pilot, lambda: "posts/theirs.md" in index.posts)
    assert any(line.endswith("sync: pulling from origin/main…") for line in shown)
    assert "sync:" not in shown[-1]  # said while it runs, gone when it is done


async def _choose_then_prompt(pilot: Pilot[None], key: str, choice: str) -> Input:
    """Press `key`, pick `choice` in the question it asks, and give the prompt that follows."""
    await answer(pilot, key, choice)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
    return pilot.app.screen.query_one("#prompt-input", Input)


async def test_a_conflict_can_be_resolved_with_a_line_typed_and_never_broken(site: Path) -> None:
    path, original = _conflicted_title(site)
    conflicted = path.read_text()
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        post_list = await _on_the_conflicted_post(pilot)
        for typed, written in (("title: [Both", False), ("title: Both roadmaps", True)):
            prompt = await _choose_then_prompt(pilot, "e", "edit")
            assert prompt.value == "title: Our roadmap"
            prompt.value = typed
            await pilot.press("enter")
            await settle(pilot)
            if not written:  # a resolution that would not read is never written
                assert path.read_text() == conflicted
        await wait_until(pilot, lambda: (post_list.git_states or {}).get(ROADMAP) == "modified")
    assert path.read_text() == original.replace("Roadmap (draft)", "Both roadmaps")


async def test_c_offers_every_changed_post_and_keeps_their_paths_in_the_body(site: Path) -> None:
    init_repo(site)
    path = site / ROADMAP
    path.write_text(path.read_text().replace("Roadmap (draft)", "Roadmap, changed"))
    (site / "posts" / "fresh.md").write_text("---\ntitle: Fresh\n---\n")
    async with make_app(site).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = screen(pilot)
        post_list = main.query_one(PostList)
        await wait_until(pilot, lambda: len(post_list.git_states or {}) == 2)
        main.select_path(ROADMAP)
        prompt = await _choose_then_prompt(pilot, "C", "all")
        assert prompt.value == "Update Blog “2026-06-01-roadmap” +1"
        prompt.value = "Two posts at once"
        await pilot.press("enter")
        await wait_until(pilot, lambda: post_list.git_states == {}, timeout=15)
    assert git(site, "log", "-1", "--format=%B").strip() == (
        f"Two posts at once\n\nupdate {ROADMAP}\ncreate posts/fresh.md"
    )
    assert git(site, "status", "--porcelain") == ""
