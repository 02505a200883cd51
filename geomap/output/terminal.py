"""What the ``geomap`` commands print: tables for reading, and the ``--json`` documents.

Every function here takes records (:mod:`geomap.model`) and returns text or JSON-ready
data; :mod:`geomap.cli` prints it. Text from articles and files is printed as found,
except that :func:`visible` shows control characters and bidirectional overrides as
``\\uXXXX`` escapes: the CLI passes everything it prints through it.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Protocol

from geomap.model import (
    GEOMETRY_APPROXIMATE,
    Candidate,
    Conflict,
    Incident,
    Mention,
    PlaceReport,
    ReportedFigure,
    Snapshot,
)
from geomap.output.geojson import incident_properties

__all__ = [
    "ControlFindings",
    "NameAnswer",
    "control_table",
    "events_table",
    "names_json",
    "names_table",
    "places_json",
    "places_table",
    "visible",
]

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
# How many candidates the name table lists per name (``--json`` gives them all).
_CANDIDATES_SHOWN = 5
# The widest quote the events table prints, in characters.
_QUOTE_WIDTH = 160
_FIGURE_UNITS = {"area_km2": "km²", "share_percent": "%", "people": "people"}


def visible(text: str) -> str:
    """*text* with control characters and bidi overrides as ``\\uXXXX`` escapes.

    >>> visible("Aleppo\\x1b[2J\\u202e")
    'Aleppo\\\\u001b[2J\\\\u202e'
    """
    return text.translate(_UNPRINTABLE)


class NameAnswer(Protocol):
    """One answer of :func:`geomap.api.resolve_names`: what the name tables read."""

    @property
    def query(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def candidates(self) -> tuple[Candidate, ...]: ...


class ControlFindings(Protocol):
    """A control report (:func:`geomap.api.control_report`): what the control table reads."""

    @property
    def snapshots(self) -> tuple[Snapshot, ...]: ...
    @property
    def figures(self) -> tuple[ReportedFigure, ...]: ...
    @property
    def conflicts(self) -> tuple[Conflict, ...]: ...
    @property
    def unresolved(self) -> tuple[Mention, ...]: ...
    @property
    def geometry_source(self) -> str: ...
    @property
    def basis(self) -> str: ...

    @property
    def place(self) -> str | None: ...
    @property
    def articles_date(self) -> datetime.date | None: ...
    @property
    def articles(self) -> tuple[str, ...]: ...


# ---------------------------------------------------------------------------
# geomap places, geomap resolve


def places_table(report: PlaceReport) -> str:
    """The mentions of each article, then its unresolved names with suggestions.

    Parameters
    ----------
    report
        The geoparser's report (see :func:`geomap.places.geoparse.parse_articles`).

    Returns
    -------
    str
        One table per article (headed ``== name`` when there are several): offset,
        name, role, place, kind, match and confidence of every mention but the
        unresolved ones, which follow with the reason and suggestions. No final newline.
    """
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


def places_json(report: PlaceReport) -> dict:
    """``geomap places --json``: the articles read and every mention, as plain data."""
    return {"articles": list(report.articles), "mentions": [m.to_dict() for m in report.mentions]}


def names_table(answers: Sequence[NameAnswer]) -> str:
    """Each name asked for, its status, and its best candidates with scores and points."""
    lines = []
    for answer in answers:
        lines.append(f"{answer.query}: {answer.status}")
        for c in answer.candidates[:_CANDIDATES_SHOWN]:
            lines.append(
                f"  {c.score:5.1f}  {c.method:<11} {c.place.name} ({c.place.id}, {c.place.kind}) "
                f"{c.place.lat:.5f},{c.place.lon:.5f}"
            )
    return "\n".join(lines)


def names_json(answers: Sequence[NameAnswer]) -> list[dict]:
    """``geomap resolve --json``: each name's status and every candidate, as plain data."""
    return [
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


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------
# geomap control


def control_table(report: ControlFindings) -> str:
    """Who held how much on each date of change, with the figures and the problems.

    Parameters
    ----------
    report
        A control report (see :func:`geomap.api.control_report`).

    Returns
    -------
    str
        Which timeline was used and why (or that none fits), the place and the
        geometry; per date, each controller's district count and computed km², the
        reported area compared and the difference, its computed share beside a
        reported one, and the districts that changed hands; then every reported
        figure, the conflicts between the text and the timeline, and the unresolved
        names. No final newline.
    """
    from geomap.control import controller_ids

    out = io.StringIO()
    out.write(f"Control: {report.basis}\n")
    out.write(f"Place: {report.place or 'none found'}\n")
    out.write(f"Articles: {', '.join(report.articles) or 'none'}\n")
    if not report.snapshots:
        out.write("No areas of control: no timeline fits and the text states no change of ")
        out.write("control for this place that geomap could map.\n")
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
    shown = [c for c in controller_ids() if any(s.controller == c for s in report.snapshots)]
    head = f"{'from':<10}  " + "  ".join(f"{c + ' (n, km²)':>22}" for c in shown)
    out.write(head + f"  {'reported km²':>13}  {'difference':>10}\n")
    for date in dates:
        held = [by_key.get((date, controller)) for controller in shown]
        cells = [
            f"{'' if snap is None else f'{len(snap.district_ids)}  {snap.area_km2:8.2f}':>22}"
            for snap in held
        ]
        # The side a reported area is about (the timeline's figures name it).
        compared = next((s for s in held if s is not None and s.reported_figure), None)
        figure = compared.reported_figure if compared else None
        reported = ""
        if figure is not None:
            qualifier = f"{figure.qualifier} " if figure.qualifier else ""
            reported = f"{qualifier}{figure.value:g}"
        difference = compared.difference_km2 if compared else None
        diff = "" if difference is None else f"{difference:+.2f}"
        out.write(f"{date.isoformat():<10}  " + "  ".join(cells))
        out.write(f"  {reported:>13}  {diff:>10}\n")
        if figure is not None:
            out.write(f"{'':12}reported: {figure.date.isoformat()}, {figure.source}\n")
        for snap in held:
            if snap is not None and snap.reported_share and snap.share_percent is not None:
                share = snap.reported_share
                qualifier = f"{share.qualifier} " if share.qualifier else ""
                out.write(
                    f"{'':12}{snap.controller}'s share: {snap.share_percent:.1f} % computed; "
                    f"reported {qualifier}{share.value:g} % ({share.date.isoformat()}, "
                    f"{share.source})\n"
                )
        for controller, snap in zip(shown, held, strict=True):
            if snap is None or not snap.changed or date == dates[0]:
                continue
            claimed = {
                name
                for i, name in zip(snap.district_ids, snap.districts, strict=True)
                if i in snap.claimed_district_ids
            }
            names = [f"{n} (claimed)" if n in claimed else n for n in snap.changed]
            out.write(f"{'':12}→ {controller}: {', '.join(names)}\n")
    if report.articles_date is not None and report.snapshots:
        out.write(_state_on(report.snapshots, report.figures, report.articles_date))
    out.write("\nReported figures:\n")
    for figure in sorted(report.figures, key=lambda f: (f.date, f.kind)):
        out.write(f"  {_figure_line(figure)}\n")
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


def _state_on(
    snapshots: Sequence[Snapshot], figures: Sequence[ReportedFigure], day: datetime.date
) -> str:
    """Each side's computed holding on the articles' date, beside the figures reported
    for it then (dated that day or up to the figure window before)."""
    from geomap.control import FIGURE_WINDOW_DAYS

    out = [f"\nOn {day.isoformat()}, the articles' date:\n"]
    window = day - datetime.timedelta(days=FIGURE_WINDOW_DAYS)
    for snap in snapshots:
        if not (snap.valid_from <= day and (snap.valid_to is None or day < snap.valid_to)):
            continue
        share = "" if snap.share_percent is None else f", {snap.share_percent:.1f} %"
        out.append(
            f"  {snap.controller}: {len(snap.district_ids)} places, "
            f"{snap.area_km2:.2f} km²{share} computed\n"
        )
        out.extend(
            f"    reported {_figure_line(figure)}\n"
            for figure in figures
            if figure.controller == snap.controller
            and figure.kind != "people"
            and window <= figure.date <= day
        )
    return "".join(out)


def _figure_line(figure: ReportedFigure) -> str:
    """One reported figure: its date, value and unit, whom it is about, and its source."""
    qualifier = f"{figure.qualifier} " if figure.qualifier else ""
    value: float | str = figure.value
    if figure.qualifier.startswith("range "):
        qualifier = ""
        value = figure.qualifier.removeprefix("range ")
    who = f" ({figure.controller})" if figure.controller else ""
    when = "by " if figure.precision == "by" else ""
    return (
        f"{when}{figure.date.isoformat()}  {qualifier}{_number(value)} "
        f"{_FIGURE_UNITS[figure.kind]}{who} — {figure.source}"
    )


def _number(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:,g}"


# ---------------------------------------------------------------------------
# geomap events


def events_table(incidents: Sequence[Incident]) -> str:
    """The incidents, numbered: date, type, place, actors, counts, source and quote.

    Parameters
    ----------
    incidents
        In the order to list them (see :func:`geomap.api.find_events`).

    Returns
    -------
    str
        Five to seven lines per incident, or ``No incidents found.``. No final newline.
    """
    if not incidents:
        return "No incidents found."
    out = io.StringIO()
    for number, event in enumerate(incidents, start=1):
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
        articles = list(dict.fromkeys(r.article for r in event.reports))
        out.write(f"     reported by: {source}; article: {', '.join(articles)}\n")
        out.write(f"     quote: {_cut(p['quote'] or '', _QUOTE_WIDTH)}\n")
    return out.getvalue().rstrip("\n")
