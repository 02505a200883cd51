"""Tests for the ``geomap`` command line, through click's CliRunner."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import hostile_inputs
import pytest
from click.testing import CliRunner, Result

from geomap.cli import main
from geomap.text.articles import read_article

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
ARTICLE = "articles/east-aleppo-2016-12-13.txt"
CSR_GEOJSON = "data/aleppo-csr/neighborhoods.geojson"

# Names in the article that are people, organisations or media, never places.
NOT_PLACES = {
    "Mahmud Sheikh",
    "Sheikh",
    "Anadolu",
    "Anadolu Agency",
    "Reuters",
    "Twitter",
    "White Helmets",
    "Ban",
    "Ban Ki-moon",
    "Stephane Dujarric",
    "Dujarric",
}
# The spans checked by offset ("Sheikh" alone is part of the district "Sheikh Saed").
NOT_PLACE_SPANS = sorted(NOT_PLACES - {"Sheikh"}, key=len, reverse=True)

# Article spelling -> the CSR neighbourhood's NAME.
CSR_DISTRICTS = {
    "Firdaus": "al-Fardos",
    "Kallasa": "al-Kallaseh",
    "Sheikh Saed": "Sheikh Sa\u2019eed",
    "Saliheen": "as-Salheen",
}
GAZETTEER_HEADER = (
    "id,name,kind,parent,country,lat,lon,alt_names,name_ar,area_km2,population,source,licence"
)

# A short report written for these tests (not taken from any article).
HTML_REPORT = """<!doctype html>
<html lang="en">
<head><title>Test report on Aleppo</title>
<meta name="date" content="2016-12-10"></head>
<body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Test report on Aleppo</h1>
<p>Shelling was heard overnight across the Firdous and Kalasa districts of Aleppo,
according to residents reached by telephone for this test document.</p>
<p>Families walked from the Sheikh Said district towards the west of the city during
the morning, carrying what they could, and several convoys waited at the crossing.</p>
<p>Aid workers in Syria said they expected more families to arrive over the weekend
and asked for safe passage for the wounded and the elderly.</p>
</article>
</body>
</html>
"""


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def assert_one_line_error(result: Result, *needles: str) -> str:
    """A non-zero exit with one ``Error: ...`` line and no traceback; return the line."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: "), result.output
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# ---------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def article(shared_dir: Path) -> Path:
    return shared_dir / ARTICLE


