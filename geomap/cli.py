"""The ``geomap`` command line: thin wrappers over :mod:`geomap.api`.

Errors geomap raises on purpose (:class:`geomap.errors.GeomapError`) become one-line
messages and a non-zero exit here, and nowhere else.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from geomap import __version__, api
from geomap.errors import GeomapError

_ARTICLE_HELP = "ARTICLE is a .txt or .html file, or - for standard input."
_OUTPUT_FILE_HELP = (
    "Write to FILE instead of standard output, all or nothing. A symbolic link is "
    "followed; a pipe, device or socket is refused."
)
_RAW_CSV_HELP = (
    "Write CSV cells exactly as found. By default a text cell starting with = + - @, "
    "tab or carriage return gets a leading ' so spreadsheets do not run it as a formula."
)


# Control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides in
# text from an article or a file could retitle the terminal, erase the screen or
# reorder what a reader sees. Everything printed is shown with them as \uXXXX escapes:
# visible, and still valid inside JSON strings.
_UNPRINTABLE = {
    code: f"\\u{code:04x}"
    for code in (
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def _echo(message: object = "", **kwargs) -> None:
    """``click.echo``, with control characters and bidi overrides made visible."""
    click.echo(str(message).translate(_UNPRINTABLE), **kwargs)


def _one_line(message: str) -> str:
    return " ".join(str(message).translate(_UNPRINTABLE).split())


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


def _gazetteer_option(command: Callable) -> Callable:
    return click.option(
        "--gazetteer",
        "gazetteer_files",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="Your own gazetteer: CSV in geomap's schema or GeoJSON with a name property. "
        "Repeatable; its rows add to (and override) the shipped ones.",
    )(command)


def _date_option(command: Callable) -> Callable:
    return click.option(
        "--date",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="The article's date (YYYY-MM-DD), when the text does not give it.",
    )(command)


def _as_date(value: datetime.datetime | None) -> datetime.date | None:
    return value.date() if value else None


def _emit_json(data: object) -> None:
    _echo(json.dumps(data, ensure_ascii=False, indent=2))


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
@click.argument("articles", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--within", metavar="PLACE", help="A place the articles are about (e.g. Aleppo).")
@_gazetteer_option
@_date_option
@_handle_errors
def places(articles, as_json, within, gazetteer_files, date):
    """List the places ARTICLE names: resolved, unresolved, and their roles.

    Each name found is shown with its offset, role (location, actor,
    part_of_name), the place it resolved to, how it matched and the confidence.
    Names in a place position that the gazetteer lacks are listed as unresolved,
    with ranked suggestions. ARTICLE is a .txt or .html file, or - for standard input.

    \b
    Example:
        geomap places ../shared/articles/east-aleppo-2016-12-13.txt
        geomap places report.html --json > places.json
    """
    gazetteer = api.load_gazetteer(gazetteer_files)
    report = api.find_places(
        articles, gazetteer, within=api.find_within(gazetteer, within), date=_as_date(date)
    )
    if as_json:
        _emit_json(
            {"articles": list(report.articles), "mentions": [m.to_dict() for m in report.mentions]}
        )
        return
    _echo(_places_table(report))


def _places_table(report) -> str:
    out = io.StringIO()
    header = (
        f"{'offset':>7}  {'name':<24} {'role':<12} {'place':<28} {'kind':<9} {'match':<11} conf"
    )
    several = len(report.articles) > 1
    for article in report.articles:
        mentions = [m for m in report.mentions if m.article == article]
        if several:
            out.write(f"== {article}\n")
        out.write(header + "\n")
        for m in mentions:
            if m.status == "unresolved":
                continue
            place = f"{m.place.name} ({m.place.id})" if m.place else "— not a place"
            kind = m.place.kind if m.place else ""
            out.write(
                f"{m.start:>7}  {_cut(m.text, 24):<24} {m.role:<12} {_cut(place, 28):<28} "
                f"{kind:<9} {m.method or '':<11} {m.confidence:.2f}\n"
            )
        unresolved = [m for m in mentions if m.status == "unresolved"]
        out.write(f"\nUnresolved ({len(unresolved)}):\n")
        for m in unresolved:
            hints = ", ".join(f"{s.place.name} ({s.score:.0f})" for s in m.suggestions) or "none"
            out.write(f"{m.start:>7}  {m.text}: {m.reason}; suggestions: {hints}\n")
        out.write("\n")
    return out.getvalue().rstrip("\n")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@main.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--within", metavar="PLACE", help="Only places inside PLACE (e.g. Aleppo).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_gazetteer_option
@_handle_errors
def resolve(names, within, as_json, gazetteer_files):
    """Look up place NAMES in the gazetteer and show ranked candidates with scores.

    Give several names at once, or - to read one name per line from standard input.

    \b
    Example:
        geomap resolve Firdous "Sheikh Said" --within Aleppo
        printf 'Kalasa\\nSalihin\\n' | geomap resolve -
    """
    if "-" in names:
        names = [n for n in names if n != "-"] + sys.stdin.read().splitlines()
    gazetteer = api.load_gazetteer(gazetteer_files)
    answers = api.resolve_names(names, gazetteer, within=api.find_within(gazetteer, within))
    if as_json:
        _emit_json(
            [
                {
                    "query": a.query,
                    "status": a.status,
                    "candidates": [
                        {
                            "place_id": c.place.id,
                            "name": c.place.name,
                            "kind": c.place.kind,
                            "lat": c.place.lat,
                            "lon": c.place.lon,
                            "method": c.method,
                            "score": c.score,
                            "confidence": c.confidence,
                        }
                        for c in a.candidates
                    ],
                }
                for a in answers
            ]
        )
        return
    for answer in answers:
        _echo(f"{answer.query}: {answer.status}")
        for c in answer.candidates[:5]:
            _echo(
                f"  {c.score:5.1f}  {c.method:<11} {c.place.name} ({c.place.id}, {c.place.kind}) "
                f"{c.place.lat:.5f},{c.place.lon:.5f}"
            )
    if any(a.status == "unresolved" for a in answers):
        sys.exit(1)


@main.command(name="map")
@click.argument("articles", nargs=-1)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(),  # checked by geomap.output.files, with a one-line error
    help="The output folder (default: outputs/<article name>/), replaced whole, all or "
    "nothing; a folder holding files geomap did not write is refused.",
)
@click.option("--title", help="The map's title.")
@click.option("--within", metavar="PLACE", help="A place the articles are about (e.g. Aleppo).")
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
@_gazetteer_option
@_date_option
@_handle_errors
def map_command(
    articles,
    output_dir,
    title,
    within,
    open_browser,
    layer_files,
    self_contained,
    gazetteer_files,
    date,
):
    """Make an interactive map and GeoJSON from ARTICLES (the bundled examples by default).

    Writes DIR/places.geojson, control.geojson, events.geojson and map.html, all
    or nothing: the folder holds the complete old set or the complete new one,
    even if geomap is interrupted. ARTICLE is a .txt or .html file, or - for
    standard input.

    \b
    Example:
        geomap map                                  # bundled examples -> outputs/example/
        geomap map report.txt -o maps/report --open
        geomap map report.txt --layer acled.csv --self-contained
    """
    gazetteer = api.load_gazetteer(gazetteer_files)
    files = api.make_map(
        articles,
        gazetteer,
        output_dir=output_dir,
        within=api.find_within(gazetteer, within),
        date=_as_date(date),
        title=title,
        layers=layer_files,
        self_contained=self_contained,
    )
    _echo(f"wrote {files.places}")
    if files.control is not None:
        _echo(f"wrote {files.control}")
    if getattr(files, "events", None):
        _echo(f"wrote {files.events}")
    _echo(f"wrote {files.map}")
    if open_browser:
        # geomap has just written this map: no need to check its mark.
        _echo(f"opened {api.open_in_browser(files.map, check_mark=False)}")


@main.command(name="control")
@click.argument("articles", nargs=-1)
@click.option(
    "--timeline",
    type=click.Path(dir_okay=False),
    help="Your own control timeline CSV (format: data/control/README.md); "
    "default: the shipped east Aleppo 2016 timeline.",
)
@click.option(
    "--boundaries",
    type=click.Path(dir_okay=False),
    help="GeoJSON of district polygons, matched to the gazetteer by name; "
    "default: approximate Voronoi cells of the gazetteer's district centroids.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "geojson"]),
    default="table",
    show_default=True,
    help="A table for reading, or control.geojson.",
)
@click.option("-o", "--output", type=click.Path(), help=_OUTPUT_FILE_HELP)
@_gazetteer_option
@_date_option
@_handle_errors
def control_command(articles, timeline, boundaries, output_format, output, gazetteer_files, date):
    """Who held which district, date by date, and the area each side held.

    Combines the control timeline with the control changes and area figures that
    ARTICLES state (the bundled examples by default). For every date on which
    control changes it shows each side's districts and area in km² (measured in the
    city's UTM zone), the reported area beside it and the difference, the districts
    that changed hands, text statements the timeline contradicts, and names it
    could not map. Says which geometry it used: real boundaries (--boundaries) or
    approximate cells. ARTICLE is a .txt or .html file, or - for standard input.

    \b
    Example:
        geomap control ../shared/articles/east-aleppo-2016-12-13.txt
        geomap control report.txt --boundaries neighborhoods.geojson
        geomap control --format geojson -o control.geojson
    """
    from geomap.output.files import atomic_write_text, check_output_file
    from geomap.output.geojson import dumps_geojson

    if output:
        check_output_file(output)  # refuse a pipe or device before the work
    gazetteer = api.load_gazetteer(gazetteer_files)
    report = api.control_report(
        articles, gazetteer, timeline=timeline, boundaries=boundaries, date=_as_date(date)
    )
    if output_format == "geojson":
        text = dumps_geojson(report.geojson())
    else:
        text = _control_table(report) + "\n"
    if output:
        atomic_write_text(output, text)
        _echo(f"wrote {output}", err=True)
    else:
        _echo(text, nl=False)
    for warning in report.warnings:
        _echo(f"warning: {warning}", err=True)


def _num(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:,g}"


def _control_table(report) -> str:
    from dataclasses import replace

    from geomap.control import CONTROLLERS, GEOMETRY_APPROXIMATE, default_timeline_path

    out = io.StringIO()
    shipped = report.timeline == str(default_timeline_path())
    out.write(f"Timeline: {'shipped aleppo-2016.csv' if shipped else report.timeline}\n")
    out.write(f"Articles: {', '.join(report.articles) or 'none'}\n")
    if report.geometry_source == GEOMETRY_APPROXIMATE:
        out.write(
            f"Geometry: {report.geometry_source}: approximate district cells, not real "
            "boundaries; give --boundaries FILE for real ones.\n"
        )
    else:
        out.write(f"Geometry: {report.geometry_source}\n")
    out.write("Areas in km², measured in metres in the city's UTM zone.\n\n")
    dates = sorted({s.valid_from for s in report.snapshots})
    by_key = {(s.valid_from, s.controller): s for s in report.snapshots}
    shown = [c for c in CONTROLLERS if any(s.controller == c for s in report.snapshots)]
    head = f"{'from':<10}  " + "  ".join(f"{c + ' (n, km²)':>22}" for c in shown)
    out.write(head + f"  {'reported km²':>13}  {'difference':>10}\n")
    for date in dates:
        cells = []
        for controller in shown:
            snap = by_key.get((date, controller))
            cells.append(
                f"{'' if snap is None else f'{len(snap.district_ids)}  {snap.area_km2:8.2f}':>22}"
            )
        rebels = by_key.get((date, "rebels"))
        figure = rebels.reported_figure if rebels else None
        reported = ""
        if figure is not None:
            qualifier = f"{figure.qualifier} " if figure.qualifier else ""
            reported = f"{qualifier}{figure.value:g}"
        difference = rebels.difference_km2 if rebels else None
        diff = "" if difference is None else f"{difference:+.2f}"
        out.write(f"{date.isoformat():<10}  " + "  ".join(cells))
        out.write(f"  {reported:>13}  {diff:>10}\n")
        if figure is not None:
            out.write(f"{'':12}reported: {figure.date.isoformat()}, {figure.source}\n")
        for controller in shown:
            snap = by_key.get((date, controller))
            if snap is None or not snap.changed or date == dates[0]:
                continue
            claimed = {
                name
                for i, name in zip(snap.district_ids, snap.districts, strict=True)
                if i in snap.claimed_district_ids
            }
            names = [f"{n} (claimed)" if n in claimed else n for n in snap.changed]
            out.write(f"{'':12}→ {controller}: {', '.join(names)}\n")
    out.write("\nReported figures:\n")
    for figure in sorted(report.figures, key=lambda f: (f.date, f.kind)):
        qualifier = f"{figure.qualifier} " if figure.qualifier else ""
        if figure.qualifier.startswith("range "):
            qualifier = ""
            figure = replace(figure, value=figure.qualifier.removeprefix("range "))
        unit = {"area_km2": "km²", "share_percent": "%", "people": "people"}[figure.kind]
        who = f" ({figure.controller})" if figure.controller else ""
        when = "by " if figure.precision == "by" else ""
        out.write(
            f"  {when}{figure.date.isoformat()}  {qualifier}{_num(figure.value)} {unit}{who}"
            f" — {figure.source}\n"
        )
    out.write(f"\nConflicts between the text and the timeline ({len(report.conflicts)}):\n")
    for conflict in report.conflicts:
        out.write(f"  {conflict.change.location}: {conflict.reason}\n")
    out.write(f"\nUnresolved names in control statements ({len(report.unresolved)}):\n")
    for mention in report.unresolved:
        hints = ", ".join(s.place.name for s in mention.suggestions) or "none"
        out.write(
            f"  {mention.article}:{mention.start}  {mention.text}: not mapped; "
            f"suggestions: {hints}\n"
        )
    return out.getvalue().rstrip("\n")


@main.command(name="events")
@click.argument("articles", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "geojson", "csv"]),
    default="table",
    show_default=True,
    help="A table for reading, events.geojson, or CSV with ACLED's column names.",
)
@click.option("-o", "--output", type=click.Path(), help=_OUTPUT_FILE_HELP)
@click.option("--raw-csv", is_flag=True, help=_RAW_CSV_HELP)
@click.option("--within", metavar="PLACE", help="A place the articles are about (e.g. Aleppo).")
@_gazetteer_option
@_date_option
@_handle_errors
def events_command(articles, output_format, output, raw_csv, within, gazetteer_files, date):
    """List the incidents ARTICLES report as conflict events (ACLED-style).

    Each incident (a killing, an air strike, shelling, an arrest, a siege,
    displacement, a change of territory...) gets ACLED's event type and sub-type,
    date and time precision, actors with inter codes, places with geo precision,
    fatalities (low/best/high and the words they came from), who reported it and
    whether the report is hedged. The same incident in several articles becomes
    one event listing every source. ARTICLE is a .txt or .html file, or - for
    standard input; the bundled examples by default.

    \b
    Example:
        geomap events ../shared/articles/east-aleppo-2016-12-13.txt
        geomap events a.txt b.txt --format csv -o events.csv
        geomap events report.txt --format geojson -o events.geojson
    """
    from geomap.output.files import atomic_write_text, check_output_file
    from geomap.output.geojson import dumps_geojson, events_geojson
    from geomap.output.tables import events_csv

    if output:
        check_output_file(output)  # refuse a pipe or device before the work
    gazetteer = api.load_gazetteer(gazetteer_files)
    found = api.find_events(
        articles, gazetteer, within=api.find_within(gazetteer, within), date=_as_date(date)
    )
    if output_format == "geojson":
        text = dumps_geojson(events_geojson(found))
    elif output_format == "csv":
        text = events_csv(found, raw=raw_csv)
    else:
        text = _events_table(found) + "\n"
    if output:
        atomic_write_text(output, text)
        _echo(f"wrote {len(found)} events to {output}", err=True)
    else:
        _echo(text, nl=False)


def _events_table(found) -> str:
    from geomap.output.geojson import incident_properties

    if not found:
        return "No incidents found."
    out = io.StringIO()
    for number, event in enumerate(found, start=1):
        p = incident_properties(event)
        out.write(
            f"{number:>3}. {p['event_date'] or 'undated'} (precision {p['time_precision']})  "
            f"{p['event_type']} / {p['sub_event_type']}  [{p['trigger']}]\n"
        )
        where = p["location"] or "no place"
        if p["unresolved_places"]:
            where += f"; unresolved: {', '.join(p['unresolved_places'])}"
        out.write(f"     where: {where} (geo precision {p['geo_precision']})\n")
        if p["location_note"]:
            out.write(f"     note: {p['location_note']}\n")
        actors = f"{p['actor1'] or '?'} ({p['inter1'] or '-'})"
        if p["assoc_actor_1"]:
            actors += f" with {p['assoc_actor_1']}"
        if p["actor2"]:
            actors += f" vs {p['actor2']} ({p['inter2']})"
        out.write(f"     actors: {actors}\n")
        counts = []
        if p["fatalities_best"] is not None:
            low, high = p["fatalities_low"], p["fatalities_high"]
            counts.append(
                f'killed {p["fatalities_best"]} (low {low}, high {high}; "{p["fatalities_text"]}")'
            )
        if p["injuries"] is not None:
            counts.append(f'injured {p["injuries"]} ("{p["injuries_text"]}")')
        if p["people_affected"] is not None:
            counts.append(f'people {p["people_affected"]} ("{p["people_affected_text"]}")')
        if counts:
            out.write(f"     counts: {'; '.join(counts)}\n")
        source = p["source"] or "not named"
        if p["source_detail"]:
            source += f" ({p['source_detail']})"
        if p["hedged"]:
            source += f' — hedged: "{p["hedge_text"]}"'
        out.write(f"     reported by: {source}; article: {', '.join(_articles(event))}\n")
        out.write(f"     quote: {_cut(p['quote'] or '', 160)}\n")
    return out.getvalue().rstrip("\n")


def _articles(event) -> list[str]:
    return list(dict.fromkeys(r.article for r in event.reports))


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
    """Check and convert gazetteer files.

    \b
    Example:
        geomap gazetteer validate my-places.csv
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
    from geomap.places.gazetteer import check_file, shipped_files

    paths = [Path(f) for f in files] or shipped_files()
    problems: list[str] = []
    total = 0
    for path in paths:
        good, bad = check_file(path)
        total += len(good)
        problems.extend(bad)
    for problem in problems:
        _echo(problem)
    _echo(f"{total} good rows, {len(problems)} problems in {len(paths)} file(s)", err=True)
    if problems:
        sys.exit(1)


@gazetteer.command(name="import")
@click.argument("file", type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help=_OUTPUT_FILE_HELP,
)
@click.option("--raw-csv", is_flag=True, help=_RAW_CSV_HELP)
@click.option("--name-property", help="The GeoJSON property holding the name (default: guessed).")
@_handle_errors
def gazetteer_import(file, output, raw_csv, name_property):
    """Convert a GeoJSON of districts into a gazetteer CSV (centroids and areas).

    Features sharing a name are merged; centroids and areas are computed in the
    data's UTM zone.

    \b
    Example:
        geomap gazetteer import neighborhoods.geojson -o aleppo-districts.csv
    """
    from geomap.output.files import atomic_write_text, check_output_file
    from geomap.places.gazetteer import read_geojson, write_csv

    if output:
        check_output_file(output)  # refuse a pipe or device before the work
    places = read_geojson(file, name_property=name_property)
    buffer = io.StringIO()
    write_csv(places, buffer, raw=raw_csv)
    if output:
        atomic_write_text(output, buffer.getvalue())
        _echo(f"wrote {len(places)} places to {output}", err=True)
    else:
        _echo(buffer.getvalue(), nl=False)
