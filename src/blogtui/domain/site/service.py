"""One site, as every front end drives it: the command line, the app, a script.

`Site.open(folder)` works out a site's facts once (its generator and roots, its CMS config and
what is wrong with it, its time zone); the index, the query and the refresh after a write go
through it, and whoever shows posts listens to it for what changed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from blogtui.domain.site.generator import SINGULAR, SiteInfo, detect
from blogtui.domain.site.index import Changes, ContentIndex
from blogtui.domain.site.query import Query, QueryError, parse_query
from blogtui.domain.site.schema import ConfigError, SiteConfig, load_site_config
from blogtui.domain.site.scope import scope_of
from blogtui.domain.site.sitefile import SiteFile, load_site_file
from blogtui.domain.site.status import zone_named

Listener = Callable[[Changes], None]
"""Told what changed after every refresh (from the thread that refreshed)."""


@dataclass
class Site:
    """A content folder: where it is, its CMS config, its posts.

    Plain data, handed to the screens: they read the index and refresh what they changed,
    without going through the app.
    """

    root: Path
    config: SiteConfig | None = None
    """The Decap CMS (or Astro) config found for the folder: the form's schema, new posts."""
    index: ContentIndex | None = None
    """Every post; None until the first load finishes."""
    config_error: str | None = None
    """Why the CMS config found was ignored (one line), if it was."""
    _listeners: list[Listener] = field(default_factory=list, repr=False)

    @classmethod
    def open(cls, folder: Path) -> Site:
        """The site of a content folder, its config read (a broken one is set aside with its
        reason in `config_error`: the posts are still listed)."""
        site = cls(Path(folder))
        try:
            site.config = load_site_config(site.root)
        except ConfigError as exc:
            site.config_error = str(exc)
        return site

    @functools.cached_property
    def info(self) -> SiteInfo:
        """The generator and its conventions."""
        return detect(self.root)

    @functools.cached_property
    def zone(self) -> dt.tzinfo | None:
        """The site's time zone (its generator's config), for dates written without one."""
        return zone_named(self.info.time_zone)

    def site_file(self) -> SiteFile:
        """The team's `.blogtui.toml`, read now (it may change while the app runs);
        SiteFileError when it cannot be used."""
        return load_site_file(self.root, self.info.site_root)

    def load(self, with_text: bool = False) -> ContentIndex:
        """Every post, from the cache where the files are unchanged."""
        self.index = ContentIndex.load(self.root, with_text=with_text)
        return self.index

    def query(
        self,
        text: str,
        any_tags: bool = False,
        view: str | None = None,
        tags: Iterable[str] = (),
    ) -> Query:
        """The query typed, with a saved view's and the tags asked for; QueryError with one
        line when it cannot be understood. Fields beyond the list's are read if it needs them."""
        parts = [text]
        if view:
            views = self.site_file().views
            if view not in views:
                known = ", ".join(views) or "none: add [views] to .blogtui.toml"
                raise QueryError(f"no view {view!r} (views: {known})")
            parts.append(views[view])
        taxonomies = self.index.taxonomies() if self.index is not None else ()
        query = parse_query(" ".join(p for p in parts if p), any_tags, taxonomies, self.zone)
        if query.error:
            raise QueryError(f"query: {query.error}")
        if query.reads_files and self.index is not None:
            self.index.fill_details()
        if query.reads_fields and self.index is not None:
            self.index.fill_fields()
        for tag in tags:
            query = query.with_tag(tag, True)
        return query

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def refresh(self, paths: Iterable[str]) -> Changes:
        """Re-read these posts now (after our own file operations); what changed, told to
        every listener too."""
        if self.index is None:
            return Changes()
        changes = self.index.refresh(paths)
        if changes:
            for listener in self._listeners:
                listener(changes)
        return changes

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
