"""Posts as a spreadsheet at N posts: `export` of 5 fields, and `import` of 1,000 changed
cells (dry run, apply, then undo). Targets (issue 28, at 10,000 posts): export ≤ 1 s; import of
1,000 cells: dry run ≤ 1 s, apply ≤ 3 s. Beside the floor: `cat` of every post, same run.

    python benchmarks/sheet_probe.py --posts 10000
"""

from __future__ import annotations

import csv
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import bench_arguments, site_of  # noqa: E402

FIELDS = "title,date,tags,description,featuredpost"


def _timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    args = bench_arguments(__doc__, runs=3).parse_args()
    content = site_of(args)
    blogtui = [sys.executable, "-m", "blogtui"]
    cat = f"find {content} -name '*.md' -print0 | xargs -0 cat > /dev/null"
    floor = statistics.median(_timed(["sh", "-c", cat])[0] for _ in range(args.runs))
    exports = [
        _timed([*blogtui, "export", str(content), "--fields", FIELDS]) for _ in range(args.runs)
    ]
    rows = list(csv.DictReader(io.StringIO(exports[0][1])))
    for row in rows[:1000]:
        row["title"] += " (edited)"
    sheet = args.out / "sheet-1000.csv"
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    dry = statistics.median(
        _timed([*blogtui, "import", str(content), str(sheet), "--dry-run"])[0]
        for _ in range(args.runs)
    )
    applied = _timed([*blogtui, "import", str(content), str(sheet)])[0]
    undone = _timed([*blogtui, "undo", str(content)])[0]
    figures = {
        f"export, {len(rows)} posts x 5 fields": statistics.median(t for t, _ in exports),
        "import 1,000 cells, dry run": dry,
        "import 1,000 cells, apply": applied,
        "undo of that import": undone,
    }
    title, ratio = f"at {args.posts} posts", f"× cat ({floor * 1000:.0f} ms)"
    print(f"{title:<36} {'time':>9} {ratio:>14}")
    for name, seconds in figures.items():
        print(f"{name:<36} {seconds * 1000:>7.0f}ms {seconds / floor:>13.1f}×")


if __name__ == "__main__":
    main()
