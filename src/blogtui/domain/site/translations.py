"""Which language a post is in, and which posts are translations of each other, by the site's
own convention:
- Decap's `i18n` (`multiple_folders`: `folder/LANG/name.md`; `multiple_files`:
  `name.LANG.md`; `single_file`: one file holding every language's fields);
- Hugo: `name.LANG.md` for a configured language, a `contentDir` per language, and
  `translationKey` tying posts whose names differ;
- Zola: `name.LANG.md` for a configured language;
- Astro (`i18n.locales`) and Eleventy (its I18n plugin): a folder per locale;
- Jekyll with jekyll-polyglot: a `lang` field, translations sharing a name or a permalink.

A site with one language (or none said) has no languages: every post's `lang` is None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from blogtui.domain.formats.dates import iso_and_sort_key
from blogtui.domain.site.generator import SiteInfo
from blogtui.domain.site.post import Post
from blogtui.domain.site.schema import find_config

_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-zA-Z]{2,4})?$")


@dataclass(frozen=True)
class Languages:
    """A site's languages and how it tells them apart."""

    codes: tuple[str, ...] = ()
    default: str | None = None
    style: str = "none"
    """suffix (name.LANG.md), folder (a LANG folder), dirs (a content folder per language),
    field (a `lang` field)."""
    dirs: dict[str, str] = field(default_factory=dict)
    """Hugo: a language's content folder (relative to the opened folder) -> its code."""

    @property
    def many(self) -> bool:
        return len(self.codes) > 1

    def lang_of(self, post: Post) -> str | None:
        """The post's language; None on a site of one language."""
        if not self.many:
            return None
        return self._split(post)[0]

    def key_of(self, post: Post) -> str:
        """What the post's translations share with it."""
        if post.translation_key:
            return "key\0" + post.translation_key
        return self.path_without_lang(post)

    def path_without_lang(self, post: Post) -> str:
        """The post's path with its language taken out (`a.fr.md` -> `a.md`, `fr/a.md` ->
        `a.md`): the same for all its translations."""
        return self._split(post)[1]

    def _split(self, post: Post) -> tuple[str | None, str]:
        path = post.path
        if self.style == "dirs":
            for folder, code in self.dirs.items():
                if path.startswith(folder + "/"):
                    return code, path[len(folder) + 1 :]
            return self.default, path
        if self.style == "field":
            lang = post.lang if post.lang in self.codes else self.default
            return lang, _without_folder(path, self.codes)[1]
        if self.style == "folder":
            found, rest = _without_folder(path, self.codes)
            return found or self.default, rest
        folder, _, name = path.rpartition("/")
        stem, _, suffix = name.rpartition(".")
        base, _, code = stem.rpartition(".")
        if self.style == "suffix" and base and code in self.codes:
            return code, f"{folder}/{base}.{suffix}" if folder else f"{base}.{suffix}"
        return self.default, path


def _without_folder(path: str, codes: Iterable[str]) -> tuple[str | None, str]:
    """The first folder of the path that is a language's, and the path without it."""
    parts = path.split("/")
    for number, part in enumerate(parts[:-1]):
        if part in codes:
            return part, "/".join(parts[:number] + parts[number + 1 :])
    return None, path


def languages_of(root: Path, info: SiteInfo) -> Languages:
    """The languages of the site a content folder belongs to."""
    decap = _decap(root)
    if decap is not None:
        return decap
    config = {str(k).lower(): v for k, v in info.config.items()}
    if info.generator == "hugo":
        return _hugo(root, info, config)
    if info.generator == "zola":
        declared = config.get("languages")
        codes = list(declared) if isinstance(declared, dict) else [
            str(item.get("code")) for item in declared or [] if isinstance(item, dict)
        ]  # fmt: skip
        default = str(config.get("default_language") or "en")
        return _made([default, *codes], default, "suffix")
    if info.generator == "jekyll" and isinstance(config.get("languages"), list):
        codes = [str(code) for code in config["languages"]]
        return _made(codes, str(config.get("default_lang") or codes[0]), "field")
    if info.generator == "astro":
        return _astro(info)
    if info.generator == "eleventy":
        return _eleventy(root, info)
    return Languages()


def _made(codes: Iterable[str], default: str | None, style: str, **more: Any) -> Languages:
    unique = tuple(dict.fromkeys(code for code in codes if code))
    return Languages(unique, default, style, **more) if len(unique) > 1 else Languages()


def _hugo(root: Path, info: SiteInfo, config: dict[str, Any]) -> Languages:
    declared = config.get("languages")
    if not isinstance(declared, dict):
        return Languages()
    codes = [str(code).lower() for code in declared]
    default = str(config.get("defaultcontentlanguage") or "en").lower()
    dirs = {}
    for code, settings in declared.items():
        keyed = (
            {str(k).lower(): v for k, v in settings.items()} if isinstance(settings, dict) else {}
        )
        where = keyed.get("contentdir")
        if isinstance(where, str):
            folder = (info.site_root / where.strip("/")).resolve()
            if folder.is_relative_to(root.resolve()):
                dirs[folder.relative_to(root.resolve()).as_posix()] = str(code).lower()
    if dirs:
        return _made(codes, default, "dirs", dirs=dirs)
    return _made([default, *codes], default, "suffix")


