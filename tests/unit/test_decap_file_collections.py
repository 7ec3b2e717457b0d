"""Decap `files:` collections (the starter's landing, about and products pages) are read like
folder ones: their labels, widgets, hidden fields, check rules and commit messages."""

from __future__ import annotations

from pathlib import Path

from blogtui.domain.ops.form import plan_fields, schema_for
from blogtui.domain.site.check import check_folder
from blogtui.domain.site.commits import message
from blogtui.domain.site.schema import load_site_config

CONFIG = """collections:
  - name: blog
    label: Blog
    folder: src/pages/blog
    create: true
    fields: [{name: title, label: Title}]
  - name: pages
    label: Pages
    files:
      - file: src/pages/about/index.md
        label: About Page
        name: about
        fields:
          - {label: Template Key, name: templateKey, widget: hidden, default: about-page}
          - {label: Title, name: title, widget: string}
          - {label: Body, name: body, widget: markdown}
      - file: src/pages/index.md
        label: Landing Page
        name: index
        fields:
          - {label: Heading, name: heading, widget: string}
          - {label: Main, name: main, widget: object, fields: [{name: heading}]}
"""


def starter(tmp_path: Path) -> Path:
    (tmp_path / "static" / "admin").mkdir(parents=True)
    (tmp_path / "static" / "admin" / "config.yml").write_text(CONFIG)
    (tmp_path / "gatsby-config.js").write_text("")
    for name, text in {
        "src/pages/about/index.md": "---\ntemplateKey: about-page\ntitle: About us\n---\nHi\n",
        "src/pages/index.md": "---\ntitle: Home\nmain: {heading: Great}\n---\n",
        "src/pages/blog/a.md": "---\ntitle: A\n---\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_each_file_has_its_own_fields_labels_and_hidden_ones(tmp_path: Path) -> None:
    root = starter(tmp_path)
    config = load_site_config(root)
    assert config is not None
    about = root / "src/pages/about/index.md"
    collection = config.collection_for(about)
    assert collection is not None and (collection.label, collection.entry) == (
        "About Page",
        "about",
    )
    rows = plan_fields(schema_for(about, root, config), {"templateKey": "about-page", "title": "A"})
    assert [(r.name, r.field.label, r.widget) for r in rows] == [("title", "Title", "string")]
    landing = config.collection_for(root / "src/pages/index.md")
    assert landing is not None and landing.label == "Landing Page"
    assert config.collection_for(root / "src/pages/blog/a.md").name == "blog"  # type: ignore[union-attr]
    assert config.collection_to_create_in(root).name == "blog"  # type: ignore[union-attr]


def test_check_and_commit_messages_know_the_file_entries(tmp_path: Path) -> None:
    root = starter(tmp_path)
    config = load_site_config(root)
    found = {(p.path, p.rule, p.field) for p in check_folder(root, config, only=["required"])}
    assert found == {("src/pages/index.md", "required", "heading")}
    about = root / "src/pages/about/index.md"
    assert message([(about, "src/pages/about/index.md", "modified")], config) == (
        "Update Pages “about”"
    )
