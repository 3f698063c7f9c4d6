"""Front-matter dates: reading every accepted form, and writing RFC 822 and RFC 3339.

Accepted values (see the specification, section 1, "Dates"):

- YAML and TOML dates and datetimes (``datetime.date``, ``datetime.datetime``);
- integer Unix seconds, or a quoted string of 9 to 10 digits;
- ISO 8601 / RFC 3339 text: ``2025-02-13``, ``2025-02-13T09:30:00+01:00``,
  ``2025-02-13 09:30``, ``2025-02-13T09:30Z``, fractions of a second;
- the same year first with the generators' own spellings: Jekyll's
  ``2025-02-13 09:30:00 +0100`` (also ``+01:00``, ``UTC``, ``GMT`` or no
  zone), ``2025/02/13``, one-digit months, days and hours;
- RFC 822 / RFC 2822 text: ``Thu, 13 Feb 2025 09:30:00 GMT``, ``+0100``;
- what JavaScript's ``Date`` writes: ``2025-02-13T08:30:00.000Z``,
  ``Thu Feb 13 2025 09:30:00 GMT+0100 (Central European Standard Time)``;
- English month-name forms: ``Feb 13, 2025``, ``Feb 13 2025``,
  ``13 February 2025 10:00``;
- numeric day/month/year forms (``16/02/2025``) when they read one way only.

A value without a zone is in the site's time zone ``tz``; a date alone is 00:00
there. Nothing depends on the machine's time zone or on today's date, and the
module does no I/O.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from dateutil import parser as dateutil_parser


__all__ = [
    "DateValueError",
    "date_from_filename",
    "format_rfc822",
    "format_rfc3339",
    "parse_date",
]

UTC: Final = datetime.UTC
_EPOCH: Final = datetime.datetime(1970, 1, 1, tzinfo=UTC)
_MAX_LENGTH: Final = 100  # the longest form: JavaScript's, with its zone name
_EXAMPLE: Final = "write e.g. 2025-02-13 or 2025-02-13T09:30:00+01:00"

# Written out rather than taken from calendar.month_name, which follows the locale.
_MONTH_NAMES: Final = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_DAY_NAMES: Final = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
_MONTHS_ABBR: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_DAYS_ABBR: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Zone names of RFC 822 section 5 (plus UTC), in hours east of UTC.
_ZONE_HOURS: Final = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}  # fmt: skip

# English words a month-name form may contain, mapped to a month (1-12), a
# weekday (0-6 as in date.weekday()) or None (allowed, carries no date part).
_MONTH_WORDS: Final = {
    **{name.lower(): number for number, name in enumerate(_MONTH_NAMES, 1)},
    **{name.lower(): number for number, name in enumerate(_MONTHS_ABBR, 1)},
    "sept": 9,
}
_WEEKDAY_WORDS: Final = {
    **{name.lower(): number for number, name in enumerate(_DAY_NAMES)},
    **{name.lower(): number for number, name in enumerate(_DAYS_ABBR)},
}
_OTHER_WORDS: Final = frozenset(
    {"am", "pm", "a", "p", "at", "of", "st", "nd", "rd", "th", *_ZONE_HOURS}
)

# Eleventy's words for a date taken from the file system or from git.
_FILE_TIMES: Final = {
    "last modified": "the file's last change",
    "created": "the file's creation",
    "git last modified": "the file's last commit",
    "git created": "the file's first commit",
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNIX_TEXT = re.compile(r"[0-9]{9,10}", re.ASCII)
# Year first: ISO 8601 and RFC 3339, and the generators' own spellings of it
# (Jekyll's '2025-02-13 09:30:00 +0100', '2025/02/13', a zone after a space,
# one-digit months, days and hours as YAML's timestamps allow them, and the
# year written again before the zone, as Ruby reads it when it agrees).
_ISO = re.compile(
    r"""
    (?P<year>[0-9]{4}) (?P<sep>[-/.]) (?P<month>[0-9]{1,2}) (?P=sep) (?P<day>[0-9]{1,2})
    (?:
        (?: [Tt] | [\ \t]+ ) (?P<hour>[0-9]{1,2}) : (?P<minute>[0-9]{2})
        (?: : (?P<second>[0-9]{2}) (?: [.,] (?P<fraction>[0-9]{1,9}) )? )?
        (?: [\ \t]+ (?P<year_again>[0-9]{4}) )?
        [\ \t]*
        (?P<zone>
            [Zz] | [+-][0-9]{2} (?: :?[0-9]{2} )? | (?i: UTC? | GMT | [ECMP][SD]T )
        )?
    )?
    """,
    re.ASCII | re.VERBOSE,
)
# Zola also writes "_" after the date (2024-01-02_title.md).
_FILENAME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[-_]", re.ASCII)


# Formats few articles use: compiled on first need, not at start-up.
_RARE_PATTERNS: Final[dict[str, tuple[str, int]]] = {
    "rfc822": (
        r"""
        (?: (?P<weekday>[A-Za-z]{3}) ,? \s+ )?
        (?P<day>[0-9]{1,2}) \s+ (?P<month>[A-Za-z]{3}) \s+ (?P<year>[0-9]{2,4}) \s+
        (?P<hour>[0-9]{2}) : (?P<minute>[0-9]{2}) (?: : (?P<second>[0-9]{2}) )? \s*
        (?P<zone> [+-][0-9]{4} | UTC? | GMT | [ECMP][SD]T | [A-IK-Z] )
        """,
        re.ASCII | re.VERBOSE | re.IGNORECASE,
    ),
    # What JavaScript's Date.prototype.toString() writes, pasted into front
    # matter: 'Fri Jul 08 2022 10:00:00 GMT+0200 (Central European Summer
    # Time)'. Only this exact shape: elsewhere 'GMT+2' may be a POSIX zone,
    # whose sign is the other way round.
    "javascript": (
        r"""
        (?P<weekday>[A-Za-z]{3}) \s+ (?P<month>[A-Za-z]{3}) \s+ (?P<day>[0-9]{2}) \s+
        (?P<year>[0-9]{4}) \s+
        (?P<hour>[0-9]{2}) : (?P<minute>[0-9]{2}) : (?P<second>[0-9]{2}) \s+
        GMT (?P<zone>[+-][0-9]{4}) (?: \s+ \( [A-Za-z .'-]{1,60} \) )?
        """,
        re.ASCII | re.VERBOSE,
    ),
    "numeric": (
        r"""
        (?P<first>[0-9]{1,2}) (?P<sep>[/.-]) (?P<second>[0-9]{1,2}) (?P=sep)
        (?P<year>[0-9]{4}|[0-9]{2})
        (?: \s+ (?P<hour>[0-9]{1,2}) : (?P<minute>[0-9]{2})
            (?: : (?P<sec>[0-9]{2}) )? )?
        """,
        re.ASCII | re.VERBOSE,
    ),
    "word": (r"[a-z]+", re.ASCII | re.IGNORECASE),
    "zone with offset": (
        r"\b(?:ut|utc|gmt|z|[ecmp][sd]t)\s*[+-]",
        re.ASCII | re.IGNORECASE,
    ),
    "day month year": (
        r"\b([0-9]{1,2})(?:st|nd|rd|th)?[\s.,-]+([a-z]+)\.?[\s.,-]+([0-9]{4})\b",
        re.ASCII | re.IGNORECASE,
    ),
    "month day year": (
        r"\b([a-z]+)\.?[\s.,-]+([0-9]{1,2})(?:st|nd|rd|th)?[\s.,-]+([0-9]{4})\b",
        re.ASCII | re.IGNORECASE,
    ),
}


@functools.cache
def _rare(name: str) -> re.Pattern[str]:
    pattern, flags = _RARE_PATTERNS[name]
    return re.compile(pattern, flags)


class DateValueError(ValueError):
    """A value is not a usable date.

    ``str()`` is a user-facing message: what is wrong and what would be right.
    """


# --- public functions ---------------------------------------------------------


def parse_date(value: object, *, tz: datetime.tzinfo) -> datetime.datetime:
    """Return an aware datetime for a front-matter date value. Raises DateValueError."""
    if isinstance(value, datetime.datetime):
        if value.utcoffset() is not None:
            return value
        return _localize(value, tz)
    if isinstance(value, datetime.date):
        return _localize(
            datetime.datetime(value.year, value.month, value.day, tzinfo=tz), tz
        )
    if isinstance(value, bool):
        raise DateValueError(
            f"a boolean ({str(value).lower()}) is not a date; {_EXAMPLE}"
        )
    if isinstance(value, int):
        return _from_unix_seconds(value, tz)
    if isinstance(value, str):
        if _PLAIN_DAY.fullmatch(value):
            # The commonest form ('2025-02-13'); an impossible day falls
            # through to the reading that explains it.
            moment = _plain_day(value, tz)
            if moment is not None:
                return moment
        elif _ZONED_ISO.fullmatch(value):
            # RFC 3339 with its offset (the generators' commonest date and
            # time): read in C; an impossible day falls through as above.
            try:
                return datetime.datetime.fromisoformat(value)
            except ValueError:
                pass
        return _parse_text(value, tz)
    raise DateValueError(f"{_describe_type(value)} is not a date; {_EXAMPLE}")


_PLAIN_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A time of day that exists and an offset under a day: what _read_iso
# reads for it is what datetime.fromisoformat gives.
_ZONED_ISO: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])",
    re.ASCII,
)


@lru_cache(maxsize=4096)
def _plain_day(value: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    """Midnight of a 'YYYY-MM-DD' day in ``tz``; None for an impossible day.

    Cached: a site's articles share their days, and the result is immutable.
    """
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return _localize(datetime.datetime(day.year, day.month, day.day, tzinfo=tz), tz)


def date_from_filename(stem: str, *, tz: datetime.tzinfo) -> datetime.datetime | None:
    """A leading 'YYYY-MM-DD-' in a file name as midnight in tz.

    None when there is none. Raises DateValueError for an impossible date like
    2025-02-30-x.
    """
    match = _FILENAME.match(stem)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    _check_calendar(match.group()[:-1], year, month, day)
    return _localize(datetime.datetime(year, month, day, tzinfo=tz), tz)


def format_rfc822(moment: datetime.datetime) -> str:
    """'Thu, 13 Feb 2025 00:00:00 +0100': numeric zone, English names, no locale."""
    moment, offset_minutes = _for_output(moment)
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return (
        f"{_DAYS_ABBR[moment.weekday()]}, {moment.day:02d} "
        f"{_MONTHS_ABBR[moment.month - 1]} {moment.year:04d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} "
        f"{sign}{hours:02d}{minutes:02d}"
    )


def format_rfc3339(moment: datetime.datetime) -> str:
    """'2025-02-13T00:00:00+01:00'; 'Z' for offset zero; whole seconds."""
    moment, offset_minutes = _for_output(moment)
    if offset_minutes == 0:
        zone = "Z"
    else:
        sign = "-" if offset_minutes < 0 else "+"
        hours, minutes = divmod(abs(offset_minutes), 60)
        zone = f"{sign}{hours:02d}:{minutes:02d}"
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}{zone}"
    )


# --- shared helpers -------------------------------------------------------------


def _localize(wall: datetime.datetime, tz: datetime.tzinfo) -> datetime.datetime:
    """The wall time ``wall`` (naive, or already carrying ``tz``) in ``tz``.

    Ambiguous and nonexistent wall times follow PEP 495 with fold=0: a time
    repeated when clocks go back is the first (earlier) one; a time skipped
    when clocks go forward is read with the offset in force before the change
    (02:30 in Zurich on 2025-03-30 is 01:30 UTC) and returned as the wall time
    that exists at that instant (03:30+02:00).
    """
    aware = wall.replace(tzinfo=tz, fold=0)
    try:
        return aware.astimezone(UTC).astimezone(tz)
    except OverflowError:
        raise DateValueError(
            f"{wall.date().isoformat()} is too close to the year 1 or 9999 "
            "to be placed in the time zone; years run from 1 to 9999"
        ) from None


def _for_output(moment: datetime.datetime) -> tuple[datetime.datetime, int]:
    """The moment in whole seconds and its UTC offset in whole minutes.

    An offset with seconds (local mean time before 1900-ish) cannot be written
    in either format, so such a moment is written in UTC: the instant is kept.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment!r} has no time zone; an aware datetime is needed")
    if moment.microsecond:
        moment = moment.replace(microsecond=0)
    seconds = offset.days * 86400 + offset.seconds  # (plain integers: faster)
    if seconds % 60 or offset.microseconds:
        return moment.astimezone(UTC), 0
    return moment, seconds // 60


def _describe_type(value: object) -> str:
    if value is None:
        return "an empty value (null)"
    if isinstance(value, float):
        return f"a number with a fraction ({value!r})"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.time):
        return "a time of day without a date"
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}"


