"""Benchmark incident extraction: incidents extracted per second over article-length texts.

Run from the repository root::

    python benchmarks/bench_events.py [--texts 1000] [--seed 7]

The texts are built from the bundled example articles' sentences, shuffled, with the
district names swapped for other gazetteer districts, so each text is new to the
extractor. Reading each text into a document (sentences, dates, counts) and
geoparsing it are timed apart from extraction; the figure printed last is incidents
extracted per second by :func:`geomap.events.extract_incidents`.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import time

from geomap.api import example_paths, load_gazetteer
from geomap.events import extract_incidents
from geomap.places.geoparse import parse_places
from geomap.text.articles import article_from_text
from geomap.text.document import read_document


def synthetic_texts(count: int, seed: int, district_names: list[str]) -> list[str]:
    """Article-length texts: shuffled example sentences with district names swapped."""
    sentences: list[str] = []
    for path in example_paths():
        text = path.read_text(encoding="utf-8").split("[geomap example text")[0]
        for line in text.splitlines()[2:]:
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if s.strip())
    pattern = re.compile(
        r"\b(?:al-Shaar|al-Sakhour|Bustan al-Qasr|al-Mashhad|al-Ansari|Qadi Askar|"
        r"Karm al-Jabal|Sheikh Saeed|Saliheen|Firdous|Kalasa|al-Kallaseh)\b"
    )
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        chosen = rng.sample(sentences, k=min(28, len(sentences)))
        body = " ".join(pattern.sub(lambda _m: rng.choice(district_names), s) for s in chosen)
        texts.append("Fighting in eastern Aleppo\n\n" + body + "\n")
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    gazetteer = load_gazetteer()
    districts = [p.name for p in gazetteer if p.kind == "district" and p.id.startswith("csr-")]
    texts = synthetic_texts(args.texts, args.seed, districts)
    day = datetime.date(2016, 12, 13)
    articles = [article_from_text(t, name=f"bench-{i}", date=day) for i, t in enumerate(texts)]

    start = time.perf_counter()
    documents = [parse_places(read_document(a), gazetteer) for a in articles]
    parse_seconds = time.perf_counter() - start

    start = time.perf_counter()
    total = 0
    for document in documents:
        total += len(extract_incidents(document, gazetteer))
    seconds = time.perf_counter() - start

    size = sum(len(t) for t in texts) / len(texts)
    print(f"texts:                  {len(texts)} (mean {size:,.0f} characters)")
    print(f"reading and geoparsing: {parse_seconds:.2f} s")
    print(f"incident extraction:    {seconds:.2f} s, {total} incidents")
    print(f"texts per second:       {len(texts) / seconds:,.0f}")
    print(f"incidents per second:   {total / seconds:,.0f}")


if __name__ == "__main__":
    main()
