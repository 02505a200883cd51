"""Tests for ``geomap evaluate``: reading annotated corpora and scoring the geoparser.

The figures for ``tests/data/eval/mini.xml`` were worked out by hand from its
comments: 11 aligned gold toponyms (one more skipped), 10 predictions, 9 matched;
Beirut's gold point lies 1° north of the gazetteer's (111.2 km), Hama's 2° (222.4 km).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.api import evaluate, load_gazetteer
from geomap.cli import main
from geomap.errors import InputError
from geomap.evaluation import error_auc, read_corpus

EVAL = Path(__file__).resolve().parent / "data" / "eval"
MINI = EVAL / "mini.xml"
# One degree of latitude on geopy's great circle (radius 6,371.009 km).
DEGREE_KM = 6371.009 * math.pi / 180

LGL = """<?xml version="1.0"?>
<articles>
  <article docid="7">
    <text>Talks in Homs went on while crowds gathered in Aleppo and in Kessab.</text>
    <toponyms>
      <toponym><start>8</start><end>12</end><phrase>Homs</phrase>
        <gaztag geonameid="169577"><name>Homs</name><lat>34.72405</lat><lon>36.72559</lon>
        </gaztag></toponym>
      <toponym><start>47</start><end>53</end><phrase>Aleppo</phrase>
        <gaztag geonameid="170063"><name>Aleppo</name></gaztag></toponym>
      <toponym><start>61</start><end>67</end><phrase>Kessab</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="module")
def mini(gazetteer):
    return evaluate(MINI, gazetteer)


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_mini_corpus_figures(mini):
    assert mini.shape == "geovirus"
    assert len(mini.articles) == 5
    assert (mini.gold, mini.predicted, mini.matched) == (11, 10, 9)
    assert (mini.shifted, mini.skipped, mini.gold_with_coordinates) == (1, 1, 12)
    assert mini.precision == pytest.approx(9 / 10)
    assert mini.recall == pytest.approx(9 / 11)
    assert mini.f1 == pytest.approx(18 / 21)
    assert sorted(mini.errors_km) == pytest.approx(
        [0, 0, 0, 0, 0, 0, 0, DEGREE_KM, 2 * DEGREE_KM], abs=0.01
    )
    assert mini.accuracy_161 == pytest.approx(8 / 9)
    assert mini.mean_error_km == pytest.approx(3 * DEGREE_KM / 9, abs=0.01)
    assert mini.median_error_km == pytest.approx(0, abs=0.01)
    assert mini.found_and_resolved == pytest.approx(8 / 12)
    scale = math.log(20039)
    y1, y2 = math.log1p(DEGREE_KM) / scale, math.log1p(2 * DEGREE_KM) / scale
    # Seven zeros, then y1 and y2: trapezoids (0 + y1) / 2 and (y1 + y2) / 2 over 8 steps.
    assert mini.auc == pytest.approx((y1 + y2 / 2) / 8, abs=1e-4)
    assert dict(mini.misses) == {"Umm Khuraiza": 1, "Wadi Zeitoun": 1}
    assert dict(mini.false_positives) == {"Deir ez-Zor": 1}
    assert mini.docs_per_second is None or mini.docs_per_second > 0


def test_offsets_are_shifted_or_skipped():
    corpus = read_corpus(MINI)
    second, third = corpus.articles[1], corpus.articles[2]
    damascus = second.toponyms[0]
    assert second.text[damascus.start : damascus.end] == "Damascus"
    assert second.shifted == 1
    assert [t.name for t in third.toponyms] == ["Hama", "Latakia"]
    assert (third.skipped, third.skipped_with_coordinates) == (1, 1)


def test_lgl_shape_with_a_plus_one_shift_and_missing_coordinates(tmp_path, gazetteer):
    path = tmp_path / "lgl.xml"
    path.write_text(LGL, encoding="utf-8")
    corpus = read_corpus(path)
    assert corpus.shape == "lgl"
    (article,) = corpus.articles
    assert article.ident == "7"
    # Homs's offsets are one too low: shifted by +1.
    assert [(t.name, t.start, t.lat is not None) for t in article.toponyms] == [
        ("Homs", 9, True),
        ("Aleppo", 47, False),
        ("Kessab", 61, False),
    ]
    assert article.shifted == 1
    result = evaluate(path, gazetteer)
    # Aleppo counts for recognition only: one resolved pair (Homs), one gold with
    # coordinates.
    assert len(result.errors_km) == result.gold_with_coordinates == 1
    assert result.errors_km[0] == pytest.approx(0, abs=0.01)
    assert result.found_and_resolved == 1.0


def test_geowebnews_shape_leaves_out_what_is_not_a_toponym(gazetteer):
    corpus = read_corpus(EVAL / "geowebnews.xml")
    assert corpus.shape == "geowebnews"
    (article,) = corpus.articles
    # The harbour, the officials and the quay are expressions, the cafe called Brazil a
    # homonym: none is a gold toponym. Coordinates come from <latitude>/<longitude>.
    assert [(t.name, t.lat, t.lon) for t in article.toponyms] == [
        ("Split", 43.50891, 16.43915),
        ("Hvar", 43.17222, 16.44278),
        ("Croatian", 45.16667, 15.5),
    ]
    result = evaluate(EVAL / "geowebnews.xml", gazetteer)
    # It annotates "Croatian" as Croatia, so demonyms count.
    assert result.demonyms
    assert (result.gold, result.matched) == (3, 3)


