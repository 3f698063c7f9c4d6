"""Tests for summitfeed._dates: every accepted form, every refusal, both formats."""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitfeed import _dates
from summitfeed._dates import (
    DateValueError,
    date_from_filename,
    format_rfc822,
    format_rfc3339,
    parse_date,
)

UTC = datetime.UTC
ZURICH = ZoneInfo("Europe/Zurich")
NEW_YORK = ZoneInfo("America/New_York")
EXAMPLE = "write e.g. 2025-02-13 or 2025-02-13T09:30:00+01:00"


def at(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
    *,
    offset: float = 0,
) -> datetime.datetime:
    """An aware datetime; ``offset`` in hours east of UTC (default UTC)."""
    zone = UTC if not offset else datetime.timezone(datetime.timedelta(hours=offset))
    return datetime.datetime(
        year, month, day, hour, minute, second, microsecond, tzinfo=zone
    )


def wall(tz: datetime.tzinfo, *parts: int) -> datetime.datetime:
    """Wall time ``parts`` (year, month, day[, hour, minute, second]) in ``tz``."""
    year, month, day, hour, minute, second = (*parts, 0, 0, 0)[:6]
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=tz)


def naive(*parts: int) -> datetime.datetime:
    """A naive datetime, as YAML gives for a timestamp without a zone."""
    return wall(UTC, *parts).replace(tzinfo=None)


def same_moment(got: datetime.datetime, want: datetime.datetime) -> None:
    """Same instant and same UTC offset (aware == alone ignores the offset)."""
    assert got.utcoffset() is not None
    assert got == want
    assert got.utcoffset() == want.utcoffset()


# --- aware values: instant and written offset ---------------------------------

AWARE_TEXT = [
    # ISO 8601 / RFC 3339
    ("2025-02-13T09:30:00+01:00", at(2025, 2, 13, 9, 30, offset=1)),
    ("2025-02-13T09:30:00-05:00", at(2025, 2, 13, 9, 30, offset=-5)),
    ("2025-02-13T09:30:00+0100", at(2025, 2, 13, 9, 30, offset=1)),
    ("2025-02-13T09:30:00+05:45", at(2025, 2, 13, 9, 30, offset=5.75)),
    ("2025-02-13T09:30Z", at(2025, 2, 13, 9, 30)),
    ("2025-02-13t09:30:00z", at(2025, 2, 13, 9, 30)),
    ("2025-02-13T09:30:00-00:00", at(2025, 2, 13, 9, 30)),
    ("2025-02-13T09:30:00.123+01:00", at(2025, 2, 13, 9, 30, 0, 123000, offset=1)),
    ("2025-02-13T09:30:00,5Z", at(2025, 2, 13, 9, 30, 0, 500000)),
    ("2025-02-13T09:30:00.123456789Z", at(2025, 2, 13, 9, 30, 0, 123456)),
    ("  2025-02-13T09:30:00Z\n", at(2025, 2, 13, 9, 30)),
    # RFC 822 / RFC 2822
    ("Thu, 13 Feb 2025 09:30:00 GMT", at(2025, 2, 13, 9, 30)),
    ("Thu, 13 Feb 2025 09:30:00 UT", at(2025, 2, 13, 9, 30)),
    ("Thu, 13 Feb 2025 09:30:00 UTC", at(2025, 2, 13, 9, 30)),
    ("Thu, 13 Feb 2025 09:30:00 Z", at(2025, 2, 13, 9, 30)),
    ("thu, 13 feb 2025 09:30:00 gmt", at(2025, 2, 13, 9, 30)),
    ("13 Feb 2025 09:30:00 GMT", at(2025, 2, 13, 9, 30)),
    ("Thu, 13 Feb 2025 09:30 +0100", at(2025, 2, 13, 9, 30, offset=1)),
    ("Thu, 13 Feb 2025 09:30:00 -0000", at(2025, 2, 13, 9, 30)),
    ("Thu, 13 Feb 2025 09:30:00 +0000", at(2025, 2, 13, 9, 30)),
    ("Thu, 13 Feb 2025 09:30:00 -0330", at(2025, 2, 13, 9, 30, offset=-3.5)),
    ("Thu, 13 Feb 2025 09:30:00 EST", at(2025, 2, 13, 9, 30, offset=-5)),
    ("Thu, 13 Feb 2025 09:30:00 EDT", at(2025, 2, 13, 9, 30, offset=-4)),
    ("Thu, 13 Feb 2025 09:30:00 CST", at(2025, 2, 13, 9, 30, offset=-6)),
    ("Thu, 13 Feb 2025 09:30:00 CDT", at(2025, 2, 13, 9, 30, offset=-5)),
    ("Thu, 13 Feb 2025 09:30:00 MST", at(2025, 2, 13, 9, 30, offset=-7)),
    ("Thu, 13 Feb 2025 09:30:00 MDT", at(2025, 2, 13, 9, 30, offset=-6)),
    ("Thu, 13 Feb 2025 09:30:00 PST", at(2025, 2, 13, 9, 30, offset=-8)),
    ("Thu, 13 Feb 2025 09:30:00 PDT", at(2025, 2, 13, 9, 30, offset=-7)),
    ("Thu,13 Feb 2025 09:30:00 GMT", at(2025, 2, 13, 9, 30)),
    ("Thu, 3 Feb 2005 09:30:00 GMT", at(2005, 2, 3, 9, 30)),
    # two-digit years in RFC 822 dates: 00-49 are 20xx, 50-99 are 19xx
    ("Thu, 13 Feb 25 09:30:00 GMT", at(2025, 2, 13, 9, 30)),
    ("13 Feb 49 09:30:00 GMT", at(2049, 2, 13, 9, 30)),
    ("Thu, 13 Feb 97 09:30:00 GMT", at(1997, 2, 13, 9, 30)),
    ("13 Feb 50 09:30:00 GMT", at(1950, 2, 13, 9, 30)),
    # month-name forms with a zone
    ("Feb 13, 2025 10:00 EST", at(2025, 2, 13, 10, offset=-5)),
    ("Feb 13, 2025 10:00 UTC", at(2025, 2, 13, 10)),
    ("Feb 13, 2025 10:00 +01:00", at(2025, 2, 13, 10, offset=1)),
]


