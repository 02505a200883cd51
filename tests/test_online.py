"""``--online``: names the gazetteer lacks, looked up with Nominatim, never in a test.

Nominatim is replaced by a fake geocoder answering with geopy ``Location`` objects whose
``raw`` is shaped like Nominatim's JSON (``format=json`` with ``addressdetails`` and
``namedetails``); where the real geopy client runs, the ``no_network`` guard refuses
its connection, which is the "no network" case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location

from geomap import __version__, settings
from geomap.api import load_gazetteer
from geomap.cli import main
from geomap.control import story_place
from geomap.errors import InputError, NetworkError
from geomap.output.geojson import places_geojson
from geomap.places import online
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_articles
from geomap.text.articles import article_from_text
from geomap.webmap.data import map_data

ARTICLE = (
    "Iraqi forces pushed into the Zanjili district of Mosul on Tuesday, residents said. "
    "Shelling killed five civilians in Zanjili, and troops also entered the Hermat area "
    "of Mosul.\n"
)
ZANJILI_ID = "osm-relation-4203516"
# A test endpoint that is an address, so the refused connection needs no DNS lookup.
UNREACHABLE = "http://192.0.2.1"


def nominatim_answer(
    name: str,
    lat: float,
    lon: float,
    *,
    osm_type: str = "relation",
    osm_id: int = 4203516,
    place_type: str = "suburb",
    name_ar: str | None = None,
    where: str = "Mosul, Nineveh Governorate, Iraq",
    country_code: str = "iq",
) -> dict:
    """One item of Nominatim's ``/search?format=json&addressdetails=1&namedetails=1``."""
    return {
        "place_id": 185730032,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": osm_type,
        "osm_id": osm_id,
        "lat": f"{lat:.7f}",
        "lon": f"{lon:.7f}",
        "class": "place",
        "type": place_type,
        "place_rank": 20,
        "importance": 0.2,
        "addresstype": place_type,
        "name": name,
        "display_name": f"{name}, {where}",
        "address": {
            place_type: name,
            "state": where.split(", ")[-2],
            "country": where.split(", ")[-1],
            "country_code": country_code,
        },
        "namedetails": {"name": name_ar or name, "name:en": name}
        | ({"name:ar": name_ar} if name_ar else {}),
        "boundingbox": [
            f"{lat - 0.01:.7f}",
            f"{lat + 0.01:.7f}",
            f"{lon - 0.01:.7f}",
            f"{lon + 0.01:.7f}",
        ],
    }


ANSWERS = {
    # A Mosul district, 2 km from the city's point.
    "Zanjili": [nominatim_answer("Zanjili", 36.3512, 43.1045, name_ar="الزنجيلي")],
    # Only a namesake 400 km away: a suggestion, not a guess.
    "Hermat": [
        nominatim_answer(
            "Hermat",
            37.90,
            39.50,
            osm_type="node",
            osm_id=291740123,
            place_type="village",
            where="Şanlıurfa, Türkiye",
            country_code="tr",
        )
    ],
}


