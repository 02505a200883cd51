"""Counts tied to what they count (issue 11): the numbers of a sentence that are
people, the role each has ("killed 12", "240 hostages"), and which of them add up.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import datetime
import gc
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import knowledge
from geomap.api import load_gazetteer
from geomap.errors import DataError
from geomap.events import extract_incidents
from geomap.events.counts import CueIndex, tied
from geomap.events.cues import event_cues
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document
from geomap.text.quantities import find_counts


def _numbers(text: str) -> list[int]:
    return [c.best for c in find_counts(text)]


def _roles(text: str) -> list[tuple[str, str | None]]:
    counts = find_counts(text)
    index = CueIndex(text, 0, len(text), counts)
    return [(c.text, role) for whole in counts for c, role in index.roles(whole)]


def _figure(text: str, field: str = "fatalities") -> int | None:
    """The figure of one field a sentence gives, as the events stage reads it."""
    counts = find_counts(text)
    index = CueIndex(text, 0, len(text), counts)
    fields = event_cues().count_fields
    by_role: dict[str, list] = {}
    for whole in counts:
        for count, role in index.roles(whole):
            if role is not None:
                by_role.setdefault(role, []).append(count)
    kept = [c for role, cs in by_role.items() if fields[role] == field for c in tied(text, cs)]
    return sum(c.best for c in kept) if kept else None


# ---------------------------------------------------------------------------
# Numbers that are never people


@pytest.mark.parametrize(
    "text",
    [
        "The army took two strongholds near the river.",
        "Fighters held out in three pockets of the old town.",
        "Five buildings collapsed after the raid.",
        "Three tanks were destroyed.",
        "The convoy stopped a few hundred metres from the gate.",
        "The front is 2 km away.",
        "They walked 40 miles to the border.",
        "It was the third raid this week and the 2nd in a row.",
        "Shells hit the school at No. 3 Station Road.",
        "The fund asked for $2 million in aid.",
        "Each family was paid 500 dollars.",
        "A grant of US$5 million was pledged.",
        "Prices rose 40 per cent, and fuel 12%.",
        "The camp opened in 2015.",
        "The raid began at 10:30 and ended at 3 pm.",
        "Sirens sounded at 6 a.m. on the coast.",
        "Gunmen stormed the home of one family.",
    ],
)
def test_things_units_money_and_times_are_not_people(text: str) -> None:
    assert _numbers(text) == []


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("The strike killed 11 members of one family.", [11]),
        ("A few hundred metres away, at least 307 people were killed.", [307]),
        ("Several thousand people fled the valley.", [1_000]),
        ("Many thousands of residents left.", [1_000]),
        ("Thousands were trapped in three pockets of the city.", [1_000]),
        ("Militiamen burned nine children and four women.", [13]),
    ],
)
def test_the_people_counted(text: str, numbers: list[int]) -> None:
    assert _numbers(text) == numbers


def test_a_vague_word_before_a_scale_is_one_vague_count() -> None:
    (count,) = find_counts("A few hundred people gathered at the square.")
    assert (count.text, count.low, count.best, count.high, count.vague) == (
        "A few hundred",
        100,
        100,
        None,
        True,
    )


# ---------------------------------------------------------------------------
# Roles


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("The militia killed 12 in the raid.", "fatalities"),
        ("At least 12 were killed in the raid.", "fatalities"),
        ("Rescuers recovered the bodies of 12 from the rubble.", "fatalities"),
        ("The raid left 12 dead.", "fatalities"),
        ("The death toll rose to 12 on Tuesday.", "fatalities"),
        ("Gunmen took 240 hostages.", "hostages"),
        ("Gunmen killed 12 hostages.", "fatalities"),
        ("Guards said 12 detainees were executed.", "fatalities"),
        ("Gunmen abducted 7 aid workers.", "abducted"),
        ("Police arrested 30 students.", "arrested"),
        ("Police detained 30 students.", "arrested"),
        ("The siege ended when 40 fighters surrendered.", "surrendered"),
        ("Medics evacuated 500 patients.", "evacuated"),
        ("The shelling displaced 2,000 residents.", "displaced"),
        ("About 50,000 people are besieged in the enclave.", "besieged"),
        ("The flooding trapped 300 villagers.", "trapped"),
        ("Twenty were wounded.", "injuries"),
        ("Nine people were injured in the crash.", "injuries"),
    ],
)
def test_roles(text: str, role: str) -> None:
    ((_words, found),) = _roles(text)
    assert found == role


def test_a_killing_word_does_not_reach_past_its_object() -> None:
    text = "Air strikes killed many civilians in the town, a city of 1.8 million people."
    assert _roles(text) == [("many", "fatalities"), ("1.8 million", None)]


@pytest.mark.parametrize(
    "text",
    [
        "The strike killed 12 people and 30 others were wounded.",
        "12 people were killed and 30 others wounded in the strike.",
        "Shelling killed 12 people and wounded 30 others.",
    ],
)
def test_the_wounded_of_another_verb_are_not_dead(text: str) -> None:
    assert (_figure(text), _figure(text, "injuries")) == (12, 30)


def test_a_verb_right_before_a_role_noun_wins() -> None:
    assert _roles("Police arrested 12 wounded fighters.") == [("12", "arrested")]


def test_hostages_are_not_added_to_the_dead() -> None:
    text = "The gunmen killed about 1,200 people and took about 240 hostages."
    assert _roles(text) == [("about 1,200", "fatalities"), ("about 240", "hostages")]
    assert _figure(text) == 1_200
    assert _figure(text, "affected") == 240


# ---------------------------------------------------------------------------
# Which counts add up


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("The militia burned nine children and four women in the square.", 13),
        ("The militia killed 9 children and 4 women.", 13),
        ("Shelling killed 6 soldiers in the north and 3 civilians in the south.", 9),
        ("The strike killed 11 members of one family.", 11),
        ("A few hundred metres from the line, shelling killed at least 307 people.", 307),
        ("Shelling killed at least 12 people, 5 of them children.", 12),
        ("Shelling killed 14 people; many died later in hospital.", 14),
        ("Shelling killed many of the 1.8 million people of the city.", 10),
        ("Rebels stormed two strongholds, killing 5 soldiers.", 5),
        ("Strikes killed 12 people, and the death toll later rose to 15.", 15),
        ("Hundreds were killed in the assault.", 100),
    ],
)
def test_fatalities_of_a_sentence(text: str, fatalities: int) -> None:
    assert _figure(text) == fatalities


def test_many_next_to_an_exact_number_adds_nothing() -> None:
    for text in (
        "It killed 1.8 million people and many more.",
        "The war killed 1.8 million people. Elsewhere many died.",
        "Shelling killed many in the city; 1.8 million people were killed in the war.",
    ):
        assert [c.best for c in tied(text, find_counts(text))] == [1_800_000], text
    assert _figure("It killed 1.8 million people and many more.") == 1_800_000


# ---------------------------------------------------------------------------
# Whole incidents


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _events(text: str, gazetteer):
    article = article_from_text(text, name="own", date=datetime.date(2016, 12, 13))
    return extract_incidents(parse_places(read_document(article), gazetteer), gazetteer)


def test_incident_with_hostages(gazetteer) -> None:
    (event,) = _events(
        "Gunmen killed about 1,200 people in Aleppo on Monday and took about 240 hostages.",
        gazetteer,
    )
    assert event.fatalities_best == 1_200 and event.fatalities_text == "about 1,200"
    assert event.people_affected == 240
    assert [(c["text"], c["role"]) for c in event.counts] == [
        ("about 1,200", "fatalities"),
        ("about 240", "hostages"),
    ]


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("An air strike on al-Shaar in Aleppo killed 11 members of one family.", 11),
        ("Shelling a few hundred metres from a hospital in Aleppo killed at least 307.", 307),
        ("Militiamen in Aleppo immolated nine children and four women on Monday.", 13),
        ("Shelling killed 9 children in al-Shaar and 4 women in Qadi Askar in Aleppo.", 13),
        ("Air strikes killed many civilians in Aleppo, a city of 1.8 million people.", 10),
    ],
)
def test_incident_fatalities(gazetteer, text: str, fatalities: int) -> None:
    events = [e for e in _events(text, gazetteer) if e.fatalities_best is not None]
    assert [e.fatalities_best for e in events] == [fatalities]


def test_incident_with_things_counted(gazetteer) -> None:
    events = _events(
        "Thousands were trapped in three pockets of Aleppo after the shelling.", gazetteer
    )
    assert [(e.fatalities_best, e.people_affected) for e in events] == [(None, 1_000)]
    events = _events("Rebels captured two strongholds in Aleppo on Monday.", gazetteer)
    assert all(e.fatalities_best is None for e in events)


def test_arrests_still_count_as_people_affected(gazetteer) -> None:
    (event,) = _events("Police arrested 30 students in Aleppo on Monday.", gazetteer)
    assert event.people_affected == 30 and event.fatalities_best is None
    assert [c["role"] for c in event.counts] == ["arrested"]


# ---------------------------------------------------------------------------
# Properties


_NOT_PEOPLE = st.one_of(
    st.integers(1, 999).map(lambda k: f" {k} km from the border"),
    st.integers(1, 999).map(lambda k: f" a few hundred metres from {k} tanks"),
    st.integers(1, 99).map(lambda k: f" near ${k} million worth of aid"),
    st.integers(1, 99).map(lambda k: f" near {k} buildings"),
    st.integers(1, 99).map(lambda k: f" at No. {k} market"),
    st.integers(0, 23).map(lambda h: f" at {h}:30"),
    st.integers(1, 12).map(lambda h: f" at {h} pm"),
    st.integers(1, 99).map(lambda k: f" after a {k}% rise in prices"),
    st.integers(1990, 2030).map(lambda y: f" in {y}"),
)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5_000), _NOT_PEOPLE, st.sampled_from(["people", "civilians", "men"]))
def test_a_distance_money_or_time_never_adds_fatalities(n: int, inserted: str, noun: str) -> None:
    plain = f"Shelling killed {n:,} {noun}."
    inserted_text = f"Shelling{inserted} killed {n:,} {noun}."
    after_text = f"Shelling killed {n:,} {noun}{inserted}."
    assert _figure(plain) == n
    assert _figure(inserted_text) == n
    assert _figure(after_text) == n


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 500), st.integers(1, 500))
def test_two_parts_joined_by_and_add_up_and_a_second_report_does_not(a: int, b: int) -> None:
    assert _figure(f"Shelling killed {a} children in the north and {b} women in the south.") == (
        a + b
    )
    assert _figure(f"Shelling killed {a} people; later {b} were killed.") == max(a, b)


# ---------------------------------------------------------------------------
# Linear in the sentence


def test_many_counts_in_one_sentence_stay_linear() -> None:
    def sentence(n: int) -> str:
        return "Shelling " + "killed 5 people and took 3 hostages and " * n + "left."

    def run(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            gc.collect()
            gc.disable()
            try:
                begin = time.perf_counter()
                counts = find_counts(text)
                index = CueIndex(text, 0, len(text), counts)
                roles = [index.role(c) for c in counts]
                tied(text, [c for c, r in zip(counts, roles, strict=True) if r == "fatalities"])
                best = min(best, time.perf_counter() - begin)
            finally:
                gc.enable()
        return best

    run(sentence(10))
    small, large = run(sentence(500)), run(sentence(2_000))
    assert large / max(small, 0.005) < 8, f"{small:.3f} s -> {large:.3f} s"


# ---------------------------------------------------------------------------
# The role words are data (data/language/en/count-roles.csv)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", copy)
    return copy


def _append_role(copy: Path, row: str) -> None:
    path = copy / "language" / "en" / "count-roles.csv"
    path.write_text(path.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")


def test_a_new_role_word_is_read(data_copy: Path) -> None:
    text = "The militia conscripted 80 boys."
    assert _roles(text) == [("80", None)]
    _append_role(data_copy, "conscripted,affected,conscript*")
    with knowledge.use_data_dir(data_copy):
        assert _roles(text) == [("80", "conscripted")]
        assert _figure(text, "affected") == 80
    assert _roles(text) == [("80", None)]


@pytest.mark.parametrize(
    "row",
    [
        "hostages,victims,hostage*",
        "fatalities,affected,slain",
        "Bad Name,affected,x",
        "x,affected,a*b",
    ],
)
def test_a_bad_role_row_is_a_data_error(data_copy: Path, row: str) -> None:
    _append_role(data_copy, row)
    with knowledge.use_data_dir(data_copy), pytest.raises(DataError, match=r"count-roles\.csv"):
        event_cues()


def test_a_new_not_people_before_word_stops_a_count(data_copy: Path) -> None:
    path = data_copy / "language" / "en" / "counts.csv"
    assert _numbers("Shelling hit platform 4 people waited at.") == [4]
    path.write_text(
        path.read_text(encoding="utf-8") + "not_people_before,platform,\n", encoding="utf-8"
    )
    with knowledge.use_data_dir(data_copy):
        assert _numbers("Shelling hit platform 4 people waited at.") == []
