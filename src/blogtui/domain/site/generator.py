"""Which static site generator a content folder belongs to, and the conventions that follow.

Recognised from the generator's own files at the site's top folder (the nearest folder above
the content that holds one). Each generator decides how a post's title, date, tags and drafts
are read, which files are not posts, and what `check` may expect. Detection reads a few small
files once per folder and is cached.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from blogtui.domain.formats import tomlread
from blogtui.domain.site import astro
from blogtui.domain.site.schema import ConfigError, SiteConfig, load_site_config

GENERATORS = ("hugo", "jekyll", "eleventy", "astro", "zola", "gatsby", "unknown")

_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
_HUGO_OLD_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")
_ELEVENTY_CONFIGS = tuple(
    f"{name}.{ext}"
    for name in ("eleventy.config", ".eleventy")
    for ext in ("js", "mjs", "cjs", "ts", "mts", "cts")
)
_ASTRO_CONFIGS = tuple(f"astro.config.{ext}" for ext in ("mjs", "js", "ts", "mts", "cjs"))
_GATSBY_CONFIGS = ("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs")

DEFAULT_TAXONOMIES: dict[str, tuple[str, ...]] = {
    "hugo": ("tags", "categories"),
    "jekyll": ("tags", "categories"),
    "eleventy": ("tags",),
    "astro": ("tags",),
    "zola": (),
    "gatsby": ("tags",),
    "unknown": ("tags",),
}
"""What each generator files posts under when its config names nothing."""

KNOWN_TAXONOMIES = ("tags", "categories", "keywords", "series", "topics")
"""Fields that are taxonomies on any site that uses them."""

SINGULAR = {"tags": "tag", "categories": "category", "keywords": "keyword", "topics": "topic"}
"""A taxonomy's singular field, read as the same taxonomy (`category: release`)."""

DRAFT_CONVENTIONS = {
    "hugo": "draft: true (and publishDate in the future, expiryDate in the past)",
    "jekyll": "a post under _drafts/, or published: false",
    "eleventy": "draft: true (when the site's config filters drafts)",
    "astro": "draft: true",
    "zola": "draft = true",
    "gatsby": "draft: true",
    "unknown": "draft: true, or published: false",
}


@dataclass(frozen=True)
class SiteInfo:
    """What a content folder's site is made with, and what follows from it."""

    generator: str
    """One of GENERATORS."""
    site_root: Path
    """The folder holding the generator's config (else the content folder itself)."""
    config_file: Path | None = None
    content_roots: tuple[Path, ...] = ()
    """Where the generator reads posts from, those that exist."""
    taxonomies: tuple[str, ...] = ()
    """Frontmatter fields that group posts (plural names: `tags`, `categories`...)."""
    zola_taxonomies: bool = False
    """Zola keeps taxonomies in the frontmatter's `[taxonomies]` table."""
    case_insensitive_keys: bool = False
    """Hugo reads `Title:` as the title."""
    space_separated_terms: bool = False
    """Jekyll reads `tags: a b` as two tags; Eleventy and others read one tag `a b`."""
    time_zone: str | None = None
    """The zone dates without one are in (Hugo `timeZone`, Jekyll `timezone`)."""
    folds_terms: bool = False
    """Hugo and Zola build one page for `HTML` and `html` (and for `static sites` and
    `static-sites`); Jekyll and Eleventy keep every spelling apart."""
    config: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The generator's config as data (Jekyll's `exclude`, Hugo's `languages`...)."""

    def term_key(self, term: str) -> str:
        """The page a term is built on: one key for every spelling the generator folds."""
        if not self.folds_terms:
            return term
        return "-".join(term.casefold().split())

    @property
    def draft_convention(self) -> str:
        return DRAFT_CONVENTIONS[self.generator]

    @property
    def signature(self) -> str:
        """What the index rows depend on: a cache made under other conventions is not used."""
        return "|".join(
            (
                self.generator,
                ",".join(self.taxonomies),
                str(self.zola_taxonomies),
                str(self.case_insensitive_keys),
                str(self.space_separated_terms),
            )
        )


def find_site_root(content: Path) -> Path | None:
    """The nearest folder at or above `content` holding a generator's config."""
    folder = Path(os.path.abspath(content))
    for candidate in (folder, *folder.parents):
        if _generator_at(candidate) is not None:
            return candidate
        if (candidate / ".git").exists():
            return None  # the repository's top: a site's config is never above it
    return None


def _generator_at(folder: Path) -> tuple[str, Path] | None:
    def first(names: tuple[str, ...]) -> Path | None:
        return next((folder / n for n in names if (folder / n).is_file()), None)

    if found := first(_HUGO_CONFIGS):
        return "hugo", found
    if (folder / "config" / "_default").is_dir():
        return "hugo", folder / "config" / "_default"
    if found := first(_ASTRO_CONFIGS):
        return "astro", found
    if found := first(_ELEVENTY_CONFIGS):
        return "eleventy", found
    if found := first(("_config.yml", "_config.yaml")):
        return "jekyll", found
    if found := first(_GATSBY_CONFIGS):
        return "gatsby", found
    if (folder / "config.toml").is_file() and _is_zola_config(folder / "config.toml"):
        return "zola", folder / "config.toml"
    found = first(_HUGO_OLD_CONFIGS)
    if found and ((folder / "content").is_dir() or (folder / "themes").is_dir()):
        return "hugo", found
    return None


