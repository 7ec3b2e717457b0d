"""`blogtui mcp` at N posts, through the official SDK's client over stdio (as an agent calls
it): `list_posts` with a tag query, and `set_field` (journalled, then undone), once the server
is warm. Targets (issue 28, at 10,000 posts): list_posts ≤ 150 ms, set_field ≤ 60 ms.

    python benchmarks/mcp_probe.py --posts 10000
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import bench_arguments, site_of  # noqa: E402


async def measure(content: Path, runs: int) -> dict[str, float]:
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    server = StdioServerParameters(
        command=sys.executable, args=["-m", "blogtui", "mcp", str(content)]
    )
    async with stdio_client(server) as (read, write), ClientSession(read, write) as client:
        start = time.perf_counter()
        await client.initialize()
        first = await client.call_tool("list_posts", {"query": "tag:news", "limit": 50})
        started = time.perf_counter() - start
        assert not first.is_error, first.content

        async def timed(name: str, arguments: dict[str, Any]) -> float:
            begin = time.perf_counter()
            result = await client.call_tool(name, arguments)
            assert not result.is_error, result.content
            return time.perf_counter() - begin

        lists = [await timed("list_posts", {"query": "tag:news", "limit": 50}) for _ in range(runs)]
        sets = []
        for number in range(runs):
            path = f"posts/{number // 1000:03d}/post-{number:06d}.md"
            sets.append(
                await timed("set_field", {"path": path, "key": "title", "value": f"T {number}"})
            )
        for _ in range(runs):
            await timed("undo", {})
    return {
        "server start + first list_posts": started,
        "list_posts (tag:news, 50 rows)": statistics.median(lists),
        "set_field (journalled)": statistics.median(sets),
    }


def main() -> None:
    args = bench_arguments(__doc__, runs=10).parse_args()
    content = site_of(args)
    for name, seconds in asyncio.run(measure(content, args.runs)).items():
        print(f"{name:<36} {seconds * 1000:>8.0f} ms")


if __name__ == "__main__":
    main()
