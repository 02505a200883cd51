"""Each article's own work, run one by one, on all cores, or on a Dask cluster.

Everything geomap finds in one article depends on that article alone: its sentences,
dates and counts, its place mentions, its incidents before merging, the control
figures it reports. :func:`analyse_article` does that work; :func:`analyse_articles`
runs it over a corpus and returns the results in the articles' order, whichever
way it ran, so that merging them (incidents, figures, the control timeline) gives the
same output from a serial run, a process pool and a cluster.

Cost: one pass over the articles, O(total text) (each stage is linear in its
article, see :mod:`geomap.text`); the results cross from the workers once each.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from geomap._pool import default_jobs, process_pool
from geomap.errors import InputError
from geomap.events import extract_incidents
from geomap.model import Article, Document, Incident, Place, ReportedFigure
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_places
from geomap.text.document import read_document

__all__ = [
    "ArticleResult",
    "analyse_article",
    "analyse_articles",
    "analyse_document",
    "collector_spared",
    "default_jobs",
    "spare_from_collector",
]

# Articles sent to a worker at a time: enough to keep the pipes busy, few enough that
# the progress bar moves and both cores stay busy to the end of a small corpus.
_CHUNK_ARTICLES = 8
# Results received between two freezes of what this process holds (see
# collector_spared).
_FREEZE_EVERY = 1_000
_spared_depth = 0


@contextlib.contextmanager
def collector_spared() -> Iterator[None]:
    """Keep Python's cycle collector off a corpus's results while they are held.

    A full collection walks every object the process holds, and comes each time their
    number has grown by a quarter: with 10,000 articles' results held (millions of
    objects, none of them garbage) the walks took a third of the time spent merging,
    reading control and drawing the map. Inside this context,
    :func:`spare_from_collector` freezes (:func:`gc.freeze`) what the process holds
    so far, which full collections then skip; on leaving it, everything is unfrozen,
    so a program calling the API gets its usual collector back. Nested uses are one.
    Nothing is done when the program itself froze objects before (it manages them).
    """
    global _spared_depth
    if _spared_depth == 0 and gc.get_freeze_count():
        yield
        return
    _spared_depth += 1
    try:
        yield
    finally:
        _spared_depth -= 1
        if _spared_depth == 0:
            gc.unfreeze()


def spare_from_collector() -> None:
    """Freeze what the process holds now, inside :func:`collector_spared` only."""
    if _spared_depth:
        gc.freeze()


@dataclass(frozen=True)
class ArticleResult:
    """What one article gives, before anything is merged across articles.

    Attributes
    ----------
    document
        The article read by the text layer, with its place mentions.
    incidents
        Its incidents (:func:`geomap.events.extract_incidents`), unmerged; empty when
        only places were asked for.
    figures
        The areas and shares it reports (:func:`geomap.control.figures_in`), dated
        without a timeline: "before the offensive" is dated once a timeline is chosen
        (see :attr:`needs_start`).
    """

    document: Document
    incidents: tuple[Incident, ...] = ()
    figures: tuple[ReportedFigure, ...] = ()

    @property
    def needs_start(self) -> bool:
        """Whether a figure may be dated by the timeline's start ("before the offensive")."""
        return any(words.before_start for words in self.document.dates)


def analyse_article(
    article: Article, gazetteer: Gazetteer, *, within: Place | None = None, events: bool = True
) -> ArticleResult:
    """Read, geoparse and (unless *events* is False) extract incidents and figures."""
    document = parse_places(read_document(article), gazetteer, within=within)
    return analyse_document(document, gazetteer) if events else ArticleResult(document)


def analyse_document(document: Document, gazetteer: Gazetteer) -> ArticleResult:
    """The incidents and figures of a document the geoparser has read."""
    # Imported here: the control package is not needed to start a places-only command.
    from geomap.control.figures import figures_in

    incidents = tuple(extract_incidents(document, gazetteer))
    return ArticleResult(document, incidents, tuple(figures_in(document)))


def analyse_articles(
    articles: Sequence[Article],
    gazetteer: Gazetteer,
    *,
    within: Place | None = None,
    events: bool = True,
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[ArticleResult]:
    """:func:`analyse_article` for every article, in the articles' order.

    Parameters
    ----------
    articles, gazetteer, within, events
        As for :func:`analyse_article`.
    jobs
        Worker processes: :func:`default_jobs` when None; 1 runs in this process. A
        corpus of fewer articles than two chunks runs here too, since starting workers
        would cost more than it saves.
    scheduler
        A ``dask.distributed`` scheduler's address (``tcp://host:8786``), or ``local``
        for a cluster of *jobs* workers on this machine: the articles then run on Dask
        (``pip install 'geomap[dask]'``).
    progress
        Called with the number of articles done, as results arrive.

    Returns
    -------
    list of ArticleResult
        One per article, in order, equal whichever way the work ran.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InputError(f"--jobs must be 1 or more, not {jobs}")
    results: Iterable[ArticleResult]
    if scheduler is not None:
        from geomap._dask import run_on_dask

        options = {"within": within, "events": events}
        results = run_on_dask(
            analyse_article, articles, gazetteer, options, scheduler=scheduler, jobs=jobs
        )
    elif jobs == 1 or len(articles) < 2 * _CHUNK_ARTICLES:
        results = (analyse_article(a, gazetteer, within=within, events=events) for a in articles)
    else:
        results = _on_pool(articles, gazetteer, within=within, events=events, jobs=jobs)
    done: list[ArticleResult] = []
    for result in results:
        done.append(result)
        if len(done) % _FREEZE_EVERY == 0:
            spare_from_collector()
        if progress is not None:
            progress(len(done))
    return done


# The pool's workers find their gazetteer and options here: set before the workers
# start (inherited when forked, sent once when spawned), never once per article.
_WORKER_STATE: tuple[Gazetteer, Place | None, bool] | None = None


def _start_worker(gazetteer: Gazetteer, within: Place | None, events: bool) -> None:
    global _WORKER_STATE
    _WORKER_STATE = (gazetteer, within, events)


def _analyse_in_worker(article: Article) -> ArticleResult:
    assert _WORKER_STATE is not None, "the worker was started without its gazetteer"
    gazetteer, within, events = _WORKER_STATE
    return analyse_article(article, gazetteer, within=within, events=events)


def _on_pool(
    articles: Sequence[Article],
    gazetteer: Gazetteer,
    *,
    within: Place | None,
    events: bool,
    jobs: int,
) -> Iterator[ArticleResult]:
    """The results from a pool of *jobs* processes, in order, as they come."""
    with process_pool(jobs, _start_worker, (gazetteer, within, events)) as pool:
        yield from pool.imap(_analyse_in_worker, articles, chunksize=_CHUNK_ARTICLES)
