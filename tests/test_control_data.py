"""The control stage reads what it knows from data: a row added to a copy of ``data/`` counts.

Each test copies the repository's ``data/`` folder, changes one table (a side, an
actor's side, an outlet, a cue word) and reads a short timeline or article of our own
inside :func:`geomap.knowledge.use_data_dir`; the shipped data is read again once the
block ends.
"""

from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path

import pytest

from geomap import control, knowledge
from geomap.control import TimelineError
from geomap.errors import DataError
from geomap.events import extract_incidents
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
D = datetime.date
ARTICLE_DATE = D(2016, 12, 13)  # a Tuesday: "on Monday" is 12 December
TIMELINE = (
    "date,district,from,to,status,source,note\n"
    "2016-11-15,Hanano,,rebels,assessed,test,\n"
    "2016-11-15,*,,government,assessed,test,\n"
    "2016-11-26,Hanano,rebels,isis,assessed,test,\n"
)
# A side of our own: not in the shipped sides.csv.
ISIS_ROW = {
    "side": "isis",
    "label": "Islamic State",
    "colour": "#212121",
    "words": "ISIS|Islamic State",
    "opponent": "",
    "area_words": "",
    "area_default": "",
    "note": "test row",
}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(world=False)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the repository's data folder to change."""
    copy = tmp_path / "data"
    shutil.copytree(REPO_DATA, copy)
    return copy


def _append_row(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        columns = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=columns, lineterminator="\n", restval="").writerow(row)


def _append_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def _edit_row(path: Path, key: str, value: str, changes: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0])
    for row in rows:
        if row[key] == value:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _statements(text: str, gazetteer: Gazetteer) -> control.TextFindings:
    """What the control stage reads in *text*, with the data folder in use."""
    article = article_from_text(text, name="t", date=ARTICLE_DATE)
    document = parse_places(read_document(article), gazetteer)
    return control.read_statements([document], extract_incidents(document, gazetteer))


# ---------------------------------------------------------------------------
# Sides


def test_a_timeline_may_name_a_side_added_to_sides_csv(data, tmp_path, gazetteer) -> None:
    timeline = tmp_path / "timeline.csv"
    timeline.write_text(TIMELINE, encoding="utf-8")
    with pytest.raises(TimelineError, match="unknown side 'isis' in to"):
        control.load_timeline(timeline, gazetteer)

    _append_row(data / "control" / "sides.csv", ISIS_ROW)
    with knowledge.use_data_dir(data):
        loaded = control.load_timeline(timeline, gazetteer)
        geometry = control.district_geometries(gazetteer, districts=set(loaded.initial))
        items = control.snapshots(loaded, loaded.changes, geometry)
        controllers = {side.id: side for side in control.load_controllers()}
        order = control.controller_ids()
    isis = [s for s in items if s.controller == "isis"]
    assert [(s.valid_from, s.districts) for s in isis] == [(D(2016, 11, 26), ("Hanano",))]
    assert isis[0].area_km2 > 0
    assert (controllers["isis"].label, controllers["isis"].colour) == ("Islamic State", "#212121")
    assert order == ("rebels", "government", "ypg", "isis", "contested")
    # Outside the block the shipped table is read again.
    assert "isis" not in control.side_ids()


def test_a_new_actor_takes_places_for_its_side(data, gazetteer) -> None:
    text = "Aleppo, Syria. Islamic State fighters captured Hanano on Monday."
    _append_row(data / "control" / "sides.csv", ISIS_ROW)
    # The shipped table names Islamic State (a template per country) with no side.
    _edit_row(
        data / "events" / "actors.csv", "actor", "Islamic State ({country})", {"side": "isis"}
    )
    with knowledge.use_data_dir(data):
        found = _statements(text, gazetteer)
    assert [(c.district, c.to_side, c.date, c.precision) for c in found.changes] == [
        ("Hanano", "isis", D(2016, 12, 12), "day")
    ]


def test_an_opponent_in_sides_csv_gains_what_the_side_loses(data, gazetteer) -> None:
    text = "Aleppo, Syria. The YPG withdrew from Hanano on Monday."
    assert _statements(text, gazetteer).changes == ()  # the YPG has no opponent
    _edit_row(data / "control" / "sides.csv", "side", "ypg", {"opponent": "government"})
    with knowledge.use_data_dir(data):
        found = _statements(text, gazetteer)
    assert [(c.district, c.from_side, c.to_side) for c in found.changes] == [
        ("Hanano", "ypg", "government")
    ]


def test_an_area_naming_no_side_is_the_default_sides(data, gazetteer) -> None:
    text = "Aleppo, Syria. The area left fell to 8 square kilometres on Monday."
    assert [f.controller for f in _statements(text, gazetteer).figures] == ["rebels"]
    _edit_row(data / "control" / "sides.csv", "side", "rebels", {"area_default": ""})
    _edit_row(data / "control" / "sides.csv", "side", "ypg", {"area_default": "yes"})
    with knowledge.use_data_dir(data):
        found = _statements(text, gazetteer)
    assert [f.controller for f in found.figures] == ["ypg"]


# ---------------------------------------------------------------------------
# Outlets and cue words