@pytest.mark.parametrize(("text", "want"), AWARE_TEXT)
@pytest.mark.parametrize("tz", [ZURICH, NEW_YORK], ids=["Zurich", "New_York"])
def test_text_with_zone_keeps_its_offset(
    text: str, want: datetime.datetime, tz: datetime.tzinfo
) -> None:
    same_moment(parse_date(text, tz=tz), want)


def test_offset_example_is_the_expected_instant() -> None:
    got = parse_date("2025-02-13T09:30:00+01:00", tz=NEW_YORK)
    assert got.astimezone(UTC) == datetime.datetime(2025, 2, 13, 8, 30, tzinfo=UTC)


# --- values without a zone: wall time in the site's zone ------------------------

# (text, expected wall time as (y, m, d, H, M, S)); Zurich is +01:00 in winter,
# +02:00 in summer; New York is -05:00 in winter, -04:00 in summer.
LOCAL_TEXT = [
    ("2025-02-13", (2025, 2, 13, 0, 0, 0)),
    ("2025-07-01", (2025, 7, 1, 0, 0, 0)),
    ("2025-02-13 09:30", (2025, 2, 13, 9, 30, 0)),
    ("2025-02-13T09:30", (2025, 2, 13, 9, 30, 0)),
    ("2025-02-13T09:30:15", (2025, 2, 13, 9, 30, 15)),
    ("Feb 13, 2025", (2025, 2, 13, 0, 0, 0)),
    ("13 February 2025", (2025, 2, 13, 0, 0, 0)),
    ("February 13, 2025", (2025, 2, 13, 0, 0, 0)),
    ("13 Feb 2025 10:00", (2025, 2, 13, 10, 0, 0)),
    ("Feb. 13, 2025", (2025, 2, 13, 0, 0, 0)),
    ("Sept. 3, 2025", (2025, 9, 3, 0, 0, 0)),
    ("13-Feb-2025", (2025, 2, 13, 0, 0, 0)),
    ("13th February 2025 at 10am", (2025, 2, 13, 10, 0, 0)),
    ("Thursday, February 13, 2025", (2025, 2, 13, 0, 0, 0)),
    ("Thu 13 Feb 2025 09:30", (2025, 2, 13, 9, 30, 0)),
    ("16/02/2025", (2025, 2, 16, 0, 0, 0)),
    ("02/16/2025", (2025, 2, 16, 0, 0, 0)),
    ("16.02.2025", (2025, 2, 16, 0, 0, 0)),
    ("16-02-2025", (2025, 2, 16, 0, 0, 0)),
    ("2/16/2025", (2025, 2, 16, 0, 0, 0)),
    ("05/05/2024", (2024, 5, 5, 0, 0, 0)),
    ("16/02/2025 10:30", (2025, 2, 16, 10, 30, 0)),
]


@pytest.mark.parametrize(("text", "parts"), LOCAL_TEXT)
@pytest.mark.parametrize("tz", [ZURICH, NEW_YORK], ids=["Zurich", "New_York"])
def test_text_without_zone_is_in_site_zone(
    text: str, parts: tuple[int, ...], tz: ZoneInfo
) -> None:
    got = parse_date(text, tz=tz)
    same_moment(got, wall(tz, *parts))
    assert got.tzinfo is tz


@pytest.mark.parametrize(
    ("value", "tz", "want"),
    [
        (datetime.date(2025, 2, 13), ZURICH, at(2025, 2, 12, 23)),
        (datetime.date(2025, 2, 13), NEW_YORK, at(2025, 2, 13, 5)),
        (datetime.date(2025, 7, 1), ZURICH, at(2025, 6, 30, 22)),
        (datetime.date(2025, 7, 1), NEW_YORK, at(2025, 7, 1, 4)),
        (naive(2025, 2, 13, 9, 30), ZURICH, at(2025, 2, 13, 8, 30)),
        (naive(2025, 2, 13, 9, 30), NEW_YORK, at(2025, 2, 13, 14, 30)),
        ("2025-02-13", ZURICH, at(2025, 2, 12, 23)),
        ("2025-02-13", NEW_YORK, at(2025, 2, 13, 5)),
        ("Feb 13, 2025", NEW_YORK, at(2025, 2, 13, 5)),
        ("16/02/2025", ZURICH, at(2025, 2, 15, 23)),
    ],
)
def test_local_values_are_the_right_instant(
    value: object, tz: ZoneInfo, want: datetime.datetime
) -> None:
    got = parse_date(value, tz=tz)
    assert got.astimezone(UTC) == want
    assert got.tzinfo is tz


def test_aware_datetime_is_kept_as_is() -> None:
    value = at(2025, 2, 13, 9, 30, offset=9)
    assert parse_date(value, tz=ZURICH) is value
    zoned = datetime.datetime(2025, 2, 13, 9, 30, tzinfo=NEW_YORK)
    assert parse_date(zoned, tz=ZURICH) is zoned


def test_nonexistent_wall_time_uses_offset_before_the_change() -> None:
    # 2025-03-30 02:30 does not exist in Zurich (clocks jump 02:00 -> 03:00).
    # PEP 495 fold=0 reads it with +01:00: 01:30 UTC, shown as 03:30+02:00.
    got = parse_date("2025-03-30T02:30", tz=ZURICH)
    assert got.astimezone(UTC) == at(2025, 3, 30, 1, 30)
    assert (got.hour, got.minute, got.utcoffset()) == (
        3,
        30,
        datetime.timedelta(hours=2),
    )
    gap = naive(2025, 3, 9, 2, 30)  # New York gap
    assert parse_date(gap, tz=NEW_YORK).astimezone(UTC) == at(2025, 3, 9, 7, 30)


