"""Generated articles for corpus tests: ``benchmarks/bench_corpus.py``'s writer.

The benchmark folder is not a package, so its module is loaded from its file.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_generated_corpus(folder: Path, count: int, seed: int = 14) -> list[Path]:
    """Write *count* generated articles (about 2 KB each) into *folder*; their paths."""
    spec = importlib.util.spec_from_file_location(
        "bench_corpus", ROOT / "benchmarks" / "bench_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths: list[Path] = module.write_corpus(folder, count, seed=seed)
    return paths
