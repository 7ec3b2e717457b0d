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

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from blogtui.domain.files.postfiles import POST_SUFFIXES
from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats.document import Document
from blogtui.domain.site.generator import SiteInfo, detect
from blogtui.domain.site.links import Link, is_local, links_in, zola_content
from blogtui.domain.site.media import field_images, image_fields
from blogtui.domain.site.schema import SiteConfig
from blogtui.domain.site.translations import Languages, languages_of
from blogtui.domain.site.urls import public_url, resolve_url, url_key

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
class LinkGraph:
    """Every post's links and the reverse, for one content folder."""

    root: Path
    info: SiteInfo
    config: SiteConfig | None = None
    languages: Languages = field(default_factory=Languages)
    pages: dict[str, _Page] = field(default_factory=dict)
    """Site-relative path of each post -> its URL and links."""
    _by_url: dict[str, str] = field(default_factory=dict)
    _by_stem: dict[str, str] = field(default_factory=dict)
    _texts: dict[str, tuple[Document, dict[str, Any]]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, root: Path, posts: Iterable[str], config: SiteConfig | None = None) -> LinkGraph:
        """Read these posts (paths relative to `root`) and resolve every link."""
        graph = cls.empty(root, config)
        for path in posts:
            graph._read(path)
        graph.finish()
        return graph

    @classmethod
    def empty(cls, root: Path, config: SiteConfig | None = None) -> LinkGraph:
        """A graph to `add` posts to, then `finish` (for a caller that reads them anyway)."""
        info = detect(root)
        return cls(root, info, config, languages_of(root, info))

    def add(self, path: str, doc: Document, metadata: dict[str, Any]) -> None:
        """A post read by the caller (path under the content folder)."""
        site_path = self.site_path(path)
        url = public_url(self.under_content(site_path), metadata, self.info,
                         self.lang_prefix(path, metadata))  # fmt: skip
        aliases = [a for key in ("aliases", "redirect_from") for a in _strings(metadata.get(key))]
        self.pages[site_path] = _Page(url, [url_key(u) for u in (url, *aliases)])
        self._texts[site_path] = (doc, metadata)

    def finish(self) -> None:
        """Resolve the links of every post added, once every URL is known."""
        self._index_urls()
        for site_path in list(self._texts):
            self._resolve(site_path)
        self._texts.clear()

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
        return cls.build(root, sorted(scan(root)), config)

    @property
    def prefix(self) -> str:
        """The content folder's path from the site's root ('' when they are one)."""
        relative = os.path.relpath(os.path.abspath(self.root), os.path.abspath(self.info.site_root))
        return "" if relative == "." or relative.startswith("..") else relative + "/"

    def site_path(self, path: str) -> str:
        """A path under the content folder, from the site's root."""
        return self.prefix + path

    def update(self, paths: Iterable[str]) -> None:
        """Read these posts again (changed, added or removed)."""
        moved_urls = False
        for path in paths:
            site_path = self.site_path(path)
            old = self.pages.pop(site_path, None)
            self._texts.pop(site_path, None)
            if (self.root / path).is_file():
                self._read(path)
            new = self.pages.get(site_path)
            moved_urls |= (old.urls if old else []) != (new.urls if new else [])
        self._index_urls()
        todo = list(self.pages) if moved_urls else list(self._texts)
        for site_path in todo:
            if site_path in self._texts:
                self._resolve(site_path)
            else:  # only its URL links can have changed: their text is not needed again
                self._reresolve_urls(site_path)
        self._texts.clear()

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

    def _read(self, path: str) -> None:
        reading = read_post_file(self.root / path, self.root)
        if reading.doc is not None and reading.metadata is not None:
            self.add(path, reading.doc, reading.metadata)

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
        self._by_stem = {PurePosixPath(path).stem: path for path in self.pages}

    def _resolve(self, site_path: str) -> None:
        doc, metadata = self._texts[site_path]
        page = self.pages[site_path]
        body_start = len(doc.text) - len(doc.body)
        first_line = doc.text.count("\n", 0, body_start) + 1
        found = []
        for name, value, start in field_images(doc, metadata, image_fields(self.config)):
            line = doc.text.count("\n", 0, start) + 1
            resolved = self._file(value, site_path, image=True)
            found.append(OutLink("field", value, line, start, resolved, resolved is None))
            del name
        for link in links_in(doc.body):
            if not is_local(link.target):
                continue
            line = first_line + doc.body.count("\n", 0, link.offset)
            resolved, broken = self._target(link, site_path, page.url)
            found.append(OutLink(link.kind, link.target, line, body_start + link.offset,
                                 resolved, broken))  # fmt: skip
        page.links = found

    def _reresolve_urls(self, site_path: str) -> None:
        page = self.pages[site_path]
        page.links = [
            link if link.kind not in ("markdown", "image") or link.broken or _is_file(link.target)
            else OutLink(link.kind, link.target, link.line, link.start,
                         self._by_url.get(url_key(resolve_url(_bare(link.target), page.url))))
            for link in page.links
        ]  # fmt: skip

    def _target(self, link: Link, site_path: str, page_url: str) -> tuple[str | None, bool]:
        target = _bare(link.target)
        if not target:
            return None, False
        if link.kind == "post_url":
            found = self._by_stem.get(PurePosixPath(target).name)
            return found, found is None
        if target.startswith("@/"):
            return self._existing([zola_content(self.info) / target[2:]])
        folder = self.info.site_root / PurePosixPath(site_path).parent
        if link.kind == "link":
            return self._existing([self.info.site_root / target.lstrip("/")])
        if link.kind == "ref":
            bases = [folder, self.root, *self.info.content_roots]
            candidates = []
            for base in bases:
                plain = base / target.lstrip("/")
                candidates += [plain, *(plain.with_name(plain.name + s) for s in POST_SUFFIXES)]
                candidates += [plain / "index.md", plain / "_index.md"]
            resolved = self._existing(candidates)[0]
            if resolved is None:  # Hugo also finds a page by its name alone
                resolved = self._by_stem.get(PurePosixPath(target).stem)
            return resolved, resolved is None
        if _is_file(target):
            resolved = self._file(target, site_path, image=link.kind == "image")
            return resolved, resolved is None
        return self._by_url.get(url_key(resolve_url(target, page_url))), False

    def _file(self, target: str, site_path: str, image: bool = False) -> str | None:
        """A file a post names, where the site would look for it: beside the post, else from
        the site's static, public and media folders, else the content folder."""
        target = _bare(target)
        site_root = self.info.site_root
        candidates = []
        if not target.startswith("/"):
            candidates.append(site_root / PurePosixPath(site_path).parent / target)
        relative = target.lstrip("/")
        config = self.config
        if config is not None and config.media_folder is not None and config.public_folder:
            public = config.public_folder.strip("/")
            if not public or relative.startswith(public + "/"):
                candidates.append(config.media_folder / relative[len(public) :].lstrip("/"))
        places = ("static", "public", "assets", "")
        candidates += [site_root / place / relative for place in places]
        candidates += [self.root / relative, *(c / relative for c in self.info.content_roots)]
        return self._existing(candidates)[0]

    def _existing(self, candidates: Iterable[Path]) -> tuple[str | None, bool]:
        top = os.path.abspath(self.info.site_root)
        for candidate in candidates:
            path = os.path.normpath(os.path.abspath(candidate))
            if (path == top or path.startswith(top + os.sep)) and os.path.isfile(path):
                return Path(os.path.relpath(path, top)).as_posix(), False
        return None, True


def _bare(target: str) -> str:
    return unquote(target.split("#")[0].split("?")[0]).strip()


def _is_file(target: str) -> bool:
    """Whether a link names a file (`a.md`, `cat.png`), not a page's URL (`/a/`, `a.html`)."""
    name = posixpath.basename(_bare(target))
    return "." in name.strip(".") and not name.lower().endswith(_PAGE_ENDINGS)


def _strings(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [str(item) for item in items if isinstance(item, str) and item.strip()]
