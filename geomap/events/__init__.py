"""Incidents: from an article's sentences to conflict-event records (ACLED-style).

:func:`extract_incidents` reads an article sentence by sentence:

1. **Triggers.** Words from ``data/events/event-types.csv`` ("executed", "air
   strike", "fell to"...) mark incidents and give each its ACLED ``event_type`` and
   ``sub_event_type``. A killing in the same clause as an air strike, shelling or a
   sniper joins that incident. Triggers that report no incident are dropped: a
   modal or future ("will be killed", "to be evacuated"), a negation, a relative
   clause ("men who left"), a cumulative toll ("killed since 15 November"), a
   reaction ("is alarmed by", "called for").
2. **Who.** Actors from ``data/events/actors.csv`` (pattern → ACLED actor name and
   ``inter`` code). Backers ("backed by Russia and Iran", "Iranian-backed") become
   ``assoc_actor_1``. For violence against civilians actor2 is the civilians; for a
   change of territory actor1 is the side that gained it and actor2 the side that
   lost it.
3. **How many.** Counts of people (:mod:`geomap.text.quantities`), each given to the
   nearest trigger and read by the nearest cue word as fatalities ("killed"),
   injuries ("wounded") or people affected ("trapped", "fled", "detained").
4. **When.** The date words nearest the trigger (:mod:`geomap.text.dates`), else the
   article's date with ``time_precision`` 3.
5. **Where.** The geoparser's resolved location mentions in the sentence, the most
   specific kind kept; none → the article's main place (``geo_precision`` 3, with a
   ``location_note``). Unresolved names in the sentence are listed.
6. **Who says so.** "according to X", "X said", "X told Y", "(SANA)"; hedges
   ("unverified", "claimed", "could not be independently verified").

:func:`merge_incidents` joins reports of one incident (same type, dates a day apart
at most, overlapping places, compatible counts) into one record listing every report.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import hashlib
import itertools
import re
import typing
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from geomap.knowledge import data_dir
from geomap.model import EventPlace, Incident, Report, TimePrecision
from geomap.places.gazetteer import KINDS, Gazetteer, Place
from geomap.places.geoparse import Mention
from geomap.text import dates as _dates
from geomap.text import quantities as _quantities
from geomap.text.articles import Article
from geomap.text.sentences import SpanIndex, split_sentences

__all__ = [
    "EventPlace",
    "Incident",
    "Report",
    "extract_incidents",
    "merge_incidents",
]


# The kinds of incident whose counts are victims of a means of violence.
_MEANS = frozenset({"air_strike", "barrel_bomb", "shelling", "sniper"})
_KILLING = frozenset({"killing", "shooting"})
# Kinds that need a named place to be an incident at all.
_NEEDS_PLACE = frozenset({"territory"})

# Gaps between words are bounded (_GAP) in every pattern that reads a sentence: a
# run of hundreds of spaces joins nothing, and unbounded gaps next to each other
# make a search quadratic (or worse) in the run.
_GAP = r"\s{1,5}"
_OPTIONAL_GAP = r"\s{0,5}"
_CLAUSE_BREAK_RE = re.compile(rf";|\s[—–]\s|,{_GAP}(?:while|but|whereas)\s")
_IRREALIS_RE = re.compile(
    r"\b(?:to(?:\s+be)?|will(?:\s+be)?|would(?:\s+be)?|could(?:\s+be)?|might(?:\s+be)?|"
    r"may(?:\s+be)?|should(?:\s+be)?|not|never|no|threaten(?:ed|s)?\s+to|who|which|that|"
    r"they\s+have\s+recently|they\s+had)\s+(?:\w+ly\s+)?(?:been\s+|be\s+|had\s+|have\s+)?$",
    re.IGNORECASE,
)
_OBLIGED_RE = re.compile(
    r"\b(?:had|has|have|was|were)\s+(?:been\s+)?(?:forced\s+|obliged\s+|made\s+)?to\s+$",
    re.IGNORECASE,
)
_CUMULATIVE_RE = re.compile(
    r"\bsince\s+(?:the\s+(?:offensive|start|beginning|war|conflict|campaign)|\d|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)|\bso\s+far\b|\bin\s+total\b|"
    r"\bdeath\s+tolls?\b",
    re.IGNORECASE,
)
_STATEMENT_RE = re.compile(
    r"\b(?:alarmed|concerned|concern|condemn\w*|call(?:ed|s)?\s+for|urg(?:ed|es)|"
    r"appeal(?:ed|s)?|deplor\w*|warn(?:ed|s)?|demand(?:ed|s)?)\b",
    re.IGNORECASE,
)
_HEDGE_RE = re.compile(
    r"\b(?:unverified(?:\s+reports?)?|unconfirmed(?:\s+reports?)?|"
    r"could\s+not\s+be\s+(?:independently\s+)?(?:verified|confirmed|checked)|"
    r"cannot\s+be\s+(?:independently\s+)?(?:verified|confirmed)|"
    r"claim(?:s|ed)?|alleged(?:ly)?|reportedly|purported(?:ly)?)\b",
    re.IGNORECASE,
)
_FOLLOW_UP_HEDGE_RE = re.compile(
    r"^(?:the\s+(?:claim|claims|figure|figures|report|reports|toll|number|account)|this|"
    r"it|these|they)\b.*\b(?:could\s+not|cannot|can\s*not)\s+be\s+(?:independently\s+)?"
    r"(?:verified|confirmed|checked)",
    re.IGNORECASE,
)
_FATAL_CUE = r"kill\w*|dead|died|deaths?|execut\w*|immolat\w*|massacr\w*|burn\w*|lives|bodies"
_INJURY_CUE = r"wound\w*|injur\w*|hurt|maimed"
_AFFECTED_CUE = (
    r"trapped|displaced|fled|flee\w*|evacuat\w*|siege|besieged|detain\w*|arrest\w*|abduct\w*|"
    r"kidnapp?\w*|shot|left|leave|living|lived|stay\w*|remain\w*|moved|sheltering"
)
_CUE_RE = re.compile(
    rf"\b(?:(?P<fatal>{_FATAL_CUE})|(?P<injured>{_INJURY_CUE})|(?P<affected>{_AFFECTED_CUE}))\b",
    re.IGNORECASE,
)
_SHOT_DEAD_RE = re.compile(r"shot\s+(?:dead|and\s+killed|to\s+death)", re.IGNORECASE)
_NEAR_RE = re.compile(
    r"\b(?:near|around|outside|outskirts\s+of|close\s+to|on\s+the\s+edge\s+of|north\s+of|"
    r"south\s+of|east\s+of|west\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# Attribution: who reported the incident.
_REPORT_VERBS = (
    r"said|says|say|reported|reports|report|told|claimed|claims|added|stated|announced|"
    r"described|are\s+reporting|is\s+reporting|have\s+reported|has\s+reported|counted"
)
# "who" runs to the first full stop, semicolon or quote, ending on a non-space: a
# greedy run that gives back only trailing spaces, not a lazy one that re-scans them.
_ACCORDING_RE = re.compile(
    rf"\baccording{_GAP}to{_GAP}(?P<who>[^.;\"“”]*[^.;\"“”\s])\s*(?=[.;\"“”]|$)",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(
    rf",{_OPTIONAL_GAP}(?P<who>[^,;\"“”]{{2,90}}?){_GAP}(?:{_REPORT_VERBS})\b[^,;\"“”]*$",
    re.IGNORECASE,
)
_INVERTED_RE = re.compile(
    rf",{_OPTIONAL_GAP}(?:said|says|according{_GAP}to){_GAP}(?P<who>[^,;\"“”]{{2,90}}?)"
    rf"{_OPTIONAL_GAP}[.!]?\s*$",
    re.IGNORECASE,
)
_LEADING_RE = re.compile(
    rf"^(?P<who>[^,;\"“”]{{2,90}}?){_GAP}(?:{_REPORT_VERBS})\b"
    rf"(?:{_GAP}(?:on{_GAP}\w+|today|yesterday))?",
    re.IGNORECASE,
)
_TOLD_RE = re.compile(
    rf"^(?P<detail>[^,;\"“”]{{2,90}}?){_GAP}told{_GAP}"
    rf"(?P<outlet>(?-i:[A-Z])[\w&.-]*(?:{_GAP}(?-i:[A-Z])[\w&.-]*)*)",
    re.IGNORECASE,
)
_AGENCY_RE = re.compile(r"\((?P<who>[A-Z][A-Za-z]{1,9})\)")
_OUTLET_RE = re.compile(
    r"^(?P<detail>.*?),?\s*\b(?:who\s+(?:spoke|was\s+speaking|talked)\s+to|speaking\s+to|"
    r"who\s+told|told|as\s+quoted\s+by|quoted\s+by|cited\s+by|in\s+an\s+interview\s+with)\s+"
    r"(?P<outlet>.+)$",
    re.IGNORECASE,
)
_CITING_RE = re.compile(r"^(?P<outlet>.+?),?\s+citing\s+(?P<detail>.+)$", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "one", "who", "which", "officials"})


# ---------------------------------------------------------------------------
# Records


# ---------------------------------------------------------------------------
# Tables


@dataclass(frozen=True, slots=True)
class _TypeRow:
    kind: str
    when: str
    event_type: str
    sub_event_type: str


@dataclass(frozen=True, slots=True)
class _ActorRow:
    actor: str
    inter: int


def _read_table(name: str) -> list[dict[str, str]]:
    path = data_dir("events") / name
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@cache
def _event_types() -> tuple[re.Pattern[str], dict[tuple[str, str], _TypeRow]]:
    """The trigger regex (one named group per kind) and (kind, when) → type row."""
    parts: list[str] = []
    rows: dict[tuple[str, str], _TypeRow] = {}
    for row in _read_table("event-types.csv"):
        rows[(row["kind"], row["when"])] = _TypeRow(
            row["kind"], row["when"], row["event_type"], row["sub_event_type"]
        )
        if row["trigger"]:
            parts.append(rf"(?P<{row['kind']}>\b(?:{row['trigger']}))")
    return re.compile("|".join(parts), re.IGNORECASE), rows


@cache
def _actor_table() -> tuple[re.Pattern[str], list[_ActorRow]]:
    parts: list[str] = []
    rows: list[_ActorRow] = []
    for i, row in enumerate(_read_table("actors.csv")):
        parts.append(rf"(?P<a{i}>\b(?:{row['pattern']})\b(?![-‐](?:held|controlled|run)))")
        rows.append(_ActorRow(row["actor"], int(row["inter"])))
    return re.compile("|".join(parts), re.IGNORECASE), rows


# ---------------------------------------------------------------------------
# Extraction


@dataclass(slots=True)
class _Trigger:
    kind: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class _Actor:
    row: _ActorRow
    start: int
    end: int
    backer: bool = False
    identity_backer: bool = False  # "Iranian-backed": the backer of the next actor
    support: bool = False  # "Iranian support": a backer named before "support"


@dataclass(slots=True)
class _Draft:
    triggers: list[_Trigger]
    clause: tuple[int, int]
    counts: list[tuple[_quantities.Count, str]] = field(default_factory=list)
    refused: list[_quantities.RefusedCount] = field(default_factory=list)


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of every sentence."""
    return [(s.start, s.end, s.paragraph) for s in split_sentences(text)]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _CLAUSE_BREAK_RE.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def _find_triggers(text: str, start: int, end: int) -> list[_Trigger]:
    pattern, _rows = _event_types()
    found = []
    for match in pattern.finditer(text, start, end):
        before = text[max(start, match.start() - 40) : match.start()]
        if _IRREALIS_RE.search(before) and not _OBLIGED_RE.search(before):
            continue
        found.append(_Trigger(match.lastgroup or "", match.group(0), match.start(), match.end()))
    return found


