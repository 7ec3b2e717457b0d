"""Time the git status refresh the app runs every second, at 10,000 posts.

python benchmarks/git_status.py [--posts 10000] [--changed 100] [--runs 5]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import bench_arguments, site_of  # noqa: E402

from blogtui.domain.files.git import repository  # noqa: E402


def main() -> None:
    parser = bench_arguments(__doc__, runs=5)
    parser.add_argument("--changed", type=int, default=100)
    args = parser.parse_args()
    source = site_of(args)
    with tempfile.TemporaryDirectory(dir=args.out) as scratch:
        site = Path(scratch) / "site"
        shutil.copytree(source.parent, site)

        def git(*more: str) -> None:
            subprocess.run(["git", *more], cwd=site, check=True, capture_output=True)

        git("init", "-q", "-b", "main")
        git("-c", "user.email=b@e.nch", "-c", "user.name=bench", "add", "-A")
        git("-c", "user.email=b@e.nch", "-c", "user.name=bench", "commit", "-qm", "init")
        repo = repository(site)
        assert repo is not None
        for label in ("clean", f"{args.changed} posts changed"):
            if label != "clean":
                for path in sorted((site / "content" / "posts").rglob("*.md"))[: args.changed]:
                    path.write_text(path.read_text() + "\nedited\n")
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                repo.status()
                times.append(time.perf_counter() - start)
            print(f"| git status refresh, {label} | {statistics.median(times) * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
