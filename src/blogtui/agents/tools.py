"""What an agent can do with a site, as plain Python over one `Site`: the MCP server only
describes these and carries their answers.

Every write is a change set planned, shown as a unified diff, journalled and applied under the
writers' lock, exactly as `blogtui set`, `bulk`, `tags` and `publish` do: nothing is mangled, a
file changed since it was read is a conflict (left as it is), and `undo` takes it back. Paths,
in arguments and answers, are relative to the folder served; one that leads out of it is
refused before anything is read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from blogtui.agents.engine import Engine, ToolFailure
from blogtui.domain.files.errors import ConflictError, PostReadError, WriteError
from blogtui.domain.formats.dates import parse_date
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.ops import journal
from blogtui.domain.ops.changeset import plan
from blogtui.domain.ops.edit import DELETE, get_path, has_path, load_post, split_key
from blogtui.domain.ops.fieldinput import FieldError, FieldInput, schema_field
from blogtui.domain.ops.manifest import JournalError
from blogtui.domain.site.query import QueryError, filter_posts
from blogtui.domain.site.sorting import sort_posts
from blogtui.domain.site.status import status_of


class SiteTools(Engine):
    """The tools over one site (a content folder), its index loaded once and kept fresh."""

    # -- reading ----------------------------------------------------------------------------

    def list_posts(
        self, query: str = "", fields: list[str] | None = None, limit: int = 50
    ) -> dict[str, Any]:
        self._fresh()
        try:
            parsed = self.site.query(query)
        except QueryError as exc:
            raise ToolFailure(str(exc)) from None
        if fields:
            self.index.fill_fields()
        found = sort_posts(
            filter_posts(self.index.posts.values(), parsed, self.index), "newest", parsed.sort
        )
        translations = self.index.translations()
        rows = []
        for post in found[: max(0, limit)]:
            row = {**post.to_json(), "status": status_of(post, None, parsed.zone)}
            row["lang"] = translations.lang(post.path)
            row["translations"] = translations.others(post.path)
            if fields:
                row["fields"] = {
                    name: get_path(post.fields or {}, name.split(".")) for name in fields
                }
            rows.append(row)
        return {"total": len(found), "shown": len(rows), "posts": rows}

    def read_post(self, path: str) -> dict[str, Any]:
        relative = self._inside(path)
        try:
            post = load_post(self.site.path(relative), self.site.root)
        except (PostReadError, FrontmatterError) as exc:
            raise ToolFailure(f"{relative}: {exc}") from None
        self._fresh([relative])
        row = self.index.posts.get(relative)
        translations = self.index.translations()
        return {
            "path": relative,
            "metadata": _plain(post.metadata),
            "body": post.doc.body,
            "status": status_of(row, None, self.site.zone) if row is not None else None,
            "lang": translations.lang(relative),
            "translations": translations.others(relative),
            "links": self._links(relative),
        }

    def _links(self, relative: str) -> dict[str, Any]:
        graph = self.links()
        site_path = graph.site_path(graph.path_of(self.site.root, relative))
        page = graph.pages.get(site_path)
        top = graph.info.site_root

        def served(path: str | None) -> str | None:  # as every path here: from the folder served
            return None if path is None else self._served(top, path)

        return {
            "outgoing": [
                {"target": link.target, "line": link.line, "resolved": served(link.resolved)}
                for link in (page.links if page else [])
            ],
            "incoming": [
                {"path": served(source), "line": link.line}
                for source, link in graph.incoming(site_path)
            ],
        }

    def check(self, path: str | None = None, rules: list[str] | None = None) -> dict[str, Any]:
        from blogtui.domain.site.check import check_folder
        from blogtui.domain.site.index import scan

        stats = scan(self.site.root)
        if path is not None:
            relative = self._inside(path)
            stats = {
                p: s
                for p, s in stats.items()
                if p == relative or p.startswith(relative.rstrip("/") + "/")
            }
        try:
            settings = self.site.site_file().check
        except ValueError as exc:
            raise ToolFailure(str(exc)) from None
        problems = check_folder(self.site.root, self.site.config, stats, settings, only=rules or ())
        return {"checked": len(stats), "problems": [problem.to_json() for problem in problems]}

    # -- writing ----------------------------------------------------------------------------

    def set_field(
        self, path: str, key: str, value: Any = None, delete: bool = False, dry_run: bool = False
    ) -> dict[str, Any]:
        relative = self._inside(path)
        try:
            post = load_post(self.site.path(relative), self.site.root)
            key_path = tuple(split_key(post.metadata, key))
        except (PostReadError, FrontmatterError) as exc:
            raise ToolFailure(f"{relative}: {exc}") from None
        if delete:
            typed: Any = DELETE
        elif value is None:
            raise ToolFailure("set_field needs a value (or delete: true)")
        elif isinstance(value, str):
            current = get_path(post.metadata, key_path)
            present = has_path(post.metadata, key_path)
            typing = FieldInput(key_path, current, present, schema_field(post.path, list(key_path)))
            try:
                typed = typing.from_command_line(value, False)[0]
            except FieldError as exc:
                raise ToolFailure(f"{relative}: {exc}") from None
        else:
            typed = value  # a number, a boolean, a list: as the model gave it
        changeset = plan(
            self.site.root, [relative], lambda _: {key_path: typed}, f"set {key} in {relative}"
        )
        return self._run(changeset, dry_run)

    def bulk(
        self, query: str, operation: str, key: str, value: str | None = None, dry_run: bool = False
    ) -> dict[str, Any]:
        from blogtui.domain.ops.bulk import plan_bulk

        if operation not in ("set", "unset", "add", "remove"):
            raise ToolFailure("operation is one of set, unset, add, remove")
        if operation != "unset" and value is None:
            raise ToolFailure(f"{operation} needs a value")
        self._fresh()
        try:
            parsed = self.site.query(query)
        except QueryError as exc:
            raise ToolFailure(str(exc)) from None
        paths = [
            p.path
            for p in sort_posts(
                filter_posts(self.index.posts.values(), parsed, self.index), "title"
            )
        ]
        changeset = plan_bulk(self.site.root, paths, operation, key, value, False, schema_field)  # type: ignore[arg-type]
        return self._run(changeset, dry_run)

    def rename_term(
        self, old: str, new: str, taxonomy: str = "tags", dry_run: bool = False
    ) -> dict[str, Any]:
        from blogtui.domain.ops.terms import plan_terms

        self._fresh()
        changeset = plan_terms(self.site.root, taxonomy, [old], new, self.index)
        return self._run(changeset, dry_run)

    def publish(self, path: str, dry_run: bool = False) -> dict[str, Any]:
        from blogtui.domain.ops.publishing import plan_publish

        root, relative = self._top(path)
        return self._run(plan_publish(root, relative, self._now(), False, False, False), dry_run)

    def unpublish(self, path: str, dry_run: bool = False) -> dict[str, Any]:
        from blogtui.domain.ops.publishing import plan_unpublish

        root, relative = self._top(path)
        return self._run(plan_unpublish(root, relative), dry_run)

    def schedule(self, path: str, when: str, dry_run: bool = False) -> dict[str, Any]:
        from blogtui.domain.ops.publishing import parse_when, plan_schedule

        root, relative = self._top(path)
        try:
            moment = parse_when(when, self._now())
        except ValueError as exc:
            raise ToolFailure(str(exc)) from None
        return self._run(plan_schedule(root, relative, moment), dry_run)

    def create_post(
        self,
        title: str,
        folder: str = "",
        tags: list[str] | None = None,
        date: str | None = None,
        draft: bool = False,
    ) -> dict[str, Any]:
        from blogtui.domain.ops.newpost import create_post

        where = self.site.path(self._inside(folder)) if folder else self.site.root
        when = None
        if date:
            parsed = parse_date(date)
            if parsed is None:
                raise ToolFailure(f"date {date!r} is not a date")
            when = parsed.value
        if not title.strip():
            raise ToolFailure("the title is empty")
        try:
            made = create_post(where, title, tags or [], when, self.site.config, draft)
        except (ConflictError, OSError, ValueError) as exc:
            raise ToolFailure(f"cannot create the post: {exc}") from None
        relative = self.site.relative(made)
        self._fresh([relative])
        return {
            "path": relative,
            "content": made.read_text(encoding="utf-8"),
            "note": "a new file: undo does not remove it (delete the file to take it back)",
        }

    def undo(self, change_id: str | None = None) -> dict[str, Any]:
        try:
            entry = journal.find(self.site.root, change_id)
            if entry is None:
                raise ToolFailure(
                    "nothing to undo" if change_id is None else f"no change set {change_id}"
                )
            changeset = journal.undo(self.site.root, entry)
        except (JournalError, WriteError) as exc:
            raise ToolFailure(str(exc)) from None
        changeset.tidy_up()
        return self._report(changeset)

    def git_status(self) -> dict[str, Any]:
        repo = self._repository()
        return repo.status().to_json(repo.top, self.site.root.resolve())  # type: ignore[no-any-return]

    def git_commit(self, paths: list[str], message: str | None = None) -> dict[str, Any]:
        from blogtui.domain.site.commits import message as made_message

        repo = self._repository()
        status = repo.status()
        chosen = [repo.relative(self.site.path(self._inside(path))) for path in paths]
        changed = [path for path in chosen if path in status.files]
        if not changed:
            raise ToolFailure("nothing to commit: those posts have no changes")
        if status.in_progress:
            raise ToolFailure(f"a {status.in_progress} is in progress: finish it with git")
        states = [(repo.top / path, path, status.files[path]) for path in changed]
        text = message or made_message(states, self.site.config)
        return {
            "commit": repo.commit(changed, text, status.files),
            "message": text,
            "files": changed,
        }


def _plain(value: Any) -> Any:
    """Frontmatter as JSON has it (TOML dates become ISO text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value
