"""The site's links: every internal link of every post, resolved to the file it reaches under
the generator's own rules, and who links to each file.

A link is resolved as a file (`@/blog/a.md`, `../a.md`, `{{< ref "a" >}}`, `{% link %}`,
`{% post_url %}`, an image) or, when it names no file, as a URL (`/2024/hello/`, `../hello/`)
through every post's public URL and its aliases (`urls`). A file link to no file is broken;
a URL no post has may be a section, a tag page or a file a build makes: not judged.

Paths in the graph are relative to the site's root (where the generator's config is), since a
link may reach beyond the content folder (`static/`, `assets/`).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats.document import Document
from blogtui.domain.site import linkcache
from blogtui.domain.site.generator import SiteInfo, detect
from blogtui.domain.site.linkfork import found_apart
from blogtui.domain.site.linkresolve import Resolution, names_file, stem_of
from blogtui.domain.site.links import is_local, links_in
from blogtui.domain.site.media import field_images
from blogtui.domain.site.schema import SiteConfig
from blogtui.domain.site.translations import Languages, languages_of
from blogtui.domain.site.urls import public_url, url_key

_PAGE_ENDINGS = (".html", ".htm", ".xml", ".php")


@dataclass(frozen=True)
class OutLink:
    """One link of a post, where it is written and what it reaches."""

    kind: str
    """markdown, image, ref, link, post_url (see `links`), or field (a frontmatter image)."""
    target: str
    """As written."""
    line: int
    start: int
    """Where the target starts in the file's text (a move rewrites exactly these characters)."""
    resolved: str | None
    """The file it reaches, relative to the site's root; None when it reaches none we know."""
    broken: bool = False
    """A link to a file that is not there (a URL that no post has is not judged)."""

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "line": self.line, "resolved": self.resolved}


@dataclass
class _Page:
    url: str
    urls: list[str]
    """Its URL and its aliases, as `url_key`s."""
    links: list[OutLink] = field(default_factory=list)