def test_wiktor_pages_name_their_one_place_at_each_span(gazetteer):
    corpus = read_corpus(EVAL / "wiktor.xml")
    assert corpus.shape == "wiktor"
    assert [a.ident for a in corpus.articles] == ["1", "2"]
    valencia = corpus.articles[0]
    assert [(t.name, t.start, t.lat, t.lon) for t in valencia.toponyms] == [
        ("Valencia", 0, 10.16202, -68.00765),
        ("Valencia", 56, 10.16202, -68.00765),
    ]
    assert len(read_corpus(EVAL / "wiktor.xml", limit=1).articles) == 1
    result = evaluate(EVAL / "wiktor.xml", gazetteer)
    assert (result.gold, result.matched, result.skipped) == (4, 4, 0)


def test_demonyms_count_where_the_corpus_annotates_them(gazetteer):
    path = EVAL / "trnews.xml"
    assert read_corpus(path).shape == "lgl"
    auto = evaluate(path, gazetteer)
    # Turkish, Greek twice, Athens and Turkey.
    assert auto.demonyms
    assert (auto.gold, auto.matched) == (5, 5)
    without = evaluate(path, gazetteer, demonyms=False)
    assert (without.demonyms, without.matched) == (False, 2)
    # GeoVirus-like corpora annotate none: "Philippines" is a demonym of geomap's but
    # the country's own name first.
    mini = evaluate(MINI, gazetteer)
    assert not mini.demonyms
    assert evaluate(MINI, gazetteer, demonyms=True).demonyms


def test_cli_demonyms_option(tmp_path):
    path = str(EVAL / "trnews.xml")
    assert "demonyms            counted" in _run("evaluate", path).output
    result = _run("evaluate", path, "--no-demonyms", "--format", "json")
    data = json.loads(result.output)
    assert data["demonyms"] is False
    assert data["counts"]["matched"] == 2


def test_limit_reads_the_first_articles(gazetteer):
    assert len(evaluate(MINI, gazetteer, limit=2).articles) == 2


def test_error_auc_bounds():
    assert error_auc([0.0, 0.0, 0.0]) == 0.0
    assert error_auc([20039.0, 20039.0]) == pytest.approx(1.0)


def test_cli_table_and_json(tmp_path):
    result = _run("evaluate", str(MINI))
    assert result.exit_code == 0, result.output
    assert "F1                  0.8571" in result.output
    assert "found and resolved  0.6667" in result.output
    out = tmp_path / "scores.json"
    result = _run("evaluate", str(MINI), "--format", "json", "-o", str(out), "--limit", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["articles_read"] == 3
    assert data["counts"]["shifted"] == 1
    assert len(data["per_article"]) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<articles><article>", "not well-formed XML"),
        ("just words, no markup", "not well-formed XML"),
        ("<articles><article><text>x</text></article></articles>", "not an annotated corpus"),
        ("<rows><row/></rows>", "not an annotated corpus"),
        ("<WikToR><page><text>x</text></page></WikToR>", "not an annotated corpus"),
        (
            "<articles><article><text>Split</text><toponyms><toponym><extractedName>Split"
            "</extractedName><end>5</end></toponym></toponyms></article></articles>",
            "a toponym without <start>",
        ),
        (
            "<WikToR><page><toponymName>Perth</toponymName><lat>north</lat><lon>1</lon>"
            "<text>Perth</text><toponymIndices><toponym><start>0</start><end>5</end>"
            "</toponym></toponymIndices></page></WikToR>",
            "bad number in <lat>",
        ),
    ],
)
def test_cli_refuses_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    result = _run("evaluate", str(path))
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_missing_file(tmp_path):
    result = _run("evaluate", str(tmp_path / "absent.xml"))
    assert result.exit_code == 1
    assert "no such file" in result.output


@pytest.mark.parametrize(
    "content",
    [
        # Entity expansion ("billion laughs"), cut short: refused before any expansion.
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l "ha"><!ENTITY l2 "&l;&l;&l;&l;">]>'
        "<articles>&l2;</articles>",
        # An external entity reading a local file.
        '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><articles>&x;</articles>',
        # A bare DTD.
        '<!DOCTYPE articles SYSTEM "http://example.invalid/a.dtd"><articles/>',
    ],
)
def test_hostile_xml_is_refused(tmp_path, content):
    path = tmp_path / "hostile.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="DTD"):
        read_corpus(path)


def test_undeclared_entity_is_an_xml_error(tmp_path):
    path = tmp_path / "entity.xml"
    path.write_text("<articles>&nope;</articles>", encoding="utf-8")
    with pytest.raises(InputError, match="not well-formed XML"):
        read_corpus(path)


def test_geovirus_when_present(shared_dir, gazetteer):
    corpus = shared_dir / "eval" / "GeoVirus.xml"
    if not corpus.is_file():
        pytest.skip("GeoVirus.xml not in ../shared/eval")
    result = evaluate(corpus, gazetteer, limit=10)
    assert result.shape == "geovirus"
    # GeoVirus's offsets are one too high: every toponym is aligned by a shift.
    assert result.skipped == 0
    assert result.shifted == result.gold > 0


def test_oversized_corpus_is_refused(monkeypatch):
    monkeypatch.setattr("geomap.settings.MAX_USER_FILE_BYTES", 100)
    with pytest.raises(InputError, match="MAX_USER_FILE_BYTES"):
        read_corpus(MINI)
