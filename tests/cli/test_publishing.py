"""publish, unpublish, schedule, due, list --query and --view through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import write_files


def jekyll(tmp_path: Path) -> Path:
    return write_files(
        tmp_path,
        {
            "_config.yml": "timezone: Europe/Paris\n",
            "_drafts/idea.md": "---\ntitle: Idea\n---\nText\n",
            "_posts/2999-01-01-later.md": (
                "---\ntitle: Later\ndate: 2999-01-01 10:00:00 +0100\n---\n"
            ),
            "_posts/2020-01-01-old.md": "---\ntitle: Old\nweight: 3\nauthor: Jane\n---\n",
            "_posts/2020-02-01-hidden.md": "---\ntitle: Hidden\npublished: false\n---\n",
        },
    )


def rows(site: Path, *args: str) -> dict[str, dict]:
    result = run("list", str(site), "--json", *args)
    assert result.returncode == 0, result.stderr
    return {row["path"]: row for row in json.loads(result.stdout)}


def test_status_and_queries(tmp_path: Path) -> None:
    site = jekyll(tmp_path)
    found = {path: row["status"] for path, row in rows(site).items()}
    assert found == {
        "_drafts/idea.md": "draft",
        "_posts/2999-01-01-later.md": "scheduled",
        "_posts/2020-01-01-old.md": "published",
        "_posts/2020-02-01-hidden.md": "draft",
    }
    assert list(rows(site, "--query", "status:draft sort:title")) == [
        "_posts/2020-02-01-hidden.md",
        "_drafts/idea.md",
    ]
    assert list(rows(site, "--query", "author:jane weight:<5")) == ["_posts/2020-01-01-old.md"]
    assert list(rows(site, "--query", "date:2020-02")) == ["_posts/2020-02-01-hidden.md"]
    bad = run("list", str(site), "--query", "status:soon")
    assert bad.returncode == 2 and "status:soon" in bad.stderr and "Traceback" not in bad.stderr


def test_views_from_the_site_file(tmp_path: Path) -> None:
    site = jekyll(tmp_path)
    (site / ".blogtui.toml").write_text('[views]\n"Not live" = "-status:published"\n')
    assert len(rows(site, "--view", "Not live")) == 3
    missing = run("list", str(site), "--view", "Nope")
    assert missing.returncode == 2 and "Not live" in missing.stderr


def test_publish_schedule_unpublish_and_due(tmp_path: Path) -> None:
    site = jekyll(tmp_path)
    assert run("due", str(site), "--since", "2026-01-01").returncode == 1  # nothing went live
    published = run("publish", str(site / "_drafts" / "idea.md"))
    assert published.returncode == 0, published.stderr
    moved = list((site / "_posts").glob("*-idea.md"))
    assert len(moved) == 1 and not (site / "_drafts" / "idea.md").exists()
    assert "date: " in moved[0].read_text()
    due = run("due", str(site), "--since", "-1", "--json")
    assert due.returncode == 2  # an unreadable WHEN is one clear error
    due = run("due", str(site), "--since", "2026-01-01", "--json")
    assert due.returncode == 0 and [r["title"] for r in json.loads(due.stdout)] == ["Idea"]
    upcoming = run("due", str(site), "--since", "2026-01-01", "--upcoming", "--json")
    assert [r["title"] for r in json.loads(upcoming.stdout)] == ["Later"]
    hidden = site / "_posts" / "2020-02-01-hidden.md"
    scheduled = run("schedule", str(hidden), "2999-06-01 09:00")
    assert scheduled.returncode == 0, scheduled.stderr
    assert hidden.read_text() == (  # `published: false` goes: Jekyll publishes by default
        "---\ntitle: Hidden\ndate: 2999-06-01T09:00:00+02:00\n---\n"
    )
    assert run("schedule", str(hidden), "someday").returncode == 2
    assert run("unpublish", str(hidden)).returncode == 0
    assert "published: false" in hidden.read_text()
    for _ in range(3):
        assert run("undo", str(site)).returncode == 0
    assert (site / "_drafts" / "idea.md").read_text() == "---\ntitle: Idea\n---\nText\n"
    assert hidden.read_text() == "---\ntitle: Hidden\npublished: false\n---\n"
