"""The places stage reads what it knows from data: a row added to a copy of ``data/`` counts.

Each test copies the repository's ``data/`` folder, changes one table and parses a
short article of our own inside :func:`geomap.knowledge.use_data_dir`; the shipped
data is read again once the block ends.
"""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from geomap import knowledge, settings
from geomap.errors import DataError
from geomap.model import Mention
from geomap.places import world
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.cues import place_cues
from geomap.text.document import read_document

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
EN = "language/en"
# An invented town, and an invented country with its demonym: none is in the shipped data.
TOWN = "Tell Qarzabin"
COUNTRY, DEMONYM = "Varnesia", "Varnesian"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the repository's data folder to change."""
    copy = tmp_path / "data"
    shutil.copytree(REPO_DATA, copy)
    return copy


def _mentions(text: str) -> list[Mention]:
    """The mentions of *text*, with a gazetteer built from the data folder in use."""
    document = read_document(article_from_text(text, name="test"))
    return list(parse_places(document, Gazetteer(world=False)).mentions)


def _append_row(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        columns = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=columns, lineterminator="\n").writerow(row)


def _append_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def _place_row(place_id: str, name: str, kind: str, parent: str, country: str) -> dict[str, str]:
    return {
        "id": place_id,
        "name": name,
        "kind": kind,
        "parent": parent,
        "country": country,
        "lat": "36.300000",
        "lon": "37.400000",
        "source": "test row",
        "licence": "MIT (geomap)",
    }


def test_a_town_added_to_the_gazetteer_resolves(data: Path) -> None:
    text = f"Shelling hit {TOWN} on Monday, residents said."
    assert not [m for m in _mentions(text) if m.status == "resolved"]
    row = _place_row("test-qarzabin", TOWN, "city", "sy-aleppo-governorate", "SY")
    _append_row(data / "gazetteer" / "syria.csv", row)
    with knowledge.use_data_dir(data):
        found = {m.text: m for m in _mentions(text)}
    assert found[TOWN].status == "resolved"
    assert found[TOWN].place is not None and found[TOWN].place.id == "test-qarzabin"
    assert found[TOWN].role == "location"
    # The shipped data is read again once the block ends.
    assert not [m for m in _mentions(text) if m.status == "resolved"]


def test_a_new_locative_preposition_puts_a_name_in_a_place_position(data: Path) -> None:
    text = "Mortars fell alongside Harrat Bilmaz overnight."
    assert not _mentions(text)
    _append_line(data / EN / "places-locative-prepositions.txt", "alongside")
    with knowledge.use_data_dir(data):
        (mention,) = _mentions(text)
    assert (mention.text, mention.status, mention.role) == (
        "Harrat Bilmaz",
        "unresolved",
        "location",
    )
    assert mention.reason.startswith("named where a place stands")


def test_a_new_place_cue_of_several_words_puts_a_name_in_a_place_position(data: Path) -> None:
    text = "Mortars fell, said spotters watching Harrat Bilmaz overnight."
    assert not _mentions(text)
    _append_line(data / EN / "places-place-cues-before.txt", "spotters watching")
    with knowledge.use_data_dir(data):
        assert ("spotters", "watching") in place_cues().place_cues_before.ending_with("watching")
        (mention,) = _mentions(text)
    assert (mention.text, mention.status) == ("Harrat Bilmaz", "unresolved")


def test_a_new_group_word_is_never_listed_as_a_place(data: Path) -> None:
    text = "Shells hit the Qarzabini quarter of the old town."
    assert [m.text for m in _mentions(text)] == ["Qarzabini"]
    _append_line(data / EN / "places-group-words.txt", "qarzabini")
    with knowledge.use_data_dir(data):
        assert _mentions(text) == []


