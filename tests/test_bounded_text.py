"""Hostile text costs bounded work: no hang, no traceback, integers stay integers (issue 8)."""

from __future__ import annotations

import datetime
import gc
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geomap import control
from geomap.cli import main
from geomap.errors import GeomapError, InputError
from geomap.events import extract_incidents
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text import dates as _dates
from geomap.text import quantities as _quantities
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

DAY = datetime.date(2016, 12, 13)
HANG_GUARD_SECONDS = 20


@contextmanager
def _hang_guard(seconds: int = HANG_GUARD_SECONDS) -> Iterator[None]:
    """Fail instead of hanging: inputs like these used to run for minutes."""

    def _timeout(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(world=False)


def _all_stages(text: str, gazetteer: Gazetteer) -> None:
    article = article_from_text(text, name="hostile", date=DAY)
    document = parse_places(read_document(article), gazetteer)
    control.read_statements([document], extract_incidents(document, gazetteer))


# Each builds a pathological text of about n kilobytes (in our own words).
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "according to, then spaces": lambda n: (
        "Shelling hit Aleppo, according to" + " " * (1000 * n) + "a, b."
    ),
    "two counts far apart": lambda n: "Shelling killed 3" + " " * (1000 * n) + "4 people.",
    "a run of spaces": lambda n: "Aleppo " + " " * (1000 * n) + " Homs.",
    "a run of digits": lambda n: "Shelling killed " + "7" * (1000 * n) + " people.",
    "one long sentence": lambda n: (
        " ".join(f"fighters crossed lane {i}, and the army shelled it" for i in range(20 * n)) + "."
    ),
    "incident lines": lambda n: "\n".join(
        f"Shelling killed {i % 90 + 2} people in Aleppo on {i % 27 + 1} December 2016."
        for i in range(13 * n)
    ),
    "capitalised names": lambda n: (
        "Forces entered " + ", ".join(f"Qar{i:05d}" for i in range(110 * n)) + "."
    ),
    "comma list with areas": lambda n: (
        "The rebels held " + ", ".join(f"{i} km2" for i in range(150 * n)) + "."
    ),
    # Every use of a name is compared with its others; every person with every name.
    "one name again and again": lambda n: "Shells hit Qarvana and Zorbani. " * (35 * n),
    "people in apposition": lambda n: (
        "Marta Quiroz, a 34-year-old teacher, said Qarvana, a hamlet, burned. " * (15 * n)
    ),
}


@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_through_the_api(make: Callable[[int], str], gazetteer) -> None:
    with _hang_guard():
        _all_stages(make(20), gazetteer)


@pytest.mark.parametrize("command", ["events", "control", "places"])
@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_through_the_cli(command: str, make: Callable[[int], str]) -> None:
    with _hang_guard():
        result = CliRunner().invoke(
            main, [command, "-", "--date", "2016-12-13"], input=make(10), catch_exceptions=True
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_work_grows_linearly(make: Callable[[int], str], gazetteer) -> None:
    """4x the input costs about 4x the time (quadratic would be 16x): ratio under 8."""
    _all_stages(make(1), gazetteer)  # warm caches and lazy imports
    timings = []
    for size in (5, 20):
        text = make(size)
        # The cyclic collector's full passes scan every object the test session holds
        # (world indexes, suggestion pools): one landing in a run says nothing about
        # the algorithm, so it is paused while timing, as timeit does.
        gc.collect()
        gc.disable()
        try:
            with _hang_guard():
                begin = time.perf_counter()
                _all_stages(text, gazetteer)
                timings.append(time.perf_counter() - begin)
        finally:
            gc.enable()
    small, large = timings
    assert large / max(small, 0.02) < 8, f"{small:.3f} s -> {large:.3f} s"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("99999999999999999999", None),  # 20 digits: refused, not rounded
        ("1" * 400, None),  # would overflow a float
        ("1" * 30_000, None),  # past int()'s digit limit
        ("3.5 million", 3_500_000),  # exact, no float on the way
        ("100,000", 100_000),
        ("2.5", None),
    ],
)
def test_numbers_stay_integers_and_bounded(words: str, expected: int | None) -> None:
    value = _quantities.parse_number(words)
    assert value == expected
    assert value is None or type(value) is int


