"""Incidents of any conflict, coded as ACLED codes them: sides, kinds, places (issue 11).

Every sentence was written for these tests; none comes from a real report.
"""

from __future__ import annotations

import datetime

import pytest

from geomap.api import load_gazetteer
from geomap.control.sides import actor_sides
from geomap.events.actors import ActorRow, for_country
from geomap.events.extract import extract_incidents
from geomap.model import Incident, Place
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document

DAY = datetime.date(2024, 3, 20)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def events(gaz: Gazetteer, text: str) -> list[Incident]:
    document = parse_places(read_document(article_from_text(text, date=DAY)), gaz)
    return extract_incidents(document, gaz)


def only(gaz: Gazetteer, text: str) -> Incident:
    (event,) = events(gaz, text)
    return event


@pytest.mark.parametrize(
    ("text", "actor1", "inter1", "actor2"),
    [
        (
            "Iraqi troops killed 12 Islamic State fighters in western Mosul on Monday.",
            "Military Forces of Iraq",
            1,
            "Islamic State (Iraq)",
        ),
        (
            "Russian warplanes struck Idlib on Tuesday, killing nine civilians.",
            "Military Forces of Russia (2000-)",
            8,
            "Civilians (Syria)",
        ),
        (
            "The RSF shelled El Fasher on Sunday, killing five civilians.",
            "Rapid Support Forces",
            2,
            "Civilians (Sudan)",
        ),
        (
            "Gunmen killed seven villagers in Borno on Friday.",
            "Unidentified Armed Group (Nigeria)",
            3,
            "Civilians (Nigeria)",
        ),
        (
            "Al-Shabaab militants attacked a base near Mogadishu on Friday, killing 11 soldiers.",
            "Al Shabaab",
            2,
            "Military Forces of Somalia",
        ),
        (
            "Ukrainian troops repelled an assault near Bakhmut, killing 20 Russian soldiers.",
            "Military Forces of Ukraine",
            1,
            "Military Forces of Russia (2000-)",
        ),
        (
            "Israel struck Khan Younis overnight, killing 14 people, medics said.",
            "Military Forces of Israel",
            8,
            "Civilians (Palestine)",
        ),
    ],
)
def test_the_sides_of_other_wars(
    gaz: Gazetteer, text: str, actor1: str, inter1: int, actor2: str
) -> None:
    event = only(gaz, text)
    assert (event.actor1, event.inter1, event.actor2) == (actor1, inter1, actor2)


def test_no_actor_defaults_to_syria_outside_syria(gaz: Gazetteer) -> None:
    text = (
        "Government troops shelled villages near Kharkiv on Monday, killing three "
        "residents. Police said civilians were evacuated."
    )
    for event in events(gaz, text):
        for actor in (event.actor1, event.actor2, *event.assoc_actor_1):
            assert actor is None or "Syria" not in actor


def test_killing_armed_men_is_a_battle(gaz: Gazetteer) -> None:
    event = only(gaz, "Iraqi troops killed 12 Islamic State fighters in Mosul on Monday.")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")


def test_a_backer_country_is_an_associated_actor_not_the_place(gaz: Gazetteer) -> None:
    event = only(gaz, "Iran-aligned militias seized the airport in Deir ez-Zor on Monday.")
    assert event.country == "Syria"
    assert [p.name for p in event.locations] == ["Deir ez-Zor"]
    assert event.assoc_actor_1 == ("Military Forces of Iran (1989-)",)


def test_members_of_a_group_are_one_side(gaz: Gazetteer) -> None:
    event = only(gaz, "Hamas fighters fired rockets at Sderot on Monday.")
    assert (event.actor1, event.actor2) == ("Hamas Movement", None)
    assert event.country == "Israel"


def test_the_place_a_monitor_is_based_in_names_no_side(gaz: Gazetteer) -> None:
    text = "The Britain-based monitor said pro-government forces seized Sheikh Saeed in Aleppo."
    assert only(gaz, text).actor1 == "Military Forces of Syria (2000-)"


def test_a_countrys_actor_without_a_country_is_unknown() -> None:
    assert for_country(ActorRow("Civilians ({country})", 7), None, None) is None
    syria = Place(id="country-SY", name="Syria", kind="country", lat=35, lon=38, country="SY")
    iraq = Place(id="country-IQ", name="Iraq", kind="country", lat=33, lon=44, country="IQ")
    forces = ActorRow("Military Forces of {country}{period}", 1)
    assert for_country(forces, None, syria) == ActorRow("Military Forces of Syria (2000-)", 1)
    assert for_country(forces, syria, iraq) == ActorRow("Military Forces of Syria (2000-)", 8)
    assert for_country(forces, iraq, iraq) == ActorRow("Military Forces of Iraq", 1)


def test_a_templates_actors_keep_its_side() -> None:
    sides = actor_sides()
    assert sides.get("Military Forces of Syria (2000-)") == "government"
    assert sides.get("Syrian rebels") == "rebels"
    assert sides.get("Civilians (Syria)") is None


def test_an_organisation_named_like_a_village_is_no_place(gaz: Gazetteer) -> None:
    document = parse_places(
        read_document(article_from_text("The army said it hit Hamas positions in Gaza.")), gaz
    )
    (hamas,) = [m for m in document.mentions if m.text == "Hamas"]
    assert hamas.status == "not_a_place"


