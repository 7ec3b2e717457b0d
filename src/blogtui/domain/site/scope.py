"""What a site builds: opened at a site's root, blogtui lists the generator's content only.

A repository's top holds `README.md`, `CONTRIBUTING.md`, a pull-request template: documents
about the site, never pages of it. Each generator says where its content is:

- Hugo: `contentDir` (and each language's own `contentDir`);
- Zola: `content/`;
- Astro: `src/pages/`, `src/content/`, and every content-layer collection's `base`;
- Gatsby: `content/`, `src/pages/`;
- Eleventy: its input folder, minus `.eleventyignore`, `_includes`, `_data` and the output;
- Jekyll: the whole site minus `exclude:` (and Jekyll's own defaults), minus the `_` folders it
  does not render (all but `_posts`, `_drafts` and the collections), minus `_site`; a file
  with no front matter is copied, not rendered, and is left out after reading (`is_page`).

A Decap CMS config adds its collections' folders and files. Opened anywhere below the root
(the content folder itself), everything under the folder is listed, as before.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain.site.generator import SiteInfo, detect
from blogtui.domain.site.schema import ConfigError, load_site_config

JEKYLL_DEFAULT_EXCLUDES = (
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
    "vendor/bundle", "vendor/cache", "vendor/gems", "vendor/ruby", "_site",
)  # fmt: skip
JEKYLL_RENDERED = ("_posts", "_drafts")


@dataclass(frozen=True)
class Scope:
    """The part of an opened folder that the generator builds."""

    generator: str
    includes: tuple[str, ...] = ()
    """Relative folders (and files) that hold content; () with `everything`."""
    everything: bool = False
    """The whole folder is content, less `excludes`."""
    excludes: tuple[str, ...] = ()
    """Relative paths, folders or glob patterns never content."""
    needs_frontmatter: bool = False
    """Jekyll: a file with no front matter is a static file, not a page."""

    def admits(self, relative: str) -> bool:
        """Whether the file at `relative` (with `/`) is content of the site."""
        if not self.everything and not any(
            relative == top or relative.startswith(top + "/") for top in self.includes
        ):
            return False
        return not self._excluded(relative)

    def descends(self, relative: str) -> bool:
        """Whether the folder at `relative` may hold content (the scan skips it otherwise)."""
        if self._excluded(relative):
            return False
        if self.everything:
            return True
        return any(
            relative == top or relative.startswith(top + "/") or top.startswith(relative + "/")
            for top in self.includes
        )

    def _excluded(self, relative: str) -> bool:
        parts = relative.split("/")
        for pattern in self.excludes:
            if "/" in pattern or any(c in pattern for c in "*?["):
                if relative == pattern or relative.startswith(pattern + "/"):
                    return True
                if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(parts[0], pattern):
                    return True
            elif parts[0] == pattern:
                return True
        return False

    def listed(self) -> str:
        """What is listed, in a few words (the status line)."""
        if self.everything:
            return "the pages it builds"
        shown = ", ".join(f"{top}/" for top in self.includes[:3])
        return shown + (f" +{len(self.includes) - 3}" if len(self.includes) > 3 else "")


@functools.lru_cache(maxsize=64)
def _scope_of(folder: str) -> Scope | None:
    try:
        config = load_site_config(Path(folder))
    except ConfigError:
        config = None
    collections = tuple(c.file or c.folder for c in config.collections) if config else ()
    return site_scope(Path(folder), collections)


def scope_of(folder: Path) -> Scope | None:
    """The scope of an opened folder, with its CMS's collections (cached per folder)."""
    return _scope_of(os.path.abspath(folder))


