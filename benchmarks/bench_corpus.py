"""Benchmark a corpus: ``geomap map`` over 250 to 2,000 articles, and how its cost grows.

Run from the repository root::

    python benchmarks/bench_corpus.py               # 250, 500, 1,000, 2,000 articles
    python benchmarks/bench_corpus.py --max 8000    # doubling on to 8,000
    python benchmarks/bench_corpus.py --sizes 100,1000 --no-stages

The articles (about 2 KB each) are written by the benchmark in the project's own
words: a handful of report templates, like the bundled examples, filled with numbers,
dates, actors and places drawn from the shipped gazetteer (Aleppo's districts; Syrian,
Iraqi, Ukrainian and Sudanese towns). Each size runs in a fresh Python process, so its
peak RSS (``resource.getrusage``) is its own: :func:`geomap.api.make_map` on the list
of paths into a temporary folder, timed (wall and CPU), then, unless ``--no-stages``,
the same pipeline stage by stage (read and geoparse; events extraction and merge; the
control report; GeoJSON and map writing). With ``--tracemalloc``, the staged run also
reports Python's peak allocation (tracemalloc slows every stage about twofold, so its
times are then not comparable with the others').

Printed: a table per size (times, RSS, output sizes), the growth exponent of the CPU
time between successive sizes (the slope of log time against log size: 1 is linear,
2 quadratic) and ``time(10x) / time(x)`` where both sizes ran, per stage as well.

To compare with another checkout (before a change), put it first on the path::

    PYTHONPATH=/path/to/old/checkout python benchmarks/bench_corpus.py
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

SIZES = (250, 500, 1000, 2000)
STAGES = ("read+geoparse", "events", "control", "write")

# Places the templates name, all in the shipped gazetteer (offline).
ALEPPO_DISTRICTS = [
    "Sheikh Saeed", "Saliheen", "Firdous", "Kalasa", "Bustan al-Qasr", "al-Shaar",
    "Masaken Hanano", "Tariq al-Bab", "Qadi Askar", "al-Sakhour", "Karm al-Jabal",
]  # fmt: skip
TOWNS = {
    "Syria": ["Raqqa", "Douma", "Manbij", "Saraqib", "Kobani"],
    "Iraq": ["Mosul", "Tikrit", "Fallujah", "Ramadi", "Tal Afar"],
    "Ukraine": ["Kharkiv", "Bakhmut", "Mariupol", "Kherson", "Izium", "Avdiivka", "Sumy"],
    "Sudan": ["El Fasher", "Omdurman", "Nyala", "Wad Madani", "Geneina"],
}
ACTORS = {
    "Syria": ["Syrian government forces", "rebels", "Islamic State fighters", "the SDF"],
    "Iraq": ["Iraqi forces", "Islamic State fighters", "the Popular Mobilisation Forces"],
    "Ukraine": ["Russian forces", "Ukrainian troops"],
    "Sudan": ["the Rapid Support Forces", "the Sudanese army"],
}
OUTLETS = ["Reuters", "AFP", "the BBC", "Al Jazeera", "Anadolu Agency", "the UN"]

ALEPPO = """Government troops advance in eastern Aleppo
Published {day} {month} 2016

Syrian government troops and allied militias captured {d1} in eastern Aleppo on {weekday}, \
{outlet} reported. The Syrian Observatory for Human Rights said rebels also pulled out of \
{d2} and {d3} the same day, after heavy shelling overnight.

An air strike on a market in {d2} killed {n1} civilians and wounded {n2} others, according \
to local rescue workers quoted by {outlet2}. Shelling of {d4} killed {n3} people, the \
Observatory said. The figures could not be independently verified.

The size of what is left to the rebels is disputed. {outlet} put it at {area} square \
kilometres on {weekday}. About {people},000 civilians are trapped in the remaining \
pocket, according to the UN, and many moved from {d1} into the streets that rebels still \
hold around {d4}.

Rebels shelled {d5}, in the west of the city, killing {n4} people, state media said. \
Hundreds of families fled {d3} on foot towards {d5} as the fighting moved closer.

Death tolls for the whole offensive vary widely. Local sources said {toll} civilians had \
been killed in the east since 15 November, while the Observatory counted {n5} civilian \
deaths in the past week alone. Medical workers in {d5} said the last hospital in the east \
had stopped working after an air strike hit its generator, and that {n6} wounded people \
were waiting to be evacuated. Rebel officials and Russian diplomats were said to be \
discussing a ceasefire and a corridor for fighters and civilians to leave the last \
districts, but {outlet2} could not confirm when the first buses would go.

[geomap benchmark text, written by the project: illustrative, not reports of real events.]
"""

TOWN = """Fighting around {town} as {actor1} press on
Published {day} {month} {year}

{actor1} shelled {town} on {weekday}, killing {n1} civilians and wounding {n2}, {outlet} \
reported, citing local officials. A drone strike on a school in {town2} killed {n3} people \
the same day, the officials said.

