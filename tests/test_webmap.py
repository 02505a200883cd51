"""Tests for geomap.webmap: the folium map, its escaping and its determinism."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.articles import article_from_text
from geomap.gazetteer import Gazetteer
from geomap.geoparse import PlaceReport, parse_articles
from geomap.webmap import _esc, build_map, save_map

MINI_TEXT = (
    "Regime forces captured the Firdaus and Kallasa districts of Aleppo, Syria. "
    "Rebels withdrew from the Hamdudu area. Russian warplanes struck again."
)
HOSTILE_TEXT = (
    'Shelling hit Aleppo, Syria <script>alert(1)</script> during a "pause" in the Firdaus '
    "district <img src=x onerror=alert(1)>. Rebels withdrew from the Hamdudu area of Aleppo "
    "${alert(2)} `x` \\u."
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _report(gazetteer: Gazetteer, text: str = MINI_TEXT, name: str = "mini") -> PlaceReport:
    return parse_articles([article_from_text(text, name=name)], gazetteer)


def _html(report: PlaceReport, title: str = "East Aleppo") -> str:
    return build_map(report, title=title).get_root().render()


@pytest.fixture(scope="module")
def mini_html(gazetteer: Gazetteer) -> str:
    return _html(_report(gazetteer))


def test_map_shows_place_names_and_layers(mini_html: str) -> None:
    for name in ("al-Fardos", "al-Kallaseh", "Aleppo", "Syria", "Russia"):
        assert name in mini_html
    assert "Places mentioned" in mini_html
    assert "Actors named (countries)" in mini_html
    assert "L.control.layers" in mini_html
    assert "fitBounds" in mini_html
    assert "East Aleppo" in mini_html and "<title>East Aleppo</title>" in mini_html


def test_popup_has_sentence_with_mention_marked(mini_html: str) -> None:
    assert "captured the <mark>Firdaus</mark> and Kallasa districts" in mini_html
    assert "districts of <mark>Aleppo</mark>, Syria." in mini_html
    assert "alternative match" in mini_html


def test_actors_layer_is_hidden_by_default(mini_html: str) -> None:
    # A FeatureGroup with show=False is created but not added to the map.
    groups = re.findall(r"var (feature_group_\w+) = L\.featureGroup", mini_html)
    assert len(groups) == 2
    places, actors = groups
    assert f"{places}.addTo(" in mini_html
    assert f"{actors}.addTo(" not in mini_html
    actors_js = mini_html.split(f"var {actors} =", 1)[1]
    assert "<b>Russia</b>" in actors_js
    places_js = mini_html.split(f"var {places} =", 1)[1].split(f"var {actors} =", 1)[0]
    assert "<b>Russia</b>" not in places_js


def test_unresolved_panel_lists_suggestions_and_attribution(mini_html: str) -> None:
    panel = mini_html.split("geomap-unresolved", 1)[1].split("</body>", 1)[0]
    assert "Unresolved names" in panel
    assert "<b>Hamdudu</b>" in panel
    assert re.search(r"Perhaps: [^<]+\(district, \d+(\.\d)?\)", panel)
    assert "GeoNames (CC BY 4.0)" in panel
    assert "Columbia Center for Spatial Research" in panel and "(MIT)" in panel
    assert "OpenStreetMap" in mini_html and "contributors" in mini_html


def test_map_bytes_are_deterministic(gazetteer: Gazetteer, tmp_path: Path) -> None:
    first, second = tmp_path / "1" / "map.html", tmp_path / "2" / "map.html"
    save_map(build_map(_report(gazetteer), title="T"), first)
    save_map(build_map(_report(gazetteer), title="T"), second)
    assert first.read_bytes() == second.read_bytes()
    assert not re.search(rb"_[0-9a-f]{32}\b", first.read_bytes()), "a random folium id is left"
    assert [p.name for p in first.parent.iterdir()] == ["map.html"]


def test_map_bytes_are_deterministic_across_processes(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from geomap.articles import article_from_text\n"
        "from geomap.gazetteer import Gazetteer\n"
        "from geomap.geoparse import parse_articles\n"
        "from geomap.webmap import build_map, save_map\n"
        f"r = parse_articles([article_from_text({MINI_TEXT!r}, name='mini')], Gazetteer())\n"
        "save_map(build_map(r, title='T'), sys.argv[1])\n"
    )
    outputs = []
    for i in range(2):
        out = tmp_path / f"{i}.html"
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, timeout=120)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_hostile_article_text_is_escaped(gazetteer: Gazetteer) -> None:
    report = _report(gazetteer, HOSTILE_TEXT, name='<script>alert(3)</script>"')
    page = _html(report, title="<script>alert(4)</script>")
    assert "<mark>Firdaus</mark>" in page  # the popups with the hostile sentence are there
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in page
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&quot;pause&quot;" in page
    # Popups and tooltips sit in JavaScript template literals: no ${...} or ` gets there.
    assert "${alert(2)}" not in page and "`x`" not in page
    assert "&#36;{alert(2)}" in page and "&#96;x&#96;" in page and "&#92;u" in page


def test_esc_escapes_html_and_template_literal_characters() -> None:
    assert (
        _esc("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
    )
    assert _esc("`${x}`\\") == "&#96;&#36;{x}&#96;&#92;"
    assert _esc(0.95) == "0.95"


def test_map_without_places(gazetteer: Gazetteer) -> None:
    page = _html(_report(gazetteer, "Nothing happened here today.", name="empty"))
    assert "Unresolved names" in page and "fitBounds" not in page


def test_importing_webmap_does_not_import_folium() -> None:
    code = "import sys, geomap.webmap, geomap.export; print('folium' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False"
