"""Benchmark a corpus: ``geomap map`` (or another command) over 1,000 to 100,000 articles.

Run from the repository root::

    python benchmarks/bench_corpus.py                      # 1,000 and 10,000 articles
    python benchmarks/bench_corpus.py --sizes 1000,10000,100000 --modes pool \
        --command events --format parquet                  # the 100,000-article run
    python benchmarks/bench_corpus.py --sizes 300 --stages # CPU by stage, in-process
    python benchmarks/bench_corpus.py --sizes 10000 --modes pool \
        --news ../shared/eval/GeoVirus.xml                 # ordinary news, ~1.7 KB each

The articles (about 2 KB each) are written by the benchmark in the project's own
words: a handful of report templates, like the bundled examples, filled with numbers,
dates, actors and places drawn from the shipped gazetteer (Aleppo's districts; Syrian,
Iraqi, Ukrainian and Sudanese towns); with ``--news XML`` they are instead the texts
of an annotated news corpus, replicated with their numbers varied (read from where it
lies, written only to the benchmark's temporary folder). Each size's corpus is written
once into a folder; each mode then runs the command on the folder in a fresh process,
as a user would (``python -m geomap map FOLDER -o OUT --quiet``):

* ``serial``: ``--jobs 1``;
* ``pool``: ``--jobs N`` (``--jobs``, default one per core);
* ``dask``: ``--jobs N --scheduler local`` (a Dask LocalCluster; ``geomap[dask]``).

Measured per run: wall time; CPU time of the process and every worker it waited for
(``getrusage(RUSAGE_CHILDREN)``); peak RSS, both of the largest process and of the
whole process tree (the sum of ``VmRSS`` over the tree, sampled from ``/proc`` every
0.1 s, Linux only; forked workers share the parent's pages, so the sum overstates a
little); output sizes. Printed: a table, the growth exponent of the wall and CPU time
between successive sizes (the slope of log time against log size: 1 is linear, 2
quadratic), ``time(10x) / time(x)`` where both ran, and each mode's speed-up over
``serial``. ``--stages`` also times ``make_map``'s steps one by one, in this process,
and the crossing of the results from the workers (pickled, then unpickled).

To compare with another checkout (before a change), put it first on the path::

    PYTHONPATH=/path/to/old/checkout python benchmarks/bench_corpus.py
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import math
import os
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (1000, 10000)
MODES = ("serial", "pool", "dask")
STAGES = ("read+geoparse", "events", "crossing", "control", "write")

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


def write_corpus(folder: Path, count: int, seed: int = 14, news: Path | None = None) -> list[Path]:
    """Write *count* articles into *folder*; the same *seed* gives the same texts.

    With *news*, an annotated corpus (geomap evaluate's XML), its articles' texts are
    written again and again in order, each number in them (but years) moved by 0-3,
    so that no two copies are the same text; they are written to a temporary folder
    only, never into the project.
    """
    rng = random.Random(seed)
    texts: list[str] = []
    if news is not None:
        from geomap.evaluation import read_corpus

        texts = [article.text for article in read_corpus(news).articles]
    paths = []
    for index in range(count):
        path = folder / f"article-{index:05d}.txt"
        if texts:
            text = _NUMBER_RE.sub(
                lambda m: str(int(m.group()) + rng.randint(0, 3)), texts[index % len(texts)]
            )
        else:
            text = article_text(rng, index)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# Numbers of one to three digits: counts, days, ages; years are left as they are.
_NUMBER_RE = re.compile(r"(?<![0-9])[0-9]{1,3}(?![0-9])")


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def _stages(api, gazetteer, paths: list[Path], directory: Path) -> dict:
    """``make_map``'s steps one by one (its body, without layers or --online): CPU s each."""
    from geomap.events import merge_incidents
    from geomap.output.files import write_output_folder
    from geomap.output.geojson import control_geojson, dumps_geojson, events_geojson, places_geojson
    from geomap.pipeline import analyse_article, analyse_document
    from geomap.webmap import build_map, render_map

    times: dict[str, float] = {}
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
    # What a pool adds: each result pickled in a worker and unpickled in the parent.
    start = _clock()
    for result in results:
        pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    times["crossing"] = _since(start)[1]
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
    return times


def _tree_rss_kb(root: int) -> int:
    """The summed VmRSS of *root* and its descendants, from /proc (0 where unreadable)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def run_command(command: list[str]) -> dict:
    """Run *command*; its wall and CPU time (with its workers') and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tree_peak = 0
    sampling = Path("/proc").is_dir()
    while process.poll() is None:
        if sampling:
            tree_peak = max(tree_peak, _tree_rss_kb(process.pid))
        time.sleep(0.1)
    wall = time.perf_counter() - start
    _, err = process.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode(errors='replace')}")
    return {
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        # ru_maxrss is in kilobytes on Linux: the largest single process so far.
        "rss_mb": after.ru_maxrss / 1e3,
        "tree_rss_mb": tree_peak / 1e3,
    }


def _output_sizes(output: Path) -> dict[str, float]:
    """kB per output file (a folder's files summed under its name)."""
    if output.is_file():
        return {output.name: output.stat().st_size / 1e3}
    sizes: dict[str, float] = {}
    for path in output.iterdir():
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        sizes[path.name] = sum(p.stat().st_size for p in files) / 1e3
    return sizes


def run_size(count: int, modes: list[str], args: argparse.Namespace) -> list[dict]:
    """Write *count* articles, run the command on them in each mode; a row per mode."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        write_corpus(folder, count, news=args.news)
        corpus_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        for mode in modes:
            output = Path(tmp) / f"out-{mode}"
            if args.command == "events" and args.format not in ("parquet",):
                output = output.with_suffix(f".{args.format}")
            command = [sys.executable, "-m", "geomap", args.command, str(folder), "--quiet"]
            command += ["-o", str(output)]
            if args.format:
                command += ["--format", args.format]
            command += ["--jobs", "1" if mode == "serial" else str(args.jobs)]
            command += ["--scheduler", "local"] if mode == "dask" else []
            row = {"articles": count, "mode": mode, "corpus_mb": corpus_mb}
            row.update(run_command(command))
            row["sizes_kb"] = _output_sizes(output)
            rows.append(row)
            print(
                f"{count:,} articles, {mode}: {row['wall']:.1f} s wall, {row['cpu']:.1f} s CPU",
                file=sys.stderr,
                flush=True,
            )
        if args.stages:
            from geomap import api

            gazetteer = api.load_gazetteer()
            paths = sorted(folder.iterdir())
            rows[0]["stages"] = _stages(api, gazetteer, paths, Path(tmp) / "staged")
    return rows


def _slope(x0: float, y0: float, x1: float, y1: float) -> float:
    return math.log(y1 / y0) / math.log(x1 / x0) if y0 > 0 and y1 > 0 else float("nan")


def report(rows: list[dict]) -> None:
    """Print the table, the growth exponents, the 10x ratios and the speed-ups."""
    names = sorted({name for r in rows for name in r["sizes_kb"]})
    print(
        f"{'articles':>8} {'mode':>6} {'wall s':>8} {'CPU s':>8} {'ms/art':>7} "
        f"{'RSS MB':>7} {'tree MB':>7} " + " ".join(f"{n + ' kB':>16}" for n in names)
    )
    for r in rows:
        sizes = " ".join(f"{r['sizes_kb'].get(n, 0):>16,.0f}" for n in names)
        print(
            f"{r['articles']:>8,} {r['mode']:>6} {r['wall']:>8.2f} {r['cpu']:>8.2f} "
            f"{1e3 * r['wall'] / r['articles']:>7.2f} {r['rss_mb']:>7.0f} "
            f"{r['tree_rss_mb']:>7.0f} {sizes}"
        )
    staged = [r for r in rows if "stages" in r]
    if staged:
        print("\nCPU s by stage (in this process, serial)")
        print(f"{'articles':>8} " + " ".join(f"{s:>14}" for s in STAGES))
        for r in staged:
            print(f"{r['articles']:>8,} " + " ".join(f"{r['stages'][s]:>14.2f}" for s in STAGES))
    print("\ngrowth exponent (log-log slope; 1 = linear, 2 = quadratic)")
    for mode in dict.fromkeys(r["mode"] for r in rows):
        runs = [r for r in rows if r["mode"] == mode]
        for a, b in itertools.pairwise(runs):
            wall = _slope(a["articles"], a["wall"], b["articles"], b["wall"])
            cpu = _slope(a["articles"], a["cpu"], b["articles"], b["cpu"])
            ratio = ""
            if b["articles"] == 10 * a["articles"]:
                ratio = f"; wall({b['articles']:,}) / wall({a['articles']:,}) = "
                ratio += f"{b['wall'] / a['wall']:.1f} (linear: 10)"
            print(
                f"  {mode:>6} {a['articles']:>7,} -> {b['articles']:<7,} "
                f"wall {wall:.2f}, CPU {cpu:.2f}{ratio}"
            )
    serial = {r["articles"]: r for r in rows if r["mode"] == "serial"}
    for r in rows:
        base = serial.get(r["articles"])
        if base and r["mode"] != "serial":
            print(
                f"  {r['articles']:,} articles: {r['mode']} {base['wall'] / r['wall']:.2f}x "
                "as fast as serial (wall)"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", help="comma-separated article counts (default 1000,10000)")
    parser.add_argument("--modes", default="serial,pool", help="of serial,pool,dask")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pool/dask workers")
    parser.add_argument("--command", default="map", choices=("map", "events", "places"))
    parser.add_argument("--format", help="the command's --format (e.g. parquet)")
    parser.add_argument("--stages", action="store_true", help="also time make_map's steps")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument(
        "--news",
        type=Path,
        help="replicate the texts of this annotated corpus (e.g. ../shared/eval/GeoVirus.xml) "
        "instead of the generated reports",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(SIZES)
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    rows = [row for count in sizes for row in run_size(count, modes, args)]
    report(rows)
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