{actor2} said they had repelled an attack near {town3} and that {n4} of their fighters had \
been killed in clashes on the outskirts of {town}. The claims could not be independently \
verified by {outlet2}.

Aid agencies said about {people},000 people had fled {town} since the start of the month, \
many of them towards {town2}. The UN said {n5} civilians had been killed in the province \
over the past week, and that hospitals in {town3} had run out of fuel.

On {weekday}, residents of {town2} reported heavy artillery fire and an air strike on a \
bakery that killed {n6} people queuing for bread. {actor2} blamed {actor1} for the \
attack; {actor1} did not comment.

A ceasefire announced by {outlet} a week earlier collapsed within hours. Talks on a \
corridor for civilians to leave {town} were due to resume on {weekday}, officials said, \
but no date had been set for the first convoy.

Local monitors said at least {n2} people had been killed in {town3} and the villages \
around it since the start of the week, most of them by shelling, and that {n3} others \
had been detained by {actor1} at checkpoints on the road to {town2}. {outlet2} quoted a \
doctor in {town} as saying the wounded were being treated in basements. Humanitarian \
groups appealed for safe passage for food convoys, and the UN said about {people},000 \
people in {town2} depended on aid that had not arrived for a month.

[geomap benchmark text, written by the project: illustrative, not reports of real events.]
"""

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article_text(rng: random.Random, index: int) -> str:
    """One article of about 2 KB: an Aleppo report (a third) or a town report."""
    common = {
        "weekday": rng.choice(WEEKDAYS),
        "outlet": rng.choice(OUTLETS),
        "outlet2": rng.choice(OUTLETS),
        "people": rng.randint(2, 120),
    }
    numbers = {f"n{i}": rng.randint(2, 60) for i in range(1, 7)}
    if index % 3 == 0:
        day = datetime.date(2016, 11, 15) + datetime.timedelta(days=rng.randint(0, 30))
        d = rng.sample(ALEPPO_DISTRICTS, 5)
        return ALEPPO.format(
            day=day.day,
            month=day.strftime("%B"),
            **{f"d{i + 1}": name for i, name in enumerate(d)},
            area=rng.choice([6, 7, 8.6, 10, 12.5, 15]),
            toll=f"{rng.randint(300, 1500):,}",
            **common,
            **numbers,
        )
    country = rng.choice(sorted(TOWNS))
    town, town2, town3 = rng.sample(TOWNS[country], 3)
    actor1, actor2 = rng.sample(ACTORS[country], 2)
    year = {"Syria": 2017, "Iraq": 2017, "Ukraine": 2023, "Sudan": 2024}[country]
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 330))
    return TOWN.format(
        day=day.day,
        month=day.strftime("%B"),
        year=year,
        town=town,
        town2=town2,
        town3=town3,
        actor1=actor1[0].upper() + actor1[1:],
        actor2=actor2[0].upper() + actor2[1:],
        **common,
        **numbers,
    )


def write_corpus(folder: Path, count: int, seed: int = 14) -> list[Path]:
    """Write *count* articles into *folder*; the same *seed* gives the same texts."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        path = folder / f"article-{index:05d}.txt"
        path.write_text(article_text(rng, index), encoding="utf-8")
        paths.append(path)
    return paths


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def run_size(count: int, stages: bool, trace: bool = False) -> dict:
    """Run ``geomap map``'s pipeline on *count* articles (in this process); the figures."""
    from geomap import api

    gazetteer = api.load_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "articles").mkdir()
        paths = write_corpus(folder / "articles", count)
        corpus_bytes = sum(p.stat().st_size for p in paths)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = _clock()
        files = api.make_map(paths, gazetteer, output_dir=folder / "map", jobs=1)
        wall, cpu = _since(start)
        result = {
            "articles": count,
            "corpus_kb": corpus_bytes / 1e3,
            "wall": wall,
            "cpu": cpu,
            # ru_maxrss is in kilobytes on Linux; the process read the gazetteer first.
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3,
            "rss_before_mb": rss_before / 1e3,
            "sizes_kb": {
                p.name: p.stat().st_size / 1e3
                for p in (files.map, files.places, files.events, files.control)
                if p is not None
            },
        }
        if stages:
            result["stages"] = _stages(api, gazetteer, paths, folder / "staged", trace)
    result["geomap"] = str(Path(api.__file__).parent)  # which checkout ran
    return result