def test_ambiguous_wall_time_is_the_first_one() -> None:
    # 2025-10-26 02:30 happens twice in Zurich; fold=0 is the first, at +02:00.
    got = parse_date("2025-10-26 02:30", tz=ZURICH)
    assert got.astimezone(UTC) == at(2025, 10, 26, 0, 30)
    assert got.utcoffset() == datetime.timedelta(hours=2)
    got = parse_date(naive(2025, 11, 2, 1, 30), tz=NEW_YORK)
    assert got.astimezone(UTC) == at(2025, 11, 2, 5, 30)


# --- Unix seconds ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "want"),
    [
        (1739404800, at(2025, 2, 13)),
        ("1739404800", at(2025, 2, 13)),
        (" 1739404800 ", at(2025, 2, 13)),
        (0, at(1970, 1, 1)),
        (-86400, at(1969, 12, 31)),
        ("999999999", at(2001, 9, 9, 1, 46, 39)),
    ],
)
def test_unix_seconds_are_a_utc_instant_shown_in_site_zone(
    value: object, want: datetime.datetime
) -> None:
    got = parse_date(value, tz=ZURICH)
    assert got == want
    assert got.tzinfo is ZURICH
    assert got.utcoffset() == ZURICH.utcoffset(want.replace(tzinfo=None))


def test_unix_seconds_shown_in_new_york() -> None:
    got = parse_date(1739404800, tz=NEW_YORK)
    assert (got.day, got.hour, got.utcoffset()) == (
        12,
        19,
        datetime.timedelta(hours=-5),
    )


@pytest.mark.parametrize("value", [10**12, -(10**12), 10**30])
def test_unix_seconds_out_of_range(value: int) -> None:
    with pytest.raises(DateValueError, match="outside the years 1 to 9999"):
        parse_date(value, tz=UTC)


# --- refusals with exact messages --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (True, "a boolean (true)"),
        (False, "a boolean (false)"),
        (None, "an empty value (null)"),
        ([2025, 2, 13], "a list"),
        ({"year": 2025}, "a mapping"),
        (1739404800.5, "a number with a fraction (1739404800.5)"),
        (datetime.time(9, 30), "a time of day without a date"),
        (b"2025-02-13", "a bytes"),
        ("", "an empty text"),
        ("   ", "an empty text"),
    ],
)
def test_wrong_types_name_what_was_found(value: object, found: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(value, tz=ZURICH)
    assert str(caught.value) == f"{found} is not a date; {EXAMPLE}"


@pytest.mark.parametrize(
    "text",
    [
        "soon",
        "Feb 2025",
        "13 February",
        "next Feb 13, 2025",
        "Feb 13 2025 10:00 GMT+3",
        "Feb 13, 2025 10:00 CET",
        "13 f\u00e9vrier 2025",
        "\uff12\uff10\uff12\uff15-\uff10\uff12-\uff11\uff13",  # full-width digits
        "20250213",
        "12345678901",
        "2025-02-13T09",
        "2025-02-13 09:30:00 CET",
        "2025-02-13 09:30:00 A",
        "2025/02-13",
        "Thu Feb 13 2025 09:30:00 GMT+1",
        "Thu Feb 13 2025 09:30:00 UTC+0100",
    ],
)
def test_not_a_date(text: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == f"'{text}' is not a date ({EXAMPLE})"


def test_not_a_date_exact_message() -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date("soon", tz=ZURICH)
    assert str(caught.value) == (
        "'soon' is not a date (write e.g. 2025-02-13 or 2025-02-13T09:30:00+01:00)"
    )


FEB_2025 = "February 2025 has 28 days"
NO_MONTH_13 = "there is no month 13 (months run from 1 to 12)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", f"2025-02-30 is not a real date: {FEB_2025}"),
        ("2024-02-30", "2024-02-30 is not a real date: February 2024 has 29 days"),
        ("2025-02-30T10:00:00Z", f"2025-02-30 is not a real date: {FEB_2025}"),
        ("2025-04-31 10:00", "2025-04-31 is not a real date: April 2025 has 30 days"),
        ("2025-13-01", f"2025-13-01 is not a real date: {NO_MONTH_13}"),
        (
            "2025-02-00",
            "2025-02-00 is not a real date: there is no day 0 (days start at 1)",
        ),
        (
            "0000-01-01",
            "0000-01-01 is not a real date: the year 0 is outside 1 to 9999",
        ),
        ("31/04/2025", "31/04/2025 is not a real date: April 2025 has 30 days"),
        ("04/31/2025", "04/31/2025 is not a real date: April 2025 has 30 days"),
        ("29.02.2025", f"29.02.2025 is not a real date: {FEB_2025}"),
        ("13/13/2025", f"13/13/2025 is not a real date: {NO_MONTH_13}"),
        ("Feb 30, 2025", f"'Feb 30, 2025' is not a real date: {FEB_2025}"),
        ("30 February 2025", f"'30 February 2025' is not a real date: {FEB_2025}"),
        (
            "Thu, 30 Feb 2025 09:30:00 GMT",
            f"'Thu, 30 Feb 2025 09:30:00 GMT' is not a real date: {FEB_2025}",
        ),
    ],
)
def test_impossible_dates_say_why(text: str, message: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-02-13T24:00", "24:00 is written 00:00 of the next day"),
        ("2025-02-13T25:00", "25:00:00 is not a time of day"),
        ("2025-02-13T09:60", "09:60:00 is not a time of day"),
        ("2025-02-13T23:59:60Z", "a leap second (:60) cannot be stored; write :59"),
        ("Thu, 13 Feb 2025 09:30:61 GMT", "09:30:61 is not a time of day"),
    ],
)
def test_impossible_times_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == f"'{text}' has an impossible time: {reason}"