def _decap(root: Path) -> Languages | None:
    path = find_config(root)
    if path is None:
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # the config's own error is told where it is read for the form
    i18n = data.get("i18n") if isinstance(data, dict) else None
    if not isinstance(i18n, dict) or not isinstance(i18n.get("locales"), list):
        return None
    codes = [str(code) for code in i18n["locales"]]
    default = str(i18n.get("default_locale") or (codes[0] if codes else ""))
    style = {"multiple_folders": "folder", "multiple_files": "suffix"}.get(
        str(i18n.get("structure"))
    )
    # `single_file` keeps every language in one post: there is nothing to group.
    return _made(codes, default, style) if style else Languages()


_ASTRO_LOCALES = re.compile(r"locales\s*:\s*\[([^\]]*)\]", re.S)
_ASTRO_DEFAULT = re.compile(r"defaultLocale\s*:\s*[\"']([^\"']+)[\"']")


def _astro(info: SiteInfo) -> Languages:
    from blogtui.domain.site.astro import config_file

    path = config_file(info.site_root)
    text = path.read_text(encoding="utf-8", errors="replace") if path is not None else ""
    found = _ASTRO_LOCALES.search(text)
    if found is None:
        return Languages()
    codes = re.findall(r"[\"']([^\"']+)[\"']", found[1])
    default = _ASTRO_DEFAULT.search(text)
    return _made(codes, default[1] if default else codes[0] if codes else None, "folder")


def _eleventy(root: Path, info: SiteInfo) -> Languages:
    configs = [info.config_file] if info.config_file is not None else []
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in configs if p.is_file())
    if "I18nPlugin" not in text:
        return Languages()
    default = re.search(r"defaultLanguage\s*:\s*[\"']([^\"']+)[\"']", text)
    codes = sorted(p.name for p in root.iterdir() if p.is_dir() and _CODE.match(p.name))
    return _made(codes, default[1] if default else None, "folder")


@dataclass
class Translations:
    """Every post's language and its translations, over one index's posts."""

    languages: Languages
    groups: dict[str, list[str]] = field(default_factory=dict)
    """A translation key -> the paths of its posts."""
    keys: dict[str, str] = field(default_factory=dict)
    langs: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, languages: Languages, posts: Iterable[Post]) -> Translations:
        made = cls(languages)
        if languages.many:
            grouped: dict[str, list[str]] = defaultdict(list)
            for post in posts:
                key = languages.key_of(post)
                made.keys[post.path] = key
                made.langs[post.path] = languages.lang_of(post)
                grouped[key].append(post.path)
            made.groups = dict(grouped)
        return made

    def lang(self, path: str) -> str | None:
        return self.langs.get(path)

    def others(self, path: str) -> list[str]:
        """The paths of the post's translations (itself left out), in language order."""
        group = self.groups.get(self.keys.get(path, ""), [])
        if len(group) < 2:
            return []  # most posts, and every post of a site in one language
        order = {code: n for n, code in enumerate(self.languages.codes)}
        return sorted((p for p in group if p != path),
                      key=lambda p: (order.get(self.langs.get(p) or "", 99), p))  # fmt: skip

    def has(self, path: str, lang: str) -> bool:
        """Whether the post or one of its translations is in `lang`."""
        group = self.groups.get(self.keys.get(path, ""), [path])
        return any(self.langs.get(p) == lang for p in group)


CHANGE_FIELDS = ("lastmod", "lastMod", "updated", "updatedDate", "modified", "last_modified_at")
"""Fields that say when a post last changed (Hugo, Astro starters, Jekyll's seo plugin)."""


def last_change(post: Post) -> float:
    """When a post last changed: the field that says so, else its file's time."""
    for key in CHANGE_FIELDS:
        value = (post.fields or {}).get(key)
        if value not in (None, ""):
            moment = iso_and_sort_key(value)[1]
            if moment is not None:
                return moment
    return post.mtime_ns / 1e9


def behind(translations: Translations, posts: dict[str, Post]) -> list[tuple[Post, Post]]:
    """(translation, its source) for every translation last changed before its source (the
    post in the site's default language)."""
    found = []
    default = translations.languages.default
    for group in translations.groups.values():
        sources = [posts[p] for p in group if translations.lang(p) == default and p in posts]
        if len(sources) != 1:
            continue
        source = sources[0]
        for path in group:
            if (
                path != source.path
                and path in posts
                and last_change(posts[path]) < last_change(source)
            ):
                found.append((posts[path], source))
    return found


def when(moment: float) -> str:
    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).strftime("%Y-%m-%d")
