"""Scaling: corpus-wide stages stay linear, and the GeoJSON layout (compact or ``--indent``).

``merge_figures`` and the map view's ``dense_cluster`` are checked against the full
scans they replaced (every figure against every kept one, every place from every
centre) on random inputs, and must finish in seconds on a corpus's worth;
``dumps_geojson`` must give the same JSON compact or indented.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from dataclasses import replace

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.cli import main
from geomap.control.figures import FIGURE_WINDOW_DAYS, merge_figures
from geomap.model import ReportedFigure
from geomap.output.geojson import dumps_geojson, geojson_chunks
from geomap.webmap.data import VIEW_CLUSTER_KM, dense_cluster, haversine_km

DAY0 = datetime.date(2016, 11, 15)


def _pairwise_merge(figures: list[ReportedFigure]) -> list[ReportedFigure]:
    """The merge before blocking: each figure against every kept one, first match wins."""
    out: list[ReportedFigure] = []
    for figure in figures:
        for i, kept in enumerate(out):
            if (
                kept.kind == figure.kind
                and kept.controller == figure.controller
                and kept.value == figure.value
                and abs((kept.date - figure.date).days) <= FIGURE_WINDOW_DAYS
            ):
                parts = kept.source.split("; ")
                parts += [p for p in figure.source.split("; ") if p not in parts]
                out[i] = replace(kept, source="; ".join(parts))
                break
        else:
            out.append(figure)
    return out


# Few kinds, sides, values, days and sources, so that repeats (and near repeats: a day
# or three apart, a chain of days) are common.
_SOURCES = st.lists(st.sampled_from(["AFP", "BBC", "SANA", "Anadolu"]), min_size=1, max_size=3)
_FIGURE = st.builds(
    ReportedFigure,
    date=st.integers(0, 12).map(lambda d: DAY0 + datetime.timedelta(days=d)),
    kind=st.sampled_from(["area_km2", "share_percent", "people"]),
    value=st.sampled_from([6.0, 8.6, 90.0, 98.0, 100000.0]),
    controller=st.sampled_from([None, "government", "rebels"]),
    source=_SOURCES.map("; ".join),
)


@settings(max_examples=300, deadline=None)
@given(figures=st.lists(_FIGURE, max_size=40))
def test_merge_figures_equals_the_pairwise_merge(figures: list[ReportedFigure]) -> None:
    assert merge_figures(figures) == _pairwise_merge(figures)


def _many_figures(count: int, seed: int = 14) -> list[ReportedFigure]:
    rng = random.Random(seed)
    return [
        ReportedFigure(
            date=DAY0 + datetime.timedelta(days=rng.randint(0, 400)),
            kind=rng.choice(["area_km2", "share_percent", "people"]),
            value=float(rng.randint(1, 300)),
            controller=rng.choice([None, "government", "rebels"]),
            source=f"outlet {rng.randint(1, 50)}",
            location=f"article-{n}:0",
        )
        for n in range(count)
    ]


def test_merge_figures_of_a_corpus_is_linear() -> None:
    figures = _many_figures(20_000)
    start = time.process_time()
    merged = merge_figures(figures)
    elapsed = time.process_time() - start
    # Pairwise, this was about 10**8 comparisons (minutes); blocked, well under a second.
    assert elapsed < 5, elapsed
    assert 0 < len(merged) < len(figures)
    sample = figures[:1_500]  # the pairwise merge, on a sample it can do quickly
    assert merge_figures(sample) == _pairwise_merge(sample)
    assert merge_figures(figures) == merged  # the same figures, the same answer


def test_merge_figures_joins_sources_once_in_order() -> None:
    first = ReportedFigure(DAY0, "area_km2", 8.6, "rebels", source="AFP; BBC")
    again = [
        replace(first, date=DAY0 + datetime.timedelta(days=2), source="BBC; SANA"),
        replace(first, date=DAY0 + datetime.timedelta(days=3), source="CNN"),  # 3 days: kept
        replace(first, value=8.5, source="Xinhua"),
    ]
    merged = merge_figures([first, *again])
    assert [f.source for f in merged] == ["AFP; BBC; SANA", "CNN", "Xinhua"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(st.text(max_size=8), _JSON, max_size=5))
def test_dumps_geojson_compact_and_indented_say_the_same(data: dict) -> None:
    compact = dumps_geojson(data)
    indented = dumps_geojson(data, indent=2)
    assert json.loads(compact) == json.loads(indented) == data
    assert compact.endswith("\n") and not compact.endswith("\n\n")
    assert compact.count("\n") == 1  # one line: strings' newlines are escaped
    assert dumps_geojson(data) == compact  # deterministic


def test_dumps_geojson_is_compact_utf8_by_default() -> None:
    data = {"type": "Feature", "properties": {"name": "حلب", "area_km2": 0.5}, "geometry": None}
    assert dumps_geojson(data) == (
        '{"type":"Feature","properties":{"name":"حلب","area_km2":0.5},"geometry":null}\n'
    )
    assert dumps_geojson(data, indent=2).startswith('{\n  "type": "Feature",\n')


def _invoke(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_events_geojson_compact_by_default_and_indented_with_indent() -> None:
    compact = _invoke("events", "--format", "geojson").stdout
    indented = _invoke("events", "--format", "geojson", "--indent", "2").stdout
    assert compact.count("\n") == 1 and compact.startswith('{"type":"FeatureCollection"')
    assert indented.startswith('{\n  "type": "FeatureCollection",\n  "features": [\n')
    assert json.loads(compact) == json.loads(indented)
    assert _invoke("events", "--format", "geojson").stdout == compact  # deterministic


def test_map_indent_writes_every_geojson_indented(tmp_path) -> None:
    _invoke("map", "-o", str(tmp_path / "compact"))
    _invoke("map", "-o", str(tmp_path / "indented"), "--indent", "2")
    for name in ("places.geojson", "control.geojson", "events.geojson"):
        compact = (tmp_path / "compact" / name).read_text(encoding="utf-8")
        indented = (tmp_path / "indented" / name).read_text(encoding="utf-8")
        assert compact.count("\n") == 1, name
        assert indented.startswith('{\n  "type": "FeatureCollection"'), name
        assert json.loads(compact) == json.loads(indented), name
    # The map itself does not depend on the files' layout.
    assert (tmp_path / "compact" / "map.html").read_bytes() == (
        tmp_path / "indented" / "map.html"
    ).read_bytes()


def test_places_json_indent() -> None:
    default = _invoke("resolve", "Firdous", "--json").stdout
    assert _invoke("resolve", "Firdous", "--json", "--indent", "2").stdout == default
    flat = _invoke("resolve", "Firdous", "--json", "--indent", "0").stdout
    assert json.loads(flat) == json.loads(default) and "\n  " not in flat


def test_indent_must_not_be_negative() -> None:
    result = CliRunner().invoke(main, ["events", "--format", "geojson", "--indent", "-1"])
    assert result.exit_code == 2 and "--indent" in result.output


def _dense_cluster_by_scan(points, radius_km=VIEW_CLUSTER_KM):
    """The map's view before banding: every distinct point measured from every centre."""
    weights: dict = {}
    kinds: dict = {}
    for lat, lon, weight, kind in points:
        key = (round(lat, 6), round(lon, 6))
        weights[key] = weights.get(key, 0) + weight
        kinds.setdefault(key, kind)
    distinct = sorted(weights)
    best = None
    for centre in distinct:
        near = [(p, haversine_km(centre, p)) for p in distinct]
        near = [(p, d) for p, d in near if d <= radius_km]
        rank = (-sum(weights[p] for p, _ in near), sum(weights[p] * d for p, d in near), *centre)
        if best is None or rank < best[0]:
            best = (rank, [p for p, _ in near])
    return [(*p, weights[p], kinds[p]) for p in best[1]] if best else []


