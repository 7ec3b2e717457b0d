"""What the index knows about one post, read from its frontmatter the way static sites read it."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogtui.domain.files.postfiles import is_post_name
from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats.dates import iso_and_sort_key
from blogtui.domain.formats.document import Document
from blogtui.domain.site.generator import UNKNOWN_SITE, SiteInfo, detect
from blogtui.domain.site.taxonomy import keys_for, scalar_text, taxonomy_terms

DATE_KEYS = ("date", "pubDate", "publishDate", "published_at", "publishedAt", "created")
FEATURED_KEYS = ("featuredpost", "featured")
IMAGE_KEYS = ("featuredimage", "featured_image", "heroImage", "image", "cover")
_DATED_NAME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[-_T .]|$)")
_SECTION_NAMES = ("_index",)
_BUNDLE_NAMES = ("index", "_index")
SNIPPET_FOLDERS = frozenset(
    {"_includes", "_layouts", "_data", "_partials", "partials", "archetypes", "layouts"}
)
"""Markdown in these folders is a template or a piece of other pages, never a post."""

Kind = str
"""'post'; 'section' (Hugo and Zola `_index.md`); 'headless' (Hugo `headless: true`,
`build: {render: never}`); 'snippet' (a piece of a template); 'static' (Jekyll: no front
matter, copied as it is): only posts are checked as posts."""


_SHARED: dict[object, Any] = {}
"""One copy of each tag, term, tag list and source name (see `shared`)."""


def shared(value: Any) -> Any:
    """The one copy of a small value many posts repeat (a tag, a tuple of tags, `field`): at
    100,000 posts each post's own copies are 50 MB of duplicates."""
    return _SHARED.setdefault(value, value)


@dataclass(slots=True)
class Post:
    """One post of the folder as the index holds it."""

    path: str
    """Relative to the content folder, with `/` separators: the post's identity."""
    size: int
    mtime_ns: int
    title: str | None = None
    date: str | None = None
    """ISO 8601, as the file wrote it when it already was ISO."""
    sort_date: float | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    featured: bool = False
    description: str | None = None
    image: str | None = None
    error: str | None = None
    terms: dict[str, tuple[str, ...]] | None = None
    """Terms of the site's other taxonomies (`categories`, `keywords`...); None when none."""
    title_source: str | None = None
    """Where the title came from: 'field', 'fallback' (linkTitle, eleventyNavigation.key),
    'file name'; None when there is none."""
    date_source: str | None = None
    """'field' or 'file name' (a YYYY-MM-DD- prefix); None when there is no date."""
    kind: Kind = "post"
    expires: float | None = None
    """When the post expires (Hugo `expiryDate`), as a sort key; None: never."""
    lang: str | None = None
    """The language the post says it is in (a `lang` field: jekyll-polyglot), if it says."""
    translation_key: str | None = None
    """Hugo's `translationKey`: what ties a post to its translations when names differ."""
    fields: dict[str, Any] | None = field(default=None, repr=False)
    """Every frontmatter field (dates as text), for `FIELD:VALUE` queries and views. None until
    the file is read in full (a listing row and a cached row leave it out: see `fill_details`)."""
    search_text: str | None = field(default=None, repr=False)
    """Title, description, tags and body, case-folded: what free-text search looks in.
    None until the body has been read (a cached index row has no body)."""

    _folded_tags: tuple[str, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    listing_text: str | None = field(default=None, init=False, repr=False, compare=False)
    """The listing's own searchable text (path, title, description, terms), once `text` made
    it: read as `post.search_text or post.listing_text or post.text`, a filter over 100,000
    posts loads two attributes a post instead of calling a property (40 ms -> 10 ms)."""

    @property
    def text(self) -> str:
        """What free-text search looks in, in memory: `search_text` once the body is read,
        else the listing's own (path, title, description, terms; the body is then in the
        persistent index). Made once a post, not once a keystroke: 100,000 cost 0.3 s."""
        if self.search_text is not None:
            return self.search_text
        if self.listing_text is None:
            self.listing_text = search_text_of(self, "")
        return self.listing_text

    @property
    def folded_tags(self) -> tuple[str, ...]:
        """The tags case-folded, so a tag filter is one membership test per post (made on the
        first such filter: a listing never pays for it). Mostly the tags themselves: a set
        per post was 24 MB at 100,000 posts."""
        if self._folded_tags is None:
            folded = tuple(tag.casefold() for tag in self.tags)
            self._folded_tags = self.tags if folded == self.tags else shared(folded)
        return self._folded_tags

    @property
    def display_title(self) -> str:
        return self.title if self.title else Path(self.path).stem

    def terms_of(self, taxonomy: str) -> tuple[str, ...]:
        """The post's terms in one taxonomy (`tags` included)."""
        if taxonomy == "tags":
            return self.tags
        return self.terms.get(taxonomy, ()) if self.terms else ()

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "title_source": self.title_source,
            "date": self.date,
            "date_source": self.date_source,
            "tags": list(self.tags),
            "terms": {name: list(terms) for name, terms in (self.terms or {}).items()},
            "draft": self.draft,
            "featured": self.featured,
            "description": self.description,
            "kind": self.kind,
            "error": self.error,
        }


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return value is True or (isinstance(value, int) and value == 1)


