"""`blogtui mcp` driven by the official SDK's own client over stdio, as an agent would."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CONTENT

mcp = pytest.importorskip("mcp")

ROADMAP = "posts/2026-06-01-roadmap.md"
TOOLS = {
    "list_posts", "read_post", "set_field", "bulk", "rename_term", "publish", "unpublish",
    "schedule", "create_post", "check", "undo", "git_status", "git_commit",
}  # fmt: skip


def session(folder: Path, *flags: str) -> Callable[[Callable[[Any], Awaitable[Any]]], Any]:
    """Run `body(client session)` against `blogtui mcp folder` over stdio."""
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    async def run(body: Callable[[Any], Awaitable[Any]]) -> Any:
        server = StdioServerParameters(
            command=sys.executable, args=["-m", "blogtui", "mcp", str(folder), *flags]
        )
        async with stdio_client(server) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            return await body(client)

    return lambda body: asyncio.run(run(body))


def data(result: Any) -> Any:
    assert not result.is_error, result.content
    return result.structured_content


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def test_the_tools_and_a_query(site: Path) -> None:
    async def body(client: Any) -> Any:
        names = {tool.name for tool in (await client.list_tools()).tools}
        found = data(await client.call_tool("list_posts", {"query": "tag:editing", "limit": 10}))
        return names, found

    names, found = session(site)(body)
    assert names == TOOLS
    assert found["total"] == 3 and {row["path"] for row in found["posts"]} >= {
        "posts/2026-01-20-editing-safely.md"
    }
    assert all("editing" in [t.casefold() for t in row["tags"]] for row in found["posts"])


def test_set_field_changes_exactly_one_line_and_undo_restores_it(site: Path) -> None:
    before = (site / ROADMAP).read_bytes()

    async def body(client: Any) -> Any:
        dry = data(
            await client.call_tool(
                "set_field",
                {"path": ROADMAP, "key": "title", "value": "Roadmap 2027", "dry_run": True},
            )
        )
        assert (site / ROADMAP).read_bytes() == before and dry["dry_run"]
        done = data(
            await client.call_tool(
                "set_field", {"path": ROADMAP, "key": "title", "value": "Roadmap 2027"}
            )
        )
        after = (site / ROADMAP).read_bytes()
        undone = data(await client.call_tool("undo", {}))
        return dry, done, after, undone

    dry, done, after, undone = session(site)(body)
    assert dry["diff"] == done["diff"] and done["changed"] == 1 and done["id"]
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(before.splitlines()) == len(after.splitlines()) and len(changed) == 1
    assert changed[0][1] == b"title: Roadmap 2027"
    assert undone["changed"] == 1 and (site / ROADMAP).read_bytes() == before


def test_a_path_outside_the_folder_is_refused(site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: secret\n---\n")
    (site / "link.md").symlink_to(secret)

    async def body(client: Any) -> Any:
        results = []
        for path in ("../secret.md", str(secret), "link.md"):
            results.append(await client.call_tool("read_post", {"path": path}))
        results.append(
            await client.call_tool("set_field", {"path": "../secret.md", "key": "t", "value": "x"})
        )
        return results

    for result in session(site)(body):
        assert result.is_error
        assert "outside the folder served" in result.content[0].text or "relative" in (
            result.content[0].text
        )
    assert secret.read_text() == "---\ntitle: secret\n---\n"


def test_read_only_offers_only_reading(site: Path) -> None:
    async def body(client: Any) -> Any:
        names = {tool.name for tool in (await client.list_tools()).tools}
        post = data(await client.call_tool("read_post", {"path": ROADMAP}))
        resource = await client.read_resource("blogtui://site")
        shown = await client.read_resource(f"blogtui://post/{ROADMAP}")
        return names, post, resource, json.loads(shown.contents[0].text)

    names, post, resource, shown = session(site, "--read-only")(body)
    assert shown["path"] == ROADMAP and shown["body"] == post["body"]
    assert names == {"list_posts", "read_post", "check", "git_status"}
    assert post["metadata"]["title"] == "Roadmap (draft)" and post["status"] == "draft"
    assert json.loads(resource.contents[0].text)["posts"] == 12
