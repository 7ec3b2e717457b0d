"""The site as a web of pages in the app: who links to a post (and a jump to one), a post's
translations (the preview cycles through them), a new translation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from textual import on, work
from textual.message import Message
from textual.timer import Timer

from blogtui.domain.files.errors import ConflictError, PostReadError, WriteError
from blogtui.domain.files.fsio import create_new, is_inside
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.formats.visible import visible
from blogtui.domain.gcpolicy import quiet_gc
from blogtui.domain.ops.edit import load_post
from blogtui.domain.ops.translating import TranslationError, translation_path, translation_text
from blogtui.domain.site.index import Changes
from blogtui.domain.site.linkgraph import LinkGraph
from blogtui.domain.site.post import Post
from blogtui.screens.dialogs import ChoiceScreen, PromptScreen
from blogtui.screens.form import FormScreen
from blogtui.screens.main.base import MainBase
from blogtui.widgets.preview import Preview

LINKS_AT_START = 5_000
"""Up to this many posts the preview says who links to a post from the start. Measured at
10,000: the graph held 11 MB more and its update on a new 200 KB post slowed that post's
preview from 0.39 to 0.57 s; above this, it is built when first asked (`L`)."""
LINKS_SETTLE = 0.5
"""Seconds without a change before the graph follows the posts changed."""
REBUILD_FROM = 500
"""Posts changed at once from which the graph is made again apart rather than updated here."""
_DUMP = "import sys; from blogtui.domain.site.linkgraph import dump; dump(sys.argv[1])"


class LinksReady(Message):
    """The site's link graph is built (or updated): the preview says who links to a post."""


