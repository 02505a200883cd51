"""The ``geomap`` command line: thin wrappers over :mod:`geomap.api`.

Each command parses its options, calls one :mod:`geomap.api` function and prints or
writes what :mod:`geomap.output` makes of the result. Options shared by several
commands are defined once here (``--within``, ``--gazetteer``, ``--date``,
``--format``, ``-o/--output``, ``--raw-csv``, ``--json``, ``--indent``, ``--online``,
and the corpus options ``--from-list``/``--from-jsonl``/``--from-csv`` with
``--progress/--quiet``).
Errors geomap raises on purpose (:class:`geomap.errors.GeomapError`) become one-line
messages and a non-zero exit here, and nowhere else.
"""

from __future__ import annotations

import datetime
import functools
import json
import sys
import time
from collections.abc import Callable

import click

from geomap import __version__, api, settings
from geomap.errors import GeomapError
from geomap.output import terminal
from geomap.output.columnar import (
    COLUMNAR_FORMATS,
    EVENT_PARTITIONS,
    events_parquet_dataset,
    features_geopackage,
    features_parquet,
)
from geomap.output.files import (
    atomic_write_bytes,
    atomic_write_text,
    check_output_file,
    check_output_folder,
    write_output_folder,
)
from geomap.output.geojson import (
    EVENT_PROPERTY_NAMES,
    PROPERTY_NAMES,
    control_geojson,
    dumps_geojson,
    events_geojson,
    places_geojson,
)
from geomap.output.tables import events_csv, gazetteer_csv
from geomap.places.gazetteer import Gazetteer, Place
from geomap.text.corpus import CorpusFile

_OUTPUT_FILE_HELP = (
    "Write to FILE instead of standard output, all or nothing. A symbolic link is "
    "followed; a pipe, device or socket is refused."
)
_RAW_CSV_HELP = (
    "Write CSV cells exactly as found. By default a text cell starting with = + - @, "
    "tab or carriage return gets a leading ' so spreadsheets do not run it as a formula."
)
_ABOUT_HELP = "A place the articles are about (e.g. Aleppo)."

_Decorator = Callable[[Callable], Callable]


def _echo(message: object = "", **kwargs) -> None:
    """``click.echo``, with control characters and bidi overrides made visible."""
    click.echo(terminal.visible(str(message)), **kwargs)


def _one_line(message: str) -> str:
    return " ".join(terminal.visible(str(message)).split())


