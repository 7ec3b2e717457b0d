"""Two writers at once: count the edits lost when two `blogtui set`s change one post together.

Each round writes a post with fields `a` and `b`, then runs `set POST a N` and `set POST b N`
at the same moment and checks that both values landed. Losses must be 0.

    python benchmarks/race.py --rounds 1000                 # two real `blogtui` processes
    python benchmarks/race.py --rounds 1000 --size-mb 4     # on a 4 MB post
    python benchmarks/race.py --rounds 1000 --mode fork     # forked writers released together

`cli` mode runs the command line as users do. `fork` mode forks two already-started writers and
releases them through one pipe, so their saves overlap within microseconds: the harsher test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass
class Outcome:
    rounds: int = 0
    lost: int = 0
    failed: int = 0
    seconds: float = 0.0

    def line(self, label: str) -> str:
        per_round = self.seconds / max(self.rounds, 1) * 1000
        return (
            f"{label}: {self.rounds} rounds, {self.lost} lost edits, {self.failed} failed "
            f"commands, {self.seconds:.1f} s ({per_round:.0f} ms a round)"
        )


def make_post(path: Path, size_mb: float) -> None:
    body = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 1).encode()
    repeat = max(int(size_mb * 1024 * 1024 / len(body)), 1) if size_mb else 1
    path.write_bytes(b"---\ntitle: Race\na: 0\nb: 0\n---\n" + body * repeat)


def _cli_pair(path: Path, value: int) -> list[int]:
    command = [sys.executable, "-m", "blogtui", "set", str(path)]
    writers = [
        subprocess.Popen([*command, key, str(value)], stderr=subprocess.PIPE) for key in "ab"
    ]
    return [writer.wait() for writer in writers]


def _fork_pair(path: Path, value: int) -> list[int]:
    from blogtui.cli import main

    read_end, write_end = os.pipe()
    pids = []
    for key in "ab":
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(write_end)
            os.read(read_end, 1)  # released together with the other writer
            code = 1
            try:
                code = main(["set", str(path), key, str(value)])
            finally:
                os._exit(code)
        pids.append(pid)
    os.close(read_end)
    os.write(write_end, b"go")
    os.close(write_end)
    return [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]


def run(rounds: int, size_mb: float, mode: str, folder: Path) -> Outcome:
    path = folder / "race.md"
    outcome = Outcome()
    pair = _fork_pair if mode == "fork" else _cli_pair
    start = time.perf_counter()
    for number in range(1, rounds + 1):
        make_post(path, size_mb)
        codes = pair(path, number)
        outcome.failed += sum(1 for code in codes if code != 0)
        text = path.read_text(encoding="utf-8")
        matter = yaml.safe_load(text.split("---\n")[1])
        outcome.lost += (matter.get("a") != number) + (matter.get("b") != number)
        outcome.rounds += 1
    outcome.seconds = time.perf_counter() - start
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--size-mb", type=float, default=0.0, help="body size (0: a small post)")
    parser.add_argument("--mode", choices=("cli", "fork"), default="cli")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="blogtui-race-") as folder:
        outcome = run(args.rounds, args.size_mb, args.mode, Path(folder))
    size = f"{args.size_mb:g} MB post" if args.size_mb else "small post"
    print(outcome.line(f"{args.mode}, {size}"))
    return 1 if outcome.lost or outcome.failed else 0


if __name__ == "__main__":
    sys.exit(main())