def test_an_outlet_added_to_outlets_csv_is_named_as_a_source(data, gazetteer) -> None:
    text = "Aleppo, Syria. The Qasr Monitor said the rebel pocket covered 30 square kilometres."
    before = _statements(text, gazetteer).figures
    assert [f.source for f in before] == ["t (article)"]
    _append_row(data / "events" / "outlets.csv", {"words": "Qasr Monitor", "short": "QM"})
    with knowledge.use_data_dir(data):
        found = _statements(text, gazetteer)
    assert [(f.kind, f.value, f.source) for f in found.figures] == [
        ("area_km2", 30.0, "QM; t (article)")
    ]


def test_a_contested_word_makes_a_change_contested(data, gazetteer) -> None:
    text = "Aleppo, Syria. Government forces captured Hanano on Monday, a gain still disputed."
    assert [c.status for c in _statements(text, gazetteer).changes] == ["assessed"]
    _append_line(data / "language" / "en" / "control-contested.txt", "still disputed")
    with knowledge.use_data_dir(data):
        found = _statements(text, gazetteer)
    assert [c.status for c in found.changes] == ["contested"]


def test_a_not_whole_place_word_keeps_a_district_out(data, gazetteer) -> None:
    text = "Aleppo, Syria. Government forces captured the outskirts of Hanano on Monday."
    assert [c.district for c in _statements(text, gazetteer).changes] == ["Hanano"]
    _append_line(data / "language" / "en" / "control-not-whole-place.txt", "the outskirts of")
    with knowledge.use_data_dir(data):
        found = _statements(text, gazetteer)
    assert found.changes == ()


def test_a_qualifier_added_to_the_list_is_read(data, gazetteer) -> None:
    text = "Aleppo, Syria. The rebel pocket covered roughly 30 square kilometres on Monday."
    before = _statements(text, gazetteer).figures
    assert [(f.value, f.qualifier) for f in before] == [(30.0, "")]
    _append_row(
        data / "language" / "en" / "control-qualifiers.csv", {"words": "roughly", "means": "about"}
    )
    with knowledge.use_data_dir(data):
        found = _statements(text, gazetteer)
    assert [(f.value, f.qualifier, f.date) for f in found.figures] == [
        (30.0, "about", D(2016, 12, 12))
    ]


# ---------------------------------------------------------------------------
# Bad tables


def test_an_opponent_that_is_no_side_is_a_data_error(data) -> None:
    _edit_row(data / "control" / "sides.csv", "side", "ypg", {"opponent": "nobody"})
    with knowledge.use_data_dir(data), pytest.raises(DataError, match=r"control/sides\.csv"):
        control.load_sides()


def test_a_bad_colour_is_a_data_error(data) -> None:
    _edit_row(data / "control" / "sides.csv", "side", "ypg", {"colour": "yellow"})
    with knowledge.use_data_dir(data), pytest.raises(DataError, match=r"'yellow'.*#rrggbb"):
        control.load_sides()


def test_an_actor_side_missing_from_sides_csv_is_a_data_error(data) -> None:
    # The shipped table names Islamic State (a template per country) with no side.
    _edit_row(
        data / "events" / "actors.csv", "actor", "Islamic State ({country})", {"side": "isis"}
    )
    with (
        knowledge.use_data_dir(data),
        pytest.raises(DataError, match=r"events/actors\.csv: side 'isis'"),
    ):
        control.actor_sides()


def test_a_sides_table_without_a_column_is_a_data_error(data) -> None:
    (data / "control" / "sides.csv").write_text("side,label\nrebels,Rebels\n", encoding="utf-8")
    with knowledge.use_data_dir(data), pytest.raises(DataError, match="missing column"):
        control.load_sides()


def test_a_row_of_timelines_csv_is_a_shipped_timeline(data) -> None:
    """Shipping another city's timeline is a row and its files, not code."""
    folder = data / "control"
    (folder / "other.csv").write_text(
        (folder / "aleppo-2016.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with (folder / "timelines.csv").open("a", encoding="utf-8") as rows:
        rows.write("other,other.csv,,geonames-170063,2017-01-01,2017-02-01,a later one\n")
    with knowledge.use_data_dir(data):
        other = next(t for t in control.shipped_timelines() if t.id == "other")
        assert other.path == folder / "other.csv" and other.areas_path is None
        assert other.covers(datetime.date(2017, 2, 8))
        assert not other.covers(datetime.date(2017, 3, 1))


@pytest.mark.parametrize(
    "row",
    [
        "bad,x.csv,,geonames-170063,2017-13-01,2017-02-01,",
        "bad,x.csv,,geonames-170063,2017-03-01,2017-02-01,",
        "aleppo-2016,x.csv,,geonames-170063,2017-01-01,2017-02-01,",
        "bad,x.csv,,,2017-01-01,2017-02-01,",
    ],
)
def test_a_bad_row_of_timelines_csv_is_a_data_error(data, row: str) -> None:
    with (data / "control" / "timelines.csv").open("a", encoding="utf-8") as rows:
        rows.write(row + "\n")
    with knowledge.use_data_dir(data), pytest.raises(DataError, match=r"timelines\.csv:4"):
        control.shipped_timelines()
