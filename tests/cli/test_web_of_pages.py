"""links, mv and media through the real command, on small sites of each generator; every
moved byte checked, and every undo back to the original bytes."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from blogtui.domain.site.generator import _detect
from tests.cli.test_cli import run


def write(root: Path, files: Mapping[str, str | bytes]) -> Path:
    _detect.cache_clear()
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".blogtui-journal" not in p.parts
    }


ZOLA = {
    "config.toml": 'base_url = "https://example.org"\n',
    "content/blog/_index.md": '+++\ntitle = "Blog"\n+++\n',
    "content/blog/first.md": (
        '+++\ntitle = "First"\n+++\nRead [the second](@/blog/second.md#part) next.\n'
        "In code, `[not a link](@/blog/second.md)` stays.\n"
    ),
    "content/blog/second.md": '+++\ntitle = "Second"\n+++\nBack to [first](@/blog/first.md).\n',
    "content/about.md": (
        '+++\ntitle = "About"\n+++\nSee [second](@/blog/second.md) and [a](./blog/first.md).\n'
    ),
}


def test_zola_links_incoming_and_outgoing(tmp_path: Path) -> None:
    site = write(tmp_path, ZOLA)
    result = run("links", str(site / "content/blog/second.md"), "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["outgoing"] == [
        {"target": "@/blog/first.md", "line": 4, "resolved": "content/blog/first.md"}
    ]
    assert found["incoming"] == [
        {"path": "content/about.md", "line": 4},
        {"path": "content/blog/first.md", "line": 4},
    ]  # the link in a code span is not one
    assert run("check", str(site), "--only", "link").returncode == 0


def test_zola_move_rewrites_only_link_targets_adds_an_alias_and_undoes(tmp_path: Path) -> None:
    site = write(tmp_path, ZOLA)
    before = tree(site)
    dry = run("mv", str(site / "content/blog/second.md"), str(site / "content/blog/later.md"),
              "--dry-run")  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert tree(site) == before
    result = run("mv", str(site / "content/blog/second.md"), str(site / "content/blog/later.md"),
                 "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["changed"] == 3
    after = tree(site)
    assert "content/blog/second.md" not in after
    assert after["content/blog/later.md"] == before["content/blog/second.md"].replace(
        b'title = "Second"\n', b'title = "Second"\naliases = ["/blog/second/"]\n'
    )
    assert after["content/blog/first.md"] == before["content/blog/first.md"].replace(
        b"(@/blog/second.md#part)", b"(@/blog/later.md#part)"
    )  # the code span's link is left as it was
    assert after["content/about.md"] == before["content/about.md"].replace(
        b"@/blog/second.md", b"@/blog/later.md"
    )
    assert run("undo", str(site)).returncode == 0
    assert tree(site) == before


def test_a_bundle_moves_whole_and_relative_links_follow(tmp_path: Path) -> None:
    site = write(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\n',
            "content/posts/trip/index.md": (
                "---\ntitle: Trip\n---\n![map](map.png) [home](../home.md)\n"
            ),
            "content/posts/trip/map.png": b"\x89PNG\r\n\x1a\n\x00\xff",
            "content/posts/home.md": (
                "---\ntitle: Home\n---\n[trip](trip/index.md) ![m](trip/map.png)\n"
            ),
        },
    )
    before = tree(site)
    result = run("mv", str(site / "content/posts/trip"), str(site / "content/travel/trip"))
    assert result.returncode == 0, result.stderr
    after = tree(site)
    assert after["content/travel/trip/map.png"] == before["content/posts/trip/map.png"]
    assert b"[home](../../posts/home.md)" in after["content/travel/trip/index.md"]
    assert b"![map](map.png)" in after["content/travel/trip/index.md"]  # moved along: unchanged
    assert b"aliases:\n  - /posts/trip/\n" in after["content/travel/trip/index.md"]
    assert after["content/posts/home.md"] == before["content/posts/home.md"].replace(
        b"(trip/index.md)", b"(../travel/trip/index.md)"
    ).replace(b"(trip/map.png)", b"(../travel/trip/map.png)")
    assert not (site / "content/posts/trip").exists()  # the folder left empty is taken away
    assert run("undo", str(site)).returncode == 0
    assert tree(site) == before
    assert not (site / "content/travel").exists()


def test_jekyll_aliases_need_the_plugin_else_the_old_url_404s(tmp_path: Path) -> None:
    files = {
        "_config.yml": "title: x\n",
        "_posts/2024-01-02-hello.md": "---\ntitle: Hello\n---\nHi\n",
        "_posts/2024-02-03-next.md": (
            "---\ntitle: Next\n---\n[prev]({% post_url 2024-01-02-hello %}) "
            "[url](/2024/01/02/hello.html)\n"
        ),
    }
    site = write(tmp_path, files)
    result = run("mv", str(site / "_posts/2024-01-02-hello.md"),
                 str(site / "_posts/2024-01-02-greeting.md"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "/2024/01/02/hello.html will 404" in result.stderr
    next_post = (site / "_posts/2024-02-03-next.md").read_text()
    assert "{% post_url 2024-01-02-greeting %}" in next_post
    assert "(/2024/01/02/greeting.html)" in next_post
    run("undo", str(site))
    write(tmp_path, {"_config.yml": "plugins: [jekyll-redirect-from]\n"})
    result = run("mv", str(site / "_posts/2024-01-02-hello.md"),
                 str(site / "_posts/2024-01-02-greeting.md"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    moved = (site / "_posts/2024-01-02-greeting.md").read_text()
    assert moved == "---\ntitle: Hello\nredirect_from:\n  - /2024/01/02/hello.html\n---\nHi\n"


@pytest.mark.parametrize(
    "target",
    ["../../outside.md", "content/blog/first.md", "content/linked/x.md"],
)
def test_a_move_out_of_the_site_over_a_file_or_through_a_link_is_refused(
    tmp_path: Path, target: str
) -> None:
    site = write(tmp_path / "site", ZOLA)
    os.symlink(tmp_path, site / "content/linked")
    before = tree(site)
    result = run("mv", str(site / "content/blog/second.md"), str(site / target))
    assert result.returncode == 2
    assert result.stderr.startswith("blogtui: error: ") and len(result.stderr.splitlines()) == 1
    assert tree(site) == before and not (tmp_path / "outside.md").exists()


DECAP: dict[str, str | bytes] = {
    "static/admin/config.yml": (
        "backend: {name: git-gateway}\nmedia_folder: static/img\npublic_folder: /img\n"
        "collections:\n  - name: blog\n    folder: content/blog\n    create: true\n"
        "    fields:\n      - {name: title, widget: string}\n"
        "      - {name: featuredimage, widget: image}\n      - {name: hero, widget: image}\n"
    ),
    "static/img/used.jpg": b"jpg",
    "static/img/body.png": b"png",
    "static/img/orphan.gif": b"gif",
    "content/blog/a.md": "---\ntitle: A\nfeaturedimage: /img/used.jpg\nhero: /img/gone.jpg\n---\n"
    "![b](/img/body.png)\n![x](/img/nothing.png)\n",
}


def test_decap_media_used_by_orphans_and_missing(tmp_path: Path) -> None:
    site = write(tmp_path, DECAP)
    result = run("media", str(site), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    used = {entry["path"]: entry["used_by"] for entry in report["files"]}
    assert used["static/img/used.jpg"] == [{"path": "content/blog/a.md", "line": 3, "field": True}]
    assert used["static/img/body.png"] == [{"path": "content/blog/a.md", "line": 6}]
    assert used["static/img/orphan.gif"] == []
    orphans = json.loads(run("media", str(site), "--orphans", "--json").stdout)
    assert [entry["path"] for entry in orphans] == ["static/img/orphan.gif"]
    missing = json.loads(run("media", str(site), "--missing", "--json").stdout)
    assert [(m["target"], m["line"]) for m in missing] == [
        ("/img/gone.jpg", 4),
        ("/img/nothing.png", 7),
    ]


def test_renaming_an_image_rewrites_its_references(tmp_path: Path) -> None:
    site = write(tmp_path, DECAP)
    before = tree(site)
    result = run("mv", str(site / "static/img/used.jpg"), str(site / "static/img/cover.jpg"))
    assert result.returncode == 0, result.stderr
    post = (site / "content/blog/a.md").read_bytes()
    assert post == before["content/blog/a.md"].replace(b"/img/used.jpg", b"/img/cover.jpg")
    assert run("undo", str(site)).returncode == 0
    assert tree(site) == before


HUGO = {
    "hugo.toml": (
        'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n'
        "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n"
        '[permalinks]\nposts = "/:year/:slug/"\n'
    ),
    "content/posts/hello.md": "---\ntitle: Hello\ndate: 2024-01-02\n---\nSee [other](other.md).\n",
    "content/posts/hello.fr.md": "---\ntitle: Bonjour\ndate: 2024-01-02\n---\nSalut\n",
    "content/posts/other.md": (
        "---\ntitle: Other\ndate: 2024-01-03\ntranslationKey: autre\n---\n"
        'Back to [hello](/2024/hello/) and {{< ref "hello" >}}\n'
    ),
    "content/posts/autre.fr.md": "---\ntitle: Autre\ntranslationKey: autre\n---\nx\n",
    "content/posts/solo.md": "---\ntitle: Solo\n---\nx\n",
}


def test_hugo_translations_lang_and_missing(tmp_path: Path) -> None:
    site = write(tmp_path, HUGO)
    rows = {r["path"]: r for r in json.loads(run("list", str(site / "content"), "--json").stdout)}
    assert rows["posts/hello.md"]["lang"] == "en"
    assert rows["posts/hello.md"]["translations"] == ["posts/hello.fr.md"]
    assert rows["posts/hello.fr.md"]["lang"] == "fr"
    assert rows["posts/other.md"]["translations"] == ["posts/autre.fr.md"]  # by translationKey
    assert rows["posts/solo.md"]["translations"] == []
    missing = run("list", str(site / "content"), "--query", "missing:fr", "--json")
    assert [r["path"] for r in json.loads(missing.stdout)] == ["posts/solo.md"]
    french = run("list", str(site / "content"), "--query", "lang:fr", "--json")
    assert sorted(r["path"] for r in json.loads(french.stdout)) == [
        "posts/autre.fr.md",
        "posts/hello.fr.md",
    ]


def test_hugo_urls_by_permalink_and_refs_by_name(tmp_path: Path) -> None:
    site = write(tmp_path, HUGO)
    found = json.loads(run("links", str(site / "content/posts/hello.md"), "--json").stdout)
    assert found["incoming"] == [
        {"path": "content/posts/other.md", "line": 6},
        {"path": "content/posts/other.md", "line": 6},
    ]  # the permalink URL and the ref by name both reach it
    result = run("mv", str(site / "content/posts/hello.md"), str(site / "content/posts/hi.md"))
    assert result.returncode == 0, result.stderr
    other = (site / "content/posts/other.md").read_text()
    assert '[hello](/2024/hello/) and {{< ref "hi" >}}' in other  # its URL is by title: kept


def test_hostile_names_fifos_and_links_out_of_the_site(tmp_path: Path) -> None:
    escape = "b\x1b[2Jc.md"
    site = write(
        tmp_path / "site",
        {
            "config.toml": 'base_url = "x"\n',
            "content/posts/a.md": f'+++\ntitle = "a"\n+++\n[x](@/posts/{escape})\n',
            f"content/posts/{escape}": '+++\ntitle = "b"\n+++\nhi\n',
            "static/fine.png": b"png",
        },
    )
    os.mkfifo(site / "content/posts/fifo.md")
    os.mkfifo(site / "static/pipe.png")
    (tmp_path / "secret.png").write_bytes(b"secret")
    os.symlink(tmp_path / "secret.png", site / "static/secret.png")
    os.symlink(tmp_path, site / "static/outside")
    before = tree(site / "content")
    shown = run("links", str(site / "content/posts/a.md"))
    assert shown.returncode == 0 and "\x1b" not in shown.stdout and "␛" in shown.stdout
    media = json.loads(run("media", str(site), "--json").stdout)
    assert [entry["path"] for entry in media["files"]] == ["static/fine.png"]
    moved = run("mv", str(site / "content/posts" / escape), str(site / "content/posts/c.md"))
    assert moved.returncode == 0, moved.stderr
    assert "\x1b" not in moved.stdout + moved.stderr
    assert (site / "content/posts/a.md").read_text().endswith("[x](@/posts/c.md)\n")
    assert run("undo", str(site)).returncode == 0
    assert tree(site / "content") == before


def test_a_tampered_journal_of_a_move_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    site = write(tmp_path / "site", ZOLA)
    moved = run("mv", str(site / "content/blog/second.md"), str(site / "content/blog/later.md"))
    assert moved.returncode == 0, moved.stderr
    after = tree(site)
    manifest = next((site / ".blogtui-journal").glob("*/manifest.json"))
    data = json.loads(manifest.read_text())
    record = next(r for r in data["files"] if r["moved_to"])
    record["moved_to"] = "../../outside.md"
    manifest.write_text(json.dumps(data))
    result = run("undo", str(site))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert tree(site) == after and not (tmp_path / "outside.md").exists()
