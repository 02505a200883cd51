"""The date grammar (geomap.text.dates) and how an incident takes its date (issue 11).

Every sentence here is written for these tests.
"""

from __future__ import annotations

import datetime
import functools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.events import extract_incidents
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.dates import find_dates
from geomap.text.document import read_document

TUESDAY = datetime.date(2016, 12, 13)
D = datetime.date


def _one(words: str, today: datetime.date = TUESDAY):
    (found,) = find_dates(f"Fighting was reported {words} near the road.", today)
    return found


# ---------------------------------------------------------------------------
# Relative words, resolved against the article's date


@pytest.mark.parametrize(
    ("words", "today", "day", "precision"),
    [
        # "on Tuesday" in a Tuesday article is that day; "last Tuesday" the one before.
        ("on Tuesday", TUESDAY, TUESDAY, 1),
        ("on Tuesday night", TUESDAY, TUESDAY, 1),
        ("last Tuesday", TUESDAY, D(2016, 12, 6), 1),
        ("on Monday", TUESDAY, D(2016, 12, 12), 1),
        ("on Wednesday", TUESDAY, D(2016, 12, 7), 1),
        ("today", TUESDAY, TUESDAY, 1),
        ("this morning", TUESDAY, TUESDAY, 1),
        ("yesterday", TUESDAY, D(2016, 12, 12), 1),
        ("last night", TUESDAY, D(2016, 12, 12), 1),
        # Overnight: the night before the article's date, dated by its evening.
        ("overnight", TUESDAY, D(2016, 12, 12), 1),
        ("two days ago", TUESDAY, D(2016, 12, 11), 1),
        ("10 days ago", TUESDAY, D(2016, 12, 3), 1),
        ("a few days ago", TUESDAY, D(2016, 12, 10), 2),
        ("a week ago", TUESDAY, D(2016, 12, 6), 2),
        ("three weeks ago", TUESDAY, D(2016, 11, 22), 2),
        ("two months ago", TUESDAY, D(2016, 10, 31), 3),
        ("last week", TUESDAY, D(2016, 12, 6), 2),
        ("earlier this week", TUESDAY, D(2016, 12, 12), 2),
        ("over the weekend", TUESDAY, D(2016, 12, 10), 2),
        # "earlier this month" stays in the article's month: the day before the
        # article's date, precision 3 when the month so far is longer than a week and
        # a bit, 2 early in the month.
        ("earlier this month", D(2020, 5, 20), D(2020, 5, 19), 3),
        ("earlier this month", D(2020, 5, 6), D(2020, 5, 5), 2),
        ("earlier this month", D(2020, 5, 1), D(2020, 5, 1), 2),
        # "last month" is the month before the article's, whatever its length.
        ("last month", D(2021, 3, 1), D(2021, 2, 28), 3),
        ("last month", D(2021, 1, 15), D(2020, 12, 31), 3),
        ("last month", D(2021, 3, 31), D(2021, 2, 28), 3),
    ],
)
def test_relative_words(words: str, today: datetime.date, day: datetime.date, precision: int):
    found = _one(words, today)
    assert (found.date, found.precision) == (day, precision), found


def test_future_words_are_never_taken_for_a_past_day() -> None:
    assert _one("next Tuesday").date == D(2016, 12, 20)
    assert _one("tomorrow").date == D(2016, 12, 14)
    assert _one("next week").date == D(2016, 12, 20)


# ---------------------------------------------------------------------------
# Explicit dates, spans and vague periods


@pytest.mark.parametrize(
    ("words", "today", "day", "precision", "last"),
    [
        # Without a year: the most recent such day not after the article's date.
        ("on 16 March", D(2022, 3, 20), D(2022, 3, 16), 1, None),
        ("on 16 March", D(2022, 3, 10), D(2021, 3, 16), 1, None),
        ("on March 16", D(2022, 3, 16), D(2022, 3, 16), 1, None),
        ("on 29 February", D(2017, 3, 1), D(2016, 2, 29), 1, None),
        ("on Oct. 31", D(2023, 11, 2), D(2023, 10, 31), 1, None),
        ("on 31 October 2019", D(2023, 11, 2), D(2019, 10, 31), 1, None),
        # A span of days: its first day, a week's precision, its last day.
        ("between 3 and 5 March", D(2022, 3, 20), D(2022, 3, 3), 2, D(2022, 3, 5)),
        ("on 3-5 March", D(2022, 3, 20), D(2022, 3, 3), 2, D(2022, 3, 5)),
        ("from 3 to 5 March", D(2022, 3, 20), D(2022, 3, 3), 2, D(2022, 3, 5)),
        ("on March 3-5, 2015", D(2022, 3, 20), D(2015, 3, 3), 2, D(2015, 3, 5)),
        ("from 28 February to 2 March", D(2022, 3, 20), D(2022, 2, 28), 2, D(2022, 3, 2)),
        ("between 27 December and 2 January", D(2022, 1, 9), D(2021, 12, 27), 2, D(2022, 1, 2)),
        ("between 1 and 25 March", D(2022, 3, 28), D(2022, 3, 1), 3, D(2022, 3, 25)),
        # A part of a month: its last day not after the article's date, precision 2.
        ("in early March", D(2022, 5, 20), D(2022, 3, 10), 2, None),
        ("in mid-March", D(2022, 5, 20), D(2022, 3, 20), 2, None),
        ("in late March", D(2022, 5, 20), D(2022, 3, 31), 2, None),
        ("at the end of March", D(2022, 5, 20), D(2022, 3, 31), 2, None),
        ("in late March", D(2022, 3, 25), D(2022, 3, 25), 2, None),
        # A month: precision 3.
        ("in March", D(2022, 5, 20), D(2022, 3, 31), 3, None),
        ("in May", D(2022, 5, 20), D(2022, 5, 20), 3, None),
        ("in March 2019", D(2022, 5, 20), D(2019, 3, 31), 3, None),
    ],
)
def test_explicit_dates_and_periods(
    words: str,
    today: datetime.date,
    day: datetime.date,
    precision: int,
    last: datetime.date | None,
) -> None:
    found = _one(words, today)
    assert (found.date, found.precision, found.end_date) == (day, precision, last), found


