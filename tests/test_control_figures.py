"""Reported figures and how they are dated: the one date grammar of the text layer.

The control stage dates figures (and the last day of a change reported over a span of
days) with the text layer's date words (:func:`geomap.text.dates.find_dates`): "by
Saturday", "between Sunday and today", "that day", "before the offensive".
"""

from __future__ import annotations

import datetime

from geomap import control
from geomap.text.articles import article_from_text
from geomap.text.dates import find_dates
from geomap.text.document import read_document

D = datetime.date
MONDAY = D(2016, 12, 5)
START = D(2016, 11, 15)


def _figures(text: str, start: datetime.date | None = START) -> list[control.ReportedFigure]:
    article = article_from_text(text, name="t", date=MONDAY)
    return control.figures_in(read_document(article), start=start)


# ---------------------------------------------------------------------------
# The date grammar


def test_a_span_of_days_gives_its_first_and_last_day() -> None:
    words = find_dates("They took it between Sunday and today.", MONDAY)
    assert [(w.date, w.end_date, w.precision) for w in words] == [(D(2016, 12, 4), MONDAY, 2)]
    words = find_dates("They took it on Friday and Saturday.", MONDAY)
    assert [(w.date, w.end_date) for w in words] == [(D(2016, 12, 2), D(2016, 12, 3))]


def test_by_before_a_date_is_marked() -> None:
    words = find_dates("By Saturday they held it; on Sunday they lost it.", MONDAY)
    assert [(w.text, w.by) for w in words] == [("Saturday", True), ("Sunday", False)]


def test_before_the_offensive_is_left_to_the_caller() -> None:
    words = find_dates("Before the offensive, it was larger.", MONDAY)
    assert [(w.before_start, w.date) for w in words] == [(True, None)]


# ---------------------------------------------------------------------------
# Figures


def test_figure_kinds_sides_and_qualifiers() -> None:
    found = _figures(
        "The rebel-held enclave covers less than 18 square kilometres. The army said it "
        "held 60 per cent of the east, where 250,000 to 275,000 civilians remain."
    )
    assert [(f.kind, f.value, f.controller, f.qualifier) for f in found] == [
        ("area_km2", 18.0, "rebels", "under"),
        ("share_percent", 60.0, "government", ""),
        ("people", 262500.0, None, "range 250,000-275,000"),
    ]


def test_a_toll_is_not_a_number_of_people_inside() -> None:
    assert _figures("Shelling left 1,200 people wounded in the east.") == []


def test_figures_are_dated_by_the_nearest_date_words() -> None:
    found = _figures(
        "By Saturday the pocket covered 20 square kilometres. Between Sunday and today it "
        "shrank to 18 square kilometres. Before the offensive it covered 45 square "
        "kilometres. It covers 17 square kilometres."
    )
    assert [(f.value, f.date, f.precision) for f in found] == [
        (20.0, D(2016, 12, 3), "by"),
        (18.0, MONDAY, "day"),
        (45.0, START, "day"),
        (17.0, MONDAY, "by"),
    ]


def test_that_day_is_the_day_named_before_it() -> None:
    found = _figures(
        "Anadolu Agency put the pocket at 8.6 square kilometres on Saturday, and said "
        "later that day it had fallen to 6 square kilometres."
    )
    assert [(f.value, f.date, f.precision, f.source) for f in found] == [
        (8.6, D(2016, 12, 3), "day", "AA; t (article)"),
        (6.0, D(2016, 12, 3), "day", "AA; t (article)"),
    ]


def test_before_the_offensive_without_a_start_is_the_articles_date() -> None:
    found = _figures("Before the offensive the pocket covered 45 square kilometres.", None)
    assert [(f.date, f.precision) for f in found] == [(MONDAY, "by")]


def test_no_article_date_no_figures() -> None:
    article = article_from_text("The pocket covers 8 square kilometres.", name="t")
    assert control.figures_in(read_document(article)) == []


def test_a_share_a_side_lost_is_its_opponents() -> None:
    lost = _figures("Rebels have lost about 60 per cent of the enclave.")
    held = _figures("Rebels still hold about 40 per cent of the enclave.")
    taken = _figures("Government forces have retaken 70 percent of the east from the rebels.")
    assert [(f.value, f.controller) for f in lost] == [(60.0, "government")]
    assert [(f.value, f.controller) for f in held] == [(40.0, "rebels")]
    assert [(f.value, f.controller) for f in taken] == [(70.0, "government")]


def test_outlets_named_finds_what_each_outlets_regex_finds() -> None:
    """The first-word check before each outlet's regex leaves out no outlet."""
    import re

    from geomap.control.cues import _phrase, load_outlets, outlets_named

    outlets = [o for o in load_outlets() if o.words]
    texts = [f"Shelling, {o.words} said, and {o.words.lower()} too." for o in outlets]
    texts += [f"Per {o.words.replace(' ', '   ')}'s count." for o in outlets] + ["No one said"]
    for text in texts:
        for start, end in ((0, len(text)), (5, len(text) - 4)):
            naive: list[str] = []
            for o in outlets:
                if o.short not in naive and re.compile(rf"\b{_phrase(o.words)}\b").search(
                    text, start, end
                ):
                    naive.append(o.short)
            assert outlets_named(text, start, end) == naive


def test_a_sentence_without_digits_reports_no_figure() -> None:
    """Every figure holds digits: a sentence with none is skipped, and loses nothing."""
    article = article_from_text(
        "Rebels hold about a third of the city, the Observatory said. "
        "Rebels hold 30 percent of the city, the Observatory said.",
        date=datetime.date(2016, 12, 13),
    )
    figures = control.figures_in(read_document(article))
    assert [(f.kind, f.value) for f in figures] == [("share_percent", 30.0)]
