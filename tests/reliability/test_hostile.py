"""Hostile and odd posts through the real command line: exact outcomes, never a hang or a
traceback, never a byte written where it must not be."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from blogtui import cli
from blogtui.domain.files.errors import ConflictError
from blogtui.domain.ops import edit
from tests.cli.test_cli import run

ESCAPES = "\x1b]2;PWNED\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\x9b31m"
YAML_ESCAPES = r"\e]2;PWNED\a\e[2J\e]52;c;ZXZpbA==\a\x9b31m"
"""The same, as YAML's double-quoted escapes spell them (YAML refuses the raw characters)."""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def assert_clean_failure(result: object, status: int = 2) -> None:
    assert getattr(result, "returncode") == status  # noqa: B009
    stderr = getattr(result, "stderr")  # noqa: B009
    assert stderr.count("\n") == 1 and "Traceback" not in stderr


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    write(
        site,
        "evil.md",
        f'---\ntitle: "T{YAML_ESCAPES}"\ntags: ["x{YAML_ESCAPES}"]\n---\nB{ESCAPES}\n',
    )
    write(site, f"name{chr(27)}]2;X{chr(7)}.md", "---\ntitle: odd name\n---\n")
    return site


def test_control_characters_never_reach_the_terminal(hostile: Path) -> None:
    for args in (("list",), ("tags",), ("check",)):
        result = run(*args, str(hostile))
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
        assert "\x9b" not in result.stdout
    listed = run("list", str(hostile)).stdout
    assert "T␛]2;PWNED␇" in listed and "name␛]2;X␇.md" in listed
    # JSON and `show` into a pipe stay exact.
    rows = json.loads(run("list", str(hostile), "--json").stdout)
    assert {row["title"] for row in rows} == {f"T{ESCAPES}", "odd name"}
    assert run("show", str(hostile / "evil.md")).stdout.endswith(f"B{ESCAPES}\n")


def test_dry_run_diffs_info_and_new_never_emit_control_characters(hostile: Path) -> None:
    write(
        hostile, f"n{chr(27)}]2;FN{chr(7)}.md", f"---\ntitle: Plain\ntags: [x]\n---\nB{ESCAPES}\n"
    )
    for args in (
        ("bulk", str(hostile), "--set", "title", "Changed", "--dry-run"),
        ("bulk", str(hostile), "--add", "tags", "y", "--dry-run"),
        ("tags", str(hostile), "--rename", "x", "y", "--dry-run"),
        ("info", str(hostile)),
        ("undo", str(hostile), "--list"),
    ):
        result = run(*args)
        assert result.returncode in (0, 1), (args, result.stderr)
        out = result.stdout + result.stderr
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, args
    diff = run("bulk", str(hostile), "--add", "tags", "y", "--dry-run").stdout
    assert "+++ b/n␛]2;FN␇.md" in diff
    exact = json.loads(
        run("bulk", str(hostile), "--add", "tags", "y", "--dry-run", "--json").stdout
    )
    assert any(f"n{chr(27)}]2;FN{chr(7)}.md" in f["diff"] for f in exact["files"])
    assert run("bulk", str(hostile), "--add", "tags", "y").returncode in (0, 1)
    listing = run("undo", str(hostile), "--list")
    assert "\x1b" not in listing.stdout + listing.stderr


def test_links_out_of_the_site_are_listed_with_an_error_and_never_touched(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / ".git").mkdir()  # the site's top: links must stay below it
    secret = write(tmp_path, "secret.txt", "Host *\n  IdentityFile ~/.ssh/id\n")
    (site / "notes.md").symlink_to(secret)
    rows = json.loads(run("list", str(site), "--json", "--search", "Host").stdout)
    assert rows == []  # its text is never read into search
    (row,) = json.loads(run("list", str(site), "--json").stdout)
    assert row["path"] == "notes.md" and "outside the content folder" in row["error"]
    for args in (("show", "--json"), ("set", "title", "x")):
        result = run(args[0], str(site / "notes.md"), *args[1:])
        assert_clean_failure(result)
        assert "outside the content folder" in result.stderr
    assert secret.read_text() == "Host *\n  IdentityFile ~/.ssh/id\n"