@pytest.mark.parametrize(
    "text",
    ["2025-02-13T09:30+24:00", "2025-02-13T09:30-01:60", "13 Feb 2025 09:30 +0160"],
)
def test_impossible_offsets(text: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == (
        f"'{text}' has an impossible UTC offset; offsets run from -23:59 to +23:59"
    )


@pytest.mark.parametrize(
    ("text", "readings", "rewrites"),
    [
        ("03/04/2024", "3 April 2024 or 4 March 2024", "2024-04-03 or 2024-03-04"),
        ("3.4.2024", "3 April 2024 or 4 March 2024", "2024-04-03 or 2024-03-04"),
        (
            "12-01-2025",
            "12 January 2025 or 1 December 2025",
            "2025-01-12 or 2025-12-01",
        ),
    ],
)
def test_numeric_form_that_reads_two_ways_names_both(
    text: str, readings: str, rewrites: str
) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == (
        f"'{text}' reads two ways: {readings}; write it as {rewrites}"
    )


def test_two_way_message_names_the_date_part_only() -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date("03/04/2024 10:00", tz=ZURICH)
    assert str(caught.value) == (
        "'03/04/2024' reads two ways: 3 April 2024 or 4 March 2024; "
        "write it as 2024-04-03 or 2024-03-04"
    )


@pytest.mark.parametrize(("text", "year"), [("16/02/25", "25"), ("16.2.99", "99")])
def test_two_digit_years_in_numeric_forms_are_refused(text: str, year: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == (
        f"'{text}' has a two-digit year ({year}), which could be in any century; "
        "write the full year, e.g. 2025-02-13"
    )


@pytest.mark.parametrize("text", ["Feb 13, 25", "13 February 99"])
def test_two_digit_years_in_month_name_forms_are_refused(text: str) -> None:
    # dateutil would pick a century relative to today's year; we refuse instead.
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == (
        f"'{text}' has a two-digit year, which could be in any century; "
        "write the full year, e.g. Feb 13, 2025"
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Fri, 13 Feb 2025 09:30:00 GMT", "Friday"),
        ("Wed, 13 Feb 2025 09:30:00 +0100", "Wednesday"),
        ("Friday, February 13, 2025", "Friday"),
        ("Fri 13 Feb 2025 09:30", "Friday"),
    ],
)
def test_wrong_weekday_is_an_error(text: str, says: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == (
        f"'{text}' says {says}, but 13 February 2025 is a Thursday; "
        "correct or drop the weekday"
    )


def test_weekday_is_checked_against_the_written_date_not_utc() -> None:
    # 00:30 +0100 on Thursday is still Wednesday in UTC; the text says Thursday.
    got = parse_date("Thu, 13 Feb 2025 00:30:00 +0100", tz=UTC)
    assert got == at(2025, 2, 12, 23, 30)


def test_military_zone_letters_are_refused() -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date("Thu, 13 Feb 2025 09:30:00 A", tz=UTC)
    assert str(caught.value) == (
        "'Thu, 13 Feb 2025 09:30:00 A' ends in the military zone letter A, whose "
        "meaning is unreliable; write a numeric offset such as +0100 or GMT"
    )


TOO_LONG = "is not a date (a date is at most 100 characters)"
NOT_A_DATE = f"is not a date; {EXAMPLE}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 101, f"a text of 101 characters {TOO_LONG}; {EXAMPLE}"),
        (
            "2025-02-13" + " " * 90 + "x",
            f"a text of 101 characters {TOO_LONG}; {EXAMPLE}",
        ),
        ("2025-02-13\x00", f"a text with a control character (U+0000) {NOT_A_DATE}"),
        (
            "2025-02\x1b[31m-13",
            f"a text with a control character (U+001B) {NOT_A_DATE}",
        ),
        ("Feb\x8513, 2025", f"a text with a control character (U+0085) {NOT_A_DATE}"),
    ],
)
def test_hostile_text_is_refused(text: str, message: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=UTC)
    assert str(caught.value) == message


def test_huge_and_tricky_inputs_are_refused() -> None:
    hostile = [
        "1" * 10_000_000,
        "Feb " * 2_000_000,
        " " * 5_000_000 + "2025-02-13" + "\x00",
        "9" * 100,
        "Feb 13, " + "9" * 92,
        "-" * 100,
        "Feb " + "1:" * 30,
    ]
    for text in hostile:
        with pytest.raises(DateValueError):
            parse_date(text, tz=UTC)


def test_date_boundaries() -> None:
    same_moment(parse_date("0001-01-01T00:00:00Z", tz=UTC), at(1, 1, 1))
    same_moment(
        parse_date("9999-12-31T23:59:59Z", tz=UTC), at(9999, 12, 31, 23, 59, 59)
    )
    with pytest.raises(DateValueError, match="too close to the year 1 or 9999"):
        parse_date("9999-12-31T23:00", tz=NEW_YORK)
    with pytest.raises(DateValueError, match="too close to the year 1 or 9999"):
        parse_date(
            "0001-01-01 01:00", tz=datetime.timezone(datetime.timedelta(hours=14))
        )
    with pytest.raises(DateValueError, match="too close to the year 1 or 9999"):
        parse_date(datetime.date(1, 1, 1), tz=ZURICH)


