"""Commit messages in Decap CMS's style: `Create Post “my-slug”`, `Update …`, `Delete …`.

`{{collection}}` is the collection's `label_singular`, else its `label`; the config's
`backend.commit_messages` overrides the templates. Several posts: the first one's message and
` +N`, every path in the body.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from blogtui.domain.site.schema import SiteConfig

DEFAULTS = {
    "create": "Create {{collection}} “{{slug}}”",
    "update": "Update {{collection}} “{{slug}}”",
    "delete": "Delete {{collection}} “{{slug}}”",
}
KIND_OF_STATE = {
    "added": "create",
    "untracked": "create",
    "deleted": "delete",
    "modified": "update",
    "renamed": "update",
    "conflicted": "update",
}


def slug_of(path: str) -> str:
    pure = PurePosixPath(path)
    stem = pure.stem.split(".")[0]
    return pure.parent.name if stem in ("index", "_index") and pure.parent.name else pure.stem


def message(changes: list[tuple[Path, str, str]], config: SiteConfig | None) -> str:
    """The message for these (absolute path, path shown, state) changes."""
    if not changes:
        return ""
    path, shown, state = changes[0]
    kind = KIND_OF_STATE.get(state, "update")
    templates = dict(DEFAULTS)
    if config is not None:
        templates.update({k: v for k, v in config.commit_messages if k in DEFAULTS})
    collection = config.collection_for(path) if config is not None else None
    label = (collection.label_singular or collection.label) if collection else "Post"
    slug = collection.entry if collection and collection.entry else slug_of(shown)
    subject = (
        templates[kind]
        .replace("{{collection}}", label)
        .replace("{{slug}}", slug)
        .replace("{{path}}", shown)
    )
    if len(changes) == 1:
        return subject
    body = "\n".join(f"{KIND_OF_STATE.get(s, 'update')} {p}" for _, p, s in changes)
    return f"{subject} +{len(changes) - 1}\n\n{body}"
