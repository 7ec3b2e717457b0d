"""export, one cell edited, import: one file and one line change, and undo restores every byte."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import CONTENT

BIG = "posts/2026-05-08-big-sites.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.md"))}


def exported(site: Path, *more: str) -> list[dict[str, str]]:
    result = run("export", str(site), "--fields", "title,date,tags,draft", *more)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_one_cell_changes_one_line_of_one_file_and_undo_restores(
    site: Path, tmp_path: Path
) -> None:
    rows = exported(site)
    assert list(rows[0]) == ["path", "title", "date", "tags", "draft"]
    assert len(rows) == 12 and rows[0]["path"] == "posts/2026-06-01-roadmap.md"
    big = next(row for row in rows if row["path"] == BIG)
    assert big["tags"] == "performance; static sites"
    big["title"] = "Ten thousand posts, at once"
    before = files(site)
    sheet = write(tmp_path / "posts.csv", rows)
    assert run("import", str(site), str(sheet), "--dry-run").returncode == 0
    assert files(site) == before
    result = run("import", str(site), str(sheet), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changed"] == 1
    after = files(site)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [BIG]
    old, new = before[BIG].splitlines(), after[BIG].splitlines()
    assert len(old) == len(new) and [n for o, n in zip(old, new, strict=True) if o != n] == [
        b"title: Ten thousand posts, at once"
    ]
    assert run("undo", str(site)).returncode == 0
    assert files(site) == before


def test_lists_round_trip_and_a_json_table_too(site: Path, tmp_path: Path) -> None:
    rows = json.loads(run("export", str(site), "--fields", "tags", "--json").stdout)
    big = next(row for row in rows if row["path"] == BIG)
    big["tags"] = "performance; static sites; speed"
    sheet = tmp_path / "posts.json"
    sheet.write_text(json.dumps(rows), encoding="utf-8")
    assert run("import", str(site), str(sheet)).returncode == 0
    assert "  - speed\n" in (site / BIG).read_text()
    assert exported(site, "--query", "tag:speed")[0]["tags"] == "performance; static sites; speed"


def test_bad_rows_write_nothing_unless_partial(site: Path, tmp_path: Path) -> None:
    rows = exported(site)
    rows[0]["date"] = "banana"
    rows[1]["title"] = "Changed"
    rows.append({"path": "posts/nope.md", "title": "x", "date": "", "tags": "", "draft": ""})
    before = files(site)
    sheet = write(tmp_path / "posts.csv", rows)
    result = run("import", str(site), str(sheet))
    assert result.returncode == 2 and files(site) == before
    lines = result.stderr.splitlines()
    assert any("date: 'banana': not a date" in line for line in lines)
    assert any("posts/nope.md" in line for line in lines)
    typo = write(tmp_path / "typo.csv", [{"path": BIG, "titel": "x"}])
    assert "column 'titel'" in run("import", str(site), str(typo)).stderr
    partial = run("import", str(site), str(sheet), "--partial")
    assert partial.returncode == 1
    after = files(site)
    assert [name for name in before if before[name] != after[name]] == [rows[1]["path"]]