def site_scope(folder: Path, collections: tuple[Path, ...] = ()) -> Scope | None:
    """The scope of `folder` when it is a known site's root; None: list everything in it.
    `collections`: a CMS's collection folders and files (absolute)."""
    info = detect(folder)
    top = Path(os.path.abspath(folder))
    if info.generator == "unknown" or Path(os.path.abspath(info.site_root)) != top:
        return None
    extra = tuple(_relative(path, top) for path in collections)
    extra = tuple(path for path in extra if path)
    if info.generator == "jekyll":
        return _jekyll(info.config)
    if info.generator == "eleventy":
        return _eleventy(top, info, extra)
    includes = [_relative(root, top) for root in info.content_roots]
    if info.generator == "hugo":
        includes += _hugo_language_dirs(info.config)
    if info.generator == "astro":
        includes += ["src/content", "src/pages"]
    found = tuple(dict.fromkeys(p for p in (*includes, *extra) if p))
    return Scope(info.generator, found)


def _relative(path: Path, top: Path) -> str:
    try:
        relative = Path(os.path.abspath(path)).relative_to(top).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, (str, int, float))]
    return []


def _hugo_language_dirs(config: dict[str, Any]) -> list[str]:
    lowered = {str(k).lower(): v for k, v in config.items()}
    languages = lowered.get("languages")
    found = []
    if isinstance(languages, dict):
        for settings in languages.values():
            if isinstance(settings, dict):
                keyed = {str(k).lower(): v for k, v in settings.items()}
                if isinstance(keyed.get("contentdir"), str):
                    found.append(keyed["contentdir"].strip("/"))
    return found


def _jekyll(config: dict[str, Any]) -> Scope:
    collections = config.get("collections")
    names = list(collections) if isinstance(collections, (dict, list)) else []
    rendered = {*JEKYLL_RENDERED, *(f"_{name}" for name in names if isinstance(name, str))}
    included = {entry.strip("/") for entry in _strings(config.get("include"))}
    excluded = [entry.strip("/") for entry in _strings(config.get("exclude"))]
    # Jekyll skips every name starting with `_` that it does not render or is told to include.
    excludes = tuple(e for e in (*excluded, *JEKYLL_DEFAULT_EXCLUDES, "_*") if e not in included)
    return _JekyllScope(
        "jekyll",
        everything=True,
        excludes=excludes,
        needs_frontmatter=True,
        rendered=tuple(sorted(rendered | included)),
        collections_dir=str(config.get("collections_dir") or "").strip("/"),
    )


@dataclass(frozen=True)
class _JekyllScope(Scope):
    rendered: tuple[str, ...] = ()
    """`_` folders Jekyll does read: `_posts`, `_drafts`, the collections."""
    collections_dir: str = ""

    def _excluded(self, relative: str) -> bool:
        head = relative.split("/")[0]
        if self.collections_dir and head == self.collections_dir:
            below = relative.split("/")[1:2]
            return bool(below) and below[0].startswith("_") and below[0] not in self.rendered
        if head in self.rendered:
            return False
        return super()._excluded(relative)


def _eleventy(top: Path, info: SiteInfo, extra: tuple[str, ...]) -> Scope:
    source = _config_text(info.config_file)
    found = re.search(r"""\binput\s*:\s*["'`]([^"'`]+)["'`]""", source)
    output = re.search(r"""\boutput\s*:\s*["'`]([^"'`]+)["'`]""", source)
    input_dir = (found.group(1) if found else ".").strip().strip("/").removeprefix("./")
    input_dir = "" if input_dir in (".", "") else input_dir
    excludes = ["node_modules", (output.group(1) if output else "_site").strip("./")]
    for ignored in _lines(top / ".eleventyignore"):
        excludes.append(ignored.removeprefix("./").strip("/"))
    inside = f"{input_dir}/" if input_dir else ""
    excludes += [f"{inside}_includes", f"{inside}_data"]
    if input_dir:
        return Scope("eleventy", (input_dir, *extra), excludes=tuple(excludes))
    return Scope("eleventy", (), everything=True, excludes=tuple(excludes))


def _config_text(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        with open(path, "rb") as handle:
            return handle.read(256 * 1024).decode("utf-8", "replace")
    except OSError:
        return ""


def _lines(path: Path) -> list[str]:
    return [
        line.strip()
        for line in _config_text(path).splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "!"))
    ]