# --- file names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "tz", "want"),
    [
        (
            "2025-02-13-hello-world",
            ZURICH,
            datetime.datetime(2025, 2, 13, tzinfo=ZURICH),
        ),
        ("2025-07-01-x", NEW_YORK, datetime.datetime(2025, 7, 1, tzinfo=NEW_YORK)),
        ("2024-02-29-leap", UTC, at(2024, 2, 29)),
        ("2025-02-13-", UTC, at(2025, 2, 13)),
    ],
)
def test_date_from_filename(
    stem: str, tz: datetime.tzinfo, want: datetime.datetime
) -> None:
    got = date_from_filename(stem, tz=tz)
    assert got is not None
    same_moment(got, want)


@pytest.mark.parametrize(
    "stem",
    ["hello-world", "2025-02-13", "x-2025-02-13-y", "2025-2-13-x", "25-02-13-x", ""],
)
def test_date_from_filename_without_a_date(stem: str) -> None:
    assert date_from_filename(stem, tz=UTC) is None


@pytest.mark.parametrize(
    ("stem", "message"),
    [
        ("2025-02-30-x", f"2025-02-30 is not a real date: {FEB_2025}"),
        ("2025-13-01-x", f"2025-13-01 is not a real date: {NO_MONTH_13}"),
    ],
)
def test_date_from_filename_impossible(stem: str, message: str) -> None:
    with pytest.raises(DateValueError) as caught:
        date_from_filename(stem, tz=UTC)
    assert str(caught.value) == message


# --- formatting ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "rfc822", "rfc3339"),
    [
        (
            datetime.datetime(2025, 2, 13, tzinfo=ZURICH),
            "Thu, 13 Feb 2025 00:00:00 +0100",
            "2025-02-13T00:00:00+01:00",
        ),
        (
            datetime.datetime(2025, 7, 1, 9, 5, 7, 999999, tzinfo=ZURICH),
            "Tue, 01 Jul 2025 09:05:07 +0200",
            "2025-07-01T09:05:07+02:00",
        ),
        (
            at(2025, 2, 13, 9, 30),
            "Thu, 13 Feb 2025 09:30:00 +0000",
            "2025-02-13T09:30:00Z",
        ),
        (
            at(2025, 2, 13, 9, 30, offset=-3.5),
            "Thu, 13 Feb 2025 09:30:00 -0330",
            "2025-02-13T09:30:00-03:30",
        ),
        (
            at(2025, 12, 31, 23, 59, 59, offset=5.75),
            "Wed, 31 Dec 2025 23:59:59 +0545",
            "2025-12-31T23:59:59+05:45",
        ),
        (
            datetime.datetime(2025, 11, 2, 1, 30, tzinfo=NEW_YORK, fold=1),
            "Sun, 02 Nov 2025 01:30:00 -0500",
            "2025-11-02T01:30:00-05:00",
        ),
        (at(1, 1, 1), "Mon, 01 Jan 0001 00:00:00 +0000", "0001-01-01T00:00:00Z"),
        (
            at(999, 5, 6, 7, 8, 9),
            "Mon, 06 May 0999 07:08:09 +0000",
            "0999-05-06T07:08:09Z",
        ),
        # Local mean time (+00:34:08) has seconds: written in UTC, same instant.
        (
            datetime.datetime(1850, 1, 1, tzinfo=ZURICH),
            "Mon, 31 Dec 1849 23:25:52 +0000",
            "1849-12-31T23:25:52Z",
        ),
    ],
)
def test_formats(moment: datetime.datetime, rfc822: str, rfc3339: str) -> None:
    assert format_rfc822(moment) == rfc822
    assert format_rfc3339(moment) == rfc3339


@pytest.mark.parametrize("formatter", [format_rfc822, format_rfc3339])
def test_formats_need_an_aware_datetime(formatter: object) -> None:
    assert callable(formatter)
    with pytest.raises(ValueError, match="no time zone"):
        formatter(datetime.datetime(2025, 2, 13))  # noqa: DTZ001


def test_formats_ignore_the_locale() -> None:
    import locale

    saved = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            moment = at(2025, 3, 13, 9, 30)
            assert format_rfc822(moment) == "Thu, 13 Mar 2025 09:30:00 +0000"
            assert parse_date("Thu, 13 Mar 2025 09:30:00 GMT", tz=UTC) == moment
    finally:
        locale.setlocale(locale.LC_TIME, saved)


# --- independence from the machine ------------------------------------------------


@pytest.fixture
def exotic_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run with a machine zone far from everything a test expects."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is not available on this platform")
    yield
    monkeypatch.undo()
    time.tzset()


MACHINE_SAMPLES: list[object] = [
    "2025-02-13",
    "2025-02-13 09:30",
    "2025-02-13T09:30:00+01:00",
    "Thu, 13 Feb 2025 09:30:00 EST",
    "Feb 13, 2025",
    "Feb 13, 2025 10:00 EST",
    "Feb 13, 2025 10:00 EDT",
    "Feb 13, 2025 10:00 GMT",
    "16/02/2025",
    "1739404800",
    1739404800,
    datetime.date(2025, 2, 13),
    naive(2025, 2, 13, 9, 30),
]


@pytest.mark.usefixtures("exotic_tz")
@pytest.mark.parametrize(
    "machine_zone",
    ["Pacific/Chatham", "Asia/Kathmandu", "EST5EDT", "XYZ-13:45", "GMT+0"],
)
def test_results_do_not_depend_on_the_machine_zone(
    machine_zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run() -> list[tuple[datetime.datetime, datetime.timedelta | None]]:
        results = [parse_date(value, tz=NEW_YORK) for value in MACHINE_SAMPLES]
        return [(moment, moment.utcoffset()) for moment in results]

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    expected = run()
    monkeypatch.setenv("TZ", machine_zone)
    time.tzset()
    assert run() == expected
    assert os.environ["TZ"] == machine_zone


def test_two_digit_year_never_uses_today() -> None:
    # dateutil would pick a century relative to the current year; we refuse.
    with pytest.raises(DateValueError, match="two-digit year"):
        parse_date("13 February 99", tz=UTC)


# --- properties -------------------------------------------------------------------

_whole_minute_offsets = st.integers(
    min_value=-(23 * 60 + 59), max_value=23 * 60 + 59
).map(lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes)))
aware_datetimes = st.datetimes(
    min_value=datetime.datetime(1900, 1, 1),  # noqa: DTZ001
    max_value=datetime.datetime(2100, 12, 31, 23, 59, 59),  # noqa: DTZ001
    timezones=st.timezones() | _whole_minute_offsets | st.just(UTC),
).map(lambda moment: moment.replace(microsecond=0))


