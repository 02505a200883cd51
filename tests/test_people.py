"""People's names: found in text, and the places inside them not mapped.

Every sentence here is invented for these tests (sports, film, politics).
"""

from __future__ import annotations

import gc
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.api import load_gazetteer
from geomap.model import Mention
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document
from geomap.text.people import MAX_NAME_WORDS, find_people


def names(text: str) -> list[str]:
    return [text[n.start : n.end] for n in find_people(text).names]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jordan Henderson scored twice.", ["Jordan Henderson"]),
        ("Actor Orlando Bloom waved.", ["Orlando Bloom"]),
        ("Lewis Hamilton won in the rain.", ["Lewis Hamilton"]),
        ("President Bashar al-Assad spoke.", ["Bashar al-Assad"]),
        ("George W. Bush and Jordan Smith-Rowe met.", ["George W. Bush", "Jordan Smith-Rowe"]),
        ("striker Kenya Okafor and Gen. Tom Riley", ["Kenya Okafor", "Tom Riley"]),
        ("Florence Nightingale, Paris Hilton and Chad Smith", None),
        # A first name alone, or joined by a hyphen or punctuation, is no name.
        ("Jordan said it would help.", []),
        ("The Israel-Gaza talks resumed.", []),
        ("Jordan, Lebanon and Syria", []),
        # Place nouns, organisation words, months and titles end a name.
        ("The Jordan River rose. The Victoria University choir sang.", []),
        ("Jordan's King Abdullah opened it.", ["Abdullah"]),
        # Common words the Census lists as first names.
        ("Will Aleppo fall? Major Syrian cities held.", []),
        # A nickname in quotation marks is part of the name; a quotation is not.
        ('Ismael "El Mayo" Zambada was arrested.', ['Ismael "El Mayo" Zambada']),
        ("Joaquin “El Chapo” Guzman escaped.", ["Joaquin “El Chapo” Guzman"]),
        ('Jordan "is safe", an envoy said.', []),
        # A month that is a first name is a middle name between names; not before a day.
        (
            "Georgia May Jagger and Sydney June Cole came.",
            ["Georgia May Jagger", "Sydney June Cole"],
        ),
        ("They reached Sydney May 5.", []),
        # After a title and a comma, up to the comma or the semicolon that ends it.
        ("The chef, Sydney Hale, and his son, Austin; and a niece.", ["Sydney Hale", "Austin"]),
        ("The chief financial officer, Yoichi Nagano, spoke.", ["Yoichi Nagano"]),
        ("He beat the New Zealander Israel Tane.", ["Israel Tane"]),
        ("The winemaker, Paolo Messina, spoke.", ["Paolo Messina"]),
    ],
)
def test_finds_names(text: str, expected: list[str] | None) -> None:
    found = names(text)
    assert found == (expected if expected is not None else found)
    if expected is None:
        assert found == ["Florence Nightingale", "Paris Hilton", "Chad Smith"]


def test_remembers_the_words_of_names() -> None:
    people = find_people("Coach Austin Kerr praised Lewis Hamilton. Hamilton smiled.")
    assert people.words == {"austin", "kerr", "lewis", "hamilton"}
    # Initials are no word to remember.
    assert "w" not in find_people("George W. Bush spoke.").words


def test_covers_only_part_of_a_name() -> None:
    text = "Fans of Charlotte Amalie and of Florence Nightingale"
    people = find_people(text)
    amalie = text.index("Charlotte")
    florence = text.index("Florence")
    assert not people.covers(amalie, amalie + len("Charlotte Amalie"))
    assert people.covers(florence, florence + len("Florence"))
    assert not people.covers(0, 4)
    whole = people.without({(amalie, amalie + len("Charlotte Amalie"))})
    assert "charlotte" not in whole.words and "florence" in whole.words


def test_name_length_is_bounded() -> None:
    text = "Jordan " + " ".join(["Smith"] * 50) + " left."
    (name,) = find_people(text).names[:1]
    assert len(name.words) == MAX_NAME_WORDS + 1


