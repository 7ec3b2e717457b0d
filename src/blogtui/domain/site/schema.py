"""The fields of a post: from a Decap/Netlify CMS `config.yml`, else inferred from the posts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from blogtui.domain.site import astro

CONFIG_PLACES = (
    "admin/config.yml",
    "static/admin/config.yml",
    "public/admin/config.yml",
    "site/static/admin/config.yml",
    "src/admin/config.yml",
    "admin/config.yaml",
    "static/admin/config.yaml",
    "public/admin/config.yaml",
)
"""Where Decap sites keep their config, relative to a folder on the way up from the content."""


class ConfigError(ValueError):
    """The CMS config exists but cannot be used; one line for the user."""


@dataclass(frozen=True)
class Field:
    """One frontmatter field of a collection, as the CMS describes it."""

    name: str
    widget: str = "string"
    label: str = ""
    required: bool = True
    default: Any = None
    has_default: bool = False
    hint: str = ""
    pattern: tuple[str, str] | None = None
    """(regular expression, message) that the value must match."""
    options: tuple[Any, ...] = ()
    """The choices of a `select` widget."""
    multiple: bool = False
    fields: tuple[Field, ...] = ()
    """Sub-fields of `object` and `list` widgets."""
    minimum: float | None = None
    maximum: float | None = None
    """A number's bounds, or a list's least and most items (Decap's `min` and `max`)."""
    translated: bool = False
    """Decap's `i18n: true`: each language writes its own (a new translation starts it empty)."""


@dataclass(frozen=True)
class Collection:
    name: str
    label: str
    folder: Path
    """Absolute folder that holds the collection's posts."""
    slug: str = "{{slug}}"
    extension: str = "md"
    format: str = "yaml"
    create: bool = False
    fields: tuple[Field, ...] = ()
    label_singular: str = ""
    file: Path | None = None
    """A `files:` collection's one file (absolute); None for a folder collection."""
    entry: str = ""
    """That file's entry name (its `{{slug}}` in commit messages, as Decap names it)."""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class SiteConfig:
    """A Decap CMS config and the site root its paths are relative to."""

    path: Path
    site_root: Path
    media_folder: Path | None = None
    public_folder: str | None = None
    collections: tuple[Collection, ...] = field(default_factory=tuple)
    commit_messages: tuple[tuple[str, str], ...] = ()
    """`backend.commit_messages` (create, update, delete...) as (kind, template) pairs."""
    source: str = "decap"
    """"decap" (a CMS config) or "astro" (an Astro site's content collections)."""

    def collection_for(self, post_path: Path) -> Collection | None:
        """The `files:` entry that is this post, else the folder collection holding it
        (deepest folder wins)."""
        post_path = post_path.resolve()
        best: Collection | None = None
        for collection in self.collections:
            if collection.file is not None:
                if collection.file == post_path:
                    return collection
                continue
            if post_path.is_relative_to(collection.folder) and (
                best is None or len(collection.folder.parts) > len(best.folder.parts)
            ):
                best = collection
        return best

    def collection_to_create_in(self, folder: Path) -> Collection | None:
        """The collection a new post under `folder` belongs to."""
        folder = folder.resolve()
        inside = self.collection_for(folder / "new.md")
        if inside is not None and inside.file is None:
            return inside
        below = [c for c in self.collections if c.file is None and c.folder.is_relative_to(folder)]
        creatable = [c for c in below if c.create] or below
        return creatable[0] if creatable else None


def find_config(start: Path) -> Path | None:
    """The nearest Decap config on the way up from `start`."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate_root in (folder, *folder.parents):
        for place in CONFIG_PLACES:
            candidate = candidate_root / place
            if candidate.is_file():
                return candidate
    return None


def load_site_config(start: Path) -> SiteConfig | None:
    """The Decap config for a content folder (else an Astro site's content collections, which
    serve the same purpose), or None; ConfigError when it cannot be read."""
    path = find_config(start)
    if path is None:
        return _astro_config(start)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read CMS config: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: CMS config is not a mapping")
    raw_collections = [c for c in data.get("collections") or [] if isinstance(c, dict)]
    site_root = _site_root(path, raw_collections)
    collections = tuple(
        _collection(site_root, raw) for raw in raw_collections if isinstance(raw.get("folder"), str)
    ) + tuple(
        entry
        for raw in raw_collections
        if isinstance(raw.get("files"), list)
        for entry in _file_entries(site_root, raw)
    )
    media = data.get("media_folder")
    public = data.get("public_folder")
    backend = data.get("backend")
    messages = backend.get("commit_messages") if isinstance(backend, dict) else None
    return SiteConfig(
        path=path,
        site_root=site_root,
        media_folder=site_root / str(media).strip("/") if media else None,
        public_folder=str(public) if public is not None else None,
        collections=collections,
        commit_messages=tuple(
            (str(k), str(v)) for k, v in (messages.items() if isinstance(messages, dict) else ())
        ),
    )


ASTRO_CONFIG_EXTENSIONS = ("mjs", "js", "ts", "mts", "cjs")


def _astro_config(start: Path) -> SiteConfig | None:
    folder = start.resolve()
    for root in (folder, *folder.parents):
        if any((root / f"astro.config.{ext}").is_file() for ext in ASTRO_CONFIG_EXTENSIONS):
            break
        if (root / ".git").exists():
            return None
    else:
        return None
    path = astro.config_file(root)
    collections = astro.read_collections(root)
    if path is None or not collections:
        return None
    return SiteConfig(
        path=path,
        site_root=root,
        collections=tuple(_astro_collection(root, c) for c in collections),
        source="astro",
    )


def _astro_collection(root: Path, found: astro.AstroCollection) -> Collection:
    return Collection(
        name=found.name,
        label=found.name.capitalize(),
        folder=(root / found.base).resolve(),
        slug="{{slug}}",
        extension="mdx" if found.pattern.endswith("mdx") and "md," not in found.pattern else "md",
        create=True,
        fields=tuple(
            Field(
                name=f.name,
                widget=f.widget,
                label=f.name,
                required=f.required,
                default=f.default,
                has_default=f.has_default,
                options=f.options,
            )
            for f in found.fields
        ),
    )


def _site_root(config_path: Path, collections: list[dict[str, Any]]) -> Path:
    # Collection folders are relative to the site root, which is not always the folder above
    # `admin/`: take the nearest ancestor in which the collection folders exist.
    folders = [str(c["folder"]).strip("/") for c in collections if isinstance(c.get("folder"), str)]
    ancestors = list(config_path.parent.parents)
    for root in ancestors:
        if folders and all((root / folder).is_dir() for folder in folders):
            return root
    for root in ancestors:
        if any((root / folder).is_dir() for folder in folders):
            return root
    return config_path.parent.parent


def _collection(site_root: Path, raw: dict[str, Any]) -> Collection:
    fmt = str(raw.get("format") or "yaml")
    return Collection(
        name=str(raw.get("name") or raw["folder"]),
        label=str(raw.get("label") or raw.get("name") or raw["folder"]),
        folder=(site_root / str(raw["folder"]).strip("/")).resolve(),
        slug=str(raw.get("slug") or "{{slug}}"),
        extension=str(raw.get("extension") or "md").lstrip("."),
        format="toml" if fmt.startswith("toml") else "yaml",
        create=bool(raw.get("create", False)),
        fields=tuple(_field(f) for f in raw.get("fields") or [] if isinstance(f, dict)),
        label_singular=str(raw.get("label_singular") or ""),
    )


def _file_entries(site_root: Path, raw: dict[str, Any]) -> list[Collection]:
    """A `files:` collection's entries, each a collection of one file with its own fields."""
    fmt = str(raw.get("format") or "yaml")
    found = []
    for entry in raw["files"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            continue
        path = (site_root / entry["file"].strip("/")).resolve()
        name = str(entry.get("name") or path.stem)
        found.append(
            Collection(
                name=name,
                label=str(entry.get("label") or name),
                folder=path.parent,
                format="toml" if fmt.startswith("toml") else "yaml",
                fields=tuple(_field(f) for f in entry.get("fields") or [] if isinstance(f, dict)),
                label_singular=str(raw.get("label_singular") or raw.get("label") or ""),
                file=path,
                entry=name,
            )
        )
    return found


def _field(raw: dict[str, Any]) -> Field:
    pattern = raw.get("pattern")
    options = raw.get("options") or ()
    return Field(
        name=str(raw.get("name", "")),
        widget=str(raw.get("widget") or "string"),
        label=str(raw.get("label") or raw.get("name", "")),
        required=raw.get("required", True) is not False,
        default=raw.get("default"),
        has_default="default" in raw,
        hint=str(raw.get("hint") or ""),
        pattern=(str(pattern[0]), str(pattern[1]) if len(pattern) > 1 else "")
        if isinstance(pattern, list) and pattern
        else None,
        options=tuple(
            o.get("value", o.get("label")) if isinstance(o, dict) else o for o in options
        ),
        multiple=bool(raw.get("multiple", False)),
        fields=tuple(_field(f) for f in raw.get("fields") or [] if isinstance(f, dict)),
        minimum=_bound(raw.get("min")),
        maximum=_bound(raw.get("max")),
        translated=raw.get("i18n") is True or raw.get("i18n") == "translate",
    )


def _bound(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


PATTERN_SECONDS = 0.05
"""A CMS `pattern` that takes longer than this on one value is not enforced."""


def matches_pattern(pattern: str, text: str) -> bool:
    """Whether `text` matches the CMS config's `pattern`; a pattern that is broken or too slow
    to decide (catastrophic backtracking) never blocks a save."""
    import regex  # imported here: only the form and `check` test patterns

    try:
        return regex.search(pattern, text, timeout=PATTERN_SECONDS) is not None
    except (regex.error, TimeoutError):
        return True