def test_a_month_followed_by_a_day_is_that_day() -> None:
    (found,) = find_dates("The convoy arrived in March 5 days late.", D(2022, 5, 1))
    assert found.text == "March 5" and found.precision == 1


def test_and_joins_a_span_only_after_between() -> None:
    found = find_dates("They were detained on March 3 and 5 others later.", D(2022, 5, 1))
    assert [(d.text, d.date, d.end_date) for d in found] == [("March 3", D(2022, 3, 3), None)]


@pytest.mark.parametrize(
    "words", ["the same day", "that day", "the same evening", "that night", "later that morning"]
)
def test_references_back_are_marked_for_the_caller(words: str) -> None:
    assert _one(words).same_day


@pytest.mark.parametrize(
    "sentence",
    [
        "Strikes have continued since 7 October.",
        "It was the worst toll since the 7 October attack.",
        "The siege began on 15 November.",
    ],
)
def test_background_dates_are_left_out(sentence: str) -> None:
    assert find_dates(sentence, TUESDAY) == []


# ---------------------------------------------------------------------------
# Properties


_PAST = st.one_of(
    st.sampled_from(
        [
            "today",
            "this morning",
            "yesterday",
            "last night",
            "overnight",
            "last week",
            "earlier this week",
            "earlier this month",
            "last month",
            "over the weekend",
            "a few days ago",
            "in recent days",
            "last weekend",
        ]
    ),
    st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]).flatmap(
        lambda day: st.sampled_from([f"on {day}", f"last {day}", f"{day} night"])
    ),
    st.integers(1, 12).map(lambda n: f"{n} days ago"),
    st.integers(1, 8).map(lambda n: f"{n} weeks ago"),
    st.integers(1, 11).map(lambda n: f"{n} months ago"),
    st.tuples(
        st.integers(1, 31), st.sampled_from(["Jan", "February", "March", "Sept.", "Dec"])
    ).map(lambda dm: f"on {dm[0]} {dm[1]}"),
    st.tuples(st.integers(1, 20), st.integers(0, 8), st.sampled_from(["April", "November"])).map(
        lambda s: f"between {s[0]} and {s[0] + s[1]} {s[2]}"
    ),
)


@settings(max_examples=300, deadline=None)
@given(words=_PAST, today=st.dates(D(1990, 1, 1), D(2035, 12, 31)))
def test_past_words_never_resolve_after_the_article(words: str, today: datetime.date) -> None:
    for found in find_dates(f"Shelling was reported {words}.", today):
        assert found.date is not None, words
        assert found.date <= today, (words, today, found)
        assert found.end_date is None or found.date <= found.end_date <= today, (words, found)
        assert found.precision in (1, 2, 3)


@settings(max_examples=200, deadline=None)
@given(today=st.dates(D(1990, 1, 1), D(2035, 12, 31)))
def test_own_weekday_is_the_article_date(today: datetime.date) -> None:
    name = today.strftime("%A")
    assert _one(f"on {name}", today).date == today
    assert _one(f"last {name}", today).date == today - datetime.timedelta(days=7)


# ---------------------------------------------------------------------------
# Linear in the text


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    ["3-", "between 3 and ", "on Oct. ", "two days ", "  -  "],
)
def test_date_search_is_linear(unit: str) -> None:
    def timed(n: int) -> float:
        text = unit * n + "March"
        begin = time.perf_counter()
        find_dates(text, TUESDAY)
        return time.perf_counter() - begin

    timed(100)
    # Small and large runs interleaved, the best of each kept: a load on the machine
    # lands on both or on neither.
    runs = [(timed(4_000), timed(16_000)) for _ in range(3)]
    small, large = min(r[0] for r in runs), min(r[1] for r in runs)
    assert large / max(small, 0.02) < 8, f"{small:.4f} s -> {large:.4f} s"