def _find_actors(text: str, start: int, end: int) -> list[_Actor]:
    pattern, rows = _actor_table()
    actors: list[_Actor] = []
    for match in pattern.finditer(text, start, end):
        row = rows[int((match.lastgroup or "a0")[1:])]
        actor = _Actor(row, match.start(), match.end())
        before = text[max(start, match.start() - 40) : match.start()].lower()
        after = text[match.end() : match.end() + 20].lower()
        if re.search(
            r"(?:backed|supported)\s+by\s+(?:the\s+)?$|(?:support|backing)\s+(?:of|from)\s+$",
            before,
        ):
            actor.backer = True
        elif re.match(r"[-‐](?:backed|supported|sponsored)\b", after):
            actor.backer = actor.identity_backer = True
        elif re.match(r"\s+(?:support|backing)\b", after):
            actor.backer = actor.support = True
        elif (
            actors
            and actors[-1].backer
            and _BACKER_LIST_GAP_RE.fullmatch(text[actors[-1].end : match.start()])
        ):
            actor.backer = True
            actor.identity_backer = actors[-1].identity_backer
        actors.append(actor)
    # "his Russian and Iranian support": a list whose last item is marked backs too.
    for i in range(len(actors) - 2, -1, -1):
        nxt = actors[i + 1]
        if (
            nxt.support
            and not actors[i].backer
            and _LIST_GAP_RE.fullmatch(text[actors[i].end : nxt.start])
        ):
            actors[i].backer = actors[i].support = True
    return actors


