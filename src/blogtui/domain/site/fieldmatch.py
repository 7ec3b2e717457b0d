"""How a query's field terms compare a post's value: `FIELD:VALUE` (text by substring, lists by
item, booleans and numbers exactly, dates by period), `FIELD:>V` (dates and numbers), `has:`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from blogtui.domain.formats.dates import parse_date
from blogtui.domain.site.post import Post

PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
"""A year, a month or a day: a period a date falls within."""
TRUE = {"true", "yes", "y", "1", "on"}
FALSE = {"false", "no", "n", "0", "off"}


def number_in(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def period_of(text: str) -> tuple[float, float] | None:
    """`2024`, `2024-03` or `2024-03-05`: [start, end) as UTC timestamps; None: not one."""
    match = PERIOD.match(text.strip())
    if match is None:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day is not None:
            start = dt.datetime(int(year), int(month), int(day), tzinfo=dt.timezone.utc)
            end = start + dt.timedelta(days=1)
        elif month is not None:
            start = dt.datetime(int(year), int(month), 1, tzinfo=dt.timezone.utc)
            end = (start + dt.timedelta(days=32)).replace(day=1)
        else:
            start = dt.datetime(int(year), 1, 1, tzinfo=dt.timezone.utc)
            end = start.replace(year=start.year + 1)
    except ValueError:
        return None
    return start.timestamp(), end.timestamp()


def field_value(post: Post, name: str) -> Any:
    """A frontmatter field of the post, nested with dots; `date` is the post's own date."""
    if name == "date":
        return post.date
    node: Any = post.fields or {}
    for part in name.split("."):
        if not isinstance(node, dict):
            return None
        if part in node:
            node = node[part]
            continue
        lowered = {str(k).lower(): v for k, v in node.items()}
        node = lowered.get(part.lower())
    return node


def moment_of(value: Any) -> float | None:
    parsed = parse_date(value) if isinstance(value, str) else None
    return parsed.sort_key if parsed is not None else None


def compare(value: Any, op: str, operand: str) -> bool:
    period = period_of(operand)
    moment = moment_of(value) if not isinstance(value, (int, float)) else None
    if moment is not None and (period is not None or parse_date(operand) is not None):
        start, end = period if period is not None else (moment_of(operand) or 0.0,) * 2
        if op == ">":
            return moment >= end if period else moment > start
        if op == ">=":
            return moment >= start
        if op == "<":
            return moment < start
        return moment < end if period else moment <= start
    number = number_in(operand)
    if number is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return {">": value > number, ">=": value >= number, "<": value < number}.get(
        op, value <= number
    )


def field_matches(value: Any, wanted: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return wanted.lower() in (TRUE if value else FALSE)
    if isinstance(value, (int, float)):
        return number_in(wanted) == value
    if isinstance(value, list):
        return any(field_matches(item, wanted) for item in value)
    if isinstance(value, dict):
        return False
    text = str(value)
    period = period_of(wanted)
    moment = moment_of(text) if period is not None else None
    if moment is not None and period is not None:
        return period[0] <= moment < period[1]  # date:2024, date:2024-03
    return wanted.casefold() in text.casefold()


def present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}
