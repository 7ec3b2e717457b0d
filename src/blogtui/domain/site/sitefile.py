"""`.blogtui.toml`, the site file: the site's own settings, committed with the site.

    [check]
    ignore = ["archetypes/**", "drafts/*.md"]   # paths (globs, relative to the content folder)
    [check.rules]
    link = "off"          # off, warning or error
    media = "error"

It is looked for in the content folder, then in each folder above it up to the site's top.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogtui.domain.formats import tomlread

SITE_FILE = ".blogtui.toml"
SEVERITIES = ("off", "warning", "error")


class SiteFileError(ValueError):
    """The site file exists but says something blogtui cannot use; one line for the user."""


@dataclass(frozen=True)
class CheckSettings:
    severities: dict[str, str] = field(default_factory=dict)
    """Rule id -> off, warning or error (rules not named keep their default)."""
    ignore: tuple[str, ...] = ()
    """Globs of paths (relative to the content folder) that are not checked."""


@dataclass(frozen=True)
class SiteFile:
    path: Path | None = None
    check: CheckSettings = field(default_factory=CheckSettings)
    views: dict[str, str] = field(default_factory=dict)
    """Saved queries by name (`[views]`), in the file's order."""
    commit_on_save: bool = False
    """`[git] commit_on_save = true`: every save in the app is committed (that post only)."""
    warnings: tuple[str, ...] = ()
    """One line for each key blogtui does not know ("FILE:LINE: ..."): said, never fatal."""


def find_site_file(content: Path, top: Path | None = None) -> Path | None:
    folder = content.resolve()
    stop = top.resolve() if top is not None else None
    for candidate in (folder, *folder.parents):
        if (candidate / SITE_FILE).is_file():
            return candidate / SITE_FILE
        if candidate == stop or (candidate / ".git").exists():
            return None
    return None


def load_site_file(content: Path, top: Path | None = None) -> SiteFile:
    """The site file for a content folder (defaults when there is none)."""
    path = find_site_file(content, top)
    if path is None:
        return SiteFile()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomlread.loads(text)
    except (OSError, UnicodeDecodeError, tomlread.TomlError) as exc:
        raise SiteFileError(f"{path}: {' '.join(str(exc).split())}") from None
    check = data.get("check", {})
    if not isinstance(check, dict):
        raise SiteFileError(f"{path}: [check] must be a table")
    warnings = [
        f"{path}:{_line_of(text, key)}: unknown setting {key!r} in [check] (ignored)"
        for key in check
        if key not in ("ignore", "rules")
    ]
    views = data.get("views", {})
    if not isinstance(views, dict) or not all(isinstance(v, str) for v in views.values()):
        where = f"{path}:{_line_of(text, 'views')}"
        raise SiteFileError(f"{where}: [views] must map names to queries (strings)")
    git = data.get("git", {})
    commit_on_save = isinstance(git, dict) and git.get("commit_on_save") is True
    if isinstance(git, dict) and not isinstance(git.get("commit_on_save", False), bool):
        where = f"{path}:{_line_of(text, 'commit_on_save')}"
        raise SiteFileError(f"{where}: git.commit_on_save must be true or false")
    checked = _check_settings(path, text, check)
    named = {str(k): v for k, v in views.items()}
    return SiteFile(path, checked, named, commit_on_save, tuple(warnings))


def save_view(content: Path, top: Path | None, name: str, query: str) -> Path:
    """Add (or change) a view in the site file, losslessly: its comments and order are kept.
    The file is created at the site's top when there is none."""
    from blogtui.domain.files.fsio import atomic_write, create_new, read_bytes
    from blogtui.domain.formats.tomledit import set_value

    path = find_site_file(content, top)
    if path is None:
        path = (top or content) / SITE_FILE
        create_new(path, f"[views]\n{_toml_key(name)} = {_toml_string(query)}\n".encode())
        return path
    raw = read_bytes(path)
    text = raw.decode("utf-8")
    updated = set_value(text, ["views", name], query)
    atomic_write(path, updated.encode("utf-8"), expected=raw)
    return path


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"(?m)^\s*[\"']?{re.escape(key)}[\"']?\s*=", text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def unknown_rules(site_file: SiteFile, rules: Iterable[str]) -> list[str]:
    """A line for each rule the site file names that does not exist."""
    if site_file.path is None:
        return []
    text = site_file.path.read_text(encoding="utf-8")
    known = set(rules)
    return [
        f"{site_file.path}:{_line_of(text, rule)}: no rule {rule!r} (rules: {', '.join(known)})"
        for rule in site_file.check.severities
        if rule not in known
    ]


def _check_settings(path: Path, text: str, check: dict[str, Any]) -> CheckSettings:
    rules = check.get("rules", {})
    if not isinstance(rules, dict):
        raise SiteFileError(f"{path}:{_line_of(text, 'rules')}: [check.rules] must be a table")
    severities = {}
    for rule, value in rules.items():
        if value is False:
            value = "off"
        if value not in SEVERITIES:
            where = f"{path}:{_line_of(text, rule)}"
            raise SiteFileError(
                f"{where}: check.rules.{rule} must be one of {', '.join(SEVERITIES)}"
            )
        severities[str(rule)] = str(value)
    ignore = check.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(item, str) for item in ignore):
        where = f"{path}:{_line_of(text, 'ignore')}"
        raise SiteFileError(f"{where}: check.ignore must be a list of paths")
    return CheckSettings(severities, tuple(ignore))