# A relative clause set off by commas: ", who have held Sheikh Maqsoud throughout the war,".
_ASIDE_RE = re.compile(r",\s*(?:who|which|where)\b[^,;]*,")
_LIST_GAP_RE = re.compile(
    rf"{_OPTIONAL_GAP}(?:,{_OPTIONAL_GAP}(?:and{_GAP})?|and{_GAP}){_OPTIONAL_GAP}"
    rf"(?:the{_GAP}|his{_GAP}|its{_GAP})?"
)
_BACKER_LIST_GAP_RE = re.compile(
    rf"{_OPTIONAL_GAP}(?:,{_OPTIONAL_GAP}(?:and{_GAP})?|and{_GAP}){_OPTIONAL_GAP}(?:the{_GAP}|his{_GAP})?"
)


def _allies(text: str, main: list[_Actor], first: _Actor) -> list[_Actor]:
    """Actors listed together with *first* ("government troops and allied militias")."""
    index = main.index(first)
    allies: list[_Actor] = []
    for step in (1, -1):
        j = index
        while 0 <= j + step < len(main):
            a, b = (main[j], main[j + step]) if step == 1 else (main[j + step], main[j])
            if not _LIST_GAP_RE.fullmatch(text[a.end : b.start]):
                break
            j += step
            allies.append(main[j])
    return allies


def extract_incidents(
    article: Article, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Incident]:
    """Extract the incidents an article reports.

    Parameters
    ----------
    article
        The article (see :func:`geomap.text.articles.read_article`); its ``date`` anchors
        relative dates ("today", "on Monday").
    mentions
        The geoparser's mentions of this article (:func:`geomap.places.geoparse.parse_places`).
    gazetteer
        The gazetteer the mentions were resolved with (for countries and provinces).

    Returns
    -------
    list of Incident
        In text order, reports of one incident within the article already merged.
    """
    text = article.text
    mentions = [m for m in mentions if not m.article or m.article == article.name]
    main_place = _main_place(mentions)
    identity_backers = _identity_backers(text)
    sentences = _sentences(text)
    mention_index = SpanIndex(mentions)
    incidents: list[Incident] = []
    previous_date: tuple[datetime.date | None, TimePrecision, str | None] | None = None
    last_in_paragraph: dict[int, int] = {}
    for index, (s_start, s_end, paragraph) in enumerate(sentences):
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        next_text = text[following[0] : following[1]] if following else ""
        drafts = _drafts(text, s_start, s_end)
        if not drafts:
            _attach_counts(text, s_start, s_end, paragraph, incidents, last_in_paragraph)
            continue
        attribution = _attribution(text, s_start, s_end)
        if attribution[0] is None:
            attribution = _attribution_after_quote(text, sentences, index)
        hedge = _hedge(text[s_start:s_end], next_text)
        if attribution[0] is None and index > 0:
            attribution = _attribution_before_colon(text, sentences[index - 1])
        in_sentence = mention_index.between(s_start, s_end)
        facts = _SentenceFacts(text, s_start, s_end, article.date, in_sentence)
        for draft in drafts:
            incident = _build(
                article, gazetteer, draft, facts, main_place, attribution, hedge,
                identity_backers, previous_date,
            )  # fmt: skip
            if incident is None:
                continue
            if paragraph in last_in_paragraph:
                incident = _gainer_from(incidents[last_in_paragraph[paragraph]], incident)
            previous_date = (incident.event_date, incident.time_precision, incident.date_text)
            incidents.append(incident)
            last_in_paragraph[paragraph] = len(incidents) - 1
    incidents = _absorb_vague(incidents)
    return merge_incidents(incidents)


def _drafts(text: str, s_start: int, s_end: int) -> list[_Draft]:
    """The incidents of one sentence: triggers grouped per clause, counts assigned."""
    cumulative = _CUMULATIVE_RE.search(text, s_start, s_end) is not None
    drafts: list[_Draft] = []
    for c_start, c_end in _clauses(text, s_start, s_end):
        triggers = _find_triggers(text, c_start, c_end)
        if not triggers:
            continue
        if _STATEMENT_RE.search(text[c_start : triggers[0].start]):
            continue
        clause_drafts: list[_Draft] = []
        for trigger in triggers:
            joined = False
            for draft in clause_drafts:
                kinds = {t.kind for t in draft.triggers}
                if (
                    trigger.kind in kinds
                    or (trigger.kind in _KILLING and kinds & _MEANS)
                    or (trigger.kind in _MEANS and kinds <= _KILLING | _MEANS)
                ):
                    draft.triggers.append(trigger)
                    joined = True
                    break
            if not joined:
                clause_drafts.append(_Draft([trigger], (c_start, c_end)))
        drafts.extend(
            d for d in clause_drafts if not cumulative or _main_kind(d.triggers) == "territory"
        )
    if not drafts:
        return []
    counts, refused = _quantities.find_counts_and_refusals(text, s_start, s_end)
    cues = _CueIndex(text, s_start, s_end)
    trigger_spans = _Nearest(
        (t.start, t.end, number) for number, draft in enumerate(drafts) for t in draft.triggers
    )
    for refusal in refused:
        drafts[_nearest_draft(trigger_spans, refusal.start, refusal.end)].refused.append(refusal)
    for count in counts:
        role = cues.role(count)
        if role is None:
            continue
        drafts[_nearest_draft(trigger_spans, count.start, count.end)].counts.append((count, role))
    return drafts


