"""Generated articles for corpus tests: ``benchmarks/bench_corpus.py``'s writer."""

from __future__ import annotations

from pathlib import Path

from loaded_scripts import load_script


def write_generated_corpus(folder: Path, count: int, seed: int = 14) -> list[Path]:
    """Write *count* generated articles (about 2 KB each) into *folder*; their paths."""
    module = load_script("benchmarks/bench_corpus.py")
    paths: list[Path] = module.write_corpus(folder, count, seed=seed)
    return paths
