"""No way out of the site through a linked folder: every command refuses a path whose real
path leaves the site, with one line and exit 2, and writes nothing anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import run

OUT = "---\ntitle: Out\ndraft: true\ntags: [a]\n---\nbody\n"


def outside_state(outside: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(outside.iterdir())}


@pytest.fixture(params=["no marker", "hugo.toml", ".git"])
def linked(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, Path]:
    site = tmp_path / "site"
    content = site / "content"
    outside = tmp_path / "outside"
    content.mkdir(parents=True)
    outside.mkdir()
    (outside / "out.md").write_text(OUT)
    (content / "a.md").write_text("---\ntitle: A\ntags: [a]\n---\n")
    (content / "sub").symlink_to(outside)
    if request.param == "hugo.toml":
        (site / "hugo.toml").write_text('title = "x"\n')
    elif request.param == ".git":
        (site / ".git").mkdir()
    return content, outside


@pytest.mark.parametrize(
    "command",
    [
        ("set", "sub/out.md", "title", "X"),
        ("set", "sub/out.md", "tags", "--delete"),
        ("show", "sub/out.md"),
        ("new", "sub", "--title", "Escapee"),
        ("new", "sub", "--title", "Escapee", "--draft"),
        ("publish", "sub/out.md"),
        ("unpublish", "sub/out.md"),
        ("schedule", "sub/out.md", "2030-01-01"),
    ],
)
def test_a_linked_folder_that_leads_out_is_refused(
    linked: tuple[Path, Path], command: tuple[str, ...]
) -> None:
    content, outside = linked
    before = outside_state(outside)
    result = run(*command, cwd=content)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "outside the content folder" in result.stderr
    assert outside_state(outside) == before  # not a byte written, not a file made


def test_bulk_and_the_listing_never_reach_through_a_linked_folder(
    linked: tuple[Path, Path],
) -> None:
    content, outside = linked
    before = outside_state(outside)
    listed = run("list", str(content), "--json")
    assert '"sub/out.md"' not in listed.stdout
    result = run("bulk", str(content), "--add", "tags", "b")
    assert result.returncode == 0
    assert outside_state(outside) == before


def test_a_cms_folder_that_leads_out_is_never_created_in(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "static" / "admin").mkdir(parents=True)
    (site / "content").mkdir()
    (tmp_path / "outside").mkdir()
    (site / "static" / "admin" / "config.yml").write_text(
        "collections:\n  - name: blog\n    folder: content/posts\n    create: true\n"
        "    fields: [{name: title, widget: string}]\n"
    )
    (site / ".git").mkdir()
    (site / "content" / "posts").symlink_to(tmp_path / "outside")
    for folder in (site / "content", site):
        result = run("new", str(folder), "--title", "Escapee")
        assert list((tmp_path / "outside").iterdir()) == []
        # The collection's folder leads out, so it is not the site's: the post stays here.
        assert result.returncode == 0 and Path(result.stdout.strip()).parent == folder
    result = run("new", str(site / "content" / "posts"), "--title", "Escapee")
    assert result.returncode == 2 and "outside the content folder" in result.stderr
    assert list((tmp_path / "outside").iterdir()) == []