def _nearest_draft(triggers: _Nearest, start: int, end: int) -> int:
    """The draft of the trigger nearest ``[start, end)`` (the first draft on a tie)."""
    nearest = triggers.candidates(start, end)
    best = min(_distance(start, end, a, b) for a, b, _ in nearest)
    return min(n for a, b, n in nearest if _distance(start, end, a, b) == best)


class _Nearest:
    """Non-overlapping spans (``start``, ``end``, payload) in text order, searched by
    bisection for the ones nearest a span: the last before it, the first after it and
    any overlapping it. Those are the only ones that can be nearest, so a sentence
    with many counts and cues costs n log n, not n²."""

    def __init__(self, spans: Iterable[tuple[int, int, typing.Any]]) -> None:
        self.spans = sorted(spans, key=lambda span: span[0])
        self._starts = [span[0] for span in self.spans]

    def candidates(self, start: int, end: int) -> list[tuple[int, int, typing.Any]]:
        """The spans that can be nearest ``[start, end)``, in text order."""
        after = bisect.bisect_left(self._starts, end)
        first = after - 1
        while first >= 0 and self.spans[first][1] > start:
            first -= 1  # overlapping spans: their ends are in order too
        return self.spans[max(first, 0) : after + 1]


class _CueIndex:
    """The cue words ("killed", "wounded", "fled") and clause breaks of one sentence.

    :meth:`role` reads a count by its nearest cue not cut off by a clause break. A
    break between a count and a cue also cuts off every cue beyond it, so only the
    nearest cue on each side (and any overlapping the count) need checking.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        spans = []
        for match in _CUE_RE.finditer(text, start, end):
            role = match.lastgroup or ""
            if match.group(0).lower() == "shot" and _SHOT_DEAD_RE.match(text, match.start()):
                role = "fatal"
            spans.append((match.start(), match.end(), role))
        self._cues = _Nearest(spans)
        breaks = list(_CLAUSE_BREAK_RE.finditer(text, start, end))
        self._break_starts = [m.start() for m in breaks]
        self._break_ends = [m.end() for m in breaks]

    def _broken(self, start: int, end: int) -> bool:
        """True when a clause break lies within ``[start, end)``."""
        first = bisect.bisect_left(self._break_starts, start)
        return first < len(self._break_starts) and self._break_ends[first] <= end

    def role(self, count: _quantities.Count) -> str | None:
        """``fatalities``, ``injuries``, ``affected``, or None: by the nearest cue word."""
        best: tuple[int, str] | None = None
        for start, end, role in self._cues.candidates(count.start, count.end):
            if self._broken(min(end, count.end), max(start, count.start)):
                continue
            distance = _distance(count.start, count.end, start, end)
            if best is None or distance < best[0]:
                best = (distance, role)
        if best is None:
            return None
        return {"fatal": "fatalities", "injured": "injuries", "affected": "affected"}[best[1]]


def _distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    if a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return 0


def _attach_counts(
    text: str,
    s_start: int,
    s_end: int,
    paragraph: int,
    incidents: list[Incident],
    last_in_paragraph: dict[int, int],
) -> None:
    """A sentence without a trigger adding injuries to the incident before it ("Dozens
    more were wounded")."""
    if paragraph not in last_in_paragraph:
        return
    position = last_in_paragraph[paragraph]
    incident = incidents[position]
    if incident.injuries is not None:
        return
    cues = _CueIndex(text, s_start, s_end)
    for count in _quantities.find_counts(text, s_start, s_end):
        if cues.role(count) == "injuries":
            incidents[position] = replace(
                incident,
                injuries=count.best,
                injuries_text=count.text,
                counts=(*incident.counts, {**count.to_dict(), "role": "injuries"}),
            )
            return


def _attribution(text: str, start: int, end: int) -> tuple[str | None, str | None, int, int]:
    """(source, source_detail, start, end) of who reported the sentence."""
    sentence = text[start:end]
    told = _TOLD_RE.search(sentence)
    if told is not None and told.group("detail").split()[0].lower() not in _PRONOUNS:
        return (
            _tidy(told.group("outlet")),
            _tidy(told.group("detail")),
            start + told.start(),
            start + told.end(),
        )
    for pattern in (_ACCORDING_RE, _TRAILING_RE, _INVERTED_RE, _LEADING_RE):
        match = pattern.search(sentence)
        if match is None:
            continue
        who = " ".join(match.group("who").split()).strip(" ,")
        who = re.sub(r"^(?:and|but|while|that|as)\s+", "", who, flags=re.IGNORECASE)
        if not who or who.lower() in _PRONOUNS or len(who.split()) > 14:
            continue
        source, detail = _split_source(who)
        return source, detail, start + match.start("who"), start + match.end("who")
    match = _AGENCY_RE.search(sentence)
    if match:
        return match.group("who"), None, start + match.start("who"), start + match.end("who")
    return None, None, start, start


def _attribution_after_quote(
    text: str, sentences: list[tuple[int, int, int]], index: int
) -> tuple[str | None, str | None, int, int]:
    """The attribution of a quotation that goes on over the next sentences of the paragraph."""
    start, end, paragraph = sentences[index]
    quotes = len(re.findall(r"[\"“”]", text[start:end]))
    j = index + 1
    while quotes % 2 == 1 and j < len(sentences) and j <= index + 4:
        n_start, n_end, n_paragraph = sentences[j]
        if n_paragraph != paragraph:
            break
        quotes += len(re.findall(r"[\"“”]", text[n_start:n_end]))
        if quotes % 2 == 0:
            return _attribution(text, n_start, n_end)
        j += 1
    return None, None, start, start


_STATEMENT_BY_RE = re.compile(
    r"\b(?:statement|report|video|post|message|tweet)\s+(?:\w+\s+)?(?:by|from)\s+(?P<who>"
    r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
)


def _attribution_before_colon(
    text: str, previous: tuple[int, int, int]
) -> tuple[str | None, str | None, int, int]:
    """A statement introduced by the sentence before, ending in a colon."""
    start, end, _paragraph = previous
    if not text[start:end].rstrip().endswith(":"):
        return None, None, start, start
    match = _STATEMENT_BY_RE.search(text, start, end)
    if match is None:
        return _attribution(text, start, end)
    return _tidy(match.group("who")), None, match.start("who"), match.end("who")


def _split_source(who: str) -> tuple[str, str | None]:
    match = _OUTLET_RE.match(who)
    if match and match.group("detail").strip(" ,"):
        return _tidy(match.group("outlet")), _tidy(match.group("detail"))
    match = _CITING_RE.match(who)
    if match:
        return _tidy(match.group("outlet")), "citing " + _tidy(match.group("detail"))
    return _tidy(who), None


def _tidy(words: str) -> str:
    words = " ".join(words.split()).strip(" ,.")
    return (
        re.sub(r"^the\s+", "", words, flags=re.IGNORECASE) if words[:4].lower() == "the " else words
    )


def _hedge(sentence: str, next_sentence: str) -> str | None:
    match = _HEDGE_RE.search(sentence)
    if match:
        return match.group(0)
    follow = _FOLLOW_UP_HEDGE_RE.search(next_sentence.strip())
    if follow:
        inner = _HEDGE_RE.search(next_sentence)
        return inner.group(0) if inner else follow.group(0)
    return None


def _identity_backers(text: str) -> dict[str, list[str]]:
    """Actors described as "X-backed" anywhere in the article → their backers."""
    backers: dict[str, list[str]] = {}
    actors = _find_actors(text, 0, len(text))
    # The next actor that is not itself a backer, found in one pass from the end
    # (scanning forward from each backer is quadratic in a run of backers).
    next_backed: list[_Actor | None] = [None] * len(actors)
    following: _Actor | None = None
    for i in range(len(actors) - 1, -1, -1):
        next_backed[i] = following
        if not actors[i].backer:
            following = actors[i]
    for actor, nxt in zip(actors, next_backed, strict=True):
        if not actor.identity_backer or nxt is None:
            continue
        if nxt.start - actor.end < 30:
            backers.setdefault(nxt.row.actor, [])
            if actor.row.actor not in backers[nxt.row.actor]:
                backers[nxt.row.actor].append(actor.row.actor)
    return backers


def _main_place(mentions: Sequence[Mention]) -> Mention | None:
    """The article's most named location of city size or larger (ties: the smaller kind)."""
    counter: Counter[str] = Counter()
    first: dict[str, Mention] = {}
    for m in mentions:
        place = m.place
        if m.status == "resolved" and m.role == "location" and place is not None:
            if place.kind not in ("region", "city", "admin1", "country"):
                continue
            counter[place.id] += 1
            first.setdefault(place.id, m)
    if not counter:
        return None
    best = max(
        counter,
        key=lambda pid: (counter[pid], KINDS.index(first[pid].place.kind)),  # type: ignore[union-attr]
    )
    return first[best]


class _SentenceFacts:
    """What every incident of one sentence reads: found once per sentence, not per draft.

    Parameters
    ----------
    text
        The article's text.
    start, end
        The sentence's span.
    article_date
        Anchors relative dates.
    mentions
        The geoparser's mentions in the sentence.
    """

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        article_date: datetime.date | None,
        mentions: list[Mention],
    ) -> None:
        self.span = (start, end)
        self.mentions = mentions
        # Actor words inside a resolved place name ("Levant Front" is an actor; the
        # place names around it are not) are dropped here, once per sentence.
        self.actors = _outside_places(_find_actors(text, start, end), mentions)
        self.asides = list(_ASIDE_RE.finditer(text, start, end))
        self._text = text
        self._article_date = article_date
        self._dates: dict[tuple[int, int], list[_dates.DateWords]] = {}

    def dates(self, start: int, end: int) -> list[_dates.DateWords]:
        """The date expressions in ``text[start:end]`` (a clause or the sentence)."""
        if (start, end) not in self._dates:
            self._dates[start, end] = _dates.find_dates(self._text, self._article_date, start, end)
        return self._dates[start, end]


