"""A post's status: draft, scheduled, published or expired, as of a moment.

Not stored in the index (it changes with the clock): computed when asked, cheaply. A date
without a zone is read in the site's zone (Hugo `timeZone`, Jekyll `timezone`), else the
machine's; the index sorts such dates as UTC, so only dates within a day of now are re-read.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from blogtui.domain.formats.dates import parse_date
from blogtui.domain.site.post import Post

STATUSES = ("draft", "scheduled", "published", "expired")
_A_DAY = 26 * 3600  # the widest UTC offsets are +14 and -12 hours


def zone_named(name: str | None) -> dt.tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def moment_of(post: Post, zone: dt.tzinfo | None) -> float | None:
    """The post's date as a timestamp, a zone-less date read in `zone` (else local time)."""
    if post.sort_date is None or post.date is None:
        return None
    parsed = parse_date(post.date)
    if parsed is None or parsed.value.tzinfo is not None:
        return post.sort_date
    value = parsed.value
    if zone is not None:
        return value.replace(tzinfo=zone).timestamp()
    return value.timestamp()  # naive: the machine's local time


def status_of(post: Post, now: float | None = None, zone: dt.tzinfo | None = None) -> str:
    now = time.time() if now is None else now
    if post.draft:
        return "draft"
    if post.expires is not None and post.expires <= now:
        return "expired"
    when = post.sort_date
    if when is not None and abs(when - now) < _A_DAY:
        when = moment_of(post, zone)  # near now: the zone decides
    if when is not None and when > now:
        return "scheduled"
    return "published"


def status_counts(counts: Mapping[str, int]) -> str:
    """ "3 drafts · 2 scheduled · 1 expired" (published posts are the rest: not counted)."""
    names = (("draft", "drafts"), ("scheduled", "scheduled"), ("expired", "expired"))
    parts = [
        f"{counts[key]} {label if counts[key] != 1 else key}"
        for key, label in names
        if counts.get(key)
    ]
    return " · ".join(parts)
