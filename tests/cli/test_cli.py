"""The command line through a real subprocess, as scripts use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "blogtui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_list_json_rows(site: Path) -> None:
    result = run("list", str(site), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 12
    first = rows[0]
    assert set(first) >= {"path", "title", "date", "tags", "draft", "error"}
    assert first["path"] == "posts/2026-06-01-roadmap.md" and first["draft"] is True
    assert rows[-1]["date"] == "2026-01-05T09:00:00.000Z"


def test_list_filters_and_sorts(site: Path) -> None:
    def paths(*args: str) -> list[str]:
        return [row["path"] for row in json.loads(run("list", str(site), "--json", *args).stdout)]

    assert len(paths("--tag", "basics")) == 3
    assert len(paths("--tag", "basics", "--tag", "editing")) == 0
    assert len(paths("--tag", "basics", "--tag", "editing", "--any")) == 6
    assert paths("--search", "TAG:roadmap") == ["posts/2026-06-01-roadmap.md"]
    assert paths("--search", "atomic") == ["posts/2026-01-20-editing-safely.md"]
    titles = [
        row["title"]
        for row in json.loads(run("list", str(site), "--json", "--sort", "title").stdout)
    ]
    assert titles == sorted(titles, key=str.casefold)


def test_default_folder_is_content(site: Path) -> None:
    result = run("list", "--json", cwd=site.parent)
    assert len(json.loads(result.stdout)) == 12


def test_show_json(tricky: Path) -> None:
    shown = json.loads(run("show", str(tricky / "toml.md"), "--json").stdout)
    assert shown["metadata"]["title"] == "TOML post" and shown["body"] == "Hugo body.\n"
    assert shown["metadata"]["date"] == "2023-07-13T10:00:00+01:00" and shown["error"] is None
    broken = json.loads(run("show", str(tricky / "broken.md"), "--json").stdout)
    assert broken["error"] and "title: [unclosed" in broken["body"]


def test_set_is_lossless_and_typed(tricky: Path) -> None:
    path = tricky / "comments.md"
    before = path.read_bytes()
    assert run("set", str(path), "title", "New: title").returncode == 0
    after = path.read_bytes()
    assert after == before.replace(b"'Single: quoted'", b"'New: title'")
    run("set", str(path), "nested.math.enable", "false")
    assert b"    enable: false\n" in path.read_bytes()
    run("set", str(path), "count", "2017")
    run("set", str(path), "label", "2017", "--string")
    shown = json.loads(run("show", str(path), "--json").stdout)["metadata"]
    assert shown["count"] == 2017 and shown["label"] == "2017"
    run("set", str(path), "count", "--delete")
    assert "count" not in json.loads(run("show", str(path), "--json").stdout)["metadata"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "{tricky}/broken.md", "title", "x"), "does not parse"),
        (("set", "{tricky}/latin1.md", "title", "x"), "not UTF-8"),
        (("set", "{tricky}/missing.md", "title", "x"), "no such file"),
        (("set", "{tricky}/comments.md", "tags", "[a, b"), "not valid YAML"),
        (("list", "{tricky}/nope"), "no such folder"),
        (("show", "{tricky}"), "is a folder"),
        (("list", "--sort", "sideways"), "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tricky: Path, args: tuple[str, ...], message: str
) -> None:
    before = {p.name: p.read_bytes() for p in tricky.iterdir()}
    result = run(*(a.format(tricky=tricky) for a in args))
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in tricky.iterdir()} == before


def test_new_prints_the_path_and_never_overwrites(site: Path) -> None:
    args = (
        "new",
        str(site),
        "--title",
        "Brand New Post",
        "--date",
        "2026-11-27T10:00:00Z",
        "--tag",
        "x",
    )
    made = run(*args)
    assert made.returncode == 0, made.stderr
    first = Path(made.stdout.strip())
    written = first.read_bytes()
    again = run(*args)
    assert again.returncode == 0, again.stderr
    second = Path(again.stdout.strip())
    assert first.name == "2026-11-27-brand-new-post.md"
    assert second.name == "2026-11-27-brand-new-post-2.md"
    assert first.parent.name == "posts" and first.read_bytes() == written  # never overwritten
    assert b"title: Brand New Post" in written and second.read_bytes() == written


def test_check_and_tags(site: Path) -> None:
    ok = run("check", str(site))
    assert ok.returncode == 0 and "0 errors" in ok.stdout
    (site / "posts" / "bad.md").write_text("---\ntitle: [\n---\n")
    bad = run("check", str(site), "--json")
    assert bad.returncode == 1
    (problem,) = json.loads(bad.stdout)
    assert problem == {
        "path": "posts/bad.md",
        "severity": "error",
        "field": None,
        "message": "YAML frontmatter does not parse: line 3: did not find expected node content",
        "rule": "frontmatter",
        "line": 3,
    }
    plain = run("check", str(site)).stdout.splitlines()
    assert plain[0].startswith("posts/bad.md:3: error: ") and plain[0].endswith("[frontmatter]")
    assert plain[-1] == "13 posts checked: 1 errors, 0 warnings (frontmatter 1)"
    github = run("check", str(site), "--format", "github")
    assert github.returncode == 1
    (annotation,) = github.stdout.splitlines()
    assert (
        annotation.startswith("::error file=")
        and ",line=3,title=blogtui frontmatter::" in annotation
    )
    assert annotation.endswith(
        "posts/bad.md,line=3,title=blogtui frontmatter::YAML frontmatter does not parse%3A "
        "line 3%3A did not find expected node content [frontmatter]"
    )
    assert run("check", str(site), "--only", "nonsense").returncode == 2
    tags = json.loads(run("tags", str(site), "--json").stdout)
    assert tags[0] == {"name": "basics", "count": 3}


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("blogtui ")
    assert "list" in run("--help").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["check"],
        ["tags", "--similar"],
        ["info"],
        ["bulk", "--tag", "basics", "--set", "level", "beginner", "--dry-run"],
        ["tags", "--rename", "basics", "Basics"],
        ["undo", "--list"],
    ],
)
def test_scripting_commands_do_not_import_textual(site: Path, args: list[str]) -> None:
    argv = [args[0], str(site), *args[1:]]
    code = (
        "import sys, io, contextlib\n"
        "from blogtui.cli import main\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        f"    main({argv!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("[]"), result.stdout + result.stderr


def test_the_folder_opened_for_a_post_is_its_content_folder(tmp_path: Path) -> None:
    from blogtui.cli import _content_folder_of

    post = tmp_path / "site" / "content" / "posts" / "a.md"
    assert _content_folder_of(post) == tmp_path / "site" / "content"
    loose = tmp_path / "notes" / "b.md"
    assert _content_folder_of(loose) == tmp_path / "notes"
