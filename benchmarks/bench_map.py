"""Benchmark the interactive map: HTML size, generation time, time until drawn in Chromium.

    python benchmarks/bench_map.py            # the whole table (about a minute)
    python benchmarks/bench_map.py --points 20000
    python benchmarks/bench_map.py --corpus 2000,5000,10000   # maps of a corpus

Cases: the bundled example; the example with the real HRW damage-sites layer
(../shared/data/aleppo-csr/damage-sites-hrw.geojson, 3,364 points); the example with
5,000 and 100,000 synthetic points (``--layer``, drawn as one canvas layer); and, for
comparison in the same run, a plain folium map with one ``folium.Marker`` per point on
the same 5,000 points. "Drawn" is the time from navigation to ``window.__geomapReady``
(two animation frames after the map and every layer are added) in headless Debian
Chromium, offline (CDN files served from geomap's vendored copies, tiles aborted); for
the plain folium map, to the page's load event plus two animation frames.

Targets (issue 5): 100,000 points in under 15 MB of HTML, generated in under 5 s and
drawn in under 5 s.

With ``--corpus``, the map of a corpus instead (issue 14): for each number of articles
(``bench_corpus.write_corpus``'s, about 2 KB each), ``build_map`` and ``render_map``
timed on what the pipeline gives (computed once and cached, see :func:`corpus_inputs`),
the size of ``map.html`` in all and per article, the distinct places and the incident
markers it draws, its size per one of those, and the time until drawn in Chromium as
above (the median of three draws, beside the bundled example's on the same host). Target:
10,000 articles in under 10 MB, drawn in under 3 s.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HRW = ROOT.parent / "shared" / "data" / "aleppo-csr" / "damage-sites-hrw.geojson"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
]
DRAWS = 3  # draws per corpus map (--corpus), of which the median is reported
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests"]


def synthetic_csv(path: Path, count: int, seed: int = 5) -> Path:
    """*count* points around Aleppo, ACLED-like columns."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["event_date", "event_type", "location", "latitude", "longitude"])
        for i in range(count):
            writer.writerow(
                [
                    f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(TYPES),
                    f"Site {i}",
                    f"{36.2 + rng.gauss(0, 0.05):.6f}",
                    f"{37.15 + rng.gauss(0, 0.06):.6f}",
                ]
            )
    return path


def corpus_inputs(count: int, cache: Path) -> dict:
    """What ``geomap map`` draws for *count* generated articles, computed once and cached.

    The articles are ``bench_corpus.write_corpus``'s (about 2 KB each). Parsing, events and
    control take about 25 ms an article, which is not what this benchmark measures, so
    the pipeline's results (the report, incidents, areas of control and the opening
    date, as :func:`geomap.api.make_map` passes them to ``build_map``) are pickled in
    *cache* as ``corpus-COUNT.pickle`` and reused by later runs.
    """
    path = cache / f"corpus-{count}.pickle"
    if path.is_file():
        with path.open("rb") as f:
            return pickle.load(f)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_corpus import write_corpus

    import geomap.webmap
    from geomap import api

    # make_map's own arguments to build_map, however its pipeline gets them: build_map
    # is wrapped for the one run (make_map imports it when called).
    passed: dict = {}
    build_map = geomap.webmap.build_map

    def recording(report, **kwargs):
        passed.update(report=report, **kwargs)
        return build_map(report, **kwargs)

    geomap.webmap.build_map = recording
    try:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_corpus(Path(tmp), count)
            api.make_map(paths, api.load_gazetteer(), output_dir=Path(tmp) / "map")
    finally:
        geomap.webmap.build_map = build_map
    inputs = {key: passed[key] for key in ("report", "incidents", "snapshots", "opening_date")}
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(inputs, f, protocol=pickle.HIGHEST_PROTOCOL)
    return inputs


def geomap_case(out: Path, layers: list[Path]) -> tuple[Path, float]:
    from geomap import api

    gazetteer = api.load_gazetteer()
    start = time.perf_counter()
    files = api.make_map([], gazetteer, output_dir=out, layers=layers)
    return files.map, time.perf_counter() - start


def plain_folium_case(out: Path, points_csv: Path) -> tuple[Path, float]:
    import folium

    start = time.perf_counter()
    with points_csv.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    m = folium.Map(location=[36.2, 37.15], zoom_start=12)
    for row in rows:
        folium.Marker(
            [float(row["latitude"]), float(row["longitude"])],
            popup=folium.Popup(f"{row['event_type']} {row['event_date']}"),
        ).add_to(m)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "map.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    return path, time.perf_counter() - start


def draw_time(browser, path: Path, *, geomap: bool) -> float:
    from geomap.webmap.offline import serve_url

    page = browser.new_page(viewport={"width": 1200, "height": 800})

    def route(route) -> None:
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
            return
        local = serve_url(url)
        if local is None:
            route.abort()
        else:
            route.fulfill(status=200, body=local[0], content_type=local[1])

    page.route("**/*", route)
    start = time.perf_counter()
    if geomap:
        page.goto(path.resolve().as_uri(), wait_until="commit")
        page.wait_for_function("window.__geomapReady === true", timeout=120_000, polling=20)
    else:
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=120_000)
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def corpus_case(count: int, cache: Path, out: Path, browser) -> dict:
    """Build, render, write and draw the map of *count* generated articles; the figures."""
    from geomap import api
    from geomap.webmap import build_map, render_map
    from geomap.webmap.data import map_data

    inputs = corpus_inputs(count, cache)
    gazetteer = api.load_gazetteer()
    build_map(inputs["report"], title="warm-up")  # folium's imports, not the map's cost
    start = time.perf_counter()
    the_map = build_map(inputs["report"], title="bench", gazetteer=gazetteer, **_drawn(inputs))
    built = time.perf_counter()
    page = render_map(the_map)
    rendered = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    path = out / "map.html"
    path.write_text(page, encoding="utf-8")
    data = map_data(inputs["report"], title="bench", gazetteer=gazetteer, **_drawn(inputs))
    layers = {layer["kind"]: layer for layer in data["layers"]}
    places = sum(len(x["places"]) for x in data["layers"] if x["kind"] == "places")
    incidents = layers.get("incidents", {})
    # Before issue 14 the layer listed one marker (with its popup) per "incidents" item:
    # counted too, to compare with an older checkout put first on PYTHONPATH.
    markers = len(incidents.get("markers", incidents.get("incidents", ())))
    return {
        "articles": count,
        "build": built - start,
        "render": rendered - built,
        "bytes": path.stat().st_size,
        "places": places,
        "markers": markers,
        "cluster": bool(incidents.get("cluster")),
        "drawn": median_draw_time(browser, path),
    }