def test_a_passive_killing_names_its_victims_before_the_verb(gaz: Gazetteer) -> None:
    text = "Militants of JNIM attacked a base near Djibo on Friday, and 51 soldiers were killed."
    event = only(gaz, text)
    assert event.actor1 == "JNIM: Group for Support of Islam and Muslims"
    assert event.actor2 == "Military Forces of Burkina Faso"
    assert (event.event_type, event.fatalities_best) == ("Battles", 51)


def test_fighting_between_two_sides_is_an_armed_clash(gaz: Gazetteer) -> None:
    event = only(gaz, "Iraqi special forces fought Islamic State militants in Mosul on Monday.")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert (event.actor1, event.actor2) == ("Military Forces of Iraq", "Islamic State (Iraq)")


def test_a_battle_that_led_to_a_capture_is_one_incident(gaz: Gazetteer) -> None:
    text = "Rebels of the M23 seized Rubaya on Tuesday after a gun battle lasting several hours."
    (event,) = events(gaz, text)
    assert event.kind == "territory"


@pytest.mark.parametrize(
    "text",
    [
        "An earthquake struck Herat province on Saturday, killing more than 1,000 people.",
        "Around one million displaced people have sought refuge in Marib province.",
        "Aid reached a camp for displaced families near Hodeidah on Sunday.",
        "Officials counted 97 civilians killed in Khartoum since Saturday.",
        "An aid convoy of 40 trucks entered Aleppo on Monday, bringing food to residents.",
    ],
)
def test_no_violent_incident(gaz: Gazetteer, text: str) -> None:
    assert events(gaz, text) == []


def test_a_place_where_something_was_said_is_not_where_it_happened(gaz: Gazetteer) -> None:
    text = "Speaking in Geneva on Tuesday, a UN envoy said air strikes killed 40 people in Idlib."
    event = only(gaz, text)
    assert [p.name for p in event.locations] == ["Idlib"]
    assert event.actor2 == "Civilians (Syria)"


def test_a_diplomat_is_no_armed_side(gaz: Gazetteer) -> None:
    event = only(gaz, "A gunman shot dead the Russian ambassador in Ankara on Monday.")
    assert "Military Forces of Russia (2000-)" not in (event.actor1, event.actor2)
    assert event.country == "Turkey"


def test_the_speaker_is_the_side_when_nobody_else_is_named(gaz: Gazetteer) -> None:
    text = "The Arakan Army said on Tuesday it had captured Paletwa in Myanmar."
    assert only(gaz, text).actor1 == "Arakan Army"


def test_a_country_acled_writes_with_an_article(gaz: Gazetteer) -> None:
    event = only(gaz, "Congolese troops clashed with M23 rebels near Sake on Friday.")
    assert event.actor1 == "Military Forces of the Democratic Republic of Congo"
    assert event.actor2 == "M23: March 23 Movement"


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "A suicide bomber blew himself up at a checkpoint in Kabul on Friday, killing six.",
            "Suicide bomb",
        ),
        (
            "A roadside bomb tore through a bus near Afgooye on Tuesday, killing four people.",
            "Remote explosive/landmine/IED",
        ),
        ("Turkish drones struck a convoy near Qamishli on Monday.", "Air/drone strike"),
    ],
)
def test_bombs_and_drones_are_explosions(gaz: Gazetteer, text: str, sub_event_type: str) -> None:
    event = only(gaz, text)
    assert (event.event_type, event.sub_event_type) == (
        "Explosions/Remote violence",
        sub_event_type,
    )


def test_a_claim_of_responsibility_names_the_attacker(gaz: Gazetteer) -> None:
    text = (
        "Two car bombs went off outside a hotel in Mogadishu on Saturday, killing at least "
        "20 people. Al-Shabaab claimed responsibility for the blasts."
    )
    event = only(gaz, text)
    assert (event.actor1, event.inter1) == ("Al Shabaab", 2)
    assert event.sub_event_type == "Remote explosive/landmine/IED"


def test_a_march_is_a_peaceful_protest_by_protesters(gaz: Gazetteer) -> None:
    event = only(gaz, "Thousands of people marched peacefully through Yangon on Sunday.")
    assert (event.event_type, event.sub_event_type) == ("Protests", "Peaceful protest")
    assert (event.actor1, event.inter1, event.actor2) == ("Protesters (Myanmar)", 6, None)


def test_firing_on_protesters_is_excessive_force(gaz: Gazetteer) -> None:
    text = "Police opened fire on protesters in Mandalay on Saturday, killing five people."
    event = only(gaz, text)
    assert event.sub_event_type == "Excessive force against protesters"
    assert (event.actor2, event.inter2) == ("Protesters (Myanmar)", 6)


def test_a_country_protesting_a_decision_is_no_demonstration(gaz: Gazetteer) -> None:
    assert events(gaz, "Iran protested the move in a note to Baghdad on Monday.") == []


@pytest.mark.parametrize(
    "text",
    [
        "A roadside bomb tore through a military truck near Afgooye, killing four soldiers.",
        "A car bomb exploded at an army checkpoint near Tikrit on Monday, killing six soldiers.",
    ],
)
def test_forces_hit_or_killed_are_no_attacker(gaz: Gazetteer, text: str) -> None:
    event = only(gaz, text)
    assert event.actor1 is None
    assert event.actor2 is not None and event.actor2.startswith("Military Forces of")


def test_rebels_of_a_named_group_are_that_group(gaz: Gazetteer) -> None:
    text = "Rebels of Jaish al-Islam fired mortars into central Damascus on Monday."
    assert only(gaz, text).actor1 == "Jaish al-Islam"