def _build(
    article: Article,
    gazetteer: Gazetteer,
    draft: _Draft,
    facts: _SentenceFacts,
    main_place: Mention | None,
    attribution: tuple[str | None, str | None, int, int],
    hedge: str | None,
    identity_backers: dict[str, list[str]],
    previous_date: tuple[datetime.date | None, TimePrecision, str | None] | None,
) -> Incident | None:
    text = article.text
    s_start, s_end = facts.span
    mentions = facts.mentions
    c_start, c_end = draft.clause
    triggers = draft.triggers
    kind = _main_kind(triggers)
    trigger_text = ", ".join(dict.fromkeys(t.text for t in triggers))

    # Where.
    in_clause = [m for m in mentions if c_start <= m.start < c_end]
    located = [m for m in in_clause if m.role == "location"] or [
        m for m in mentions if m.role == "location"
    ]
    asides = [
        (m.start(), m.end())
        for m in facts.asides
        if not any(m.start() <= t.start < m.end() for t in triggers)
    ]
    located = [
        m
        for m in located
        if not attribution[2] <= m.start < attribution[3]
        and not any(a <= m.start < b for a, b in asides)
    ]
    resolved = [m for m in located if m.status == "resolved" and m.place is not None]
    unresolved = tuple(dict.fromkeys(m.text for m in located if m.status == "unresolved"))
    if kind in _NEEDS_PLACE and not located:
        return None
    places, geo_precision, note = _places(text, resolved, main_place, gazetteer)

    # Who.
    actors = [a for a in facts.actors if not attribution[2] <= a.start < attribution[3]]
    in_clause_actors = [a for a in actors if c_start <= a.start < c_end]
    if any(a.row.inter != 7 and not a.backer for a in in_clause_actors):
        actors = in_clause_actors
    fields = _sides(kind, triggers, actors, text, identity_backers)
    type_row = _type_for(kind, fields)

    # How many (a count inside the attribution, "a medic said", is the source).
    draft.counts = [
        (c, role) for c, role in draft.counts if not attribution[2] <= c.start < attribution[3]
    ]
    fatal = [c for c, role in draft.counts if role == "fatalities"]
    injured = [c for c, role in draft.counts if role == "injuries"]
    affected = [c for c, role in draft.counts if role == "affected"]
    if kind == "shooting":  # "shot" without "dead": victims, not deaths
        affected, fatal = affected + [c for c in fatal if not _SHOT_DEAD_RE.search(c.text)], []
    fatalities = _total(fatal)
    injuries = _total(injured)
    people = _total(affected)

    # When.
    anchor = triggers[0].start
    candidates = facts.dates(c_start, c_end) or facts.dates(s_start, s_end)
    if candidates:
        chosen = min(candidates, key=lambda d: _distance(d.start, d.end, anchor, anchor))
        if chosen.same_day and previous_date is not None:
            day, precision, date_text = previous_date[0], previous_date[1], chosen.text
        else:
            day, precision, date_text = chosen.date, chosen.precision, chosen.text
    else:
        day, precision, date_text = article.date, 3, None

    tags = [kind] if kind in ("siege", "displacement", "massacre", "burning", "execution") else []
    if kind == "barrel_bomb" or any(t.kind == "barrel_bomb" for t in triggers):
        tags.append("barrel bomb")
    report = Report(
        article=article.name,
        source=attribution[0],
        source_detail=attribution[1],
        quote=" ".join(text[s_start:s_end].split()),
        start=s_start,
        end=s_end,
        hedged=hedge is not None,
        hedge_text=hedge,
    )
    country, admin1 = _country_admin1(places, gazetteer)
    confidence = 0.9
    confidence -= 0.2 if hedge else 0.0
    confidence -= 0.2 if note and note.startswith("no place") else 0.0
    confidence -= 0.1 if precision == 3 else 0.0
    confidence -= 0.1 if fields["actor1"] is None else 0.0
    digest = hashlib.sha1(
        f"{article.name}|{s_start}|{triggers[0].start}|{kind}".encode()
    ).hexdigest()[:12]
    return Incident(
        event_id=f"GEOMAP-{digest.upper()}",
        event_date=day,
        time_precision=precision,
        date_text=date_text,
        kind=kind,
        trigger=trigger_text,
        event_type=type_row.event_type,
        sub_event_type=type_row.sub_event_type,
        **fields,
        country=country,
        admin1=admin1,
        locations=places,
        geo_precision=geo_precision,
        location_note=note,
        unresolved_places=unresolved,
        fatalities_low=fatalities[0],
        fatalities_best=fatalities[1],
        fatalities_high=fatalities[2],
        fatalities_text=fatalities[3],
        fatalities_breakdown=fatalities[4],
        injuries=injuries[1],
        injuries_text=injuries[3],
        people_affected=people[1],
        people_affected_text=people[3],
        counts=tuple(
            {**c.to_dict(), "role": role}
            for c, role in sorted(draft.counts, key=lambda cr: cr[0].start)
            if not (kind == "shooting" and role == "fatalities")
        ),
        refused_counts=tuple(r.to_dict() for r in draft.refused),
        reports=(report,),
        tags=tuple(tags),
        confidence=round(max(confidence, 0.1), 2),
    )


