"""Reported figures: the area a side holds, its share of territory, people inside.

:func:`figures_in` reads them in an article's sentences ("the rebel pocket fell to
8.6 square kilometres", "90 per cent", "about 100,000 civilians"), with the words of
``data/language/<LANGUAGE>/control-*`` and the sides of ``data/control/sides.csv``,
each dated by the date words nearest it (the text layer's, in the document).
:func:`figures_for` picks the figures shown beside a snapshot; :func:`merge_figures`
drops the same figure reported twice.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from geomap.control.cues import control_cues, sentence_sources
from geomap.control.sides import area_patterns, load_sides, side_of_match, side_pattern
from geomap.model import DateWords, Document, FigureKind, ReportedFigure, TimelinePrecision

__all__ = ["FIGURE_WINDOW_DAYS", "figures_for", "figures_in", "merge_figures"]

_DIGIT = re.compile(r"\d")

# A reported figure belongs to a snapshot when dated at most this many days before it
# starts ("the nearest figure on or before that date within a day or two").
FIGURE_WINDOW_DAYS = 2


@dataclass(frozen=True, slots=True)
class _DateRef:
    """Date words a figure can take, resolved: the day, ``by`` or ``day``, and where."""

    date: datetime.date
    precision: TimelinePrecision
    start: int
    end: int


def figures_in(document: Document, *, start: datetime.date | None = None) -> list[ReportedFigure]:
    """The figures the article's sentences report, sentence by sentence.

    An area is the side's whose pocket words the sentence has ("rebel-held",
    "enclave"), else the one side the sentence names, else (no side named) the
    ``area_default`` side of ``sides.csv``; a share is the side's named last before
    it; a number of people belongs to nobody, and is left out when a casualty word
    follows it ("82 civilians being shot"). A figure takes the date words nearest it
    (the later one on a tie): the day (``by`` it, after "by"; the last day of a span);
    "the same day" is the day of the date words before it; "before the offensive" is
    *start*. Without date words it is dated ``by`` the article's date.

    Parameters
    ----------
    document
        The article, read by the text layer (its sentences and date words). Without
        an article date nothing is dated and no figure is returned.
    start
        The day the offensive began (the timeline's start), for "before the offensive".
    """
    published = document.article.date
    if published is None:
        return []
    found: list[ReportedFigure] = []
    dated = _dated(document, start)
    starts = [d.start for d in dated]
    for sentence, source in zip(document.sentences, sentence_sources(document), strict=True):
        low = bisect.bisect_left(starts, sentence.start)
        refs = [
            d
            for d in dated[low : bisect.bisect_left(starts, sentence.end, lo=low)]
            if d.end <= sentence.end
        ]
        found.extend(
            _figures(document.sentence_text(sentence), sentence.start, refs, published, source,
                     document.article.name)
        )  # fmt: skip
    return found


def _dated(document: Document, start: datetime.date | None) -> list[_DateRef]:
    """Every date expression of the document a figure can take, resolved."""
    dated: list[_DateRef] = []
    last: tuple[datetime.date, TimelinePrecision] | None = None
    for words in document.dates:
        resolved = _resolve(words, start, last)
        if resolved is None:
            continue
        if not words.same_day:
            last = resolved
        dated.append(_DateRef(*resolved, words.start, words.end))
    return dated


def _resolve(
    words: DateWords,
    start: datetime.date | None,
    last: tuple[datetime.date, TimelinePrecision] | None,
) -> tuple[datetime.date, TimelinePrecision] | None:
    if words.before_start:
        return (start, "day") if start is not None else None
    if words.same_day:
        return last
    if words.date is None:
        return None
    if words.by:
        return words.date, "by"
    if words.end_date is not None:
        return words.end_date, "day"
    return words.date, "day" if words.precision == 1 else "by"


def _nearest(
    refs: Sequence[_DateRef], starts: Sequence[int], ends: Sequence[int], start: int, end: int
) -> _DateRef | None:
    """The date expression nearest to the text ``[start, end)``; ties go to the later one.

    *refs* are in text order and do not overlap (*starts* and *ends* are theirs), so
    only three can be nearest: the last ending before the text, the first overlapping
    it and the first after it (found by bisection, not by a scan of every date in a
    long sentence).
    """
    after = bisect.bisect_left(starts, end)
    first_overlap = bisect.bisect_right(ends, start)
    candidates = [
        refs[i] for i in sorted({first_overlap - 1, first_overlap, after}) if 0 <= i < len(refs)
    ]
    best, best_key = None, None
    for ref in candidates:
        if ref.end <= start:
            distance = start - ref.end
        elif ref.start >= end:
            distance = ref.start - end
        else:
            distance = 0
        key = (distance, 0 if ref.start >= end else 1)
        if best_key is None or key < best_key:
            best, best_key = ref, key
    return best


def _figures(
    sentence: str,
    offset: int,
    refs: Sequence[_DateRef],
    published: datetime.date,
    source: str,
    article: str,
) -> list[ReportedFigure]:
    if not _DIGIT.search(sentence):
        # Every figure's value is digits (the area, share and people patterns of
        # geomap.control.cues): a sentence without one has none, and its scans, which
        # try the qualifier words at every character, are not worth running.
        return []
    cues = control_cues()
    found: list[ReportedFigure] = []
    starts = [ref.start for ref in refs]
    ends = [ref.end for ref in refs]

    def add(kind: FigureKind, match: re.Match, controller: str | None, value: float, qual: str):
        start, end = offset + match.start(), offset + match.end()
        ref = _nearest(refs, starts, ends, start, end)
        date, precision = (ref.date, ref.precision) if ref else (published, "by")
        found.append(
            ReportedFigure(
                date=date,
                kind=kind,
                value=value,
                controller=controller,
                qualifier=qual,
                source=source,
                origin="text",
                location=f"{article}:{start}",
                precision=precision,
                text=match.group().strip(),
            )
        )

    named = list(side_pattern().finditer(sentence))
    named_sides = [side_of_match(m) for m in named]
    qualifiers = cues.qualifiers
    areas = list(cues.area.finditer(sentence)) if cues.area_unit.search(sentence) else []
    owner = _area_owner(sentence, named_sides) if areas else None
    for match in areas:
        add("area_km2", match, owner, *_qualifier(match, qualifiers))
    named_ends = [m.end() for m in named]
    opponents = {side.id: side.opponent for side in load_sides()}
    shares = cues.share.finditer(sentence) if cues.share_unit.search(sentence) else ()
    for match in shares:
        # The side named last before the figure; its opponent's when the words
        # between say the side lost it.
        before = bisect.bisect_right(named_ends, match.start())
        side = named_sides[before - 1] if before else None
        if side and cues.loss.search(sentence, named_ends[before - 1], match.start()):
            side = opponents.get(side) or None
        add("share_percent", match, side, *_qualifier(match, qualifiers))
    for match in cues.people.finditer(sentence):
        if cues.casualty.search(match.group("after") or ""):
            continue
        add("people", match, None, *_qualifier(match, qualifiers))
    return found


def _area_owner(sentence: str, named: Sequence[str]) -> str | None:
    """The side a reported size belongs to: the side whose pocket words the sentence has
    ("the rebel-held enclave"); else, when no side is named, the side reports' sizes are
    about by default; else the one side named; else nobody."""
    for side, pattern in area_patterns():
        if pattern.search(sentence):
            return side
    if not named:
        return next((side.id for side in load_sides() if side.area_default), None)
    return named[0] if len(set(named)) == 1 else None


def _number(value: str) -> float:
    return float(value.replace(",", ""))


def _qualifier(match: re.Match, qualifiers: Mapping[str, str]) -> tuple[float, str]:
    """The figure's value (a range's midpoint) and qualifier (``about``, ``range a-b``)."""
    a = _number(match.group("a"))
    b = match.groupdict().get("b")
    if b:
        return (a + _number(b)) / 2, f"range {match.group('a')}-{b}"
    words = " ".join((match.group("qual") or "").lower().split())
    return a, qualifiers.get(words, words)


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
    """Drop repeats: the same kind, side and value within two days (sources joined).

    A figure joins the first kept figure (in order) of the same kind, controller and
    value dated at most :data:`FIGURE_WINDOW_DAYS` from it; else it is kept. O(n) in
    the figures: the kept ones are indexed by that blocking key and their day, so each
    figure meets only the few candidates of its key on the days of its window, not
    every figure kept before it (a corpus reports the same "90 per cent" thousands of
    times).

    Parameters
    ----------
    figures
        Reported figures from the timeline, your areas and the articles, in order.

    Returns
    -------
    list of ReportedFigure
        The figures kept, in order of first report; a repeat's sources are added to
        the kept figure's ``source`` (``; ``-separated, each once).
    """
    out: list[ReportedFigure] = []
    # (kind, controller, value, day) -> the first kept figure with them: a kept
    # figure's date never changes (only its source grows), so the first match in
    # ``out`` is the lowest of the firsts over the window's days. Days are ordinals:
    # no date arithmetic to overflow at date.min or date.max.
    first: dict[tuple, int] = {}
    # The sources of each kept figure that took repeats, and a set of them: joined
    # once at the end, so a figure repeated by every article is not re-split each time.
    sources: dict[int, tuple[list[str], set[str]]] = {}
    window = range(-FIGURE_WINDOW_DAYS, FIGURE_WINDOW_DAYS + 1)
    for figure in figures:
        block = (figure.kind, figure.controller, figure.value)
        day = figure.date.toordinal()
        if figure.value != figure.value:  # NaN equals nothing, as in a comparison
            out.append(figure)
            continue
        hits = [i for offset in window if (i := first.get((*block, day + offset))) is not None]
        if not hits:
            first[(*block, day)] = len(out)
            out.append(figure)
            continue
        i = min(hits)
        if i not in sources:
            parts = out[i].source.split("; ")
            sources[i] = (parts, set(parts))
        parts, seen = sources[i]
        # Checked against the sources before this figure's, as a repeat's own
        # duplicates were always kept.
        new = [p for p in figure.source.split("; ") if p not in seen]
        parts += new
        seen.update(new)
    for i, (parts, _) in sources.items():
        out[i] = replace(out[i], source="; ".join(parts))
    return out