@given(st.text(alphabet="JordanHe sML.-'al,\n", max_size=300))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_never_raises_and_stays_in_text(text: str) -> None:
    for name in find_people(text).names:
        assert 0 <= name.start < name.end <= len(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    [
        "Jordan Smith ",
        "President Jordan Smith-Jones al-Lewis ",
        "Jordan-",
        "Mr W. W. ",
        "al-al-al ",
    ],
)
def test_linear_in_the_text(unit: str) -> None:
    """10x the input costs about 10x the time (quadratic would be 100x): ratio under 40."""

    def took(n: int) -> float:
        text = unit * n
        gc.collect()
        gc.disable()  # a full pass of the cyclic collector says nothing about the finder
        try:
            started = time.perf_counter()
            find_people(text)
            return time.perf_counter() - started
        finally:
            gc.enable()

    took(200)
    small, large = took(2_000), took(20_000)
    assert large / max(small, 0.02) < 40, f"{small:.3f} s -> {large:.3f} s"


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    return load_gazetteer()


def parse(gaz: Gazetteer, text: str) -> list[Mention]:
    return list(parse_places(read_document(article_from_text(text)), gaz).mentions)


def places(mentions: list[Mention]) -> set[str]:
    return {m.text for m in mentions if m.status == "resolved" and m.role == "location"}


def persons(mentions: list[Mention]) -> set[str]:
    return {m.text for m in mentions if m.reason == "part of a person's name"}


def test_sports_story(world: Gazetteer) -> None:
    text = (
        "Jordan Henderson and Lewis Hamilton were guests of honour at the charity match in "
        "Liverpool, England. Henderson played the first half. Hamilton, who arrived late, "
        "took a penalty that striker Orlando Bloom saved."
    )
    mentions = parse(world, text)
    assert {"Jordan", "Henderson", "Lewis", "Hamilton", "Orlando"} <= persons(mentions)
    assert places(mentions) == {"Liverpool", "England"}


def test_an_unknown_name_like_a_persons_is_listed_where_a_place_stands(
    world: Gazetteer,
) -> None:
    # "Dawna" is a first name, but the whole name stands where a place stands: nothing
    # there says it is not a place, so it is listed, not left silent.
    mentions = parse(world, "Myanmar: traffic over the Dawna Range was cut.")
    assert [m.text for m in mentions if m.status == "unresolved"] == ["Dawna Range"]


def test_film_and_politics(world: Gazetteer) -> None:
    text = (
        "Florence Nightingale, the film, opened in Canada. Its star Georgia Smith met "
        "President Chad Moore and Paris Hilton at the premiere; Moore praised Smith."
    )
    mentions = parse(world, text)
    assert places(mentions) == {"Canada"}
    assert {"Florence", "Georgia", "Chad", "Moore", "Paris"} <= persons(mentions)


def test_longest_place_name_wins(world: Gazetteer) -> None:
    text = (
        "The tour stops in Virginia Beach, Santa Clara, San Jose and Charlotte Amalie, and "
        "then in Victoria Falls."
    )
    found = places(parse(world, text))
    assert {"Virginia Beach", "Santa Clara", "San Jose", "Charlotte Amalie"} <= found
    assert not persons(parse(world, text))


def test_a_title_before_a_persons_name_is_no_place(world: Gazetteer) -> None:
    # Hurricane is a town in Utah and Bishop one in California; here they are titles.
    text = (
        "Hurricane Charlotte came ashore near Wilmington, North Carolina, on Monday. Later "
        "Bishop Tutu prayed with families in the shelters."
    )
    mentions = parse(world, text)
    assert places(mentions) == {"Wilmington", "North Carolina"}
    assert {"Hurricane", "Charlotte", "Bishop", "Tutu"} <= persons(mentions)


