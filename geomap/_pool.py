"""Worker processes for a corpus: how many, and how they start.

Used by :mod:`geomap.pipeline` (each article's analysis) and :mod:`geomap.text.corpus`
(reading a folder's files), so that both size and start their pools alike.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["default_jobs", "process_pool"]


def default_jobs() -> int:
    """The worker processes a run uses by default: the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def process_pool(
    jobs: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> multiprocessing.pool.Pool:
    """A pool of *jobs* processes: forked on Linux, spawned elsewhere.

    Forking shares what this process has loaded (the gazetteer) with the workers for
    free; where forking is unsafe (macOS, Windows) the workers are spawned and run
    *initializer* to rebuild what they need, once each.
    """
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    return context.Pool(jobs, initializer=initializer, initargs=initargs)