def _is_zola_config(path: Path) -> bool:
    text = _small_text(path)
    return bool(re.search(r"(?m)^\s*(base_url\s*=|\[markdown\]|compile_sass\s*=)", text))


def _small_text(path: Path, limit: int = 512 * 1024) -> str:
    try:
        with open(path, "rb") as handle:
            return handle.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""


def _config_data(path: Path) -> dict[str, Any]:
    """A generator's config as data ({} when it cannot be read: detection never fails)."""
    if path.is_dir():  # Hugo's config/_default/: its hugo.* or config.* files, and taxonomies.*
        merged: dict[str, Any] = {}
        for name in sorted(os.listdir(path)):
            stem, _, _ = name.partition(".")
            data = _config_data(path / name)
            merged.update({stem: data} if stem == "taxonomies" else data)
        return merged
    text = _small_text(path)
    try:
        if path.suffix == ".toml":
            return tomlread.loads(text)
        if path.suffix in (".yaml", ".yml"):
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            return data if isinstance(data, dict) else {}
        if path.suffix == ".json":
            data = json.loads(text)
            return data if isinstance(data, dict) else {}
    except (yaml.YAMLError, ValueError, RecursionError):
        return {}
    return {}


def _taxonomies(generator: str, config: dict[str, Any]) -> tuple[str, ...]:
    if generator == "hugo":
        configured = {str(k).lower(): v for k, v in config.items()}.get("taxonomies")
        if isinstance(configured, dict):
            return tuple(str(plural) for plural in configured.values() if plural)
    if generator == "zola":
        configured = config.get("taxonomies")
        if isinstance(configured, list):
            names = (t.get("name") for t in configured if isinstance(t, dict))
            return tuple(str(name) for name in names if name)
    return DEFAULT_TAXONOMIES[generator]


def _time_zone(config: dict[str, Any]) -> str | None:
    value = {str(k).lower(): v for k, v in config.items()}.get("timezone")
    return str(value) if isinstance(value, str) and value.strip() else None


def _content_roots(generator: str, root: Path, config: dict[str, Any]) -> tuple[Path, ...]:
    if generator == "hugo":
        lowered = {str(k).lower(): v for k, v in config.items()}
        places = [str(lowered.get("contentdir") or "content")]
    elif generator == "zola":
        places = ["content"]
    elif generator == "astro":
        bases = [c.base for c in astro.read_collections(root)]
        places = [*dict.fromkeys(bases), "src/content", "src/pages"]
    elif generator == "jekyll":
        places = ["_posts", "_drafts", "."]
    elif generator == "eleventy":
        places = ["content", "src", "."]
    elif generator == "gatsby":
        places = ["content", "src/pages"]
    else:
        places = ["."]
    found = tuple(root / place for place in places if (root / place).is_dir())
    return found[:1] if generator == "eleventy" else found


def _with_known(configured: tuple[str, ...], decap: tuple[str, ...]) -> tuple[str, ...]:
    """The site's own taxonomies first, then the well-known ones and the CMS's term lists."""
    return tuple(dict.fromkeys((*configured, *KNOWN_TAXONOMIES, *decap)))


def decap_term_fields(config: SiteConfig | None) -> tuple[str, ...]:
    """Decap fields that hold a list of strings (`widget: list` with no sub-fields, or a
    `select` with `multiple`): each is a way of filing posts."""
    if config is None:
        return ()
    names: dict[str, None] = {}
    for collection in config.collections:
        for f in collection.fields:
            if (f.widget == "list" and not f.fields) or (f.widget == "select" and f.multiple):
                names.setdefault(f.name, None)
    return tuple(names)


@functools.lru_cache(maxsize=64)
def _detect(content: str) -> SiteInfo:
    folder = Path(content)
    try:
        decap = decap_term_fields(load_site_config(folder))
    except ConfigError:
        decap = ()
    root = find_site_root(folder)
    if root is None:
        taxonomies = _with_known(("tags",), decap)
        return SiteInfo("unknown", folder, taxonomies=taxonomies, space_separated_terms=True)
    generator, config_file = _generator_at(root) or ("unknown", None)
    config = _config_data(config_file) if config_file is not None else {}
    return SiteInfo(
        generator=generator,
        site_root=root,
        config_file=config_file,
        content_roots=_content_roots(generator, root, config),
        taxonomies=_with_known(_taxonomies(generator, config), decap),
        zola_taxonomies=generator == "zola",
        case_insensitive_keys=generator == "hugo",
        space_separated_terms=generator in ("jekyll", "unknown"),
        time_zone=_time_zone(config),
        folds_terms=generator in ("hugo", "zola"),
        config=config,
    )


UNKNOWN_SITE = SiteInfo(
    "unknown", Path("."), taxonomies=_with_known(("tags",), ()), space_separated_terms=True
)
"""The conventions used when no site is known: most generators' common ground."""


def detect(content: Path) -> SiteInfo:
    """The site of a content folder (cached per folder for the life of the process)."""
    return _detect(os.path.abspath(content))
