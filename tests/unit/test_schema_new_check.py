import datetime as dt
from pathlib import Path

from blogtui.domain.formats.document import parse_matter, split
from blogtui.domain.ops.newpost import create_post
from blogtui.domain.site.check import check_folder
from blogtui.domain.site.inference import infer_fields
from blogtui.domain.site.schema import load_site_config

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
        f"---\ntitle: {'T' * 91}\ndate: 2020-01-01\nminutes: 3\nfeaturedimage: /img/nope.png\n---\n"
        "See [the tour](2026-01-12-a-keyboard-tour.md) and [a ghost](ghost.md#top).\n"
        "```\n[in code](not-checked.md)\n```\n"
    )
    problems = check_folder(site, load_site_config(site))
    found = {(p.path, p.severity, p.field, p.rule) for p in problems}
    assert ("posts/broken.md", "error", None, "frontmatter") in found
    assert ("posts/untitled.md", "error", "title", "required") in found
    assert ("posts/untitled.md", "error", "date", "date") in found
    assert ("posts/2026-01-05-welcome-to-blogtui.md", "error", "slug", "duplicate-url") in found
    assert ("posts/long.md", "error", "title", "pattern") in found
    assert ("posts/long.md", "error", "tags", "required") in found
    assert ("posts/long.md", "warning", "featuredimage", "media") in found
    links = [p for p in problems if p.rule == "link"]
    assert [(p.path, p.line) for p in links] == [("posts/long.md", 7)]
    assert "ghost.md" in links[0].message
    # Not noise: no "description missing" (the CMS does not require it), no length warnings.
    assert not any(p.field == "description" for p in problems)
    lines = {(p.path, p.field): p.line for p in problems}
    assert lines[("posts/long.md", "featuredimage")] == 5
    assert lines[("posts/untitled.md", "date")] == 2


def test_check_rules_are_chosen_and_set_by_the_site_file(site: Path) -> None:
    from blogtui.domain.site.sitefile import load_site_file

    posts = site / "posts"
    (posts / "a.md").write_text("---\ntitle: A\ntags: [x]\nfeaturedimage: /img/nope.png\n---\n")
    (posts / "skip").mkdir()
    (posts / "skip" / "b.md").write_text("---\ndate: never\n---\n")
    config = load_site_config(site)
    rules = {p.rule for p in check_folder(site, config)}
    assert {"media", "required", "date"} <= rules
    assert {p.rule for p in check_folder(site, config, only=["media"])} == {"media"}
    assert "media" not in {p.rule for p in check_folder(site, config, skip=["media"])}
    (site / ".blogtui.toml").write_text(
        '[check]\nignore = ["posts/skip/*"]\n[check.rules]\nmedia = "error"\nrequired = "off"\n'
    )
    settings = load_site_file(site).check
    problems = check_folder(site, config, settings=settings)
    assert {(p.rule, p.severity) for p in problems} == {("media", "error")}


def test_check_follows_the_generator(tmp_path: Path) -> None:
    """A Hugo site: section pages, headless bundles and refs are fine; a draft twin is not."""
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n')
    content = tmp_path / "content"
    (content / "posts" / "bundle").mkdir(parents=True)
    (content / "posts" / "_index.md").write_text("---\ncascade:\n  type: blog\n---\n")
    (content / "headless").mkdir()
    (content / "headless" / "index.md").write_text("---\nheadless: true\n---\n")
    (content / "posts" / "bundle" / "index.md").write_text(
        "---\nTitle: Bundle\ndate: 2020-01-01\n---\n"
        '{{< ref "first" >}} {{< relref "/posts/first.md" >}} {{< ref "nowhere" >}}\n'
    )
    (content / "posts" / "first.md").write_text("---\ntitle: First\ndate: 2020-01-01\n---\n")
    (content / "posts" / "first-old.md").write_text(
        "---\ntitle: First\ndate: 2019-01-01\ndraft: true\n---\n"
    )
    problems = check_folder(content, None)
    assert [(p.path, p.rule) for p in problems] == [
        ("posts/bundle/index.md", "link"),
        ("posts/first-old.md", "draft-twin"),
    ]
    assert "nowhere" in problems[0].message


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


def test_inferred_schema_follows_the_generator_and_never_narrows_a_mixed_field() -> None:
    posts = [
        {"title": "a", "issue": 12, "weight": "3", "Aliases": ["/old/"]},
        {"title": "b", "issue": "https://example.org/issues/7", "weight": 5},
        {"title": "c", "issue": 9},
    ]
    hugo = {f.name: f.widget for f in infer_fields(posts, "hugo")}
    assert hugo["issue"] == "string"  # numbers in two posts, a URL in one: text for all
    assert hugo["weight"] == "number" and hugo["Aliases"] == "list"
    assert {f.name: f.widget for f in infer_fields(posts)}["weight"] == "string"


def test_a_number_typed_where_a_number_was_stays_a_number() -> None:
    from blogtui.domain.ops.form import FormField, parse_value
    from blogtui.domain.site.schema import Field

    text = Field("issue", "string", required=False)
    assert parse_value(FormField(text, True, 12), "13") == 13
    assert parse_value(FormField(text, True, 12), " 1.5 ") == 1.5
    assert parse_value(FormField(text, True, 12), "https://x.org/1") == "https://x.org/1"
    assert parse_value(FormField(text, True, "12"), "13") == "13"
    assert parse_value(FormField(text, True, True), "1") == "1"


def test_two_posts_with_one_url_and_hugo_dates_in_any_case(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n')
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: A\nurl: /about/\n---\n")
    (content / "b.md").write_text("---\ntitle: B\nurl: about\nExpiryDate: soon\n---\n")
    found = {(p.path, p.rule, p.field) for p in check_folder(content, None)}
    assert found == {
        ("a.md", "duplicate-url", "url"),
        ("b.md", "duplicate-url", "url"),
        ("b.md", "date", "ExpiryDate"),
    }