@pytest.fixture(scope="module")
def places_json(article: Path) -> dict:
    result = run("places", str(article), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def csr_centroids(shared_dir: Path) -> dict[str, tuple[float, float]]:
    """(lat, lon) of each CSR neighbourhood: features merged by Id, centroid in UTM 37N."""
    import geopandas as gpd

    frame = gpd.read_file(shared_dir / CSR_GEOJSON)
    merged = frame.dissolve(by="Id", aggfunc="first").reset_index()
    centroids = merged.to_crs("EPSG:32637").geometry.centroid.to_crs("EPSG:4326")
    return {name: (point.y, point.x) for name, point in zip(merged["NAME"], centroids, strict=True)}


@pytest.fixture
def bad_gazetteer(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(
        GAZETTEER_HEADER + "\nx-1,Foo,district,,,91.5,37.1,,,,,test,\n", encoding="utf-8"
    )
    return path


def two_squares_geojson(path: Path) -> Path:
    """Two small squares near Aleppo, named in a ``name`` property."""

    def square(lon: float, lat: float) -> dict:
        return {"type": "Polygon", "coordinates": hostile_inputs.square(lon, lat, 0.004)}

    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Test Quarter North"},
                "geometry": square(37.150, 36.220),
            },
            {
                "type": "Feature",
                "properties": {"name": "Test Quarter South"},
                "geometry": square(37.150, 36.180),
            },
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# places


def test_places_table_on_the_real_article(article: Path) -> None:
    result = run("places", str(article))
    assert result.exit_code == 0, result.output
    table, _, unresolved = result.output.partition("Unresolved")
    for line in table.splitlines():
        for written, csr_name in CSR_DISTRICTS.items():
            if re.search(rf"\b{written}\b", line):
                assert csr_name[:10] in line, line
    for written, csr_name in CSR_DISTRICTS.items():
        assert any(written in line and csr_name[:10] in line for line in table.splitlines()), (
            written
        )
    assert "Hamdudu" not in table
    assert unresolved, result.output
    hamdudu = [line for line in unresolved.splitlines() if "Hamdudu" in line]
    assert len(hamdudu) == 1, unresolved
    assert "suggestions:" in hamdudu[0]
    assert "suggestions: none" not in hamdudu[0]


def test_places_json_actors(places_json: dict) -> None:
    mentions = places_json["mentions"]
    actors = {m["name"] for m in mentions if m["status"] == "resolved" and m["role"] == "actor"}
    assert {"Russia", "Iran"} <= actors


def test_places_json_has_no_people_or_organisations(places_json: dict, article: Path) -> None:
    resolved = [m for m in places_json["mentions"] if m["status"] == "resolved"]
    assert not [m for m in resolved if m["text"] in NOT_PLACES]
    text = read_article(article).text
    spans = [
        (found.start(), found.end())
        for name in NOT_PLACE_SPANS
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    ]
    assert len(spans) >= 8  # the article does name these
    for m in resolved:
        overlapping = [(a, b) for a, b in spans if m["start"] < b and a < m["end"]]
        assert not overlapping, (m["text"], m["name"], overlapping)


def test_places_json_csr_districts_at_their_centroids(
    places_json: dict, csr_centroids: dict[str, tuple[float, float]]
) -> None:
    from geopy.distance import geodesic

    resolved = [m for m in places_json["mentions"] if m["status"] == "resolved"]
    for written, csr_name in CSR_DISTRICTS.items():
        found = [m for m in resolved if m["text"] == written]
        assert found, f"{written} not resolved"
        for m in found:
            assert m["name"] == csr_name, m
            assert m["role"] == "location"
    districts = [m for m in resolved if m["place_id"].startswith("csr-aleppo-")]
    assert districts
    for m in districts:
        expected = csr_centroids[m["name"]]
        distance = geodesic((m["lat"], m["lon"]), expected).meters
        assert distance < 300, (m["name"], round(distance))


def test_places_json_aleppo_eastern_aleppo_and_syria(places_json: dict) -> None:
    locations = {
        m["name"]
        for m in places_json["mentions"]
        if m["status"] == "resolved" and m["role"] == "location"
    }
    assert {"Aleppo", "Eastern Aleppo", "Syria"} <= locations


def test_places_json_lists_hamdudu_unresolved_with_suggestions(places_json: dict) -> None:
    hamdudu = [m for m in places_json["mentions"] if m["text"] == "Hamdudu"]
    assert hamdudu and all(m["status"] == "unresolved" for m in hamdudu)
    assert all(m["suggestions"] for m in hamdudu)


def test_places_reads_standard_input() -> None:
    text = "Shelling hit the Firdaus and Kallasa districts of Aleppo on Monday.\n"
    result = run("places", "-", "--json", input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] == ["stdin"]
    names = {m["name"] for m in data["mentions"] if m["status"] == "resolved"}
    assert {"al-Fardos", "al-Kallaseh", "Aleppo"} <= names


def test_places_reads_html(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(HTML_REPORT, encoding="utf-8")
    result = run("places", str(page), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    names = {m["name"] for m in data["mentions"] if m["status"] == "resolved"}
    assert {"al-Fardos", "al-Kallaseh", "Sheikh Sa\u2019eed", "Aleppo", "Syria"} <= names
    assert not [m for m in data["mentions"] if m["text"] in ("Home", "html", "doctype")]


# ---------------------------------------------------------------------------
# resolve


def test_resolve_names_within_aleppo() -> None:
    result = run("resolve", "Firdous", "Kalasa", "Sheikh Said", "--within", "Aleppo")
    assert result.exit_code == 0, result.output
    assert "Firdous: resolved" in result.output
    assert "Kalasa: resolved" in result.output
    assert "Sheikh Said: resolved" in result.output
    for name in ("al-Fardos", "al-Kallaseh", "Sheikh Sa\u2019eed"):
        assert name in result.output


def test_resolve_reads_names_from_standard_input() -> None:
    result = run("resolve", "-", "--within", "Aleppo", input="Firdous\n\nKalasa\n")
    assert result.exit_code == 0, result.output
    assert "Firdous: resolved" in result.output
    assert "Kalasa: resolved" in result.output
    assert "al-Kallaseh" in result.output


def test_resolve_json() -> None:
    result = run("resolve", "Firdous", "Sheikh Said", "--within", "Aleppo", "--json")
    assert result.exit_code == 0, result.output
    answers = json.loads(result.output)
    assert [a["query"] for a in answers] == ["Firdous", "Sheikh Said"]
    assert [a["status"] for a in answers] == ["resolved", "resolved"]
    assert answers[0]["candidates"][0]["name"] == "al-Fardos"
    assert answers[1]["candidates"][0]["name"] == "Sheikh Sa\u2019eed"
    top = answers[0]["candidates"][0]
    assert {"place_id", "kind", "lat", "lon", "method", "score", "confidence"} <= set(top)


def test_resolve_unknown_name_exits_1_with_suggestions() -> None:
    result = run("resolve", "Hamdudu")
    assert result.exit_code == 1, result.output
    assert "Hamdudu: unresolved" in result.output
    assert "fuzzy" in result.output
    assert "ad-Dudu" in result.output


def test_resolve_within_unknown_place_is_a_one_line_error() -> None:
    result = run("resolve", "Firdous", "--within", "Nowhereland")
    assert_one_line_error(result, "Nowhereland")


# ---------------------------------------------------------------------------
# map and open


def test_map_without_arguments_writes_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("map")
    assert result.exit_code == 0, result.output
    out = tmp_path / "outputs" / "example"
    assert (out / "places.geojson").is_file()
    assert (out / "map.html").is_file()
    geojson = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    assert geojson["type"] == "FeatureCollection" and geojson["features"]
    assert str(Path("outputs/example/map.html")) in result.output


def test_map_article_to_output_dir_is_deterministic(article: Path, tmp_path: Path) -> None:
    outputs = []
    for name in ("first", "second"):
        out = tmp_path / name
        result = run("map", str(article), "-o", str(out))
        assert result.exit_code == 0, result.output
        assert {"map.html", "places.geojson"} <= {p.name for p in out.iterdir()}
        assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no temp files
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]
    geojson = json.loads(outputs[0]["places.geojson"])
    names = {f["properties"].get("name") for f in geojson["features"]}
    assert {"al-Fardos", "al-Kallaseh"} <= names


def test_map_open_opens_the_browser(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    out = tmp_path / "map"
    result = run("map", str(article), "-o", str(out), "--open")
    assert result.exit_code == 0, result.output
    assert opened == [(out / "map.html").resolve().as_uri()]


def test_open_opens_a_file_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    page = tmp_path / "map.html"
    page.write_text(
        '<html><head><meta name="generator" content="geomap"></head><body>map</body></html>',
        encoding="utf-8",
    )
    result = run("open", str(page))
    assert result.exit_code == 0, result.output
    assert opened == [page.resolve().as_uri()]
    assert opened[0].startswith("file://")
    # The folder holding a map.html opens the map.
    result = run("open", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert opened[-1] == page.resolve().as_uri()


def test_open_missing_path_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    result = run("open", str(tmp_path / "nothing.html"))
    assert_one_line_error(result, "nothing.html")
    assert opened == []


# ---------------------------------------------------------------------------
# Bad input


def _bad_article(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.txt"
    if kind == "missing":
        pass
    elif kind == "directory":
        path = tmp_path / "a-folder"
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    elif kind == "junk":
        # Bytes that are neither UTF-8 nor any detectable encoding.
        path.write_bytes(bytes((0x80 + (i * 37) % 0x80) for i in range(400)))
    return path


BAD_ARTICLES = ["missing", "directory", "empty", "binary", "junk"]


@pytest.mark.parametrize("kind", BAD_ARTICLES)
def test_places_bad_article(tmp_path: Path, kind: str) -> None:
    path = _bad_article(tmp_path, kind)
    assert_one_line_error(run("places", str(path)), path.name)


@pytest.mark.parametrize("kind", BAD_ARTICLES)
def test_map_bad_article_writes_nothing(tmp_path: Path, kind: str) -> None:
    path = _bad_article(tmp_path, kind)
    out = tmp_path / "out"
    out.mkdir()
    assert_one_line_error(run("map", str(path), "-o", str(out)), path.name)
    assert list(out.iterdir()) == []


def test_places_bad_gazetteer(article: Path, bad_gazetteer: Path) -> None:
    line = assert_one_line_error(
        run("places", str(article), "--gazetteer", str(bad_gazetteer)), "bad.csv:2"
    )
    assert "lat" in line


def test_map_bad_gazetteer_writes_nothing(
    article: Path, bad_gazetteer: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run("map", str(article), "-o", str(out), "--gazetteer", str(bad_gazetteer))
    line = assert_one_line_error(result, "bad.csv:2")
    assert "lat" in line
    assert list(out.iterdir()) == []


def test_map_bad_article_among_good_ones_writes_nothing(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("map", str(article), str(tmp_path / "missing.txt"), "-o", str(out))
    assert_one_line_error(result, "missing.txt")
    assert not out.exists() or list(out.iterdir()) == []


def test_standard_input_can_be_read_only_once() -> None:
    assert_one_line_error(run("places", "-", "-", input="Aleppo\n"), "standard input")


def test_map_write_failure_leaves_no_partial_output(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "map.html").mkdir(parents=True)  # map.html cannot be written
    assert_one_line_error(run("map", str(article), "-o", str(out)), "map.html")
    assert sorted(p.name for p in out.iterdir()) == ["map.html"]


# ---------------------------------------------------------------------------
# gazetteer validate / import


def test_gazetteer_validate_shipped() -> None:
    result = run("gazetteer", "validate")
    assert result.exit_code == 0, result.output
    assert "problems" in result.output


def test_gazetteer_validate_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    rows = [
        GAZETTEER_HEADER,  # line 1
        "t-1,Good Place,district,,,36.2,37.1,,,,,test,",  # 2: fine
        "t-2,Bad Lat,district,,,abc,37.1,,,,,test,",  # 3: lat not a number
        "t-3,Odd Kind,village,,,36.2,37.1,,,,,test,",  # 4: unknown kind
        "t-4,,district,,,36.2,37.1,,,,,test,",  # 5: missing name
        "t-1,Again,district,,,36.2,37.1,,,,,test,",  # 6: duplicate id
        "t-5,Short Row,district,36.2,37.1",  # 7: wrong field count
        "t-6,Fine Too,district,,,36.3,37.2,,,,,test,",  # 8: fine
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("gazetteer", "validate", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if line.startswith(f"{path}:")]
    expected = {3: "lat", 4: "kind", 5: "name", 6: "t-1", 7: "fields"}
    assert len(problems) == len(expected), result.output
    for line_number, word in expected.items():
        found = [p for p in problems if p.startswith(f"{path}:{line_number}: ")]
        assert len(found) == 1, (line_number, result.output)
        assert word in found[0], found[0]


def test_gazetteer_import_csr_neighbourhoods(
    shared_dir: Path, article: Path, tmp_path: Path
) -> None:
    import csv

    out = tmp_path / "out.csv"
    result = run("gazetteer", "import", str(shared_dir / CSR_GEOJSON), "-o", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert 118 <= len(rows) <= 130
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names))  # features sharing a name are merged
    assert "as-Salheen" in names
    assert all(row["kind"] == "district" for row in rows)

    validate = run("gazetteer", "validate", str(out))
    assert validate.exit_code == 0, validate.output

    places = run("places", str(article), "--gazetteer", str(out), "--json")
    assert places.exit_code == 0, places.output
    data = json.loads(places.output)
    resolved = {m["name"] for m in data["mentions"] if m["status"] == "resolved"}
    assert {"Aleppo", "Syria"} <= resolved


def test_gazetteer_import_tiny_geojson(tmp_path: Path) -> None:
    import csv

    source = two_squares_geojson(tmp_path / "test-quarters.geojson")
    out = tmp_path / "quarters.csv"
    result = run("gazetteer", "import", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["name"] for row in rows] == ["Test Quarter North", "Test Quarter South"]
    north, south = rows
    assert float(north["lat"]) == pytest.approx(36.222, abs=0.001)
    assert float(north["lon"]) == pytest.approx(37.152, abs=0.001)
    assert float(south["lat"]) == pytest.approx(36.182, abs=0.001)
    # 0.004 degrees square near 36N: about 0.445 km by 0.359 km.
    assert float(north["area_km2"]) == pytest.approx(0.16, abs=0.02)
    assert run("gazetteer", "validate", str(out)).exit_code == 0

    # Standard output when no -o.
    printed = run("gazetteer", "import", str(source))
    assert printed.exit_code == 0, printed.output
    assert printed.output.startswith("id,name,kind")
    assert "Test Quarter South" in printed.output

    resolved = run("resolve", "Test Quarter North", "--gazetteer", str(out))
    assert resolved.exit_code == 0, resolved.output
    assert "Test Quarter North: resolved" in resolved.output


def test_gazetteer_import_not_geojson_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text("{not json", encoding="utf-8")
    assert_one_line_error(run("gazetteer", "import", str(path)), "broken.geojson")


# ---------------------------------------------------------------------------
# Help and documentation


def all_commands(
    group: click.Group = main, prefix: str = "geomap"
) -> list[tuple[str, click.Command]]:
    """Every command and group under *group*, as (full command path, command)."""
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, path))
    return found


def test_commands_are_found() -> None:
    paths = {path for path, _ in all_commands()}
    assert {
        "geomap places",
        "geomap resolve",
        "geomap map",
        "geomap open",
        "geomap gazetteer",
        "geomap gazetteer validate",
        "geomap gazetteer import",
    } <= paths


@pytest.mark.parametrize("path", ["geomap"] + [path for path, _ in all_commands()])
def test_help_has_an_example(path: str) -> None:
    result = run(*path.split()[1:], "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


@pytest.mark.parametrize(
    "path",
    [path for path, _ in all_commands()],
)
def test_readme_documents_every_command(path: str) -> None:
    readme = README.read_text(encoding="utf-8")
    assert re.search(rf"(?<![\w-]){re.escape(path)}(?![\w-])", readme), (
        f"{path!r} is not documented in README.md"
    )


def test_python_m_geomap_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geomap", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    assert "places" in result.stdout


def test_resolve_without_a_name_is_an_error() -> None:
    assert_one_line_error(run("resolve", "", "  "), "no place name")
    assert_one_line_error(run("resolve", "-", input="\n\n"), "no place name")
