"""Benchmark place resolution: first run, cold command, gazetteer loads, throughput, memory.

Run from the repository root::

    python benchmarks/bench_places.py [ARTICLE] [--texts 1000] [--runs 5] [--corpus XML ...]
    python benchmarks/bench_places.py --corpus ../shared/eval/GeoVirus.xml tests/data/*/*.xml

ARTICLE defaults to ../shared/articles/east-aleppo-2016-12-13.txt (or the first
bundled example); ``--corpus`` to ../shared/eval/GeoVirus.xml. The articles of the
corpora given are read with :func:`geomap.evaluation.read_corpus` and geoparsed
together (the row is left out when no file exists). One table is printed; machines
are noisy, so compare figures from one run rather than across runs.

What is measured, in this order:

- the first run: ``python -m geomap places ARTICLE`` in a subprocess with an empty
  ``GEOMAP_CACHE_DIR``, so that it builds the shipped tier's and the world-city
  index's caches;
- cold ``geomap places`` with those caches built: the median of ``--runs`` subprocesses;
- ``geomap resolve`` of a name nothing matches, which ranks it against the world towns'
  pool of suggestions: the first run (which builds the pool's cache), then the median of
  ``--runs`` cold subprocesses with it built;
- gazetteer loads in this process: the shipped tier, the world index and the world
  towns' pool of suggestions, each read from its cache;
- throughput on one core: synthetic article-length texts (the bundled examples'
  sentences shuffled, with gazetteer names put in) and the corpus' real articles,
  each read into a document and geoparsed, in two passes (the first pays for the
  first sight of each word and name, the second is the steady state of a long
  corpus); articles/s and words/s (words split at white space), and the seconds
  spent ranking suggestions for unknown names (the largest item of a first pass);
- peak memory: the maximum resident set size of this process
  (``getrusage(RUSAGE_SELF)``) and of each cold subprocess (the ``ru_maxrss`` of
  its ``os.wait4`` usage, the per-child figure that ``getrusage(RUSAGE_CHILDREN)``
  keeps only the maximum of).

The subprocesses import geomap from bytecode, as an installed wheel does (pip compiles
its modules at install): ``geomap`` is compiled first into a temporary
``PYTHONPYCACHEPREFIX``, whatever ``PYTHONDONTWRITEBYTECODE`` says. Compiling its
modules at every start would add some 0.15 s to each run.

The corpus loop is linear in the articles' words: each article is read once,
names are looked up in dictionaries or by bisecting the world index's sorted
columns (logarithmic in its 545,000 names, and memoised per name); the memo of
suggestions for unknown names grows with the distinct unknown names seen, not with
the number of articles.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from geomap.places.gazetteer import Gazetteer

_T = TypeVar("_T")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# A name no place has: ``geomap resolve`` ranks the world towns' names for it.
UNKNOWN_NAME = "Qarbzarrah"


def _installed_environment(cache_dir: str) -> dict[str, str]:
    """The environment of a subprocess running geomap as installed: caches in
    *cache_dir*, and geomap's modules compiled to bytecode there."""
    env = {
        **os.environ,
        "GEOMAP_CACHE_DIR": cache_dir,
        "PYTHONPYCACHEPREFIX": str(Path(cache_dir) / "bytecode"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "geomap")], env=env, check=True
    )
    return env


