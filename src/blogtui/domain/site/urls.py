"""The URL a generator publishes a post at, by its own rules, so that a link written as a URL
(`/posts/hello/`, `../hello/`) finds its post, and a move knows when the URL changes.

Each generator's default rules, and the overrides a post or the config can set:
- Hugo: the path under the content folder (a bundle by its folder, `_index.md` by its section),
  `slug` for the last part, `url` outright, `[permalinks]` per section (`:year`, `:month`,
  `:day`, `:slug`, `:title`, `:filename`, `:section`, `:contentbasename`); lower case; a
  translation under `/LANG/`.
- Zola: the same paths, a `YYYY-MM-DD-` (or `_`) prefix dropped, `slug`, `path` outright.
- Jekyll: `_posts/` by the `permalink` style (`date` unless the config or the post says
  otherwise: `pretty`, `ordinal`, `none`, or a template), categories first; a page at its path
  with `.html`.
- Eleventy: the path under the input folder, `index` by its folder; `permalink` outright.
- Astro: pages at their path; a collection's entry at `/<collection>/<slug or id>/`, as the
  starters route them (the routes are code, which is not read).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import PurePosixPath
from typing import Any

from blogtui.domain.files.naming import slugify
from blogtui.domain.site.generator import SiteInfo

_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[-_]")
_JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_TOKEN = re.compile(r":([a-z_]+)")


def url_key(url: str) -> str:
    """One spelling of a URL path for comparing: no host, query or anchor, no `index.html`,
    `.html` or slashes at the ends, case-folded (Hugo lowers every URL; the others are served
    by case-insensitive hosts often enough that a case slip is no reason to call a link
    broken)."""
    path = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "", url).split("#")[0].split("?")[0]
    path = path.strip().strip("/")
    for ending in ("index.html", "index.htm"):
        if path == ending or path.endswith("/" + ending):
            path = path[: -len(ending)].rstrip("/")
    for ending in (".html", ".htm"):
        if path.endswith(ending):
            path = path[: -len(ending)]
    return path.casefold()


def resolve_url(target: str, page_url: str) -> str:
    """A link's URL read from a page at `page_url` (a relative URL is relative to the page)."""
    if target.startswith("/"):
        return target
    folder = page_url if page_url.endswith("/") else page_url.rsplit("/", 1)[0] + "/"
    return posixpath.normpath(posixpath.join(folder, target)) + (
        "/" if target.endswith("/") else ""
    )


def public_url(
    in_content: str, metadata: dict[str, Any], info: SiteInfo, lang: str | None = None
) -> str:
    """The URL path of a post: `in_content` is its path under the generator's content folder
    (Jekyll: under the site's root)."""
    if info.generator == "jekyll":
        return _jekyll(in_content, metadata, info)
    pure = PurePosixPath(in_content)
    stem, folder = pure.stem, pure.parent
    if "." in stem and lang:  # name.fr.md
        stem = stem.rsplit(".", 1)[0]
    section = stem in ("_index",)
    if stem in ("index", "_index"):
        stem, folder = folder.name, folder.parent
    explicit = _text(metadata, "url" if info.generator == "hugo" else "permalink")
    if info.generator == "zola":
        explicit = _text(metadata, "path")
    if explicit and "{" not in explicit:
        return "/" + explicit.strip("/") + ("/" if not explicit.endswith((".html", ".xml")) else "")
    prefix = f"/{lang}" if lang else ""
    if info.generator == "zola":
        stem = _DATE_PREFIX.sub("", stem)
    slug = _text(metadata, "slug")
    if info.generator == "hugo" and not section:
        made = _hugo_permalink(pure, stem, folder, metadata, info)
        if made is not None:
            return prefix + made
    if slug and not section:
        stem = slug
    if info.generator == "astro" and str(folder).startswith(("src/content/", "content/")):
        parts = str(folder).split("/")
        collection = parts[2] if parts[0] == "src" else parts[1]
        return f"{prefix}/{collection}/{slug or _under_collection(pure, parts)}/"
    if info.generator == "astro" and str(folder).startswith("src/pages"):
        folder = PurePosixPath(str(folder)[len("src/pages") :].lstrip("/"))
    path = "/".join(part for part in (*folder.parts, stem) if part and part != ".")
    url = f"{prefix}/{path}/" if path else f"{prefix}/"
    return url.lower() if info.generator in ("hugo", "zola") else url


