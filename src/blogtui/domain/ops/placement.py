"""Where a new post goes, named how, in which format, and how its generator marks a draft.

The generator decides. Jekyll renders posts only from `_posts/YYYY-MM-DD-slug.md` and drafts
from `_drafts/`, and ignores `draft: true`; Hugo and Zola read their content folder, in the
format the site's posts use, and Hugo starts from the section's archetype; a CMS collection
(Decap's, or an Astro content collection) names its folder, slug and fields. A site whose
generator has no draft mechanism (a Gatsby starter reads every file) gets no draft field that
nothing reads: `NoDraftError` says so instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from blogtui.domain.site.generator import SiteInfo, detect
from blogtui.domain.site.schema import Collection, Field, SiteConfig

DEFAULT_SLUG = "{{year}}-{{month}}-{{day}}-{{slug}}"
SECTIONS = ("posts", "post", "blog", "articles", "news")
"""Sections a new post goes to at a Hugo or Zola site's root, the first that exists."""


class NoDraftError(ValueError):
    """The site has no way to keep a draft off the built site; one line for the user."""


@dataclass(frozen=True)
class Placement:
    """Where and how a new post is written."""

    folder: Path
    template: str
    """Its file name, as a slug template (`{{slug}}`, `{{year}}-...`)."""
    extension: str = "md"
    kind: str | None = None
    """"yaml" or "toml"; None: as the folder's posts are written."""
    fields: tuple[Field, ...] = ()
    draft_field: tuple[str, bool] | None = ("draft", True)
    """The field and value that make it a draft; None when nothing would read one."""
    draft_folder: bool = False
    """A draft is this folder (Jekyll's `_drafts/`): no field needed."""
    archetype: Path | None = None
    """Hugo's archetype for the section, the new post's starting text."""
    fill_required: bool = False
    """Required text fields are written empty (an Astro schema refuses a post without them)."""


def place_new(
    folder: Path, config: SiteConfig | None, draft: bool, site: SiteInfo | None = None
) -> Placement:
    """Where a new post asked for in `folder` goes. NoDraftError: `draft` on a site that
    has no drafts."""
    site = site or detect(folder)
    collection = config.collection_to_create_in(folder) if config else None
    if site.generator == "jekyll":
        placement = _jekyll(folder, site, draft, collection)
    elif collection is not None:
        astro = config is not None and config.source == "astro"
        placement = Placement(
            collection.folder,
            collection.slug,
            collection.extension,
            None if astro else collection.format,
            collection.fields,
            draft_field=_draft_field(site, collection),
            fill_required=astro,
        )
    else:
        placement = _by_generator(folder, site)
    if draft and placement.draft_field is None and not placement.draft_folder:
        made_with = site.generator.capitalize()
        if config is not None and config.source == "decap":
            made_with += " + Decap CMS"
        raise NoDraftError(
            f"this site ({made_with}) has no draft mechanism: a `draft` field would be "
            "published all the same; create the post without --draft"
        )
    return placement


def _by_generator(folder: Path, site: SiteInfo) -> Placement:
    top = Path(os.path.abspath(site.site_root))
    at_root = Path(os.path.abspath(folder)) == top and site.generator != "unknown"
    dated = site.generator not in ("hugo", "zola")  # Hugo and Zola name posts by slug
    target = folder
    if at_root and site.content_roots:
        content = site.content_roots[0]
        target = _section(content) if site.generator in ("hugo", "zola") else content
    return Placement(
        target,
        DEFAULT_SLUG if dated else "{{slug}}",
        kind="toml" if site.generator == "zola" else None,
        draft_field=_draft_field(site, None),
        archetype=_archetype(top, target, site) if site.generator == "hugo" else None,
    )


def _jekyll(folder: Path, site: SiteInfo, draft: bool, collection: Collection | None) -> Placement:
    top = Path(os.path.abspath(site.site_root))
    here = Path(os.path.abspath(folder))
    fields = collection.fields if collection is not None else ()
    if collection is not None and collection.folder.name not in ("_posts", "_drafts"):
        # A CMS collection that is not Jekyll's posts: `published: false` marks a draft.
        return Placement(
            collection.folder, collection.slug, collection.extension, collection.format,
            fields, draft_field=("published", False),
        )  # fmt: skip
    if here == top or here.name in ("_posts", "_drafts") or collection is not None:
        if draft:  # a draft is a file in _drafts/, named without its date
            return Placement(
                top / "_drafts", "{{slug}}", fields=fields, draft_field=None, draft_folder=True
            )
        return Placement(top / "_posts", DEFAULT_SLUG, fields=fields, draft_field=None)
    return Placement(folder, "{{slug}}", draft_field=("published", False))


def _draft_field(site: SiteInfo, collection: Collection | None) -> tuple[str, bool] | None:
    """How this site marks a draft in a post's fields; None when nothing would read it."""
    generator = site.generator
    if collection is not None:
        names = {field.name for field in collection.fields}
        if "draft" in names:
            return ("draft", True)
        if "published" in names:
            return ("published", False)
    if generator in ("hugo", "zola", "unknown"):
        return ("draft", True)
    if generator in ("eleventy", "gatsby", "astro"):
        # No draft of its own: only a site whose code filters drafts has them.
        return ("draft", True) if _code_mentions_drafts(site) else None
    return ("draft", True)


def _code_mentions_drafts(site: SiteInfo) -> bool:
    root = Path(site.site_root)
    candidates = [site.config_file] if site.config_file else []
    candidates += [root / name for name in ("gatsby-node.js", "gatsby-node.ts", "gatsby-node.mjs")]
    for path in candidates:
        try:
            with open(path, "rb") as handle:
                if b"draft" in handle.read(512 * 1024):
                    return True
        except (OSError, TypeError):
            continue
    return False


def _section(content: Path) -> Path:
    """The blog's section (`posts/`, `blog/`...) when there is one, else the content folder
    itself (`hugo new` and Zola's docs put a page where they are told, not in the biggest
    section)."""
    return next((content / name for name in SECTIONS if (content / name).is_dir()), content)


def _archetype(top: Path, folder: Path, site: SiteInfo) -> Path | None:
    """Hugo's archetype for the section (`archetypes/SECTION.md`), else `default.md`."""
    roots = [Path(os.path.abspath(root)) for root in site.content_roots]
    here = Path(os.path.abspath(folder))
    section = ""
    for root in roots:
        if here != root and here.is_relative_to(root):
            section = here.relative_to(root).parts[0]
    for name in ([f"{section}.md"] if section else []) + ["default.md"]:
        path = top / "archetypes" / name
        if path.is_file():
            return path
    return None