def median_draw_time(browser, path: Path) -> float:
    """The median of :data:`DRAWS` draws of a geomap page: one draw is noisy on a busy host."""
    return statistics.median(draw_time(browser, path, geomap=True) for _ in range(DRAWS))


def _drawn(inputs: dict) -> dict:
    return {key: inputs[key] for key in ("incidents", "snapshots", "opening_date")}


def corpus_table(sizes: list[int], cache: Path) -> int:
    """Print the corpus table and whether 10,000 articles meet the targets."""
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        # The bundled example's map: what drawing any page costs on this host (Leaflet,
        # the plugins, the tools), which the corpus maps' times include.
        example, _ = geomap_case(Path(tmp) / "example", [])
        baseline = median_draw_time(browser, example)
        for count in sizes:
            rows.append(corpus_case(count, cache, Path(tmp) / str(count), browser))
            print(f"{count:,} articles done", file=sys.stderr, flush=True)
        browser.close()
    print(
        f"{'articles':>8} {'build s':>8} {'render s':>9} {'HTML MB':>8} {'B/article':>10} "
        f"{'places':>7} {'markers':>8} {'B/(place+marker)':>17} {'clusters':>9} {'drawn s':>8} "
        f"{'over example s':>15}"
    )
    for r in rows:
        per_distinct = r["bytes"] / max(r["places"] + r["markers"], 1)
        print(
            f"{r['articles']:>8,} {r['build']:>8.2f} {r['render']:>9.2f} "
            f"{r['bytes'] / 1e6:>8.2f} {r['bytes'] / r['articles']:>10,.0f} {r['places']:>7,} "
            f"{r['markers']:>8,} {per_distinct:>17,.0f} {'yes' if r['cluster'] else 'no':>9} "
            f"{r['drawn']:>8.2f} {r['drawn'] - baseline:>15.2f}"
        )
    print(f"the bundled example's map is drawn in {baseline:.2f} s (median of {DRAWS})")
    big = next((r for r in rows if r["articles"] == 10_000), None)
    if big is not None:
        ok = big["bytes"] < 10e6 and big["drawn"] < 3
        print(f"targets for 10,000 articles (<10 MB, drawn <3 s): {'met' if ok else 'NOT met'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--points", type=int, default=100_000, help="synthetic points")
    parser.add_argument("--baseline", type=int, default=5_000, help="plain folium markers")
    parser.add_argument("--corpus", help="comma-separated article counts: the corpus table")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "geomap-bench-map",
        help="where the corpus pipeline's results are kept between runs",
    )
    args = parser.parse_args(argv)
    if args.corpus:
        return corpus_table([int(n) for n in args.corpus.split(",")], args.cache)

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        tmp = Path(tmp)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        small = synthetic_csv(tmp / f"synthetic-{args.baseline}.csv", args.baseline)
        big = synthetic_csv(tmp / f"synthetic-{args.points}.csv", args.points)
        cases = [("example", [], None)]
        if HRW.is_file():
            cases.append(("example + HRW damage sites (3,364)", [HRW], None))
        else:
            print(f"note: {HRW} missing; HRW case skipped", file=sys.stderr)
        cases += [
            (f"example + {args.baseline:,} points (geomap)", [small], None),
            (f"plain folium, {args.baseline:,} folium.Marker", None, small),
            (f"example + {args.points:,} points (geomap)", [big], None),
        ]
        for number, (label, layers, plain) in enumerate(cases):
            out = tmp / f"case-{number}"
            if plain is None:
                path, generated = geomap_case(out, layers)
            else:
                path, generated = plain_folium_case(out, plain)
            drawn = draw_time(browser, path, geomap=plain is None)
            rows.append((label, path.stat().st_size, generated, drawn))
        browser.close()

    print(f"{'case':<42} {'HTML MB':>8} {'generate s':>11} {'drawn s':>8}")
    for label, size, generated, drawn in rows:
        print(f"{label:<42} {size / 1e6:>8.2f} {generated:>11.2f} {drawn:>8.2f}")
    ours = next(r for r in rows if r[0].startswith(f"example + {args.baseline:,}"))
    plain = next(r for r in rows if r[0].startswith("plain folium"))
    example = rows[0]
    print(
        f"\n{args.baseline:,} points, plain folium / geomap layer (layer's share, example "
        f"subtracted): size {(plain[1]) / max(ours[1] - example[1], 1):.1f}x, "
        f"draw {plain[3] / max(ours[3], 1e-9):.1f}x (whole pages)"
    )
    big_row = rows[-1]
    ok = big_row[1] < 15e6 and big_row[2] < 5 and big_row[3] < 5
    print(f"targets for {args.points:,} points (<15 MB, <5 s, <5 s): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
