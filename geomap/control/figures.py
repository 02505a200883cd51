"""Reported figures: the area a side holds, its share of territory, people inside.

:func:`figures_for` picks the figures shown beside a snapshot; :func:`merge_figures`
drops the same figure reported twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import replace

from geomap.model import ReportedFigure

# A reported figure belongs to a snapshot when dated at most this many days before it
# starts ("the nearest figure on or before that date within a day or two").
FIGURE_WINDOW_DAYS = 2


def figures_for(
    figures: Sequence[ReportedFigure],
    controller: str,
    start: datetime.date,
    end: datetime.date | None,
) -> tuple[list[ReportedFigure], ReportedFigure | None]:
    """The figures about *controller* shown beside its snapshot from *start* to *end*.

    Returns
    -------
    tuple
        The figures dated in the interval or at most :data:`FIGURE_WINDOW_DAYS` before
        it, by date; and the one compared with the computed area: the latest dated on
        or before *start*, else the first in the interval.
    """
    window = start - datetime.timedelta(days=FIGURE_WINDOW_DAYS)
    mine = [f for f in figures if f.controller == controller]
    shown = [f for f in mine if window <= f.date and (end is None or f.date < end)]
    shown.sort(key=lambda f: f.date)
    before = [f for f in shown if f.date <= start]
    primary: ReportedFigure | None
    if before:
        best_date = max(f.date for f in before)
        primary = next(f for f in before if f.date == best_date)
    else:
        primary = shown[0] if shown else None
    return shown, primary


def merge_figures(figures: Iterable[ReportedFigure]) -> list[ReportedFigure]:
    """Drop repeats: the same kind, side and value within two days (sources joined)."""
    out: list[ReportedFigure] = []
    for figure in figures:
        for i, kept in enumerate(out):
            if (
                kept.kind == figure.kind
                and kept.controller == figure.controller
                and kept.value == figure.value
                and abs((kept.date - figure.date).days) <= FIGURE_WINDOW_DAYS
            ):
                parts = kept.source.split("; ")
                parts += [p for p in figure.source.split("; ") if p not in parts]
                out[i] = replace(kept, source="; ".join(parts))
                break
        else:
            out.append(figure)
    return out