def _from_unix_seconds(seconds: int, tz: datetime.tzinfo) -> datetime.datetime:
    try:
        return (_EPOCH + datetime.timedelta(seconds=seconds)).astimezone(tz)
    except OverflowError:
        raise DateValueError(
            f"{seconds} Unix seconds is outside the years 1 to 9999; {_EXAMPLE}"
        ) from None


def _check_calendar(text: str, year: int, month: int, day: int) -> None:
    """Raise DateValueError unless year-month-day is a real date."""
    reason = _calendar_problem(year, month, day)
    if reason is not None:
        raise DateValueError(f"{text} is not a real date: {reason}")


def _calendar_problem(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is not a real date, or None when it is one."""
    if not 1 <= year <= 9999:
        return f"the year {year} is outside 1 to 9999"
    if not 1 <= month <= 12:
        return f"there is no month {month} (months run from 1 to 12)"
    if day < 1:
        return f"there is no day {day} (days start at 1)"
    import calendar  # (only for a date that may not exist)

    length = calendar.monthrange(year, month)[1]
    if day > length:
        return f"{_MONTH_NAMES[month - 1]} {year} has {length} days"
    return None


def _check_clock(text: str, hour: int, minute: int, second: int) -> None:
    """Raise DateValueError unless hour:minute:second is a real time of day."""
    if hour == 24 and minute == second == 0:
        reason = "24:00 is written 00:00 of the next day"
    elif second == 60:
        reason = "a leap second (:60) cannot be stored; write :59"
    elif hour > 23 or minute > 59 or second > 59:
        reason = f"{hour:02d}:{minute:02d}:{second:02d} is not a time of day"
    else:
        return
    raise DateValueError(f"'{text}' has an impossible time: {reason}")


@lru_cache(maxsize=256)
def offset_zone(sign: str, hours: int, minutes: int) -> datetime.timezone:
    """A fixed UTC offset as a zone, as PyYAML and tomllib make one (``+00:00``
    stays an offset); cached, as a site's dates share a few."""
    delta = datetime.timedelta(hours=hours, minutes=minutes)
    return datetime.timezone(-delta if sign == "-" else delta)


def moment_from_fields(fields: Sequence[Any]) -> datetime.date:
    """A date, or a date and time, from its fields as written: year, month,
    day, then hour, minute, second, fraction, a UTC mark, and the offset's
    sign, hours and minutes (each None where not written). Digits of the
    fraction past microseconds are dropped, as PyYAML and tomllib drop them.

    Raises:
        ValueError, OverflowError: a field is out of range (2025-02-30).
    """
    year, month, day, hour, minute, second, fraction, utc, sign, zh, zm = fields
    if hour is None:
        return datetime.date(int(year), int(month), int(day))
    tz: datetime.tzinfo | None = None
    if sign:
        tz = offset_zone(sign, int(zh), int(zm or 0))
    elif utc:
        tz = UTC
    micros = int(fraction[:6].ljust(6, "0")) if fraction else 0
    return datetime.datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        micros,
        tzinfo=tz,
    )


