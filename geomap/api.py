"""The Python API behind the ``geomap`` commands.

Each command of :mod:`geomap.cli` is a thin wrapper over one function here, so
everything the command line does can be done from Python:

>>> from geomap.api import find_places, load_gazetteer
>>> report = find_places(["-"], load_gazetteer())  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
import webbrowser
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from geomap import settings
from geomap.errors import InputError, PlaceNotFoundError
from geomap.events import merge_incidents
from geomap.model import ControlChange, Document, Incident, Timeline
from geomap.pipeline import (
    ArticleResult,
    analyse_articles,
    analyse_document,
    collector_spared,
    default_jobs,
    spare_from_collector,
)
from geomap.places.gazetteer import MAIN_NAME_METHODS, Candidate, Gazetteer, Place
from geomap.places.geoparse import PlaceReport
from geomap.text.articles import Article
from geomap.text.corpus import Source, corpus_name, is_corpus_source, iter_corpus
from geomap.text.normalize import name_key

if TYPE_CHECKING:
    from geomap._article_cache import ResultCache
    from geomap.evaluation import Evaluation
    from geomap.places.osm import OsmGazetteer

EXAMPLE_NAME = "example"

Progress = Callable[[str, int, int | None], None]
"""A progress callback: ``progress(stage, done, total)``, called after each article.

*stage* is ``"reading"`` (total unknown: ``None``) or ``"geoparsing"`` (total known);
*done* counts the articles finished so far in that stage.
"""


def load_gazetteer(paths: Iterable[str | Path] = (), *, world: bool = True) -> Gazetteer:
    """Return the shipped gazetteer plus the user's files (CSV or GeoJSON)."""
    return Gazetteer.from_files(paths, world=world)


def example_paths() -> list[Path]:
    """Return the bundled example articles, in date order."""
    folder = files("geomap") / "examples"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def example_title() -> str:
    """The title of the bundled examples' map: the heading of ``geomap/examples/README.md``."""
    readme = files("geomap") / "examples" / "README.md"
    return readme.read_text(encoding="utf-8").splitlines()[0].removeprefix("#").strip()


def read_articles(
    sources: Sequence[Source],
    *,
    date: datetime.date | None = None,
    progress: Progress | None = None,
    jobs: int | None = 1,
) -> list[Article]:
    """Read every source; the bundled examples when *sources* is empty.

    Parameters
    ----------
    sources
        Article files or ``-``, folders, glob patterns, :class:`CorpusFile` lists and
        JSONL/CSV exports, or articles already read (see
        :func:`geomap.text.corpus.iter_corpus`).
    date
        The articles' date (see :func:`geomap.text.corpus.iter_corpus`).
    progress
        Called with ``("reading", done, None)`` after each article.
    jobs
        Processes reading a large folder's, pattern's or list's files
        (:func:`geomap.text.corpus.iter_corpus`): all cores when None.

    Returns
    -------
    list of Article
        In order. Every article is read before any is geoparsed: a bad record late in
        a corpus stops the command at once, and the geoparsing's progress knows its
        total. Articles sharing a name (``a/report.txt`` and ``b/report.txt``) are
        told apart by their ids, since outputs name articles by name.
    """
    paths: Sequence[Source] = list(sources) or example_paths()
    if sum(1 for p in paths if isinstance(p, str | Path) and str(p) == "-") > 1:
        raise InputError("standard input ('-') can be read only once")
    articles: list[Article] = []
    names: set[str] = set()
    jobs = default_jobs() if jobs is None else jobs
    for article in iter_corpus(paths, date=date, jobs=jobs):
        if article.name in names:
            article = _renamed(article, names)
        names.add(article.name)
        articles.append(article)
        if progress is not None:
            progress("reading", len(articles), None)
    return articles


def _renamed(article: Article, taken: set[str]) -> Article:
    """*article* under a name no other article has: its id, else its name numbered."""
    from dataclasses import replace

    if article.id and article.id not in taken:
        return replace(article, name=article.id)
    number = 2
    while f"{article.name}-{number}" in taken:
        number += 1
    return replace(article, name=f"{article.name}-{number}")


@dataclass(frozen=True)
class _Analysis:
    """The articles' own work (:mod:`geomap.pipeline`) and what is merged from it."""

    results: list[ArticleResult]
    report: PlaceReport
    incidents: list[Incident]


def _analyse(
    articles: Sequence[Article],
    gazetteer: Gazetteer,
    within: Place | None,
    progress: Progress | None,
    *,
    events: bool = True,
    jobs: int | None = None,
    scheduler: str | None = None,
    online: bool = False,
    nominatim_url: str | None = None,
    cache: str | Path | None = None,
) -> _Analysis:
    """Each article's work on *jobs* cores or on Dask, then merged across articles.

    With *online*, the workers only geoparse; the names the gazetteer lacks are looked
    up (:func:`look_up_online`), and incidents and figures are then read from the
    documents with the answers. With *cache*, a folder, the articles whose results it
    holds are not analysed again (:mod:`geomap._article_cache`). Merging incidents is
    linear in their number (:func:`geomap.events.merge_incidents`).
    """
    total = len(articles)
    analyse = functools.partial(
        analyse_articles,
        gazetteer=gazetteer,
        within=within,
        events=events and not online,
        jobs=jobs,
        scheduler=scheduler,
    )
    if cache is None:
        results = analyse(
            articles,
            progress=None if progress is None else lambda done: progress("geoparsing", done, total),
        )
    else:
        from geomap._article_cache import ResultCache, run_fingerprint

        fingerprint = run_fingerprint(gazetteer, within, events and not online)
        results = _analyse_with_cache(ResultCache(cache, fingerprint), articles, analyse, progress)
    report = _place_report([r.document for r in results])
    if online:
        report = look_up_online(report, gazetteer, within=within, nominatim_url=nominatim_url)
        if events:
            results = [analyse_document(d, gazetteer) for d in report.documents]
        else:
            results = [ArticleResult(d) for d in report.documents]
    incidents = merge_incidents([i for r in results for i in r.incidents]) if events else []
    spare_from_collector()  # what is merged is held to the end too
    return _Analysis(results, report, incidents)