_KIND_RANK = (
    "territory", "burning", "execution", "massacre", "barrel_bomb", "air_strike", "shelling",
    "sniper", "abduction", "arrest", "siege", "displacement", "killing", "shooting",
)  # fmt: skip


def _main_kind(triggers: list[_Trigger]) -> str:
    return min((t.kind for t in triggers), key=_KIND_RANK.index)


def _outside_places(actors: list[_Actor], mentions: list[Mention]) -> list[_Actor]:
    """The actors whose words do not start inside a resolved location name.

    With the names sorted by start and the furthest end reached so far, the names
    starting at or before an actor hold it exactly when that furthest end lies beyond
    its start: one bisection per actor, n log n for a sentence.
    """
    places = sorted(
        (m.start, m.end) for m in mentions if m.role == "location" and m.status == "resolved"
    )
    starts = [start for start, _ in places]
    reach = list(itertools.accumulate((end for _, end in places), max))
    kept = []
    for actor in actors:
        at = bisect.bisect_right(starts, actor.start) - 1
        if at < 0 or reach[at] <= actor.start:
            kept.append(actor)
    return kept


def _sides(
    kind: str,
    triggers: list[_Trigger],
    actors: list[_Actor],
    text: str,
    identity_backers: dict[str, list[str]],
) -> dict:
    """actor1/assoc_actor_1/inter1 and actor2/assoc_actor_2/inter2 for the incident."""
    anchor = triggers[0]
    main = [a for a in actors if not a.backer]
    backers = [a for a in actors if a.backer]
    civilians = [a for a in main if a.row.inter == 7]
    armed = [a for a in main if a.row.inter != 7]
    gainer: list[_Actor] = []
    loser: list[_Actor] = []
    if kind == "territory":
        loss = re.match(
            r"(?:lost|lose|loses|losing|withdr|pull|retreat|abandon)", anchor.text, re.IGNORECASE
        )
        fell = anchor.text.lower().startswith("fell")
        before = [a for a in armed if a.end <= anchor.start]
        after = [a for a in armed if a.start >= anchor.end]
        if fell:
            gainer, loser = after[:1], before[-1:]
        elif loss:
            loser = before[-1:] or after[:1]
            gainer = [a for a in armed if a.row.actor not in {x.row.actor for x in loser}][:1]
        else:
            gainer = before[-1:] or after[:1]
            loser = [a for a in after if a.row.actor != (gainer[0].row.actor if gainer else "")][:1]
        side1, side2 = gainer, loser
    elif kind == "siege":
        inside = [a for a in armed if anchor.start <= a.start < anchor.end + 25]
        side1, side2 = inside[:1], civilians[:1]
    elif kind in ("displacement", "arrest", "abduction"):
        side1, side2 = armed[:1], civilians[:1] or [a for a in armed[1:]][:1]
    else:
        perpetrators = [a for a in armed if a.end <= anchor.start] or armed
        side1 = perpetrators[:1]
        side2 = civilians[:1]
        if kind in _MEANS and not side2:
            side2 = [a for a in armed if a not in side1][:1]
    actor1 = side1[0].row if side1 else None
    actor2 = side2[0].row if side2 else None
    if kind not in ("territory",) and actor2 is None and kind not in _MEANS:
        actor2 = _ActorRow("Civilians (Syria)", 7) if _civilian_kind(kind) else None
    assoc1: list[str] = []
    if actor1 is not None and side1:
        allies = [
            a.row.actor
            for a in _allies(text, main, side1[0])
            if a.row.inter != 7 and a.row.actor != actor1.actor
        ]
        assoc1 = [
            *allies,
            *[b.row.actor for b in backers if b.row.actor != actor1.actor],
            *identity_backers.get(actor1.actor, []),
        ]
    if actor2 is not None and actor1 is not None and actor2.actor == actor1.actor:
        actor2 = None
    return {
        "actor1": actor1.actor if actor1 else None,
        "assoc_actor_1": tuple(
            dict.fromkeys(a for a in assoc1 if a != (actor2.actor if actor2 else None))
        ),
        "inter1": actor1.inter if actor1 else None,
        "actor2": actor2.actor if actor2 else None,
        "assoc_actor_2": (),
        "inter2": actor2.inter if actor2 else None,
    }