def test_a_new_place_noun_describes_the_name(data: Path) -> None:
    text = "Jets struck the farmstead of Harrat Bilmaz."
    assert not _mentions(text)
    farmstead = {"noun": "farmstead", "kinds": "city district", "number": "singular"}
    _append_row(data / EN / "places-nouns.csv", farmstead)
    with knowledge.use_data_dir(data):
        (mention,) = _mentions(text)
        assert place_cues().place_nouns["farmstead"] == ("city", "district")
        # A place noun is also a generic word a name may hold in lower case.
        assert "farmstead" in place_cues().generic_name_words
    assert (mention.text, mention.descriptor) == ("Harrat Bilmaz", "farmstead")
    assert mention.status == "unresolved"


def test_a_new_list_conjunction_joins_names_a_place_noun_describes(data: Path) -> None:
    text = "Families of Harrat Bilmaz plus Tell Ruwayq districts fled."
    assert [m.text for m in _mentions(text)] == ["Tell Ruwayq"]
    _append_line(data / EN / "places-list-conjunctions.txt", "plus")
    with knowledge.use_data_dir(data):
        found = _mentions(text)
    assert [(m.text, m.descriptor) for m in found] == [
        ("Harrat Bilmaz", "districts"),
        ("Tell Ruwayq", "districts"),
    ]


def test_a_new_demonym_names_an_actor(data: Path) -> None:
    text = f"{DEMONYM} jets struck the city of Aleppo."
    assert not [m for m in _mentions(text) if m.text == DEMONYM]
    country = _place_row("country-VQ", COUNTRY, "country", "", "VQ")
    _append_row(data / "gazetteer" / "countries.csv", country)
    _append_row(data / "gazetteer" / "demonyms.csv", {"place_id": "country-VQ", "demonym": DEMONYM})
    with knowledge.use_data_dir(data):
        found = {m.text: m for m in _mentions(text)}
    actor = found[DEMONYM]
    assert (actor.role, actor.status) == ("actor", "resolved")
    assert actor.place is not None and actor.place.name == COUNTRY
    assert found["Aleppo"].role == "location"


def test_a_new_actor_verb_makes_a_country_an_actor(data: Path) -> None:
    text = "Turkey mediated between the sides."
    (before,) = _mentions(text)
    assert before.role == "location"
    _append_line(data / EN / "places-actor-verbs-after.txt", "mediated")
    with knowledge.use_data_dir(data):
        (after,) = _mentions(text)
    assert after.role == "actor" and after.reason == "actor: subject of 'mediated'"


def test_the_language_setting_chooses_the_folder(data: Path, monkeypatch) -> None:
    # A language folder of its own: English with one more preposition.
    shutil.copytree(data / EN, data / "language" / "xx")
    _append_line(data / "language" / "xx" / "places-locative-prepositions.txt", "alongside")
    text = "Mortars fell alongside Harrat Bilmaz overnight."
    with knowledge.use_data_dir(data):
        assert not _mentions(text)
        monkeypatch.setattr(settings, "LANGUAGE", "xx")
        assert [m.text for m in _mentions(text)] == ["Harrat Bilmaz"]


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("places-nouns.csv", "hamlet,village,singular", "nouns.csv: 'hamlet' describes village"),
        ("places-nouns.csv", "big town,city,singular", "noun 'big town' is not one word"),
        ("places-nouns.csv", "hamlet,city,dual", "'hamlet' has number 'dual'"),
        ("places-name-ends.csv", "main street,yes,", "word 'main street' is not one word"),
        ("places-name-ends.csv", "lane,Yes,", "'lane' has named_after_far_places 'Yes'"),
        ("places-list-conjunctions.txt", "as well as", "'as well as' is not one word"),
        ("places-locative-prepositions.txt", "close to", "'close to' is not one word"),
        ("places-function-words.txt", "al", "'al' folds to no word"),
    ],
)
def test_a_bad_cue_entry_is_a_data_error_naming_the_file(
    data: Path, file: str, line: str, message: str
) -> None:
    _append_line(data / EN / file, line)
    with knowledge.use_data_dir(data), pytest.raises(DataError, match=re.escape(message)):
        _mentions("Shelling hit Aleppo.")


def test_a_demonym_table_without_its_columns_is_a_data_error(data: Path) -> None:
    (data / "gazetteer" / "demonyms.csv").write_text("country,word\ncountry-SY,Syrian\n")
    with (
        knowledge.use_data_dir(data),
        pytest.raises(
            DataError,
            match=re.escape("gazetteer/demonyms.csv: missing column(s) place_id, demonym"),
        ),
    ):
        _mentions("Syrian jets struck Aleppo.")


