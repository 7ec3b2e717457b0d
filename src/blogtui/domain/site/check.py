"""Validation of every post: what would break the site (errors) or weaken it (warnings)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats import yamledit
from blogtui.domain.formats.dates import hugo_reads, parse_date
from blogtui.domain.formats.document import Document
from blogtui.domain.site.generator import SiteInfo, detect
from blogtui.domain.site.index import scan
from blogtui.domain.site.linkgraph import LinkGraph
from blogtui.domain.site.media import image_exists, media_values
from blogtui.domain.site.post import DATE_KEYS, IMAGE_KEYS, Post, is_snippet_path, summarize
from blogtui.domain.site.rules import RULES, Problem
from blogtui.domain.site.schema import Collection, Field, SiteConfig, matches_pattern
from blogtui.domain.site.sitefile import CheckSettings
from blogtui.domain.site.webcheck import link_problems, translation_problems

_LANG_SUFFIX = re.compile(r"^(?P<stem>.+?)\.(?P<lang>[a-z]{2}(?:-[a-zA-Z]{2,4})?)$")


_KEY_LINE = re.compile(r"^[ \t]*(?:- )?([^\s#:\-][^:\n]*?):(?:[ \t]|$)", re.M)


def duplicate_key_problems(path: str, doc: Document) -> list[Problem]:
    """A key written twice: sites read the last one, and an edit of the first would be lost."""
    if doc.kind == "json":
        return _json_duplicates(path, doc)
    if doc.kind != "yaml":
        return []  # TOML's parser refuses a key written twice
    keys = _KEY_LINE.findall(doc.matter)
    if len(keys) == len(set(keys)):
        return []  # the usual case, decided without composing the YAML
    first_line = 2 if doc.head else 1
    problems = []
    for key, lines in yamledit.duplicate_keys(doc.matter):
        where = " and ".join(str(line + first_line - 1) for line in lines)
        message = f"{key} is written more than once (lines {where}); sites use the last one"
        line = lines[-1] + first_line - 1
        problems.append(Problem(path, "error", key, message, "duplicate-key", line))
    return problems


def _json_duplicates(path: str, doc: Document) -> list[Problem]:
    # JSON readers (ours, Hugo's, Eleventy's) keep the last of two equal keys, silently.
    twice: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        names = [name for name, _ in items]
        twice.extend(name for number, name in enumerate(names) if name in names[:number])
        return dict(items)

    try:
        json.loads(doc.matter, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return []  # not readable: the parse error says so
    first_line = 2 if doc.head else 1
    problems = []
    for key in dict.fromkeys(twice):
        pattern = re.compile(r'"' + re.escape(json.dumps(key)[1:-1]) + r'"\s*:')
        lines = [
            doc.matter.count("\n", 0, m.start()) + first_line for m in pattern.finditer(doc.matter)
        ]
        where = " and ".join(str(line) for line in lines)
        message = f"{key} is written more than once (lines {where}); sites use the last one"
        problems.append(
            Problem(path, "error", key, message, "duplicate-key", lines[-1] if lines else None)
        )
    return problems


def slug_key(path: str, metadata: dict[str, Any]) -> tuple[str, str, str]:
    """(section folder, slug, language): two posts with the same key publish at the same URL."""
    pure = PurePosixPath(path)
    stem = pure.stem
    lang = ""
    match = _LANG_SUFFIX.match(stem)
    if match:
        stem, lang = match["stem"], match["lang"]
    folder = pure.parent
    if stem in ("index", "_index"):
        stem, folder = folder.name, folder.parent
    explicit = metadata.get("slug")
    slug = str(explicit).strip() if explicit not in (None, "") else stem
    return str(folder), slug.casefold(), lang


_NOT_CHECKED_AS_POSTS = ("section", "headless", "snippet")
DATED_FIELDS = (*DATE_KEYS, "lastmod", "expiryDate", "updated", "updatedDate", "modified")
"""Fields that generators read as dates (Hugo's case-insensitively)."""
URL_FIELDS = ("url", "permalink", "path")
ALIAS_FIELDS = ("aliases", "redirect_from")
"""Hugo's and Zola's `aliases`, jekyll-redirect-from's `redirect_from`: old URLs of a post."""
_DATED_NAME = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-")


def _aliases(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [str(item).strip().strip("/").casefold() for item in items if str(item).strip("/ ")]


"""Fields that set a post's URL outright (Hugo `url`, Jekyll and Eleventy `permalink`, Zola
`path`)."""


@dataclass
class _Site:
    """What the checks of one post need to know about the whole folder."""

    root: Path
    info: SiteInfo
    config: SiteConfig | None
    media: dict[str, bool] = field(default_factory=dict)
    """Images already looked for in the site, by the path posts name them with."""
    collections: dict[str, Collection | None] = field(default_factory=dict)
    """The CMS collection of each folder (finding one resolves paths: once per folder)."""

    def fields_for(self, post_path: str) -> tuple[Field, ...]:
        folder = post_path.rpartition("/")[0]
        if self.config is not None and any(c.file for c in self.config.collections):
            folder = post_path  # a `files:` entry is one file: its folder says nothing
        if folder not in self.collections:
            found = self.config.collection_for(self.root / post_path) if self.config else None
            self.collections[folder] = found
        collection = self.collections[folder]
        return collection.fields if collection else ()


def line_of(doc: Document, key: str) -> int | None:
    """The file line where a top-level `key` is written (YAML, TOML or JSON)."""
    quoted = re.escape(key)
    pattern = re.compile(rf"^(?:{quoted}|\"{quoted}\"|'{quoted}')[ \t]*[:=]", re.M)
    if doc.kind == "json":
        pattern = re.compile(rf"^\s*\"{quoted}\"\s*:", re.M)
    found = pattern.search(doc.matter)
    if found is None:
        return None
    return doc.head.count("\n") + doc.matter.count("\n", 0, found.start()) + 1


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _schema_problems(
    doc: Document, metadata: dict[str, Any], fields: tuple[Field, ...]
) -> list[tuple[str, str, str]]:
    """(rule, field, message) for the CMS collection's rules: required, pattern, min and max."""
    found = []
    for f in fields:
        if f.widget == "hidden" or f.name == "body":
            continue  # set by the CMS itself; the body is the file's text
        value = metadata.get(f.name)
        if _empty(value):
            if f.required and f.widget != "boolean" and not f.has_default:
                found.append(("required", f.name, f"{f.name} is required by the CMS but missing"))
            continue
        text = str(value) if isinstance(value, (str, int, float)) else None
        if f.pattern is not None and text is not None and not matches_pattern(f.pattern[0], text):
            hint = f.pattern[1] or f"must match {f.pattern[0]}"
            found.append(("pattern", f.name, f"{f.name}: {hint}"))
        size = len(value) if isinstance(value, list) else value
        if isinstance(size, (int, float)) and not isinstance(size, bool):
            unit = " items" if isinstance(value, list) else ""
            if f.minimum is not None and size < f.minimum:
                message = f"{f.name} must have at least {f.minimum:g}{unit} (has {size:g})"
                found.append(("range", f.name, message))
            if f.maximum is not None and size > f.maximum:
                message = f"{f.name} must have at most {f.maximum:g}{unit} (has {size:g})"
                found.append(("range", f.name, message))
    return found


def check_post(site: _Site, post: Post, doc: Document, metadata: dict[str, Any]) -> list[Problem]:
    """The problems of one post that parsed, by rule (severities not yet applied)."""
    problems: list[Problem] = []

    def add(rule: str, field: str | None, message: str, line: int | None = None) -> None:
        if line is None and field is not None:
            line = line_of(doc, field)
        problems.append(Problem(post.path, RULES[rule][0], field, message, rule, line))

    fields = site.fields_for(post.path)
    if post.kind not in _NOT_CHECKED_AS_POSTS:
        for rule, name, message in _schema_problems(doc, metadata, fields):
            add(rule, name, message)
    date_fields = {f.name for f in fields if f.widget in ("date", "datetime")}
    wanted = {key.lower() if site.info.case_insensitive_keys else key for key in DATED_FIELDS}
    for key, value in metadata.items():
        named = key.lower() if site.info.case_insensitive_keys else key
        dated = named in wanted or key in date_fields
        if dated and value not in (None, "") and parse_date(value) is None:
            add("date", key, f"invalid date {value!r}")
        elif dated and site.info.generator == "hugo" and not hugo_reads(value):
            add("date", key, f"Hugo cannot read the date {value!r} (write it as ISO 8601: "
                "2015-03-17T14:00:00-04:00)")  # fmt: skip
    media_fields = {f.name for f in fields if f.widget in ("image", "file")}
    post_file = site.root / post.path
    for key, named in media_values(metadata, (*IMAGE_KEYS, *media_fields)):
        if not image_exists(named, post_file, site.root, site.config, site.media):
            add("media", key.split(".")[0], f"{named} is not in the site")
    parts = post.path.split("/")
    jekyll_post = site.info.generator == "jekyll" and "_posts" in parts[:-1]
    if jekyll_post and not _DATED_NAME.match(parts[-1]):
        add("post-name", None, "Jekyll builds only _posts/YYYY-MM-DD-name.md: this post is "
            "never published (put its date before its name)", 1)  # fmt: skip
    return problems


def _twins(posts: list[Post]) -> list[Problem]:
    """A draft with a past date beside a published post of the same title in the same folder:
    usually an old copy that was never removed, and one edit away from publishing twice."""
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    by_title: dict[tuple[str, str], list[Post]] = defaultdict(list)
    for post in posts:
        if post.kind == "post" and post.title:
            folder = str(PurePosixPath(post.path).parent)
            by_title[(folder, post.title.strip().casefold())].append(post)
    problems = []
    for group in by_title.values():
        published = [p for p in group if not p.draft]
        for draft in (p for p in group if p.draft):
            if published and draft.sort_date is not None and draft.sort_date < now:
                problems.append(
                    Problem(
                        draft.path,
                        RULES["draft-twin"][0],
                        "draft",
                        f"a draft dated in the past beside its published twin {published[0].path}",
                        "draft-twin",
                    )
                )
    return problems


def check_folder(
    root: Path,
    config: SiteConfig | None,
    stats: dict[str, tuple[int, int]] | None = None,
    settings: CheckSettings | None = None,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> list[Problem]:
    """Every problem of every post under `root` (or of these scanned posts), sorted by path.

    `settings` (from the site file) set rules off or change their severity and leave paths out;
    `only` and `skip` choose rules by id. Each file is read once: the checks need the whole
    frontmatter and body, which the index keeps no copy of.
    """
    settings = settings or CheckSettings()
    stats = stats if stats is not None else scan(root)
    info = detect(root)
    site = _Site(root, info, config)
    problems: list[Problem] = []
    owners: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    posts: list[Post] = []
    graph = LinkGraph.empty(root, config)
    content = _content_folder(root, info)
    for path, (size, mtime) in sorted(stats.items()):
        if _ignored(root / path, content, settings.ignore):
            continue
        if is_snippet_path(path):
            continue  # a template (a Hugo archetype's `{{ .Date }}`), not a post
        reading = read_post_file(root / path, root)
        doc, metadata = reading.doc, reading.metadata
        if doc is None or metadata is None:
            where = re.search(r"line (\d+)", reading.error or "")
            line = int(where[1]) if where else None
            problems.append(Problem(path, "error", None, reading.error or "", "frontmatter", line))
            continue
        post = summarize(path, size, mtime, metadata, None, info, plain=True)  # never cached
        posts.append(post)
        graph.add(path, doc, metadata)
        problems += duplicate_key_problems(path, doc)
        problems += check_post(site, post, doc, metadata)
        if post.kind == "post":
            owners[slug_key(path, metadata)].append(path)
            for key in URL_FIELDS:
                url = metadata.get(key)
                if isinstance(url, str) and url.strip("/ "):
                    owners[("\0url", url.strip().strip("/").casefold(), "")].append(path)
        # An old URL that redirects here: one post may claim it (per language: Hugo puts a
        # translation's aliases under its language's prefix).
        lang = slug_key(path, metadata)[2]
        for key in ALIAS_FIELDS:
            for alias in _aliases(metadata.get(key)):
                owners[("\0alias", alias, f"{key}\0{lang}")].append(path)
    for (kind, slug, key), paths in owners.items():
        key = key.split("\0")[0]
        if len(set(paths)) > 1:
            for path in dict.fromkeys(paths):
                others = ", ".join(p for p in dict.fromkeys(paths) if p != path)
                if kind == "\0alias":
                    message = f"claims the same {key} as {others} ({slug!r})"
                    problems.append(Problem(path, "error", key, message, "duplicate-url"))
                    continue
                by_url = kind == "\0url"
                what = f"url {slug!r}" if by_url else f"slug {slug!r}"
                message = f"publishes at the same URL as {others} ({what})"
                field_name = "url" if by_url else "slug"
                problems.append(Problem(path, "error", field_name, message, "duplicate-url"))
    graph.finish()
    for post in posts:
        problems += link_problems(graph, post)
    problems += _twins(posts)
    problems += translation_problems(root, info, posts)
    return _chosen(problems, settings, set(only), set(skip))


def _content_folder(root: Path, info: SiteInfo) -> Path:
    """What `[check] ignore` paths are relative to: the site's content folder, whichever
    folder `check` was given (the site's root or the content folder itself)."""
    top = os.path.abspath(info.site_root)
    roots = [os.path.abspath(folder) for folder in info.content_roots]
    if roots and top == os.path.abspath(root) and top not in roots:  # Jekyll's is the top
        return Path(roots[0])
    return root


def _ignored(path: Path, content: Path, patterns: Iterable[str]) -> bool:
    relative = os.path.relpath(path, content).replace(os.sep, "/")
    return any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)


def _chosen(
    problems: list[Problem], settings: CheckSettings, only: set[str], skip: set[str]
) -> list[Problem]:
    kept = []
    for problem in problems:
        if (only and problem.rule not in only) or problem.rule in skip:
            continue
        severity = settings.severities.get(problem.rule, problem.severity)
        if severity == "off":
            continue
        kept.append(replace(problem, severity=severity))  # type: ignore[arg-type]
    order = {"error": 0, "warning": 1}
    return sorted(kept, key=lambda p: (p.path, order[p.severity], p.line or 0))
