"""The gazetteer: shipped data, lookups, suggestions, user files, geopy interface."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import GazetteerError, InputError, PlaceNotFoundError
from geomap.output.tables import gazetteer_csv
from geomap.places.gazetteer import (
    COLUMNS,
    Gazetteer,
    Place,
    check_csv,
    read_csv,
    read_geojson,
    shipped_files,
)
from geomap.places.geocoder import GazetteerGeocoder

ALEPPO = "geonames-170063"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


@pytest.fixture(scope="module")
def aleppo(gaz: Gazetteer) -> Place:
    return gaz.get(ALEPPO)


@pytest.fixture(scope="module")
def csr_ids_by_name(shared_dir: Path) -> dict[str, int]:
    data = json.loads((shared_dir / "data/aleppo-csr/neighborhoods.geojson").read_text())
    return {f["properties"]["NAME"]: f["properties"]["Id"] for f in data["features"]}


def test_shipped_rows_all_have_sources_and_licences() -> None:
    for path in shipped_files():
        for place in read_csv(path):
            assert place.source and place.licence, (path.name, place.id)


def test_shipped_files_use_the_documented_columns() -> None:
    for path in shipped_files():
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert tuple(header) == COLUMNS, path.name


def test_every_csr_neighbourhood_is_in_the_gazetteer(gaz, csr_ids_by_name) -> None:
    for csr_id in set(csr_ids_by_name.values()):
        place = gaz.get(f"csr-aleppo-{csr_id}")
        assert place is not None and place.kind == "district"
        assert place.parent == ALEPPO and place.area_km2 and place.area_km2 > 0


def test_every_csr_spelling_resolves_to_its_own_neighbourhood(
    gaz, aleppo, shared_dir, csr_ids_by_name
) -> None:
    names = json.loads((shared_dir / "data/aleppo-csr/neighborhood-names.json").read_text())
    failures = []
    checked = 0
    for entry in names.values():
        expected = f"csr-aleppo-{csr_ids_by_name[entry['original_name']]}"
        spellings = {
            entry["original_name"],
            entry.get("original_name_a") or "",
            *entry.get("alternative_arabic", []),
            *entry.get("alternative_english", []),
        }
        for spelling in filter(None, spellings):
            found = gaz.lookup(spelling, within=aleppo)
            best = [c for c in found if c.method == found[0].method] if found else []
            checked += 1
            if expected not in {c.place.id for c in best}:
                failures.append((spelling, expected, [c.place.id for c in found[:3]]))
    assert checked > 300
    assert not failures, failures


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Firdaus", "csr-aleppo-58"),
        ("Firdous", "csr-aleppo-58"),
        ("Fardous", "csr-aleppo-58"),
        ("al-Firdaws", "csr-aleppo-58"),
        ("Kallasa", "csr-aleppo-78"),
        ("Kalasa", "csr-aleppo-78"),
        ("Kallaseh", "csr-aleppo-78"),
        ("Sheikh Saeed", "csr-aleppo-112"),
        ("Sheikh Saed", "csr-aleppo-112"),
        ("Sheikh Said", "csr-aleppo-112"),
        ("Saliheen", "csr-aleppo-106"),
        ("Salihin", "csr-aleppo-106"),
        ("Salhin", "csr-aleppo-106"),
        ("الشيخ سعيد", "csr-aleppo-112"),
        # spellings the data does not list: found by the transliteration fold
        ("el-Ferdaous", "csr-aleppo-58"),
        ("Kallaasa", "csr-aleppo-78"),
        ("Shaykh Sa'id", "csr-aleppo-112"),
        ("as-Saaliheen", "csr-aleppo-106"),
        ("Sukary", "csr-aleppo-43"),
    ],
)
def test_news_spellings(gaz, aleppo, spelling: str, expected: str) -> None:
    found = gaz.lookup(spelling, within=aleppo)
    assert found and found[0].place.id == expected, [c.place.id for c in found]


def test_match_methods(gaz, aleppo) -> None:
    assert gaz.lookup("Aleppo")[0].method == "exact"
    assert gaz.lookup("Firdous", within=aleppo)[0].method == "alternative"
    assert gaz.lookup("firdous", within=aleppo)[0].method == "alternative"
    assert gaz.lookup("Karm al Maysar", within=aleppo)[0].method == "normalised"
    assert gaz.lookup("Kallaasa", within=aleppo)[0].method == "skeleton"


def test_regions_and_countries(gaz) -> None:
    assert gaz.lookup("eastern Aleppo")[0].place.id == "aleppo-east"
    assert gaz.lookup("east Aleppo")[0].place.id == "aleppo-east"
    assert gaz.lookup("Old City", within=gaz.get(ALEPPO))[0].place.id == "aleppo-old-city"
    assert gaz.lookup("Syria")[0].place.id == "country-SY"
    assert gaz.lookup("Aleppo governorate")[0].place.kind == "admin1"
    assert gaz.lookup("Aleppo")[0].place.id == ALEPPO


def test_world_cities_are_found(gaz) -> None:
    assert gaz.lookup("Mosul")[0].place.country == "IQ"
    assert gaz.lookup("Gaziantep")[0].place.country == "TR"


def test_unknown_name_gets_ranked_suggestions(gaz, aleppo) -> None:
    assert gaz.lookup("Hamdudu", within=aleppo) == []
    suggestions = gaz.suggest("Hamdudu", within=aleppo)
    assert suggestions and all(s.method == "fuzzy" for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    assert "ad-Dudu" in [s.place.name for s in suggestions]


def test_user_places_are_suggested_beside_the_shipped_ones() -> None:
    # A user place adds to the shipped pool; one replacing a shipped place's id makes
    # the pool anew, so that the replaced row is suggested no more.
    user = Place("user-qaryat", "Qaryat Zarzour", "city", 36.1, 37.0, source="test")
    added = Gazetteer([user], world=False)
    names = [s.place.name for s in added.suggest("Qaryet Zarzur", world=False)]
    assert names[0] == "Qaryat Zarzour"
    shipped = Gazetteer(world=False).get("country-SY")
    renamed = Place(
        "country-SY", "Syrie Zarzour", "country", shipped.lat, shipped.lon, source="test"
    )
    replaced = Gazetteer([renamed], world=False)
    names = [s.place.name for s in replaced.suggest("Syrie Zarzur", world=False)]
    assert names[0] == "Syrie Zarzour" and "Syria" not in names


def test_packed_places_read_back_as_written() -> None:
    from geomap.places.gazetteer import _PackedPlaces

    places = [
        Place("p-1", "al-Shaar", "district", 36.2, 37.15, "geonames-170063", "SY",
              ("Shaar", "Sha'ar"), "الشعار", 1.25, 12000, "csr", "MIT"),
        Place("p-2", "Nowhere", "city", -0.5, 179.999999, source="test"),
    ]  # fmt: skip
    packed = _PackedPlaces(_PackedPlaces.pack(places))
    assert dict(packed) == {p.id: p for p in places}
    assert packed.get("p-3") is None and "p-2" in packed and len(packed) == 2
    with pytest.raises(ValueError, match="separator"):
        _PackedPlaces.pack([Place("p-4", "Tab\x1fName", "town", 0, 0, source="test")])
    with pytest.raises(ValueError, match="fields"):
        _PackedPlaces(_PackedPlaces.pack(places)[:-5].replace("\x1f", "", 1))


def test_trigram_index_sections_round_trip_and_are_checked() -> None:
    from geomap.places.gazetteer import _TrigramIndex

    names = ["aleppo", "alep", "halab", "hama", "homs"]
    index = _TrigramIndex.of(names)
    # Most shared trigrams first, then the earlier position.
    assert index.shortlist("aleppo", 2) == [0, 1]
    grams, ends, owners, offsets = index.sections()
    again = _TrigramIndex.from_sections([grams, ends, owners, offsets], len(names))
    assert again.shortlist("homs", 5) == index.shortlist("homs", 5)
    with pytest.raises(ValueError):  # a trigram short
        _TrigramIndex.from_sections([grams[:-3], ends[:-4], owners, offsets], len(names))
    with pytest.raises(ValueError):
        _TrigramIndex.from_sections([grams, ends, owners[:-1], offsets], len(names))
    with pytest.raises(ValueError):
        _TrigramIndex.from_sections([grams, ends, owners, offsets[::-1]], len(names))
    # An owner past the strings (a cache consistent but wrong) is never shortlisted.
    assert index.shortlist("hama", 5) == [3, 2]
    assert _TrigramIndex.from_sections(index.sections(), 3).shortlist("hama", 5) == [2]


def test_a_pool_round_trips_through_its_sections() -> None:
    from geomap.places.gazetteer import _PackedPoolEntries, _Pool

    entries = {
        "aleppo": [("geonames-170063", "Aleppo"), ("user-1", "Alep")],
        "halab": [("geonames-170063", "Ḩalab")],
        "x": [("user-2", "")],
    }
    pool = _Pool.of(entries)
    read = _Pool.from_sections(pool.sections())
    assert (list(read.keys), list(read.skeletons)) == (pool.keys, pool.skeletons)
    assert read.keys[::-1] == pool.keys[::-1] and read.keys[-1] == pool.keys[-1]
    assert list(read.entries) == pool.entries and read.entries[1:] == pool.entries[1:]
    for built_index, read_index in zip(pool.trigram_indexes(), read.trigram_indexes(), strict=True):
        assert read_index.shortlist("alepo", 3) == built_index.shortlist("alepo", 3)
    sections = pool.sections()
    with pytest.raises(ValueError, match="differ in length"):  # the last name left out
        _Pool.from_sections([sections[0][:-1], sections[1][:-4], *sections[2:]])
    with pytest.raises(ValueError, match="do not fit"):
        _Pool.from_sections([sections[0][:-1], *sections[1:]])
    with pytest.raises(ValueError, match="sections of a pool"):
        _Pool.from_sections(sections[:-1])
    with pytest.raises(ValueError, match="separator"):
        _PackedPoolEntries.pack([[("user-3", "Tab\x1fName")]])


_NAME_LETTERS = st.text(alphabet="abdehilmnorsu ", min_size=1, max_size=12)


@given(names=st.lists(_NAME_LETTERS, min_size=1, max_size=40), query=_NAME_LETTERS)
@settings(max_examples=200, deadline=None)
def test_trigram_shortlist_is_the_most_shared_first(names: list[str], query: str) -> None:
    # The reference: every name's trigrams shared with the query counted one by one,
    # most first, then the earlier position; names sharing none are left out.
    from geomap.places.gazetteer import _TrigramIndex, _trigrams

    index = _TrigramIndex.of(names)
    wanted = _trigrams(query)
    shared = [(len(_trigrams(name) & wanted), at) for at, name in enumerate(names)]
    ranked = [at for count, at in sorted(shared, key=lambda ca: (-ca[0], ca[1])) if count]
    for size in (1, 3, len(names)):
        assert index.shortlist(query, size) == ranked[:size]


@given(
    names=st.lists(_NAME_LETTERS.filter(str.strip), min_size=1, max_size=30, unique=True),
    query=_NAME_LETTERS.filter(str.strip),
)
@settings(max_examples=60, deadline=None)
def test_suggestions_are_ranked_by_the_mean_of_both_scores(names: list[str], query: str) -> None:
    # A pool under the shortlist's size is ranked whole: the suggestions are the places
    # whose mean of WRatio (folded names) and ratio (skeletons) is highest.
    from rapidfuzz import fuzz

    from geomap.text.normalize import name_key, skeleton

    places = [
        Place(f"user-{i}", n, "city", 0.0, float(i), source="test") for i, n in enumerate(names)
    ]
    gazetteer = Gazetteer(places, world=False, shipped=False)
    key = name_key(query)
    if not key:
        return
    found = gazetteer.suggest(query, world=False, limit=5, min_score=50.0)
    expected = {}
    for place in places:
        folded = name_key(place.name)
        if not folded:
            continue
        score = round(
            (fuzz.WRatio(key, folded) + fuzz.ratio(skeleton(key), skeleton(folded))) / 2, 1
        )
        if score >= 50.0:
            expected[place.id] = score
    assert [c.score for c in found] == sorted(expected.values(), reverse=True)[: len(found)]
    assert len(found) == min(5, len(expected))
    assert all(expected[c.place.id] == c.score for c in found)


def test_child_kinds_are_the_kinds_of_the_children(gaz, aleppo) -> None:
    # Read from the packed places without making them, and from a user's places.
    for place in (aleppo, gaz.get("country-SY"), gaz.get("admin1-US-IA"), gaz.get("country-US")):
        assert gaz.child_kinds(place) == {c.kind for c in gaz.children(place)}
    assert "district" in gaz.child_kinds(aleppo) and gaz.child_kinds(gaz.get("admin1-US-IA")) == {
        "admin2"
    }
    town = Place("user-town", "Kafr Test", "city", 36.0, 37.0, source="test")
    quarter = Place("user-q", "Harat Test", "district", 36.0, 37.0, "user-town", source="test")
    mine = Gazetteer([town, quarter], world=False)
    assert mine.child_kinds(town) == {"district"}


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Sistan-Baluchestan", "Sistan and Baluchestan"),
        ("Trinidad-Tobago", "Trinidad and Tobago"),
        ("Chaharmahal-Bakhtiari", "Chaharmahal and Bakhtiari"),
    ],
)
def test_a_name_of_two_parts_is_found_without_its_connector(gaz, written, name) -> None:
    assert gaz.lookup(written)[0].place.name == name


def test_find_raises_for_unknown_places(gaz) -> None:
    with pytest.raises(PlaceNotFoundError, match="Nowhereland"):
        gaz.find("Nowhereland")


def test_world_can_be_left_out() -> None:
    local = Gazetteer(world=False)
    assert local.lookup("Mosul") == []
    assert local.lookup("Firdous")


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


def test_user_csv_adds_and_overrides(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "mine.csv",
        [
            "x-hamdudu,Hamdudu,district,geonames-170063,SY,36.19,37.16,Hamdoudou,,,,my notes,CC0",
            "csr-aleppo-58,al-Fardos,district,geonames-170063,SY,36.1,37.1,,,,,my survey,CC0",
        ],
    )
    gaz = Gazetteer.from_files([path])
    assert gaz.lookup("Hamdoudou")[0].place.id == "x-hamdudu"
    assert gaz.get("csr-aleppo-58").lat == 36.1


def test_bad_rows_are_reported_with_their_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "bad.csv",
        [
            "a,Alpha,district,,,36.1,37.1,,,,,src,",
            "b,Beta,district,,,136.1,37.1,,,,,src,",
            "c,Gamma,planet,,,36.1,37.1,,,,,src,",
            "d,,district,,,36.1,37.1,,,,,src,",
            "a,Alpha again,district,,,36.1,37.1,,,,,src,",
            "e,Epsilon,district,,,36.1,37.1,,,,,src",
            "f,Phi,district,,,36.1,east,,,,,src,",
        ],
    )
    places, problems = check_csv(path)
    assert [p.id for p in places] == ["a"]
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == [3, 4, 5, 6, 7, 8]
    assert "lat" in problems[0] and "kind" in problems[1] and "name" in problems[2]
    assert "repeats line 2" in problems[3] and "fields" in problems[4] and "lon" in problems[5]
    with pytest.raises(GazetteerError) as info:
        read_csv(path)
    assert len(info.value.problems) == 6 and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02", "binary"), (b"\xff\xfe\xfa", "UTF-8")],
)
def test_unreadable_gazetteer_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_csv(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_csv(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="directory"):
        read_csv(tmp_path)


def test_geojson_import_merges_and_measures_in_metres(tmp_path: Path) -> None:
    # two 0.01° squares near Aleppo sharing a name, one on its own
    def square(x: float, y: float) -> list:
        return [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]]

    features = [
        {
            "type": "Feature",
            "properties": {"NAME": n},
            "geometry": {"type": "Polygon", "coordinates": square(x, 36.2)},
        }
        for n, x in (("Alpha", 37.10), ("Alpha", 37.11), ("Beta", 37.20))
    ]
    path = tmp_path / "districts.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    places = {p.name: p for p in read_geojson(path)}
    assert set(places) == {"Alpha", "Beta"}
    # 0.01° of latitude is 1.11 km; of longitude at 36.2°N, 0.897 km
    assert places["Beta"].area_km2 == pytest.approx(1.11 * 0.897, rel=0.01)
    assert places["Alpha"].area_km2 == pytest.approx(2 * 1.11 * 0.897, rel=0.01)
    assert places["Alpha"].lon == pytest.approx(37.11, abs=1e-4)
    out = tmp_path / "out.csv"
    out.write_text(gazetteer_csv(places.values()), encoding="utf-8")
    assert [p.name for p in read_csv(out)] == sorted(places)


@pytest.mark.parametrize("raw", [False, True])
def test_formula_like_names_survive_a_csv_round_trip(tmp_path: Path, raw: bool) -> None:
    """``gazetteer import`` neutralises names for spreadsheets; geomap reads them back."""
    names = ["=Alpha", "+Beta", "-Gamma", "@Delta", "'s-Hertogenbosch", "Plain"]
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Point", "coordinates": [37.1 + i / 100, 36.2]},
        }
        for i, name in enumerate(names)
    ]
    path = tmp_path / "districts.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    out = tmp_path / "out.csv"
    out.write_text(gazetteer_csv(read_geojson(path), raw=raw), encoding="utf-8")
    written = out.read_text(encoding="utf-8")
    assert ('"\'=Alpha"' in written) is not raw
    assert sorted(p.name for p in read_csv(out)) == sorted(names)


def test_geocoder_follows_geopy(gaz) -> None:
    from geopy.geocoders.base import Geocoder
    from geopy.location import Location

    coder = GazetteerGeocoder(gaz, within="Aleppo")
    assert isinstance(coder, Geocoder)
    location = coder.geocode("Kalasa")
    assert isinstance(location, Location) and location.address == "al-Kallaseh"
    assert location.raw["id"] == "csr-aleppo-78" and location.raw["method"] == "alternative"
    assert coder.geocode("Hamdudu") is None
    assert isinstance(coder.geocode("Firdous", exactly_one=False), list)


def test_geocoder_plugs_into_geopandas() -> None:
    import geopandas

    frame = geopandas.tools.geocode(
        ["Kallasa", "Sheikh Said", "Hamdudu"], provider=GazetteerGeocoder, within="Aleppo"
    )
    assert list(frame["address"][:2]) == ["al-Kallaseh", "Sheikh Sa’eed"]
    assert frame.geometry.iloc[2].is_empty


@pytest.fixture()
def shipped_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The shipped tier read afresh, its cache in an empty folder."""
    import geomap.places.gazetteer as gazetteer_module

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    gazetteer_module._shipped_places.cache_clear()
    yield (
        gazetteer_module,
        tmp_path / f"shipped-places-{gazetteer_module._SHIPPED_FORMAT_VERSION}.bin",
    )
    gazetteer_module._shipped_places.cache_clear()