def _under_collection(pure: PurePosixPath, parts: list[str]) -> str:
    depth = 3 if parts[0] == "src" else 2
    inner = PurePosixPath(*pure.parts[depth:])
    stem = inner.with_suffix("").as_posix()
    return stem[: -len("/index")] if stem.endswith("/index") else stem


def _text(metadata: dict[str, Any], key: str) -> str | None:
    value = metadata.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date(metadata: dict[str, Any], stem: str) -> dt.date | None:
    value = metadata.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value) if value is not None else stem
    found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if found is None:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def _hugo_permalink(
    pure: PurePosixPath, stem: str, folder: PurePosixPath, metadata: dict[str, Any], info: SiteInfo
) -> str | None:
    lowered = {str(k).lower(): v for k, v in info.config.items()}
    rules = lowered.get("permalinks")
    if not isinstance(rules, dict) or not folder.parts:
        return None
    section = folder.parts[0]
    page_rules = rules.get("page")
    rule = (page_rules if isinstance(page_rules, dict) else rules).get(section)
    if not isinstance(rule, str):
        return None
    title = _text(metadata, "title") or stem
    date = _date(metadata, pure.stem)
    values = {
        "section": section,
        "sections": "/".join(folder.parts),
        "title": slugify(title),
        "slug": _text(metadata, "slug") or slugify(title),
        "slugorfilename": _text(metadata, "slug") or stem,
        "filename": stem,
        "contentbasename": stem,
        "year": f"{date.year:04d}" if date else "",
        "month": f"{date.month:02d}" if date else "",
        "day": f"{date.day:02d}" if date else "",
    }
    made = _TOKEN.sub(lambda m: values.get(m[1], m[0]), rule)
    return re.sub(r"/+", "/", "/" + made.strip("/") + "/").lower()


def _jekyll(in_site: str, metadata: dict[str, Any], info: SiteInfo) -> str:
    pure = PurePosixPath(in_site)
    explicit = _text(metadata, "permalink")
    pretty = info.config.get("permalink") == "pretty"
    if "_posts" not in pure.parts and "_drafts" not in pure.parts:
        if explicit:
            return explicit
        path = pure.with_suffix("").as_posix()
        if pure.stem == "index":
            return "/" + str(pure.parent).strip(".").strip("/") + "/" if pure.parent.parts else "/"
        return f"/{path}/" if pretty else f"/{path}.html"
    style = str(info.config.get("permalink") or "date")
    template = explicit or _JEKYLL_STYLES.get(style, style)
    stem = pure.stem
    date = _date(metadata, stem)
    title = _text(metadata, "slug") or _DATE_PREFIX.sub("", stem + "-")[:-1] or stem
    above = [part for part in pure.parts[: pure.parts.index("_posts") if "_posts" in pure.parts
             else pure.parts.index("_drafts")]]  # fmt: skip
    categories = above + _categories(metadata)
    values = {
        "categories": "/".join(slugify(c) for c in categories),
        "year": f"{date.year:04d}" if date else "",
        "month": f"{date.month:02d}" if date else "",
        "i_month": str(date.month) if date else "",
        "day": f"{date.day:02d}" if date else "",
        "i_day": str(date.day) if date else "",
        "y_day": f"{date.timetuple().tm_yday:03d}" if date else "",
        "short_year": f"{date.year % 100:02d}" if date else "",
        "title": title,
        "slug": slugify(title),
        "output_ext": ".html",
    }
    made = _TOKEN.sub(lambda m: values.get(m[1], m[0]), template)
    return re.sub(r"/+", "/", "/" + made.lstrip("/"))


def _categories(metadata: dict[str, Any]) -> list[str]:
    value = metadata.get("categories", metadata.get("category"))
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(item) for item in value if item is not None]
    return []
