"""Time a change to many posts: rename a tag used by 1,000 of 10,000 posts, apply it, undo it.

    python benchmarks/change_sets.py [--posts 10000] [--users 1000] [--runs 3]

Beside it, the floor every safe write pays: a temp file written, fsynced and renamed over the
post, then the folder fsynced, for the same number of files.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import bench_arguments, site_of  # noqa: E402

from blogtui.domain.ops import journal  # noqa: E402
from blogtui.domain.ops.bulk import plan_bulk  # noqa: E402
from blogtui.domain.ops.terms import plan_terms  # noqa: E402
from blogtui.domain.site.index import ContentIndex  # noqa: E402


def fsync_floor(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        temp = path.with_name("." + path.name + ".floor")
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return time.perf_counter() - start


def one_run(source: Path, users: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(dir=source.parent.parent) as scratch:
        site = Path(scratch) / "site"
        shutil.copytree(source.parent, site)
        content = site / "content"
        index = ContentIndex.load(content, workers=1)
        chosen = sorted(index.posts)[:: max(1, len(index.posts) // users)][:users]
        journal.apply(plan_bulk(content, chosen, "add", "tags", "bench-tag"))
        ContentIndex.load(content)  # the metadata cache is warm, as in the app
        figures: dict[str, float] = {}
        start = time.perf_counter()
        index = ContentIndex.load(content, with_text=False)
        changeset = plan_terms(content, "tags", ["bench-tag"], "Bench Tag", index)
        first_screen = "".join(change.diff() for change in changeset.changed[:10])
        figures["plan + first screen of the diff"] = time.perf_counter() - start
        assert first_screen and changeset.count("changed") == users, changeset.summary
        start = time.perf_counter()
        changeset.diff()
        figures["whole diff rendered"] = time.perf_counter() - start
        start = time.perf_counter()
        journal.apply(changeset)
        figures["apply (journal + every file)"] = time.perf_counter() - start
        entry = journal.find(content, changeset.id)
        assert entry is not None
        start = time.perf_counter()
        undone = journal.undo(content, entry)
        figures["undo"] = time.perf_counter() - start
        assert undone.count("changed") == users
        paths = [content / path for path in chosen]
        figures["fsync floor (write, fsync, rename, fsync folder)"] = fsync_floor(paths)
        return figures


def main() -> None:
    parser = bench_arguments(__doc__, runs=3)
    parser.add_argument("--users", type=int, default=1_000)
    args = parser.parse_args()
    os.environ.setdefault("BLOGTUI_CACHE_DIR", str(args.out / "cache"))
    source = site_of(args)
    runs = [one_run(source, args.users) for _ in range(args.runs)]
    print(f"rename a tag used by {args.users:,} of {args.posts:,} posts; medians of {args.runs}")
    for name in runs[0]:
        value = statistics.median(run[name] for run in runs)
        print(f"| {name} | {value * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