def test_fifos_never_hang_anything(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    os.mkfifo(site / "pipe.md")
    write(site, "real.md", "---\ntitle: Real\n---\n")
    for args in (("list", "--json"), ("check",), ("tags",)):
        result = run(*args, str(site))  # a 60 s timeout: a hang fails the test
        assert result.returncode == 0, result.stderr
    assert [r["path"] for r in json.loads(run("list", str(site), "--json").stdout)] == ["real.md"]
    assert_clean_failure(run("show", str(site / "pipe.md")))
    assert_clean_failure(run("set", str(site / "pipe.md"), "title", "x"))


@pytest.mark.parametrize("offset", ["+2400", "+99:00", "-24"])
def test_far_off_time_zones_are_invalid_dates_not_crashes(tmp_path: Path, offset: str) -> None:
    post = write(tmp_path, "tz.md", f"---\ntitle: TZ\ndate: 2020-01-01T10:00:00{offset}\n---\n")
    (row,) = json.loads(run("list", str(tmp_path), "--json").stdout)
    assert row["date"] is None and row["error"] is None
    assert run("check", str(tmp_path)).returncode in (0, 1)
    assert run("set", str(post), "title", "Fixed").returncode == 0
    assert "title: Fixed" in post.read_text()
    assert_clean_failure(run("set", str(post), "date", "2020-01-01T10:00:00+24:00"))
    assert run("new", str(tmp_path), "--title", "x", "--date", f"2020-01-01T10:00{offset}")


def test_deep_json_is_one_error(tmp_path: Path) -> None:
    post = write(tmp_path, "deep.md", '{"a":' * 1000 + "1" + "}" * 1000 + "\nbody\n")
    (row,) = json.loads(run("list", str(tmp_path), "--json").stdout)
    assert "nested too deeply" in row["error"]
    assert_clean_failure(run("set", str(post), "title", "x"))
    assert json.loads(run("show", str(post), "--json").stdout)["error"]


def test_template_tags_are_a_body_not_broken_json(tmp_path: Path) -> None:
    for start in ("{% raw %}", "{{< note >}}"):
        write(tmp_path, "tpl.md", f"{start}\ntext\n")
        (row,) = json.loads(run("list", str(tmp_path), "--json").stdout)
        assert row["error"] is None


def test_cr_only_files_are_read_and_edited_in_place(tmp_path: Path) -> None:
    post = write(tmp_path, "mac.md", "---\rtitle: Old Mac\rtags: [a]\r---\rbody\r")
    (row,) = json.loads(run("list", str(tmp_path), "--json").stdout)
    assert row["title"] == "Old Mac"
    assert run("set", str(post), "title", "New").returncode == 0
    assert post.read_bytes() == b"---\rtitle: New\rtags: [a]\r---\rbody\r"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("title.x", "1"), "title is a single value, not a mapping"),
        (("tags.0", "x"), "tags is a list, not a mapping"),
        (("date", "tomorrow"), "not a date"),
    ],
)
def test_impossible_edits_are_one_line(tmp_path: Path, args: tuple[str, str], message: str) -> None:
    text = "---\ntitle: A\ntags: [a]\ndate: 2020-01-01\n---\n"
    post = write(tmp_path, "p.md", text)
    result = run("set", str(post), *args)
    assert_clean_failure(result)
    assert message in result.stderr and result.stderr.count(str(post)) == 1
    assert post.read_text() == text


@pytest.mark.parametrize(
    ("value", "written"),
    [("No", "title: 'No'"), ("3.10", "title: '3.10'"), ("#1 tip", "title: '#1 tip'")],
)
def test_set_keeps_a_string_a_string(tmp_path: Path, value: str, written: str) -> None:
    post = write(tmp_path, "p.md", "---\ntitle: Hello\n---\n")
    assert run("set", str(post), "title", value).returncode == 0
    assert written in post.read_text()
    assert run("set", str(post), "title", "- item").returncode == 0
    assert json.loads(run("show", str(post), "--json").stdout)["metadata"]["title"] == "- item"


def test_set_says_when_a_type_changes_and_string_works_anywhere(tmp_path: Path) -> None:
    post = write(tmp_path, "p.md", "---\ntags: [a, b]\nn: 3\n---\n")
    result = run("set", str(post), "tags", "solo")
    assert result.returncode == 0 and "tags was a list, is now a string" in result.stderr
    assert run("set", "--string", str(post), "n", "7").returncode == 0
    assert "n: '7'" in post.read_text()


def test_huge_files_are_refused_quickly(tmp_path: Path) -> None:
    post = tmp_path / "huge.md"
    with post.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    result = run("show", str(post))
    assert_clean_failure(result)
    assert "too large" in result.stderr and len(result.stdout) == 0


def test_duplicate_keys_are_a_check_error(tmp_path: Path) -> None:
    write(tmp_path, "dup.md", "---\ntitle: one\ndate: 2020-01-01\ntitle: two\n---\n")
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert "title is written more than once (lines 2 and 4)" in result.stdout


def test_a_conflict_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    post = write(tmp_path, "p.md", "---\ntitle: A\n---\n")

    def conflicting(*args: object, **kwargs: object) -> None:
        raise ConflictError("changed on disk since it was loaded")

    monkeypatch.setattr(edit, "atomic_write", conflicting)
    assert cli.main(["set", str(post), "title", "B"]) == cli.EXIT_CONFLICT
    assert "changed on disk" in capsys.readouterr().err
    assert "3   the file changed on disk" in run("--help").stdout


def test_a_bug_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    post = write(tmp_path, "p.md", "---\ntitle: A\n---\n")
    monkeypatch.setattr(edit, "verify", lambda *a: 1 / 0)
    assert cli.main(["set", str(post), "title", "B"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError" in err
