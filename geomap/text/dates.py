"""When an incident happened: date words in a sentence, resolved against the article's date.

:func:`find_dates` lists every date expression in a stretch of text, each resolved to a
day and an ACLED ``time_precision``:

* 1 (the day): ``"today"``, ``"this morning"``, ``"yesterday"``, ``"last night"``,
  ``"on Monday"``, ``"Tuesday night"`` (a weekday is the most recent such day on or
  before the article's date), ``"on 12 December"``, ``"December 12, 2016"``;
* 2 (the week): ``"last week"``, ``"this week"``, ``"over the weekend"``, ``"in recent
  days"``, a span of days (``"between Sunday and today"``, ``"on Friday and
  Saturday"``: the first day);
* 3 (the month): ``"in November"``, ``"last month"``.

A span of days also gives its last day (:attr:`~geomap.model.DateWords.end_date`);
"by" before the words is marked (:attr:`~geomap.model.DateWords.by`: it had happened
by then); "the same day" and "before the offensive" are marked for the caller to
resolve (the previous incident's day; the day the offensive began). Dates after
"since", "began"... set a background, not the day of what is reported, and are left
out.

Explicit dates are parsed by ``python-dateutil``; a date without a year takes the
article's year (the year before, if that would put it after the article).
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from dateutil import parser as _dateparser

from geomap.model import DateWords, TimePrecision

__all__ = ["DateWords", "find_dates"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: A month's name or abbreviation (with its full stop): every reader of dates uses it.
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
# Gaps between date words are bounded: a run of hundreds of spaces separates nothing,
# and an unbounded gap makes the search quadratic in it.
_GAP = r"\s{1,5}"
_PART = rf"(?:{_GAP}(?:morning|afternoon|evening|night))?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "explicit",
        rf"{_DAY}{_GAP}(?:of{_GAP})?{MONTH_PATTERN}(?:,?{_GAP}{_YEAR})?|{MONTH_PATTERN}{_GAP}{_DAY}(?:,?{_GAP}{_YEAR})?",
    ),
    ("month", rf"(?:in|during|early|late|mid-?){_GAP}{MONTH_PATTERN}(?:{_GAP}{_YEAR})?"),
    (
        "weekday_span",
        rf"(?:between{_GAP})?{_WEEKDAY}{_GAP}(?:and|to|until){_GAP}(?:{_WEEKDAY}|today)",
    ),
    (
        "today",
        rf"(?:late{_GAP}|earlier{_GAP})?today|this{_GAP}(?:morning|afternoon|evening)|tonight",
    ),
    ("yesterday", rf"yesterday(?:{_GAP}(?:morning|afternoon|evening))?|last{_GAP}night|overnight"),
    ("weekday", rf"(?:last{_GAP})?{_WEEKDAY}{_PART}"),
    ("last_week", rf"last{_GAP}week|earlier{_GAP}this{_GAP}week"),
    (
        "this_week",
        rf"this{_GAP}week|in{_GAP}recent{_GAP}days|in{_GAP}the{_GAP}past{_GAP}few{_GAP}days",
    ),
    ("weekend", rf"(?:over|at|during){_GAP}the{_GAP}weekend|last{_GAP}weekend"),
    ("last_month", rf"last{_GAP}month|earlier{_GAP}this{_GAP}month"),
    ("same_day", rf"the{_GAP}same{_GAP}day|that{_GAP}day"),
    ("before_start", rf"before{_GAP}the{_GAP}(?:offensive|assault|campaign)"),
)
_DATE_RE = re.compile(
    "|".join(rf"(?P<{kind}>\b(?:{pattern})\b)" for kind, pattern in _PATTERNS), re.IGNORECASE
)
# Dates after these words set a background, not the incident's day.
_BACKGROUND_RE = re.compile(
    r"\b(?:since|began|begun|started|starting|from)\s+(?:on\s+)?$", re.IGNORECASE
)
# "by Saturday": it had happened by then.
_BY_RE = re.compile(rf"\bby{_GAP}$", re.IGNORECASE)
# How far back the words before a date are read for a background or "by".
_LOOK_BACK = 20


def find_dates(
    text: str, article_date: datetime.date | None, start: int = 0, end: int | None = None
) -> list[DateWords]:
    """Every date expression in ``text[start:end]``, resolved against *article_date*."""
    end = len(text) if end is None else end
    found: list[DateWords] = []
    for match in _DATE_RE.finditer(text, start, end):
        before = text[max(0, match.start() - _LOOK_BACK) : match.start()]
        if _BACKGROUND_RE.search(before):
            continue
        kind = match.lastgroup or ""
        words = match.group(0)
        try:
            day, precision = _resolve(kind, words, article_date)
            last = (
                _span_end(words.lower(), article_date, day)
                if kind == "weekday_span" and article_date is not None and day is not None
                else None
            )
        except (OverflowError, ValueError):
            continue  # relative words that would step outside years 1-9999
        if kind == "explicit" and day is None:
            continue
        found.append(
            DateWords(
                words,
                match.start(),
                match.end(),
                day,
                precision,
                same_day=kind == "same_day",
                end_date=last,
                by=_BY_RE.search(before) is not None,
                before_start=kind == "before_start",
            )
        )
    return found


def _resolve(
    kind: str, words: str, today: datetime.date | None
) -> tuple[datetime.date | None, TimePrecision]:
    lowered = words.lower()
    if kind == "explicit":
        return _explicit(words, today), 1
    if kind == "month":
        return _month(words, today), 3
    if kind == "before_start":
        return None, 1  # the day the offensive began: resolved by the caller
    if today is None:
        return None, 1 if kind in ("today", "yesterday", "weekday") else 2
    if kind == "today":
        return today, 1
    if kind == "yesterday":
        return today - datetime.timedelta(days=1), 1
    if kind == "weekday":
        return _weekday(lowered, today), 1
    if kind == "weekday_span":
        return _weekday(lowered, today), 2
    if kind == "last_week":
        return today - datetime.timedelta(days=7), 2
    if kind == "this_week":
        return today, 2
    if kind == "weekend":
        return _weekday("saturday", today), 2
    if kind == "last_month":
        return today - datetime.timedelta(days=30), 3
    return today, 1  # same_day: replaced by the caller


def _span_end(words: str, today: datetime.date, first: datetime.date) -> datetime.date:
    """The last day of a span of days: "today", or the last weekday named (not before
    the span's *first* day)."""
    if words.endswith("today"):
        return today
    name = max(
        (name for name in _WEEKDAYS if name in words),
        key=lambda name: words.rindex(name),
    )
    back = (today.weekday() - _WEEKDAYS.index(name)) % 7
    return max(today - datetime.timedelta(days=back), first)


def _weekday(words: str, today: datetime.date) -> datetime.date:
    """The most recent day named in *words* on or before *today* (the first one named)."""
    name = min(
        (name for name in _WEEKDAYS if name in words),
        key=lambda name: words.index(name),
    )
    back = (today.weekday() - _WEEKDAYS.index(name)) % 7
    if words.startswith("last ") and back == 0:
        back = 7
    return today - datetime.timedelta(days=back)


@lru_cache(maxsize=4096)
def _explicit(words: str, today: datetime.date | None) -> datetime.date | None:
    year = today.year if today else datetime.date.today().year
    default = datetime.datetime(year, 1, 1)
    has_year = re.search(_YEAR, words) is not None
    try:
        day = _dateparser.parse(words, default=default, dayfirst=False, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None
    if not has_year and today is not None and day > today:
        day = day.replace(year=day.year - 1)
    return day


def _month(words: str, today: datetime.date | None) -> datetime.date | None:
    """A month: the article's date if it falls in that month, else the month's last day."""
    cleaned = re.sub(r"^(?:in|during|early|late|mid-?)\s+", "", words, flags=re.IGNORECASE)
    first = _explicit("1 " + cleaned, today)
    if first is None:
        return None
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last = following - datetime.timedelta(days=1)
    if today is not None and first <= today <= last:
        return today
    return last
