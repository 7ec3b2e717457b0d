import datetime as dt
from pathlib import Path

from blogtui.domain.formats.document import parse_matter, split
from blogtui.domain.ops.newpost import create_post
from blogtui.domain.site.check import check_folder
from blogtui.domain.site.schema import infer_fields, load_site_config

WHEN = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone.utc)


def test_config_is_found_upward_and_maps_the_collection(site: Path) -> None:
    config = load_site_config(site / "posts")
    assert config is not None and config.site_root == site.resolve()
    collection = config.collection_for(site / "posts" / "x.md")
    assert collection is not None and collection.name == "blog"
    assert collection.field("templateKey").widget == "hidden"  # type: ignore[union-attr]
    assert collection.field("level").options == ("beginner", "intermediate", "advanced")  # type: ignore[union-attr]
    assert config.media_folder == site.resolve() / "static" / "img"


def test_new_post_follows_the_collection(site: Path) -> None:
    config = load_site_config(site)
    path = create_post(site, "Brand New Post", ["news"], WHEN, config)
    assert path == site.resolve() / "posts" / "2026-11-27-brand-new-post.md"
    text = path.read_text()
    assert text.startswith("---\ntemplateKey: blog-post\ntitle: Brand New Post\n")
    assert "date: 2026-11-27T10:00:00.000Z\n" in text
    assert parse_matter(split(text))["tags"] == ["news"]
    again = create_post(site, "Brand New Post", [], WHEN, config)
    assert again.name == "2026-11-27-brand-new-post-2.md" and path.read_text() == text


def test_a_new_draft_sets_the_collections_draft_field_or_adds_one(
    site: Path, tmp_path: Path
) -> None:
    config = load_site_config(site)
    text = create_post(site, "Draft", [], WHEN, config, draft=True).read_text()
    meta = parse_matter(split(text))
    assert meta["draft"] is True and text.count("draft:") == 1  # the CMS default false replaced
    assert "draft" not in parse_matter(split(create_post(tmp_path, "T", [], WHEN).read_text()))
    loose = parse_matter(split(create_post(tmp_path, "U", [], WHEN, draft=True).read_text()))
    assert loose["draft"] is True


def test_new_post_without_config_and_hostile_titles(tmp_path: Path) -> None:
    for title in ("../../etc/passwd", ".hidden", "a/b\\c\x00d", "x" * 500, "..."):
        path = create_post(tmp_path, title, [], WHEN)
        assert path.parent == tmp_path and not path.name.startswith(".")
        assert len(path.name) < 120 and "\x00" not in path.name
    assert (tmp_path / "2026-11-27-etc-passwd.md").exists()


def test_new_post_follows_a_toml_folder(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text('+++\ntitle = "A"\ndate = "2020-01-02"\n+++\n')
    text = create_post(tmp_path, "T", [], WHEN).read_text()
    assert text.startswith('+++\ntitle = "T"\ndate = "2026-11-27"\n+++')


def test_check_reports_errors_and_warnings(site: Path) -> None:
    assert check_folder(site, load_site_config(site)) == []
    posts = site / "posts"
    (posts / "broken.md").write_text("---\ntitle: [x\n---\n")
    (posts / "untitled.md").write_text("---\ndate: someday\ntags: [a]\ndescription: d\n---\n")
    (posts / "2026-01-05-welcome-to-blogtui.markdown").write_text("---\ntitle: Twin\n---\n")
    (posts / "long.md").write_text(
        f"---\ntitle: {'T' * 61}\ndescription: {'d' * 161}\nfeaturedimage: /img/nope.png\n---\n"
    )
    problems = check_folder(site, load_site_config(site))
    found = {(p.path, p.severity, p.field) for p in problems}
    assert ("posts/broken.md", "error", None) in found
    assert ("posts/untitled.md", "error", "title") in found
    assert ("posts/untitled.md", "error", "date") in found
    assert ("posts/2026-01-05-welcome-to-blogtui.md", "error", "slug") in found
    assert {
        ("posts/long.md", "warning", f) for f in ("title", "description", "tags", "featuredimage")
    } <= found


def test_inferred_schema() -> None:
    fields = infer_fields(
        [
            {
                "title": "a",
                "date": "2020-01-01",
                "draft": True,
                "tags": ["x"],
                "n": 3,
                "heroImage": "/a.png",
            },
            {"title": "b", "date": "2020-01-02", "draft": False, "tags": [], "meta": {"a": 1}},
        ]
    )
    widgets = {f.name: f.widget for f in fields}
    assert widgets == {
        "title": "string",
        "date": "datetime",
        "draft": "boolean",
        "tags": "list",
        "n": "number",
        "heroImage": "image",
        "meta": "object",
    }
    assert [f.name for f in fields][:3] == ["title", "date", "tags"]
