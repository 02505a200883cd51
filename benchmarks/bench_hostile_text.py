"""Seconds per pathological input at 1x, 4x and 16x its size: linear work shows ~4x steps.

Run: ``.venv/bin/python benchmarks/bench_hostile_text.py [base_kb]`` (default 2 KB).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_bounded_text import PATHOLOGICAL, _all_stages

from geomap.places.gazetteer import Gazetteer


def main() -> None:
    """Print one line per input: seconds at each size and the 16x/1x ratio."""
    base = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    gazetteer = Gazetteer(world=False)
    _all_stages("Shelling killed 3 people in Aleppo.", gazetteer)  # lazy imports, tables
    print(f"{'input':28} {'1x':>8} {'4x':>8} {'16x':>8} {'16x/1x':>7}")
    for name, make in PATHOLOGICAL.items():
        seconds = []
        for factor in (1, 4, 16):
            text = make(base * factor)
            begin = time.perf_counter()
            _all_stages(text, gazetteer)
            seconds.append(time.perf_counter() - begin)
        ratio = seconds[2] / max(seconds[0], 1e-6)
        print(f"{name:28} " + " ".join(f"{s:8.3f}" for s in seconds) + f" {ratio:7.1f}")


if __name__ == "__main__":
    main()
