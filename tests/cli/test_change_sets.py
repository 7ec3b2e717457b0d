"""tags --rename/--merge/--delete/--similar, bulk and undo through the real command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import DATA


def copy_styles(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "styles", tmp_path / "site")
    return tmp_path / "site"


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    site = copy_styles(tmp_path)
    before = files(site)
    result = run("tags", str(site), "--rename", "go", "golang", "--dry-run")
    assert result.returncode == 0 and files(site) == before
    assert "--- a/flow.md\n+++ b/flow.md\n" in result.stdout
    assert '-tags: [Python, "static sites", go]\n+tags: [Python, "static sites", golang]\n' in (
        result.stdout
    )
    assert not (site / ".blogtui-journal").exists()


def test_apply_report_undo_and_exit_statuses(tmp_path: Path) -> None:
    site = copy_styles(tmp_path)
    before = files(site)
    result = run("tags", str(site), "--rename", "python", "Python3", "--json")
    assert result.returncode == 1  # broken.md mentions python and was left as it was
    report = json.loads(result.stdout)
    assert set(report) >= {"id", "changed", "skipped", "files"}
    assert (report["changed"], report["skipped"]) == (7, 1)
    statuses = {f["path"]: f["status"] for f in report["files"]}
    assert statuses["broken.md"] == "error" and statuses["flow.md"] == "changed"
    assert all(set(f) == {"path", "status", "reason", "diff"} for f in report["files"])
    listed = json.loads(run("undo", str(site), "--list", "--json").stdout)
    assert [entry["id"] for entry in listed] == [report["id"]]
    undone = run("undo", str(site))
    assert undone.returncode == 0 and "undo " + report["id"] in undone.stdout
    assert files(site) == before
    assert run("undo", str(site), "nonsense").returncode == 2


def test_merge_delete_and_similar(tmp_path: Path) -> None:
    site = copy_styles(tmp_path)
    similar = json.loads(run("tags", str(site), "--similar", "--json").stdout)
    suggested = {c["suggested"]: {t["name"] for t in c["terms"]} for c in similar}
    assert suggested["python"] == {"python", "Python", "PYTHON", "Python3"}  # one edit apart
    assert {"static sites", "Static Sites", "static-sites"} in suggested.values()
    merged = run("tags", str(site), "--merge", "Static Sites", "static-sites", "--into", "jam")
    assert merged.returncode == 0, merged.stderr
    assert b"tags: [Python, jam, go]" in (site / "flow.md").read_bytes()
    assert run("tags", str(site), "--merge", "x").returncode == 2  # --into is needed
    assert run("tags", str(site), "--delete", "nowhere").returncode == 2
    deleted = run("tags", str(site), "--delete", "rust")
    assert deleted.returncode == 0
    assert b"tags: [PYTHON]\r\n" in (site / "crlf.md").read_bytes()


def test_bulk_over_a_query(tmp_path: Path) -> None:
    site = copy_styles(tmp_path)
    result = run("bulk", str(site), "--tag", "go", "--set", "draft", "true")
    assert result.returncode == 0, result.stderr
    assert b"draft: true" in (site / "flow.md").read_bytes()
    assert b"draft" not in (site / "only.md").read_bytes()
    listed = json.loads(run("list", str(site), "--json", "--search", "draft:true").stdout)
    assert sorted(row["path"] for row in listed) == ["block.md", "both.md", "flow.md"]
    unset = run("bulk", str(site), "--query", "draft:true", "--unset", "draft", "--json")
    assert json.loads(unset.stdout)["changed"] == 3
    assert b"draft" not in (site / "flow.md").read_bytes()
