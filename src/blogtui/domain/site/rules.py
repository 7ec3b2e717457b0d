"""The checker's rules as data: what `check --help` lists without loading the checker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]

RULES: dict[str, tuple[Severity, str]] = {
    "frontmatter": ("error", "the file cannot be read, or its frontmatter does not parse"),
    "duplicate-key": ("error", "a key is written twice; sites use the last one"),
    "required": ("error", "a field the CMS collection requires is missing or empty"),
    "pattern": ("error", "a value does not match its CMS field's pattern"),
    "range": ("error", "a number or a list outside its CMS field's min and max"),
    "date": ("error", "a date the generator cannot read"),
    "duplicate-url": ("error", "two posts publish at the same URL, or claim the same alias"),
    "post-name": ("error", "a Jekyll post whose file name lacks its date: never published"),
    "media": ("warning", "an image or file the post names is not in the site"),
    "link": ("warning", "a link to another post that does not exist"),
    "draft-twin": ("warning", "a draft with a past date beside its published twin"),
    "translation-behind": ("warning", "a translation last changed before its source"),
}
"""Every rule: its id, its default severity, what it finds. `.blogtui.toml` can change them."""


@dataclass(frozen=True)
class Problem:
    path: str
    severity: Severity
    field: str | None
    message: str
    rule: str = "frontmatter"
    line: int | None = None
    """The file's line (1-based) the problem is on, when one is known."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "rule": self.rule,
            "line": self.line,
        }