def _gainer_from(previous: Incident, incident: Incident) -> Incident:
    """A withdrawal naming no gainer takes the gainer of the paragraph's previous change
    ("... captured Sheikh Saeed. Rebels also pulled out of Saliheen the same day")."""
    if (
        incident.kind != "territory"
        or incident.actor1 is not None
        or previous.kind != "territory"
        or previous.actor1 is None
        or previous.actor1 == incident.actor2
    ):
        return incident
    fields = {"actor1": previous.actor1, "inter1": previous.inter1}
    row = _type_for("territory", fields)
    return replace(
        incident,
        actor1=previous.actor1,
        inter1=previous.inter1,
        assoc_actor_1=previous.assoc_actor_1,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        confidence=round(max(incident.confidence - 0.1, 0.1), 2),
    )


def _civilian_kind(kind: str) -> bool:
    return kind in ("burning", "execution", "massacre", "killing", "shooting", "sniper",
                    "abduction", "arrest", "displacement", "siege")  # fmt: skip


def _type_for(kind: str, fields: dict) -> _TypeRow:
    _pattern, rows = _event_types()
    if kind == "territory":
        if fields["actor1"] is None:
            return rows.get((kind, "no_gainer"), rows[(kind, "")])
        if fields["inter1"] != 1:
            return rows.get((kind, "gainer_non_state"), rows[(kind, "")])
    return rows[(kind, "")]


def _total(counts: list[_quantities.Count]) -> tuple:
    """(low, best, high, text, breakdown) of the counts of one role (summed)."""
    if not counts:
        return None, None, None, None, {}
    low = None if any(c.low is None for c in counts) else sum(c.low or 0 for c in counts)
    high = None if any(c.high is None for c in counts) else sum(c.high or 0 for c in counts)
    breakdown: dict[str, int] = {}
    for c in counts:
        for key, value in c.breakdown.items():
            breakdown[key] = breakdown.get(key, 0) + value
    return low, sum(c.best for c in counts), high, "; ".join(c.text for c in counts), breakdown


def _places(
    text: str,
    resolved: list[Mention],
    main_place: Mention | None,
    gazetteer: Gazetteer,
) -> tuple[tuple[EventPlace, ...], TimePrecision, str | None]:
    """The incident's places (the most specific kind named), geo_precision and a note."""
    if not resolved:
        if main_place is None or main_place.place is None:
            return (), 3, "no place named in the sentence, and none in the article"
        place = main_place.place
        return (
            (_event_place(main_place),),
            3,
            f"no place named in the sentence; placed at the article's main location, {place.name}",
        )
    finest = max(KINDS.index(m.place.kind) for m in resolved if m.place)
    chosen: dict[str, Mention] = {}
    for m in resolved:
        if m.place and KINDS.index(m.place.kind) == finest:
            chosen.setdefault(m.place.id, m)
    places = tuple(_event_place(m) for m in chosen.values())
    near = any(_NEAR_RE.search(text[max(0, m.start - 30) : m.start]) for m in chosen.values())
    kind = KINDS[finest]
    if kind == "district":
        return places, 2 if near else 1, None
    if kind == "city":
        first = next(iter(chosen.values())).place
        if first is not None and gazetteer.children(first):
            return places, 3, f"placed only at city level ({first.name}): no district named"
        return places, 2 if near else 1, None
    names = ", ".join(p.name for p in places)
    return places, 3, f"placed only at {kind} level ({names}): no town or district named"


def _event_place(mention: Mention) -> EventPlace:
    place = mention.place
    assert place is not None
    return EventPlace(
        name=place.name,
        place_id=place.id,
        kind=place.kind,
        lat=place.lat,
        lon=place.lon,
        text=mention.text,
        start=mention.start,
        end=mention.end,
    )


def _country_admin1(
    places: tuple[EventPlace, ...], gazetteer: Gazetteer
) -> tuple[str | None, str | None]:
    if not places:
        return None, None
    place = gazetteer.get(places[0].place_id)
    if place is None:
        return None, None
    chain: list[Place] = [place, *gazetteer.ancestors(place)]
    admin1 = next((p.name for p in chain if p.kind == "admin1"), None)
    country = next((p.name for p in chain if p.kind == "country"), None)
    if country is None and place.country:
        found = gazetteer.get(f"country-{place.country}")
        country = found.name if found else None
    return country, admin1