@pytest.mark.parametrize("digits", ["99999999999999999999", "1" * 400])
def test_huge_count_is_dropped_not_recorded(digits: str, gazetteer) -> None:
    text = f"Shelling killed {digits} people in Aleppo on 3 December 2016."
    article = article_from_text(text, date=DAY)
    incidents = extract_incidents(parse_places(read_document(article), gazetteer), gazetteer)
    assert all(i.fatalities_best is None for i in incidents)


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
@pytest.mark.parametrize("words", ["yesterday", "last Tuesday", "earlier this month", "next week"])
def test_relative_dates_at_the_ends_of_time_are_dropped(day: datetime.date, words: str) -> None:
    found = _dates.find_dates(f"Shelling resumed {words} in the city.", day)
    assert all(d.date is None or d.date.year in (1, 9999) for d in found)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("command", ["events", "control", "places"])
def test_date_option_out_of_range_is_one_line(day: str, command: str) -> None:
    text = "Shelling killed 3 people in Aleppo yesterday, and more last Tuesday."
    result = CliRunner().invoke(main, [command, "-", "--date", day], input=text)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "outside the years" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_date_option_out_of_range_through_the_api() -> None:
    with pytest.raises(InputError, match="EARLIEST_ARTICLE_YEAR"):
        article_from_text("Shelling resumed yesterday.", date=datetime.date(1, 1, 1))


def test_html_sniffing_is_not_exponential() -> None:
    from geomap.text.articles import _looks_like_html

    with _hang_guard(5):
        assert not _looks_like_html("<!---->" * 5_000 + "plain text")
        assert _looks_like_html("<!-- a --> \n<!doctype html><p>x</p>")


def test_many_names_in_one_sentence_stay_bounded(gazetteer) -> None:
    from geomap import settings as limits

    text = "Forces entered " + ", ".join(f"Qar{i:05d}" for i in range(20_000)) + "."
    with _hang_guard():
        mentions = parse_places(
            read_document(article_from_text(text, date=DAY)), gazetteer
        ).mentions
    per_sentence: dict[str, int] = {}
    for mention in mentions:
        per_sentence[mention.sentence] = per_sentence.get(mention.sentence, 0) + 1
    assert max(per_sentence.values()) <= limits.MAX_NAMES_PER_SENTENCE
    assert max(len(s) for s in per_sentence) <= limits.MAX_SENTENCE_CHARS


def test_resolve_many_unknown_names_through_the_cli() -> None:
    names = "\n".join(f"Zq{chr(97 + i % 26)}varto{i}" for i in range(60))
    with _hang_guard(60):
        result = CliRunner().invoke(main, ["resolve", "-"], input=names)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(
        st.sampled_from(
            [
                *" \n\t,.;:-–\"'()0123456789",
                *("killed", "Aleppo", "according to", "rebels", "captured", "km2", "yesterday"),
                *("al-", "Sheikh", "Saeed", "dozens", "between", "and", "%", "people", "Q"),
                *("England's", "were", "captain", "joined", "from", "beat", "118-109", "Duke"),
                *("of", "called", "cafe", "Air", "Airways", "while", "May", "Jordan"),
            ]
        ),
        max_size=120,
    ).map("".join)
)
@example(text='" "')  # quotation marks around blanks: a title of no words
@example(text="The trophy is England's")  # a possessive ends the text: no word after it
def test_random_text_raises_only_geomap_errors(text: str, gazetteer) -> None:
    with _hang_guard(), suppress(GeomapError):
        _all_stages(text, gazetteer)