@dataclass
class LinkGraph(Resolution):
    """Every post's links and the reverse, for one content folder."""

    root: Path
    info: SiteInfo
    config: SiteConfig | None = None
    languages: Languages = field(default_factory=Languages)
    pages: dict[str, _Page] = field(default_factory=dict)
    """Site-relative path of each post -> its URL and links."""
    _by_url: dict[str, str] = field(default_factory=dict)
    _by_stem: dict[str, str] = field(default_factory=dict)
    _written: dict[str, list[linkcache.Written]] = field(default_factory=dict, repr=False)
    """The links of the posts read, not yet resolved."""
    _seen: dict[str, bool] = field(default_factory=dict, repr=False)
    """Whether a file exists, by its path from the site's root (asked once per build or
    update: thousands of posts name the same few images)."""

    @classmethod
    def build(
        cls,
        root: Path,
        posts: Iterable[str] | dict[str, tuple[int, int]],
        config: SiteConfig | None = None,
    ) -> LinkGraph:
        """Read these posts (paths relative to `root`) and resolve every link. Given their
        (size, mtime) too, what was found in an unchanged post last time is used unread."""
        graph = cls.empty(root, config)
        stats = posts if isinstance(posts, dict) else None
        kept = linkcache.load(root, graph.conventions) if stats is not None else {}
        fresh: dict[str, linkcache.Entry] = {}
        paths = list(posts)

        def unchanged(path: str) -> bool:
            entry = kept.get(path)
            return entry is not None and stats is not None and tuple(entry[:2]) == stats[path]

        apart = found_apart(graph, [path for path in paths if not unchanged(path)])
        for path in paths:
            if unchanged(path):
                graph._accept(graph.site_path(path), kept[path][2])
                continue
            found = apart[path] if apart is not None else graph.found_in(path)
            if found is not None:
                graph._accept(graph.site_path(path), found)
                if stats is not None:
                    fresh[path] = (*stats[path], found)
        if stats is not None and (fresh or len(kept) != len(stats)):
            keep = {p: kept[p] for p in stats if p in kept and p not in fresh}
            linkcache.save(root, graph.conventions, {**keep, **fresh})
        graph.finish()
        return graph

    @classmethod
    def empty(cls, root: Path, config: SiteConfig | None = None) -> LinkGraph:
        """A graph to `add` posts to, then `finish` (for a caller that reads them anyway)."""
        info = detect(root)
        return cls(root, info, config, languages_of(root, info))

    @functools.cached_property
    def conventions(self) -> str:
        """What a post's URL and links depend on beyond the post (cached findings are used
        only under the same)."""
        facts = [self.info.generator, self.info.config, self.languages, self._places]
        return json.dumps(facts, default=str, sort_keys=True)

    def add(self, path: str, doc: Document, metadata: dict[str, Any]) -> None:
        """A post read by the caller (path under the content folder)."""
        site_path = self.site_path(path)
        self._accept(site_path, self._extract(path, doc, metadata))

    def _extract(self, path: str, doc: Document, metadata: dict[str, Any]) -> linkcache.Found:
        """A post's URLs and links as written (not resolved: that needs every post's URL)."""
        site_path = self.site_path(path)
        url = public_url(self.under_content(site_path), metadata, self.info,
                         self.lang_prefix(path, metadata))  # fmt: skip
        aliases = [a for key in ("aliases", "redirect_from") for a in _strings(metadata.get(key))]
        # The parts' lengths, not `doc.text`: that joins the whole file again at each use.
        head = doc.bom + doc.head + doc.matter + doc.tail
        first_line = head.count("\n") + 1
        written: list[linkcache.Written] = []
        for _, value, start in field_images(doc, metadata, self._places["image_fields"]):
            written.append(("field", value, head.count("\n", 0, start) + 1, start))
        for link in links_in(doc.body):
            if is_local(link.target):
                line = first_line + doc.body.count("\n", 0, link.offset)
                written.append((link.kind, link.target, line, len(head) + link.offset))
        return url, [url_key(u) for u in (url, *aliases)], written

    def _accept(self, site_path: str, found: linkcache.Found) -> None:
        url, urls, written = found
        self.pages[site_path] = _Page(url, list(urls))
        self._written[site_path] = written

    def finish(self) -> None:
        """Resolve the links of every post added, once every URL is known."""
        self._index_urls()
        for site_path in list(self._written):
            self._resolve(site_path)
        self._written.clear()

    @classmethod
    def of_site(cls, folder: Path) -> LinkGraph:
        """The graph of the whole site a content folder belongs to: from the generator's root
        (only what it builds), else from the CMS config's site, else from the folder itself."""
        from blogtui.domain.site.index import scan
        from blogtui.domain.site.schema import ConfigError, load_site_config

        info = detect(folder)
        try:
            config = load_site_config(folder)
        except ConfigError:
            config = None  # the links are still found; the CMS's media folder is not known
        if info.generator != "unknown":
            root = info.site_root
        else:
            root = config.site_root if config is not None else folder
        return cls.build(root, dict(sorted(scan(root).items())), config)

    @property
    def prefix(self) -> str:
        """The content folder's path from the site's root ('' when they are one)."""
        relative = os.path.relpath(os.path.abspath(self.root), os.path.abspath(self.info.site_root))
        return "" if relative == "." or relative.startswith("..") else relative + "/"

    def path_of(self, folder: Path, path: str) -> str:
        """A path under `folder` (the folder opened, as an index gives it) as this graph's
        root knows it."""
        return os.path.relpath(folder / path, self.root).replace(os.sep, "/")

    def site_path(self, path: str) -> str:
        """A path under the content folder, from the site's root."""
        return self.prefix + path

    def update(self, paths: Iterable[str]) -> None:
        """Read these posts again (changed, added or removed); the links of other posts that
        reach them are resolved again (from what was found, without reading those posts)."""
        self._seen.clear()
        came: set[str] = set()
        went: set[str] = set()
        moved_urls = False
        for path in paths:
            site_path = self.site_path(path)
            old = self.pages.pop(site_path, None)
            self._written.pop(site_path, None)
            if (self.root / path).is_file():
                self._read(path)
            new = self.pages.get(site_path)
            moved_urls |= (old.urls if old else []) != (new.urls if new else [])
            if old is None and new is not None:
                came.add(site_path)
            elif new is None and old is not None:
                went.add(site_path)
        self._index_urls()
        for site_path in list(self._written):
            self._resolve(site_path)
        if moved_urls or came or went:
            for site_path, page in self.pages.items():
                if site_path not in self._written:
                    self._reresolve(site_path, page, moved_urls, came, went)
        self._written.clear()

    def updated(self, paths: Iterable[str]) -> LinkGraph:
        """A new graph with these posts read again; this one is left as it was (so that the
        app's threads can go on reading it while the new one is made)."""
        copy = replace(self, pages=dict(self.pages), _written={}, _seen={})
        copy.update(paths)
        return copy

    def to_json(self) -> dict[str, Any]:
        """Every page with its links, resolved (`from_json` makes the graph again)."""
        return {
            path: [page.url, page.urls, [
                [link.kind, link.target, link.line, link.start, link.resolved, link.broken]
                for link in page.links
            ]]
            for path, page in self.pages.items()
        }  # fmt: skip

    @classmethod
    def from_json(cls, root: Path, config: SiteConfig | None, data: dict[str, Any]) -> LinkGraph:
        graph = cls.empty(root, config)
        for path, (url, urls, links) in data.items():
            graph.pages[path] = _Page(url, urls, [OutLink(*link) for link in links])
        graph._index_urls()
        return graph

    def outgoing(self, path: str) -> list[OutLink]:
        """The links of a post (path under the content folder)."""
        page = self.pages.get(self.site_path(path))
        return page.links if page else []

    def incoming(self, site_path: str) -> list[tuple[str, OutLink]]:
        """(site path of the post, link) for every link that reaches this file."""
        return [
            (source, link)
            for source, page in self.pages.items()
            for link in page.links
            if link.resolved == site_path
        ]

    def url_of(self, site_path: str) -> str | None:
        page = self.pages.get(site_path)
        return page.url if page else None

    def found_in(self, path: str) -> linkcache.Found | None:
        """What a post's file says: its URLs and links as written (None: it does not parse)."""
        reading = read_post_file(self.root / path, self.root)
        if reading.doc is None or reading.metadata is None:
            return None
        return self._extract(path, reading.doc, reading.metadata)

    def _read(self, path: str) -> None:
        found = self.found_in(path)
        if found is not None:
            self._accept(self.site_path(path), found)

    def lang_prefix(self, path: str, metadata: dict[str, Any]) -> str | None:
        """The language a post's URL starts with (None for the default one)."""
        if not self.languages.many:
            return None
        from blogtui.domain.site.post import Post

        lang = metadata.get("lang")
        post = Post(path, 0, 0, lang=lang if isinstance(lang, str) else None)
        found = self.languages.lang_of(post)
        return found if found != self.languages.default else None

    def under_content(self, site_path: str) -> str:
        """The path the generator's URL rules start from."""
        if self.info.generator in ("jekyll", "astro"):
            return site_path
        for content in self.info.content_roots:
            relative = os.path.relpath(content, self.info.site_root)
            if relative != "." and site_path.startswith(relative + "/"):
                return site_path[len(relative) + 1 :]
        return site_path

    def _index_urls(self) -> None:
        self._by_url = {key: path for path, page in self.pages.items() for key in page.urls}
        self._by_stem = {stem_of(path): path for path in self.pages}

    def _resolve(self, site_path: str) -> None:
        page = self.pages[site_path]
        found = []
        for kind, target, line, start in self._written[site_path]:
            if kind == "field":
                resolved = self._file(target, site_path)
                found.append(OutLink(kind, target, line, start, resolved, resolved is None))
            else:
                resolved, broken = self._target(kind, target, site_path, page.url)
                found.append(OutLink(kind, target, line, start, resolved, broken))
        page.links = found

    def _reresolve(
        self, site_path: str, page: _Page, urls: bool, came: set[str], went: set[str]
    ) -> None:
        """Resolve again the links that may reach elsewhere now: to a post gone, a post come
        (a broken link may find it), or any URL (when a post's URL changed)."""

        def stale(link: OutLink) -> bool:
            by_url = link.kind in ("markdown", "image") and not names_file(link.target)
            return (urls and by_url) or link.resolved in went or (bool(came) and link.broken)

        if not any(stale(link) for link in page.links):
            return
        relinked = []
        for link in page.links:
            if not stale(link):
                relinked.append(link)
            elif link.kind == "field":
                resolved = self._file(link.target, site_path)
                relinked.append(replace(link, resolved=resolved, broken=resolved is None))
            else:
                resolved, broken = self._target(link.kind, link.target, site_path, page.url)
                relinked.append(replace(link, resolved=resolved, broken=broken))
        # A new page, not the old one changed: a reader of the graph this one was copied from
        # (the preview, in its own thread) never sees it change under it.
        self.pages[site_path] = _Page(page.url, page.urls, relinked)


def _strings(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [str(item) for item in items if isinstance(item, str) and item.strip()]


def dump(folder: str) -> None:
    """Print the graph of a site as JSON (what the app reads it from: built in a process of
    its own, it never competes with the app's keys for the interpreter)."""
    graph = LinkGraph.of_site(Path(folder))
    json.dump({"root": str(graph.root), "pages": graph.to_json()}, sys.stdout)
