"""Benchmark ``geomap evaluate``: reading a corpus, and geoparsing and scoring it.

Run from the repository root::

    python benchmarks/bench_evaluate.py [CORPUS] [--runs 3] [--limit N]

CORPUS defaults to ../shared/eval/GeoVirus.xml (or tests/data/eval/mini.xml when that
is absent). Figures are printed as a table; machines are noisy, so compare figures
from one run rather than across runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "GeoVirus.xml"
FALLBACK = ROOT / "tests" / "data" / "eval" / "mini.xml"


def main() -> None:
    """Time the corpus reader and the whole evaluation; print the scores once."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    corpus = args.corpus or (DEFAULT if DEFAULT.is_file() else FALLBACK)

    from geomap.api import evaluate, load_gazetteer
    from geomap.evaluation import read_corpus

    start = time.perf_counter()
    gazetteer = load_gazetteer()
    load = time.perf_counter() - start
    reads, totals, speeds = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        read_corpus(corpus, limit=args.limit)
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = evaluate(corpus, gazetteer, limit=args.limit)
        totals.append(time.perf_counter() - start)
        speeds.append(result.docs_per_second or 0.0)
    print(f"corpus               {corpus} ({len(result.articles)} articles)")
    print(f"gazetteer load       {load:.2f} s")
    print(f"read corpus          {statistics.median(reads):.3f} s (median of {args.runs})")
    print(f"evaluate             {statistics.median(totals):.2f} s (median of {args.runs})")
    print(f"geoparsing docs/s    {statistics.median(speeds):.1f}")
    print(f"P / R / F1           {result.precision:.4f} / {result.recall:.4f} / {result.f1:.4f}")
    print(f"found and resolved   {result.found_and_resolved:.4f}")


if __name__ == "__main__":
    main()
