"""Moving a post, a page bundle or a file without breaking a link: one change set.

Every link that reaches a moved file is rewritten in its own form (a `@/` link stays a `@/`
link, a relative link stays relative, a Hugo `ref` by name stays a name), and only the link
target's characters change. The moved posts' own relative links are rewritten for their new
folder. Where a post's public URL changes, its old URL is kept as an alias in the generator's
form (Hugo and Zola `aliases`, Jekyll `redirect_from` with jekyll-redirect-from); where the site
has no such thing, a note says that the old URL will 404.

Planned in memory; applied through the journal like every change set, and undone byte for byte.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.naming import slugify
from blogtui.domain.files.postfiles import is_post_name
from blogtui.domain.formats.document import FrontmatterError, parse_matter, split
from blogtui.domain.ops.changeset import ChangeSet, FileChange, raw_post
from blogtui.domain.ops.edit import LoadedPost, edit_fields, load_post, lookup
from blogtui.domain.ops.fileops import renamed_path
from blogtui.domain.site.linkgraph import LinkGraph, OutLink
from blogtui.domain.site.links import zola_content
from blogtui.domain.site.urls import public_url


class MoveError(ValueError):
    """The move cannot be made (one line for the user); nothing was written."""


@dataclass(frozen=True)
class _Move:
    """What goes where: site-relative paths; and each moved post's URL once moved (worked out
    once: every link written as a URL to it needs it)."""

    files: dict[str, str]
    urls: dict[str, str]


def plan_move(graph: LinkGraph, source: str, target: str) -> ChangeSet:
    """A change set moving `source` (a file or a bundle's folder, relative to the site's root)
    to `target`, with every link kept. MoveError when it cannot be made."""
    site_root = graph.info.site_root
    moving = _files_to_move(site_root, source, target)
    urls = {old: _url_after(graph, old, new) for old, new in moving.items() if old in graph.pages}
    move = _Move(moving, urls)
    rewrites: dict[str, list[tuple[OutLink, str]]] = {}
    for page_path, page in graph.pages.items():
        for link in page.links:
            text = _rewritten(graph, link, page_path, move)
            if text is not None:
                rewrites.setdefault(page_path, []).append((link, text))
    notes: list[str] = []
    files: list[FileChange] = []
    for old, new in move.files.items():
        change = _moved_file(graph, old, new, rewrites.pop(old, []), notes, move.urls.get(old))
        files.append(change)
    for path, links in sorted(rewrites.items()):
        files.append(_relinked(site_root, path, links))
    summary = f"move {source} -> {target}"
    return ChangeSet(site_root, summary, files, notes=notes, tidy=True)


def move_target(source: Path, answer: str, root: Path, lang: str | None = None) -> Path:
    """Where a post goes for what was typed: a name renames it in its folder (a safe slug, a
    Jekyll post's date kept); `a/b` moves it from its folder, `/a/b` from the content folder
    (`root`). A bundle's `index.md` stands for its folder, which is what moves. `lang`: the
    language a `name.LANG.md` is in, kept in the new name (else the post changes language)."""
    bundle = source.stem in ("index", "_index") and source.parent != root
    current = source.parent if bundle else source
    base = root if answer.startswith("/") else current.parent
    parts = [part for part in answer.strip("/").split("/") if part.strip(". ")]
    if not parts:
        return source
    for part in parts[:-1]:
        base = base / slugify(part)
    if bundle:
        return base / slugify(parts[-1])
    typed = parts[-1].removesuffix(current.suffix)
    typed = typed.removesuffix(f".{lang}") if lang else typed
    name = renamed_path(current, typed).name
    if lang:
        name = f"{name.removesuffix(current.suffix)}.{lang}{current.suffix}"
    return base / name


def _files_to_move(site_root: Path, source: str, target: str) -> dict[str, str]:
    top = os.path.abspath(site_root)
    old = os.path.normpath(os.path.join(top, source))
    new = os.path.normpath(os.path.join(top, target))
    real_top = os.path.realpath(top)
    for path in (old, new):
        inside = path == top or path.startswith(top + os.sep)
        # No link on the way below the site's root (the root itself may be reached through one).
        if not inside or os.path.realpath(path) != os.path.join(
            real_top, os.path.relpath(path, top)
        ):
            raise MoveError(f"{os.path.relpath(path, top)}: outside the site, or through a link")
    if not os.path.exists(old):
        raise MoveError(f"{source}: no such file")
    name = os.path.basename(old)
    if os.path.isfile(old) and name.rsplit(".", 1)[0] in ("index", "_index"):
        old = os.path.dirname(old)  # a page bundle moves whole
        if os.path.basename(new).rsplit(".", 1)[0] in ("index", "_index"):
            new = os.path.dirname(new)
    elif os.path.isdir(new):
        new = os.path.join(new, name)
    if os.path.exists(new):
        raise MoveError(f"{os.path.relpath(new, top)} already exists: nothing is moved over it")
    if new.startswith(old + os.sep):
        raise MoveError("cannot move a folder into itself")
    files: dict[str, str] = {}
    if os.path.isdir(old):
        for folder, _, names in os.walk(old):
            for each in sorted(names):
                path = os.path.join(folder, each)
                moved = os.path.join(new, os.path.relpath(path, old))
                files[_rel(path, top)] = _rel(moved, top)
    else:
        files[_rel(old, top)] = _rel(new, top)
    if not files:
        raise MoveError(f"{source}: an empty folder; nothing to move")
    return files


def _rel(path: str, top: str) -> str:
    return Path(os.path.relpath(path, top)).as_posix()


def _rewritten(graph: LinkGraph, link: OutLink, page: str, move: _Move) -> str | None:
    """The link's new target text, in its own form; None when it needs no change."""
    if link.resolved is None:
        return None
    target_moved = link.resolved in move.files
    page_moved = page in move.files
    if not target_moved and not page_moved:
        return None
    new_target = move.files.get(link.resolved, link.resolved)
    new_page = move.files.get(page, page)
    bare, tail = _split_tail(link.target)
    made = _form(graph, link, bare, (link.resolved, new_target), (page, new_page), move.urls)
    if made is None or made == bare:
        return None
    return made + tail


def _split_tail(target: str) -> tuple[str, str]:
    cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
    return target[:cut], target[cut:]


def _form(
    graph: LinkGraph,
    link: OutLink,
    bare: str,
    target: tuple[str, str],
    page: tuple[str, str],
    urls: dict[str, str],
) -> str | None:
    """The link's target text for what it reaches now, in the form it was written: `target`
    and `page` are (where it was, where it is) of what it reaches and of the post holding it."""
    (old, new), (old_page, new_page) = target, page
    info = graph.info
    if bare.startswith("@/"):
        content = Path(os.path.relpath(zola_content(info), info.site_root)).as_posix()
        return "@/" + _strip(new, content + "/")
    if link.kind == "post_url":
        return PurePosixPath(new).stem if "/" not in bare else _swap_name(bare, new)
    if link.kind == "link":
        return ("/" if bare.startswith("/") else "") + new
    if link.kind == "ref":
        if "/" not in bare.strip("/"):
            name = PurePosixPath(new)
            if name.stem in ("index", "_index"):
                name = name.parent
            return name.name if "." in bare else name.stem
        content = graph.prefix or ""
        made = _strip(new, content)
        if not bare.lower().endswith((".md", ".markdown", ".html")):
            made = made.rsplit(".", 1)[0]
            made = made[: -len("/index")] if made.endswith("/index") else made
        return ("/" if bare.startswith("/") else "") + made
    if _names_a_file(bare):
        if bare.startswith("/"):
            base = old[: -len(bare.lstrip("/"))] if old.endswith(bare.lstrip("/")) else None
            return "/" + new[len(base) :] if base is not None and new.startswith(base) else None
        made = posixpath.relpath(new, posixpath.dirname(new_page) or ".")
        return "./" + made if bare.startswith("./") and not made.startswith(".") else made
    # A URL: the moved post's new URL, absolute or relative as it was written.
    new_url = urls.get(old) or graph.url_of(old) or ""
    page_url = urls.get(old_page) or graph.url_of(old_page) or "/"
    if bare.startswith("/"):
        return new_url
    folder = page_url if page_url.endswith("/") else page_url.rsplit("/", 1)[0] + "/"
    made = posixpath.relpath(new_url, folder)
    return made + "/" if new_url.endswith("/") and not made.endswith("/") else made


def _names_a_file(bare: str) -> bool:
    name = posixpath.basename(bare)
    return "." in name.strip(".") and not name.lower().endswith((".html", ".htm"))


def _strip(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


def _swap_name(bare: str, new: str) -> str:
    return posixpath.join(posixpath.dirname(bare), PurePosixPath(new).stem)


def _url_after(graph: LinkGraph, old: str, new: str) -> str:
    """The post's URL once moved (from its frontmatter as it is now)."""
    try:
        post = load_post(graph.info.site_root / old, graph.info.site_root)
    except (PostReadError, FrontmatterError):
        return graph.url_of(old) or ""
    relative = new[len(graph.prefix) :] if new.startswith(graph.prefix) else new
    lang = graph.lang_prefix(relative, post.metadata)
    return public_url(graph.under_content(new), post.metadata, graph.info, lang)


def _spliced(raw: LoadedPost, links: list[tuple[OutLink, str]]) -> str:
    """The post's text with each link's target replaced (checked: the text read now must hold
    the target where the graph saw it, else the file changed since and nothing is guessed)."""
    text = raw.doc.text
    for link, made in sorted(links, key=lambda pair: -pair[0].start):
        end = link.start + len(link.target)
        if text[link.start : end] != link.target:
            raise MoveError(f"{raw.path.name}: changed since it was read; nothing is moved")
        text = text[: link.start] + made + text[end:]
    return text


def _relinked(site_root: Path, path: str, links: list[tuple[OutLink, str]]) -> FileChange:
    try:
        post = load_post(site_root / path, site_root)
    except (PostReadError, FrontmatterError) as exc:
        return FileChange(path, "error", str(exc))
    new = _spliced(post, links).encode("utf-8")
    return FileChange(path, "changed", post=post, new_raw=new)


def _moved_file(
    graph: LinkGraph,
    old: str,
    new: str,
    links: list[tuple[OutLink, str]],
    notes: list[str],
    new_url: str | None,
) -> FileChange:
    site_root = graph.info.site_root
    if not is_post_name(PurePosixPath(old).name):
        post = raw_post(site_root, old)
        return FileChange(old, "changed", post=post, new_raw=post.raw, move_to=new)
    try:
        post = load_post(site_root / old, site_root)
    except (PostReadError, FrontmatterError):
        post = raw_post(site_root, old)
        return FileChange(old, "changed", post=post, new_raw=post.raw, move_to=new)
    text = _spliced(post, links)
    old_url = graph.url_of(old)
    if old_url is not None and new_url is not None and new_url != old_url:
        text = _with_alias(graph, post, text, old_url, notes)
    return FileChange(old, "changed", post=post, new_raw=text.encode("utf-8"), move_to=new)


def _with_alias(
    graph: LinkGraph, post: LoadedPost, text: str, old_url: str, notes: list[str]
) -> str:
    key = _alias_field(graph)
    if key is None:
        notes.append(f"{old_url} will 404: this site keeps no aliases (its URL changes)")
        return text
    doc = split(text)
    metadata = parse_matter(doc)
    current = lookup(metadata, (key,))
    items: list[Any] = list(current) if isinstance(current, list) else (
        [current] if isinstance(current, str) else []
    )  # fmt: skip
    if old_url in items:
        return text
    relinked = LoadedPost(post.path, text.encode("utf-8"), doc, metadata, post.root)
    edit = edit_fields(relinked, {(key,): [*items, old_url]})
    notes.append(f"{old_url} is kept as an alias ({key}) and redirects to the new URL")
    return edit.doc.text


def _alias_field(graph: LinkGraph) -> str | None:
    generator = graph.info.generator
    if generator in ("hugo", "zola"):
        return "aliases"
    if generator == "jekyll":
        config = graph.info.config
        plugins = [*_listed(config.get("plugins")), *_listed(config.get("gems"))]
        return "redirect_from" if "jekyll-redirect-from" in plugins else None
    return None


def _listed(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []
