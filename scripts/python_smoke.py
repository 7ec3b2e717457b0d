"""Drive an installed `blogtui` once through its main commands (CI runs it under the lowest
and highest supported Python): list, check, set and undo on a copy of `content/`.

    python scripts/python_smoke.py PATH/TO/blogtui
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    blogtui = sys.argv[1]
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "content"
        shutil.copytree(ROOT / "content", site)

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([blogtui, *args], capture_output=True, text=True, timeout=120)

        rows = json.loads(run("list", str(site), "--json").stdout)
        post = site / rows[0]["path"]
        before = post.read_bytes()
        steps = [
            ("list", len(rows) > 0),
            ("check", run("check", str(site)).returncode in (0, 1)),
            ("set", run("set", str(post), "title", "Smoke").returncode == 0),
            ("bulk", run("bulk", str(site), "--add", "tags", "smoke").returncode == 0),
            ("undo", run("undo", str(site)).returncode == 0),
        ]
        after = post.read_bytes()
        steps.append(("bytes", b"title: Smoke" in after and after != before))
        failed = [name for name, ok in steps if not ok]
    version = run_version(blogtui)
    print(f"{version}: {'ok' if not failed else 'FAILED ' + ', '.join(failed)}")
    return 1 if failed else 0


def run_version(blogtui: str) -> str:
    python = Path(blogtui).with_name("python")
    done = subprocess.run([str(python), "--version"], capture_output=True, text=True)
    return done.stdout.strip() or done.stderr.strip()


if __name__ == "__main__":
    raise SystemExit(main())
