"""The site as a web of pages at N posts (`generate.py --mix web`): the link graph's build and
update, `mv` of the post with 500 inbound links (dry run, apply, undo), `media --orphans`.

    python benchmarks/web_probe.py --posts 10000

Each figure beside its floor measured in the same run: `cat` of every post (what reading the
site costs at least). Targets (issue 27, at 10,000 posts): graph ≤ 1 s cold, ≤ 20 ms a changed
post; mv dry run ≤ 1 s, apply ≤ 2 s; media --orphans ≤ 1 s.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import OUT, bench_arguments, generate  # noqa: E402

from blogtui.domain.site.linkgraph import LinkGraph  # noqa: E402


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _cat(root: Path) -> float:
    command = f"find {root}/content -name '*.md' -print0 | xargs -0 cat > /dev/null"
    return _timed(["sh", "-c", command])


def measure(root: Path, runs: int) -> list[tuple[str, float, float]]:
    content = root / "content"
    blogtui = [sys.executable, "-m", "blogtui"]
    rows = []
    floor = statistics.median(_cat(root) for _ in range(runs))
    first = []
    for run in range(runs):
        os.environ["BLOGTUI_CACHE_DIR"] = str(root / f"no-cache-{run}-{time.time_ns()}")
        start = time.perf_counter()
        LinkGraph.of_site(content)
        first.append(time.perf_counter() - start)
        shutil.rmtree(os.environ["BLOGTUI_CACHE_DIR"], ignore_errors=True)
    os.environ.pop("BLOGTUI_CACHE_DIR")
    rows.append(("link graph, first build (nothing cached)", statistics.median(first), floor))
    LinkGraph.of_site(content)  # what the next build finds in the cache
    builds = []
    for _ in range(runs):
        start = time.perf_counter()
        graph = LinkGraph.of_site(content)
        builds.append(time.perf_counter() - start)
    rows.append(("link graph, new process (findings cached)", statistics.median(builds), floor))
    updates = []
    for number in range(1, 21):
        path = f"content/posts/000/post-{number:06d}.md"
        with open(root / path, "a", encoding="utf-8") as handle:
            handle.write("\n[again](../000/post-000002.md)\n")
        start = time.perf_counter()
        graph.update([path])
        updates.append(time.perf_counter() - start)
    rows.append(("link graph, one changed post", statistics.median(updates), floor))
    inbound = len(graph.incoming("content/posts/000/post-000000.md"))
    source = str(content / "posts/000/post-000000.md")
    target = str(content / "posts/000/post-moved.md")
    dry = statistics.median(
        _timed([*blogtui, "mv", source, target, "--dry-run"]) for _ in range(runs)
    )
    rows.append((f"mv, {inbound} inbound links: dry run", dry, floor))
    applied = _timed([*blogtui, "mv", source, target])
    rows.append(("mv: apply", applied, floor))
    rows.append(("mv: undo", _timed([*blogtui, "undo", str(root)]), floor))
    orphans = statistics.median(
        _timed([*blogtui, "media", str(root), "--orphans"]) for _ in range(runs)
    )
    rows.append(("media --orphans", orphans, floor))
    return rows


def main() -> None:
    args = bench_arguments(__doc__, runs=3).parse_args()
    root = generate(args.out / f"web-{args.posts}", args.posts, mix="web").parent
    print(f"{'at ' + str(args.posts) + ' posts':<44} {'time':>10} {'floor (cat)':>12} {'ratio':>7}")
    for name, seconds, floor in measure(root, args.runs):
        print(
            f"{name:<44} {seconds * 1000:>8.0f}ms {floor * 1000:>10.0f}ms {seconds / floor:>6.1f}×"
        )


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    main()
