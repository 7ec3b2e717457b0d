"""A new translation of a post, where the site's convention puts it."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from blogtui.domain.files.fsio import read_bytes
from blogtui.domain.formats.document import Document, parse_matter, split
from blogtui.domain.ops.edit import DELETE, KeyPath, LoadedPost, edit_fields
from blogtui.domain.site.post import Post
from blogtui.domain.site.schema import SiteConfig
from blogtui.domain.site.translations import Languages


class TranslationError(ValueError):
    """No translation can be made (one line)."""


def translation_path(languages: Languages, post: Post, lang: str) -> str:
    """Where the `lang` version of a post goes, relative to the content folder."""
    if not languages.many:
        raise TranslationError("this site has one language (no languages are configured)")
    if lang not in languages.codes:
        raise TranslationError(
            f"{lang}: not one of the site's languages ({', '.join(languages.codes)})"
        )
    current = languages.lang_of(post)
    rest = languages.path_without_lang(post)
    pure = PurePosixPath(rest)
    if languages.style == "suffix":
        name = pure.name if lang == languages.default else f"{pure.stem}.{lang}{pure.suffix}"
        return str(pure.with_name(name))
    if languages.style == "dirs":
        folder = next((f for f, code in languages.dirs.items() if code == lang), None)
        if folder is None:
            raise TranslationError(f"{lang}: the site gives it no content folder")
        return f"{folder}/{rest}"
    parts = post.path.split("/")
    if current in parts[:-1]:
        parts[parts.index(current)] = lang
    else:
        parts.insert(len(parts) - 1, lang)
    return "/".join(parts)


def translation_text(
    root: Path, post: Post, lang: str, languages: Languages, config: SiteConfig | None
) -> bytes:
    """The new translation's bytes: the source's frontmatter as written, less the fields the
    CMS marks as each language's own (`i18n: true`), with its `lang` where the site says the
    language in a field; an empty body to write."""
    raw = read_bytes(root / post.path, root=root)
    doc = split(raw.decode("utf-8"))
    start = Document(doc.bom, doc.head, doc.matter, doc.tail, "", doc.kind)
    metadata = parse_matter(start)
    changes: dict[KeyPath, Any] = {}
    collection = config.collection_for(root / post.path) if config is not None else None
    for field in collection.fields if collection is not None else ():
        if field.translated and field.name in metadata:
            changes[(field.name,)] = DELETE
    if languages.style == "field":
        changes[("lang",)] = lang
    if not changes:
        return start.text.encode("utf-8")
    loaded = LoadedPost(root / post.path, start.text.encode("utf-8"), start, metadata, root)
    return edit_fields(loaded, changes).doc.text.encode("utf-8")
