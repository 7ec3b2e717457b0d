"""What proving an edit costs: a title edit of a 3 KB post, with and without the re-read check.

    python benchmarks/edit_cost.py [--posts 200]

Prints the median time per post to plan the edit (splice), to verify it (re-split and re-parse
the new text, compare every field), and both together; nothing is written.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from generate import post_text

from blogtui.domain.ops.edit import edit_fields, load_post, verify


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(3)
    plan: list[float] = []
    check: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.posts):
            path = Path(folder) / f"p{number}.md"
            path.write_text(post_text(rng, number))
            post = load_post(path)
            start = time.perf_counter()
            edit = edit_fields(post, {("title",): f"Edited {number}"})
            middle = time.perf_counter()
            verify(post, edit)
            plan.append(middle - start)
            check.append(time.perf_counter() - middle)
    size = sum(len(post_text(random.Random(3), n)) for n in range(3)) / 3
    print(f"{args.posts} posts of ~{size / 1024:.1f} KB, median per post:")
    print(f"  splice {statistics.median(plan) * 1e6:7.0f} µs")
    print(f"  verify {statistics.median(check) * 1e6:7.0f} µs")
    total = statistics.median(a + b for a, b in zip(plan, check, strict=True))
    print(f"  total  {total * 1e6:7.0f} µs")


if __name__ == "__main__":
    main()