def _handle_errors(command: Callable) -> Callable:
    """Turn GeomapError (and unreadable output) into a one-line click error."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except GeomapError as exc:
            raise click.ClickException(_one_line(str(exc))) from None
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(_one_line(f"{name}{exc.strerror or exc}")) from None

    return wrapper


# ---------------------------------------------------------------------------
# Shared options


class _ProgressBar:
    """Articles done, articles per second and the time left, on one line of stderr.

    Called as a :data:`geomap.api.Progress`; redrawn at most every
    :data:`geomap.settings.PROGRESS_REDRAW_SECONDS`, and only when *shown*, so that
    a pipe, a log file or a test's captured output never holds carriage returns.
    """

    def __init__(self, shown: bool) -> None:
        self.shown = shown
        self._stage = ""
        self._start = self._drawn = 0.0
        self._width = 0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.shown:
            return
        now = time.monotonic()
        if stage != self._stage:
            self._finish_line()
            self._stage, self._start = stage, now
        elif now - self._drawn < settings.PROGRESS_REDRAW_SECONDS and done != total:
            return
        self._drawn = now
        elapsed = now - self._start
        text = f"{stage}: {done:,}" + (f"/{total:,}" if total else "") + " articles"
        # Too early for a rate: the first article's time says nothing of the others'.
        rate = done / elapsed if elapsed >= 0.05 else 0.0
        text += f", {rate:,.1f}/s" if rate else ""
        if total and done < total and rate > 0:
            left = int((total - done) / rate)
            text += f", ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
        click.echo("\r" + text.ljust(self._width), nl=False, err=True)
        self._width = len(text)

    def _finish_line(self) -> None:
        if self._width:
            click.echo(err=True)  # keep the finished stage's line; messages start afresh
            self._width = 0

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._finish_line()


def _corpus_options(command: Callable) -> Callable:
    """ARTICLES from lists and exports too, and a progress bar, for the commands reading them.

    Adds ``--from-list``, ``--from-jsonl``, ``--from-csv`` (each repeatable; their
    articles come after the ARTICLE arguments), ``--progress/--quiet``, ``--jobs``,
    ``--scheduler`` and ``--cache``, and calls *command* with ``articles`` holding
    every source, ``progress`` the bar, and ``run`` the keyword arguments ``jobs``,
    ``scheduler`` and ``cache`` of the API's functions.
    """

    @functools.wraps(command)
    def wrapper(
        *args, from_list, from_jsonl, from_csv, show_progress, jobs, scheduler, cache, **kwargs
    ):
        # How the articles' work runs, handed on to the API as it is.
        kwargs["run"] = {"jobs": jobs, "scheduler": scheduler, "cache": cache}
        kwargs["articles"] = (
            *kwargs["articles"],
            *(CorpusFile("list", path) for path in from_list),
            *(CorpusFile("jsonl", path) for path in from_jsonl),
            *(CorpusFile("csv", path) for path in from_csv),
        )
        # By default, a bar only for a person watching: stderr a terminal.
        shown: bool = show_progress
        if show_progress is None:
            shown = sys.stderr is not None and sys.stderr.isatty()
        with _ProgressBar(shown) as progress:
            return command(*args, progress=progress, **kwargs)

    decorated: Callable = wrapper
    file_type = click.Path(dir_okay=False)
    for flag, name, help_text in (
        (
            "--from-csv",
            "from_csv",
            "Read the articles of a UTF-8 CSV with a header: one article per row, columns "
            "text (required), date, title, url and id (default: the row number). "
            "Repeatable.",
        ),
        (
            "--from-jsonl",
            "from_jsonl",
            "Read the articles of a JSON Lines file: one object per line with text "
            "(required), date, title, url and id, as news-API and GDELT-style exports "
            "have. Repeatable.",
        ),
        (
            "--from-list",
            "from_list",
            "Read the files FILE lists, one path per line, relative to FILE's folder; "
            "blank lines and lines starting with # are skipped. Repeatable.",
        ),
    ):
        decorated = click.option(
            flag, name, multiple=True, type=file_type, metavar="FILE", help=help_text
        )(decorated)
    decorated = click.option(
        "--cache",
        type=click.Path(file_okay=False),
        metavar="DIR",
        help="Keep each article's results in DIR (made if missing, for you alone): a "
        "re-run over the same or a grown corpus analyses only the articles new or "
        "changed since, with the same output as a full run.",
    )(decorated)
    decorated = click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run each article's work on a Dask cluster: a dask.distributed "
        "scheduler's address (tcp://host:8786), or 'local' for --jobs workers on this "
        "machine. Needs pip install 'geomap[dask]'.",
    )(decorated)
    decorated = click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        metavar="N",
        help="Worker processes for each article's work (default: one per core; 1 runs "
        "in this process). The output is the same with any number.",
    )(decorated)
    return click.option(
        "--progress/--quiet",
        "show_progress",
        default=None,
        help="Show or hide the progress bar (articles done, articles/s, time left) on "
        "standard error; by default shown when standard error is a terminal.",
    )(decorated)


def _within_option(help_text: str = _ABOUT_HELP) -> _Decorator:
    return click.option("--within", metavar="PLACE", help=help_text)


_gazetteer_option = click.option(
    "--gazetteer",
    "gazetteer_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Your own gazetteer: CSV in geomap's schema or GeoJSON with a name property. "
    "Repeatable; its rows add to (and override) the shipped ones.",
)
_areas_option = click.option(
    "--areas",
    type=click.Path(dir_okay=False),
    help="Your own reported areas or shares of territory, a CSV in the format of the "
    "shipped ones (data/control/README.md); shown beside the computed areas.",
)
_date_option = click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The article's date (YYYY-MM-DD), when the text does not give it.",
)
_output_option = click.option("-o", "--output", type=click.Path(), help=_OUTPUT_FILE_HELP)
_raw_csv_option = click.option("--raw-csv", is_flag=True, help=_RAW_CSV_HELP)
_json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON instead of a table."
)

_indent_option = click.option(
    "--indent",
    type=click.IntRange(min=0),
    metavar="N",
    help="Indent the JSON and GeoJSON written by N spaces, one item a line "
    "(default: GeoJSON compact, --json output 2 spaces).",
)


def _online_options(command: Callable) -> Callable:
    """``--online`` and ``--nominatim-url``: look unknown names up with Nominatim."""
    command = click.option(
        "--nominatim-url",
        metavar="URL",
        help="The Nominatim to ask with --online, e.g. your own (default: "
        f"${settings.NOMINATIM_URL_ENV}, else {settings.NOMINATIM_URL}).",
    )(command)
    return click.option(
        "--online",
        is_flag=True,
        help="Look the names the gazetteer lacks up online with OpenStreetMap's Nominatim "
        "(one request a second, answers cached; off by default). A name found near the "
        "article's place is mapped with method 'online'; one found farther away is only "
        "a suggestion.",
    )(command)


def _online_wanted(online: bool, nominatim_url: str | None) -> bool:
    """Whether to go online; --nominatim-url without --online is a usage error."""
    if nominatim_url and not online:
        raise click.UsageError("--nominatim-url needs --online")
    return online


def _format_option(choices: list[str], help_text: str) -> _Decorator:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help_text,
    )


def _gazetteer_within(files: tuple[str, ...], within: str | None) -> tuple[Gazetteer, Place | None]:
    """The gazetteer of ``--gazetteer`` and the place ``--within`` names in it."""
    gazetteer = api.load_gazetteer(files)
    return gazetteer, api.find_within(gazetteer, within)


def _as_date(value: datetime.datetime | None) -> datetime.date | None:
    return value.date() if value else None


def _emit_json(data: object, indent: int | None = None) -> None:
    # Read by people at a terminal: two spaces unless --indent says otherwise.
    _echo(json.dumps(data, ensure_ascii=False, indent=2 if indent is None else indent))


def _refuse_bad_output(output: str | None) -> None:
    """Refuse a pipe or device as ``-o`` before the work, not after it."""
    if output:
        check_output_file(output)


def _deliver(text: str, output: str | None, wrote: str) -> None:
    """Write *text* to *output* all or nothing and say *wrote*; else print it."""
    if output:
        atomic_write_text(output, text)
        _echo(wrote, err=True)
    else:
        _echo(text, nl=False)


def _refuse_bad_columnar_output(output_format: str, output: str | None, layer: str) -> None:
    """Refuse a missing or unusable ``-o`` before the work, not after it.

    Events as Parquet need ``-o DIR`` (a folder of geomap's: they are partitioned by
    month), places as Parquet and both as GeoPackage ``-o FILE``.
    """
    if output_format not in COLUMNAR_FORMATS:
        _refuse_bad_output(output)
        return
    dataset = output_format == "parquet" and layer == "events"
    if not output:
        target = "DIR (a folder)" if dataset else f"FILE.{output_format}"
        raise click.UsageError(f"--format {output_format} writes files: give -o {target}.")
    if dataset:
        check_output_folder(output, [EVENT_PARTITIONS])
    else:
        check_output_file(output)


def _write_columnar(
    collection: dict, names: tuple[str, ...], layer: str, output_format: str, output: str
) -> None:
    """Write *collection* as GeoParquet or GeoPackage to *output*, all or nothing.

    Events go to a folder partitioned by month, places to one Parquet file (see
    :mod:`geomap.output.columnar`); a GeoPackage holds one layer named *layer*.
    """
    features = collection["features"]
    if output_format == "gpkg":
        atomic_write_bytes(output, features_geopackage(features, names, layer))
    elif layer == "events":
        dataset = events_parquet_dataset(features, names)
        write_output_folder(output, dataset, owned=[EVENT_PARTITIONS])
    else:
        atomic_write_bytes(output, features_parquet(features, names))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geomap")
def main() -> None:
    """Turn news reports of armed conflict into maps and GeoJSON.

    \b
    Example:
        geomap map                      # the bundled example articles
        geomap places report.txt        # which places a report names
    """


@main.command()
@click.argument("articles", nargs=-1)
@_json_option
@_format_option(
    ["table", "geojson", "parquet", "gpkg"],
    "A table for reading (or JSON with --json), places.geojson, GeoParquet or "
    "GeoPackage (layer places); parquet and gpkg need -o FILE.",
)
@_output_option
@_indent_option
@_within_option()
@_gazetteer_option
@_date_option
@_online_options
@_corpus_options
@_handle_errors
def places(
    articles,
    as_json,
    output_format,
    output,
    within,
    gazetteer_files,
    date,
    online,
    nominatim_url,
    progress,
    run,
    indent,
):
    """List the places ARTICLE names: resolved, unresolved, and their roles.

    Each name found is shown with its offset, role (location, actor,
    part_of_name), the place it resolved to, how it matched and the confidence.
    Names in a place position that the gazetteer lacks are listed as unresolved,
    with ranked suggestions. ARTICLE is a .txt or .html file, - for standard input,
    a folder or a quoted glob pattern (or use --from-list, --from-jsonl, --from-csv).
    With --online, those names are then looked up with Nominatim.

    \b
    Example:
        geomap places ../shared/articles/east-aleppo-2016-12-13.txt
        geomap places report.html --json > places.json
        geomap places report.txt --online
        geomap places reports/ --json > places.json
        geomap places reports/ --format parquet -o places.parquet
    """
    if not articles:
        raise click.UsageError("Missing argument 'ARTICLES...' (or --from-list/jsonl/csv).")
    if output_format == "table" and output:
        raise click.UsageError("-o writes --format geojson, parquet or gpkg.")
    if as_json and output_format != "table":
        raise click.UsageError("--json prints the table as JSON: use it without --format.")
    _refuse_bad_columnar_output(output_format, output, "places")
    online = _online_wanted(online, nominatim_url)
    gazetteer, place = _gazetteer_within(gazetteer_files, within)
    report = api.find_places(
        articles,
        gazetteer,
        within=place,
        date=_as_date(date),
        online=online,
        nominatim_url=nominatim_url,
        progress=progress,
        **run,
    )
    if output_format == "table":
        if as_json:
            _emit_json(terminal.places_json(report), indent)
        else:
            _echo(terminal.places_table(report))
        return
    collection = places_geojson(report)
    count = len(collection["features"])
    wrote = f"wrote {count} place{'s' * (count != 1)} (resolved and unresolved) to {output}"
    if output_format == "geojson":
        _deliver(dumps_geojson(collection, indent=indent), output, wrote)
    else:
        _write_columnar(collection, PROPERTY_NAMES, "places", output_format, output)
        _echo(wrote, err=True)


@main.command()
@click.argument("names", nargs=-1, required=True)
@_within_option("Only places inside PLACE (e.g. Aleppo).")
@_json_option
@_indent_option
@_gazetteer_option
@_handle_errors
def resolve(names, within, as_json, gazetteer_files, indent):
    """Look up place NAMES in the gazetteer and show ranked candidates with scores.

    Give several names at once, or - to read one name per line from standard input.

    \b
    Example:
        geomap resolve Firdous "Sheikh Said" --within Aleppo
        printf 'Kalasa\\nSalihin\\n' | geomap resolve -
    """
    if "-" in names:
        names = [n for n in names if n != "-"] + sys.stdin.read().splitlines()
    gazetteer, place = _gazetteer_within(gazetteer_files, within)
    answers = api.resolve_names(names, gazetteer, within=place)
    if as_json:
        _emit_json(terminal.names_json(answers), indent)
        return
    _echo(terminal.names_table(answers))
    if any(a.status == "unresolved" for a in answers):
        sys.exit(1)


@main.command(name="map")
@click.argument("articles", nargs=-1)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(),  # checked by geomap.output.files, with a one-line error
    help="The output folder (default: outputs/<article name>/, outputs/<folder name>/ "
    "for a folder, pattern, list or export), replaced whole, all or nothing; a folder "
    "holding files geomap did not write is refused.",
)
@click.option("--title", help="The map's title.")
@_indent_option
@_within_option()
@click.option("--open", "open_browser", is_flag=True, help="Open the map in the browser.")
@click.option(
    "--layer",
    "layer_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="An extra point layer: GeoJSON, or CSV with latitude/longitude (lat/lon, y/x) "
    "columns, such as an ACLED export. Repeatable.",
)
@click.option(
    "--self-contained",
    is_flag=True,
    help="Put every script and stylesheet inside map.html, so it opens with no network "
    "(map tiles aside).",
)
@_format_option(
    ["geojson", "parquet", "gpkg"],
    "Also write places and events as places.parquet and events.parquet/ (GeoParquet, "
    "partitioned by event month) or places.gpkg and events.gpkg (GeoPackage), beside "
    "the GeoJSON files.",
)
@_areas_option
@_gazetteer_option
@_date_option
@_online_options
@_corpus_options
@_handle_errors
def map_command(
    articles,
    output_format,
    output_dir,
    title,
    within,
    open_browser,
    layer_files,
    self_contained,
    areas,
    gazetteer_files,
    date,
    online,
    nominatim_url,
    progress,
    run,
    indent,
):
    """Make an interactive map and GeoJSON from ARTICLES (the bundled examples by default).

    Writes DIR/places.geojson, control.geojson, events.geojson and map.html, all
    or nothing: the folder holds the complete old set or the complete new one,
    even if geomap is interrupted. ARTICLE is a .txt or .html file, - for
    standard input, a folder or a quoted glob pattern (or use --from-list,
    --from-jsonl, --from-csv).

    \b
    Example:
        geomap map                                  # bundled examples -> outputs/example/
        geomap map reports/                         # a folder -> outputs/reports/
        geomap map report.txt -o maps/report --open
        geomap map report.txt --layer acled.csv --self-contained
        geomap map report.txt --online              # names the gazetteer lacks: Nominatim
        geomap map reports/ --format parquet        # places.parquet, events.parquet/
    """
    online = _online_wanted(online, nominatim_url)
    gazetteer, place = _gazetteer_within(gazetteer_files, within)
    files = api.make_map(
        articles,
        gazetteer,
        output_dir=output_dir,
        within=place,
        date=_as_date(date),
        title=title,
        layers=layer_files,
        self_contained=self_contained,
        areas=areas,
        online=online,
        nominatim_url=nominatim_url,
        progress=progress,
        indent=indent,
        output_format=output_format,
        **run,
    )
    for path in (files.places, files.control, files.events, *files.columnar, files.map):
        if path is not None:
            _echo(f"wrote {path}")
    if open_browser:
        # geomap has just written this map: no need to check its mark.
        _echo(f"opened {api.open_in_browser(files.map, check_mark=False)}")


@main.command(name="control")
@click.argument("articles", nargs=-1)
@click.option(
    "--timeline",
    type=click.Path(dir_okay=False),
    help="Your own control timeline CSV (format: data/control/README.md); default: the "
    "shipped timeline whose city and period the articles are about, if any.",
)
@_areas_option
@click.option(
    "--boundaries",
    type=click.Path(dir_okay=False),
    help="GeoJSON of district polygons, matched to the gazetteer by name; "
    "default: approximate Voronoi cells of the gazetteer's district centroids.",
)
@_within_option(
    "The city or enclave the articles are about (e.g. Aleppo): picks the shipped "
    "timeline of that place, and looks --timeline places up inside it."
)
@_format_option(["table", "geojson"], "A table for reading, or control.geojson.")
@_output_option
@_indent_option
@_gazetteer_option
@_date_option
@_corpus_options
@_handle_errors
def control_command(
    articles,
    timeline,
    areas,
    boundaries,
    within,
    output_format,
    output,
    gazetteer_files,
    date,
    progress,
    run,
    indent,
):
    """Who held which district or town, date by date, and the area each side held.

    Uses the shipped control timeline whose city and period ARTICLES are about
    (data/control/timelines.csv), and says which, or that none fits: then control
    comes from what the articles state alone (captures, withdrawals, evacuations),
    for the story's own city. For every date on which control changes it shows
    each side's districts and area in km² (measured in the city's UTM zone) and
    share, the reported area or share beside it and the difference, the places that
    changed hands, text statements the timeline contradicts, and names it could
    not map. Says which geometry it used: real boundaries (--boundaries) or
    approximate cells. ARTICLE is a .txt or .html file, - for standard input, a
    folder or a quoted glob pattern (or use --from-list, --from-jsonl, --from-csv).

    \b
    Example:
        geomap control ../shared/articles/east-aleppo-2016-12-13.txt
        geomap control ghouta-report.txt --areas my-figures.csv
        geomap control report.txt --timeline mosul.csv --within Mosul
        geomap control --format geojson -o control.geojson
    """
    _refuse_bad_output(output)
    gazetteer, place = _gazetteer_within(gazetteer_files, within)
    report = api.control_report(
        articles,
        gazetteer,
        timeline=timeline,
        areas=areas,
        boundaries=boundaries,
        within=place,
        date=_as_date(date),
        progress=progress,
        **run,
    )
    if output_format == "geojson":
        text = dumps_geojson(control_geojson(report.snapshots), indent=indent)
    else:
        text = terminal.control_table(report) + "\n"
    _deliver(text, output, f"wrote {output}")
    if output_format == "geojson" or output:
        _echo(f"control: {report.basis}", err=True)
    for warning in report.warnings:
        _echo(f"warning: {warning}", err=True)


@main.command(name="events")
@click.argument("articles", nargs=-1)
@_format_option(
    ["table", "geojson", "csv", "parquet", "gpkg"],
    "A table for reading, events.geojson, CSV with ACLED's column names, GeoParquet "
    "partitioned by event month (needs -o DIR) or GeoPackage (layer events, -o FILE).",
)
@_output_option
@_indent_option
@_raw_csv_option
@_within_option()
@_gazetteer_option
@_date_option
@_corpus_options
@_handle_errors
def events_command(
    articles,
    output_format,
    output,
    raw_csv,
    within,
    gazetteer_files,
    date,
    progress,
    indent,
    run,
):
    """List the incidents ARTICLES report as conflict events (ACLED-style).

    Each incident (a killing, an air strike, shelling, an arrest, a siege,
    displacement, a change of territory...) gets ACLED's event type and sub-type,
    date and time precision, actors with inter codes, places with geo precision,
    fatalities (low/best/high and the words they came from), who reported it and
    whether the report is hedged. The same incident in several articles becomes
    one event listing every source. ARTICLE is a .txt or .html file, - for
    standard input, a folder or a quoted glob pattern (or use --from-list,
    --from-jsonl, --from-csv); the bundled examples by default.

    \b
    Example:
        geomap events ../shared/articles/east-aleppo-2016-12-13.txt
        geomap events a.txt b.txt --format csv -o events.csv
        geomap events report.txt --format geojson -o events.geojson
        geomap events --from-jsonl feed.jsonl --format geojson -o events.geojson
        geomap events reports/ --format parquet -o events/   # events/event_month=2016-12/...
    """
    _refuse_bad_columnar_output(output_format, output, "events")
    gazetteer, place = _gazetteer_within(gazetteer_files, within)
    # Read here, not in find_events: events.geojson names each article's id and url.
    read = api.read_articles(articles, date=_as_date(date), progress=progress, jobs=run["jobs"])
    found = api.find_events(
        read,
        gazetteer,
        within=place,
        progress=progress,
        **run,
    )
    if output_format in COLUMNAR_FORMATS:
        collection = events_geojson(found, gazetteer=gazetteer, articles=read)
        _write_columnar(collection, EVENT_PROPERTY_NAMES, "events", output_format, output)
        text = None  # written
    elif output_format == "geojson":
        text = dumps_geojson(
            events_geojson(found, gazetteer=gazetteer, articles=read), indent=indent
        )
    elif output_format == "csv":
        text = events_csv(found, raw=raw_csv, gazetteer=gazetteer)
    else:
        text = terminal.events_table(found) + "\n"
    records = sum(max(1, len(i.locations)) for i in found)  # one event per place, as ACLED's
    incidents = f"{len(found)} incident{'s' * (len(found) != 1)}"
    events = f"{records} event{'s' * (records != 1)}"
    wrote = f"wrote {incidents} ({events}, one per place) to {output}"
    if text is None:
        _echo(wrote, err=True)
    else:
        _deliver(text, output, wrote)


@main.command(name="evaluate")
@click.argument("corpus", type=click.Path(dir_okay=False))
@_format_option(["table", "json"], "A table for reading, or JSON with per-article counts.")
@_output_option
@_indent_option
@click.option(
    "--limit", type=click.IntRange(min=1), help="Score only the first N articles.", metavar="N"
)
@click.option(
    "--demonyms/--no-demonyms",
    default=None,
    help="Count demonyms (Turkish as Turkey) as predicted toponyms, or not. "
    "Default: when the corpus annotates them (TR-News, GeoWebNews).",
)
@_gazetteer_option
@_handle_errors
def evaluate_command(corpus, output_format, output, limit, demonyms, gazetteer_files, indent):
    """Score the geoparser against an annotated CORPUS (XML of GeoVirus, LGL, TR-News,
    GeoWebNews or WikToR).

    Recognition (precision, recall, F1 with overlapping spans), resolution
    (accuracy within 161 km, mean and median error, AUC), the share of gold
    toponyms found and resolved within 161 km, speed, and the most frequent misses
    and false positives. Gold offsets one character off are shifted and counted.

    \b
    Example:
        geomap evaluate ../shared/eval/GeoVirus.xml
        geomap evaluate corpus.xml --format json -o scores.json
    """
    # Imported here: scoring loads geopy's distances, which no other command needs.
    from geomap.output.evaluation import evaluation_json, evaluation_table

    _refuse_bad_output(output)
    result = api.evaluate(
        corpus, api.load_gazetteer(gazetteer_files), limit=limit, demonyms=demonyms
    )
    if output_format == "json":
        spaces = 2 if indent is None else indent
        text = json.dumps(evaluation_json(result), ensure_ascii=False, indent=spaces) + "\n"
    else:
        text = evaluation_table(result) + "\n"
    _deliver(text, output, f"wrote the scores of {len(result.articles)} articles to {output}")


@main.command(name="open")
@click.argument("path", type=click.Path())
@_handle_errors
def open_command(path):
    """Open a map geomap wrote (a map.html, or the folder holding one) in the browser.

    Only an .html file carrying geomap's mark is opened; anything else is refused
    and no browser is started.

    \b
    Example:
        geomap open outputs/example/map.html
    """
    _echo(f"opened {api.open_in_browser(path)}")


@main.group()
def gazetteer():
    """Check, convert and fetch gazetteer files.

    \b
    Example:
        geomap gazetteer validate my-places.csv
        geomap gazetteer fetch Mosul -o mosul.csv
    """


@gazetteer.command(name="validate")
@click.argument("files", nargs=-1, type=click.Path())
@_handle_errors
def gazetteer_validate(files):
    """Check gazetteer CSV FILES (the shipped ones by default); list every bad row.

    Each problem is printed as file:line: reason; the exit status is 1 if any.

    \b
    Example:
        geomap gazetteer validate my-places.csv
    """
    check = api.check_gazetteers(files)
    for problem in check.problems:
        _echo(problem)
    _echo(
        f"{check.good_rows} good rows, {len(check.problems)} problems in "
        f"{len(check.files)} file(s)",
        err=True,
    )
    if check.problems:
        sys.exit(1)


_OSM_OUTPUT_HELP = (
    "The gazetteer CSV to write (default: <city>.csv here); the polygons go to a GeoJSON "
    "beside it (same name, .geojson). Both are written only once everything succeeded."
)
_radius_option = click.option(
    "--radius-km",
    type=float,
    help="Keep places within this many km of the city's point (default: "
    f"{settings.OSM_RADIUS_KM:g}, {settings.OSM_LARGE_CITY_RADIUS_KM:g} for a city of "
    f"{settings.OSM_LARGE_CITY_POPULATION:,} people or more; at most "
    f"{settings.OSM_MAX_RADIUS_KM:g}).",
)


def _progress(message: str) -> None:
    _echo(message, err=True)


def _write_osm(result, output: str, raw_csv: bool) -> None:
    """Write an OpenStreetMap gazetteer and its polygons; say where."""
    csv_path, geojson_path = api.write_osm_gazetteer(result, output, raw=raw_csv)
    _echo(
        f"wrote {len(result.places)} places to {csv_path} and "
        f"{len(result.polygons)} polygons to {geojson_path}",
        err=True,
    )


def _osm_city_and_outputs(place: str, output: str | None) -> tuple[Gazetteer, Place, str]:
    """The gazetteer, the city PLACE names in it, and the CSV to write (refused early)."""
    _progress(f"looking up {place} in geomap's gazetteer")
    gazetteer = api.load_gazetteer()
    city = api.osm_city(gazetteer, place)
    csv_path, geojson_path = api.osm_output_paths(output, city)
    for target in (csv_path, geojson_path):
        check_output_file(target)
    return gazetteer, city, str(csv_path)


@gazetteer.command(name="import")
@click.argument("file", type=click.Path())
@_output_option
@_raw_csv_option
@click.option("--name-property", help="The GeoJSON property holding the name (default: guessed).")
@_within_option("The city whose places to keep, for an OpenStreetMap extract (required there).")
@_radius_option
@_handle_errors
def gazetteer_import(file, output, raw_csv, name_property, within, radius_km):
    """Convert a GeoJSON of districts, or an OpenStreetMap extract, into a gazetteer CSV.

    A GeoJSON's features sharing a name are merged; centroids and areas are computed
    in the data's UTM zone; the CSV goes to standard output unless -o is given.

    An OpenStreetMap extract (.osm.pbf, .osm) is read offline, keeping the places of
    the city --within names, as `geomap gazetteer fetch` does (tags in
    data/gazetteer/osm/tags.csv): it writes the CSV (-o, default <city>.csv) and the
    polygons' GeoJSON beside it.

    \b
    Example:
        geomap gazetteer import neighborhoods.geojson -o aleppo-districts.csv
        geomap gazetteer import iraq-latest.osm.pbf --within Mosul -o mosul.csv
    """
    from geomap.places.osm import is_osm_extract

    if not is_osm_extract(file):
        if within or radius_km is not None:
            raise click.ClickException(
                "--within and --radius-km are for OpenStreetMap extracts (.osm.pbf, .osm)"
            )
        _refuse_bad_output(output)
        places = api.import_gazetteer(file, name_property=name_property)
        text = gazetteer_csv(places, raw=raw_csv)
        _deliver(text, output, f"wrote {len(places)} places to {output}")
        return
    if name_property:
        raise click.ClickException(
            "--name-property is for GeoJSON files, not OpenStreetMap extracts"
        )
    if not within:
        raise click.ClickException(
            "an OpenStreetMap extract needs --within CITY: the city whose places to keep"
        )
    gazetteer, city, csv_path = _osm_city_and_outputs(within, output)
    result = api.import_osm_gazetteer(
        file, within=city, radius_km=radius_km, gazetteer=gazetteer, progress=_progress
    )
    _write_osm(result, csv_path, raw_csv)


@gazetteer.command(name="fetch")
@click.argument("place")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=_OSM_OUTPUT_HELP)
@_radius_option
@_raw_csv_option
@_handle_errors
def gazetteer_fetch(place, output, radius_km, raw_csv):
    """Download the districts, villages and landmarks of the city PLACE from OpenStreetMap.

    PLACE is looked up in geomap's gazetteer (offline); then OpenStreetMap's
    Overpass API is asked (through osmnx; answers cached) for its suburbs,
    neighbourhoods and quarters, the villages, towns and camps around it, and its
    hospitals, places of worship, factories, bridges, airports, stadiums and
    universities (data/gazetteer/osm/tags.csv). This and --online are geomap's only
    network uses. Writes a gazetteer CSV (every name OpenStreetMap has; licence ODbL
    1.0, credit "© OpenStreetMap contributors") for --gazetteer, and the polygons
    as GeoJSON beside it for `geomap control --boundaries`. Needs geomap[osm].

    \b
    Example:
        geomap gazetteer fetch Mosul -o mosul.csv
        geomap map report.txt --gazetteer mosul.csv
    """
    gazetteer, city, csv_path = _osm_city_and_outputs(place, output)
    result = api.fetch_osm_gazetteer(
        city, radius_km=radius_km, gazetteer=gazetteer, progress=_progress
    )
    _write_osm(result, csv_path, raw_csv)