def test_a_landmark_named_after_a_titled_person_is_listed(world: Gazetteer) -> None:
    # Reading is an English town; the hospital is named after a person, title and all.
    mentions = parse(world, "The wounded were taken to Lady Reading Hospital in Peshawar.")
    listed = [m.text for m in mentions if m.status == "unresolved"]
    assert listed == ["Lady Reading Hospital"]
    assert places(mentions) == {"Peshawar"}


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        # A landmark's name made of a town's, a person's or a title's words: listed
        # whole where a place stands, though no rule resolves or lists its words.
        ("Fans queued at the Royal Festival Hall on Sunday.", ["Royal Festival Hall"]),
        ("Guerrillas blew up three airliners at Dawson's Field.", ["Dawson's Field"]),
        ("Gunmen attacked the Leopold Cafe and the station.", ["Leopold Cafe"]),
        ("The injured were flown to the Royal Victoria Hospital.", ["Royal Victoria Hospital"]),
        # A person's name, not where a place stands; a branch of a group; a body.
        ("In golf, Georgia Hall shot a closing 66 to win.", []),
        ("Fighters of al-Qaeda in the Arabian Peninsula withdrew.", []),
        ("Analysts at Harvard University said so.", []),
    ],
)
def test_a_landmark_named_with_other_names_is_listed(
    world: Gazetteer, text: str, listed: list[str]
) -> None:
    mentions = parse(world, text)
    assert [m.text for m in mentions if m.status == "unresolved"] == listed
    assert not [m.text for m in mentions if m.status == "resolved" and m.place.kind == "city"]


def test_country_stays_without_a_person(world: Gazetteer) -> None:
    mentions = parse(world, "Jordan said it would reopen the border. Aid arrived in Jordan.")
    assert [m.text for m in mentions if m.place and m.place.id == "country-JO"] == [
        "Jordan",
        "Jordan",
    ]


def test_remembered_name_in_a_place_position_is_the_place(world: Gazetteer) -> None:
    text = "Striker Jordan Hayes signed on Monday. The club trains in Jordan each winter."
    mentions = parse(world, text)
    assert [m.text for m in mentions if m.place and m.place.id == "country-JO"] == ["Jordan"]
    assert "Hayes" in persons(mentions)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # An age set off by commas makes the capitalised words before it a person's.
        ("Derby, 41, said he had bought the horse.", "Derby"),
        ("The owner, Kent Marlow, 67, was not there.", "Kent Marlow"),
        # Between commas after a title, every capitalised word up to the comma.
        ("The firm's chief executive, Sydney Park, said so.", "Sydney Park"),
        # A pet is named like a person.
        ("Their spaniel, Tokyo, carried the rings.", "Tokyo"),
        # A phrase in apposition that a person's title ends.
        ("Co-authors include Florencia Córdoba, a doctoral student.", "Florencia Córdoba"),
        ("Marisol Valencia, a 34-year-old primary school teacher, fled.", "Marisol Valencia"),
    ],
)
def test_ages_set_off_names_and_pets_are_peoples(text: str, name: str) -> None:
    assert name in [text[n.start : n.end] for n in find_people(text).names]


@pytest.mark.parametrize(
    "text",
    [
        # A place then a clause; a place a phrase describes; a phrase that speaks.
        "In Kherson City, a spokesman said the city was calm.",
        "Mosul Dam, a crumbling structure, worried engineers.",
        "Shells hit Tal Afar, a farmer said on Monday.",
    ],
)
def test_a_place_before_a_phrase_in_apposition_is_no_person(text: str) -> None:
    assert find_people(text).names == ()


@pytest.mark.parametrize(
    "text",
    [
        "Mosul, 2017, was the hardest year.",  # a year is no age
        "Kherson, 30 km north, was shelled.",  # a distance is no age
        "The chief executive, Sydney Park and others, met.",  # no comma closes the name
    ],
)
def test_a_year_a_distance_or_an_open_set_off_is_no_persons_name(text: str) -> None:
    assert "Sydney Park" not in [text[n.start : n.end] for n in find_people(text).names]
    assert not any(text[n.start : n.end] in ("Mosul", "Kherson") for n in find_people(text).names)
