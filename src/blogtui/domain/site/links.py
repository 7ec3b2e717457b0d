"""The links and images of a post's body, and whether a link to a post resolves the way the
site's generator resolves it.

Found: Markdown links and images (inline, and reference definitions `[id]: url`), HTML
`<img src>`, Hugo `{{< ref >}}` / `{{< relref >}}`, Jekyll `{% link %}` and `{% post_url %}`.
Code spans and fenced or indented code are blanked first (their offsets kept, so a link's
line is its own): a link shown in code is not a link.

Resolved: a relative path from the post's folder, else from the content folder; Zola's
`@/path.md` from its `content/`; Jekyll's `{% link %}` from the site's root; Hugo's `ref` by
path with or without its extension, a bundle's folder, or the page's name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from blogtui.domain.site.generator import SiteInfo

_FENCED_CODE = re.compile(
    r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S
)
_INLINE_CODE = re.compile(r"(`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)\1(?!`)")
"""A code span: it may wrap a line, never a paragraph (a stray backtick stays a backtick, and
does not turn the rest of the post into code and its code into links)."""
_MARKDOWN_LINK = re.compile(
    # Starting with the literal `[` lets the engine jump between brackets (an image's `!` is
    # looked at before it); the text's brackets unrolled (`[^[]]*` runs between nested pairs)
    # match one way only, so nothing backtracks.
    r"\[[^\[\]]*(?:\[[^\]]*\][^\[\]]*)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)"
)
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.M)
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
_HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"?([^\"\s>%]+)\"?\s*[>%]\}\}")
_JEKYLL_LINK = re.compile(r"\{%-?\s*link\s+(\S+?)\s*-?%\}")
_JEKYLL_POST_URL = re.compile(r"\{%-?\s*post_url\s+(\S+?)\s*-?%\}")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    kind: str
    """markdown, image, ref, link (Jekyll), post_url (Jekyll)."""
    target: str
    offset: int
    """Where the target starts in the body."""


def blank_code(body: str) -> str:
    """The body with code spans and fences replaced by spaces (line breaks kept)."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    if "```" in body or "~~~" in body:
        body = _FENCED_CODE.sub(blank, body)
    return _INLINE_CODE.sub(blank, body) if "`" in body else body


def links_in(body: str) -> list[Link]:
    """Every link and image of the body, in order, code left out."""
    text = blank_code(body)
    if "](" not in text and "]:" not in text and "{" not in text and "<img" not in text.lower():
        return []  # no link of any kind can be there
    found = [
        Link("image" if text[m.start() - 1 : m.start()] == "!" else "markdown", m[1], m.start(1))
        for m in _MARKDOWN_LINK.finditer(text)
    ]
    if "]:" in text:
        found += [Link("markdown", m[1], m.start(1)) for m in _REFERENCE.finditer(text)]
    found += [
        Link("image", m.group(m.lastindex or 1), m.start(m.lastindex or 1))
        for m in _HTML_IMAGE.finditer(text)
    ]
    found += [Link("ref", m.group(1), m.start(1)) for m in _HUGO_REF.finditer(text)]
    found += [Link("link", m.group(1), m.start(1)) for m in _JEKYLL_LINK.finditer(text)]
    found += [Link("post_url", m.group(1), m.start(1)) for m in _JEKYLL_POST_URL.finditer(text)]
    return sorted(found, key=lambda link: link.offset)


def is_local(target: str) -> bool:
    """A path into the site (not a URL, not a page's own anchor, not data, not a template
    the generator fills in: `{{ "/a.gif" | url }}`)."""
    if not target or SCHEME.match(target) or target.startswith(("#", "//")):
        return False
    return "{{" not in target and "{%" not in target


def zola_content(info: SiteInfo) -> Path:
    """Where Zola's `@/` links start."""
    return info.content_roots[0] if info.content_roots else info.site_root / "content"
