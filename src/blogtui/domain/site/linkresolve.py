"""How the link graph resolves a link as the generator would: to a file (`@/`, a relative
or root-relative path, a `ref`, `{% link %}`, `{% post_url %}`, an image), else as a URL through
every post's public URL. The paths are strings relative to the site's root; pages are looked up
before the disk, and each file is asked once per build or update."""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from blogtui.domain.files.postfiles import POST_SUFFIXES
from blogtui.domain.site.links import zola_content
from blogtui.domain.site.media import image_fields
from blogtui.domain.site.urls import resolve_url, url_key

if TYPE_CHECKING:
    from blogtui.domain.site.generator import SiteInfo
    from blogtui.domain.site.schema import SiteConfig

_PAGE_ENDINGS = (".html", ".htm", ".xml", ".php")


class Resolution:
    """The resolving half of `LinkGraph` (which holds the pages and URLs it reads)."""

    root: Path
    info: SiteInfo
    config: SiteConfig | None
    pages: dict[str, Any]
    _by_url: dict[str, str]
    _by_stem: dict[str, str]
    _seen: dict[str, bool]

    def _target(
        self, kind: str, written: str, site_path: str, page_url: str
    ) -> tuple[str | None, bool]:
        target = bare_target(written)
        if not target:
            return None, False
        if kind == "post_url":
            found = self._by_stem.get(target.rpartition("/")[2])
            return found, found is None
        if target.startswith("@/"):
            found = self._existing([posixpath.join(self._places["zola"], target[2:])])
            return found, found is None
        if kind == "link":
            found = self._existing([target.lstrip("/")])
            return found, found is None
        if kind == "ref":
            # A ref names a page: only pages are looked for (no file system call at all).
            found = None
            inner = target.lstrip("/")
            for base in (posixpath.dirname(site_path), *self._places["content"]):
                plain = posixpath.normpath(posixpath.join(base, inner))
                for candidate in (plain, *(plain + s for s in POST_SUFFIXES),
                                  plain + "/index.md", plain + "/_index.md"):  # fmt: skip
                    if candidate in self.pages:
                        found = candidate
                        break
                if found is not None:
                    break
            if found is None:  # Hugo also finds a page by its name alone
                found = self._by_stem.get(stem_of(target))
            return found, found is None
        if names_file(target):
            found = self._file(target, site_path)
            return found, found is None
        return self._by_url.get(url_key(resolve_url(target, page_url))), False

    def _file(self, target: str, site_path: str) -> str | None:
        """A file a post names, where the site would look for it: beside the post, else from
        the site's static, public and media folders, else the content folder."""
        target = bare_target(target)
        relative = target.lstrip("/")

        def candidates() -> Iterator[str]:  # made one at a time: the first usually exists
            if not target.startswith("/"):
                yield posixpath.join(posixpath.dirname(site_path), target)
            media, public = self._places["media"]
            if media and (not public or relative.startswith(public + "/")):
                yield posixpath.join(media[0], relative[len(public) :].lstrip("/"))
            for place in self._places["files"]:
                yield posixpath.join(place, relative) if place else relative

        return self._existing(candidates())

    @functools.cached_property
    def _places(self) -> dict[str, Any]:
        """Where links start from, relative to the site's root (worked out once)."""
        top = os.path.abspath(self.info.site_root)

        def rel(path: Path) -> str:
            found = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
            return "" if found == "." else found

        contents = [rel(self.root), *(rel(c) for c in self.info.content_roots)]
        config = self.config
        media: list[str] = []
        public = ""
        if config is not None and config.media_folder is not None and config.public_folder:
            media, public = [rel(config.media_folder)], config.public_folder.strip("/")
        return {
            "zola": rel(zola_content(self.info)),
            "content": list(dict.fromkeys(contents)),
            "media": (media, public),
            "files": list(dict.fromkeys(["static", "public", "assets", "", *contents])),
            "image_fields": image_fields(config),
        }

    def _existing(self, candidates: Iterable[str]) -> str | None:
        """The first candidate (relative to the site's root) that is a file of the site."""
        for candidate in candidates:
            path = posixpath.normpath(candidate)
            if path == ".." or path.startswith("../") or path.startswith("/"):
                continue  # out of the site: never looked at
            if path in self.pages:
                return path
            known = self._seen.get(path)
            if known is None:
                known = self._seen[path] = os.path.isfile(os.path.join(self.info.site_root, path))
            if known:
                return path
        return None


def bare_target(target: str) -> str:
    if "#" not in target and "?" not in target and "%" not in target:
        return target.strip()  # most links: nothing to take off or decode
    return unquote(target.split("#")[0].split("?")[0]).strip()


def stem_of(path: str) -> str:
    name = path.rpartition("/")[2]
    return name.rpartition(".")[0] or name if "." in name.lstrip(".") else name


def names_file(target: str) -> bool:
    """Whether a link names a file (`a.md`, `cat.png`), not a page's URL (`/a/`, `a.html`)."""
    name = posixpath.basename(bare_target(target))
    return "." in name.strip(".") and not name.lower().endswith(_PAGE_ENDINGS)
