"""The shipped airports (``airports.csv``), the script that builds them, and how the
geoparser takes them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from loaded_scripts import load_script

from geomap.api import load_gazetteer
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

ROOT = Path(__file__).resolve().parents[1]
AIRPORTS = ROOT / "data" / "gazetteer" / "airports.csv"
TYPE_WORDS = ("Airport", "Airfield", "Air Base", "Airbase", "Air Force Base")


def _build_module():
    return load_script("scripts/build_airports.py")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with AIRPORTS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def test_every_airport_row_is_a_sourced_landmark_named_as_an_airport(rows) -> None:
    assert len(rows) > 3000
    for row in rows:
        assert row["id"] == f"airport-{row['source'].split('ICAO ')[1].rstrip(')')}"
        assert row["kind"] == "landmark" and len(row["country"]) == 2
        assert row["source"].startswith("airportsdata ") and row["licence"].startswith("MIT")
        # A bare "Mitiga" is no alternative name: every name says what the place is.
        for name in [row["name"], *row["alt_names"].split("|")]:
            assert name.endswith(TYPE_WORDS), name


def test_the_script_keeps_named_airports_and_their_forms(tmp_path: Path) -> None:
    source = tmp_path / "airports.csv"
    source.write_text(
        '"icao","iata","name","city","subd","country","elevation","lat","lon","tz","lid"\n'
        '"FEFF","BGF","Bangui M\'Poko International Airport","Bangui","","CF",1208,'
        '4.39848,18.5188,"Africa/Bangui",""\n'
        '"FKKB","","Bali Airport","Bali","","CM",0,5.9,10.0,"Africa/Douala",""\n'
        '"XXAB","","Zulu Air Base","","","ZZ",0,1.0,2.0,"UTC",""\n'
        '"XXLF","LOW","Lowell Field","Anchor Point","","US",0,59.9,-151.7,"UTC",""\n',
        encoding="utf-8",
    )
    built = list(_build_module().rows(source, "1"))
    # The town's own airport and a name with no airport word are left out.
    assert [r["id"] for r in built] == ["airport-FEFF", "airport-XXAB"]
    forms = built[0]["alt_names"].split("|")
    assert "M'Poko Airport" in forms and "Bangui M'Poko Airfield" in forms
    assert "M'Poko" not in forms and built[0]["name"] not in forms


@pytest.mark.parametrize(
    ("text", "name", "airport"),
    [
        ("Libya: flights stopped at Mitiga airport after shelling.", "Mitiga airport", "HLLM"),
        ("Bangui, Central African Republic: troops held M'Poko airport.", "M'Poko airport", "FEFF"),
        # Without its country in the article, a name an airport shares is not the airport.
        ("Tourists were stranded at Bali airport.", "Bali", None),
    ],
)
def test_an_airport_is_resolved_in_its_country(
    gazetteer: Gazetteer, text: str, name: str, airport: str | None
) -> None:
    mentions = parse_places(read_document(article_from_text(text)), gazetteer).mentions
    (mention,) = [m for m in mentions if m.text == name]
    place = mention.place
    if airport is None:
        assert place is None or place.kind != "landmark"
    else:
        assert place is not None and place.id == f"airport-{airport}"


def test_a_users_landmark_resolves_without_a_country_or_by_its_town(tmp_path: Path) -> None:
    rows = tmp_path / "sites.csv"
    rows.write_text(
        "id,name,kind,parent,country,lat,lon,source\n"
        "user-shifa,al-Shifa Hospital,landmark,,,31.524,34.444,my notes\n"
        "user-kamal,Kamal Adwan Hospital,landmark,geonames-281133,PS,31.54,34.5,my notes\n",
        encoding="utf-8",
    )
    text = "Strikes hit al-Shifa Hospital. In Gaza, doctors at Kamal Adwan Hospital said so."
    gazetteer = load_gazetteer([rows])
    mentions = parse_places(read_document(article_from_text(text)), gazetteer).mentions
    found = {m.text: m.place.id for m in mentions if m.place is not None}
    # The user's rows are what they say: no country needed, or the town named instead.
    assert found["al-Shifa Hospital"] == "user-shifa"
    assert found["Kamal Adwan Hospital"] == "user-kamal"
