"""The events stage reads what it knows from data: an edited copy of ``data/`` changes it.

Each test copies the repository's ``data`` folder, appends a row to one of the
events tables, and runs extraction inside :func:`geomap.knowledge.use_data_dir` on a
short article written for the test.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from geomap import knowledge
from geomap.api import load_gazetteer
from geomap.errors import DataError
from geomap.events import extract_incidents
from geomap.model import Incident
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

DATA = Path(__file__).resolve().parent.parent / "data"
DAY = datetime.date(2016, 12, 13)


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _append(table: Path, line: str) -> None:
    text = table.read_text(encoding="utf-8")
    table.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def _events(text: str, gazetteer) -> list[Incident]:
    document = read_document(article_from_text(text, name="own", date=DAY))
    return extract_incidents(parse_places(document, gazetteer), gazetteer)


def _events_with(folder: Path, text: str, gazetteer) -> list[Incident]:
    with knowledge.use_data_dir(folder):
        return _events(text, gazetteer)


# ---------------------------------------------------------------------------
# A new kind of incident

# (The shipped table has car bombs; a grenade is a kind it does not have.)
GRENADE = (
    "grenade,,grenades?,Explosions/Remote violence,Grenade,"
    "{rank},means,,,,,grenade,a row added by the test"
)
EXPLODED = "In Aleppo, a grenade landed outside a bakery in al-Shaar on Monday."
KILLED = "In Aleppo, a grenade killed seven people in al-Shaar on Monday."


def test_a_new_kind_without_a_rank_is_detected(data_copy, gazetteer) -> None:
    assert _events(EXPLODED, gazetteer) == []
    _append(data_copy / "events" / "event-types.csv", GRENADE.format(rank=""))
    (event,) = _events_with(data_copy, EXPLODED, gazetteer)
    assert event.kind == "grenade" and event.trigger == "grenade"
    assert event.event_type == "Explosions/Remote violence"
    assert event.sub_event_type == "Grenade"
    assert event.tags == ("grenade",)
    assert [p.name for p in event.locations] == ["ash-Sha'ar"]
    assert event.event_date == datetime.date(2016, 12, 12)


def test_a_kind_without_a_rank_comes_after_the_ranked_kinds(data_copy, gazetteer) -> None:
    _append(data_copy / "events" / "event-types.csv", GRENADE.format(rank=""))
    (event,) = _events_with(data_copy, KILLED, gazetteer)
    # A means of violence: the killing joins it, and the ranked killing names them.
    assert event.kind == "killing" and event.trigger == "grenade, killed"
    assert event.fatalities_best == 7
    assert event.tags == ("grenade",)


def test_a_ranked_new_kind_names_the_incident(data_copy, gazetteer) -> None:
    _append(data_copy / "events" / "event-types.csv", GRENADE.format(rank="0"))
    (event,) = _events_with(data_copy, KILLED, gazetteer)
    assert event.kind == "grenade"
    assert event.sub_event_type == "Grenade"
    assert event.fatalities_best == 7
    assert event.actor2 == "Civilians (Syria)"


# ---------------------------------------------------------------------------
# A new actor, a new default victim

CAPTURED = "In Aleppo, the Desert Falcons captured al-Shaar on Monday."


def test_a_new_actor_is_named_as_actor1(data_copy, gazetteer) -> None:
    assert _events(CAPTURED, gazetteer) == []  # no side named: no change of territory
    _append(
        data_copy / "events" / "actors.csv",
        "desert falcons,Desert Falcons Brigade,3,government,,a row added by the test",
    )
    (event,) = _events_with(data_copy, CAPTURED, gazetteer)
    assert event.actor1 == "Desert Falcons Brigade" and event.inter1 == 3
    # Not state forces (inter 1): the table's other type for a change of territory.
    assert event.sub_event_type == "Non-state actor overtakes territory"


def test_a_country_s_own_actor_row_is_read_in_that_country_only(data_copy, gazetteer) -> None:
    # Countries without rows of their own share one table; a row of Mali's makes
    # Mali's table its own, and leaves Syria's as it was.
    _append(
        data_copy / "events" / "actors.csv",
        "desert falcons,Desert Falcons Brigade,3,government,,a row added by the test,ML,",
    )
    in_mali = "In Mali, the Desert Falcons captured Gao on Monday."
    (event,) = _events_with(data_copy, in_mali, gazetteer)
    assert event.actor1 == "Desert Falcons Brigade"
    assert _events_with(data_copy, CAPTURED, gazetteer) == []


EXECUTED = "In Aleppo, gunmen carried out executions in al-Shaar on Monday."


def test_the_default_victim_comes_from_the_actor_table(data_copy, gazetteer) -> None:
    assert _events(EXECUTED, gazetteer)[0].actor2 == "Civilians (Syria)"
    table = data_copy / "events" / "actors.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace("Civilians ({country})", "Civilians (Testland)"),
        encoding="utf-8",
    )
    (event,) = _events_with(data_copy, EXECUTED, gazetteer)
    assert event.actor2 == "Civilians (Testland)" and event.inter2 == 7


def test_no_default_victim_leaves_actor2_empty(data_copy, gazetteer) -> None:
    table = data_copy / "events" / "actors.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace(",7,,yes,", ",7,,,"), encoding="utf-8"
    )
    (event,) = _events_with(data_copy, EXECUTED, gazetteer)
    assert event.actor2 is None


def test_two_default_victims_are_refused(data_copy, gazetteer) -> None:
    _append(data_copy / "events" / "actors.csv", "onlookers,Civilians (Elsewhere),7,,yes,")
    with pytest.raises(DataError, match=r"actors\.csv.*more than one default_victim"):
        _events_with(data_copy, EXECUTED, gazetteer)


def test_a_country_alone_mark_other_than_yes_is_refused(data_copy, gazetteer) -> None:
    # pattern, actor, inter, side, default_victim, note, country, country_alone
    _append(data_copy / "events" / "actors.csv", "envoys,Envoys of {country},1,,,,,maybe")
    with pytest.raises(DataError, match=r"actors\.csv: country_alone 'maybe'"):
        _events_with(data_copy, "Israel struck Khan Younis on Monday.", gazetteer)


# ---------------------------------------------------------------------------
# A new cue word, a new vague quantity

SLAIN = "In Aleppo, artillery shells hit al-Shaar on Monday and nine residents were slain."


def test_a_new_cue_word_reads_a_count(data_copy, gazetteer) -> None:
    assert _events(SLAIN, gazetteer)[0].fatalities_best is None
    _append(data_copy / "language" / "en" / "events-cues.csv", "fatalities,slain")
    (event,) = _events_with(data_copy, SLAIN, gazetteer)
    assert event.kind == "shelling"
    assert event.fatalities_best == 9 and event.fatalities_text == "nine"


HEDGED = "In Aleppo, shelling rumouredly killed four people in al-Shaar on Monday."


def test_a_new_hedge_word_hedges_the_report(data_copy, gazetteer) -> None:
    assert not _events(HEDGED, gazetteer)[0].hedged
    _append(data_copy / "language" / "en" / "events-cues.csv", "hedges,rumoured*")
    (event,) = _events_with(data_copy, HEDGED, gazetteer)
    assert event.hedged and event.reports[0].hedge_text == "rumouredly"


GREAT_MANY = "In Aleppo, shelling killed a great many people in al-Shaar on Monday."


def test_a_new_vague_quantity_is_read(data_copy, gazetteer) -> None:
    # Without the row, only "many" is a vague quantity (10, ACLED's rule).
    assert _events(GREAT_MANY, gazetteer)[0].fatalities_best == 10
    _append(data_copy / "events" / "vague-quantities.csv", "a great many,50,50,,added by the test")
    (event,) = _events_with(data_copy, GREAT_MANY, gazetteer)
    assert event.fatalities_best == 50 and event.fatalities_text == "a great many"


# ---------------------------------------------------------------------------
# Malformed tables


@pytest.mark.parametrize(
    ("folder", "name", "column"),
    [
        ("events", "event-types.csv", "rank"),
        ("events", "actors.csv", "inter"),
        ("language/en", "events-cues.csv", "words"),
    ],
)
def test_a_missing_column_names_the_table(data_copy, gazetteer, folder, name, column) -> None:
    table = data_copy / folder / name
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    lines[0] = ",".join(c if c != column else f"not_{column}" for c in header)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"{name}: missing column\(s\) {column}"):
        _events_with(data_copy, KILLED, gazetteer)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("car_bomb,,car bomb,A,B,first,,,,,,,", r"rank 'first' is not a number"),
        ("car_bomb,,car bomb,A,B,,weapon,,,,,,", r"group 'weapon' is not one of"),
        ("car_bomb,,car bomb,A,B,,,behind,,,,,", r"actor1 'behind' is not one of"),
    ],
)
def test_a_bad_kind_row_is_refused(data_copy, gazetteer, line, message) -> None:
    _append(data_copy / "events" / "event-types.csv", line)
    with pytest.raises(DataError, match=rf"event-types\.csv: car_bomb: {message}"):
        _events_with(data_copy, KILLED, gazetteer)


@pytest.mark.parametrize(
    ("line", "message"),
    [("casualties,slain", r"unknown list 'casualties'"), ("fatalities,sl*in", r"'sl\*in'")],
)
def test_a_bad_cue_row_is_refused(data_copy, gazetteer, line, message) -> None:
    _append(data_copy / "language" / "en" / "events-cues.csv", line)
    with pytest.raises(DataError, match=rf"events-cues\.csv: {message}"):
        _events_with(data_copy, KILLED, gazetteer)
