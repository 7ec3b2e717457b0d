"""Dates as blogs write them: parsed for sorting, reported as ISO 8601, written in the file's style.

Frontmatter dates are kept as the strings the file holds (the YAML loader does not resolve
timestamps), so a date can be written back exactly as the author wrote it, and a new date can be
written *like* the old one.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass

_ISO = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:(?P<sep>[Tt]|[ \t]+)(?P<hm>\d{1,2}:\d{2})(?::(?P<sec>\d{2})(?:\.(?P<frac>\d*))?)?"
    r"(?P<tzsp>[ \t]*)(?P<tz>[Zz]|[+-]\d{1,2}(?::?\d{2})?)?)?$"
)
"""ISO 8601 and every timestamp YAML 1.1 reads (PyYAML and js-yaml alike): one or more spaces
or a tab before the time, a one-digit hour or zone (`2015-03-17 14:00:00 -4`), a bare `.`."""
# Strictly ISO 8601 spellings, reported unchanged by `list --json`.
_STRICT_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$"
)
# Spellings seen in real frontmatter besides ISO (Astro's "Jul 08 2022", and friends).
_YEAR = re.compile(r"\d{4}")
_OTHER_FORMATS = (
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
)


@dataclass(frozen=True)
class DateStyle:
    """How a date was spelled, so that another date can be spelled the same way."""

    strptime: str | None = None
    """A strptime/strftime format for non-ISO spellings; None for ISO-like ones."""
    has_time: bool = True
    sep: str = "T"
    seconds: bool = True
    fraction_digits: int = 0
    tz: str = ""
    """'' (naive), 'Z', '+hh:mm', '+hhmm', '+hh' or '+h'."""
    tz_space: str = ""


DEFAULT_STYLE = DateStyle(fraction_digits=3, tz="Z")
"""Decap CMS writes `2017-01-04T15:04:10.000Z`; new posts use it when the folder has no dates."""


@dataclass(frozen=True)
class ParsedDate:
    value: dt.datetime
    """The moment; naive when the file gave no zone."""
    style: DateStyle

    @property
    def sort_key(self) -> float:
        """Seconds since the epoch, naive dates read as UTC, so every post sorts on one line."""
        value = self.value if self.value.tzinfo else self.value.replace(tzinfo=dt.timezone.utc)
        return value.timestamp()


def _parse_tz(text: str) -> dt.tzinfo | None:
    """The zone of `+hh:mm`, `-hhmm`, `+hh`, `-h` or `Z`; None for an offset no clock has."""
    if text in ("Z", "z"):
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    hours_text, _, minutes_text = text[1:].partition(":")
    if not minutes_text and len(hours_text) > 2:  # +hhmm, +hmm
        hours_text, minutes_text = hours_text[:-2], hours_text[-2:]
    hours = int(hours_text)
    minutes = int(minutes_text) if minutes_text else 0
    if hours > 23 or minutes > 59:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _tz_form(text: str) -> str:
    if text in ("Z", "z"):
        return "Z"
    if ":" in text:
        return "+hh:mm"
    if len(text) == 2:
        return "+h"  # YAML 1.1's one-digit zone, written back as the file wrote it
    return "+hhmm" if len(text) > 3 else "+hh"


def parse_date(value: object) -> ParsedDate | None:
    """A date from a frontmatter value (string, date or datetime), or None when it is not one."""
    if isinstance(value, dt.datetime):
        tz = "+hh:mm" if value.tzinfo else ""
        return ParsedDate(value, DateStyle(tz=tz, fraction_digits=6 if value.microsecond else 0))
    if isinstance(value, dt.date):
        return ParsedDate(
            dt.datetime(value.year, value.month, value.day), DateStyle(has_time=False)
        )
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _ISO.match(text)
    if match:
        return _parse_iso(match)
    if len(text) > 32 or _YEAR.search(text) is None:
        return None  # every other format has a four-digit year (a title: no strptime at all)
    for fmt in _OTHER_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return ParsedDate(parsed, DateStyle(strptime=fmt, has_time="%H" in fmt))
    return None


def _parse_iso(match: re.Match[str]) -> ParsedDate | None:
    try:
        day = dt.date.fromisoformat(_zero_pad(match["date"]))
    except ValueError:
        return None
    if not match["hm"]:
        return ParsedDate(dt.datetime(day.year, day.month, day.day), DateStyle(has_time=False))
    hour, minute = (int(part) for part in match["hm"].split(":"))
    second = int(match["sec"] or 0)
    frac = match["frac"] or ""
    micro = int((frac + "000000")[:6]) if frac else 0
    tz = _parse_tz(match["tz"]) if match["tz"] else None
    if match["tz"] and tz is None:
        return None  # an invalid date, never an exception
    try:
        value = dt.datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=tz)
    except ValueError:
        return None
    style = DateStyle(
        sep=match["sep"],
        seconds=match["sec"] is not None,
        fraction_digits=len(frac),
        tz=_tz_form(match["tz"]) if match["tz"] else "",
        tz_space=match["tzsp"] or "",
    )
    return ParsedDate(value, style)


def _zero_pad(date_text: str) -> str:
    year, month, day = date_text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def format_date(value: dt.datetime, style: DateStyle) -> str:
    """Spell `value` the way `style` describes (the file's own way of writing dates)."""
    if style.strptime:
        return value.strftime(style.strptime)
    if not style.has_time:
        return value.date().isoformat()
    if style.tz == "Z" and value.tzinfo:
        value = value.astimezone(dt.timezone.utc)
    text = value.strftime(f"%Y-%m-%d{style.sep}%H:%M")
    if style.seconds:
        text += value.strftime(":%S")
        if style.fraction_digits:
            text += "." + f"{value.microsecond:06d}"[: style.fraction_digits].ljust(
                style.fraction_digits, "0"
            )
    if style.tz:
        text += style.tz_space + _format_tz(value, style.tz)
    return text


def _format_tz(value: dt.datetime, form: str) -> str:
    offset = value.utcoffset() or dt.timedelta(0)
    if form == "Z" and not offset:
        return "Z"
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    if form == "+hhmm":
        return f"{sign}{hours:02d}{minutes:02d}"
    if form == "+hh" and not minutes:
        return f"{sign}{hours:02d}"
    if form == "+h" and not minutes:
        return f"{sign}{hours}"
    return f"{sign}{hours:02d}:{minutes:02d}"


def iso_string(value: object, parsed: ParsedDate | None = None) -> str | None:
    """The date as an ISO 8601 string: the file's own text when it already is one."""
    parsed = parsed or parse_date(value)
    if parsed is None:
        return None
    if isinstance(value, str) and _STRICT_ISO.match(value.strip()):
        return value.strip()
    if not parsed.style.has_time:
        return parsed.value.date().isoformat()
    return parsed.value.isoformat()


def iso_and_sort_key(value: object) -> tuple[str | None, float | None]:
    """`iso_string` and the sort key together, fast for the common strict-ISO spelling."""
    if isinstance(value, str) and sys.version_info >= (3, 11):
        text = value.strip()
        if _STRICT_ISO.match(text):
            try:
                moment = dt.datetime.fromisoformat(text)  # one C call, `Z` included
            except ValueError:
                return None, None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.timezone.utc)
            return text, moment.timestamp()
    parsed = parse_date(value)
    if parsed is None:
        return None, None
    return iso_string(value, parsed), parsed.sort_key


