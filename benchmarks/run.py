"""Benchmarks: generate N posts, measure, print a table of medians (see benchmarks/RESULTS.md).

    python benchmarks/run.py --posts 10000          # CLI and app, headless
    python benchmarks/run.py --posts 10000 --tmux   # also in a real terminal through tmux
    python benchmarks/run.py --smoke                # the quick subset CI reports

Figures are reported, never asserted: a shared 2-core machine is too noisy for pass/fail.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floors import beside_floor  # noqa: E402
from generate import MIXES, generate  # noqa: E402

import blogtui  # noqa: E402

Row = tuple[str, float | None, str]


def _time_command(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def _median(runs: int, measure: Callable[[], float | None]) -> float | None:
    values = [measure() for _ in range(runs)]
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def cli_measures(site: Path, runs: int, smoke: bool) -> list[Row]:
    content = site / "content"
    cache_dir = site / "cache"
    env_cold = {**os.environ, "BLOGTUI_CACHE_DIR": str(cache_dir)}
    blogtui = [sys.executable, "-m", "blogtui", "list", str(content), "--json"]

    def cold() -> float:
        shutil.rmtree(cache_dir, ignore_errors=True)
        return _time_command(blogtui, env=env_cold)

    def warm() -> float:
        return _time_command(blogtui, env=env_cold)

    rows: list[Row] = [
        ("blogtui list --json, cold (no cache)", _median(runs, cold), "s"),
    ]
    _time_command(blogtui, env=env_cold)  # fill the cache
    rows.append(("blogtui list --json, warm cache", _median(runs, warm), "s"))
    plain = [sys.executable, str(HERE / "plain_loop.py"), str(content)]
    rows.append(("plain python-frontmatter loop", _median(runs, lambda: _time_command(plain)), "s"))
    hugo = shutil.which("hugo")
    if hugo and not smoke:
        rows.append(
            (
                "hugo list all",
                _median(runs, lambda: _time_command([hugo, "list", "all"], cwd=site)),
                "s",
            )
        )
    elif not hugo:
        rows.append(("hugo list all (hugo not installed)", None, "s"))
    return rows


CRASHED: list[str] = []
"""Probes that failed: the figures are reported, never asserted, but a crash fails the run."""


def _probe_medians(script: str, content: Path, runs: int, env: dict[str, str]) -> list[Row]:
    """Run a probe script `runs` times (a fresh process each) and take each figure's median."""
    samples: dict[str, list[float]] = {}
    for run in range(runs):
        result = subprocess.run(
            [sys.executable, str(HERE / script), str(content)],
            capture_output=True,
            text=True,
            # The UI's stall while 10,000 posts change is measured in the first run only.
            env={**env, "BENCH_STALL": "1"} if run == 0 else env,
            check=False,
        )
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            print(f"{script} failed: {result.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            CRASHED.append(script)
            continue
        for name, value in json.loads(lines[-1]).items():
            samples.setdefault(name, []).append(value)
    return [
        (name, statistics.median(values), "MB" if "MB" in name else "s")
        for name, values in samples.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--smoke", action="store_true", help="the quick subset CI reports")
    parser.add_argument("--no-app", action="store_true", help="only the command line")
    parser.add_argument("--tmux", action="store_true", help="also time the app in tmux")
    parser.add_argument(
        "--index",
        action="store_true",
        help="also time the persistent index in tmux: first and second start, a rare word, "
        "build time and size, beside cat, rg and a bare Textual app (use with --posts 100000)",
    )
    parser.add_argument(
        "--mix", choices=MIXES, default="plain", help="plain: the simplest shape; real: a mix"
    )
    args = parser.parse_args()

    site = args.out / (f"site-{args.posts}" + ("" if args.mix == "plain" else f"-{args.mix}"))
    started = time.perf_counter()
    generate(site, args.posts, mix=args.mix)
    # Timed as users run it, from bytecode: an installed package has it, an editable one
    # writes it on first import; but where PYTHONDONTWRITEBYTECODE is set (this machine), every
    # run would compile blogtui's modules from source (about 50 ms a start).
    compileall.compile_dir(str(Path(blogtui.__file__).parent), quiet=1)
    ready = time.perf_counter() - started
    print(f"{args.posts:,} {args.mix} posts in {site} (ready in {ready:.1f} s)")
    rows = cli_measures(site, args.runs, args.smoke)
    env = {**os.environ, "BLOGTUI_CACHE_DIR": str(site / "cache")}
    if not args.no_app:
        rows += _probe_medians("app_probe.py", site / "content", args.runs, env)
    if args.tmux:
        rows += _probe_medians("tmux_probe.py", site / "content", args.runs, env)
    if args.index:  # the persistent index from nothing, then a second start (one run: minutes)
        rows += _probe_medians("big_probe.py", site / "content", 1, env)
    python = platform.python_version()
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {python}")
    print(f"medians of {args.runs} runs at {args.posts:,} posts ({args.mix} frontmatter)\n")
    width = max(len(name) for name, _, _ in rows)
    figures = {name: value for name, value, _ in rows}
    print(f"| {'measure'.ljust(width)} | median | beside its floor (same run) |")
    print(f"| {'-' * width} | ------ | --------------------------- |")
    for name, value, unit in rows:
        shown = (
            "n/a"
            if value is None
            else (f"{value * 1000:.0f} ms" if unit == "s" else f"{value:.0f} {unit}")
        )
        print(f"| {name.ljust(width)} | {shown} | {beside_floor(name, figures)} |")
    if CRASHED:
        sys.exit(f"probes that crashed: {', '.join(CRASHED)}")


if __name__ == "__main__":
    main()