def _instant_and_offset(
    moment: datetime.datetime,
) -> tuple[datetime.datetime, datetime.timedelta | None]:
    return moment.astimezone(UTC), moment.utcoffset()


@given(aware_datetimes)
def test_rfc3339_round_trip(moment: datetime.datetime) -> None:
    parsed = parse_date(format_rfc3339(moment), tz=NEW_YORK)
    # == between zones is False for ambiguous/nonexistent wall times (PEP 495),
    # so the instant and the offset are compared instead.
    assert parsed.astimezone(UTC) == moment.astimezone(UTC)
    offset = moment.utcoffset()
    assert offset is not None
    if offset % datetime.timedelta(minutes=1) == datetime.timedelta(0):
        assert _instant_and_offset(parsed) == _instant_and_offset(moment)
    if moment.tzinfo is UTC or isinstance(moment.tzinfo, datetime.timezone):
        assert parsed == moment


@given(aware_datetimes)
def test_rfc822_round_trip(moment: datetime.datetime) -> None:
    parsed = parse_date(format_rfc822(moment), tz=NEW_YORK)
    assert parsed.astimezone(UTC) == moment.astimezone(UTC)
    offset = moment.utcoffset()
    assert offset is not None
    if offset % datetime.timedelta(minutes=1) == datetime.timedelta(0):
        assert _instant_and_offset(parsed) == _instant_and_offset(moment)
    if moment.tzinfo is UTC or isinstance(moment.tzinfo, datetime.timezone):
        assert parsed == moment


@given(st.text(max_size=80))
def test_any_text_gives_an_aware_datetime_or_a_date_value_error(text: str) -> None:
    try:
        result = parse_date(text, tz=ZURICH)
    except DateValueError:
        return
    assert result.utcoffset() is not None


@given(
    st.from_regex(
        r"\A[0-9A-Za-z ,.:/+-]{1,40}\Z",
    )
)
def test_date_like_text_gives_an_aware_datetime_or_a_date_value_error(
    text: str,
) -> None:
    try:
        result = parse_date(text, tz=NEW_YORK)
    except DateValueError:
        return
    assert result.utcoffset() is not None


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=datetime.date(2, 1, 1), max_value=datetime.date(9998, 12, 31)),
    st.sampled_from(["UTC", "Europe/Zurich", "America/New_York", "Pacific/Chatham"]),
)
def test_plain_day_fast_reading_matches_the_full_one(day, zone):
    tz = ZoneInfo(zone)
    text = day.isoformat()
    fast = parse_date(text, tz=tz)
    full = _dates._parse_text(text, tz)
    assert fast == full
    assert fast.utcoffset() == full.utcoffset()


# --- the generators' own forms: the exact instant each must give -------------------
#
# Instants derived by hand: Zurich is +01:00 in January and +02:00 in July;
# a value with no zone is wall time in the site's zone (here Zurich).

