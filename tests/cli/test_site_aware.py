"""The command line on held-out-style excerpts of each generator's sites."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import write_files


def jekyll(tmp_path: Path) -> Path:
    return write_files(
        tmp_path,
        {
            "_config.yml": "title: A Jekyll site\n",
            "_posts/2014-11-12-jekyll-2-5-0-released.markdown": (
                "---\nlayout: news_item\ntitle: 'Jekyll 2.5.0 Released'\n"
                "date: 2014-11-12 18:49:08 -0800\ncategory: release\n---\nText.\n"
            ),
            "_posts/2015-01-20-no-title-here.md": "---\ncategories: [release, news]\n---\nHi\n",
            "_posts/2016-02-02-links.md": (
                "---\ntitle: Links\n---\n"
                "{% post_url 2015-01-20-no-title-here %} {% post_url 2099-01-01-gone %}\n"
            ),
            "_drafts/later.md": "---\ntitle: Later\n---\n",
        },
    )


def test_list_json_says_where_titles_and_dates_come_from(tmp_path: Path) -> None:
    rows = {
        row["path"]: row for row in json.loads(run("list", str(jekyll(tmp_path)), "--json").stdout)
    }
    release = rows["_posts/2014-11-12-jekyll-2-5-0-released.markdown"]
    assert (release["title"], release["title_source"]) == ("Jekyll 2.5.0 Released", "field")
    assert release["date_source"] == "field" and release["terms"] == {"categories": ["release"]}
    untitled = rows["_posts/2015-01-20-no-title-here.md"]
    assert (untitled["title"], untitled["title_source"]) == ("No Title Here", "file name")
    assert (untitled["date"], untitled["date_source"]) == ("2015-01-20", "file name")
    assert rows["_drafts/later.md"]["draft"] is True


def test_tags_field_lists_any_taxonomy(tmp_path: Path) -> None:
    site = jekyll(tmp_path)
    result = json.loads(run("tags", str(site), "--field", "categories", "--json").stdout)
    assert result == [{"name": "release", "count": 2}, {"name": "news", "count": 1}]
    singular = json.loads(run("tags", str(site), "--field", "category", "--json").stdout)
    assert singular == result
    assert json.loads(run("tags", str(site), "--json").stdout) == []
    listed = json.loads(run("list", str(site), "--json", "--search", "category:news").stdout)
    assert [row["path"] for row in listed] == ["_posts/2015-01-20-no-title-here.md"]


def test_info_json(tmp_path: Path) -> None:
    result = run("info", str(jekyll(tmp_path)), "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["generator"] == "jekyll" and info["site_root"] == str(tmp_path)
    assert info["drafts"].startswith("a post under _drafts/")
    assert {"name": "categories", "terms": 2, "used": True} in info["taxonomies"]
    assert info["posts"] == 4 and info["decap_config"] is None
    text = run("info", str(tmp_path)).stdout
    assert "generator:   jekyll" in text and "categories (2)" in text


def test_check_is_quiet_where_the_generator_is_fine(tmp_path: Path) -> None:
    result = run("check", str(jekyll(tmp_path)), "--json")
    problems = json.loads(result.stdout)
    assert [(p["path"], p["rule"]) for p in problems] == [("_posts/2016-02-02-links.md", "link")]
    assert "2099-01-01-gone" in problems[0]["message"] and problems[0]["line"] == 4
    assert result.returncode == 0  # a broken link is a warning by default


def test_check_errors_on_a_missing_required_decap_field(tmp_path: Path) -> None:
    site = write_files(
        tmp_path,
        {
            "static/admin/config.yml": (
                "collections:\n  - name: blog\n    folder: content/blog\n    fields:\n"
                "      - {name: title, widget: string}\n"
                "      - {name: author, widget: string}\n"
                "      - {name: summary, widget: text, required: false}\n"
                "      - {name: tags, widget: list, min: 1, max: 2}\n"
            ),
            "content/blog/a.md": "---\ntitle: A\nauthor: Ann\ntags: [x]\n---\n",
            "content/blog/b.md": "---\ntitle: B\ntags: [x, y, z]\n---\n",
        },
    )
    result = run("check", str(site / "content"), "--json")
    assert result.returncode == 1
    problems = [(p["path"], p["rule"], p["field"]) for p in json.loads(result.stdout)]
    assert problems == [("blog/b.md", "required", "author"), ("blog/b.md", "range", "tags")]


def test_the_site_file_says_what_is_wrong_with_it_by_line(tmp_path: Path) -> None:
    site = jekyll(tmp_path)
    (site / ".blogtui.toml").write_text(
        '[check]\nignored = ["x"]\n[check.rules]\nlink = "off"\nspeling = "error"\n'
    )
    result = run("check", str(site))
    assert result.returncode == 0 and "0 warnings" in result.stdout  # link is off
    warnings = result.stderr.splitlines()
    assert warnings[0].endswith(".blogtui.toml:2: unknown setting 'ignored' in [check] (ignored)")
    assert ".blogtui.toml:5: no rule 'speling'" in warnings[1]
    (site / ".blogtui.toml").write_text('[check.rules]\nlink = "loud"\n')
    bad = run("check", str(site))
    assert bad.returncode == 2
    assert ".blogtui.toml:2: check.rules.link must be one of off, warning, error" in bad.stderr
