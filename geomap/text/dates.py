"""When an incident happened: date words in a sentence, resolved against the article's date.

:func:`find_dates` lists every date expression in a stretch of text, each resolved to a
day and an ACLED ``time_precision`` (1 the day, 2 a week or a span of days, 3 the
month). A vague period is never turned into a wrong day: it gives a day inside the
period, the latest one not after the article's date (the day by which it had happened,
which the control timeline reads as "by"), and a lower precision; a span with named
ends gives its first day and its last (:attr:`~geomap.model.DateWords.end_date`).

* 1 (the day): ``"today"``, ``"this morning"``, ``"tonight"``, ``"yesterday"``, ``"last
  night"``, ``"overnight"`` (the night before the article's date: the evening's day),
  ``"two days ago"``, ``"on Monday"``, ``"Tuesday night"`` (a weekday is the most
  recent such day on or before the article's date, so "on Tuesday" in a Tuesday
  article is that day, as journalists write it; ``"last Tuesday"`` there is a week
  before), ``"on 12 December"`` (without a year: the most recent 12 December not after
  the article's date), ``"December 12, 2016"``;
* 2 (a week, or a span of days up to :data:`_WEEKISH_DAYS` long): ``"last week"`` (the
  article's date less seven days), ``"earlier this week"`` (the day before the
  article's date), ``"this week"``, ``"over the weekend"``, ``"in recent days"``,
  ``"a week ago"``, ``"three weeks ago"``, ``"a few days ago"``, a span of days
  (``"between Sunday and today"``, ``"on Friday and Saturday"``, ``"between 3 and 5
  March"``, ``"3-5 March"``: the first day, :attr:`~geomap.model.DateWords.end_date`
  the last), a third of a month (``"in early March"`` 1-10, ``"mid-March"`` 11-20,
  ``"late March"`` 21 to the end), and ``"earlier this month"`` early in a month;
* 3 (the month): ``"in November"`` (the article's date if it falls in that month, else
  the month's last day), ``"last month"`` (the last day of the month before the
  article's), ``"earlier this month"`` (the day before the article's date: a day of
  this month, never one of the month before) later in a month, ``"a few weeks ago"``,
  ``"two months ago"`` (that month's last day), a span of days longer than
  :data:`_WEEKISH_DAYS`.

Words of the future (``"tomorrow"``, ``"next week"``, ``"next Tuesday"``) are resolved
forwards, so that no past incident takes them for a past day.

"by" before the words is marked (:attr:`~geomap.model.DateWords.by`: it had happened by
then); "the same day" (``"that evening"``, ``"the same night"``...) and "before the
offensive" are marked for the caller to resolve (an earlier day named in the text; the
day the offensive began). Dates after "since", "since the", "began"... set a
background, not the day of what is reported, and are left out.

Every pattern is a bounded alternation with bounded gaps: one pass, linear in the text.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from geomap.model import DateWords, TimePrecision
from geomap.text.scanner import WordScanner

__all__ = ["DateWords", "find_dates"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: A month's name or abbreviation (with its full stop): every reader of dates uses it.
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: The longest period read as precision 2 ("a week or a span of days"): a third of a
#: month ("late March", 21-31) is one; "earlier this month" on the 20th is not.
_WEEKISH_DAYS = 11
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
# Gaps between date words are bounded: a run of hundreds of spaces separates nothing,
# and an unbounded gap makes the search quadratic in it.
_GAP = r"\s{1,5}"
_PART = rf"(?:{_GAP}(?:morning|afternoon|evening|night))?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DASH = r"(?:\s{0,3}[-–—]\s{0,3})"
_COUNT = (
    r"(?:[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    rf"|a{_GAP}few|several|a{_GAP}couple{_GAP}of)"
)
_DAY_MONTH = rf"{_DAY}{_GAP}(?:of{_GAP})?{MONTH_PATTERN}"
_MONTH_DAY = rf"{MONTH_PATTERN}{_GAP}{_DAY}"
_AND_YEAR = rf"(?:,?{_GAP}{_YEAR})?"


def _spans(start: str, join: str) -> str:
    """The shapes of a span of dates: "3 March to 5 April", "3 to 5 March", "March 3 to 5"."""
    return (
        rf"{start}{_DAY_MONTH}{join}{_DAY_MONTH}{_AND_YEAR}"
        rf"|{start}{_DAY}{join}{_DAY_MONTH}{_AND_YEAR}"
        rf"|{start}{_MONTH_DAY}{join}{_DAY}{_AND_YEAR}"
    )


# "and" joins the ends of a span only after "between" ("on March 3 and 5 others...").
_SPAN = "|".join(
    (
        _spans(rf"between{_GAP}", rf"{_GAP}and{_GAP}"),
        _spans(rf"(?:from{_GAP})?", rf"(?:{_DASH}|{_GAP}(?:to|until|through){_GAP})"),
    )
)
# A month's name not followed by a day ("in March", not "in March 5").
_MONTH_ALONE = rf"{MONTH_PATTERN}(?:{_GAP}{_YEAR})?(?![^\S\n]{{1,5}}[0-9])"
_PERIOD = r"(?:day|evening|night|morning|afternoon)"

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("explicit_span", _SPAN),
    ("explicit", rf"{_DAY_MONTH}{_AND_YEAR}|{_MONTH_DAY}{_AND_YEAR}"),
    (
        "month",
        rf"(?:(?:in|during){_GAP})?(?:(?:early|late|mid){_GAP}|mid-){_MONTH_ALONE}"
        rf"|(?:at{_GAP})?the{_GAP}(?:start|beginning|middle|end){_GAP}of{_GAP}{_MONTH_ALONE}"
        rf"|(?:in|during){_GAP}{_MONTH_ALONE}",
    ),
    (
        "weekday_span",
        rf"(?:between{_GAP})?{_WEEKDAY}{_GAP}(?:and|to|until){_GAP}(?:{_WEEKDAY}|today)",
    ),
    (
        "future",
        rf"tomorrow{_PART}|next{_GAP}(?:week|month|{_WEEKDAY})",
    ),
    ("ago", rf"{_COUNT}{_GAP}(?:days?|weeks?|months?){_GAP}ago"),
    (
        "today",
        rf"(?:late{_GAP}|earlier{_GAP})?today|this{_GAP}(?:morning|afternoon|evening)|tonight",
    ),
    ("yesterday", rf"yesterday(?:{_GAP}(?:morning|afternoon|evening))?|last{_GAP}night|overnight"),
    ("weekday", rf"(?:last{_GAP})?{_WEEKDAY}{_PART}"),
    ("earlier_week", rf"earlier{_GAP}this{_GAP}week"),
    ("last_week", rf"last{_GAP}week"),
    (
        "this_week",
        rf"this{_GAP}week|in{_GAP}recent{_GAP}days|in{_GAP}the{_GAP}past{_GAP}few{_GAP}days",
    ),
    ("weekend", rf"(?:over|at|during){_GAP}the{_GAP}weekend|last{_GAP}weekend"),
    ("earlier_month", rf"earlier{_GAP}this{_GAP}month"),
    ("last_month", rf"last{_GAP}month"),
    ("same_day", rf"(?:the{_GAP}same|that){_GAP}{_PERIOD}"),
    ("before_start", rf"before{_GAP}the{_GAP}(?:offensive|assault|campaign)"),
)
# One \b before the alternatives: a position inside a word is refused at once; and
# the alternatives are tried only at the words that can begin one.
_DATE_ROWS = "|".join(rf"(?P<{kind}>(?:{pattern})\b)" for kind, pattern in _PATTERNS)


@lru_cache(maxsize=1)
def _date_scanner() -> WordScanner:
    # Built on first use: reading the rows' beginnings costs tens of milliseconds, which
    # a command that reads no dates (geomap places) need not pay at start-up.
    return WordScanner(re.compile(rf"\b(?:{_DATE_ROWS})", re.IGNORECASE), _DATE_ROWS)


# The parts of an explicit date or span: a day number, a month's name, a year.
_PIECE_RE = re.compile(rf"(?P<year>\b{_YEAR}\b)|(?P<day>\b[0-9]{{1,2}})|(?P<month>[a-z]{{3,}})")
# Dates after these words set a background, not the incident's day ("since 7 October",
# "since the 7 October attack", "the siege began on 15 November").
_BACKGROUND_RE = re.compile(
    r"\b(?:since|began|begun|started|starting|from)\s+(?:on\s+|the\s+)?$", re.IGNORECASE
)
# "by Saturday": it had happened by then.
_BY_RE = re.compile(rf"\bby{_GAP}$", re.IGNORECASE)
# How far back the words before a date are read for a background or "by".
_LOOK_BACK = 20
_ONE_DAY = datetime.timedelta(days=1)


def find_dates(
    text: str, article_date: datetime.date | None, start: int = 0, end: int | None = None
) -> list[DateWords]:
    """Every date expression in ``text[start:end]``, resolved against *article_date*.

    Examples
    --------
    >>> day = datetime.date(2016, 12, 13)  # a Tuesday
    >>> [(d.text, str(d.date), d.precision) for d in find_dates(
    ...     "On Tuesday, a week after the raid of 5-6 December, shelling resumed.", day)]
    [('Tuesday', '2016-12-13', 1), ('5-6 December', '2016-12-05', 2)]
    >>> [(str(d.date), d.precision) for d in find_dates("earlier this month", day)]
    [('2016-12-12', 3)]
    """
    end = len(text) if end is None else end
    found: list[DateWords] = []
    for match in _date_scanner().finditer(text, start, end):
        before = text[max(0, match.start() - _LOOK_BACK) : match.start()]
        if _BACKGROUND_RE.search(before):
            continue
        kind = match.lastgroup or ""
        words = match.group(0)
        try:
            day, precision, last = _resolve(kind, words, article_date)
        except (OverflowError, ValueError):
            continue  # relative words that would step outside years 1-9999
        if kind.startswith("explicit") and day is None:
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


_Resolved = tuple[datetime.date | None, TimePrecision, datetime.date | None]


def _resolve(kind: str, words: str, today: datetime.date | None) -> _Resolved:
    """The day, the precision and (for a span of days) the last day *words* mean."""
    lowered = words.lower()
    if kind == "explicit":
        return _explicit(lowered, today), 1, None
    if kind == "explicit_span":
        return _explicit_span(lowered, today)
    if kind == "month":
        return _month(lowered, today)
    if kind == "before_start":
        return None, 1, None  # the day the offensive began: resolved by the caller
    if today is None:
        return None, 1 if kind in ("today", "yesterday", "weekday") else 2, None
    if kind == "today":
        return today, 1, None
    if kind == "yesterday":
        return today - _ONE_DAY, 1, None
    if kind == "weekday":
        return _weekday(lowered, today), 1, None
    if kind == "weekday_span":
        first = _weekday(lowered, today)
        return first, 2, _span_end(lowered, today, first)
    if kind == "future":
        return _future(lowered, today)
    if kind == "ago":
        return _ago(lowered, today)
    if kind == "earlier_week":
        return (today - _ONE_DAY if today.weekday() else today), 2, None
    if kind == "last_week":
        return today - datetime.timedelta(days=7), 2, None
    if kind == "this_week":
        return today, 2, None
    if kind == "weekend":
        return _weekday("saturday", today), 2, None
    if kind == "earlier_month":
        # Between the 1st and the day before the article: the latest of those days.
        width = today.day - 1
        return max(today.replace(day=1), today - _ONE_DAY), _width_precision(width), None
    if kind == "last_month":
        return today.replace(day=1) - _ONE_DAY, 3, None
    return today, 1, None  # same_day: replaced by the caller


def _width_precision(days: int) -> TimePrecision:
    """Precision 2 for a period of at most :data:`_WEEKISH_DAYS` days, else 3."""
    return 2 if days <= _WEEKISH_DAYS else 3


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
    """The most recent day named in *words* on or before *today* (the first one named):
    *today* itself for its own weekday, unless the words say "last"."""
    name = min(
        (name for name in _WEEKDAYS if name in words),
        key=lambda name: words.index(name),
    )
    back = (today.weekday() - _WEEKDAYS.index(name)) % 7
    if words.startswith("last") and back == 0:
        back = 7
    return today - datetime.timedelta(days=back)


def _future(words: str, today: datetime.date) -> _Resolved:
    """ "tomorrow", "next week", "next month", "next Friday": forwards from *today*."""
    if words.startswith("tomorrow"):
        return today + _ONE_DAY, 1, None
    if words.endswith("week"):
        return today + datetime.timedelta(days=7), 2, None
    if words.endswith("month"):
        following = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following, 3, None
    name = next(name for name in _WEEKDAYS if words.endswith(name))
    ahead = (_WEEKDAYS.index(name) - today.weekday()) % 7 or 7
    return today + datetime.timedelta(days=ahead), 1, None


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def _ago(words: str, today: datetime.date) -> _Resolved:
    """ "two days ago", "a week ago", "a few days ago", "three months ago"."""
    number, unit = words.split()[0], words.split()[-2]
    vague = number in ("several", "few") or words.startswith(("a few", "a couple"))
    count = 3 if vague else int(number) if number.isdigit() else _NUMBER_WORDS[number]
    if unit.startswith("day"):
        return today - datetime.timedelta(days=count), 2 if vague else 1, None
    if unit.startswith("week"):
        return today - datetime.timedelta(days=7 * count), 3 if vague else 2, None
    month_index = today.year * 12 + today.month - 1 - count
    year, month = divmod(month_index, 12)
    return _month_end(datetime.date(year, month + 1, 1)), 3, None


def _pieces(words: str) -> tuple[list[int], list[int], int | None]:
    """The day numbers, month numbers (1-12) and the year in an explicit date."""
    days: list[int] = []
    months: list[int] = []
    year = None
    for piece in _PIECE_RE.finditer(words):
        if piece.group("year"):
            year = int(piece.group("year"))
        elif piece.group("day"):
            days.append(int(piece.group("day")))
        elif piece.group("month")[:3] in _MONTHS:
            months.append(_MONTHS.index(piece.group("month")[:3]) + 1)
    return days, months, year


@lru_cache(maxsize=4096)
def _explicit(words: str, today: datetime.date | None) -> datetime.date | None:
    """A day and month, with or without a year: without one, the most recent such day
    not after *today*."""
    days, months, year = _pieces(words)
    if not days or not months:
        return None
    return _day_of(days[0], months[0], year, today)


def _day_of(
    day: int, month: int, year: int | None, today: datetime.date | None
) -> datetime.date | None:
    if year is not None:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    base = today.year if today else datetime.date.today().year
    for candidate_year in range(base, base - 8, -1):  # 29 February: the last leap year
        try:
            found = datetime.date(candidate_year, month, day)
        except ValueError:
            continue
        if today is None or found <= today:
            return found
    return None


def _explicit_span(words: str, today: datetime.date | None) -> _Resolved:
    """ "between 3 and 5 March", "3-5 March", "28 February to 2 March", "March 3-5": the
    first day, a precision by the span's width, and the last day."""
    days, months, year = _pieces(words)
    if len(days) < 2 or not months:
        return None, 1, None
    last = _day_of(days[1], months[-1], year, today)
    if last is None:
        return None, 1, None
    try:
        first = datetime.date(last.year, months[0], days[0])
    except ValueError:
        return None, 1, None
    if first > last:
        first = first.replace(year=first.year - 1) if months[0] > months[-1] else last
    return first, _width_precision((last - first).days), last


def _month_end(first: datetime.date) -> datetime.date:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - _ONE_DAY


def _month(words: str, today: datetime.date | None) -> _Resolved:
    """A month or a part of one: the latest day of the period not after the article's
    date (the article's date if it falls in the period, else the period's last day)."""
    _, months, year = _pieces(words)
    if not months:
        return None, 3, None
    first = _day_of(1, months[0], year, today)
    if first is None:
        return None, 3, None
    low, high = 1, _month_end(first).day
    precision: TimePrecision = 3
    if "early" in words or "start" in words or "beginning" in words:
        low, high, precision = 1, 10, 2
    elif "mid" in words:
        low, high, precision = 11, 20, 2
    elif "late" in words or "end" in words:
        low, precision = 21, 2
    start, last = first.replace(day=low), first.replace(day=high)
    if today is not None and start <= today <= last:
        return today, precision, None
    return last, precision, None