def test_the_shipped_places_are_read_from_their_cache(shipped_cache, monkeypatch) -> None:
    module, cache = shipped_cache
    built = module._shipped_places()
    assert cache.is_file() and len(built.places) > 15000
    module._shipped_places.cache_clear()

    def no_csv(path):
        raise AssertionError(f"read {path} again")

    monkeypatch.setattr(module, "read_csv", no_csv)
    read = module._shipped_places()
    assert dict(read.places) == dict(built.places) and read.derived == built.derived
    # The index read back finds what the index built finds.
    for key in ("firdous", "aleppo", "swat", "idlib"):
        assert [tuple(e) for e in read.index.keys[key]] == built.index.keys[key]
    # So do the pool of suggestions and its trigram indexes.
    assert (list(read.pool.keys), list(read.pool.skeletons)) == (
        built.pool.keys,
        built.pool.skeletons,
    )
    assert list(read.pool.entries) == built.pool.entries
    for query in ("bustan al qasr", "ramouseh", "new yrok"):
        for read_index, built_index in zip(
            read.pool.trigram_indexes(), built.pool.trigram_indexes(), strict=True
        ):
            assert read_index.shortlist(query, 40) == built_index.shortlist(query, 40)
    gaz = module.Gazetteer(world=False)
    assert gaz.lookup("Firdous")[0].place.name == "al-Fardos"


