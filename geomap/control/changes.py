"""Control changes: statements in the text, and their merge with the timeline.

:func:`control_changes_from_text` finds statements of control change ("troops
captured X", "X fell to...", "rebels withdrew from X") and of size ("fell to 8.6
square kilometres", "90 per cent", "about 100,000 civilians") in an article, using
the geoparser's mentions; :func:`merge_changes` adds the text's changes to the
timeline and lists every contradiction as a :class:`~geomap.model.Conflict` rather
than hiding it.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from geomap.control.cues import ControlCues, control_cues, sentence_sources
from geomap.control.sides import (
    CONTESTED,
    area_patterns,
    load_sides,
    side_of_match,
    side_pattern,
)
from geomap.control.timeline import Holding
from geomap.model import (
    ChangeStatus,
    Conflict,
    ControlChange,
    Document,
    FigureKind,
    ReportedFigure,
    TextFindings,
    Timeline,
    TimelinePrecision,
)
from geomap.text.articles import Article
from geomap.text.sentences import SpanIndex, split_sentences

# ---------------------------------------------------------------------------
# Statements in the text

_CUE_RE = re.compile(
    r"(?P<capture>\b(?:re)?captur(?:e|ed|es|ing)\b|\bseiz(?:e|ed|es|ing)\b"
    r"|\b(?:took|take|takes|taken|taking)(?:\s+(?:full\s+)?control\s+of)?\b"
    r"|\bentered\b|\boverr(?:an|un)\b|\bregain(?:ed|s)?\b"
    r"|\bcompleted\s+(?:their|its|the)\s+takeover\s+of\b)"
    r"|(?P<fell>\b(?:fell|fallen|falls)\s+to\b|\bis\s+now\s+in\b)"
    r"|(?P<loss>\b(?:withdr(?:aw|ew|awn)|retreat(?:ed)?|pull(?:ed)?\s+out)\s+(?:from|of)\b"
    r"|\b(?:lost|lose|loses|abandoned)\b)",
    re.IGNORECASE,
)
# Where one statement's list of districts ends.
_CLAUSE_END_RE = re.compile(
    r",\s+(?:but|while|whereas|with|after|as|although|though)\b|;|:|\s[–—]\s", re.IGNORECASE
)
_CLAIM_RE = re.compile(r"\bclaim(?:s|ed)?\b|\bunverified\b|\bcould\s+not\s+be\s+verified\b", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Gaps between the words of a date or figure are bounded (_GAP), and a number starts
# where a run of digits starts and has a bounded length: a run of hundreds of spaces
# or digits means nothing, and unbounded runs make each search quadratic in them.
_GAP = r"\s{1,5}"
_OPTIONAL_GAP = r"\s{0,5}"
_DECIMAL = r"(?<![\d.])\d{1,9}(?:\.\d{1,6})?(?![\d])"
_PEOPLE_NUMBER = r"(?<![\d,.])(?:\d{1,3}(?:,\d{3}){1,3}|\d{4,12})(?![\d])"
_DAY_WORD = (
    rf"(?:today|tonight|this{_GAP}morning|yesterday|last{_GAP}night|"
    + "|".join(_WEEKDAYS)
    + rf")(?:{_GAP}(?:morning|night|evening))?"
)
_DATE_RE_TEXT = re.compile(
    rf"(?P<between>\bbetween{_GAP}(?P<a>{_DAY_WORD}){_GAP}and{_GAP}(?P<b>{_DAY_WORD}))"
    rf"|(?P<pair>\b(?P<c>{_DAY_WORD}){_GAP}and{_GAP}(?P<d>{_DAY_WORD}))"
    rf"|(?P<explicit>\b(?P<day>\d{{1,2}}){_GAP}(?P<month>"
    + "|".join(_MONTHS)
    + rf")(?:{_GAP}(?P<year>\d{{4}}))?)"
    rf"|(?P<same>\bthe{_GAP}same{_GAP}day\b)"
    rf"|(?P<before>\bbefore{_GAP}the{_GAP}offensive\b)"
    rf"|(?P<single>\b{_DAY_WORD})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _DateRef:
    date: datetime.date
    start: int
    end: int
    precision: TimelinePrecision


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text)]


def _weekday_before(published: datetime.date, word: str) -> datetime.date:
    target = _WEEKDAYS.index(word)
    back = (published.weekday() - target) % 7 or 7
    return published - datetime.timedelta(days=back)


def _day_word(word: str, published: datetime.date) -> datetime.date:
    word = word.lower().split()[0]
    if word in ("today", "tonight", "this"):
        return published
    if word in ("yesterday", "last"):
        return published - datetime.timedelta(days=1)
    return _weekday_before(published, word)


def _dates_in(
    sentence: str,
    offset: int,
    published: datetime.date,
    previous: datetime.date | None,
    start: datetime.date | None,
) -> list[_DateRef]:
    refs = []
    for m in _DATE_RE_TEXT.finditer(sentence):
        span = (offset + m.start(), offset + m.end())
        precision: TimelinePrecision = "day"
        if m.group("between"):
            date = _day_word(m.group("b"), published)
        elif m.group("pair"):
            date = _day_word(m.group("d"), published)
        elif m.group("explicit"):
            try:
                date = datetime.date(
                    int(m.group("year") or published.year),
                    _MONTHS.index(m.group("month").lower()) + 1,
                    int(m.group("day")),
                )
            except ValueError:
                continue
        elif m.group("same"):
            if previous is None:
                continue
            date = previous
        elif m.group("before"):
            if start is None:
                continue
            date = start
        else:
            date = _day_word(m.group("single"), published)
        if sentence[max(0, m.start() - 3) : m.start()].lower() == "by ":
            precision = "by"
        refs.append(_DateRef(date, *span, precision))
    return refs


def _nearest_date(refs: Sequence[_DateRef], start: int, end: int) -> _DateRef | None:
    """The date expression nearest to the text ``[start, end)``; ties go to the later one."""
    best, best_key = None, None
    for ref in refs:
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


class _Marks:
    """Side words and clause ends of one sentence, found once and searched by bisection.

    Each cue asks for the side word nearest it and the end of its clause; searching
    the sentence again for every cue is quadratic in a sentence full of cues.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        sides = list(side_pattern().finditer(text, start, end))
        self._side_starts = [m.start() for m in sides]
        self._side_ends = [m.end() for m in sides]
        self._sides = [side_of_match(m) for m in sides]
        ends = list(_CLAUSE_END_RE.finditer(text, start, end))
        self._end_starts = [m.start() for m in ends]
        self._end_ends = [m.end() for m in ends]

    def side(self, start: int, end: int, *, last: bool) -> str | None:
        """The first (or *last*) side word within ``[start, end)``."""
        low = bisect.bisect_left(self._side_starts, start)
        high = bisect.bisect_right(self._side_ends, end)
        if low >= high:
            return None
        return self._sides[high - 1] if last else self._sides[low]

    def clause_start(self, low: int, high: int) -> int:
        """Where the clause holding ``high`` starts, looking back no further than *low*."""
        first = bisect.bisect_left(self._end_starts, low)
        last = bisect.bisect_right(self._end_ends, high)
        return self._end_ends[last - 1] if last > first else low

    def clause_end(self, low: int, high: int) -> int:
        """Where the clause after *low* ends, no further than *high*."""
        first = bisect.bisect_left(self._end_starts, low)
        if first < len(self._end_starts) and self._end_ends[first] <= high:
            return self._end_starts[first]
        return high