def test_other_not_place_words_use_another_world_cache(data: Path) -> None:
    # The world index is cached on disk under a digest of the not-place words, and in
    # memory until the data folder changes: another list never meets a stale index.
    shipped = world._cache_path()
    _append_line(data / "gazetteer" / "not-place-words.txt", "Qarzabin")
    with knowledge.use_data_dir(data):
        assert "qarzabin" in world.not_place_words()
        assert world._cache_path() != shipped
    assert "qarzabin" not in world.not_place_words()
    assert world._cache_path() == shipped


def _spellings(row: dict[str, str]) -> set[str]:
    """A gazetteer row's name and alternative names, folded by case (as the builds dedupe)."""
    names = [row["name"], *row["alt_names"].split("|"), row["name_ar"]]
    return {unicodedata.normalize("NFC", n).strip().casefold() for n in names if n.strip()}


def _curated(name: str, key: str) -> dict[str, set[str]]:
    rows = knowledge.table("gazetteer", f"curated/{name}", (key, "spellings"))
    return {
        row[key]: {
            unicodedata.normalize("NFC", s).strip().casefold() for s in row["spellings"].split("|")
        }
        for row in rows
    }


def test_the_shipped_gazetteer_holds_every_curated_spelling() -> None:
    # The place files are generated from the curated tables: an edited table that was
    # not followed by a rebuild shows here.
    places = {
        row["id"]: row
        for name in ("aleppo.csv", "syria.csv")
        for row in knowledge.table("gazetteer", name, ("id", "name", "alt_names", "name_ar"))
    }
    quotes = str.maketrans(dict.fromkeys("’‘`´ʿʾʻʼ′", "'"))
    by_name = {row["name"].translate(quotes): row for row in places.values()}
    for neighbourhood, spellings in _curated("aleppo-spellings.csv", "neighbourhood").items():
        row = by_name[neighbourhood.translate(quotes)]
        assert spellings <= _spellings(row), neighbourhood
    for place_id, spellings in _curated("aleppo-area-spellings.csv", "id").items():
        assert spellings <= _spellings(places[place_id]), place_id


def test_a_spelling_rule_resolves_a_name_written_another_way(data: Path) -> None:
    # The shipped rules read "Tall" as "Tell" and "ee" (or "e" twice) as "i": the row's
    # Tell Qarzabin.
    text = "Shelling hit Tall Qarzabeen on Monday, residents said."
    row = _place_row("test-qarzabin", TOWN, "city", "sy-aleppo-governorate", "SY")
    _append_row(data / "gazetteer" / "syria.csv", row)
    with knowledge.use_data_dir(data):
        (mention,) = _mentions(text)
    assert (mention.status, mention.method) == ("resolved", "skeleton")
    assert mention.place is not None and mention.place.id == "test-qarzabin"
    rules = data / EN / "places-spellings.csv"
    rules.write_text(
        "".join(
            line
            for line in rules.read_text().splitlines(True)
            if not line.startswith(("ee,", "e,"))
        )
    )
    with knowledge.use_data_dir(data):
        (mention,) = _mentions(text)
    assert mention.status == "unresolved"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ain,ayn,middle,", "where 'middle' is not one of word, start, end, any"),
        ("ain,'ayn,word,", "'ain' -> \"'ayn\": rules are lower-case letters a-z"),
        ("Ain,ayn,word,", "'Ain' -> 'ayn': rules are lower-case letters a-z"),
    ],
)
def test_a_bad_spelling_rule_is_a_data_error_naming_the_file(
    data: Path, line: str, message: str
) -> None:
    _append_line(data / EN / "places-spellings.csv", line)
    with (
        knowledge.use_data_dir(data),
        pytest.raises(DataError, match=re.escape(f"places-spellings.csv: {message}")),
    ):
        _mentions("Shelling hit Tall Qarzabeen on Monday.")
