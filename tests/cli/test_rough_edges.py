"""The command line's rough edges: values that begin with `-`, relative times, status marks,
one journal per site, a term list that never swallows the folder."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run


def posts(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


SITE = {
    "a.md": "---\ntitle: A\ntags: [news]\ndescription: d\ndate: 2020-01-01\n---\n",
    "b.md": "---\ntitle: B\nfeatured: true\ndraft: true\ndate: 2020-01-02\n---\n",
    "c.md": "---\ntitle: C\ndate: 2999-01-01\n---\n",
    "d.md": "---\ntitle: D\ndate: 2020-01-03\nexpiryDate: 2021-01-01\n---\n",
}


def titles(result: object) -> list[str]:
    return sorted(row["title"] for row in json.loads(getattr(result, "stdout")))  # noqa: B009


def test_values_that_begin_with_a_dash(tmp_path: Path) -> None:
    site = posts(tmp_path, SITE)
    for query, expected in (
        ("-tag:news", ["B", "C", "D"]),
        ("-has:description", ["B", "C", "D"]),
        ("-featured", ["A", "C", "D"]),
        ("-draft", ["A", "C", "D"]),
    ):
        for option in ("--query", "--search"):
            result = run("list", str(site), option, query, "--json")
            assert result.returncode == 0, (query, result.stderr)
            assert titles(result) == expected, query
    assert run("set", str(site / "a.md"), "title", "-1").returncode == 0
    assert "title: '-1'\n" in (site / "a.md").read_text()
    assert (
        run("bulk", str(site), "--query", "-draft", "--set", "note", "x", "--dry-run").returncode
        == 0
    )


def test_relative_times(tmp_path: Path) -> None:
    site = posts(tmp_path, SITE)
    for since in ("-1h", "1 hour ago", "-2d", "3 days ago"):
        assert run("due", str(site), "--since", since).returncode == 1  # read; nothing new
    assert run("due", str(site), "--since", "soonish").returncode == 2
    for when in ("in 2 days", "+2d"):
        assert run("schedule", str(site / "a.md"), when).returncode == 0
        assert "S" in run("list", str(site)).stdout.splitlines()[0][:3]


def test_text_list_marks_scheduled_and_expired(tmp_path: Path) -> None:
    site = posts(tmp_path, SITE)
    marks = {
        line.rsplit("(", 1)[1].rstrip(")"): line[:3]
        for line in run("list", str(site)).stdout.splitlines()
    }
    assert marks == {"a.md": "   ", "b.md": "D* ", "c.md": "S  ", "d.md": "X  "}


def test_one_journal_per_site_from_any_folder(tmp_path: Path) -> None:
    site = posts(tmp_path, {"_config.yml": "title: x\n", "_drafts/idea.md": "---\ntitle: I\n---\n"})
    assert run("publish", str(site / "_drafts" / "idea.md")).returncode == 0
    undone = run("undo", str(site / "_posts"))
    assert undone.returncode == 0, undone.stderr
    assert (site / "_drafts" / "idea.md").read_text() == "---\ntitle: I\n---\n"
    hugo = posts(tmp_path / "hugo", {"hugo.toml": "", "content/posts/a.md": "---\ntitle: A\n---\n"})
    assert run("bulk", str(hugo / "content"), "--set", "title", "B").returncode == 0
    assert run("undo", str(hugo)).returncode == 0  # from the site's root
    assert (hugo / "content/posts/a.md").read_text() == "---\ntitle: A\n---\n"
    assert [p.name for p in hugo.iterdir() if p.name.startswith(".")] == [".blogtui-journal"]


def test_a_term_list_never_swallows_the_folder(tmp_path: Path) -> None:
    site = posts(
        tmp_path / "papermod",
        {
            "hugo.toml": "",
            "content/a.md": "---\ntitle: A\ntags: [html, PaperMod]\n---\n",
            "content/b.md": "---\ntitle: B\ntags: [HTML]\n---\n",
        },
    )
    result = run("tags", "--merge", "html", "HTML", str(site), "--into", "html", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "PaperMod" in (site / "content/a.md").read_text()
    assert "+tags: [html]" in result.stdout and "-tags: [html, PaperMod]" not in result.stdout


def test_a_jekyll_word_list_becomes_a_list_for_a_term_with_a_space(tmp_path: Path) -> None:
    site = posts(tmp_path, {"_config.yml": "", "_posts/2020-01-01-a.md": "---\ntags: a b c\n---\n"})
    assert run("tags", str(site), "--rename", "b", "big deal").returncode == 0
    assert (site / "_posts/2020-01-01-a.md").read_text() == (
        "---\ntags:\n  - a\n  - big deal\n  - c\n---\n"
    )