GENERATOR_FORMS = [
    # Jekyll: 'YYYY-MM-DD HH:MM:SS +/-TTTT', quoted or not, +0200 or +02:00
    ("2024-01-02 10:00:00 +0200", at(2024, 1, 2, 8)),
    ("2024-01-02 10:00:00 +02:00", at(2024, 1, 2, 8)),
    ("2024-01-02 10:00:00 -0500", at(2024, 1, 2, 15)),
    ("2024-01-02 10:00:00 -05:00", at(2024, 1, 2, 15)),
    ("2024-01-02 10:00:00 +0530", at(2024, 1, 2, 4, 30)),
    ("2024-01-02 10:00:00 +02", at(2024, 1, 2, 8)),
    ("2024-01-02 10:00:00 -0000", at(2024, 1, 2, 10)),
    ("2024-01-02 10:00:00 UTC", at(2024, 1, 2, 10)),
    ("2024-01-02 10:00:00 GMT", at(2024, 1, 2, 10)),
    ("2024-01-02 10:00:00 utc", at(2024, 1, 2, 10)),
    ("2024-01-02 10:00:00 Z", at(2024, 1, 2, 10)),
    ("2024-01-02 10:00:00 EST", at(2024, 1, 2, 15)),
    ("2024-01-02 10:00 +0200", at(2024, 1, 2, 8)),
    ("2024-01-02 10:00:00.250 +0200", at(2024, 1, 2, 8, 0, 0, 250000)),
    ("2024-01-02T10:00:00 +02:00", at(2024, 1, 2, 8)),
    ("2024-1-2 9:05:00 +0200", at(2024, 1, 2, 7, 5)),
    ("2024-01-02 10:00:00 2024 -0800", at(2024, 1, 2, 18)),  # the year again
    ("2024-01-02 10:00:00", at(2024, 1, 2, 9)),  # no zone: Zurich, +01:00
    ("2024-07-02 10:00:00", at(2024, 7, 2, 8)),  # no zone: Zurich, +02:00
    # 'YYYY/MM/DD', with and without a time
    ("2024/01/02", at(2024, 1, 1, 23)),
    ("2024/07/02", at(2024, 7, 1, 22)),
    ("2024/1/2", at(2024, 1, 1, 23)),
    ("2024/01/02 10:00", at(2024, 1, 2, 9)),
    ("2024/01/02 10:00:00 +0200", at(2024, 1, 2, 8)),
    ("2024/03/04", at(2024, 3, 3, 23)),  # year first: always month then day
    ("2024.07.02", at(2024, 7, 1, 22)),
    # Hugo and Zola, as text (their TOML and YAML values are below)
    ("2024-01-02T10:00:00+02:00", at(2024, 1, 2, 8)),
    ("2024-01-02T10:00:00Z", at(2024, 1, 2, 10)),
    ("2024-01-02T10:00:00", at(2024, 1, 2, 9)),
    ("2024-01-02T10:00:00-07:00", at(2024, 1, 2, 17)),
    # Astro: what JavaScript's Date reads (and writes)
    ("2022-07-08T00:00:00.000Z", at(2022, 7, 8)),
    ("2022-07-08T10:00:00.000+02:00", at(2022, 7, 8, 8)),
    ("Jul 08 2022", at(2022, 7, 7, 22)),
    ("Jul 8 2022", at(2022, 7, 7, 22)),
    ("July 8, 2022", at(2022, 7, 7, 22)),
    ("July 08, 2022", at(2022, 7, 7, 22)),
    ("Jul 08, 2022", at(2022, 7, 7, 22)),
    ("8 July 2022", at(2022, 7, 7, 22)),
    ("Fri Jul 08 2022", at(2022, 7, 7, 22)),
    ("Friday, July 8, 2022", at(2022, 7, 7, 22)),
    ("Jul 08 2022 10:00", at(2022, 7, 8, 8)),
    ("July 8, 2022 10:00 AM", at(2022, 7, 8, 8)),
    ("July 8, 2022 10:00 PM", at(2022, 7, 8, 20)),
    ("Fri, 08 Jul 2022 10:00:00 GMT", at(2022, 7, 8, 10)),  # toUTCString()
    ("Fri Jul 08 2022 10:00:00 GMT+0200", at(2022, 7, 8, 8)),  # toString()
    (
        "Fri Jul 08 2022 10:00:00 GMT+0200 (Central European Summer Time)",
        at(2022, 7, 8, 8),
    ),
    ("Fri Jul 08 2022 10:00:00 GMT-0400 (Eastern Daylight Time)", at(2022, 7, 8, 14)),
    (
        "Fri Jul 08 2022 10:00:00 GMT+0000 (Coordinated Universal Time)",
        at(2022, 7, 8, 10),
    ),
]