# Clusters (a city's districts, towns around it) and points across the world, poles
# and band edges included.
_POINT = st.one_of(
    st.tuples(st.floats(36.0, 36.5), st.floats(37.0, 37.4)),
    st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
    st.tuples(st.sampled_from([0.0, 0.4496, -0.4496, 89.9, -89.9]), st.floats(-180, 180)),
).map(lambda p: (*p, 1, "town"))


@settings(max_examples=300, deadline=None)
@given(points=st.lists(_POINT, max_size=30), radius=st.sampled_from([VIEW_CLUSTER_KM, 5.0, 500.0]))
def test_dense_cluster_equals_the_full_scan(points: list, radius: float) -> None:
    assert dense_cluster(points, radius) == _dense_cluster_by_scan(points, radius)


def test_dense_cluster_of_many_places_is_fast() -> None:
    rng = random.Random(3)
    points = [(rng.uniform(-60, 70), rng.uniform(-180, 180), 1, "town") for _ in range(6_000)]
    points += [(36.2 + rng.gauss(0, 0.05), 37.15 + rng.gauss(0, 0.05), 1, "district")] * 50
    start = time.process_time()
    cluster = dense_cluster(points)
    assert time.process_time() - start < 5  # the full scan: 36 million distances
    assert all(abs(lat - 36.2) < 1 for lat, *_ in cluster)


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    features=st.lists(
        st.fixed_dictionaries(
            {
                "type": st.just("Feature"),
                "properties": st.dictionaries(st.text(max_size=8), _JSON_VALUES),
            }
        ),
        max_size=6,
    ),
    indent=st.sampled_from([None, 0, 2]),
)
def test_geojson_chunks_join_to_dumps_geojson(features: list[dict], indent: int | None) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    joined = b"".join(geojson_chunks(iter(features), indent=indent))
    assert joined == dumps_geojson(collection, indent=indent).encode("utf-8")


def test_map_files_written_in_pieces_are_the_whole_texts(tmp_path) -> None:
    from geomap import api
    from geomap.output.geojson import events_geojson, places_geojson

    gazetteer = api.load_gazetteer()
    files = api.make_map([], gazetteer, output_dir=tmp_path / "map", jobs=1)
    report = api.find_places([], gazetteer, jobs=1)
    incidents = api.find_events([], gazetteer, jobs=1)
    articles = api.read_articles([])
    assert files.places.read_text(encoding="utf-8") == dumps_geojson(places_geojson(report))
    assert files.events.read_text(encoding="utf-8") == dumps_geojson(
        events_geojson(incidents, gazetteer=gazetteer, articles=articles)
    )