# ---------------------------------------------------------------------------
# An incident's date, through the extraction


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(world=False)


def _incidents(text: str, gazetteer: Gazetteer, day: datetime.date = TUESDAY):
    article = article_from_text(text, name="own-dates", date=day)
    return extract_incidents(parse_places(read_document(article), gazetteer), gazetteer)


def _dates(text: str, gazetteer: Gazetteer, day: datetime.date = TUESDAY):
    return [(i.kind, i.event_date, i.time_precision) for i in _incidents(text, gazetteer, day)]


def test_a_date_in_another_sentence_does_not_win(gazetteer) -> None:
    text = (
        "Government forces captured the Hanano district of Aleppo on 7 December, a "
        "commander said. "
        "Shelling killed 12 people in al-Shaar, medics said."
    )
    assert _dates(text, gazetteer) == [
        ("territory", D(2016, 12, 7), 1),
        ("shelling", TUESDAY, 3),  # no date words of its own: the article's date
    ]


def test_the_date_nearest_the_trigger_in_its_clause_wins(gazetteer) -> None:
    text = (
        "Rebels had lost the Hanano district on 27 November; "
        "on Sunday shelling killed 9 people in al-Shaar, medics said."
    )
    assert ("shelling", D(2016, 12, 11), 1) in _dates(text, gazetteer)


def test_on_the_articles_own_weekday_is_that_day(gazetteer) -> None:
    text = "Shelling killed 5 people in al-Shaar on Tuesday, medics said."
    (event,) = _incidents(text, gazetteer)
    assert (event.event_date, event.time_precision, event.date_text) == (TUESDAY, 1, "Tuesday")


def test_last_weekday_in_an_article_of_that_weekday_is_a_week_before(gazetteer) -> None:
    (event,) = _incidents("Shelling killed 5 people in al-Shaar last Tuesday.", gazetteer)
    assert event.event_date == D(2016, 12, 6)


def test_earlier_this_month_stays_in_the_month(gazetteer) -> None:
    (event,) = _incidents(
        "Shelling killed 4 people in al-Shaar earlier this month, medics said.",
        gazetteer,
        D(2016, 12, 20),
    )
    assert (event.event_date, event.time_precision) == (D(2016, 12, 19), 3)


def test_abbreviations_keep_the_date_in_the_sentence(gazetteer) -> None:
    text = (
        "On Dec. 11, an air strike hit School No. 3 in al-Shaar, killing 8 people, "
        "Lt. Col. Omar said."
    )
    (event,) = _incidents(text, gazetteer)
    assert (event.event_date, event.time_precision, event.date_text) == (
        D(2016, 12, 11),
        1,
        "Dec. 11",
    )
    assert event.reports[0].quote == text


def test_the_same_evening_refers_back_to_the_day_named_before(gazetteer) -> None:
    text = (
        "Talks on a ceasefire collapsed in Geneva on Sunday. "
        "The same evening, shelling killed 6 people in al-Shaar, medics said."
    )
    assert ("shelling", D(2016, 12, 11), 1) in _dates(text, gazetteer)


def test_the_same_day_without_a_day_before_is_the_articles_date(gazetteer) -> None:
    text = "The same day, shelling killed 6 people in al-Shaar, medics said."
    assert _dates(text, gazetteer) == [("shelling", TUESDAY, 3)]


@pytest.mark.parametrize(
    "text",
    [
        "The army said on Monday that an air strike killed 12 people in al-Shaar on Sunday.",
        "A medic told reporters on Monday that shelling killed 4 people in al-Shaar on Sunday.",
        "Monitors reported Monday that shelling killed 4 people in al-Shaar on Sunday.",
    ],
)
def test_the_day_of_a_report_loses_to_the_day_of_what_it_reports(text: str, gazetteer) -> None:
    (event,) = _incidents(text, gazetteer)
    assert (event.event_date, event.date_text) == (D(2016, 12, 11), "Sunday")


def test_the_day_of_a_report_dates_an_incident_that_has_no_other(gazetteer) -> None:
    (event,) = _incidents(
        "Shelling killed 4 people in al-Shaar, a medic said on Monday.", gazetteer
    )
    assert (event.event_date, event.time_precision) == (D(2016, 12, 12), 1)


@functools.cache
def _shared_gazetteer() -> Gazetteer:
    """One gazetteer for the property below (hypothesis tests take no fixtures)."""
    return Gazetteer(world=False)


@settings(max_examples=60, deadline=None)
@given(words=_PAST, today=st.dates(D(1990, 1, 1), D(2035, 12, 31)))
def test_an_incident_dated_by_past_words_is_never_after_the_article(
    words: str, today: datetime.date
) -> None:
    text = f"Shelling killed 3 people in al-Shaar {words}."
    for event in _incidents(text, _shared_gazetteer(), today):
        assert event.event_date is not None and event.event_date <= today, (words, event)
