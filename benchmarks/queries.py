"""Time the query language over 10,000 posts: what one keystroke's filter costs in the app.

    python benchmarks/queries.py [--posts 10000] [--runs 5]

In-process: the filter itself. A keystroke in a real terminal adds the app's own ~40 ms (see
RESULTS.md: tmux, keystroke to updated list, and a bare Textual app beside it).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import bench_arguments, site_of  # noqa: E402

from blogtui.domain.site.index import ContentIndex  # noqa: E402
from blogtui.domain.site.query import filter_posts, parse_query, sort_posts  # noqa: E402

QUERIES = (
    "status:draft",
    "-status:published",
    "tag:news",
    "-tag:news",
    "date:2024",
    "date:>=2024-03 date:<2024-09",
    "has:description",
    "no:featuredimage",
    "featuredpost:true",
    "templateKey:blog",
    "status:published tag:python -has:featuredimage",
    "sort:-title status:published",
    "editor markdown",
)


def main() -> None:
    args = bench_arguments(__doc__, runs=5).parse_args()
    os.environ.setdefault("BLOGTUI_CACHE_DIR", str(args.out / "cache"))
    content = site_of(args)
    index = ContentIndex.load(content)
    posts = list(index.posts.values())
    print(f"| query over {len(posts):,} posts | filter (and sort) |")
    print("| --- | --- |")
    for text in QUERIES:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            query = parse_query(text)
            shown = filter_posts(posts, query, index)
            if query.sort:
                sort_posts(shown, "newest", query.sort)
            times.append(time.perf_counter() - start)
        print(f"| `{text}` | {statistics.median(times) * 1000:.1f} ms ({len(shown):,} posts) |")


if __name__ == "__main__":
    main()
