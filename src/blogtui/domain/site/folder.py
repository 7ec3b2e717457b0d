"""A site: where it begins (the folder links must not lead out of), and its content folder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from blogtui.domain.site.generator import SINGULAR, SiteInfo, detect
from blogtui.domain.site.index import Changes, ContentIndex
from blogtui.domain.site.schema import SiteConfig
from blogtui.domain.site.scope import scope_of

SITE_MARKERS = (
    ".git",
    ".blogtui.toml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "_config.yml",
    "astro.config.mjs",
    "astro.config.ts",
    "eleventy.config.js",
    ".eleventy.js",
    "gatsby-config.js",
    "package.json",
    "netlify.toml",
)
"""A folder holding one of these is a site's (or its repository's) top."""


def site_root(path: Path) -> Path:
    """The folder a file's reads and writes must stay in: the nearest folder above it with a
    site marker; else the current folder, when the file is named below it; else the file's
    own folder. Links are judged by where they stand, not by where they point, and a folder
    reached through a link is never the root (`sub -> ../outside` does not make `outside` the
    site): the root is above every link on the way, so that a file reached through one is seen
    to lead out of it."""
    folder = Path(os.path.abspath(path)).parent
    chain = (folder, *folder.parents)
    for candidate in chain:
        if any((candidate / marker).exists() for marker in SITE_MARKERS):
            return candidate
    here = Path(os.path.abspath("."))
    if folder == here or here in folder.parents:
        return here
    linked = [candidate for candidate in chain if candidate.is_symlink()]
    return linked[-1].parent if linked else folder


def journal_home(root: Path) -> Path:
    """Where a site's journal of changes lives, found from any folder inside it: the site's
    root (its generator's config), else the repository's top or the folder holding
    `.blogtui.toml`, else the folder itself. A publish from the site's root and an undo from
    its content folder meet in one journal."""
    info = detect(root)
    if info.generator != "unknown":
        return Path(os.path.abspath(info.site_root))
    top = Path(os.path.abspath(root))
    for candidate in (top, *top.parents):
        if (candidate / ".blogtui.toml").is_file() or (candidate / ".git").exists():
            return candidate
    return top


@dataclass
class Site:
    """A content folder as the app's screens see it: where it is, its CMS config, its posts.

    Plain data, handed to the screens: they read the index and refresh what they changed,
    without going through the app.
    """

    root: Path
    config: SiteConfig | None = None
    """The Decap CMS config found for the folder (the form's schema, names for new posts)."""
    index: ContentIndex | None = None
    """Every post; None until the first load finishes."""

    @property
    def info(self) -> SiteInfo:
        """The generator and its conventions (detected once per folder)."""
        return detect(self.root)

    def made_with(self) -> str:
        """A short name for what the site is made with: "Hugo", "Jekyll + Decap CMS"; ''."""
        names = [] if self.info.generator == "unknown" else [self.info.generator.capitalize()]
        if self.config is not None and self.config.source == "decap":
            names.append("Decap CMS")
        made = " + ".join(names)
        scope = scope_of(self.root)
        if scope is not None:  # opened at the site's root: say what is listed
            made += " · site root, listing " + scope.listed()
        return made

    def refresh(self, paths: Iterable[str]) -> Changes:
        """Re-read these posts now (after our own file operations); what changed."""
        return self.index.refresh(paths) if self.index is not None else Changes()

    def tag_counts(self) -> list[tuple[str, int]]:
        return self.term_counts("tags")

    def term_counts(self, taxonomy: str) -> list[tuple[str, int]]:
        """(term, posts) of one taxonomy (a field's name; `category` counts as categories)."""
        if self.index is None:
            return []
        plural = {singular: name for name, singular in SINGULAR.items()}
        return self.index.term_counts(plural.get(taxonomy, taxonomy))

    def path(self, relative: str) -> Path:
        return self.root / relative

    def relative(self, path: Path) -> str:
        """The index key of a file under the folder (links resolved as the index sees them)."""
        return path.resolve().relative_to(self.root.resolve()).as_posix()