def control_changes_from_text(
    article: Article,
    mentions: Iterable[Any],
    *,
    start: datetime.date | None = None,
) -> TextFindings:
    """Find statements of control change and of size in *article*.

    A sentence states a change when it has a cue ("captured", "seized", "took",
    "entered", "fell to", "withdrew from", "pulled out of", "lost"...) and names
    districts in the cue's clause (after it; before it for "fell to"). The side
    gaining them is the nearest side word before the cue ("government troops",
    "rebels", "Kurdish YPG"), or after "fell to"; for a loss the other main side
    gains them. Districts named after "north of", "around", "from", "the rest of",
    "parts of" are not objects. The date is the nearest date expression ("today",
    "yesterday", "on Monday", "between Sunday and today", "4 December"); without
    one, the article's date with precision ``by``. "claimed" makes the status
    ``claimed``, "contested" ``contested``. Unresolved names in such statements
    (Hamdudu) are returned in ``unresolved``, never mapped.

    Parameters
    ----------
    article
        The article (its ``date`` anchors relative dates; without one, nothing is dated
        and no change or figure is returned).
    mentions
        The geoparser's mentions of this article (see :func:`geomap.places.geoparse.parse_places`).
    start
        The date the offensive began (the timeline's start), for "before the offensive".
    """
    published = article.date
    if published is None:
        return TextFindings()
    text = article.text
    mentions = [m for m in mentions if getattr(m, "article", article.name) == article.name]
    mention_index = SpanIndex(mentions)
    changes: list[ControlChange] = []
    figures: list[ReportedFigure] = []
    unresolved: list[Any] = []
    previous: datetime.date | None = None
    cues = control_cues()
    opponents = {side.id: side.opponent for side in load_sides()}
    document = Document(article, tuple(split_sentences(text)))
    for (s_start, s_end), outlets in zip(_sentences(text), sentence_sources(document), strict=True):
        sentence = text[s_start:s_end]
        refs = _dates_in(sentence, s_start, published, previous, start)
        source = "; ".join([*outlets, f"{article.name} (article)"])
        found = list(_CUE_RE.finditer(text, s_start, s_end))
        marks = _Marks(text, s_start, s_end)
        inside = mention_index.between(s_start, s_end)
        for index, cue in enumerate(found):
            kind = cue.lastgroup
            if kind == "fell":
                low = found[index - 1].end() if index else s_start
                clause = marks.clause_start(low, cue.start())
                lo, hi = clause, cue.start()
                gainer = marks.side(cue.end(), marks.clause_end(cue.end(), s_end), last=False)
            else:
                lo = cue.end()
                hi = found[index + 1].start() if index + 1 < len(found) else s_end
                hi = marks.clause_end(lo, hi)
                actor = marks.side(s_start, cue.start(), last=True)
                gainer = opponents.get(actor or "") if kind == "loss" else actor
            if gainer is None:
                continue
            objects = [
                m for m in inside if lo <= m.start < hi and _is_object(text, s_start, m, cues)
            ]
            districts = [
                m
                for m in objects
                if m.status == "resolved" and m.place and m.place.kind == "district"
            ]
            unresolved.extend(m for m in objects if m.status == "unresolved")
            if not districts:
                continue
            ref = _nearest_date(
                refs,
                min(cue.start(), *(m.start for m in districts)),
                max(cue.end(), *(m.end for m in districts)),
            )
            date, precision = (ref.date, ref.precision) if ref else (published, "by")
            status: ChangeStatus = (
                "contested"
                if cues.contested.search(sentence)
                else "claimed"
                if _CLAIM_RE.search(sentence)
                else "assessed"
            )
            loser = marks.side(s_start, cue.start(), last=True) if kind == "loss" else None
            seen: set[str] = set()
            for mention in districts:
                place = mention.place
                if place.id in seen:
                    continue
                seen.add(place.id)
                changes.append(
                    ControlChange(
                        date=date,
                        district_id=place.id,
                        district=place.name,
                        from_side=loser,
                        to_side=gainer,
                        status=status,
                        sources=(source,),
                        note=f"{mention.text!r}: {' '.join(sentence.split())}",
                        origin="text",
                        location=f"{article.name}:{mention.start}",
                        precision=precision,
                    )
                )
            previous = date
        new_figures = _figures(sentence, s_start, refs, published, source, article.name, cues)
        figures.extend(new_figures)
        if new_figures and refs:
            previous = new_figures[-1].date
    return TextFindings(tuple(changes), tuple(figures), tuple(_unique_mentions(unresolved)))