def _falsy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("false", "no", "off", "0")
    return value is False


def _bundle_name(path: str) -> str:
    """The file's name, or its folder's for a bundle's `index.md`: where a date or title may be."""
    # String operations, not Path: this runs for every post of every load.
    folder, _, name = path.rpartition("/")
    if name.rsplit(".", 1)[0] in _BUNDLE_NAMES and folder:
        return folder.rpartition("/")[2]
    return name


def date_value(metadata: dict[str, Any], path: str) -> tuple[Any, str | None]:
    """The post's date and where it came from: a date field, else a YYYY-MM-DD- file name."""
    for key in DATE_KEYS:
        if metadata.get(key) not in (None, ""):
            return metadata[key], "field"
        lowered = key.lower()
        if lowered != key and metadata.get(lowered) not in (None, ""):
            return metadata[lowered], "field"
    match = _DATED_NAME.match(_bundle_name(path))
    return (match.group(1), "file name") if match else (None, None)


def _title(metadata: dict[str, Any], path: str, site: SiteInfo) -> tuple[str | None, str | None]:
    title = scalar_text(metadata.get("title"))
    if title and title.strip():
        # `title: >` ends with its line break: no site shows it, nor does the list.
        return title.rstrip("\r\n"), "field"
    if site.generator == "hugo":
        link_title = scalar_text(metadata.get("linktitle") or metadata.get("linkTitle"))
        if link_title and link_title.strip():
            return link_title, "fallback"
    navigation = metadata.get("eleventyNavigation")
    if isinstance(navigation, dict):
        key = scalar_text(navigation.get("key"))
        if key and key.strip():
            return key, "fallback"
    if site.generator == "jekyll" and _DATED_NAME.match(Path(path).name):
        # Jekyll titles a dated post from its slug: 2014-05-06-jekyll-turns-2 -> Jekyll Turns 2
        slug = _DATED_NAME.sub("", Path(path).stem, count=1)
        return " ".join(word.capitalize() for word in slug.split("-") if word), "file name"
    return None, None


def is_snippet_path(path: str) -> bool:
    """A Markdown file among templates or pieces of pages (Hugo archetypes, `_includes`)."""
    return any(part in SNIPPET_FOLDERS for part in path.split("/")[:-1])


def _kind(metadata: dict[str, Any], path: str, site: SiteInfo) -> Kind:
    parts = path.split("/")
    if is_snippet_path(path):
        return "snippet"
    stem = parts[-1].split(".")[0]  # _index.en.md is a section too
    if site.generator in ("hugo", "zola") and stem in _SECTION_NAMES:
        return "section"
    build = metadata.get("build") or metadata.get("_build")
    never = isinstance(build, dict) and str(build.get("render")).lower() in ("never", "false")
    if _truthy(metadata.get("headless")) or never:
        return "headless"
    return "post"


def _expiry(metadata: dict[str, Any]) -> float | None:
    value = metadata.get("expiryDate", metadata.get("expirydate"))
    return iso_and_sort_key(value)[1] if value not in (None, "") else None


