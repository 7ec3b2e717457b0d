"""The site's media files and who uses them: every file under the media folders (the CMS's
`media_folder`, the generator's static and asset folders, page bundles), with the posts whose
fields, links or images reach it; and the references that reach no file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogtui.domain.files.fsio import is_inside
from blogtui.domain.files.postfiles import POST_SUFFIXES, is_skipped_dir
from blogtui.domain.site.linkgraph import LinkGraph

_SOURCE_FOLDERS = {
    "hugo": ("static", "assets"),
    "zola": ("static",),
    "jekyll": ("assets", "images", "img", "uploads"),
    "eleventy": ("assets", "images", "img", "static"),
    "astro": ("public", "src/assets"),
    "gatsby": ("static", "src/img", "src/images"),
}
"""Where each generator's own media live (a build's output, like Hugo's `public/`, is not)."""
_CODE = (".css", ".scss", ".sass", ".less", ".js", ".mjs", ".cjs", ".ts", ".map", ".html", ".htm",
         ".json", ".toml", ".yml", ".yaml", ".xml", ".tmpl")  # fmt: skip
"""Stylesheets, scripts, templates and data in `assets/` and `static/`: templates use them,
posts do not (listed, they would all be orphans)."""


@dataclass
class MediaReport:
    files: list[dict[str, Any]] = field(default_factory=list)
    """{"path", "used_by": [{"path", "line", "field"?}]} for every media file, by path."""
    missing: list[dict[str, Any]] = field(default_factory=list)
    """{"path", "line", "target"}: a post's reference to a file that is not there."""


def media_folders(graph: LinkGraph) -> list[Path]:
    site_root = graph.info.site_root
    names = _SOURCE_FOLDERS.get(graph.info.generator, ("static", "public", "assets", "images"))
    folders = [site_root / name for name in names]
    if graph.config is not None and graph.config.media_folder is not None:
        folders.insert(0, graph.config.media_folder)
    return [folder for folder in dict.fromkeys(folders) if folder.is_dir()]


def _files_under(folder: Path, top: str) -> list[str]:
    found = []
    for where, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".") and not is_skipped_dir(f)]
        for name in names:
            path = os.path.join(where, name)
            if name.startswith(".") or name.lower().endswith(_CODE):
                continue
            # Regular files of the site only: not a FIFO, not a link that leads out of it.
            if os.path.isfile(path) and is_inside(path, top):
                found.append(Path(os.path.relpath(path, top)).as_posix())
    return found


def _bundle_files(graph: LinkGraph, top: str) -> list[str]:
    """The files beside a bundle's `index.md` that are not posts (its images): Hugo's and
    Zola's page bundles (elsewhere an `index.md` is just a page)."""
    found: list[str] = []
    if graph.info.generator not in ("hugo", "zola"):
        return found
    for path in graph.pages:
        folder, _, name = path.rpartition("/")
        if name.rsplit(".", 1)[0] not in ("index", "_index"):
            continue
        where = os.path.join(top, folder)
        try:
            entries = list(os.scandir(where))
        except OSError:
            continue
        found += [
            f"{folder}/{entry.name}" if folder else entry.name
            for entry in entries
            if entry.is_file() and not entry.name.startswith(".")
            and not entry.name.lower().endswith((*POST_SUFFIXES, *_CODE))
        ]  # fmt: skip
    return found


def media_report(graph: LinkGraph) -> MediaReport:
    top = os.path.abspath(graph.info.site_root)
    files: dict[str, list[dict[str, Any]]] = {}
    admin = graph.config.path.parent if graph.config is not None else None
    for folder in media_folders(graph):
        for path in _files_under(folder, top):
            if admin is None or not (Path(top) / path).is_relative_to(admin):
                files.setdefault(path, [])  # the CMS's own page and config are not media
    for path in _bundle_files(graph, top):
        files.setdefault(path, [])
    report = MediaReport()
    for source, page in sorted(graph.pages.items()):
        for link in page.links:
            resolved = link.resolved
            if resolved is not None and (
                resolved in files or not resolved.lower().endswith(POST_SUFFIXES)
            ):  # a file of a media folder, or one kept elsewhere (`content/images/`)
                use = {"path": source, "line": link.line}
                if link.kind == "field":
                    use["field"] = True
                files.setdefault(resolved, []).append(use)
            elif link.broken and not link.target.lower().split("#")[0].endswith(POST_SUFFIXES):
                report.missing.append({"path": source, "line": link.line, "target": link.target})
    report.files = [{"path": path, "used_by": users} for path, users in sorted(files.items())]
    return report
