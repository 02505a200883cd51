"""Which control timeline a story gets, control from the text alone, and ``--areas``.

The stories are the project's own development set (``tests/data/story-devset/``):
reports from Mosul, Raqqa, Gaza, Eastern Ghouta, Aleppo and one that is not about war,
with the timeline each should get in ``gold.csv``.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap import api, control
from geomap.cli import main
from geomap.places.gazetteer import Gazetteer
from geomap.text.articles import article_from_text

STORIES = Path(__file__).parent / "data" / "story-devset"
GOLD = list(csv.DictReader((STORIES / "gold.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return api.load_gazetteer()


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_a_story_gets_the_timeline_of_its_place_and_period(gold, gazetteer) -> None:
    report = api.control_report([STORIES / gold["file"]], gazetteer)
    if gold["timeline"]:
        assert report.basis.startswith(f"timeline {gold['timeline']} "), report.basis
    else:
        assert report.basis.startswith("no shipped control timeline fits"), report.basis
        # No other city's districts or figures stand in for this story's.
        assert not any(
            i.startswith(("csr-aleppo-", "sy-ghouta-"))
            for s in report.snapshots
            for i in s.district_ids
        )
        assert all(f.origin == "text" for f in report.figures)


def test_a_timeline_fits_only_its_period(gazetteer) -> None:
    text = "Government troops advanced in eastern Aleppo's al-Shaar and Hanano districts."
    article = article_from_text(text, name="later", date=datetime.date(2019, 6, 1))
    from geomap.places.geoparse import parse_articles

    report = parse_articles([article], gazetteer)
    choice = control.choose_timeline(report.documents, gazetteer)
    assert choice.timeline is None and choice.place is not None
    assert choice.place.name == "Aleppo"
    assert "no shipped control timeline fits" in choice.reason and "2019-06-01" in choice.reason
    dated = parse_articles(
        [article_from_text(text, name="then", date=datetime.date(2016, 12, 1))], gazetteer
    )
    assert control.choose_timeline(dated.documents, gazetteer).timeline.id == "aleppo-2016"


def test_a_passing_mention_does_not_make_a_story_about_a_city(gazetteer) -> None:
    from geomap.places.geoparse import parse_articles

    text = (
        "Iraqi forces fought in Mosul on Monday. Families left Mosul for camps in "
        "Nineveh and Erbil. Officials compared Mosul with Aleppo."
    )
    report = parse_articles(
        [article_from_text(text, name="m", date=datetime.date(2016, 12, 1))], gazetteer
    )
    choice = control.choose_timeline(report.documents, gazetteer)
    assert choice.timeline is None and choice.place.name == "Mosul"


def test_within_names_the_timeline_place(gazetteer) -> None:
    from geomap.places.geoparse import parse_articles

    article = article_from_text("Fighting went on.", name="w", date=datetime.date(2018, 3, 10))
    report = parse_articles([article], gazetteer)
    ghouta = gazetteer.get("sy-eastern-ghouta")
    choice = control.choose_timeline(report.documents, gazetteer, within=ghouta)
    assert choice.timeline.id == "eastern-ghouta-2018"


def test_control_from_the_text_alone_for_the_story_place(gazetteer, tmp_path: Path) -> None:
    """Out of the shipped period, a capture the text states is the story's own control."""
    path = tmp_path / "later.txt"
    path.write_text(
        "Fighting east of Damascus\n\nPublished 3 May 2019\n\n"
        "Government forces captured Saqba from rebels on Thursday, a monitor said. "
        "Rebels withdrew from Kafr Batna on Friday. Residents of Douma said the "
        "shelling had stopped.\n",
        encoding="utf-8",
    )
    report = api.control_report([path], gazetteer)
    assert report.basis.startswith("no shipped control timeline fits")
    held = {i for s in report.snapshots if s.controller == "government" for i in s.district_ids}
    assert {"sy-ghouta-saqba", "geonames-168713"} <= held
    assert all(c.origin == "text" for c in report.changes)


def test_ghouta_in_march_is_measured_beside_the_reported_share(gazetteer) -> None:
    report = api.control_report([STORIES / "story-10.txt"], gazetteer)
    assert report.place == "Eastern Ghouta" and report.articles_date == datetime.date(2018, 3, 12)
    on_date = [
        s
        for s in report.snapshots
        if s.valid_from <= report.articles_date
        and (s.valid_to is None or report.articles_date < s.valid_to)
    ]
    government = next(s for s in on_date if s.controller == "government")
    rebels = next(s for s in on_date if s.controller == "rebels")
    assert 0 < government.share_percent < 100
    assert abs(government.share_percent + rebels.share_percent - 100) < 0.1
    table = CliRunner().invoke(main, ["control", str(STORIES / "story-10.txt")]).output
    assert "On 2018-03-12, the articles' date:" in table
    assert "reported 2018-03-12  60 % (government)" in table


def test_areas_file_adds_your_figures(gazetteer, tmp_path: Path, shared_dir: Path) -> None:
    areas = tmp_path / "mine.csv"
    areas.write_text(
        "date,controller,area_km2,qualifier,source,note\n2016-12-12,rebels,7.5,about,my count,\n",
        encoding="utf-8",
    )
    article = shared_dir / "articles" / "east-aleppo-2016-12-13.txt"
    result = CliRunner().invoke(main, ["control", str(article), "--areas", str(areas)])
    assert result.exit_code == 0, result.output
    assert "2016-12-12  about 7.5 km² (rebels) — my count" in result.output


def test_a_bad_areas_row_is_a_one_line_error(tmp_path: Path) -> None:
    areas = tmp_path / "bad.csv"
    areas.write_text(
        "date,controller,area_km2,share_percent,qualifier,source,note\n"
        "2016-12-12,rebels,7.5,40,,x,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["control", "--areas", str(areas)])
    assert result.exit_code == 1
    assert f"{areas}:2: give exactly one of area_km2 and share_percent" in result.output
    assert "Traceback" not in result.output


def test_within_a_city_is_the_story_place_when_no_timeline_fits(gazetteer) -> None:
    from geomap.places.geoparse import parse_articles

    article = article_from_text(
        "Shelling hit Douma and Damascus overnight.", name="w", date=datetime.date(2019, 5, 3)
    )
    report = parse_articles([article], gazetteer)
    douma = gazetteer.get("geonames-170592")
    choice = control.choose_timeline(report.documents, gazetteer, within=douma)
    assert choice.timeline is None and choice.place == douma
    syria = gazetteer.get("country-SY")
    assert control.choose_timeline(report.documents, gazetteer, within=syria).place != syria