def _analyse_with_cache(
    store: ResultCache,
    articles: Sequence[Article],
    analyse: Callable[..., list[ArticleResult]],
    progress: Progress | None,
) -> list[ArticleResult]:
    """*analyse* the articles whose results *store* lacks; the others' results from it."""
    try:
        keys = [store.key(article) for article in articles]
        found = store.found(keys)
        missing = [(key, a) for key, a in zip(keys, articles, strict=True) if key not in found]
        total, known = len(articles), len(articles) - len(missing)
        fresh = analyse(
            [article for _, article in missing],
            progress=None
            if progress is None
            else lambda done: progress("geoparsing", known + done, total),
        )
        store.keep((key, result) for (key, _), result in zip(missing, fresh, strict=True))
    finally:
        store.close()
    in_order = iter(fresh)
    return [found[key] if key in found else next(in_order) for key in keys]


def _place_report(documents: Sequence[Document]) -> PlaceReport:
    mentions = tuple(m for document in documents for m in document.mentions)
    return PlaceReport(mentions, tuple(d.article.name for d in documents), tuple(documents))


def find_within(gazetteer: Gazetteer, name: str | None) -> Place | None:
    """Return the place a ``--within`` option names, or None when not given."""
    if not name:
        return None
    try:
        return gazetteer.find(name)
    except PlaceNotFoundError as exc:
        raise PlaceNotFoundError(f"--within: {exc}") from None


@collector_spared()
def find_places(
    sources: Sequence[Source],
    gazetteer: Gazetteer,
    *,
    within: Place | None = None,
    date: datetime.date | None = None,
    online: bool = False,
    nominatim_url: str | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    cache: str | Path | None = None,
) -> PlaceReport:
    """Read the articles and return every place mention in them.

    *sources* are as for :func:`read_articles`; *progress* is told of each article
    read and geoparsed. With *online*, the names the gazetteer lacks are then looked up
    with Nominatim at *nominatim_url* (see :func:`look_up_online`).
    *jobs* worker processes do each article's work (all cores by default, 1 for none),
    or a Dask cluster at *scheduler* (see :func:`geomap.pipeline.analyse_articles`);
    the result is the same either way. With *cache*, a folder, only the articles it
    holds no results for are analysed (see :mod:`geomap._article_cache`).
    """
    articles = read_articles(sources, date=date, progress=progress, jobs=jobs)
    return _analyse(
        articles,
        gazetteer,
        within,
        progress,
        events=False,
        jobs=jobs,
        scheduler=scheduler,
        cache=cache,
        online=online,
        nominatim_url=nominatim_url,
    ).report