class FakeNominatim:
    """geopy's ``Nominatim.geocode``, answering from *answers*; records every call."""

    def __init__(
        self, answers: dict[str, list[dict]] | None = None, error: Exception | None = None
    ):
        self.answers = ANSWERS if answers is None else answers
        self.error = error
        self.calls: list[tuple[str, dict]] = []

    def __call__(self, query: str, **options: object) -> list[Location] | None:
        self.calls.append((query, options))
        if self.error is not None:
            raise self.error
        raws = self.answers.get(query, [])
        found = [Location(r["display_name"], (float(r["lat"]), float(r["lon"])), r) for r in raws]
        return found or None  # geopy's answer to nothing found


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh Nominatim cache folder, also for the commands (not the world index's)."""
    folder = tmp_path / "nominatim-cache"
    monkeypatch.setattr(online, "cache_folder", lambda: folder)
    return folder


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "mosul-report.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def look_up(gazetteer: Gazetteer, fake: FakeNominatim, folder: Path | None, endpoint: str = "x"):
    report = parse_articles([article_from_text(ARTICLE, name="mosul")], gazetteer)
    lookup = online.NominatimLookup(fake, endpoint, folder)
    found = online.resolve_online(
        report, gazetteer, lookup, story_place=lambda d: story_place([d], gazetteer)
    )
    return report, found, lookup


def test_an_unknown_mosul_district_is_found_online_below_every_gazetteer_match(
    gazetteer: Gazetteer, cache: Path
) -> None:
    before, report, _ = look_up(gazetteer, FakeNominatim(), cache)
    assert [m.text for m in before.unresolved] == ["Zanjili", "Zanjili", "Hermat"]
    zanjili = [m for m in report.mentions if m.text == "Zanjili"]
    mosul = next(m.place for m in report.resolved if m.text == "Mosul")
    assert mosul is not None
    for mention in zanjili:
        assert mention.status == "resolved" and mention.method == "online"
        assert mention.reason.startswith("found online (Nominatim)")
        place = mention.place
        assert place is not None
        assert (place.id, place.name, place.kind, place.country) == (
            ZANJILI_ID,
            "Zanjili",
            "district",
            "IQ",
        )
        assert (place.lat, place.lon, place.parent) == (36.3512, 43.1045, mosul.id)
        assert place.name_ar == "الزنجيلي"
        assert place.source == "Nominatim (© OpenStreetMap contributors)"
        assert place.licence.startswith("ODbL 1.0")
    # Less sure than any gazetteer match, before and after the context adjusts it.
    gazetteer_methods = {k: v for k, v in settings.CONFIDENCE.items() if k != "online"}
    assert zanjili[0].confidence <= settings.CONFIDENCE["online"] < min(gazetteer_methods.values())
    assert all(zanjili[0].confidence < m.confidence for m in before.resolved)
    # The events and control stages read the documents: they carry the new mentions.
    assert report.documents[0].mentions == report.mentions


def test_the_search_is_bounded_to_the_story(gazetteer: Gazetteer, cache: Path) -> None:
    fake = FakeNominatim()
    look_up(gazetteer, fake, cache)
    query, options = fake.calls[0]
    assert query == "Zanjili"
    assert options["exactly_one"] is False and options["limit"] == settings.ONLINE_RESULT_LIMIT
    assert options["addressdetails"] is True and options["namedetails"] is True
    assert options["country_codes"] == ["iq"]
    (south, west), (north, east) = options["viewbox"]  # type: ignore[misc]
    assert south < 36.335 < north and west < 43.119 < east  # around Mosul's point
    assert north - south == pytest.approx(2 * settings.ONLINE_MAX_KM / 111.32, abs=1e-3)


def test_a_far_answer_stays_unresolved_as_a_suggestion(gazetteer: Gazetteer, cache: Path) -> None:
    _, report, _ = look_up(gazetteer, FakeNominatim(), cache)
    (hermat,) = [m for m in report.mentions if m.text == "Hermat"]
    assert hermat.status == "unresolved" and hermat.place is None and hermat.method is None
    first = hermat.suggestions[0]
    assert (first.method, first.place.id, first.place.name) == (
        "online",
        "osm-node-291740123",
        "Hermat",
    )
    assert first.place.kind == "city"
    assert (
        "found online (Nominatim), but 365 km from Mosul (more than 50 km): a suggestion only"
        in (hermat.reason)
    )
    assert len(hermat.suggestions) <= settings.SUGGESTION_LIMIT


def test_no_story_place_means_suggestions_only(gazetteer: Gazetteer) -> None:
    report = parse_articles([article_from_text(ARTICLE, name="mosul")], gazetteer)
    lookup = online.NominatimLookup(FakeNominatim(), "x")
    found = online.resolve_online(report, gazetteer, lookup, story_place=lambda d: None)
    assert not any(m.method == "online" for m in found.resolved)
    assert all(m.suggestions[0].method == "online" for m in found.unresolved)


def test_the_cache_asks_each_name_once(gazetteer: Gazetteer, cache: Path) -> None:
    answers = {**ANSWERS, "Hermat": []}  # an empty answer is cached too
    first = FakeNominatim(answers)
    _, report, lookup = look_up(gazetteer, first, cache)
    # "Zanjili" is named twice: asked once.
    assert [q for q, _ in first.calls] == ["Zanjili", "Hermat"] and lookup.requests == 2
    files = sorted(cache.glob("*.json"))
    assert len(files) == 2 and not list(cache.glob(".*.tmp"))
    assert all(json.loads(f.read_text(encoding="utf-8"))["key"] for f in files)
    second = FakeNominatim(answers)
    _, again, lookup = look_up(gazetteer, second, cache)
    assert second.calls == [] and lookup.requests == 0
    assert again.mentions == report.mentions
    # Another service is another key.
    third = FakeNominatim(answers)
    look_up(gazetteer, third, cache, endpoint="https://nominatim.example.org")
    assert len(third.calls) == 2


def test_a_damaged_cache_file_is_asked_again(gazetteer: Gazetteer, cache: Path) -> None:
    look_up(gazetteer, FakeNominatim(), cache)
    for path in cache.glob("*.json"):
        path.write_text('{"key": "x", "answers": [', encoding="utf-8")
    fake = FakeNominatim()
    _, report, _ = look_up(gazetteer, fake, cache)
    assert len(fake.calls) == 2 and any(m.method == "online" for m in report.mentions)


def test_an_unwritable_cache_warns_and_keeps_the_answers(
    gazetteer: Gazetteer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    fake = FakeNominatim()
    _, report, _ = look_up(gazetteer, fake, blocker / "nominatim")
    assert len(fake.calls) == 2 and any(m.method == "online" for m in report.mentions)
    (warning,) = capsys.readouterr().err.splitlines()
    assert warning.startswith("warning: cannot write the Nominatim cache")


def test_the_real_geocoder_is_rate_limited_and_identifies_geomap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limiter = online.nominatim_geocoder("https://nominatim.example.org/osm/")
    assert isinstance(limiter, RateLimiter)
    assert limiter.min_delay_seconds == settings.ONLINE_MIN_DELAY_SECONDS == 1.0
    assert limiter.swallow_exceptions is False  # an error is never "no such place"
    nominatim = limiter.func.__self__
    assert isinstance(nominatim, Nominatim)
    assert nominatim.api == "https://nominatim.example.org/osm/search"
    assert nominatim.headers["User-Agent"].startswith(f"geomap/{__version__} (")
    # Two calls in a row: the second waits out the second.
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(limiter, "_clock", lambda: now[0])
    monkeypatch.setattr(limiter, "_sleep", sleep)
    monkeypatch.setattr(limiter, "func", FakeNominatim())
    limiter("Zanjili")
    limiter("Hermat")
    assert slept == [pytest.approx(1.0)]


def test_the_endpoint_comes_from_the_option_the_environment_or_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(settings.NOMINATIM_URL_ENV, raising=False)
    assert online.endpoint() == "https://nominatim.openstreetmap.org"
    monkeypatch.setenv(settings.NOMINATIM_URL_ENV, "http://localhost:8080/")
    assert online.endpoint() == "http://localhost:8080"
    assert online.endpoint("https://geo.example.org") == "https://geo.example.org"
    with pytest.raises(InputError, match="Nominatim URL"):
        online.endpoint("file:///etc/passwd")


def test_places_geojson_and_the_popup_mark_the_online_place(
    gazetteer: Gazetteer, cache: Path
) -> None:
    _, report, _ = look_up(gazetteer, FakeNominatim(), cache)
    features = places_geojson(report)["features"]
    (zanjili,) = [f for f in features if f["properties"]["place_id"] == ZANJILI_ID]
    props = zanjili["properties"]
    assert zanjili["geometry"] == {"type": "Point", "coordinates": [43.1045, 36.3512]}
    assert props["method"] == "online" and props["confidence"] == settings.CONFIDENCE["online"]
    assert props["source"] == "Nominatim (© OpenStreetMap contributors)"
    assert props["licence"].startswith("ODbL 1.0")
    assert {m["method"] for m in props["mentions"]} == {"online"}
    (hermat,) = [f for f in features if f["properties"]["name"] == "Hermat"]
    assert hermat["geometry"] is None
    assert hermat["properties"]["suggestions"][0]["place_id"] == "osm-node-291740123"
    document = map_data(report, title="Mosul", gazetteer=gazetteer)
    popups = [p["popup"] for layer in document["layers"] for p in layer.get("places", ())]
    (popup,) = [p for p in popups if p["blocks"][0] == ["head", "Zanjili"]]
    assert "found online" in popup["blocks"][1][1]
    assert ["note", f"Source: {online.SOURCE} ({online.LICENCE})"] in popup["blocks"]
    assert "OpenStreetMap contributors" in document["attribution"]


@pytest.fixture
def fake_service(monkeypatch: pytest.MonkeyPatch, cache: Path) -> list[FakeNominatim]:
    """The commands' geocoder factory, answering from ANSWERS; the fakes made."""
    made: list[FakeNominatim] = []

    def factory(url: str | None = None) -> FakeNominatim:
        made.append(FakeNominatim())
        made[-1].url = url  # type: ignore[attr-defined]
        return made[-1]

    monkeypatch.setattr(online, "nominatim_geocoder", factory)
    return made


def test_geomap_places_online(article: Path, fake_service: list[FakeNominatim]) -> None:
    result = CliRunner().invoke(main, ["places", str(article), "--online"])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines()]
    # The place column is cut at 28 characters: "Zanjili (osm-relation-42035…".
    zanjili = [row for row in rows if row[1:3] == ["Zanjili", "location"]]
    assert len(zanjili) == 2
    assert all(
        row[4].startswith("(osm-relation-") and row[-2:] == ["online", "0.50"] for row in zanjili
    )
    assert "Unresolved (1):" in result.output and "Hermat (100)" in result.output
    result = CliRunner().invoke(
        main, ["places", str(article), "--online", "--json", "--nominatim-url", UNREACHABLE]
    )
    assert result.exit_code == 0, result.output
    assert fake_service[-1].url == UNREACHABLE
    mentions = json.loads(result.output)["mentions"]
    assert {m["method"] for m in mentions if m["text"] == "Zanjili"} == {"online"}


def test_geomap_map_online(
    article: Path, tmp_path: Path, fake_service: list[FakeNominatim]
) -> None:
    out = tmp_path / "map"
    result = CliRunner().invoke(main, ["map", str(article), "--online", "-o", str(out)])
    assert result.exit_code == 0, result.output
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    (zanjili,) = [f for f in places["features"] if f["properties"]["place_id"] == ZANJILI_ID]
    assert zanjili["properties"]["method"] == "online"
    assert zanjili["properties"]["licence"].startswith("ODbL 1.0")
    assert "found online" in (out / "map.html").read_text(encoding="utf-8")


def test_no_network_fails_in_one_line_and_writes_nothing(
    article: Path,
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_network: list[object],
) -> None:
    # The real geopy client: its connection is refused by the no_network guard. Its
    # retry logs the failure with a traceback, which must not reach the user.
    monkeypatch.setattr(settings, "ONLINE_MAX_RETRIES", 1)
    monkeypatch.setattr(settings, "ONLINE_RETRY_WAIT_SECONDS", 0)
    monkeypatch.setattr(settings, "ONLINE_MIN_DELAY_SECONDS", 0)
    out = tmp_path / "map"
    args = ["map", str(article), "--online", "--nominatim-url", UNREACHABLE, "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    (line,) = result.output.splitlines()
    assert line.startswith(f"Error: online lookup of 'Zanjili' at {UNREACHABLE} failed: ")
    assert no_network, "the request should have been tried (and refused)"
    assert sorted(p.name for p in tmp_path.iterdir()) == [article.name]  # nothing written


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (GeocoderUnavailable("Service not available"), "service unavailable"),
        (GeocoderTimedOut("Service timed out"), "no answer within 10 s"),
        (GeocoderRateLimited("Non-successful status code 429"), "too many requests (HTTP 429)"),
    ],
)
def test_each_failure_is_named(
    article: Path,
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    words: str,
) -> None:
    monkeypatch.setattr(online, "nominatim_geocoder", lambda url=None: FakeNominatim(error=error))
    out = tmp_path / "map"
    result = CliRunner().invoke(main, ["map", str(article), "--online", "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    (line,) = result.output.splitlines()
    assert words in line and str(error) in line
    with pytest.raises(NetworkError):
        look_up(load_gazetteer(), FakeNominatim(error=error), cache)


def test_cached_answers_need_no_network(
    gazetteer: Gazetteer,
    article: Path,
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_network: list[object],
) -> None:
    # Asked once while the service answered...
    look_up(gazetteer, FakeNominatim(), cache, endpoint=UNREACHABLE)
    # ...then, with the real client and no network, every name comes from the cache.
    monkeypatch.setattr(settings, "ONLINE_MAX_RETRIES", 0)
    out = tmp_path / "map"
    args = ["map", str(article), "--online", "--nominatim-url", UNREACHABLE, "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert no_network == []
    assert ZANJILI_ID in (out / "places.geojson").read_text(encoding="utf-8")


def test_without_online_no_geocoder_is_made(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: list[object]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a geocoder was made without --online")

    monkeypatch.setattr(online, "nominatim_geocoder", refuse)
    monkeypatch.setattr(online, "NominatimLookup", refuse)
    monkeypatch.setenv(settings.NOMINATIM_URL_ENV, UNREACHABLE)
    result = CliRunner().invoke(main, ["places", str(article)])
    assert result.exit_code == 0, result.output
    assert "Unresolved (3):" in result.output and " online " not in result.output
    result = CliRunner().invoke(main, ["map", str(article), "-o", str(tmp_path / "map")])
    assert result.exit_code == 0, result.output
    assert no_network == []


def test_nominatim_url_needs_online(article: Path) -> None:
    result = CliRunner().invoke(main, ["places", str(article), "--nominatim-url", UNREACHABLE])
    assert result.exit_code == 2 and "--nominatim-url needs --online" in result.output


def test_geopys_retry_log_does_not_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """geopy logs a retried failure with its traceback; with no logging set up (as on
    the command line), Python would print it: geomap's one-line error is all the user
    sees."""
    import logging

    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # no pytest log capture
    monkeypatch.setattr(logging.getLogger("geopy"), "handlers", [])
    online.nominatim_geocoder(UNREACHABLE)
    logging.getLogger("geopy").warning("RateLimiter caught an error, retrying")
    assert capsys.readouterr().err == ""
