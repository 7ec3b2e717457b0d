import datetime as dt

import pytest

from blogtui.domain.dates import format_date, iso_string, parse_date, restyle


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
    from blogtui.domain.dates import iso_and_sort_key

    parsed = parse_date(value)
    expected = (iso_string(value), parsed.sort_key if parsed else None)
    assert iso_and_sort_key(value) == expected