def _unique_mentions(mentions: Iterable[Any]) -> list[Any]:
    seen, out = set(), []
    for m in mentions:
        if (m.article, m.start) not in seen:
            seen.add((m.article, m.start))
            out.append(m)
    return out


def _is_object(text: str, sentence_start: int, mention: Any, cues: ControlCues) -> bool:
    before = text[max(sentence_start, mention.start - 40) : mention.start]
    return not cues.not_whole_place.search(before)


def _number(value: str) -> float:
    return float(value.replace(",", ""))


def _qualifier(match: re.Match, qualifiers: Mapping[str, str]) -> tuple[float, str]:
    a = _number(match.group("a"))
    b = match.groupdict().get("b")
    if b:
        b_value = _number(b)
        return (a + b_value) / 2, f"range {match.group('a')}-{b}"
    words = " ".join((match.group("qual") or "").lower().split())
    return a, qualifiers.get(words, words)


def _figures(
    sentence: str,
    offset: int,
    refs: Sequence[_DateRef],
    published: datetime.date,
    source: str,
    article: str,
    cues: ControlCues,
) -> list[ReportedFigure]:
    found: list[ReportedFigure] = []

    def add(kind: FigureKind, match: re.Match, controller: str | None, value: float, qual: str):
        start, end = offset + match.start(), offset + match.end()
        ref = _nearest_date(refs, start, end)
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
    for match in cues.area.finditer(sentence):
        owner = _area_owner(sentence, named_sides)
        add("area_km2", match, owner, *_qualifier(match, qualifiers))
    named_ends = [m.end() for m in named]
    for match in cues.share.finditer(sentence):
        # The side named last before the figure.
        before = bisect.bisect_right(named_ends, match.start())
        side = named_sides[before - 1] if before else None
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


