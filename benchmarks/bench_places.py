"""Benchmark place resolution: cold command, throughput, gazetteer load, memory.

Run from the repository root::

    python benchmarks/bench_places.py [ARTICLE] [--texts 1000] [--runs 5]

ARTICLE defaults to ../shared/articles/east-aleppo-2016-12-13.txt (or the first
bundled example). Figures are printed as a table; machines are noisy, so compare
figures from one run rather than across runs.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cold_command(article: Path, runs: int, cache_dir: str | None) -> list[float]:
    env = dict(os.environ)
    if cache_dir is not None:
        env["GEOMAP_CACHE_DIR"] = cache_dir
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "geomap", "places", str(article)],
            check=True,
            capture_output=True,
            env=env,
        )
        times.append(time.perf_counter() - start)
    return times


def _synthetic_texts(count: int, seed: int = 7) -> list[str]:
    """Article-length texts: the example sentences shuffled, with names swapped in."""
    from geomap.api import example_paths
    from geomap.places.gazetteer import Gazetteer

    sentences = []
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?")
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    article = (
        Path(args.article)
        if args.article
        else ROOT.parent / "shared/articles/east-aleppo-2016-12-13.txt"
    )
    if not article.exists():
        from geomap.api import example_paths

        article = example_paths()[0]

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as empty_cache:
        first = _cold_command(article, 1, empty_cache)[0]
    rows.append(("cold `geomap places`, empty cache (builds world index)", f"{first:.3f} s"))
    warm = _cold_command(article, args.runs, None)
    rows.append(
        (
            f"cold `geomap places`, cache built (median of {args.runs})",
            f"{statistics.median(warm):.3f} s (min {min(warm):.3f})",
        )
    )

    start = time.perf_counter()
    from geomap.places.gazetteer import Gazetteer
    from geomap.places.world import load_world

    gazetteer = Gazetteer()
    shipped = time.perf_counter() - start
    start = time.perf_counter()
    world = load_world()
    world_time = time.perf_counter() - start
    rows.append(
        (
            f"gazetteer load: shipped CSVs ({len(gazetteer)} places, incl. imports)",
            f"{shipped:.3f} s",
        )
    )
    rows.append(
        (
            f"gazetteer load: world index ({len(world.cities)} cities, {len(world.names)} names)",
            f"{world_time:.3f} s",
        )
    )

    from geomap.places.geoparse import parse_places
    from geomap.text.articles import article_from_text
    from geomap.text.document import read_document

    texts = _synthetic_texts(args.texts)
    words = sum(len(t.split()) for t in texts) / len(texts)
    parse_places(read_document(article_from_text(texts[0])), gazetteer)  # warm caches
    start = time.perf_counter()
    mentions = 0
    for i, text in enumerate(texts):
        document = read_document(article_from_text(text, name=f"t{i}"))
        mentions += len(parse_places(document, gazetteer).mentions)
    elapsed = time.perf_counter() - start
    rows.append(
        (
            f"throughput: {len(texts)} texts of ~{words:.0f} words read and geoparsed, one core",
            f"{len(texts) / elapsed:.0f} articles/s ({mentions} mentions)",
        )
    )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows.append(("peak memory of this process (max RSS)", f"{peak_kib / 1024:.0f} MiB"))

    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