def plain_fields(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata as plain JSON values: TOML's dates and times become their ISO text."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, (dt.date, dt.time)):
            return value.isoformat()
        return value

    return {str(k): plain(v) for k, v in metadata.items()}


def search_text_of(post: Post, body: str) -> str:
    """What free-text search looks in: the file's path (a post listed by its file name can be
    found by it), title, description, tags and other taxonomies' terms, and body, case-folded."""
    terms = " ".join(term for found in (post.terms or {}).values() for term in found)
    fields = (post.path, post.title or "", post.description or "", " ".join(post.tags), terms, body)
    return "\n".join(fields).casefold()


def summarize(
    path: str,
    size: int,
    mtime_ns: int,
    metadata: dict[str, Any],
    body: str | None,
    site: SiteInfo = UNKNOWN_SITE,
    plain: bool = False,
    with_fields: bool = True,
) -> Post:
    """The index row for a post that parsed (with its search text when the body is given), read
    the way the site's generator reads it."""
    keyed = keys_for(metadata, site)
    title, title_source = _title(keyed, path, site)
    description = scalar_text(keyed.get("description"))
    raw_date, date_source = date_value(keyed, path)
    iso, sort_key = iso_and_sort_key(raw_date) if raw_date is not None else (None, None)
    if iso is None:
        date_source = None
    other_terms = {
        name: found
        for name in site.taxonomies
        if name != "tags" and (found := taxonomy_terms(keyed, name, site))
    }
    in_drafts = "_drafts/" in path or path.startswith("_drafts")
    draft = _truthy(keyed.get("draft")) or _falsy(keyed.get("published")) or in_drafts
    featured = any(_truthy(keyed.get(key)) for key in FEATURED_KEYS)
    image = next((scalar_text(keyed[k]) for k in IMAGE_KEYS if keyed.get(k)), None)
    post = Post(
        path=path,
        size=size,
        mtime_ns=mtime_ns,
        title=title,
        date=iso,
        sort_date=sort_key,
        tags=taxonomy_terms(keyed, "tags", site),
        draft=draft,
        featured=featured,
        description=description,
        image=image,
        terms=other_terms or None,
        title_source=title_source,
        date_source=date_source,
        kind=_kind(keyed, path, site),
        expires=_expiry(keyed),
        lang=scalar_text(keyed.get("lang")),
        translation_key=scalar_text(keyed.get("translationKey", keyed.get("translationkey"))),
        # YAML and JSON hold no date objects (dates stay text): only TOML's need converting.
        fields=(metadata if plain else plain_fields(metadata)) if with_fields else None,
    )
    if body is not None:
        post.search_text = search_text_of(post, body)
    return post


def broken(path: str, size: int, mtime_ns: int, error: str, text: str | None = "") -> Post:
    """The index row for a post that could not be read or parsed: listed, marked, never written."""
    search = (path + "\n" + text).casefold() if text is not None else None
    return Post(path=path, size=size, mtime_ns=mtime_ns, error=error, fields={}, search_text=search)


def read_post(
    root: Path,
    path: str,
    size: int = -1,
    mtime_ns: int = 0,
    with_text: bool = True,
    site: SiteInfo | None = None,
) -> Post:
    """Read and summarize one post; never raises for a bad file (the row carries the error).

    Without `with_text` neither the body (for search) nor the fields (for field queries) are
    kept: a listing row, cheaper to make, to pass between processes and to cache.
    """
    reading = read_post_file(os.path.join(root, path), root)
    if size < 0:
        size = len(reading.raw) if reading.raw is not None else 0
    if reading.metadata is None:
        if reading.text is None:  # unreadable: found by its file name alone
            return broken(path, size, mtime_ns, reading.error or "")
        text = reading.text if with_text else None
        return broken(path, size, mtime_ns, reading.error or "", text)
    body = reading.doc.body if with_text and reading.doc else None
    plain = reading.doc is not None and reading.doc.kind != "toml"
    site = site if site is not None else detect(root)
    post = summarize(path, size, mtime_ns, reading.metadata, body, site, plain, with_text)
    if site.generator == "jekyll" and reading.doc is not None and reading.doc.kind == "none":
        post.kind = "static"  # no front matter: Jekyll copies the file, it renders no page
    return post


def read_details(root: Path, post: Post) -> tuple[str, dict[str, Any]]:
    """(the post's search text, its fields) as its file holds them now: what a listing row
    leaves out. A post that does not parse is searched in its raw text, as a full read of it
    (`read_post`) searches it."""
    reading = read_post_file(root / post.path, root)
    if reading.metadata is None:
        return (post.path + "\n" + (reading.text or "")).casefold(), {}
    toml = reading.doc is not None and reading.doc.kind == "toml"
    body = reading.doc.body if reading.doc else ""
    return search_text_of(post, body), plain_fields(reading.metadata) if toml else reading.metadata


def fill_details(root: Path, post: Post) -> None:
    """Read what a listing row leaves out onto the post: its search text, and every field."""
    post.search_text, fields = read_details(root, post)
    if post.fields is None:
        post.fields = fields


def sample_folder(folder: Path, limit: int) -> list[tuple[Document, dict[str, Any]]]:
    """The last `limit` readable posts of one folder by name (the newest, for dated names).

    What a folder's posts have in common (fields, date style, frontmatter format) is learnt
    from these, for a new post or a form without a CMS schema.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if is_post_name(entry.name))
    except OSError:
        return []
    readings = (read_post_file(folder / name) for name in names[-limit:])
    return [(r.doc, r.metadata) for r in readings if r.doc is not None and r.metadata is not None]