# ---------------------------------------------------------------------------
# Combining the timeline and the text


def _holder_on(
    timeline: Timeline, district_id: str, date: datetime.date
) -> tuple[Holding | None, list[ControlChange]]:
    first = timeline.initial.get(district_id)
    if first is None:
        return None, []
    holding = Holding(first.to_side, first.status, None, first.sources)
    applied = []
    for change in timeline.changes:
        if change.district_id == district_id and change.date <= date:
            holding = Holding(
                CONTESTED if change.status == "contested" else change.to_side,
                change.status,
                change.from_side,
                change.sources,
            )
            applied.append(change)
    return holding, applied


def merge_changes(
    timeline: Timeline, text_changes: Iterable[ControlChange]
) -> tuple[list[ControlChange], list[Conflict]]:
    """Add the text's changes to the timeline; return all changes and the conflicts.

    A text change agrees with the timeline when the timeline has the same district
    going to the same side on that day (or, for an undated statement, by the
    article's date); its article is then added to that change's sources. When the
    timeline dates that change differently, or says the district was not taken by
    that side, the text change becomes a :class:`Conflict` and the timeline's
    version is kept. A change the timeline knows nothing about (a district it
    leaves to one side throughout) is a conflict too; a district the timeline does
    not cover at all is added from the text.
    """
    changes = list(timeline.changes)
    conflicts: list[Conflict] = []
    added: list[ControlChange] = []
    for change in text_changes:
        district = change.district_id
        ours = [c for c in timeline.changes if c.district_id == district]
        same_side = [c for c in ours if c.to_side == change.to_side]
        holding, applied = _holder_on(timeline, district, change.date)
        if holding is None:
            if any(a.district_id == district and a.date == change.date for a in added):
                continue
            added.append(replace(change, from_side=change.from_side))
            continue
        agree: ControlChange | None = None
        if change.precision == "day":
            agree = next((c for c in same_side if c.date == change.date), None)
        else:
            before = [c for c in applied if c.to_side == change.to_side]
            if before and holding.controller in (change.to_side, CONTESTED):
                agree = before[-1]
        if agree is not None:
            index = timeline.changes.index(agree)
            agree = changes[index]
            extra = tuple(s for s in change.sources if s not in agree.sources)
            changes[index] = replace(agree, sources=agree.sources + extra)
            continue
        if same_side:
            nearest = min(same_side, key=lambda c: (abs((c.date - change.date).days), c.date))
            when = "by" if change.precision == "by" else "on"
            reason = (
                f"the text has {change.district} taken by {change.to_side} {when} "
                f"{change.date.isoformat()}; the timeline dates it {nearest.date.isoformat()}"
            )
            conflicts.append(Conflict(change, reason, nearest))
        else:
            reason = (
                f"the text has {change.district} taken by {change.to_side} on or by "
                f"{change.date.isoformat()}; the timeline has it held by "
                f"{holding.controller} then"
            )
            last = applied[-1] if applied else timeline.initial.get(district)
            conflicts.append(Conflict(change, reason, last))
    merged = sorted(changes + added, key=lambda c: c.date)
    return merged, conflicts
