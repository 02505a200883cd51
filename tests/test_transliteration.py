"""Transliteration variants of Arabic place names: spellings the gazetteer has never seen.

``tests/data/aleppo-spellings-unseen.csv`` lists press-style spellings of Aleppo's
neighbourhoods that the shipped gazetteer does not hold verbatim (written for these
tests: sun-letter articles with a space, doubled vowels, g/q/gh/k and ou/u/o variants,
alternatives in parentheses, "A - B" compound names, district names without their
qualifier). Most of them must resolve, both by lookup and in a sentence.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.model import Place
from geomap.places.gazetteer import Gazetteer, core_keys, name_parts
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

ALEPPO = "geonames-170063"
UNSEEN = Path(__file__).parent / "data" / "aleppo-spellings-unseen.csv"
MIN_RESOLVED = 0.95


def _unseen() -> list[tuple[str, frozenset[str]]]:
    with UNSEEN.open(encoding="utf-8", newline="") as handle:
        return [
            (row["spelling"], frozenset(row["expected"].split("|")))
            for row in csv.DictReader(handle)
        ]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


def _by_lookup(gaz: Gazetteer, spelling: str, expected: frozenset[str]) -> bool:
    found = gaz.lookup(spelling, within=gaz.get(ALEPPO))
    return bool(found) and found[0].place.id in expected


def _in_sentence(gaz: Gazetteer, spelling: str, expected: frozenset[str]) -> bool:
    text = f"Government shelling hit {spelling} in Aleppo on Monday, residents said."
    start = text.index(spelling)
    end = start + len(spelling)
    document = parse_places(read_document(article_from_text(text)), gaz)
    inside = [m for m in document.mentions if m.start >= start and m.end <= end]
    places = {m.place.id for m in inside if m.status == "resolved" and m.place is not None}
    return bool(places) and places <= expected


def test_unseen_list_is_unseen(gaz: Gazetteer) -> None:
    """No spelling of the list is a gazetteer name as written (else it measures nothing)."""
    rows = _unseen()
    assert len(rows) >= 80
    written = {name.casefold() for place in gaz for name, _variant in place.names()}
    assert [s for s, _e in rows if s.casefold() in written] == []
    assert all(gaz.get(place_id) is not None for _s, ids in rows for place_id in ids)


@pytest.mark.parametrize("how", ["lookup", "sentence"])
def test_unseen_spellings_resolve(gaz: Gazetteer, how: str) -> None:
    """At least 95 % of the unseen spellings resolve to their neighbourhood."""
    check = _by_lookup if how == "lookup" else _in_sentence
    rows = _unseen()
    failed = [spelling for spelling, expected in rows if not check(gaz, spelling, expected)]
    share = 1 - len(failed) / len(rows)
    print(
        f"\nunseen Aleppo spellings resolved by {how}: {share:.1%} of {len(rows)}; failed: {failed}"
    )
    assert share >= MIN_RESOLVED, failed


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("Hamdaniyeh", {"csr-aleppo-59", "csr-aleppo-60", "csr-aleppo-61", "csr-aleppo-62"}),
        ("Ramouseh", {"csr-aleppo-33", "csr-aleppo-35", "csr-aleppo-36"}),
        ("Ramouseh Industrial District", {"csr-aleppo-33", "csr-aleppo-35", "csr-aleppo-36"}),
        ("Siryan", {"csr-aleppo-115"}),  # a part of "as-Siryan (Syriac Quarter)"
    ],
)
def test_core_and_part_names_of_districts(gaz: Gazetteer, name: str, ids: set[str]) -> None:
    found = {c.place.id for c in gaz.lookup(name, within=gaz.get(ALEPPO))}
    assert found >= ids
    assert found <= ids | {"csr-aleppo-63"}


def test_words_before_a_name_are_no_qualifiers(gaz: Gazetteer) -> None:
    """ "New Aleppo" is not Aleppo, nor is "Aleppo" new Aleppo."""
    assert [c.place.id for c in gaz.lookup("Aleppo")][:1] == [ALEPPO]
    assert all(c.place.name != "New Aleppo" for c in gaz.lookup("Aleppo"))


def test_cores_only_of_small_places() -> None:
    town = Place(id="t", name="Springfield II", kind="city", lat=1.0, lon=2.0, source="test")
    quarter = Place(id="q", name="Zahraa II", kind="district", lat=1.0, lon=2.0, source="test")
    gaz = Gazetteer([town, quarter], shipped=False, world=False)
    assert gaz.lookup("Springfield") == []
    assert [c.place.id for c in gaz.lookup("Zahraa")] == ["q"]


@pytest.mark.parametrize("written", ["Sabah al-Salim", "Sabah as-Salim", "Sabah as Salim"])
def test_a_world_name_with_an_article_inside_resolves_written_either_way(
    gaz: Gazetteer, written: str
) -> None:
    # GeoNames: "Şabāḩ as Sālim" (Kuwait), its article lower case and apart, and no
    # alternative name without it.
    assert [c.place.id for c in gaz.lookup(written)][:1] == ["geonames-412800"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # GeoNames: "Ra's al Khafji" (Saudi Arabia), its hamza written as an apostrophe.
        ("Ras al-Khafji", "geonames-109380"),
        ("Ra's al-Khafji", "geonames-109380"),
        # The main name read so counts as the main name: "King's Lynn" (England).
        ("Kings Lynn", "geonames-2645456"),
    ],
)
def test_a_world_name_with_an_apostrophe_s_resolves_written_without_it(
    gaz: Gazetteer, written: str, expected: str
) -> None:
    found = gaz.lookup(written)
    assert [c.place.id for c in found][:1] == [expected]
    if written == "Kings Lynn":
        assert found[0].method == "normalised"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sheikh Lutfi (Sheikh Said)", "csr-aleppo-112"),  # the part that is known
        ("Fardos - Jisr al-Haj", "csr-aleppo-58"),
        ("Beit Muheb / Jdeideh", "csr-aleppo-51"),
    ],
)
def test_compound_names_resolve_by_their_parts(gaz: Gazetteer, name: str, expected: str) -> None:
    assert [c.place.id for c in gaz.lookup(name, within=gaz.get(ALEPPO))][:1] == [expected]


def test_compound_names_keep_the_places_most_parts_name(gaz: Gazetteer) -> None:
    found = gaz.lookup("Sukkari - Kallaseh (Sukkari)", within=gaz.get(ALEPPO))
    assert [c.place.id for c in found] == ["csr-aleppo-43"]


def test_no_resolution_by_fuzzy_match_alone(gaz: Gazetteer) -> None:
    """A spelling only a fuzzy match would bring (a consonant changed) is not looked up."""
    aleppo = gaz.get(ALEPPO)
    assert gaz.lookup("Sukkbari", within=aleppo) == []
    assert gaz.lookup("Ahmed", within=aleppo) == []  # skeleton of al-Hamidiyeh, starts apart


@given(st.lists(st.sampled_from(["i", "ii", "industrial", "district", "zahraa", "x"]), max_size=12))
def test_core_keys_strip_only_trailing_qualifiers(words: list[str]) -> None:
    qualifiers = (("industrial", "district"), ("i",), ("ii",))
    key = " ".join(words)
    cores = core_keys(key, qualifiers)
    assert len(cores) <= len(words)
    for shorter, core in zip([key, *cores], cores, strict=False):
        assert core and shorter.startswith(core) and len(core) < len(shorter)


@pytest.mark.parametrize("gap", [" " * 200_000, " " * 100_000 + "(", " -" * 100_000])
def test_compound_name_split_is_linear(gaz: Gazetteer, gap: str) -> None:
    """Long runs of spaces or separators cost one pass (a quadratic split took minutes)."""
    started = time.perf_counter()
    name_parts(f"Sukkari{gap}Kallaseh")
    gaz.lookup(f"Sukkari{gap[:2000]}Kallaseh")
    assert time.perf_counter() - started < 5