def _fixed_zone(text: str, sign: str, hours: int, minutes: int) -> datetime.tzinfo:
    if hours > 23 or minutes > 59:
        raise DateValueError(
            f"'{text}' has an impossible UTC offset; offsets run from -23:59 to +23:59"
        )
    if hours == minutes == 0:
        return UTC  # '-00:00' and '-0000' (offset unknown) are read as UTC
    delta = datetime.timedelta(hours=hours, minutes=minutes)
    return datetime.timezone(-delta if sign == "-" else delta)


def _check_weekday(text: str, weekday: int, moment: datetime.datetime) -> None:
    if moment.weekday() != weekday:
        raise DateValueError(
            f"'{text}' says {_DAY_NAMES[weekday]}, but "
            f"{_spoken(moment.year, moment.month, moment.day)} is a "
            f"{_DAY_NAMES[moment.weekday()]}; correct or drop the weekday"
        )


def _spoken(year: int, month: int, day: int) -> str:
    return f"{day} {_MONTH_NAMES[month - 1]} {year}"


# --- text -----------------------------------------------------------------------


def _parse_text(raw: str, tz: datetime.tzinfo) -> datetime.datetime:
    text = raw.strip()
    if not text:
        raise DateValueError(f"an empty text is not a date; {_EXAMPLE}")
    if len(text) > _MAX_LENGTH:
        raise DateValueError(
            f"a text of {len(text)} characters is not a date (a date is at most "
            f"{_MAX_LENGTH} characters); {_EXAMPLE}"
        )
    control = _CONTROL.search(text)
    if control is not None:
        raise DateValueError(
            f"a text with a control character (U+{ord(control.group()):04X}) "
            f"is not a date; {_EXAMPLE}"
        )
    if _UNIX_TEXT.fullmatch(text):
        return _from_unix_seconds(int(text), tz)
    file_time = _FILE_TIMES.get(" ".join(text.lower().split()))
    if file_time is not None:
        raise DateValueError(
            f"'{text}' is Eleventy's date of {file_time}, which is not the same "
            "in every checkout of the site; write the date itself, e.g. 2025-02-13"
        )
    for reader in (
        _read_iso,
        _read_rfc822,
        _read_javascript,
        _read_numeric,
        _read_month_name,
    ):
        result = reader(text, tz)
        if result is not None:
            return result
    raise DateValueError(f"'{text}' is not a date ({_EXAMPLE})")


