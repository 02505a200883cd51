"""Running each article's work on Dask: ``--scheduler ADDRESS`` or ``--scheduler local``.

The optional extra ``geomap[dask]`` (dask and distributed). The articles become a
``dask.bag`` of explicit partitions of :data:`PARTITION_ARTICLES` each, so every worker
gets an even share whatever the corpus size (Dask's default partitioning of a
sequence left one worker most of a 1,000-article corpus); each partition runs the
per-article function it is given (:func:`geomap.pipeline.analyse_article`) on its
articles. Results come back in the articles' order, and are merged by the caller
exactly as a serial run's are.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from geomap.errors import DependencyError, NetworkError
from geomap.model import Article

_Result = TypeVar("_Result")

# Articles per partition: a partition is one task, so this trades scheduling overhead
# (a few ms a task) against balance at the end of a run.
PARTITION_ARTICLES = 64

# How long to wait for a scheduler to answer before saying it cannot be reached.
CONNECT_TIMEOUT_SECONDS = 10


def run_on_dask(
    analyse: Callable[..., _Result],
    articles: Sequence[Article],
    shared: Any,
    options: dict[str, Any],
    *,
    scheduler: str,
    jobs: int,
) -> list[_Result]:
    """``analyse(article, shared, **options)`` for every article, on a Dask cluster.

    *analyse* is a module-level function (sent by name); *shared* (the gazetteer) is
    sent to each worker once, not with every partition. *scheduler* is a
    ``dask.distributed`` scheduler's address, or ``local`` for a ``LocalCluster`` of
    *jobs* single-threaded worker processes started for this run.

    Raises
    ------
    DependencyError
        Dask is not installed.
    NetworkError
        The scheduler cannot be reached.
    """
    try:
        import dask
        import dask.bag
        from distributed import Client, LocalCluster
    except ImportError:
        raise DependencyError(
            "--scheduler needs Dask: pip install 'geomap[dask]' (dask and distributed)"
        ) from None
    if not articles:
        return []
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
        client = Client(cluster or scheduler, timeout=CONNECT_TIMEOUT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:  # ValueError: a malformed address
        if cluster is not None:
            cluster.close()
        raise NetworkError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        # One copy of the gazetteer in the graph, named rather than hashed: hashing
        # a whole gazetteer to make its key would cost more than the run.
        once = dask.delayed(shared, name="geomap-shared")
        partitions = math.ceil(len(articles) / PARTITION_ARTICLES)
        bag = dask.bag.from_sequence(list(articles), npartitions=partitions)
        work = bag.map_partitions(_run_partition, analyse, once, options)
        return list(work.compute(scheduler=client))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run_partition(
    articles: Sequence[Article],
    analyse: Callable[..., _Result],
    shared: Any,
    options: dict[str, Any],
) -> list[_Result]:
    return [analyse(article, shared, **options) for article in articles]