@pytest.mark.parametrize(("text", "instant"), GENERATOR_FORMS)
def test_generator_forms_give_the_exact_instant(
    text: str, instant: datetime.datetime
) -> None:
    got = parse_date(text, tz=ZURICH)
    assert got.utcoffset() is not None
    assert got.astimezone(UTC) == instant


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2024-01-02 10:00:00 +0200", datetime.timedelta(hours=2)),
        ("2024-01-02 10:00:00 -05:00", datetime.timedelta(hours=-5)),
        ("2024-01-02 10:00:00 UTC", datetime.timedelta(0)),
        ("Fri Jul 08 2022 10:00:00 GMT-0400", datetime.timedelta(hours=-4)),
    ],
)
def test_generator_forms_keep_the_offset_written(
    text: str, offset: datetime.timedelta
) -> None:
    assert parse_date(text, tz=ZURICH).utcoffset() == offset


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024/02/30", "2024/02/30 is not a real date: February 2024 has 29 days"),
        (
            "2024/13/02 10:00",
            "2024/13/02 is not a real date: there is no month 13 "
            "(months run from 1 to 12)",
        ),
        (
            "2024-01-02 10:00:00 2023 -0800",
            "'2024-01-02 10:00:00 2023 -0800' gives two years, 2024 and 2023; "
            "keep the right one",
        ),
        (
            "2024-01-02 10:00:00 +2500",
            "'2024-01-02 10:00:00 +2500' has an impossible UTC offset; "
            "offsets run from -23:59 to +23:59",
        ),
        (
            "2024-01-02 25:00:00 +0200",
            "'2024-01-02 25:00:00 +0200' has an impossible time: "
            "25:00:00 is not a time of day",
        ),
        (
            "Thu Jul 08 2022 10:00:00 GMT+0200",
            "'Thu Jul 08 2022 10:00:00 GMT+0200' says Thursday, but 8 July 2022 "
            "is a Friday; correct or drop the weekday",
        ),
        (
            "Fri Feb 30 2024 10:00:00 GMT+0200",
            "'Fri Feb 30 2024 10:00:00 GMT+0200' is not a real date: "
            "February 2024 has 29 days",
        ),
    ],
)
def test_generator_forms_refuse_the_impossible(text: str, message: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == message


# TOML (Hugo's and Zola's front matter) gives dates, datetimes without an
# offset (local) and with one; tomllib's values, then the instant.
TOML_VALUES = [
    ("date = 2024-01-02", at(2024, 1, 1, 23)),
    ("date = 2024-07-02", at(2024, 7, 1, 22)),
    ("date = 2024-01-02T10:00:00", at(2024, 1, 2, 9)),
    ("date = 2024-01-02 10:00:00", at(2024, 1, 2, 9)),
    ("date = 2024-01-02T10:00:00.5", at(2024, 1, 2, 9, 0, 0, 500000)),
    ("date = 2024-01-02T10:00:00+02:00", at(2024, 1, 2, 8)),
    ("date = 2024-01-02T10:00:00Z", at(2024, 1, 2, 10)),
    ("date = 2024-01-02 10:00:00-05:00", at(2024, 1, 2, 15)),
    ("date = '2024-01-02T10:00:00+02:00'", at(2024, 1, 2, 8)),
    ('date = "2024-01-02"', at(2024, 1, 1, 23)),
]


@pytest.mark.parametrize(("line", "instant"), TOML_VALUES)
def test_toml_values_give_the_exact_instant(
    line: str, instant: datetime.datetime
) -> None:
    import tomllib

    value = tomllib.loads(line)["date"]
    got = parse_date(value, tz=ZURICH)
    assert got.astimezone(UTC) == instant


def test_toml_local_time_alone_is_refused() -> None:
    import tomllib

    value = tomllib.loads("date = 10:00:00")["date"]
    with pytest.raises(DateValueError) as caught:
        parse_date(value, tz=ZURICH)
    assert str(caught.value) == f"a time of day without a date is not a date; {EXAMPLE}"


# YAML: PyYAML gives a datetime for '2024-01-02 10:00:00 +02:00' but text for
# '2024-01-02 10:00:00 +0200' (YAML's timestamps want a colon in the offset);
# quoted, both are text. Whatever arrives, the instant is the same, and the
# project's fast reader of quoted fields gives what PyYAML gives.
YAML_VALUES = [
    ("2024-01-02 10:00:00 +0200", at(2024, 1, 2, 8)),
    ("2024-01-02 10:00:00 +02:00", at(2024, 1, 2, 8)),
    ("2024-01-02 10:00:00 -05:00", at(2024, 1, 2, 15)),
    ("2024-01-02 10:00:00 UTC", at(2024, 1, 2, 10)),
    ("2024-01-02 10:00:00", at(2024, 1, 2, 9)),
    ("2024-01-02 10:00", at(2024, 1, 2, 9)),
    ("2024-01-02T10:00:00Z", at(2024, 1, 2, 10)),
    ("2024-01-02T10:00:00.000Z", at(2024, 1, 2, 10)),
    ("2024-01-02", at(2024, 1, 1, 23)),
    ("2024/01/02", at(2024, 1, 1, 23)),
    ("2024-1-2 9:05:00", at(2024, 1, 2, 8, 5)),
]


@pytest.mark.parametrize(("text", "instant"), YAML_VALUES)
@pytest.mark.parametrize("quote", ["", "'"], ids=["plain", "quoted"])
def test_yaml_values_give_the_exact_instant(
    text: str, instant: datetime.datetime, quote: str
) -> None:
    import yaml

    from summitfeed._read.frontmatter import parse_front_matter

    line = f"date: {quote}{text}{quote}\n"
    expected = yaml.safe_load(line)["date"]
    raw = parse_front_matter(f"---\n{line}---\nBody.\n", path="post.md")
    assert raw.fields["date"] == expected
    assert type(raw.fields["date"]) is type(expected)
    assert parse_date(raw.fields["date"], tz=ZURICH).astimezone(UTC) == instant


def test_plain_yaml_offsets_arrive_as_pyyaml_gives_them() -> None:
    import yaml

    with_colon = yaml.safe_load("date: 2024-01-02 10:00:00 +02:00")["date"]
    without = yaml.safe_load("date: 2024-01-02 10:00:00 +0200")["date"]
    assert isinstance(with_colon, datetime.datetime)
    assert with_colon.utcoffset() == datetime.timedelta(hours=2)
    assert without == "2024-01-02 10:00:00 +0200"
    assert parse_date(with_colon, tz=ZURICH) == parse_date(without, tz=ZURICH)


@pytest.mark.parametrize("text", [text for text, _ in YAML_VALUES])
def test_fast_reader_agrees_with_pyyaml_on_quoted_dates(text: str) -> None:
    import yaml

    from summitfeed._read.frontmatter import read_simple_yaml

    block = f"title: 'A post'\ndate: '{text}'\n"
    fast = read_simple_yaml(block, first_line=2)
    assert fast is not None
    assert fast[0] == yaml.safe_load(block)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Last Modified", "the file's last change"),
        ("Created", "the file's creation"),
        ("git Last Modified", "the file's last commit"),
        ("git  created", "the file's first commit"),
    ],
)
def test_eleventy_file_times_are_refused_with_the_reason(text: str, what: str) -> None:
    with pytest.raises(DateValueError) as caught:
        parse_date(text, tz=ZURICH)
    assert str(caught.value) == (
        f"'{text}' is Eleventy's date of {what}, which is not the same in every "
        "checkout of the site; write the date itself, e.g. 2025-02-13"
    )


@settings(max_examples=400, deadline=None)
@given(
    st.integers(0, 10000),
    st.integers(0, 13),
    st.integers(0, 32),
    st.tuples(st.integers(0, 24), st.integers(0, 60), st.integers(0, 60)),
    st.sampled_from(["", ".5", ".05", ".123", ".123456", ".1234567"]),
    st.one_of(
        st.sampled_from(["Z", "z", "+00:00", "-00:00", "+24:00", "+0100", ""]),
        st.tuples(st.sampled_from("+-"), st.integers(0, 25), st.integers(0, 60)).map(
            lambda z: f"{z[0]}{z[1]:02d}:{z[2]:02d}"
        ),
    ),
)
def test_rfc3339_text_reads_as_the_general_iso_reading(
    year: int,
    month: int,
    day: int,
    clock: tuple[int, int, int],
    fraction: str,
    zone: str,
) -> None:
    """The shortcut for '2025-02-13T09:30:00+01:00' gives what the reading of
    every ISO spelling gives: the same instant and offset, or the same error."""
    hour, minute, second = clock
    text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    text += fraction + zone

    def reading(read: Callable[[str], datetime.datetime]) -> object:
        try:
            moment = read(text)
        except DateValueError as exc:
            return str(exc)
        return moment, moment.utcoffset(), repr(moment.tzinfo)

    expected = reading(lambda t: _dates._parse_text(t, ZURICH))
    assert reading(lambda t: parse_date(t, tz=ZURICH)) == expected