def _read_iso(text: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    match = _ISO.fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    date_text = text[: match.end("day")]
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    _check_calendar(date_text, year, month, day)
    if parts["hour"] is None:
        return _localize(datetime.datetime(year, month, day, tzinfo=tz), tz)
    hour, minute = int(parts["hour"]), int(parts["minute"])
    second = int(parts["second"] or 0)
    _check_clock(text, hour, minute, second)
    fraction = int((parts["fraction"] or "").ljust(6, "0")[:6])  # extra digits cut
    again = parts["year_again"]
    if again is not None and int(again) != year:
        raise DateValueError(
            f"'{text}' gives two years, {year} and {int(again)}; keep the right one"
        )
    zone = parts["zone"]
    if zone is None:
        wall = datetime.datetime(
            year, month, day, hour, minute, second, fraction, tzinfo=tz
        )
        return _localize(wall, tz)
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        offset = _fixed_zone(text, zone[0], int(digits[:2]), int(digits[2:] or 0))
    else:
        offset = _named_zone(zone)
    return datetime.datetime(
        year, month, day, hour, minute, second, fraction, tzinfo=offset
    )


def _named_zone(name: str) -> datetime.tzinfo:
    """A zone of RFC 822 written as its name (GMT, UTC, EST, ...)."""
    hours = _ZONE_HOURS[name.lower()]
    return UTC if hours == 0 else datetime.timezone(datetime.timedelta(hours=hours))


def _read_rfc822(text: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    match = _rare("rfc822").fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    month = _MONTH_WORDS.get(parts["month"].lower())
    weekday_name = parts["weekday"]
    weekday = None if weekday_name is None else _WEEKDAY_WORDS.get(weekday_name.lower())
    if month is None or (weekday_name is not None and weekday is None):
        return None
    year = _rfc822_year(parts["year"])
    day = int(parts["day"])
    _check_calendar(f"'{text}'", year, month, day)
    hour, minute = int(parts["hour"]), int(parts["minute"])
    second = int(parts["second"] or 0)
    _check_clock(text, hour, minute, second)
    moment = datetime.datetime(
        year, month, day, hour, minute, second, tzinfo=_rfc822_zone(text, parts["zone"])
    )
    if weekday is not None:
        _check_weekday(text, weekday, moment)
    return moment


def _read_javascript(text: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    match = _rare("javascript").fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    month = _MONTH_WORDS.get(parts["month"].lower())
    weekday = _WEEKDAY_WORDS.get(parts["weekday"].lower())
    if month is None or weekday is None:
        return None
    year, day = int(parts["year"]), int(parts["day"])
    _check_calendar(f"'{text}'", year, month, day)
    hour, minute = int(parts["hour"]), int(parts["minute"])
    second = int(parts["second"])
    _check_clock(text, hour, minute, second)
    zone = parts["zone"]
    offset = _fixed_zone(text, zone[0], int(zone[1:3]), int(zone[3:]))
    moment = datetime.datetime(year, month, day, hour, minute, second, tzinfo=offset)
    _check_weekday(text, weekday, moment)
    return moment


def _rfc822_year(digits: str) -> int:
    """RFC 2822 section 4.3: 00-49 are 2000-2049, 50-99 and three digits add 1900."""
    year = int(digits)
    if len(digits) == 2:
        return year + (2000 if year < 50 else 1900)
    if len(digits) == 3:
        return year + 1900
    return year


def _rfc822_zone(text: str, zone: str) -> datetime.tzinfo:
    if zone[0] in "+-":
        return _fixed_zone(text, zone[0], int(zone[1:3]), int(zone[3:]))
    if zone.lower() not in _ZONE_HOURS:
        # RFC 822 got the signs of the military letters wrong; RFC 2822 says
        # they carry no information, so guessing either way would be wrong.
        raise DateValueError(
            f"'{text}' ends in the military zone letter {zone.upper()}, whose "
            "meaning is unreliable; write a numeric offset such as +0100 or GMT"
        )
    return _named_zone(zone)


def _read_numeric(text: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    match = _rare("numeric").fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    if len(parts["year"]) == 2:
        raise DateValueError(
            f"'{text}' has a two-digit year ({parts['year']}), which could be in "
            f"any century; write the full year, e.g. 2025-02-13"
        )
    date_text = text[: match.end("year")]
    year, month, day = _one_reading(
        date_text, int(parts["year"]), int(parts["first"]), int(parts["second"])
    )
    hour = int(parts["hour"] or 0)
    minute, second = int(parts["minute"] or 0), int(parts["sec"] or 0)
    _check_clock(text, hour, minute, second)
    wall = datetime.datetime(year, month, day, hour, minute, second, tzinfo=tz)
    return _localize(wall, tz)


def _one_reading(text: str, year: int, first: int, second: int) -> tuple[int, int, int]:
    """The only real date among day-first and month-first readings of D/M/Y."""
    day_first = _calendar_problem(year, second, first)
    month_first = _calendar_problem(year, first, second)
    if day_first is None and month_first is None and first != second:
        raise DateValueError(
            f"'{text}' reads two ways: {_spoken(year, second, first)} or "
            f"{_spoken(year, first, second)}; write it as "
            f"{year:04d}-{second:02d}-{first:02d} or "
            f"{year:04d}-{first:02d}-{second:02d}"
        )
    if day_first is None:
        return year, second, first
    if month_first is None:
        return year, first, second
    # Neither reading is real: explain the one whose month exists, if any.
    reason = month_first if 1 <= first <= 12 < second else day_first
    raise DateValueError(f"{text} is not a real date: {reason}")


def _read_month_name(text: str, tz: datetime.tzinfo) -> datetime.datetime | None:
    """English month-name forms such as 'Feb 13, 2025' or '13 February 2025 10:00'."""
    if not text.isascii():
        return None
    words = [word.lower() for word in _rare("word").findall(text)]
    if not any(word in _MONTH_WORDS for word in words):
        return None
    known = _MONTH_WORDS.keys() | _WEEKDAY_WORDS.keys() | _OTHER_WORDS
    if any(word not in known for word in words):
        return None
    if _rare("zone with offset").search(text):
        return None
    _check_written_calendar(text)
    moment = _dateutil_parse(text)
    if moment is None:
        return None
    if moment.year < 100 and f"{moment.year:04d}" not in text:
        raise DateValueError(
            f"'{text}' has a two-digit year, which could be in any century; "
            "write the full year, e.g. Feb 13, 2025"
        )
    for word in words:
        if word in _WEEKDAY_WORDS:
            _check_weekday(text, _WEEKDAY_WORDS[word], moment)
    if moment.utcoffset() is None:
        return _localize(moment, tz)
    return moment


def _check_written_calendar(text: str) -> None:
    """Explain an impossible day in forms like '30 Feb 2025' or 'February 30, 2025'."""
    for name, day_index, month_index in (
        ("day month year", 1, 2),
        ("month day year", 2, 1),
    ):
        match = _rare(name).search(text)
        month = None if match is None else _MONTH_WORDS.get(match[month_index].lower())
        if match is not None and month is not None:
            _check_calendar(f"'{text}'", int(match[3]), month, int(match[day_index]))


@lru_cache(maxsize=1)
def _parser() -> dateutil_parser.parser:
    """dateutil's parser, loaded on first use: the common date forms never need it."""
    from dateutil import parser as dateutil_parser

    class NoCenturyGuess(dateutil_parser.parserinfo):
        """Keep two-digit years as written; the stock rule depends on today's date."""

        def convertyear(self, year: int, century_specified: bool = False) -> int:
            return year

    return dateutil_parser.parser(NoCenturyGuess())


# Two fixed defaults that differ in year, month and day: a part missing from the
# text shows up as a difference, and no part ever comes from today's date.
# They are naive on purpose: dateutil returns a naive result when the text has no
# zone, and _read_month_name then places it in the site's time zone.
_DEFAULTS: Final = (
    datetime.datetime(2000, 1, 1),  # noqa: DTZ001
    datetime.datetime(2004, 2, 2),  # noqa: DTZ001
)


def _dateutil_parse(text: str) -> datetime.datetime | None:
    """Parse with dateutil; None when year, month or day is missing or unreadable."""
    results = []
    for default in _DEFAULTS:
        try:
            results.append(_parser().parse(text, default=default, tzinfos=_zone_for))
        except (ValueError, OverflowError):
            return None
    first, second = results
    if first.date() != second.date():
        return None
    return first


def _zone_for(name: str | None, offset: int | None) -> datetime.tzinfo | None:
    """The tzinfos callback: a callable also stops dateutil from using time.tzname."""
    if name is not None:
        hours = _ZONE_HOURS.get(name.lower())
        if hours is None:
            raise ValueError(f"unknown zone {name}")
        return UTC if hours == 0 else datetime.timezone(datetime.timedelta(hours=hours))
    if offset is not None:
        return datetime.timezone(datetime.timedelta(seconds=offset))
    return None


_MICROSECOND: Final = datetime.timedelta(microseconds=1)


def micros(moment: datetime.datetime) -> int:
    """An instant as whole microseconds: exact, and ordered as the instants are."""
    return (moment - _EPOCH) // _MICROSECOND
