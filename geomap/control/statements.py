"""What the articles say about control: changes, figures, names the gazetteer lacks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from geomap.control.changes import changes_from_incidents
from geomap.control.figures import figures_in
from geomap.model import Document, Incident, ReportedFigure, TextFindings

__all__ = ["read_statements"]


def read_statements(
    documents: Sequence[Document],
    incidents: Iterable[Incident],
    *,
    start: datetime.date | None = None,
    figures: Sequence[ReportedFigure] | None = None,
) -> TextFindings:
    """The control changes and reported figures of the articles.

    Parameters
    ----------
    documents
        The articles, read by the text layer, with their place mentions.
    incidents
        The incidents the events stage found in them: changes of control are its
        territory incidents (:func:`~geomap.control.changes.changes_from_incidents`).
    start
        The day the offensive began (the timeline's start), for "before the offensive".
    figures
        The articles' figures when already read (:mod:`geomap.pipeline` reads them
        with each article); *start* is then unused.

    Returns
    -------
    TextFindings
        The changes, the figures (:func:`~geomap.control.figures.figures_in`), and the
        names in control statements the gazetteer could not resolve.
    """
    changes, unresolved = changes_from_incidents(incidents, documents)
    if figures is None:
        figures = [figure for d in documents for figure in figures_in(d, start=start)]
    return TextFindings(tuple(changes), tuple(figures), tuple(unresolved))