def _absorb_vague(incidents: list[Incident]) -> list[Incident]:
    """Drop a vague report (no count, no place of its own) when the article reports an
    incident of the same type with details; drop hedged vague reports altogether."""

    def vague(i: Incident) -> bool:
        no_place = i.location_note is not None and i.location_note.startswith("no place")
        no_count = i.fatalities_best is None and i.injuries is None and i.people_affected is None
        return no_place and no_count

    detailed = {(i.event_type, i.sub_event_type, i.kind) for i in incidents if not vague(i)}
    kept = []
    for incident in incidents:
        if vague(incident):
            if incident.hedged:
                continue
            if (incident.event_type, incident.sub_event_type, incident.kind) in detailed:
                continue
        kept.append(incident)
    return kept


# ---------------------------------------------------------------------------
# Merging


def merge_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """Join reports of the same incident into one record.

    Two incidents are one when they have the same event type and sub-type, their
    dates are at most a day apart (or one is undated), their places overlap (or both
    have none and come from the same sentence's words), and their counts are
    compatible (one missing, or their low-high ranges overlap, or the bests are
    within a factor of 1.5). The merged record keeps the first report's fields, the
    union of places, every report (``reports``; ``source`` lists all sources), and
    the most conservative counts: the lowest low and best, the highest high.

    Parameters
    ----------
    incidents
        Incidents from one or more articles, in order.

    Returns
    -------
    list of Incident
        In order of first report.
    """
    merged: list[Incident] = []
    # Records that can be the same incident share a type and a place, and are dated a
    # day apart at most (or undated): indexes on those keep merging from comparing
    # every pair of records.
    by_place: dict[tuple, set[int]] = {}
    by_day: dict[tuple, set[int]] = {}
    for incident in incidents:
        kind = (incident.event_type, incident.sub_event_type)
        day = incident.event_date
        candidates: set[int] = set()
        for place in incident.locations:
            key = (*kind, place.place_id)
            if day is None:
                candidates.update(by_place.get(key, ()))
                continue
            for near in (day - _ONE_DAY, day, day + _ONE_DAY, None):
                candidates.update(by_day.get((*key, near), ()))
        target = next((i for i in sorted(candidates) if _same(merged[i], incident)), None)
        if target is None:
            target = len(merged)
            merged.append(incident)
        else:
            merged[target] = _join(merged[target], incident)
        for place in merged[target].locations:
            key = (*kind, place.place_id)
            by_place.setdefault(key, set()).add(target)
            by_day.setdefault((*key, merged[target].event_date), set()).add(target)
    return merged


_ONE_DAY = datetime.timedelta(days=1)


def _same(a: Incident, b: Incident) -> bool:
    if (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type):
        return False
    if a.event_date and b.event_date and abs((a.event_date - b.event_date).days) > 1:
        return False
    ids_a = {p.place_id for p in a.locations}
    ids_b = {p.place_id for p in b.locations}
    if not ids_a & ids_b:
        return False
    if a.actor1 and b.actor1 and a.actor1 != b.actor1:
        return False
    return _compatible(a, b)


def _compatible(a: Incident, b: Incident) -> bool:
    """Counts that may describe the same deaths: one missing, ranges overlapping, or close."""
    if a.fatalities_best is None or b.fatalities_best is None:
        return True

    def bounds(i: Incident) -> tuple[int, int]:
        best = i.fatalities_best or 0
        low = i.fatalities_low if i.fatalities_low is not None else best
        return low, i.fatalities_high if i.fatalities_high is not None else best * 10

    (a_low, a_high), (b_low, b_high) = bounds(a), bounds(b)
    if a_low <= b_high and b_low <= a_high:
        return True
    small, big = sorted((a.fatalities_best, b.fatalities_best))
    return big <= small * 1.5


def _join(a: Incident, b: Incident) -> Incident:
    places = {p.place_id: p for p in (*a.locations, *b.locations)}
    lows = [v for v in (a.fatalities_low, b.fatalities_low) if v is not None]
    bests = [v for v in (a.fatalities_best, b.fatalities_best) if v is not None]
    highs = [v for v in (a.fatalities_high, b.fatalities_high) if v is not None]
    reports = tuple(dict.fromkeys((*a.reports, *b.reports)))
    take_b = a.fatalities_best is None and b.fatalities_best is not None
    return replace(
        a,
        locations=tuple(places.values()),
        unresolved_places=tuple(dict.fromkeys((*a.unresolved_places, *b.unresolved_places))),
        actor1=a.actor1 or b.actor1,
        inter1=a.inter1 if a.actor1 else b.inter1,
        assoc_actor_1=tuple(dict.fromkeys((*a.assoc_actor_1, *b.assoc_actor_1))),
        actor2=a.actor2 or b.actor2,
        inter2=a.inter2 if a.actor2 else b.inter2,
        fatalities_low=min(lows) if lows else None,
        fatalities_best=min(bests) if bests else None,
        fatalities_high=max(highs) if highs else None,
        fatalities_text=b.fatalities_text if take_b else a.fatalities_text,
        fatalities_breakdown=b.fatalities_breakdown if take_b else a.fatalities_breakdown,
        injuries=a.injuries if a.injuries is not None else b.injuries,
        injuries_text=a.injuries_text or b.injuries_text,
        people_affected=a.people_affected if a.people_affected is not None else b.people_affected,
        people_affected_text=a.people_affected_text or b.people_affected_text,
        counts=(*a.counts, *b.counts),
        refused_counts=(*a.refused_counts, *b.refused_counts),
        reports=reports,
        tags=tuple(dict.fromkeys((*a.tags, *b.tags))),
        confidence=max(a.confidence, b.confidence),
        time_precision=min(a.time_precision, b.time_precision)
        if a.event_date == b.event_date
        else a.time_precision,
    )


# ---------------------------------------------------------------------------
# Output