@pytest.mark.parametrize("damage", [b"", b"not a cache", "truncated"])
def test_a_damaged_shipped_cache_is_rebuilt(shipped_cache, damage) -> None:
    module, cache = shipped_cache
    built = module._shipped_places()
    good = cache.read_bytes()
    cache.write_bytes(good[: len(good) // 2] if damage == "truncated" else damage)
    module._shipped_places.cache_clear()
    assert dict(module._shipped_places().places) == dict(built.places)
    assert cache.read_bytes() == good


def test_edited_shipped_data_is_read_again(shipped_cache, tmp_path, monkeypatch) -> None:
    module, _cache = shipped_cache
    module._shipped_places()
    # The same files, one row renamed: another digest, so the CSVs are read again.
    folder = tmp_path / "data"
    folder.mkdir()
    copies = []
    for path in module.shipped_files():
        copy = folder / path.name
        text = path.read_text(encoding="utf-8")
        if path.name == "syria.csv":
            text = text.replace(",Aleppo,", ",Aleppo Edited,", 1)
        copy.write_text(text, encoding="utf-8")
        copies.append(copy)
    monkeypatch.setattr(module, "shipped_files", lambda: copies)
    module._shipped_places.cache_clear()
    assert "Aleppo Edited" in {p.name for p in module._shipped_places().places.values()}


@pytest.fixture()
def world_pool_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The world towns' pool read afresh, its cache in an empty folder; the shipped tier
    and the world index stay those read already (building the index takes seconds)."""
    import geomap.places.gazetteer as gazetteer_module
    from geomap.places.world import load_world

    gazetteer_module._shipped_places()
    load_world()
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    return gazetteer_module, tmp_path


def _pool_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("world-towns-pool-*.bin"))


def test_the_world_towns_pool_is_cached_on_first_use_and_read_after(
    world_pool_cache, monkeypatch
) -> None:
    import random

    from geomap.places.world import WorldCities

    module, folder = world_pool_cache
    built = module.Gazetteer()
    assert built.lookup("Aleppo") and _pool_files(folder) == []  # not built with the index
    # Unknown names: misspelt towns of the pool, one in 2,500, and words of no town.
    pool = built._suggestion_pools("", None, world=True)[-1]
    rng = random.Random(7)
    names = ["Qarbzarrah", "Xyzzy Quarter", "New Yrok", "Damscus"]
    for key in list(pool.keys)[::2500]:
        cut = rng.randrange(len(key))
        names.append(key[:cut] + key[cut + 1 :])
    found = {name: built.suggest(name) for name in names}
    assert sum(bool(f) for f in found.values()) > len(names) // 2
    (cache,) = _pool_files(folder)
    written = cache.read_bytes()

    def no_build(*args: object) -> None:
        raise AssertionError("the world towns' pool was built again")

    monkeypatch.setattr(WorldCities, "entries", no_build)
    read = module.Gazetteer()
    assert {name: read.suggest(name) for name in names} == found
    assert _pool_files(folder) == [cache] and cache.read_bytes() == written


@pytest.fixture()
def small_world_pool(world_pool_cache, monkeypatch):
    """The world towns' pool of the cities of a million people or more: built fast."""
    from geomap import settings as geomap_settings

    monkeypatch.setattr(geomap_settings, "WORLD_TOWN_MIN_POPULATION", 1_000_000)
    return world_pool_cache


@pytest.mark.parametrize("damage", ["empty", "truncated", "corrupted", "foreign", "other-tag"])
def test_a_damaged_world_towns_pool_is_rebuilt(small_world_pool, damage) -> None:
    module, folder = small_world_pool
    built = module._world_towns_pool()
    (cache,) = _pool_files(folder)
    good = cache.read_bytes()
    head = good.index(b"\n", len(module._WORLD_POOL_MAGIC)) + 1
    cache.write_bytes(
        {
            "empty": b"",
            "truncated": good[: len(good) // 2],
            "corrupted": good[:-100] + bytes([good[-100] ^ 0xFF]) + good[-99:],
            "foreign": b"geomap other cache\n" + good[len(module._WORLD_POOL_MAGIC) :],
            "other-tag": module._WORLD_POOL_MAGIC + b"another-index" + good[head - 1 :],
        }[damage]
    )
    rebuilt = module._world_towns_pool()
    assert (list(rebuilt.keys), list(rebuilt.entries)) == (built.keys, built.entries)
    assert _pool_files(folder) == [cache] and cache.read_bytes() == good


def test_a_pool_of_another_index_population_or_format_is_built_again(
    small_world_pool, monkeypatch
) -> None:
    from geomap import settings as geomap_settings
    from geomap.places.world import WorldCities

    module, folder = small_world_pool
    builds = []
    entries = WorldCities.entries

    def counted(world: WorldCities, min_population: int = 0):
        builds.append(min_population)
        return entries(world, min_population)

    monkeypatch.setattr(WorldCities, "entries", counted)
    for change in (
        lambda: None,
        lambda: monkeypatch.setattr(geomap_settings, "WORLD_TOWN_MIN_POPULATION", 2_000_000),
        lambda: monkeypatch.setattr(module, "cache_tag", lambda: b"another-index"),
        lambda: monkeypatch.setattr(module, "_POOL_FORMAT_VERSION", 99),
    ):
        change()
        built = module._world_towns_pool()
        assert list(module._world_towns_pool().keys) == built.keys
    assert builds == [1_000_000, 2_000_000, 2_000_000, 2_000_000]
    # The last pool and the one written before it are kept, older ones removed.
    names = [path.name for path in _pool_files(folder)]
    assert len(names) == 2 and "world-towns-pool-another-index-2000000-99.bin" in names


def test_without_a_writable_cache_folder_the_pool_is_built_in_memory(
    small_world_pool, tmp_path, monkeypatch, capsys
) -> None:
    module, _folder = small_world_pool
    # A folder below a regular file cannot be created, even by root.
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(blocker / "cache"))
    assert "tokyo" in module._world_towns_pool().keys
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("warning: cannot write the world towns' suggestion cache")


def test_national_capitals_are_the_cities_geonames_names_as_capitals(gaz: Gazetteer) -> None:
    def capitals(name: str) -> set[tuple[str | None, int]]:
        return {
            (c.place.country, c.place.population or 0)
            for c in gaz.lookup(name)
            if gaz.is_national_capital(c.place)
        }

    assert ("NZ", 381900) in capitals("Wellington")
    assert {country for country, _ in capitals("Wellington")} == {"NZ"}
    assert {country for country, _ in capitals("Buenos Aires")} == {"AR"}
    # A shipped row, and a country's own row, are never a world capital.
    assert not gaz.is_national_capital(gaz.get(ALEPPO))
    assert capitals("Homs") == set()


def test_user_places_join_a_copy_of_the_shipped_index() -> None:
    user = Place(id="user-swat", name="Swat", kind="district", lat=34.8, lon=72.4, source="me")
    with_user = Gazetteer([user], world=False)
    assert "user-swat" in {c.place.id for c in with_user.lookup("Swat")}
    # The shipped index, shared by gazetteers without user places, is untouched.
    assert "user-swat" not in {c.place.id for c in Gazetteer(world=False).lookup("Swat")}
    # A user row with a shipped id replaces the shipped place, names included.
    shipped = Gazetteer(world=False).lookup("Swat")[0].place
    renamed = Place(
        id=shipped.id, name="Swat Valley", kind="admin2", lat=35.0, lon=72.5, source="me"
    )
    replaced = Gazetteer([renamed], world=False)
    assert shipped.id not in {c.place.id for c in replaced.lookup("Swat")}
    assert replaced.lookup("Swat Valley")[0].place.id == shipped.id


def test_the_packed_index_round_trips_and_refuses_a_separator() -> None:
    from geomap.places.gazetteer import _PackedEntries

    entries = {"aleppo": [("geonames-1", "Aleppo", "name"), ("x-2", "Halab", "alternative")]}
    packed = _PackedEntries(_PackedEntries.pack(entries))
    assert packed["aleppo"] == entries["aleppo"] and list(packed) == ["aleppo"]
    with pytest.raises(ValueError):
        _PackedEntries.pack({"bad": [("x-1", "Gam\x1ema", "name")]})
