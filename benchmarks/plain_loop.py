"""The baseline: a plain python-frontmatter loop over every post, printing JSON like `list`."""

import json
import sys
from pathlib import Path

import frontmatter

rows = []
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    post = frontmatter.load(str(path))
    rows.append({"path": str(path), "title": post.get("title"), "tags": post.get("tags")})
json.dump(rows, sys.stdout, default=str)