def _stages(api, gazetteer, paths: list[Path], directory: Path, trace: bool) -> dict:
    """``make_map``'s steps one by one (its body, without layers or --online): CPU s each."""
    from geomap.events import merge_incidents
    from geomap.output.files import write_output_folder
    from geomap.output.geojson import control_geojson, dumps_geojson, events_geojson, places_geojson
    from geomap.pipeline import analyse_article, analyse_document
    from geomap.webmap import build_map, render_map

    times: dict[str, float] = {}
    if trace:
        tracemalloc.start()
    start = _clock()
    articles = api.read_articles(paths)
    geoparsed = [analyse_article(a, gazetteer, events=False) for a in articles]
    times["read+geoparse"] = _since(start)[1]
    start = _clock()
    results = [analyse_document(r.document, gazetteer) for r in geoparsed]
    analysis = api._Analysis(
        results,
        api._place_report([r.document for r in results]),
        merge_incidents([i for r in results for i in r.incidents]),
    )
    report, incidents = analysis.report, analysis.incidents
    times["events"] = _since(start)[1]
    start = _clock()
    control = api.control_report(paths, gazetteer, analysis=analysis)
    times["control"] = _since(start)[1]
    start = _clock()
    dated = [a.date for a in articles if a.date is not None]
    the_map = build_map(
        report,
        title="bench",
        gazetteer=gazetteer,
        incidents=incidents,
        snapshots=control.snapshots,
        opening_date=max(dated, default=None),
    )
    write_output_folder(
        directory,
        {
            "places.geojson": dumps_geojson(places_geojson(report)),
            "control.geojson": dumps_geojson(control_geojson(control.snapshots)),
            "events.geojson": dumps_geojson(events_geojson(incidents, gazetteer=gazetteer)),
            "map.html": render_map(the_map),
        },
    )
    times["write"] = _since(start)[1]
    if trace:
        times["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return times


def _slope(x0: float, y0: float, x1: float, y1: float) -> float:
    return math.log(y1 / y0) / math.log(x1 / x0) if y0 > 0 and y1 > 0 else float("nan")


def report(rows: list[dict]) -> None:
    """Print the table, the growth exponents and the 10x ratios."""
    print(
        f"{'articles':>8} {'wall s':>8} {'CPU s':>8} {'ms/art':>7} {'RSS MB':>7} "
        f"{'map.html kB':>11} {'places kB':>10} {'events kB':>10} {'control kB':>10}"
    )
    for r in rows:
        s = r["sizes_kb"]
        print(
            f"{r['articles']:>8,} {r['wall']:>8.2f} {r['cpu']:>8.2f} "
            f"{1e3 * r['cpu'] / r['articles']:>7.1f} {r['rss_mb']:>7.0f} "
            f"{s.get('map.html', 0):>11,.0f} {s.get('places.geojson', 0):>10,.0f} "
            f"{s.get('events.geojson', 0):>10,.0f} {s.get('control.geojson', 0):>10,.0f}"
        )
    staged = [r for r in rows if "stages" in r]
    if staged:
        print("\nCPU s by stage (a separate run of the same steps)")
        traced = all("tracemalloc_peak_mb" in r["stages"] for r in staged)
        peak = f" {'peak MB':>8}" if traced else ""
        print(f"{'articles':>8} " + " ".join(f"{s:>14}" for s in STAGES) + peak)
        for r in staged:
            t = r["stages"]
            cells = " ".join(f"{t[s]:>14.2f}" for s in STAGES)
            cells += f" {t['tracemalloc_peak_mb']:>8.0f}" if traced else ""
            print(f"{r['articles']:>8,} {cells}")
    print("\ngrowth exponent (log-log slope of CPU time; 1 = linear, 2 = quadratic)")
    for a, b in itertools.pairwise(rows):
        parts = [f"make_map {_slope(a['articles'], a['cpu'], b['articles'], b['cpu']):.2f}"]
        if "stages" in a and "stages" in b:
            parts += [
                f"{s} {_slope(a['articles'], a['stages'][s], b['articles'], b['stages'][s]):.2f}"
                for s in STAGES
            ]
        print(f"  {a['articles']:>6,} -> {b['articles']:<6,} " + ", ".join(parts))
    by_size = {r["articles"]: r for r in rows}
    for r in rows:
        big = by_size.get(10 * r["articles"])
        if big:
            print(
                f"  time({10 * r['articles']:,}) / time({r['articles']:,}) = "
                f"{big['cpu'] / r['cpu']:.1f} (linear: 10, quadratic: 100)"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", help="comma-separated article counts (default 250..2000)")
    parser.add_argument("--max", type=int, help="double from 250 up to this many articles")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage run")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="trace the staged run's Python allocations"
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_size(args.child, not args.no_stages, args.tracemalloc)))
        return 0
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    elif args.max:
        sizes = [SIZES[0]]
        while sizes[-1] * 2 <= args.max:
            sizes.append(sizes[-1] * 2)
    else:
        sizes = list(SIZES)
    rows = []
    for count in sizes:
        # A process per size: its peak RSS is that size's alone.
        command = [sys.executable, __file__, "--child", str(count)]
        command += ["--no-stages"] * args.no_stages + ["--tracemalloc"] * args.tracemalloc
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        rows.append(json.loads(done.stdout.splitlines()[-1]))
        print(f"{count:,} articles: {rows[-1]['cpu']:.1f} s CPU", file=sys.stderr, flush=True)
    report(rows)
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
