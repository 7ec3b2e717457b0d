"""How generators read a post's terms: tags and the other taxonomies, from a list, a lone
value or (Jekyll) a space-separated string, under the site's key conventions."""

from __future__ import annotations

from typing import Any

from blogtui.domain.site.generator import SINGULAR, UNKNOWN_SITE, SiteInfo


def scalar_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def terms_in(value: Any, space_separated: bool = True) -> tuple[str, ...]:
    """A taxonomy's terms as sites read them: a list, a lone value, or (Jekyll) a
    space-separated string."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split() if space_separated else [value]
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    seen: dict[str, None] = {}
    for item in items:
        text = scalar_text(item)
        if text is not None and text.strip():
            seen.setdefault(text.strip(), None)
    return tuple(seen)


def tags_of(metadata: dict[str, Any], site: SiteInfo = UNKNOWN_SITE) -> tuple[str, ...]:
    """Tags as the site reads them (`tags`, else `tag`)."""
    return taxonomy_terms(keys_for(metadata, site), "tags", site)


def taxonomy_field(
    metadata: dict[str, Any], taxonomy: str, site: SiteInfo, keyed: bool = False
) -> tuple[str, ...] | None:
    """Where a post keeps a taxonomy: the plural field, else its singular (`category:`), in
    any case on Hugo; Zola's under `[taxonomies]`. None when it has none. The index reads the
    terms from here, and renames write them here. `keyed`: the metadata already carries
    lower-cased keys (see `_keys_for`), so no scan for other spellings is needed."""
    if site.zola_taxonomies:
        table = metadata.get("taxonomies")
        found = isinstance(table, dict) and table.get(taxonomy) is not None
        return ("taxonomies", taxonomy) if found else None
    names = [taxonomy] + ([SINGULAR[taxonomy]] if taxonomy in SINGULAR else [])
    for name in names:
        if metadata.get(name) is not None:
            return (name,)
    if site.case_insensitive_keys and not keyed:
        for name in names:
            for key, value in metadata.items():
                if key.lower() == name and value is not None:
                    return (key,)
    return None


def taxonomy_terms(metadata: dict[str, Any], taxonomy: str, site: SiteInfo) -> tuple[str, ...]:
    """One taxonomy's terms, as the site reads them (see `taxonomy_field`); `metadata` comes
    through `_keys_for`."""
    key = taxonomy_field(metadata, taxonomy, site, keyed=True)
    if key is None:
        return ()
    value: Any = metadata
    for part in key:
        value = value[part]
    return terms_in(value, site.space_separated_terms and not site.zola_taxonomies)


def keys_for(metadata: dict[str, Any], site: SiteInfo) -> dict[str, Any]:
    """Hugo reads keys case-insensitively: `Title:` is the title. Lower-cased copies are added
    beside the keys as written (a key written in lower case wins)."""
    if not site.case_insensitive_keys or all(k.islower() for k in metadata if isinstance(k, str)):
        return metadata
    keyed = {str(k).lower(): v for k, v in metadata.items()}
    keyed.update(metadata)
    return keyed
