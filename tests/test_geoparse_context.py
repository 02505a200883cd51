"""The geoparser reads the whole document: pairs, dominance, names inside names, villages.

Every sentence here was written for these tests (issue 10); none comes from a real
report or from an evaluation corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from geopy.distance import geodesic

from geomap.api import load_gazetteer
from geomap.cli import main
from geomap.evaluation import evaluate_corpus
from geomap.places.gazetteer import Gazetteer, Place
from geomap.places.geoparse import Mention, parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

ROLES_XML = Path(__file__).resolve().parent / "data" / "eval" / "roles.xml"
MOSUL = "geonames-99072"
ALEPPO = "geonames-170063"
DAMASCUS = "geonames-170654"
MOSUL_STORY = (
    "Iraqi troops pushed into the Old City of Mosul at first light. Heavy fighting was "
    "reported in Zanjili district, and snipers kept firing from near the al-Nuri mosque. "
    "Hundreds of families walked toward Hammam al-Alil, while the militants still held "
    "parts of al-Yarmouk by nightfall."
)
MOSUL_UNKNOWN = ("Old City", "Zanjili", "al-Nuri mosque", "Hammam al-Alil", "al-Yarmouk")
# A district invented for these tests: the coordinates lie in western Mosul.
ZANJILI = Place(
    id="test-zanjili", name="Zanjili", kind="district", lat=36.352, lon=43.118, source="test"
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def parse(gaz: Gazetteer, text: str, **kwargs) -> list[Mention]:
    document = read_document(article_from_text(text))
    return list(parse_places(document, gaz, **kwargs).mentions)


def mention(mentions: list[Mention], text: str) -> Mention:
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not among {[m.text for m in mentions]}"
    return found[0]


def place_of(gaz: Gazetteer, text: str, name: str, **kwargs) -> Place:
    m = mention(parse(gaz, text, **kwargs), name)
    assert m.status == "resolved", m.reason
    assert m.place is not None
    return m.place


def in_city(gaz: Gazetteer, place: Place, city_id: str) -> bool:
    return place.id == city_id or any(a.id == city_id for a in gaz.ancestors(place))


# -- 1. "A, B" pairs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "country", "near"),
    [
        (
            "The county fair in Paris, Texas, drew a record crowd this year.",
            "Paris",
            "US",
            (33.66, -95.56),
        ),
        (
            "A food bank in Springfield, Ill., ran short of rice.",
            "Springfield",
            "US",
            (39.80, -89.64),
        ),
        (
            "Workers left a plant in London, Ky., after a gas leak.",
            "London",
            "US",
            (37.13, -84.08),
        ),
        (
            "Growers near Dubbo, NSW, say the drought has halved their crop.",
            "Dubbo",
            "AU",
            (-32.25, 148.60),
        ),
        (
            "A drone hit a substation in Kherson, Ukraine, before dawn.",
            "Kherson",
            "UA",
            (46.64, 32.61),
        ),
    ],
)
def test_a_comma_b_pair_picks_the_namesake_in_b(
    gaz: Gazetteer, text: str, name: str, country: str, near: tuple[float, float]
) -> None:
    place = place_of(gaz, text, name)
    assert (place.kind, place.country) == ("city", country)
    # The town in B (its centre, rounded), not a namesake elsewhere in the country.
    assert geodesic((place.lat, place.lon), near).km < 25


@pytest.mark.parametrize(
    "text",
    [
        "The fans met her in downtown Athens, in the crowded shopping street.",
        "The outbreak began in Austin, in the south of the county, last spring.",
        "He told a station in Roanoke, Virginia, in a statement that he was well.",
    ],
)
def test_a_lower_case_word_after_a_town_is_no_region_abbreviation(
    gaz: Gazetteer, text: str
) -> None:
    # "in" folds like the postal code IN; an abbreviation keeps the case it is written in.
    mentions = parse(gaz, text)
    assert all(m.place is None or m.place.id != "admin1-US-IN" for m in mentions)


def test_a_region_abbreviation_as_written_still_pairs(gaz: Gazetteer) -> None:
    place = place_of(gaz, "Flood waters reached Bloomington, IN, on Monday.", "Bloomington")
    # Indiana's Bloomington, not Illinois' or Minnesota's.
    assert geodesic((place.lat, place.lon), (39.17, -86.53)).km < 25


def test_a_compass_word_alone_is_no_town(gaz: Gazetteer) -> None:
    # "Western" is also an alternative name of a Wisconsin town (GeoNames).
    text = (
        "A cow in Washington state tested positive, the U.S. Department of Agriculture "
        "said. The Western blot test confirmed it, and the Central lab agreed."
    )
    mentions = parse(gaz, text)
    places = {m.text: m.place for m in mentions if m.place is not None}
    assert "Western" not in places and "Central" not in places
    assert places["Washington"].id == "admin1-US-WA"


@pytest.mark.parametrize(
    "text",
    [
        "Ain Issa, Syria - Families returned to the camp on Monday after the shelling.",
        "AIN ISSA, Syria, March 3 (Wire) - Families returned to the camp on Monday.",
    ],
)
def test_the_town_of_a_dateline_is_a_place_though_it_opens_like_a_person(
    gaz: Gazetteer, text: str
) -> None:
    # "Ain" is a first name; the dateline's "Town, Country -" says it is a town.
    assert place_of(gaz, text, text.split(",")[0]).id == "geonames-172134"


@pytest.mark.parametrize(
    "text",
    [
        "Lewis Hamilton, Britain's champion, won again in Monaco on Sunday.",
        "Jordan Henderson, England captain, said the team was ready.",
    ],
)
def test_a_person_opening_an_article_is_no_dateline(gaz: Gazetteer, text: str) -> None:
    mentions = parse(gaz, text)
    opening = [m for m in mentions if m.start < text.index(",")]
    assert opening and all(m.status == "not_a_place" for m in opening)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Floods on Java killed dozens, Indonesian officials said.", "Java", "region-java"),
        ("Troops were sent to Mindanao after the siege.", "Mindanao", "region-mindanao"),
        ("Fires spread across Borneo this summer.", "Borneo", "region-borneo"),
    ],
)
def test_a_large_island_is_the_island_not_a_namesake_town(
    gaz: Gazetteer, text: str, name: str, expected: str
) -> None:
    # GeoNames lists a town called Java in Georgia; the island is a curated region.
    assert place_of(gaz, text, name).id == expected


def test_a_philippine_province_in_a_story_of_the_philippines(gaz: Gazetteer) -> None:
    text = (
        "Farmers in Pangasinan and Nueva Ecija lost their rice to the typhoon, the "
        "Philippine weather service said."
    )
    assert place_of(gaz, text, "Pangasinan").id == "admin2-PH-PAN"
    assert place_of(gaz, text, "Nueva Ecija").id == "admin2-PH-NUE"
    # A province named by a common word is only "Antique Province".
    dealers = "Antique dealers in Manila said sales had halved."
    mentions = parse(gaz, dealers)
    assert all(m.place is None or m.place.kind != "admin2" for m in mentions)


def test_a_town_may_be_an_area_and_a_province_a_second_level_one(gaz: Gazetteer) -> None:
    birds = "Thousands of dead birds were found in the area of Esperance, in Western Australia."
    assert place_of(gaz, birds, "Esperance").country == "AU"
    rice = "Floods hit Pangasinan province in the Philippines."
    assert place_of(gaz, rice, "Pangasinan").id == "admin2-PH-PAN"


# -- 2. dominance and context ---------------------------------------------------------


def test_georgia_with_atlanta_and_savannah_is_the_us_state(gaz: Gazetteer) -> None:
    text = (
        "Ice storms closed schools across Georgia on Monday. Road crews in Atlanta and "
        "Savannah spread salt until morning."
    )
    assert place_of(gaz, text, "Georgia").id == "admin1-US-GA"


def test_georgia_with_tbilisi_is_the_country(gaz: Gazetteer) -> None:
    text = (
        "Thousands marched through Tbilisi on Saturday. Georgia's parliament votes on the "
        "new media law next week."
    )
    assert place_of(gaz, text, "Georgia").id == "country-GE"


def test_lebanon_alone_is_the_country(gaz: Gazetteer) -> None:
    text = "Relief planes touched down in Lebanon as the shelling went on in the south."
    assert place_of(gaz, text, "Lebanon").id == "country-LB"


def test_mexico_is_the_country_not_its_capital(gaz: Gazetteer) -> None:
    text = "Trade talks between Mexico and its neighbours resumed on Thursday."
    place = place_of(gaz, text, "Mexico")
    assert (place.id, place.kind) == ("country-MX", "country")


def test_victoria_in_a_new_south_wales_bushfire_story_is_the_state(gaz: Gazetteer) -> None:
    text = (
        "Dozens of bushfires burned across New South Wales overnight, and fire crews from "
        "Victoria crossed the border to help."
    )
    assert place_of(gaz, text, "Victoria").id == "admin1-AU-VIC"


# -- 3. a province or its capital -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Artillery pounded Homs for a second night.", "Homs", "SY"),
        ("Rockets struck Idlib shortly after midnight.", "Idlib", "SY"),
    ],
)
def test_a_name_alone_is_the_city(gaz: Gazetteer, text: str, name: str, country: str) -> None:
    place = place_of(gaz, text, name)
    assert (place.kind, place.country) == ("city", country)


@pytest.mark.parametrize(
    ("text", "name", "place_id"),
    [
        ("Traffic crawled through New York all afternoon.", "New York", "geonames-5128581"),
        # Delaware, Ohio lies 650 km from the state's point: a namesake, not its capital.
        ("Flood warnings went out across Delaware and Maryland.", "Delaware", "admin1-US-DE"),
    ],
)
def test_a_division_named_after_a_city_near_its_centre_is_the_city(
    gaz: Gazetteer, text: str, name: str, place_id: str
) -> None:
    assert place_of(gaz, text, name).id == place_id


def test_a_list_of_states_is_not_read_as_town_state_pairs(gaz: Gazetteer) -> None:
    text = (
        "Health officers counted new cases in several US states, including Oregon, "
        "Illinois, Delaware, Kentucky and Tennessee."
    )
    for name in ("Oregon", "Illinois", "Delaware", "Kentucky"):
        assert place_of(gaz, text, name).kind == "admin1", name


def test_washington_dc_is_the_capital_city(gaz: Gazetteer) -> None:
    text = "A patient was taken to a clinic in Washington, D.C. after falling ill on a flight."
    place = place_of(gaz, text, "Washington")
    assert (place.kind, place.country) == ("city", "US")
    assert geodesic((place.lat, place.lon), (38.90, -77.04)).km < 10


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # A country's capital, though a namesake lies in a country the article names.
        (
            "Lisbon, Portugal - Washington has taken London's side in the dispute.",
            "Washington",
            "US",
        ),
        (
            "Fiji - Canberra and Wellington are flying supplies to Suva; a charity in "
            "Texas sent tents.",
            "Wellington",
            "NZ",
        ),
        # Paired with its country: the capital, not the province named like it.
        ("Buenos Aires, Argentina - Dockers walked out on Monday.", "Buenos Aires", "AR"),
        # A namesake near the places the article names keeps its lead.
        (
            "Colombia: gunmen burned two trucks near Buenos Aires, a town of Cauca "
            "department south of Santander de Quilichao.",
            "Buenos Aires",
            "CO",
        ),
    ],
)
def test_a_large_national_capital_outranks_namesakes_abroad(
    gaz: Gazetteer, text: str, name: str, country: str
) -> None:
    place = place_of(gaz, text, name)
    assert (place.kind, place.country) == ("city", country)


def test_a_generic_name_is_a_part_of_the_article_s_city(gaz: Gazetteer) -> None:
    text = (
        "WARSAW - Insurgents are fighting in the Old Town and along the river, a courier "
        "who reached Stockholm said. Warsaw's defenders asked for arms."
    )
    old_town = next(m for m in parse(gaz, text) if m.text == "Old Town")
    # Not Stockholm's Gamla Stan (GeoNames' "Old Town"): listed, in Warsaw.
    assert old_town.status == "unresolved"


def test_a_month_before_a_day_is_no_place(gaz: Gazetteer) -> None:
    text = "DUSHANBE, Tajikistan, Nov 3 (Wire) - Militias took two towns; by 5 Nov they left."
    assert [m.text for m in parse(gaz, text) if m.status == "resolved"] == [
        "DUSHANBE",
        "Tajikistan",
    ]


def test_idlib_province_is_the_first_level_division(gaz: Gazetteer) -> None:
    text = "Air raids hit four villages in Idlib province on Friday."
    assert place_of(gaz, text, "Idlib").id == "admin1-SY-ID"


def test_california_in_a_us_story_is_the_state(gaz: Gazetteer) -> None:
    text = (
        "Wildfires raced across California this week, and its governor asked for federal "
        "help. People in Los Angeles were told to be ready to leave."
    )
    place = place_of(gaz, text, "California")
    assert (place.id, place.kind) == ("admin1-US-CA", "admin1")


# -- 4. places inside other names -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "place_id"),
    [
        ("China's Health Ministry reported fewer new cases on Monday.", "China", "country-CN"),
        ("The US President is due to visit the region next month.", "US", "country-US"),
    ],
)
def test_a_place_meant_inside_a_name_is_resolved_as_part_of_it(
    gaz: Gazetteer, text: str, name: str, place_id: str
) -> None:
    m = mention(parse(gaz, text), name)
    assert (m.status, m.role) == ("resolved", "part_of_name")
    assert m.place is not None and m.place.id == place_id


def test_new_york_in_the_newspaper_name_is_not_a_place(gaz: Gazetteer) -> None:
    mentions = parse(gaz, "A reporter for the New York Times toured the camp on Sunday.")
    assert mention(mentions, "New York").status == "not_a_place"
    assert not [m for m in mentions if m.status == "resolved"]


def test_taco_bell_is_not_a_place(gaz: Gazetteer) -> None:
    mentions = parse(gaz, "A Taco Bell by the ring road shut its doors after the flood.")
    assert not [m for m in mentions if m.status == "resolved"]


def test_sudan_in_an_aid_group_name_is_resolved(gaz: Gazetteer) -> None:
    text = "Staff of SOS Children's Villages Sudan moved the children out as the fighting spread."
    assert place_of(gaz, text, "Sudan").id == "country-SD"


# -- 5. villages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The convoy was turned back at the checkpoint, Mr Dunn said.", "Dunn"),
        ("Many families left before sunrise with what they could carry.", "Many"),
    ],
)
def test_a_word_that_is_only_a_small_village_is_not_resolved(
    gaz: Gazetteer, text: str, word: str
) -> None:
    mentions = parse(gaz, text)
    assert not [m for m in mentions if word in m.text and m.status == "resolved"]


def test_a_village_in_a_story_naming_its_country_resolves(gaz: Gazetteer) -> None:
    text = "Government troops shelled the fields around Kafr Batna in Syria on Monday."
    place = place_of(gaz, text, "Kafr Batna")
    assert (place.kind, place.country) == ("city", "SY")


def test_a_village_in_a_story_naming_a_city_of_its_country_resolves(gaz: Gazetteer) -> None:
    text = (
        "Syrian government troops advanced in Kafr Batna on Monday, a few kilometres east "
        "of Damascus, a monitoring group said."
    )
    assert place_of(gaz, text, "Kafr Batna").country == "SY"


def test_the_town_a_dateline_opens_with_is_that_town_again_later(gaz: Gazetteer) -> None:
    text = (
        "SWEIDA, Syria - Army convoys pulled back from the south on Thursday. By nightfall "
        "the last trucks had gone, and Sweida was quiet for the first time in a week."
    )
    places = [m.place for m in parse(gaz, text) if m.text.lower() == "sweida"]
    assert len(places) == 2 and all(p is not None and p.country == "SY" for p in places)


def test_a_spelling_of_a_towns_name_is_that_town_not_one_given_the_name(
    gaz: Gazetteer,
) -> None:
    # GeoNames lists "Sloviansk" for Slovyansk and, oddly, for Nikopol, as populous.
    text = "Trains left Kramatorsk for Dnipro, and officials in Sloviansk urged people to go."
    assert place_of(gaz, text, "Sloviansk").name == "Slovyansk"


def test_far_from_the_storys_places_a_town_is_not_called_by_another_name(
    gaz: Gazetteer,
) -> None:
    # Handa, Japan is "Manda" in GeoNames too; Bonn is "Boni".
    text = (
        "Police in Kenya flew in to Manda airport and drove from Mokowe towards Lamu, "
        "but the gunmen escaped into the Boni forest."
    )
    mentions = parse(gaz, text)
    for name in ("Manda", "Boni"):
        found = [m for m in mentions if m.text.startswith(name)]
        assert found and all(m.place is None or m.place.country == "KE" for m in found)


def test_far_from_the_storys_places_a_town_needs_its_country(gaz: Gazetteer) -> None:
    # Dour, Belgium (16,000 people) is 3,700 km from Tikrit.
    text = "Militias in Iraq fought their way into al-Dour on Monday, south of Tikrit."
    found = [m for m in parse(gaz, text) if m.text == "al-Dour"]
    assert found and all(m.place is None or m.place.country == "IQ" for m in found)


def test_a_towns_other_name_of_several_words_spelt_like_its_own_needs_only_its_country(
    gaz: Gazetteer,
) -> None:
    # GeoNames calls the town Ālbū Kamāl; "Abu Kamal" is among its other names.
    text = "Commanders in Syria say Abu Kamal is next, after the fall of Mayadin."
    assert place_of(gaz, text, "Abu Kamal").country == "SY"


def test_a_weapon_named_after_a_place_is_no_place(gaz: Gazetteer) -> None:
    text = (
        "American officers in Somalia said two Black Hawk helicopters were downed; "
        "Tomahawk missiles and Grad rockets were fired later."
    )
    mentions = parse(gaz, text)
    for name in ("Black Hawk", "Tomahawk", "Grad"):
        assert mention(mentions, name).place is None


def test_each_part_of_a_main_name_in_two_languages_is_a_main_name(gaz: Gazetteer) -> None:
    # GeoNames: "Donostia / San Sebastián"; San Sebastián de la Gomera, in the Canary
    # Islands, has "San Sebastian" only among its other names.
    text = "SAN SEBASTIAN, Spain, Sept 28 (Film Wire) - The festival closed on Saturday."
    place = place_of(gaz, text, "SAN SEBASTIAN")
    assert place.name == "Donostia / San Sebastián"
    (donostia,) = [c for c in gaz.lookup("Donostia") if c.place.id == place.id]
    assert donostia.method == "exact"


def test_a_place_before_a_weapon_in_an_attacks_name_is_the_place(gaz: Gazetteer) -> None:
    text = "The Kramatorsk missile strike killed 50 people, and a Kyiv drone attack hurt ten."
    mentions = parse(gaz, text)
    for name in ("Kramatorsk", "Kyiv"):
        place = mention(mentions, name).place
        assert place is not None and place.country == "UA"


def test_a_countrys_name_in_a_list_of_countries_is_the_country(gaz: Gazetteer) -> None:
    # "Iraq, Iran" is no "A, B" pair, though GeoNames calls Arak, Iran, "‘Irāq".
    text = "Health officials in Georgia, Iraq, Iran, and Syria were told to watch for the flu."
    assert place_of(gaz, text, "Iraq").id == "country-IQ"


@pytest.mark.parametrize(
    "text",
    [
        "Rebels in Syria vowed to defend Taftanaz as government jets circled overhead.",
        "Government forces in Syria pulled out of Taftanaz before dawn, residents said.",
    ],
)
def test_a_village_after_a_verb_of_war_stands_where_a_place_stands(
    gaz: Gazetteer, text: str
) -> None:
    assert place_of(gaz, text, "Taftanaz").country == "SY"


def test_a_facility_named_after_its_town_is_mapped_at_the_town(gaz: Gazetteer) -> None:
    text = "Doctors at Malakal Teaching Hospital in South Sudan said the wards were full."
    mentions = parse(gaz, text)
    facility = mention(mentions, "Malakal Teaching Hospital")
    assert facility.place is not None and facility.place.name == "Malakal", facility.reason
    assert [m.text for m in mentions] == ["Malakal Teaching Hospital", "South Sudan"]


@pytest.mark.parametrize(
    "text",
    [
        "She was treated at Queen Elizabeth Hospital on Friday, her family in England said.",
        "The patient was moved to College Hospital overnight.",
    ],
)
def test_a_facility_named_after_a_person_or_a_word_is_no_town(gaz: Gazetteer, text: str) -> None:
    assert not [m for m in parse(gaz, text) if m.text.endswith("Hospital") and m.place]


def test_a_landmark_named_after_a_far_town_is_listed(gaz: Gazetteer) -> None:
    text = "Solomon Islands: shots were heard near Henderson airport on Monday."
    landmark = mention(parse(gaz, text), "Henderson airport")
    assert landmark.status == "unresolved"
    # Nor is it New Zealand's Henderson because New Zealand is named: a town far from
    # the towns the article names.
    text = (
        "HONIARA, Solomon Islands - New Zealand police flew in as shots were heard near "
        "Henderson airport on Monday."
    )
    assert mention(parse(gaz, text), "Henderson airport").status == "unresolved"
    # Near the places the article names, it is at its town.
    text = "Ethiopia: jets bombed Mekelle airport and the roads into Tigray."
    assert place_of(gaz, text, "Mekelle").country == "ET"
    # A large city far away, or a town far away though another of its name is near.
    text = "TAIZ, Yemen - Fighters held the Cairo castle above the old city."
    assert mention(parse(gaz, text), "Cairo castle").status == "unresolved"
    text = "PANAMA CITY, Panama - US troops seized the Miraflores locks on the canal."
    assert place_of(gaz, text, "Miraflores").country == "PA"  # not Lima's
    # A province's name, in a country the article names.
    text = "She was caught at Bali airport. An Indonesian judge heard the case."
    assert place_of(gaz, text, "Bali").id == "admin1-ID-BA"


def test_a_district_every_city_may_have_names_no_country(gaz: Gazetteer) -> None:
    # Chinatown is a large place in GeoNames' United States; here, Honiara's (GeoNames'
    # Mataniko). Nor does it name the United States for the Kent after it.
    text = "Solomon Islands: traders in Chinatown boarded up their shops in Honiara."
    assert place_of(gaz, text, "Chinatown").country == "SB"
    text = "Police in Chinatown said the van was found near Kent on Sunday."
    assert "which the article names" not in mention(parse(gaz, text), "Kent").reason


def test_a_name_inside_a_landmarks_longer_name_is_no_place(gaz: Gazetteer) -> None:
    # "Royal" is a town in GeoNames too; the hospital is named after a queen.
    text = "Helicopters flew the injured to the Royal Victoria Hospital in Belfast."
    located = [m.text for m in parse(gaz, text) if m.place is not None]
    assert located == ["Belfast"]


def test_a_village_near_a_town_of_the_story_is_that_village(gaz: Gazetteer) -> None:
    text = (
        "Israeli jets struck Tyre in southern Lebanon overnight, officials said. "
        "Marjayoun was almost empty by noon as families drove north."
    )
    place = place_of(gaz, text, "Marjayoun")
    assert (place.country, place.name) == ("LB", "Marjayoun")
    assert "km from Tyre" in mention(parse(gaz, text), "Marjayoun").reason


def test_a_word_far_from_the_storys_towns_is_no_village(gaz: Gazetteer) -> None:
    # Marjayoun is a village of Lebanon, far from Aleppo: a name nothing supports.
    text = "Shelling hit Aleppo in Syria, and rockets fell in Lebanon. Marjayoun was quiet."
    assert not [m for m in parse(gaz, text) if m.text == "Marjayoun" and m.place is not None]


# -- 6. nothing silent; districts only in their own city ------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Thousands of families fled to Qarwazeen as the shelling went on.", "Qarwazeen"),
        ("Rebels cut the M9 highway south of the town before dawn.", "M9 highway"),
        ("The displaced camped in the forests below Zalabar for a week.", "Zalabar"),
        ("Fighters moved deeper into the valleys of Wadi Harrazeen.", "Wadi Harrazeen"),
    ],
)
def test_an_unknown_name_where_a_place_stands_is_listed(
    gaz: Gazetteer, text: str, name: str
) -> None:
    assert mention(parse(gaz, text), name).status == "unresolved"


def test_unknown_places_of_a_mosul_story_are_listed_in_mosul(gaz: Gazetteer) -> None:
    mentions = parse(gaz, MOSUL_STORY)
    assert mention(mentions, "Mosul").place.id == MOSUL  # type: ignore[union-attr]
    for name in MOSUL_UNKNOWN:
        m = mention(mentions, name)
        assert m.status == "unresolved", (name, m.place)
        assert m.parent is not None and m.parent.id == MOSUL, name


def test_a_mosul_story_resolves_nothing_in_aleppo_or_damascus(gaz: Gazetteer) -> None:
    for m in parse(gaz, MOSUL_STORY):
        if m.place is not None:
            assert not in_city(gaz, m.place, ALEPPO), (m.text, m.place.id)
            assert not in_city(gaz, m.place, DAMASCUS), (m.text, m.place.id)


def test_a_mosul_story_suggests_no_other_citys_districts(gaz: Gazetteer) -> None:
    suggestions = [s.place for m in parse(gaz, MOSUL_STORY) for s in m.suggestions]
    assert suggestions
    small = [p for p in suggestions if p.kind in {"region", "district"}]
    assert all(in_city(gaz, p, MOSUL) for p in small), [p.id for p in small]


def test_a_damascus_story_lists_its_unknown_places_in_damascus(gaz: Gazetteer) -> None:
    text = "Mortar rounds fell in Damascus on Monday, and troops advanced in Qaboun."
    m = mention(parse(gaz, text), "Qaboun")
    assert m.status == "unresolved"
    assert not [s.place.id for s in m.suggestions if in_city(gaz, s.place, ALEPPO)]
    assert m.parent is not None and m.parent.id == DAMASCUS


def test_bab_al_nairab_in_aleppo_is_not_an_nayrab(gaz: Gazetteer) -> None:
    text = "Rebels in Aleppo fought off an assault around Bab al-Nairab on Tuesday."
    mentions = parse(gaz, text)
    m = mention(mentions, "Bab al-Nairab")
    assert m.status == "unresolved"
    assert m.parent is not None and m.parent.id == ALEPPO
    assert not [x for x in mentions if x.place is not None and "Nayrab" in x.place.name]


# -- 7. the user's rows win -----------------------------------------------------------


def test_a_user_district_resolves_where_the_text_names_its_city() -> None:
    gaz = Gazetteer(places=[ZANJILI])
    text = "Iraqi troops fought the militants street by street in Zanjili, in western Mosul."
    assert place_of(gaz, text, "Zanjili").id == ZANJILI.id


def test_a_user_district_resolves_within_its_city() -> None:
    gaz = Gazetteer(places=[ZANJILI])
    mosul = gaz.get(MOSUL)
    assert mosul is not None
    text = "Iraqi troops fought the militants street by street in Zanjili."
    assert place_of(gaz, text, "Zanjili", within=mosul).id == ZANJILI.id


def test_a_user_row_with_a_shipped_id_replaces_it(gaz: Gazetteer) -> None:
    shipped = place_of(gaz, "Shells fell on Sheikh Saeed in Aleppo.", "Sheikh Saeed")
    mine = Place(
        id=shipped.id,
        name="Sheikh Saeed",
        kind="district",
        parent=ALEPPO,
        country="SY",
        lat=36.17,
        lon=37.19,
        source="test",
    )
    user = Gazetteer(places=[mine])
    assert user.get(shipped.id) == mine
    place = place_of(user, "Shells fell on Sheikh Saeed in Aleppo.", "Sheikh Saeed")
    assert place == mine


@pytest.mark.parametrize("within", [[], ["--within", "Mosul"]])
def test_the_cli_takes_a_user_gazetteer(tmp_path: Path, within: list[str]) -> None:
    rows = tmp_path / "mine.csv"
    rows.write_text(
        "id,name,kind,parent,country,lat,lon,alt_names,name_ar,area_km2,population,source,licence\n"
        "test-zanjili,Zanjili,district,,IQ,36.352,43.118,,,,,test,\n",
        encoding="utf-8",
    )
    article = tmp_path / "report.txt"
    story = "Iraqi troops fought the militants in Zanjili on Sunday."
    if not within:
        story += " The district lies in western Mosul."
    article.write_text(story + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["places", str(article), "--gazetteer", str(rows), *within])
    assert result.exit_code == 0, result.output
    assert "Zanjili (test-zanjili)" in result.output


# -- 8. which roles the evaluation counts ---------------------------------------------


def test_evaluation_counts_places_in_names_but_not_demonyms(gaz: Gazetteer) -> None:
    scores = evaluate_corpus(ROLES_XML, gaz)
    assert (scores.gold, scores.predicted, scores.matched) == (2, 2, 2)
    assert scores.false_positives == ()
    assert scores.misses == ()


def test_a_peoples_name_that_geonames_gives_a_town_is_the_people(gaz: Gazetteer) -> None:
    # GeoNames has towns called German, Thai (another name of a large city), Canadian
    # and Spanish; standing alone, each word is a people's name.
    text = (
        "Thai officials met Canadian and Spanish envoys, and a German firm paid. "
        "Later the crew drove to Canadian, Texas."
    )
    found = {(m.text, m.start): m for m in parse(gaz, text)}
    for word, country in (("Thai", "TH"), ("Canadian", "CA"), ("Spanish", "ES"), ("German", "DE")):
        mention = found[word, text.index(word)]
        assert (mention.method, mention.place.id) == ("demonym", f"country-{country}")
    town = found["Canadian", text.rindex("Canadian")]
    assert town.place is not None and town.place.kind == "city" and town.place.country == "US"


def test_a_peoples_name_used_as_a_language_is_no_place(gaz: Gazetteer) -> None:
    text = (
        "The minister speaks fluent German, took Spanish lessons and had the book "
        "translated into English; German carmakers and South American fans cheered."
    )
    found = [(m.text, m.place.id if m.place else None) for m in parse(gaz, text)]
    assert found == [
        ("German", None),
        ("Spanish", None),
        ("English", None),
        ("German", "country-DE"),
        ("South American", "geonames-6255150"),
    ]


def test_a_peoples_name_listed_with_a_language_or_ending_after_in_is_a_language(
    gaz: Gazetteer,
) -> None:
    text = (
        "Her family speaks French and English at home, the aide speaks fluent German as "
        "well as Dutch, and marchers carried placards in Welsh and English. A poem was read "
        "in Italian. The town fell into British and American hands, and Russian and "
        "Ukrainian troops clashed."
    )
    found = [(m.text, m.place.id if m.place else None) for m in parse(gaz, text)]
    assert found == [
        ("French", None),
        ("English", None),
        ("German", None),
        ("Dutch", None),
        ("Welsh", None),
        ("English", None),
        ("Italian", None),
        ("British", "country-GB"),
        ("American", "country-US"),
        ("Russian", "country-RU"),
        ("Ukrainian", "country-UA"),
    ]


def test_a_regions_people_name_the_region(gaz: Gazetteer) -> None:
    text = "Scottish fishermen, Texan ranchers and Catalan voters protested."
    assert {m.text: m.place.id for m in parse(gaz, text) if m.place} == {
        "Scottish": "admin1-GB-SCT",
        "Texan": "admin1-US-TX",
        "Catalan": "admin1-ES-CT",
    }


def test_a_peoples_name_of_several_words_is_read_whole(gaz: Gazetteer) -> None:
    text = (
        "South Sudanese and South African troops met West African and European envoys; "
        "the African Union paid."
    )
    found = {m.text: m for m in parse(gaz, text)}
    assert {name: found[name].place.id for name in found if found[name].place} == {
        "South Sudanese": "country-SS",
        "South African": "country-ZA",
        "West African": "region-west-africa",
        "European": "geonames-6255148",
        "African": "geonames-6255146",
    }
    # The body's name word is no town called Union.
    assert found["Union"].place is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Perth is a city on the River Tay in central Scotland.", "GB"),
        ("Perth, a market town in Scotland, voted on Monday.", "GB"),
        ("The city of Perth in Scotland voted on Monday.", "GB"),
        ("Crowds gathered in Perth (Scotland) on Monday.", "GB"),
        # An aside in parentheses, as encyclopedias open: the statement goes on after it.
        ("Perth (Scottish Gaelic: Peairt) is a city on the River Tay in Scotland.", "GB"),
        ("Paris is a census-designated place (CDP) in Bourbon County, Kentucky.", "US"),
        ("London is a city in Ontario, Canada.", "CA"),
        ("Hamilton is the capital of Bermuda.", "BM"),
        ("Valencia lies in Carabobo, west of Maracay.", "VE"),
        ("Florence is a city in the far north-west of the state of Alabama, United States.", "US"),
        ("Toledo is a city in the west of the Brazilian state of Parana.", "BR"),
        # The state's common name (data/gazetteer/curated/admin1-names.csv).
        ("Cordoba is a city in the central part of the Mexican state of Veracruz.", "MX"),
        # Not a statement of where London lies: the village is somewhere else.
        ("He flew from London to a village in Ontario.", "GB"),
    ],
)
def test_a_statement_of_where_a_place_lies_picks_the_namesake(
    gaz: Gazetteer, text: str, country: str
) -> None:
    first = parse(gaz, text)[0]
    assert first.place is not None and first.place.country == country, first.reason


def test_a_common_word_before_in_and_a_state_is_no_town_near_it(gaz: Gazetteer) -> None:
    # GeoNames gives Milan, Michigan the name "Farmers"; Maryland does not hold it.
    mentions = parse(gaz, "Farmers in Maryland and Utah worried about prices.")
    assert [m.text for m in mentions if m.place is not None] == ["Maryland", "Utah"]


def test_a_world_famous_city_by_its_exonym_before_a_village_of_that_name(
    gaz: Gazetteer,
) -> None:
    # GeoNames writes Makkah; a village in California is called Mecca.
    text = "Pilgrims from Saudi Arabia and from Ohio travelled to Mecca for the hajj."
    (mecca,) = [m for m in parse(gaz, text) if m.text == "Mecca"]
    assert mecca.place is not None and mecca.place.country == "SA", mecca.reason


def test_a_reason_names_only_what_another_name_establishes(gaz: Gazetteer) -> None:
    # Two uses of "Orlando" lend Florida to each other; neither names it.
    text = "Officials in Orlando said the storm passed. Residents of Orlando went home."
    assert all("which the article names" not in m.reason for m in parse(gaz, text))
    text = "Officials in Orlando, Florida, said the storm passed."
    (orlando,) = [m for m in parse(gaz, text) if m.text == "Orlando"]
    assert "in Florida, which the article names" in orlando.reason


def test_a_name_before_who_is_a_person_or_a_team(gaz: Gazetteer) -> None:
    text = (
        "Cricket: Somerset, who need a win, closed on 22. The mayor of Kyiv, who spoke "
        "first, met people in Mosul, who had fled. Russia, who denied it, sent troops. "
        "In the Americas, WHO says cases rose. She grew up in Missoula, Montana, who said so."
    )
    found = {m.text: m.status for m in parse(gaz, text)}
    assert found.get("Somerset") != "resolved"
    for name in ("Kyiv", "Mosul", "Russia", "Americas", "Missoula", "Montana"):
        assert found[name] == "resolved", name


def test_a_place_said_to_lie_by_a_town_is_no_far_namesake(gaz: Gazetteer) -> None:
    # GeoNames has a province Nyanga in Gabon, 3,500 km from Cape Town.
    text = "Unrest spread to Soweto, and by August to Nyanga outside Cape Town."
    (nyanga,) = [m for m in parse(gaz, text) if m.text == "Nyanga"]
    assert nyanga.status == "unresolved", nyanga.reason
    # A namesake by the town is kept.
    text = "Fighting raged in Bucha near Kyiv and in Irpin, north of Kyiv."
    found = {m.text: m.place for m in parse(gaz, text) if m.place is not None}
    assert found["Bucha"].country == "UA" and found["Irpin"].country == "UA"


def test_a_citys_main_name_and_city_is_as_good_as_its_main_name(gaz: Gazetteer) -> None:
    # GeoNames lists "Gaza City" as another name of Gaza; Kuwait, far away, is named.
    text = "Shelling hit Gaza City on Monday, and Kuwait was quiet."
    (gaza,) = [m for m in parse(gaz, text) if m.text == "Gaza City"]
    assert gaza.place is not None and gaza.place.country == "PS", gaza.reason


def test_a_town_of_a_named_province_before_a_larger_namesake_nothing_supports(
    gaz: Gazetteer,
) -> None:
    # Nothing names the Netherlands; KwaZulu-Natal holds a town called Utrecht.
    text = (
        "Farmers from Vryheid and Utrecht drove to a meeting of the KwaZulu-Natal "
        "growers' union on Friday."
    )
    (utrecht,) = [m for m in parse(gaz, text) if m.text == "Utrecht"]
    assert utrecht.place is not None and utrecht.place.country == "ZA", utrecht.reason


def test_a_capitalised_name_in_apposition_describes_nothing(gaz: Gazetteer) -> None:
    # "the State Department" names a body; it does not describe Washington as a state.
    text = "In Washington, the State Department urged Americans to leave Haiti."
    (washington,) = [m for m in parse(gaz, text) if m.text == "Washington"]
    assert washington.place is not None and washington.place.kind == "city"


def test_a_preposition_opening_a_sentence_opens_no_respelt_name(gaz: Gazetteer) -> None:
    # "In Tel" is spelt like Aleppo's Ayn at-Tal, letter skeleton for skeleton.
    (first,) = parse(gaz, "In Tel Aviv, crowds gathered on Monday.")
    assert first.text == "Tel Aviv" and first.place is not None and first.place.country == "IL"


def test_a_pair_is_read_though_a_person_bears_its_name(gaz: Gazetteer) -> None:
    # Georgia Mills is a person; the Georgia of the pair is Tbilisi's country.
    text = (
        "ATHENS, Ga. - Georgia Mills chairs the board. One parent moved to Athens from "
        "Tbilisi, Georgia, four years ago."
    )
    found = {m.start: m for m in parse(gaz, text)}
    pair = found[text.index("Tbilisi, Georgia") + len("Tbilisi, ")]
    assert pair.place is not None and pair.place.id == "country-GE", pair.reason


def test_a_ranked_place_of_a_country_is_in_it(gaz: Gazetteer) -> None:
    text = "Alexandria is the second-largest city of Egypt, and Lima the largest city of Peru."
    found = {m.text: m for m in parse(gaz, text)}
    assert found["Egypt"].place is not None and found["Egypt"].place.id == "country-EG"
    assert found["Peru"].place is not None and found["Peru"].place.id == "country-PE"


def test_a_place_a_statement_locates_is_no_person_of_its_name(gaz: Gazetteer) -> None:
    text = (
        "Hamilton is a city in the Waikato region of New Zealand. It was named after "
        "Captain John Hamilton, a naval officer. Hamilton has a university."
    )
    found = {m.start: m for m in parse(gaz, text) if m.text == "Hamilton"}
    for start in (0, text.rindex("Hamilton")):
        assert found[start].place is not None and found[start].place.country == "NZ"
    assert found[text.index("John Hamilton") + 5].place is None  # the captain


def test_a_name_keeps_the_sense_its_first_use_gives_it(gaz: Gazetteer) -> None:
    # The entry is about Toledo in Brazil; the Toledo of its later pair is another.
    text = (
        "Toledo is a city in the west of the Brazilian state of Parana, settled by "
        "farmers from the south. It is named after Toledo, Spain. Toledo grows soy."
    )
    toledos = [m for m in parse(gaz, text) if m.text == "Toledo"]
    assert [m.place.country for m in toledos if m.place] == ["BR", "ES", "BR"]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # GeoNames gives Oklahoma City and Maryland City the state's bare name too.
        ("Storms hit Kansas and Oklahoma on Monday.", "Oklahoma", "admin1"),
        ("Officials in Maryland said the roads were closed.", "Maryland", "admin1"),
        # A world-famous city keeps the bare name.
        ("Officials in New York said the subway was closed.", "New York", "city"),
    ],
)
def test_a_states_bare_name_is_not_a_city_called_after_it(
    gaz: Gazetteer, text: str, name: str, kind: str
) -> None:
    (mention,) = [m for m in parse(gaz, text) if m.text == name]
    assert mention.place is not None and mention.place.kind == kind, mention.reason


def test_a_product_or_a_team_named_after_a_place_is_no_place(gaz: Gazetteer) -> None:
    text = (
        "Shoppers queued for Aleppo soap at the fair, and the Liverpool captain signed "
        "shirts. Later the stall moved to Liverpool."
    )
    mentions = parse(gaz, text)
    soap, captain, city = (m for m in mentions if m.text in ("Aleppo", "Liverpool"))
    assert (soap.status, soap.role) == ("not_a_place", "part_of_name")
    assert (captain.status, captain.role) == ("not_a_place", "part_of_name")
    assert city.status == "resolved" and city.place is not None and city.place.country == "GB"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            'The jury praised "Letters to Aleppo", a film about a postman, and its director.',
            "Aleppo",
        ),
        ('She starred in "Sierra Madre" and then in "Nights in Havana" last year.', "Havana"),
        # A title opening with a capitalised function word.
        ('He won with "The Harbour at Lagos", a family saga.', "Lagos"),
    ],
)
def test_a_place_in_a_quoted_title_is_no_place(gaz: Gazetteer, text: str, name: str) -> None:
    assert not [m for m in parse(gaz, text) if name in m.text and m.place is not None]


def test_a_place_opening_a_funds_name_is_no_place(gaz: Gazetteer) -> None:
    text = (
        "Freight costs rose in the United States. The owner is backed by the Caledonia "
        "Maritime Fund, which bought a stake in May."
    )
    assert mention(parse(gaz, text), "Caledonia").place is None


def test_a_quoted_clause_is_no_title(gaz: Gazetteer) -> None:
    text = '"We left Aleppo at dawn," said a nurse who reached the border of Syria.'
    assert place_of(gaz, text, "Aleppo").country == "SY"


def test_a_storms_name_is_no_city(gaz: Gazetteer) -> None:
    text = (
        "Hurricane Charlotte came ashore near Wilmington in North Carolina on Friday. "
        "Charlotte weakened by midday, and flood watches reached as far as the city of "
        "Charlotte, forecasters said."
    )
    found = [m for m in parse(gaz, text) if m.text == "Charlotte" and m.place is not None]
    assert [m.start for m in found] == [text.rindex("Charlotte")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The band Kansas opened the festival. Later Kansas played for two hours.", "Kansas"),
        ("Genoa lost 3-1 to Inter at home. Genoa pulled one back late on.", "Genoa"),
    ],
)
def test_a_band_or_a_team_is_that_again_where_it_recurs(
    gaz: Gazetteer, text: str, name: str
) -> None:
    assert not [m for m in parse(gaz, text) if m.text == name and m.place is not None]


def test_a_products_name_where_a_place_stands_is_the_place(gaz: Gazetteer) -> None:
    text = "She wore a scent called Havana. The first bottles were sold in Havana, Cuba."
    found = [m for m in parse(gaz, text) if m.text == "Havana"]
    assert [m.place is not None for m in found] == [False, True]


def test_evidence_seen_from_a_name_keeps_every_other_field() -> None:
    # seen_from builds the view field by field (for speed): a field added later must
    # not be dropped from it.
    import dataclasses

    from geomap.places import geoparse

    evidence = geoparse._Evidence(
        ids=frozenset({"a"}),
        anchors=((1.0, 2.0, 3),),
        pairs={1: Place(id="p", name="P", kind="city", lat=0.0, lon=0.0)},
        main_city=Place(id="c", name="C", kind="city", lat=0.0, lon=0.0),
        sources={"a": frozenset({4})},
        dominant={5: "a"},
        suggestion_area=Place(id="s", name="S", kind="city", lat=0.0, lon=0.0),
        same_name={7: frozenset({7, 9}), 9: frozenset({7, 9})},
    )
    seen = evidence.seen_from(7, frozenset({"b"}))
    for field in dataclasses.fields(geoparse._Evidence):
        expected = {
            "for_name": 7,
            "also": frozenset({"b"}),
            "_itself": frozenset({7, 9}),  # the name's occurrences
        }.get(field.name, getattr(evidence, field.name))
        assert getattr(seen, field.name) == expected, field.name


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Radio Hanoi hailed the new rulers of a free Kampuchea.", "Kampuchea", "country-KH"),
        ("A conscript somewhere on the Malvinas wrote home in May.", "Malvinas", "country-FK"),
        ("Tea prices in Ceylon rose after the monsoon.", "Ceylon", "country-LK"),
        ("Sanctions against Rhodesia were tightened in 1968.", "Rhodesia", "country-ZW"),
        # Though Angola has a province Zaire.
        ("Refugees poured across the border into Zaire.", "Zaire", "country-CD"),
    ],
)
def test_a_country_by_a_former_name_is_the_country(
    gaz: Gazetteer, text: str, name: str, country: str
) -> None:
    assert place_of(gaz, text, name).id == country


def test_a_large_city_outweighs_a_small_namesake_in_a_named_country(gaz: Gazetteer) -> None:
    # Rotterdam, New York, has 30,000 people; the Dutch port twenty times that.
    text = "Fans in Texas cheered after she won in Rotterdam in February."
    assert place_of(gaz, text, "Rotterdam").country == "NL"


@pytest.mark.parametrize(
    "text",
    [
        "The submersible's pilot, Sydney Park, steered it from a cabin in Texas.",
        "The stylist Florence Adair flew in from Accra.",
        # A cleric's name, and his surname alone later: no Sadr City.
        "Iraq: militiamen loyal to the cleric Moqtada al-Sadr held Najaf. Sadr's aides spoke.",
    ],
)
def test_a_person_after_an_occupation_is_no_place(gaz: Gazetteer, text: str) -> None:
    people = ("Sydney", "Florence", "al-Sadr", "Sadr")
    assert not [m for m in parse(gaz, text) if m.text in people and m.place]


def test_a_town_in_a_named_country_outweighs_another_countrys_division(gaz: Gazetteer) -> None:
    # Nyanza is Kenya's former province and a Rwandan town of 30,000 people.
    assert place_of(gaz, "Rwanda: refugees reached Nyanza and Butare.", "Nyanza").country == "RW"
    assert place_of(gaz, "Kenya: cholera spread in Nyanza on Monday.", "Nyanza").country == "KE"
    # A village does not: "England" in a report naming the United States.
    text = "United States: the outbreak spread from Texas to England and Wales."
    assert place_of(gaz, text, "England").country == "GB"


def test_a_village_spelt_otherwise_stands_near_the_articles_towns(gaz: Gazetteer) -> None:
    # Saudi Arabia is named, but its village Al Hadā lies 600 km from Sanaa: "Hadda"
    # is listed, in Sanaa. Al Wafrah, in Kuwait, lies near the towns named with it.
    def named(text: str, name: str) -> Mention:
        return next(m for m in parse(gaz, text) if m.text == name)

    text = "Houthi fighters in Sanaa shelled Hadda; Saudi Arabia said its jets struck back."
    hadda = named(text, "Hadda")
    assert hadda.status == "unresolved" and hadda.parent.name == "Sanaa"
    text = "Iraqi tanks moved down the road from Wafra to Khafji, Kuwait and Saudi Arabia said."
    wafra = named(text, "Wafra")
    assert wafra.status == "resolved" and wafra.place.country == "KW"