def like_old_moment(new_text: str, old: dt.date) -> dt.date | None:
    """A date typed as text, as a value of the old field's kind (TOML keeps dates typed): a
    date-only field stays a date, a zone-less time takes the field's zone. None: not a date."""
    parsed = parse_date(new_text)
    if parsed is None:
        return None
    if not isinstance(old, dt.datetime):
        return parsed.value.date()
    moment = parsed.value
    if moment.tzinfo is None and old.tzinfo is not None:
        moment = moment.replace(tzinfo=old.tzinfo)
    return moment


def restyle(new_text: str, old_value: object) -> str:
    """`new_text` rewritten in the style of `old_value` when both are dates; else unchanged."""
    old = parse_date(old_value)
    new = parse_date(new_text)
    if old is None or new is None or not isinstance(old_value, str):
        return new_text
    moment = new.value
    if moment.tzinfo is None and old.value.tzinfo is not None:
        moment = moment.replace(tzinfo=old.value.tzinfo)  # typed without a zone: the file's
    return format_date(moment, old.style)


_HUGO_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}|[+-]\d{4}| [+-]\d{2}:?\d{2})?)?$"
)
_HUGO_WORDS = re.compile(r"^\d{2} [A-Z][a-z]{2} \d{4}$")


def hugo_reads(value: object) -> bool:
    """Whether Hugo reads this date (its layouts, not YAML's: Go's YAML leaves
    `2015-03-17 14:00:00 -4` a string, and no layout of Hugo's takes a one-digit zone, a time
    without seconds, an unpadded day or `Mar 17 2015`)."""
    if not isinstance(value, str):
        return True  # a TOML date, or a YAML one the loader typed: Hugo's too
    text = value.strip()
    return bool(_HUGO_ISO.match(text) or _HUGO_WORDS.match(text))
