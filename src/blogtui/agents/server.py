"""`blogtui mcp [PATH]`: the site's tools for an agent, over the Model Context Protocol (stdio),
with the official SDK. Each tool is described for a model; its answer is structured (with the
unified diff of any write); a failure is one line, and nothing was written."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from blogtui import __version__
from blogtui.agents.engine import ToolFailure
from blogtui.agents.tools import SiteTools

READING = ("list_posts", "read_post", "check", "git_status")

INSTRUCTIONS = """\
A static site's content folder: Markdown posts with frontmatter. Every write goes through
blogtui's lossless engine: only the field or term you change is rewritten, dates and comments
and list styles stay as they were, a post changed since it was read is refused (never
clobbered), and each change is journalled: `undo` takes it back. Paths are relative to the
folder served. Prefer `dry_run: true` first and show the user the diff.
"""

DESCRIPTIONS = {
    "list_posts": "List posts matching a query (words; tag:NAME, category:NAME; status:draft|"
    "scheduled|published|expired; FIELD:VALUE; date:>=2024-03; has:FIELD, no:FIELD; lang:fr, "
    "missing:fr; -TERM to negate; sort:-FIELD). Newest first. `fields` adds those frontmatter "
    "fields to each row; `limit` caps the rows (total says how many matched).",
    "read_post": "Read one post: its frontmatter as data, its body, status, language and "
    "translations, and its links (outgoing, and the posts linking to it).",
    "check": "Validate posts as the site's generator and CMS would (dates, required fields, "
    "links, images, duplicate URLs...). Optionally only under `path`, only some `rules`.",
    "git_status": "The git state of the folder: branch, ahead/behind, changed posts.",
    "set_field": "Set one frontmatter field of one post (`key` may be dotted: seo.title). A "
    "string value is typed like the value it replaces (a date stays a date); numbers, booleans "
    "and lists are taken as given. `delete: true` removes the field. Returns the diff.",
    "bulk": "Change a field in every post a query matches: operation set|unset|add|remove (add "
    "and remove work on lists such as tags). Returns the diff of every file.",
    "rename_term": "Rename a tag (or a term of another taxonomy) in every post; an existing "
    "name merges into it.",
    "publish": "Publish a draft the way the site marks drafts (dated now unless its date is "
    "ahead).",
    "unpublish": "Make a post a draft again, the way the site marks drafts.",
    "schedule": "Set the date a post goes live and clear its draft flag (`when`: 2026-12-01, "
    "'2026-12-01 09:00', 'tomorrow 9:00', +3d, +2h).",
    "create_post": "Create a post from the folder's template, in `folder` (relative). Not a "
    "change set: undo does not remove it.",
    "undo": "Undo the last change set (or the one with this id), byte for byte; a file changed "
    "again since is left as it is and said so.",
    "git_commit": "Commit these posts with a message (else a Decap-style one).",
}


def build_server(folder: Path, read_only: bool = False) -> Any:
    """The MCP server over one folder (only the reading tools when `read_only`)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    tools = SiteTools(folder)
    server = MCPServer("blogtui", instructions=INSTRUCTIONS, version=__version__)

    def register(name: str) -> None:
        method = getattr(tools, name)

        # The method's signature and annotations (through `wraps`) make the tool's JSON schema;
        # a ToolFailure (one line, nothing written) is what the model is shown as the error.
        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> dict[str, Any]:
            try:
                answer: dict[str, Any] = method(*args, **kwargs)
            except ToolFailure as exc:
                raise ToolError(str(exc)) from None
            return answer

        server.add_tool(call, name=name, description=DESCRIPTIONS[name], structured_output=True)

    for name in DESCRIPTIONS:
        if not read_only or name in READING:
            register(name)

    @server.resource("blogtui://site", name="site", mime_type="application/json")
    def site_info() -> str:
        site = tools.site
        return json.dumps(
            {
                "folder": str(site.root),
                "generator": site.info.generator,
                "made_with": site.made_with(),
                "taxonomies": list(site.info.taxonomies),
                "posts": len(tools.index.posts),
                "read_only": read_only,
            }
        )

    @server.resource("blogtui://post/{+path}", name="post", mime_type="application/json")
    def post(path: str) -> str:
        try:
            return json.dumps(tools.read_post(path), default=str)
        except ToolFailure as exc:
            raise ValueError(str(exc)) from None

    return server


def serve(folder: Path, read_only: bool = False) -> None:
    build_server(folder, read_only).run()