class WebFeature(MainBase):
    links: LinkGraph | None = None
    """The site's links; None until built (after the index). Replaced whole by each update,
    never changed in place: the preview's worker reads the one it was given."""
    _links_lock = threading.Lock()
    """One build or update at a time, each from the latest graph."""
    _translation_shown: str | None = None
    _pending_links: frozenset[str] = frozenset()
    """Posts changed since the graph last followed them."""
    _links_timer: Timer | None = None

    def _links_at_start(self) -> None:
        """The graph is built after the list is up on sites up to LINKS_AT_START posts; on
        bigger ones when first asked (`L`)."""
        index = self.site.index
        if index is not None and len(index.posts) <= LINKS_AT_START:
            self._build_links()

    @work(thread=True, exclusive=True, group="links")
    def _build_links(self) -> None:
        with self._links_lock:
            self.links = self._graph_made_apart()
        self.post_message(LinksReady())

    def _graph_made_apart(self) -> LinkGraph:
        """The graph, made by a process of its own (every post is read and every link
        resolved: in this one, that would hold the interpreter from the keys for seconds);
        made here only where that process cannot run."""
        command = [sys.executable, "-c", _DUMP, str(self.site.root)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=600, check=True)
            data = json.loads(done.stdout)
            return LinkGraph.from_json(Path(data["root"]), self.site.config, data["pages"])
        except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
            with quiet_gc():
                return LinkGraph.of_site(self.site.root)

    @on(LinksReady)
    def _links_ready(self) -> None:
        self.query_one(Preview).refresh_facts()

    def _links_changed(self, changes: Changes) -> None:
        """Posts changed: the graph follows once the changes settle (a change to 10,000 posts
        arrives in hundreds of batches; following each held the apply back for a minute)."""
        if self.links is None or not changes:
            return
        self._pending_links |= {*changes.added, *changes.changed, *changes.removed}
        if self._links_timer is not None:
            self._links_timer.stop()
        self._links_timer = self.set_timer(LINKS_SETTLE, self._follow_links)

    def _follow_links(self) -> None:
        paths, self._pending_links = sorted(self._pending_links), frozenset()
        self._update_links(paths)

    @work(thread=True, group="links-update", description="updating the links")
    def _update_links(self, paths: list[str]) -> None:
        with self._links_lock:
            graph = self.links
            if graph is None:
                return
            if len(paths) > REBUILD_FROM:  # a change to many posts: made apart, as at start
                self.links = self._graph_made_apart()
            else:
                self.links = graph.updated(graph.path_of(self.site.root, path) for path in paths)
        self.post_message(LinksReady())

    def _shown(self, graph: LinkGraph, site_path: str) -> str:
        """A site path as the list shows it (from the folder opened, when inside it)."""
        relative = os.path.relpath(graph.info.site_root / site_path, self.site.root)
        return site_path if relative.startswith("..") else relative.replace(os.sep, "/")

    def image_files(self, post: Post) -> list[Path]:
        """The image files a post shows (its image fields, then its body's), as resolved."""
        graph = self.links
        if graph is None:
            return []
        links = graph.outgoing(graph.path_of(self.site.root, post.path))
        found = [graph.info.site_root / link.resolved for link in links
                 if link.kind in ("field", "image") and link.resolved is not None]  # fmt: skip
        # Never a link that leads out of the site (a picture of ~/.ssh is not the post's).
        return [path for path in dict.fromkeys(found) if is_inside(path, graph.info.site_root)]

    def post_facts(self, post: Post) -> list[tuple[str, str]]:
        """Lines for the preview's header: the post's language and translations, and who
        links to it (read in the preview's worker: the graph and translations as they are)."""
        facts: list[tuple[str, str]] = []
        index = self.site.index
        if index is not None:
            translations = index.translations()
            lang = translations.lang(post.path)
            if lang is not None:
                others = translations.others(post.path)
                names = ", ".join(f"{translations.lang(p)} ({p})" for p in others) or "none"
                facts.append(("lang", f"{lang} · translations: {names}" + (" · o shows the next"
                              if others else "")))  # fmt: skip
        graph = self.links
        if graph is not None:
            site_path = graph.site_path(graph.path_of(self.site.root, post.path))
            sources = list(dict.fromkeys(source for source, _ in graph.incoming(site_path)))
            if sources:
                shown = ", ".join(self._shown(graph, source) for source in sources[:3])
                more = f" and {len(sources) - 3} more" if len(sources) > 3 else ""
                facts.append(("linked from", f"{_posts(len(sources))}: {shown}{more} · L jumps"))
        return facts

    @work(exclusive=True, group="flow")
    async def action_linked_from(self) -> None:
        post = self.highlighted
        graph = self.links
        if post is None:
            return
        if graph is None:
            self.notify("Reading the site's links: L again once they are in.")
            self._build_links()
            return
        site_path = graph.site_path(graph.path_of(self.site.root, post.path))
        sources = list(dict.fromkeys(source for source, _ in graph.incoming(site_path)))
        if not sources:
            self.notify(f"No post links to {post.path}.")
            return
        # Keys are widget ids: numbers, never the paths themselves.
        options = [
            (f"post-{n}", visible(self._shown(graph, source)))
            for n, source in enumerate(sources[:20])
        ]
        chosen = await self.app.push_screen_wait(
            ChoiceScreen(f"Linked from {_posts(len(sources))}", "Jump to:", options)
        )
        if not chosen:
            return
        source = sources[int(chosen.removeprefix("post-"))]
        relative = os.path.relpath(graph.info.site_root / source, self.site.root)
        relative = relative.replace(os.sep, "/")
        index = self.site.index
        if index is None or relative not in index.posts:
            self.notify(f"{visible(source)} is not in the folder shown.", severity="warning")
            return
        self.browse.clear()
        self._show_query()
        self.select_path(relative)

    def action_cycle_translation(self) -> None:
        post = self.highlighted
        index = self.site.index
        if post is None or index is None:
            return
        translations = index.translations()
        group = [post.path, *translations.others(post.path)]
        if len(group) < 2:
            self.notify("This post has no translation (N makes one).")
            return
        shown = self._translation_shown if self._translation_shown in group else post.path
        following = group[(group.index(shown) + 1) % len(group)]
        self._translation_shown = following
        self.query_one(Preview).show(index.posts[following])

    @work(exclusive=True, group="flow")
    async def action_new_translation(self) -> None:
        post = self.highlighted
        index = self.site.index
        if post is None or index is None:
            return
        translations = index.translations()
        languages = translations.languages
        have = {translations.lang(p) for p in [post.path, *translations.others(post.path)]}
        missing = [code for code in languages.codes if code not in have]
        if not languages.many:
            self.notify("This site has one language: its config declares no others.")
            return
        lang = await self.app.push_screen_wait(
            PromptScreen(
                "New translation: which language?",
                value=missing[0] if missing else "",
                suggestions=missing,
            )
        )
        if not lang:
            return
        try:
            relative = translation_path(languages, post, lang.strip())
            data = translation_text(self.site.root, post, lang.strip(), languages, self.site.config)
            target = self.site.path(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            create_new(target, data)
        except (TranslationError, PostReadError, FrontmatterError, ConflictError, WriteError,
                OSError) as exc:  # fmt: skip
            self.notify(visible(str(exc)), title="No translation made", severity="error")
            return
        self._files_changed([target], target, f"Created {relative}: translate its fields")
        loaded = load_post(target, self.site.root)
        self._open_editor(FormScreen(loaded, relative, self.site), relative)


def _posts(count: int) -> str:
    return f"{count} post" if count == 1 else f"{count} posts"
