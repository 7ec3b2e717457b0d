import datetime as dt

import pytest

from blogtui.domain.formats.dates import (
    format_date,
    iso_and_sort_key,
    iso_string,
    parse_date,
    restyle,
)


def TZ(hours: int, minutes: int) -> dt.timezone:
    sign = -1 if hours < 0 else 1
    return dt.timezone(sign * dt.timedelta(hours=abs(hours), minutes=minutes))


@pytest.mark.parametrize(
    "text",
    [
        "2017-01-04T15:04:10.000Z",
        "2017-01-04",
        "2019-08-02T11:04:49+08:00",
        "2014-11-12 18:49:08 -0800",
        "2020-10-15T12:23:39.598Z",
        "2023-01-05 01:15:29+01:00",
        "2017-2-5",
    ],
)
def test_a_date_is_written_back_exactly_as_it_was(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    expected = text if text != "2017-2-5" else "2017-02-05"
    assert format_date(parsed.value, parsed.style) == expected


def test_non_iso_spellings_parse_and_report_as_iso() -> None:
    assert iso_string("Jul 08 2022") == "2022-07-08"
    assert iso_string("2014-11-12 18:49:08 -0800") == "2014-11-12T18:49:08-08:00"
    assert iso_string("2017-01-04T15:04:10.000Z") == "2017-01-04T15:04:10.000Z"
    assert iso_string(dt.date(2020, 1, 2)) == "2020-01-02"
    assert iso_string("not a date") is None
    assert iso_string("2020-13-45") is None


def test_restyle_follows_the_old_values_format() -> None:
    assert restyle("2026-03-01", "2017-01-04T15:04:10.000Z") == "2026-03-01T00:00:00.000Z"
    assert restyle("2026-03-01T10:11:12Z", "2017-01-04") == "2026-03-01"
    assert restyle("Mar 1 2026", "Jul 08 2022") == "Mar 01 2026"
    assert restyle("hello", "2017-01-04") == "hello"


def test_sort_key_orders_aware_and_naive_dates_on_one_line() -> None:
    early = parse_date("2020-01-01T00:00:00+02:00")
    late = parse_date("2020-01-01")
    assert early is not None and late is not None
    assert early.sort_key < late.sort_key


@pytest.mark.parametrize(
    "value",
    [
        "2017-01-04T15:04:10.000Z",
        "2017-01-04",
        "2019-08-02T11:04:49+08:00",
        "2020-13-45",
        "Jul 08 2022",
        "2014-11-12 18:49:08 -0800",
        "2017-2-5",
        "nonsense",
        dt.date(2020, 1, 2),
    ],
)
def test_fast_iso_and_sort_key_agree_with_the_full_parser(value: object) -> None:
    from blogtui.domain.formats.dates import iso_and_sort_key

    parsed = parse_date(value)
    expected = (iso_string(value), parsed.sort_key if parsed else None)
    assert iso_and_sort_key(value) == expected


ROUND_TRIPS = [
    ("2020-01-02", dt.datetime(2020, 1, 2)),
    ("2020-01-02T03:04:05Z", dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)),
    (
        "2020-01-02T03:04:05.123Z",
        dt.datetime(2020, 1, 2, 3, 4, 5, 123000, tzinfo=dt.timezone.utc),
    ),
    ("2020-01-02T03:04:05.1Z", dt.datetime(2020, 1, 2, 3, 4, 5, 100000, tzinfo=dt.timezone.utc)),
    ("2020-01-02T03:04:05", dt.datetime(2020, 1, 2, 3, 4, 5)),
    ("2020-01-02T03:04", dt.datetime(2020, 1, 2, 3, 4)),
    ("2020-01-02 03:04:05 +0530", dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=TZ(5, 30))),
    ("2020-01-02T03:04:05+05:30", dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=TZ(5, 30))),
    ("2020-01-02T03:04:05+05", dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=TZ(5, 0))),
    ("2020-01-02T03:04:05-0800", dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=TZ(-8, 0))),
    ("2020-01-02T03:04:05+23:59", dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=TZ(23, 59))),
    ("2020-01-02T03:04:05-23:00", dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=TZ(-23, 0))),
]


@pytest.mark.parametrize(("text", "moment"), ROUND_TRIPS)
def test_every_spelling_reads_exactly_and_writes_back_as_it_was(
    text: str, moment: dt.datetime
) -> None:
    parsed = parse_date(text)
    assert (
        parsed is not None
        and parsed.value == moment
        and parsed.value.utcoffset() == (moment.utcoffset())
    )
    assert format_date(parsed.value, parsed.style) == text
    assert restyle("2021-06-07T08:09:10Z", text) == format_date(
        dt.datetime(2021, 6, 7, 8, 9, 10, tzinfo=dt.timezone.utc), parsed.style
    )
    naive = moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment
    assert parsed.sort_key == naive.timestamp()


def test_a_lowercase_z_is_utc_and_written_as_z() -> None:
    parsed = parse_date("2020-01-02T03:04:05z")
    assert parsed is not None and parsed.value.tzinfo == dt.timezone.utc
    assert format_date(parsed.value, parsed.style) == "2020-01-02T03:04:05Z"


@pytest.mark.parametrize(
    "text",
    [
        "2020-01-02T03:04:05+24:00",
        "2020-01-02T03:04:05+23:60",
        "2020-01-02T03:04:05+2400",
        "2020-01-02T03:04:05-24",
        "2020-02-30",
        "2020-01-02T25:00:00Z",
    ],
)
def test_impossible_moments_are_not_dates(text: str) -> None:
    assert parse_date(text) is None
    assert iso_and_sort_key(text) == (None, None)


def test_a_zone_keeps_its_moment_when_restyled_to_utc() -> None:
    assert restyle("2020-01-02T03:04:05+05:30", "2019-01-01T00:00:00Z") == "2020-01-01T21:34:05Z"