def _cold_command(
    arguments: Sequence[str], env: dict[str, str], *, status_ok: int = 0
) -> tuple[float, float]:
    """Seconds and peak MiB of one ``python -m geomap ARGUMENTS`` subprocess, which
    must exit with *status_ok* (``geomap resolve`` exits with 1 for an unresolved name)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "geomap", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != status_ok:
        raise SystemExit(f"geomap {' '.join(arguments)} exited with {process.returncode}")
    return seconds, usage.ru_maxrss / 1024


def _synthetic_texts(count: int, seed: int = 7) -> list[str]:
    """Article-length texts: the example sentences shuffled, with names swapped in."""
    from geomap.api import example_paths

    sentences: list[str] = []
    for path in example_paths():
        text = path.read_text(encoding="utf-8")
        sentences.extend(s.strip() for s in text.replace("\n", " ").split(". ") if s.strip())
    names = [p.name for p in Gazetteer(world=False) if p.kind in ("district", "city", "country")]
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        chosen = rng.sample(sentences, k=min(25, len(sentences)))
        extra = [f"Fighting was reported in {rng.choice(names)}" for _ in range(5)]
        texts.append(". ".join(chosen + extra) + ".")
    return texts


def _timed(load: Callable[[], _T]) -> tuple[_T, float]:
    """What *load* returns, and the seconds it took."""
    start = time.perf_counter()
    found = load()
    return found, time.perf_counter() - start


def _throughput(label: str, texts: Sequence[str], gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """Read and geoparse *texts* one after another, twice; table rows with the rates.

    The first pass pays for the first sight of each word and name (folds, lookups and
    the world index's rows are memoised per process); the second pass over the same
    texts is the steady state a long corpus runs at.
    """
    from geomap.places.geoparse import parse_places
    from geomap.text.articles import article_from_text
    from geomap.text.document import read_document

    words = sum(len(t.split()) for t in texts)
    # Load the indexes and the suggestion pools: once per process, not per article.
    parse_places(read_document(article_from_text(texts[0])), gazetteer)
    gazetteer.suggest("Xyzzy Quarter", world=False)
    # The time spent ranking suggestions for unknown names, the largest item of a
    # first pass, is taken apart: the instance's method is wrapped for the passes.
    ranking = [0.0]
    suggest = gazetteer.suggest

    def timed_suggest(*args: Any, **options: Any) -> Any:
        start = time.perf_counter()
        try:
            return suggest(*args, **options)
        finally:
            ranking[0] += time.perf_counter() - start

    rows = []
    gazetteer.suggest = timed_suggest  # type: ignore[method-assign]
    try:
        for run in ("first pass", "second pass, memos warm"):
            ranking[0] = 0.0
            start = time.perf_counter()
            mentions = 0
            for i, text in enumerate(texts):
                document = read_document(article_from_text(text, name=f"t{i}"))
                mentions += len(parse_places(document, gazetteer).mentions)
            elapsed = time.perf_counter() - start
            rows.append(
                (
                    f"throughput, one core, {run}: {len(texts)} {label} of "
                    f"{words / len(texts):.0f} words on average",
                    f"{len(texts) / elapsed:.0f} articles/s, {words / elapsed:,.0f} words/s "
                    f"({mentions} mentions, {elapsed:.2f} s, {ranking[0]:.2f} s of it "
                    "ranking suggestions)",
                )
            )
    finally:
        del gazetteer.suggest
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?")
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--corpus",
        nargs="+",
        default=[str(SHARED / "eval" / "GeoVirus.xml")],
        help="annotated corpora (XML) whose articles are geoparsed together in one row",
    )
    args = parser.parse_args()
    article = Path(args.article) if args.article else SHARED / "articles/east-aleppo-2016-12-13.txt"
    if not article.exists():
        from geomap.api import example_paths

        article = example_paths()[0]

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as cache_dir:
        env = _installed_environment(cache_dir)
        places = ["places", str(article)]
        first, first_mib = _cold_command(places, env)
        rows.append(
            (
                "first run: `geomap places`, empty GEOMAP_CACHE_DIR (builds the caches)",
                f"{first:.2f} s, peak {first_mib:.0f} MiB",
            )
        )
        warm = [_cold_command(places, env) for _ in range(args.runs)]
        seconds = [s for s, _ in warm]
        rows.append(
            (
                f"cold `geomap places`, cache built (median of {args.runs})",
                f"{statistics.median(seconds):.3f} s (min {min(seconds):.3f}), "
                f"peak {max(m for _, m in warm):.0f} MiB",
            )
        )
        resolve = ["resolve", UNKNOWN_NAME]
        first, first_mib = _cold_command(resolve, env, status_ok=1)
        rows.append(
            (
                f"first `geomap resolve {UNKNOWN_NAME}` (builds the world towns' pool cache)",
                f"{first:.2f} s, peak {first_mib:.0f} MiB",
            )
        )
        warm = [_cold_command(resolve, env, status_ok=1) for _ in range(args.runs)]
        seconds = [s for s, _ in warm]
        rows.append(
            (
                f"cold `geomap resolve {UNKNOWN_NAME}`, caches built (median of {args.runs})",
                f"{statistics.median(seconds):.3f} s (min {min(seconds):.3f}), "
                f"peak {max(m for _, m in warm):.0f} MiB",
            )
        )

        from geomap.places.gazetteer import _world_towns_pool, shipped_files
        from geomap.places.world import load_world

        os.environ["GEOMAP_CACHE_DIR"] = cache_dir
        gazetteer, shipped = _timed(Gazetteer)
        files = ", ".join(p.stem for p in shipped_files())
        world, world_time = _timed(load_world)
        pool, pool_time = _timed(_world_towns_pool)
        rows += [
            (
                f"gazetteer load: shipped tier from its cache ({len(gazetteer)} places: {files})",
                f"{shipped:.3f} s",
            ),
            (
                f"gazetteer load: world index from its cache ({len(world.ids):,} cities, "
                f"{len(world.keys):,} names)",
                f"{world_time:.3f} s",
            ),
            (
                f"gazetteer load: world towns' pool of suggestions from its cache "
                f"({len(pool.keys):,} names)",
                f"{pool_time:.3f} s",
            ),
        ]

        rows.extend(_throughput("synthetic texts", _synthetic_texts(args.texts), gazetteer))
        corpora = [Path(c) for c in args.corpus if Path(c).exists()]
        if corpora:
            from geomap.evaluation import read_corpus

            texts = [a.text for corpus in corpora for a in read_corpus(corpus).articles]
            label = (
                f"{corpora[0].stem} articles"
                if len(corpora) == 1
                else f"articles of {len(corpora)} corpora"
            )
            rows.extend(_throughput(label, texts, gazetteer))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows.append(("peak memory of this process (max RSS)", f"{peak_kib / 1024:.0f} MiB"))

    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
