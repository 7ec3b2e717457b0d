"""Publish, unpublish and schedule a post: each one change set, so each one undoable step.

The draft flag is changed the way the file already says it (`draft:` stays `draft:`, Jekyll's
`published:` stays `published:`); a date is written in the file's own format; a Jekyll draft
moves from `_drafts/` to `_posts/YYYY-MM-DD-slug`, and a file whose name carries its date is
renamed with it when asked.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import Any

from blogtui.domain.formats.dates import parse_date
from blogtui.domain.ops.changeset import ChangeSet, plan
from blogtui.domain.ops.edit import DELETE, KeyPath, LoadedPost
from blogtui.domain.site.generator import SiteInfo, detect
from blogtui.domain.site.post import DATE_KEYS

DATED_NAME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-")
"""A file name that starts with its date (Jekyll posts, CMS slug templates with the date)."""
_RELATIVE = re.compile(r"^([+-])(\d+)\s*([mhdw])$")
_SPOKEN = re.compile(r"^(?:(in)\s+)?(\d+|an?|one)\s*(minute|min|hour|hr|day|week)s?(?:\s+(ago))?$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DAY_AT = re.compile(r"^(today|tomorrow)(?:\s+(\d{1,2})(?::(\d{2}))?)?$")


def parse_when(text: str, now: dt.datetime) -> dt.datetime:
    """WHEN as a moment: ISO dates and times, `2026-12-01 09:00`, `today 17:00`, `tomorrow
    9:00`, `+3d`, `-1h`, `+30m`, `+1w`, `1 hour ago`, `in 2 days`, `now`. `now` carries the
    zone to read them in. ValueError (one line) when it cannot be read."""
    spoken = " ".join(text.strip().lower().split())
    if spoken == "now":
        return now
    relative = _RELATIVE.match(spoken)
    if relative:
        sign = -1 if relative.group(1) == "-" else 1
        step = _UNITS[relative.group(3)]
        return now + sign * dt.timedelta(**{step: int(relative.group(2))})
    said = _SPOKEN.match(spoken)
    if said and bool(said.group(1)) != bool(said.group(4)):  # `in 2 days` or `2 days ago`
        amount = 1 if said.group(2) in ("a", "an", "one") else int(said.group(2))
        step = _UNITS[said.group(3)[0]]
        sign = -1 if said.group(4) else 1
        return now + sign * dt.timedelta(**{step: amount})
    day_at = _DAY_AT.match(spoken)
    if day_at:
        day = now.date() + dt.timedelta(days=1 if day_at.group(1) == "tomorrow" else 0)
        hour, minute = int(day_at.group(2) or 0), int(day_at.group(3) or 0)
        if hour > 23 or minute > 59:
            raise ValueError(f"{text!r}: no such time of day")
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=now.tzinfo)
    parsed = parse_date(text.strip())
    if parsed is None:
        raise ValueError(
            f"{text!r} is not a time: try 2026-12-01, 2026-12-01 09:00, today 17:00, "
            "tomorrow 9:00, +3d, -1h or 2 days ago"
        )
    moment = parsed.value
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=now.tzinfo)


def draft_fields(post: LoadedPost, site: SiteInfo, draft: bool) -> dict[KeyPath, Any]:
    """The fields that make the post a draft (or not), as the file expresses drafts."""
    metadata = post.metadata
    for key in metadata:
        if key == "draft" or (site.case_insensitive_keys and key.lower() == "draft"):
            return {(key,): _like(metadata[key], draft)}
    if "published" in metadata:
        if not draft and metadata["published"] is False and site.generator == "jekyll":
            # Published is Jekyll's default: take away what unpublishing added.
            return {("published",): DELETE}
        return {("published",): _like(metadata["published"], not draft)}
    if not draft:
        return {}  # no flag: a post is published by default
    if site.generator == "jekyll":
        return {("published",): False}
    return {("draft",): True}


def _like(old: Any, flag: bool) -> Any:
    """The flag written as the file wrote it: a boolean, or `"true"`/`"yes"` text."""
    if isinstance(old, str):
        words = {"yes": "no", "no": "yes", "on": "off", "off": "on"}
        if old.strip().lower() in words:
            return (
                ("yes" if flag else "no")
                if old.strip().lower() in ("yes", "no")
                else ("on" if flag else "off")
            )
        return "true" if flag else "false"
    return flag


def date_key(post: LoadedPost, site: SiteInfo) -> str:
    """The field that holds the post's date (the first there is), else the site's usual one."""
    for key in DATE_KEYS:
        if post.metadata.get(key) not in (None, ""):
            return key
        if site.case_insensitive_keys:
            found = next((k for k in post.metadata if k.lower() == key.lower()), None)
            if found is not None and post.metadata[found] not in (None, ""):
                return found
    return "pubDate" if site.generator == "astro" else "date"


def _moment(value: Any, now: dt.datetime) -> dt.datetime | None:
    parsed = parse_date(value) if value not in (None, "") else None
    if parsed is None:
        return None
    moment = parsed.value
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=now.tzinfo)


def _date_text(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _moved(relative: str, site: SiteInfo, day: dt.date, rename: bool) -> str | None:
    """Where the file goes when published on `day`: Jekyll drafts into `_posts/`, a dated
    name with its new date (`rename`)."""
    pure = PurePosixPath(relative)
    dated = DATED_NAME.match(pure.name)
    stem = pure.name[dated.end() :] if dated else pure.name
    if site.generator == "jekyll" and "_drafts" in pure.parts:
        parts = list(pure.parts)
        parts[parts.index("_drafts")] = "_posts"
        return str(PurePosixPath(*parts[:-1]) / f"{day.isoformat()}-{stem}")
    if rename and dated and dated.group(1) != day.isoformat():
        return str(pure.parent / f"{day.isoformat()}-{stem}")
    return None


def plan_publish(
    root: Path,
    relative: str,
    now: dt.datetime,
    keep_date: bool = False,
    force_now: bool = False,
    rename: bool = False,
) -> ChangeSet:
    site = detect(root)
    moves: dict[str, str | None] = {}

    def change(post: LoadedPost) -> dict[KeyPath, Any]:
        fields = draft_fields(post, site, draft=False)
        key = date_key(post, site)
        current = _moment(post.metadata.get(key), now)
        when = current
        if not keep_date and (current is None or current <= now or force_now):
            when = now
            fields[(key,)] = _date_text(now)
        moves[relative] = _moved(relative, site, (when or now).date(), rename)
        return fields

    changeset = plan(root, [relative], change, f"publish {relative}")
    for file in changeset.changed:
        file.move_to = moves.get(file.path)
    return changeset


def plan_unpublish(root: Path, relative: str) -> ChangeSet:
    site = detect(root)
    return plan(
        root,
        [relative],
        lambda post: draft_fields(post, site, draft=True),
        f"unpublish {relative}",
    )


def plan_schedule(root: Path, relative: str, when: dt.datetime) -> ChangeSet:
    site = detect(root)

    def change(post: LoadedPost) -> dict[KeyPath, Any]:
        fields = draft_fields(post, site, draft=False)
        fields[(date_key(post, site),)] = _date_text(when)
        return fields

    return plan(root, [relative], change, f"schedule {relative} for {_date_text(when)}")