def look_up_online(
    report: PlaceReport,
    gazetteer: Gazetteer,
    *,
    within: Place | None = None,
    nominatim_url: str | None = None,
) -> PlaceReport:
    """Look the report's unresolved names up with Nominatim (``--online``).

    Parameters
    ----------
    report
        The offline geoparse of the articles.
    gazetteer
        The gazetteer it used.
    within
        The place the articles are about (``--within``), for an article that names
        no city or town of its own.
    nominatim_url
        The Nominatim to ask; else ``$GEOMAP_NOMINATIM_URL``, else the public one.

    Returns
    -------
    PlaceReport
        The report with the names found near each article's place resolved (method
        ``online``) and the others given the answers as suggestions
        (:func:`geomap.places.online.resolve_online`). Answers are cached on disk.

    Raises
    ------
    NetworkError
        If a name not in the cache cannot be looked up (no network, a timeout, HTTP
        429 or 5xx).
    """
    from geomap.control import story_place
    from geomap.places import online

    lookup = online.NominatimLookup(
        online.nominatim_geocoder(nominatim_url),
        online.endpoint(nominatim_url),
        online.cache_folder(),
    )
    return online.resolve_online(
        report,
        gazetteer,
        lookup,
        story_place=lambda document: story_place([document], gazetteer) or within,
    )


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer to one ``resolve`` query.

    Attributes
    ----------
    query
        The name asked for.
    status
        ``resolved`` (an exact, alternative, normalised or confident fuzzy match),
        ``ambiguous`` (several places share the name equally) or ``unresolved``.
    candidates
        Ranked candidates (the matches, or the fuzzy suggestions).
    """

    query: str
    status: str
    candidates: tuple[Candidate, ...]

    @property
    def place(self) -> Place | None:
        """The chosen place, for a resolved query."""
        return self.candidates[0].place if self.status == "resolved" else None


def resolve_names(
    names: Iterable[str], gazetteer: Gazetteer, *, within: Place | None = None
) -> list[Resolution]:
    """Resolve each name on its own, without article context."""
    names = [n.strip() for n in names if n.strip()]
    if not names:
        raise InputError("no place name given (empty names and blank lines are skipped)")
    answers = []
    for name in names:
        found = gazetteer.lookup(name, within=within)
        if found:
            top = found[0]
            ties = [
                c for c in found[1:] if c.method == top.method and c.place.kind == top.place.kind
            ]
            status = (
                "ambiguous" if ties and top.place.kind in ("district", "region") else "resolved"
            )
            answers.append(Resolution(name, status, tuple(found)))
            continue
        suggestions = gazetteer.suggest(name, within=within)
        accept = _fuzzy_accept(name, suggestions)
        answers.append(Resolution(name, "resolved" if accept else "unresolved", tuple(suggestions)))
    return answers


def _fuzzy_accept(name: str, suggestions: Sequence[Candidate]) -> bool:
    """A clear, letter-for-letter close best suggestion (see settings.FUZZY_ACCEPT_SCORE)."""
    from rapidfuzz import fuzz

    key = name_key(name)
    ratios = [
        max(fuzz.ratio(key, name_key(spelling)) for spelling, _ in c.place.names())
        for c in suggestions
    ]
    if not ratios or ratios[0] != max(ratios):
        return False
    runner_up = max(ratios[1:], default=0.0)
    return (
        ratios[0] >= settings.FUZZY_ACCEPT_SCORE
        and ratios[0] - runner_up >= settings.FUZZY_ACCEPT_MARGIN
    )


@dataclass(frozen=True, slots=True)
class MapFiles:
    """The files ``make_map`` wrote."""

    directory: Path
    places: Path
    map: Path
    control: Path | None = None
    events: Path | None = None
    # --format parquet or gpkg: the places and events files (or dataset folder) in it.
    columnar: tuple[Path, ...] = ()


# The files ``make_map`` writes into its output folder, which holds nothing else.
MAP_FILE_NAMES = ("places.geojson", "control.geojson", "events.geojson", "map.html")
# Every path a ``make_map`` run may leave there, whatever its --format (see
# geomap.output.files.check_output_folder): a folder written with one format may be
# rewritten with another.
MAP_OUTPUT_PATHS = (
    *MAP_FILE_NAMES,
    "places.parquet",
    "events.parquet/event_month=*/part-*.parquet",
    "places.gpkg",
    "events.gpkg",
)
# Runs of characters that may not appear in a default output folder name: anything
# but letters, digits, "_", "." and "-" (separators, control characters, spaces...).
_UNSAFE_NAME_RUN = re.compile(r"[^\w.-]+")


def default_output_dir(
    articles: Sequence[Article], examples: bool, *, sources: Sequence[Source] = ()
) -> Path:
    """The default output folder: ``outputs/<article name>/``.

    Parameters
    ----------
    articles
        The articles read; the folder is named after the first one's name (its file
        stem), with ``-and-N-more`` for several.
    examples
        The bundled examples were read: ``outputs/example/``.
    sources
        The sources the articles came from. When one is a corpus (a folder, a glob
        pattern, a list or a JSONL/CSV export), the folder is named after the first
        source instead: ``outputs/<folder name>/`` (``reports/`` → ``outputs/reports/``),
        the pattern's folder, or the list's or export's file stem, with
        ``-and-N-more`` for N more sources.

    Returns
    -------
    Path
        Always one folder directly below ``outputs/``: the name is reduced to a safe
        single path component (see :func:`safe_folder_name`), whatever the article's
        file is called (``...html``, ``..``, names with slashes or control
        characters, very long names).

    Examples
    --------
    >>> from geomap.text.articles import article_from_text
    >>> default_output_dir([article_from_text("x", name="..")], False).as_posix()
    'outputs/article'
    """
    if examples or not articles:
        return Path(settings.OUTPUT_DIR) / EXAMPLE_NAME
    if any(is_corpus_source(s) for s in sources):
        first = sources[0]
        name = articles[0].name if not is_corpus_source(first) else corpus_name(first)
        more = f"-and-{len(sources) - 1}-more" if len(sources) > 1 else ""
        return Path(settings.OUTPUT_DIR) / safe_folder_name(name, suffix=more)
    more = f"-and-{len(articles) - 1}-more" if len(articles) > 1 else ""
    return Path(settings.OUTPUT_DIR) / safe_folder_name(articles[0].name, suffix=more)


def safe_folder_name(name: str, *, suffix: str = "") -> str:
    """Reduce *name* to one safe folder name, ending with *suffix*.

    Runs of anything but letters, digits, ``_``, ``.`` and ``-`` become one ``-``;
    leading and trailing dots, dashes and underscores go (no ``.``, ``..`` or hidden
    folder, nothing that looks like an option); the result is cut to
    :data:`geomap.settings.MAX_OUTPUT_NAME_BYTES` UTF-8 bytes, suffix included. An
    empty result is :data:`geomap.settings.FALLBACK_OUTPUT_NAME`.

    Examples
    --------
    >>> safe_folder_name("east-aleppo-2016-12-13"), safe_folder_name("../../etc/x y")
    ('east-aleppo-2016-12-13', 'etc-x-y')
    >>> safe_folder_name("..", suffix="-and-1-more")
    'article-and-1-more'
    """
    budget = settings.MAX_OUTPUT_NAME_BYTES - len(suffix.encode("utf-8"))
    text = _UNSAFE_NAME_RUN.sub("-", unicodedata.normalize("NFC", name)).strip("._-")
    text = text.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip("._-")
    return (text or settings.FALLBACK_OUTPUT_NAME) + suffix


@collector_spared()
def make_map(
    sources: Sequence[Source],
    gazetteer: Gazetteer,
    *,
    output_dir: str | Path | None = None,
    within: Place | None = None,
    date: datetime.date | None = None,
    title: str | None = None,
    layers: Sequence[str | Path] = (),
    self_contained: bool = False,
    areas: str | Path | None = None,
    online: bool = False,
    nominatim_url: str | None = None,
    progress: Progress | None = None,
    indent: int | None = None,
    output_format: str = "geojson",
    jobs: int | None = None,
    scheduler: str | None = None,
    cache: str | Path | None = None,
) -> MapFiles:
    """Write ``places.geojson`` and ``map.html`` for the articles (the examples by default).

    *layers* are extra point files (GeoJSON, or CSV with latitude/longitude columns), each
    drawn as a layer of its own; *self_contained* inlines every script and stylesheet so
    the map opens with no network (tiles aside); *areas* are your own reported areas
    (see :func:`control_report`). The control layer is drawn only when a timeline fits
    the articles or their text states changes of control, its slider opening on the
    articles' latest date. With *online*, the names the gazetteer lacks are looked up
    with Nominatim at *nominatim_url* (see :func:`look_up_online`) before anything is
    written, so a failed lookup leaves the output folder as it was. *sources* are as
    for :func:`read_articles`; *progress* is told of each article read and geoparsed.
    *jobs* worker processes do each article's work (all cores by default, 1 for none),
    or a Dask cluster at *scheduler* (see :func:`geomap.pipeline.analyse_articles`);
    the result is the same either way. With *cache*, a folder, only the articles it
    holds no results for are analysed (see :mod:`geomap._article_cache`).

    The GeoJSON files are compact, or indented by *indent* spaces (see
    :func:`geomap.output.geojson.dumps_geojson`). *output_format* ``parquet`` or
    ``gpkg`` also writes places and events as ``places.parquet`` and the
    month-partitioned ``events.parquet/`` folder, or ``places.gpkg`` and
    ``events.gpkg`` (see :mod:`geomap.output.columnar`), beside the GeoJSON files
    (which the map's popups point to).
    """
    from geomap.output.columnar import layer_files
    from geomap.output.files import check_output_folder, write_output_folder
    from geomap.output.geojson import (
        EVENT_PROPERTY_NAMES,
        PROPERTY_NAMES,
        control_geojson,
        dumps_geojson,
        event_features,
        geojson_chunks,
        place_features,
    )
    from geomap.webmap import build_map, render_map
    from geomap.webmap.user_layers import read_point_layer

    point_layers = [read_point_layer(path) for path in layers]
    articles = read_articles(sources, date=date, progress=progress, jobs=jobs)
    directory = (
        Path(output_dir)
        if output_dir
        else default_output_dir(articles, not sources, sources=sources)
    )
    check_output_folder(directory, MAP_OUTPUT_PATHS)  # refuse early, before the work
    analysis = _analyse(
        articles,
        gazetteer,
        within,
        progress,
        jobs=jobs,
        scheduler=scheduler,
        cache=cache,
        online=online,
        nominatim_url=nominatim_url,
    )
    report, incidents = analysis.report, analysis.incidents
    title = title or _default_title(articles, not sources)
    places_path, control_path, events_path, map_path = (directory / n for n in MAP_FILE_NAMES)
    control = control_report(
        articles, gazetteer, within=within, areas=areas, date=date, analysis=analysis
    )
    dated = [a.date for a in articles if a.date is not None]
    places = list(place_features(report))  # for places.geojson and the map's popups
    the_map = build_map(
        report,
        title=title,
        layers=point_layers,
        gazetteer=gazetteer,
        incidents=incidents,
        snapshots=control.snapshots,
        opening_date=max(dated, default=None),
        place_features=places,
    )
    # Everything is built before anything is written; the folder is then replaced
    # whole, all or nothing (see geomap.output.files.write_output_folder).
    # events.geojson is written as its features are made, one at a time (a corpus's
    # events would otherwise be in memory twice, as dicts and as text), except when
    # the columnar files are made from the same features.
    events: Iterable[dict] = event_features(incidents, gazetteer=gazetteer, articles=articles)
    columnar: dict[str, bytes] = {}
    if output_format != "geojson":
        events = list(events)
        for name, features, columns in (
            ("places", places, PROPERTY_NAMES),
            ("events", events, EVENT_PROPERTY_NAMES),
        ):
            collection = {"type": "FeatureCollection", "features": features}
            columnar.update(layer_files(name, collection, columns, output_format))
    write_output_folder(
        directory,
        {
            places_path.name: geojson_chunks(places, indent=indent),
            control_path.name: dumps_geojson(control_geojson(control.snapshots), indent=indent),
            events_path.name: geojson_chunks(events, indent=indent),
            map_path.name: render_map(the_map, self_contained=self_contained),
            **columnar,
        },
        owned=MAP_OUTPUT_PATHS,
    )
    # A dataset's folder once (events.parquet/ holds a file per month, none without events).
    written = tuple(dict.fromkeys(directory / p.split("/")[0] for p in columnar))
    return MapFiles(directory, places_path, map_path, control_path, events_path, written)


@collector_spared()
def find_events(
    sources: Sequence[Source],
    gazetteer: Gazetteer,
    *,
    within: Place | None = None,
    date: datetime.date | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    cache: str | Path | None = None,
) -> list[Incident]:
    """Read the articles and return the incidents they report, merged across articles.

    Parameters
    ----------
    sources
        Articles: as for :func:`read_articles` (articles already read are taken as
        they are); the bundled examples when empty.
    gazetteer
        Where place names are looked up.
    within
        A place the articles are about (see :func:`geomap.places.geoparse.parse_places`).
    date
        The articles' date; overrides the date found in the text.
    progress
        Told of each article read and geoparsed (see :data:`Progress`).
    jobs, scheduler
        Worker processes (all cores by default; 1 for none), or a Dask scheduler's
        address (see :func:`geomap.pipeline.analyse_articles`): the same incidents
        either way.
    cache
        A folder keeping each article's results: only the articles it holds none for
        are analysed (see :mod:`geomap._article_cache`).

    Returns
    -------
    list of Incident
        In order of first report (see :func:`geomap.events.merge_incidents`).
    """
    articles = read_articles(sources, date=date, progress=progress, jobs=jobs)
    return _analyse(
        articles, gazetteer, within, progress, jobs=jobs, scheduler=scheduler, cache=cache
    ).incidents


def evaluate(
    corpus: str | Path,
    gazetteer: Gazetteer,
    *,
    limit: int | None = None,
    demonyms: bool | None = None,
) -> Evaluation:
    """Geoparse an annotated corpus (GeoVirus, LGL, TR-News, GeoWebNews or WikToR XML)
    and score the result.

    Parameters
    ----------
    corpus
        The XML file.
    gazetteer
        Where place names are looked up.
    limit
        Score only the first *limit* articles.
    demonyms
        Whether demonyms ("Turkish") count as predicted toponyms; None: when the
        corpus annotates them (see :mod:`geomap.evaluation`).

    Returns
    -------
    Evaluation
        Recognition, resolution and speed (see :mod:`geomap.evaluation`).
    """
    # Imported here: scoring loads geopy's distances, which no other command needs.
    from geomap.evaluation import evaluate_corpus

    return evaluate_corpus(corpus, gazetteer, limit=limit, demonyms=demonyms)


@dataclass(frozen=True, slots=True)
class ControlReport:
    """Who held which district or town over time, the areas, and what the reports said.

    Attributes
    ----------
    snapshots
        Per interval and controller (see :class:`geomap.control.Snapshot`); empty
        when no timeline fits and the text states no change of control.
    changes
        Every change applied: the timeline's, plus those only the text gives.
    text_changes
        The changes stated in the articles for the place control is read for.
    conflicts
        Text statements the timeline contradicts (see :func:`geomap.control.merge_changes`).
    figures
        Reported figures: areas, shares of territory, numbers of people.
    unresolved
        Names in control statements the gazetteer lacks (e.g. Hamdudu): reported,
        not mapped.
    warnings
        Timeline and boundary problems that did not stop the report.
    geometry_source
        Which district geometry was used (approximate cells or boundaries).
    timeline
        The timeline file used; empty when none was.
    basis
        One line: which timeline was used and why, or that none fits and control
        comes from the text alone (see :func:`geomap.control.choose_timeline`).
    place
        The name of the place control is read for (the timeline's city or enclave,
        else the story's own place), or None.
    articles
        The names of the articles read.
    articles_date
        The latest date of the articles, the day whose state the table and the map
        open on; None when no article is dated.
    """

    snapshots: tuple
    changes: tuple
    text_changes: tuple
    conflicts: tuple
    figures: tuple
    unresolved: tuple
    warnings: tuple[str, ...]
    geometry_source: str
    timeline: str
    basis: str
    place: str | None
    articles: tuple[str, ...]
    articles_date: datetime.date | None = None

    def geojson(self) -> dict:
        """``control.geojson``: see :func:`geomap.output.geojson.control_geojson`."""
        from geomap.output.geojson import control_geojson

        return control_geojson(self.snapshots)


@collector_spared()
def control_report(
    sources: Sequence[Source],
    gazetteer: Gazetteer,
    *,
    timeline: str | Path | None = None,
    areas: str | Path | None = None,
    boundaries: str | Path | None = None,
    within: Place | None = None,
    date: datetime.date | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    cache: str | Path | None = None,
    analysis: _Analysis | None = None,
) -> ControlReport:
    """Combine a control timeline with the articles' statements; measure the areas.

    The timeline is *timeline* when given, else the shipped one whose place and
    period the articles are about (:func:`geomap.control.choose_timeline`), with its
    reported areas; with none, control is read from the text alone for the story's
    own place (:func:`geomap.control.text_timeline`). The articles' changes of control
    are the events stage's territory incidents
    (:func:`geomap.control.changes_from_incidents`), kept for that place only; their
    reported sizes are read from their sentences (:func:`geomap.control.figures_in`).

    Parameters
    ----------
    sources
        Articles: as for :func:`read_articles`; the bundled examples when empty.
    gazetteer
        Where district and town names are looked up.
    timeline
        Your own control timeline CSV (``data/control/README.md``); its places are
        looked up inside *within* when given.
    areas
        Your own reported areas or shares (the reported-areas format of
        ``data/control/README.md``), added to the timeline's and the text's.
    boundaries
        A GeoJSON of district polygons; approximate Voronoi cells when None.
    within
        The place the articles are about (``--within``).
    date
        The articles' date, when the text does not give it.
    progress
        Told of each article read and geoparsed (see :data:`Progress`).
    jobs, scheduler, cache
        Worker processes (all cores by default; 1 for none), or a Dask scheduler's
        address (see :func:`geomap.pipeline.analyse_articles`); a folder keeping each
        article's results (see :mod:`geomap._article_cache`).
    analysis
        The articles' work when already done (``make_map`` passes it); *sources*,
        *date*, *progress*, *jobs*, *scheduler* and *cache* are then unused.

    Raises
    ------
    TimelineError
        For bad timeline or areas rows (``file:line: reason``).
    """
    from geomap import control

    if analysis is None:
        articles = read_articles(sources, date=date, progress=progress, jobs=jobs)
        analysis = _analyse(
            articles, gazetteer, within, progress, jobs=jobs, scheduler=scheduler, cache=cache
        )
    report, incidents = analysis.report, analysis.incidents
    figures: list = []
    shipped: control.ShippedTimeline | None = None
    if timeline is not None:
        # Your own timeline: no shipped one is looked for.
        loaded: Timeline | None = control.load_timeline(timeline, gazetteer, area=within)
        place, basis = within, f"your timeline {timeline}"
    else:
        choice = control.choose_timeline(report.documents, gazetteer, within=within)
        shipped, place, basis = choice.timeline, choice.place, choice.reason
        loaded = control.load_timeline(shipped.path, gazetteer, area=place) if shipped else None
        if shipped is not None and shipped.areas_path is not None:
            figures += control.load_reported_areas(shipped.areas_path)
    if areas is not None:
        figures += control.load_reported_areas(areas)
    start = loaded.start if loaded else None
    found = control.read_statements(
        report.documents,
        incidents,
        figures=[
            figure
            for result in analysis.results
            for figure in (
                control.figures_in(result.document, start=start)
                if start is not None and result.needs_start
                else result.figures
            )
        ],
    )
    text_changes = [c for c in found.changes if _for_place(c, place, gazetteer, timeline=loaded)]
    if loaded is not None:
        changes, conflicts = control.merge_changes(loaded, text_changes)
    elif text_changes:
        loaded = control.text_timeline(text_changes, "the articles' statements")
        changes, conflicts = list(loaded.changes), []
    else:
        changes, conflicts = [], []
    wanted = {c.district_id for c in (*(loaded.initial.values() if loaded else ()), *changes)}
    geometry = control.district_geometries(gazetteer, boundaries, districts=wanted)
    figures = control.merge_figures([*figures, *found.figures])
    items = control.snapshots(loaded, changes, geometry, figures) if loaded else []
    return ControlReport(
        snapshots=tuple(items),
        changes=tuple(changes),
        text_changes=tuple(text_changes),
        conflicts=tuple(conflicts),
        figures=tuple(figures),
        unresolved=tuple(found.unresolved),
        warnings=(*(loaded.warnings if loaded else ()), *geometry.warnings),
        geometry_source=geometry.source,
        timeline=str(timeline or (shipped.path if shipped else "")),
        basis=basis,
        place=place.name if place else None,
        articles=report.articles,
        articles_date=max(
            (d.article.date for d in report.documents if d.article.date), default=None
        ),
    )


def _for_place(
    change: ControlChange, place: Place | None, gazetteer: Gazetteer, *, timeline: Timeline | None
) -> bool:
    """Whether a change the text states is about the place control is read for.

    With a timeline: one of its districts or towns, or a district or town of its
    place. Without: a district of the story's city, or a town within
    :data:`geomap.settings.TEXT_CONTROL_RADIUS_KM` of it.
    """
    unit = gazetteer.get(change.district_id)
    if unit is None:
        return False
    if timeline is not None and change.district_id in timeline.initial:
        return True
    if place is None:
        return timeline is not None  # your own timeline, with no --within: any change
    if unit.id == place.id:
        # The story's place as a whole: "taking Mosul's airport" is not Mosul taken,
        # and one town alone has no area to measure.
        return False
    if gazetteer.is_within(unit, place):
        return True
    if timeline is not None or unit.kind != "city":
        return False
    # A city whose districts the gazetteer knows changes hands district by district.
    has_districts = any(c.kind == "district" for c in gazetteer.children(unit))
    return not has_districts and _distance_km(unit, place) <= settings.TEXT_CONTROL_RADIUS_KM


def _distance_km(a: Place, b: Place) -> float:
    """The great-circle distance between two places' points."""
    from geopy.distance import great_circle

    return float(great_circle((a.lat, a.lon), (b.lat, b.lon)).km)


def _default_title(articles: Sequence[Article], examples: bool) -> str:
    if examples:
        return example_title()
    if len(articles) == 1:
        return articles[0].title or articles[0].name
    return f"{len(articles)} articles"


@dataclass(frozen=True, slots=True)
class GazetteerCheck:
    """What :func:`check_gazetteers` found.

    Attributes
    ----------
    files
        The files checked.
    good_rows
        How many rows (or features) make good places, in all of them.
    problems
        Every problem, as ``file:line: reason`` (a file that cannot be read at all is
        one problem).
    """

    files: tuple[Path, ...]
    good_rows: int
    problems: tuple[str, ...]


def check_gazetteers(paths: Iterable[str | Path] = ()) -> GazetteerCheck:
    """Check gazetteer files (CSV or GeoJSON); the shipped CSV files when none is given."""
    from geomap.places.gazetteer import check_file, shipped_files

    files = tuple(Path(p) for p in paths) or tuple(shipped_files())
    good_rows = 0
    problems: list[str] = []
    for path in files:
        good, bad = check_file(path)
        good_rows += len(good)
        problems.extend(bad)
    return GazetteerCheck(files, good_rows, tuple(problems))


def import_gazetteer(path: str | Path, *, name_property: str | None = None) -> list[Place]:
    """Read a GeoJSON of districts as gazetteer places (centroids and areas in metres).

    Features sharing a name are merged; *name_property* is the property holding the
    name (guessed when None). See :func:`geomap.places.gazetteer.read_geojson`.
    """
    from geomap.places.gazetteer import read_geojson

    return read_geojson(path, name_property=name_property)


def open_in_browser(path: str | Path, *, check_mark: bool = True) -> str:
    """Open a map geomap wrote in the default web browser; return the URL opened.

    Parameters
    ----------
    path
        A map's ``.html`` file, or the folder holding its ``map.html``.
    check_mark
        Open only an ``.html`` file that carries geomap's mark
        (:data:`geomap.settings.MAP_GENERATOR_MARK`) near its start, so that no other
        file (``/etc/passwd``, a page saved from a hostile site) is ever launched.
        ``make_map``'s caller, which has just written the map, may skip the check.

    Returns
    -------
    str
        The ``file://`` URL opened.

    Raises
    ------
    InputError
        If *path* is not a map geomap wrote, or no browser could be started; the
        browser is then not launched.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "map.html"
    if not path.is_file():
        raise InputError(f"{path}: no such map file")
    if check_mark:
        _check_geomap_map(path)
    url = path.resolve().as_uri()
    if not webbrowser.open(url):
        raise InputError(f"no web browser could be started; open {url} by hand")
    return url


def _check_geomap_map(path: Path) -> None:
    """Refuse a file that is not an .html map carrying geomap's mark in its head."""
    if path.suffix.lower() != ".html":
        raise InputError(f"{path}: not a map (geomap opens only the .html maps it writes)")
    try:
        with path.open("rb") as handle:
            head = handle.read(settings.MAP_MARK_SEARCH_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if settings.MAP_GENERATOR_MARK.encode("ascii") not in head:
        raise InputError(
            f"{path}: not a map geomap wrote (no geomap generator mark); "
            "geomap opens only its own maps"
        )


# ---------------------------------------------------------------------------
# Gazetteers from OpenStreetMap (``geomap gazetteer fetch``, ``gazetteer import FILE.osm``)

# The kinds of place whose districts an OpenStreetMap gazetteer collects: a city or
# town, or an area of one (an enclave such as Eastern Ghouta).
_OSM_CITY_KINDS = ("city", "region")


def _quiet(_message: str) -> None:
    """The default progress callback: say nothing."""


def osm_city(gazetteer: Gazetteer, name: str) -> Place:
    """The city (or area of one) called *name*, whose districts OpenStreetMap gives.

    Of the places *name* matches, the first city or region: "Baghdad" is the city,
    not the governorate of the same name. A place bearing the name as its own hides
    those given it only as another name: "Iraq" is the country, not Arak, Iran, which
    GeoNames also calls so.

    Raises
    ------
    PlaceNotFoundError
        If no place has the name, or none of those that do is a city or region.
    """
    candidates = gazetteer.lookup(name)
    own = [c for c in candidates if c.method in MAIN_NAME_METHODS]
    found = [c.place for c in own or candidates]
    if not found:
        gazetteer.find(name)  # raises, with suggestions
    for place in found:
        if place.kind in _OSM_CITY_KINDS:
            return place
    raise PlaceNotFoundError(
        f"{name!r} is a {found[0].kind} in the gazetteer, not a city: "
        "give the city or town whose districts you want"
    )


def _osm_city_of(
    place: Place | str, gazetteer: Gazetteer, progress: Callable[[str], None]
) -> Place:
    if isinstance(place, Place):
        return place
    progress(f"looking up {place} in geomap's gazetteer")
    return osm_city(gazetteer, place)


def _osm_radius(city: Place, radius_km: float | None) -> float:
    from geomap.places import osm

    if radius_km is None:
        return osm.default_radius_km(city)
    if not 0 < radius_km <= settings.OSM_MAX_RADIUS_KM:
        raise InputError(
            f"--radius-km {radius_km:g} is outside 0..{settings.OSM_MAX_RADIUS_KM:g} km"
        )
    return radius_km


def fetch_osm_gazetteer(
    place: Place | str,
    *,
    radius_km: float | None = None,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[str], None] = _quiet,
) -> OsmGazetteer:
    """Download a city's districts, villages and landmarks from OpenStreetMap.

    The only function of geomap besides the ``--online`` lookups that uses the
    network: it asks the Overpass API through osmnx (answers cached in
    ``<cache>/osmnx``; see :func:`geomap.places.osm.fetch_features`).

    Parameters
    ----------
    place
        The city, or its name, looked up offline in *gazetteer* (see :func:`osm_city`).
    radius_km
        How far around the city's point to look; by default
        :data:`geomap.settings.OSM_RADIUS_KM`, more for the most populous cities.
    gazetteer
        Where the city is looked up; default the shipped gazetteer.
    progress
        Called with a line of progress at each step.

    Returns
    -------
    OsmGazetteer
        The rows (parent: the city) and polygons; write them with
        :func:`write_osm_gazetteer`.

    Raises
    ------
    PlaceNotFoundError, InputError, DependencyError, NetworkError
        An unknown place or bad radius, osmnx missing, or OpenStreetMap unreachable
        or without a named place in its answer.
    """
    from geomap.errors import NetworkError
    from geomap.places import osm

    gazetteer = gazetteer or load_gazetteer()
    city = _osm_city_of(place, gazetteer, progress)
    radius = _osm_radius(city, radius_km)
    progress(f"asking OpenStreetMap (Overpass) for places within {radius:g} km of {city.name}…")
    features = osm.fetch_features(city, radius)
    result = osm.places_from_features(features, city, radius, gazetteer=gazetteer)
    if not result.places:
        raise NetworkError(
            f"OpenStreetMap's answer holds no named places within {radius:g} km of {city.name}"
        )
    progress(f"{len(result.places)} places, {len(result.polygons)} with polygons")
    return result


def import_osm_gazetteer(
    path: str | Path,
    *,
    within: Place | str,
    radius_km: float | None = None,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[str], None] = _quiet,
) -> OsmGazetteer:
    """Read a city's districts, villages and landmarks from an OpenStreetMap extract.

    The same rows as :func:`fetch_osm_gazetteer`, offline: *path* is an ``.osm.pbf``
    or ``.osm`` file (pyosmium), *within* the city (or its name) whose radius is kept.
    """
    from geomap.places import osm

    gazetteer = gazetteer or load_gazetteer()
    city = _osm_city_of(within, gazetteer, progress)
    radius = _osm_radius(city, radius_km)
    progress(f"reading {Path(path).name}: places within {radius:g} km of {city.name}…")
    features = osm.read_extract(path, city, radius)
    result = osm.places_from_features(features, city, radius, gazetteer=gazetteer)
    if not result.places:
        raise InputError(
            f"{path}: no named places within {radius:g} km of {city.name} "
            "(does the extract cover the city?)"
        )
    progress(f"{len(result.places)} places, {len(result.polygons)} with polygons")
    return result


def osm_gazetteer_geojson(result: OsmGazetteer) -> dict:
    """The polygons of *result* as a FeatureCollection (``geomap control --boundaries``).

    One feature per place mapped as an area, sorted by id, with properties ``name``,
    ``id`` (the gazetteer row's) and ``kind``.
    """
    from geomap.output.geojson import geojson_geometry

    names = {p.id: p for p in result.places}
    features = [
        {
            "type": "Feature",
            "properties": {"name": names[i].name, "id": i, "kind": names[i].kind},
            "geometry": geojson_geometry(result.polygons[i]),
        }
        for i in sorted(result.polygons)
    ]
    return {"type": "FeatureCollection", "features": features}


def osm_output_paths(output: str | Path | None, city: Place) -> tuple[Path, Path]:
    """The gazetteer CSV and the polygons' GeoJSON beside it (same stem, ``.geojson``).

    Default ``<city>.csv`` in the current folder. A ``.geojson`` or ``.json`` *output*
    is refused: it names the CSV, and the GeoJSON would overwrite it.
    """
    csv_path = Path(output) if output else Path(safe_folder_name(city.name.lower()) + ".csv")
    if csv_path.suffix.lower() in (".geojson", ".json"):
        raise InputError(f"-o {csv_path}: name the CSV; the GeoJSON is written beside it")
    return csv_path, csv_path.with_suffix(".geojson")


def write_osm_gazetteer(
    result: OsmGazetteer, csv_path: str | Path, *, raw: bool = False
) -> tuple[Path, Path]:
    """Write *result*'s rows as gazetteer CSV and its polygons as GeoJSON beside it.

    Both texts are made before anything is written and each file is replaced
    atomically; if the CSV cannot be written, the GeoJSON written just before is
    put back as it was (removed if it is new), so the pair stays consistent.

    Returns
    -------
    tuple of Path
        The CSV and the GeoJSON written.
    """
    from geomap.errors import OutputError
    from geomap.output.files import atomic_write_bytes, atomic_write_text, check_output_file
    from geomap.output.geojson import dumps_geojson
    from geomap.output.tables import gazetteer_csv

    csv_path, geojson_path = osm_output_paths(csv_path, result.city)
    for target in (csv_path, geojson_path):
        check_output_file(target)
    csv_text = gazetteer_csv(result.places, raw=raw)
    geojson_text = dumps_geojson(osm_gazetteer_geojson(result))
    before = geojson_path.read_bytes() if geojson_path.is_file() else None
    atomic_write_text(geojson_path, geojson_text)
    try:
        atomic_write_text(csv_path, csv_text)
    except OutputError:
        if before is None:
            geojson_path.unlink(missing_ok=True)
        else:
            atomic_write_bytes(geojson_path, before)
        raise
    return csv_path, geojson_path
