"""Extraction: an article's sentences → drafts of incidents → :class:`~geomap.model.Incident`.

Each sentence is cut into clauses; the triggers of a clause (:mod:`geomap.events.kinds`)
are grouped into drafts, one per incident, and every count of people in the sentence
goes to the draft of its nearest trigger (:mod:`geomap.events.counts`). A draft then
becomes an incident: its places (:mod:`geomap.events.locations`), sides
(:mod:`geomap.events.actors`), date (the date words nearest the trigger, else the
article's date with ``time_precision`` 3) and source (:mod:`geomap.events.attribution`).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field, replace

from geomap import knowledge, settings
from geomap.events.actors import (
    country_name,
    find_actors,
    identity_backers,
    outside_places,
    sides,
)
from geomap.events.attribution import (
    attribution,
    attribution_after_quote,
    attribution_before_colon,
    hedge,
)
from geomap.events.counts import CueIndex, Nearest, distance, tied, total
from geomap.events.cues import event_cues
from geomap.events.kinds import (
    Trigger,
    find_triggers,
    joins,
    kind_named,
    main_kind,
    type_for,
    with_actor1,
)
from geomap.events.locations import (
    NO_PLACE_NAMED,
    country_admin1,
    country_of,
    main_place,
    places,
)
from geomap.events.merge import absorb_vague, merge_incidents
from geomap.events.territory import gainer_from, is_change
from geomap.model import (
    Count,
    DateWords,
    Document,
    Incident,
    Mention,
    Place,
    RefusedCount,
    Report,
    Sentence,
    TimePrecision,
)
from geomap.places.gazetteer import Gazetteer

__all__ = ["extract_incidents"]


@dataclass(slots=True)
class _Draft:
    triggers: list[Trigger]
    clause: tuple[int, int]
    counts: list[tuple[Count, str]] = field(default_factory=list)
    refused: list[RefusedCount] = field(default_factory=list)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of ``text[start:end]``, cut at the clause breaks."""
    spans, cursor = [], start
    for match in event_cues().clause_break.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def extract_incidents(document: Document, gazetteer: Gazetteer) -> list[Incident]:
    """Extract the incidents an article reports.

    Parameters
    ----------
    document
        The article read by the text layer (:func:`geomap.text.document.read_document`)
        with its place mentions set (:func:`geomap.places.geoparse.parse_places`): its
        sentences, dates (resolved against the article's date), counts and mentions
        are what the incidents are made of.
    gazetteer
        The gazetteer the mentions were resolved with (for countries and provinces).

    Returns
    -------
    list of Incident
        In text order, reports of one incident within the article already merged.

    Examples
    --------
    >>> import datetime
    >>> from geomap.places.gazetteer import Gazetteer
    >>> from geomap.places.geoparse import parse_places
    >>> from geomap.text.articles import article_from_text
    >>> from geomap.text.document import read_document
    >>> gazetteer = Gazetteer(world=False)
    >>> article = article_from_text(
    ...     "In Aleppo, shelling killed 12 people in al-Shaar yesterday, medics said.",
    ...     date=datetime.date(2016, 12, 13))
    >>> (event,) = extract_incidents(parse_places(read_document(article), gazetteer), gazetteer)
    >>> event.kind, event.fatalities_best, event.event_date.isoformat(), event.sources
    ('shelling', 12, '2016-12-12', ['medics'])
    """
    text = document.text
    article_place = main_place(document.mentions)
    article_country = country_of(article_place.place if article_place else None, gazetteer)
    backed_by = identity_backers(text, document.mentions, article_country)
    sentences = document.sentences
    incidents: list[Incident] = []
    previous_date: tuple[datetime.date | None, TimePrecision, str | None] | None = None
    last_in_paragraph: dict[int, int] = {}
    for index, sentence in enumerate(sentences):
        s_start, s_end, paragraph = sentence.start, sentence.end, sentence.paragraph
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        next_text = document.sentence_text(following) if following else ""
        drafts = _drafts(document, sentence)
        if not drafts:
            # A sentence without a trigger may complete the paragraph's last incident.
            if paragraph in last_in_paragraph:
                position = last_in_paragraph[paragraph]
                completed = _with_injuries(document, sentence, incidents[position])
                incidents[position] = _with_claim(document, sentence, completed, article_country)
            continue
        source = attribution(text, s_start, s_end)
        if source[0] is None:
            source = attribution_after_quote(text, sentences, index)
        hedge_words = hedge(text[s_start:s_end], next_text)
        if source[0] is None and index > 0:
            source = attribution_before_colon(text, sentences[index - 1])
        facts = _SentenceFacts(
            text, sentence, document.mentions_in(s_start, s_end), gazetteer, article_country
        )
        for draft in drafts:
            incident = _build(
                document, gazetteer, draft, facts, article_place, source, hedge_words,
                backed_by, previous_date,
            )  # fmt: skip
            if incident is None:
                continue
            if paragraph in last_in_paragraph:
                incident = gainer_from(incidents[last_in_paragraph[paragraph]], incident)
            if is_change(incident.kind) and incident.actor1 is None and incident.actor2 is None:
                continue  # "an aid convoy entered Aleppo": no side gained or lost it
            previous_date = (incident.event_date, incident.time_precision, incident.date_text)
            incidents.append(incident)
            last_in_paragraph[paragraph] = len(incidents) - 1
    incidents = absorb_vague(incidents)
    return merge_incidents(incidents)


def _drafts(document: Document, sentence: Sentence) -> list[_Draft]:
    """The incidents of one sentence: triggers grouped per clause, counts assigned."""
    text, s_start, s_end = document.text, sentence.start, sentence.end
    cues = event_cues()
    # Whole-sentence cues, each searched for once, when a clause with triggers asks
    # (most sentences have none).
    running_total: bool | None = None
    natural_cause: bool | None = None
    drafts: list[_Draft] = []
    for c_start, c_end in _clauses(text, s_start, s_end):
        triggers = find_triggers(text, c_start, c_end)
        if not triggers:
            continue
        if cues.statement.search(text[c_start : triggers[0].start]):
            continue
        if all(kind_named(t.kind).group == "killing" for t in triggers):
            if natural_cause is None:
                natural_cause = cues.natural_cause.search(text, s_start, s_end) is not None
            if natural_cause:
                continue  # "an earthquake struck ..., killing 1,000 people": no violence
        clause_drafts: list[_Draft] = []
        for trigger in triggers:
            joined = False
            for draft in clause_drafts:
                if joins(trigger.kind, (t.kind for t in draft.triggers)):
                    draft.triggers.append(trigger)
                    joined = True
                    break
            if not joined:
                clause_drafts.append(_Draft([trigger], (c_start, c_end)))
        if running_total is None:
            running_total = cues.running_total.search(text, s_start, s_end) is not None
        # A sentence summing up a running total reports no new incident, but a change
        # of territory stated in it ("since the offensive began, the army took ...") is.
        drafts.extend(
            d for d in clause_drafts if not running_total or is_change(main_kind(d.triggers))
        )
    if not drafts:
        return []
    counts = document.counts_in(s_start, s_end)
    refused = document.refused_in(s_start, s_end)
    cue_words = CueIndex(text, s_start, s_end, counts)
    trigger_spans = Nearest(
        (t.start, t.end, number) for number, draft in enumerate(drafts) for t in draft.triggers
    )
    for refusal in refused:
        drafts[_nearest_draft(trigger_spans, refusal.start, refusal.end)].refused.append(refusal)
    for whole in counts:
        for count, role in cue_words.roles(whole):
            if role is None:
                continue
            nearest = _nearest_draft(trigger_spans, count.start, count.end)
            drafts[nearest].counts.append((count, role))
    return drafts


def _nearest_draft(triggers: Nearest, start: int, end: int) -> int:
    """The draft of the trigger nearest ``[start, end)`` (the first draft on a tie)."""
    nearest = triggers.candidates(start, end)
    best = min(distance(start, end, a, b) for a, b, _ in nearest)
    return min(n for a, b, n in nearest if distance(start, end, a, b) == best)


def _with_injuries(document: Document, sentence: Sentence, incident: Incident) -> Incident:
    """*incident* with the injuries *sentence* adds ("Dozens more were wounded")."""
    if incident.injuries is not None:
        return incident
    counts = document.counts_in(sentence.start, sentence.end)
    cue_words = CueIndex(document.text, sentence.start, sentence.end, counts)
    for count in counts:
        if cue_words.role(count) == "injuries":
            return replace(
                incident,
                injuries=count.best,
                injuries_text=count.text,
                counts=(*incident.counts, {**count.to_dict(), "role": "injuries"}),
            )
    return incident


def _with_claim(
    document: Document, sentence: Sentence, incident: Incident, article_country: Place | None
) -> Incident:
    """*incident* with the actor1 *sentence* claims it for, when it names none ("Al-Shabaab
    claimed responsibility for the blasts")."""
    text = document.text
    if incident.actor1 is not None or not event_cues().responsibility.search(
        text, sentence.start, sentence.end
    ):
        return incident
    mentions = document.mentions_in(sentence.start, sentence.end)
    claimants = [
        a
        for a in find_actors(
            text, sentence.start, sentence.end, mentions=mentions, event_country=article_country
        )
        if a.armed and not a.backer
    ]
    if not claimants:
        return incident
    return with_actor1(incident, claimants[0].row.actor, claimants[0].row.inter)


#: How far back "the same day" looks for the day it refers to, in characters.
_SAME_DAY_LOOK_BACK = 2000


def _dated_words(document: Document, start: int, end: int) -> list[DateWords]:
    """The date words in ``[start, end)`` that can date an incident ("before the
    offensive" names no day of its own)."""
    return [d for d in document.dates_in(start, end) if not d.before_start]


def _reported_on(text: str, words: DateWords) -> bool:
    """True when *words* date a report, not what it reports ("the army said on Monday
    that ...", "a medic told reporters on Sunday"): another date of the clause wins."""
    return _report_date_re().search(text, max(0, words.start - 40), words.start) is not None


@knowledge.cached
def _report_date_re() -> re.Pattern[str]:
    """A report verb (``report_verbs`` of ``events-cues.csv``; ``told`` and its
    listener) ending right before date words, with or without "on"."""
    folder = f"language/{settings.LANGUAGE}"
    rows = knowledge.table(folder, "events-cues.csv", ("list", "words"))
    verbs = "|".join(re.escape(r["words"]) for r in rows if r["list"] == "report_verbs")
    told = "|".join(re.escape(r["words"]) for r in rows if r["list"] == "told")
    return re.compile(
        rf"\b(?:(?:{verbs})|(?:{told})\s{{1,5}}\w+)\s{{1,5}}(?:on\s{{1,5}})?$", re.IGNORECASE
    )


def _same_day(
    document: Document,
    words: DateWords,
    previous_date: tuple[datetime.date | None, TimePrecision, str | None] | None,
) -> tuple[datetime.date | None, TimePrecision]:
    """The day "the same day" (*words*) refers to: the last day named before it (within
    :data:`_SAME_DAY_LOOK_BACK` characters), else the previous incident's, else the
    article's date at precision 3."""
    before = document.dates_in(max(0, words.start - _SAME_DAY_LOOK_BACK), words.start)
    for earlier in reversed(before):
        if not earlier.same_day and not earlier.before_start and earlier.date is not None:
            return earlier.date, earlier.precision
    if previous_date is not None:
        return previous_date[0], previous_date[1]
    return document.article.date, 3


class _SentenceFacts:
    """What every incident of one sentence reads: found once per sentence, not per draft.

    Parameters
    ----------
    text
        The article's text.
    sentence
        The sentence.
    mentions
        The geoparser's mentions in the sentence.
    gazetteer
        For the countries of places.
    article_country
        The country of the article's main place.
    """

    def __init__(
        self,
        text: str,
        sentence: Sentence,
        mentions: list[Mention],
        gazetteer: Gazetteer,
        article_country: Place | None,
    ) -> None:
        self.span = (sentence.start, sentence.end)
        # A place where something was said, not done ("speaking in Geneva"), is no
        # incident's place nor the country of its sides.
        speech = event_cues().speech_place
        self.mentions = [
            m
            for m in mentions
            if not (
                m.role == "location"
                and speech.search(text, max(sentence.start, m.start - 60), m.start)
            )
        ]
        mentions = self.mentions
        # Where the sentence's events happen: the country of its first town, district
        # or province (a country named in passing, "the Britain-based monitor", is
        # not where), else of its first country, else the article's. Its civilians and
        # unqualified "troops" are that country's.
        located = sorted(
            (m for m in mentions if m.role == "location" and m.status == "resolved" and m.place),
            key=lambda m: (m.place is not None and m.place.kind == "country", m.start),
        )
        countries = (country_of(m.place, gazetteer) for m in located)
        self.country = next((c for c in countries if c is not None), article_country)
        # Actor words inside a resolved place name ("Levant Front" is an actor; the
        # place names around it are not) are dropped here, once per sentence.
        self.actors = outside_places(
            find_actors(
                text, sentence.start, sentence.end, mentions=mentions, event_country=self.country
            ),
            mentions,
        )
        self.asides = list(event_cues().aside.finditer(text, sentence.start, sentence.end))


def _build(
    document: Document,
    gazetteer: Gazetteer,
    draft: _Draft,
    facts: _SentenceFacts,
    article_place: Mention | None,
    source: tuple[str | None, str | None, int, int],
    hedge_words: str | None,
    backed_by: dict[str, list[str]],
    previous_date: tuple[datetime.date | None, TimePrecision, str | None] | None,
) -> Incident | None:
    article = document.article
    text = document.text
    s_start, s_end = facts.span
    mentions = facts.mentions
    c_start, c_end = draft.clause
    triggers = draft.triggers
    kind = main_kind(triggers)
    rules = kind_named(kind)
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
        if not source[2] <= m.start < source[3] and not any(a <= m.start < b for a, b in asides)
    ]
    resolved = [m for m in located if m.status == "resolved" and m.place is not None]
    unresolved = tuple(dict.fromkeys(m.text for m in located if m.status == "unresolved"))
    if rules.needs_place and not located:
        return None
    found_places, geo_precision, note = places(text, resolved, article_place, gazetteer)

    # Who.
    actors = [a for a in facts.actors if not source[2] <= a.start < source[3]]
    if not any(a.armed and not a.backer for a in actors):
        # "The Arakan Army said it had captured Paletwa": the speaker is the side.
        speaker = [a for a in facts.actors if a.armed and source[2] <= a.start < source[3]]
        actors = sorted([*speaker[:1], *actors], key=lambda a: a.start)
    in_clause_actors = [a for a in actors if c_start <= a.start < c_end]
    if any(a.armed and not a.backer for a in in_clause_actors):
        actors = in_clause_actors
    fields = sides(kind, triggers, actors, text, backed_by, facts.country)
    type_row = type_for(kind, fields["actor1"], fields["inter1"], fields["inter2"])

    # How many (a count inside the attribution, "a medic said", is the source).
    # Each role keeps the counts tied into its figure (no sum of separate reports);
    # the finer roles ("hostages", "arrested") add to the field they count as.
    draft.counts = [(c, role) for c, role in draft.counts if not source[2] <= c.start < source[3]]
    by_role: dict[str, list[Count]] = {}
    for c, role in draft.counts:
        by_role.setdefault(role, []).append(c)
    draft.counts = [(c, role) for role, cs in by_role.items() for c in tied(text, cs)]
    fields_of = event_cues().count_fields
    fatal = [c for c, role in draft.counts if fields_of.get(role) == "fatalities"]
    injured = [c for c, role in draft.counts if fields_of.get(role) == "injuries"]
    affected = [c for c, role in draft.counts if fields_of.get(role) == "affected"]
    if rules.deaths_affected:  # "shot" without "dead": victims, not deaths
        affected, fatal = affected + fatal, []
    fatalities = total(fatal)
    injuries = total(injured)
    people = total(affected)

    # When: the date words of the trigger's clause, else of its sentence, nearest the
    # trigger; never another sentence's, but for "the same day" (see _same_day).
    anchor = triggers[0].start
    candidates = _dated_words(document, c_start, c_end) or _dated_words(document, s_start, s_end)
    candidates = [d for d in candidates if not _reported_on(text, d)] or candidates
    if candidates:
        chosen = min(candidates, key=lambda d: distance(d.start, d.end, anchor, anchor))
        if chosen.same_day:
            (day, precision), date_text = _same_day(document, chosen, previous_date), chosen.text
        else:
            day, precision, date_text = chosen.date, chosen.precision, chosen.text
    else:
        day, precision, date_text = article.date, 3, None

    tags = dict.fromkeys(
        tag for name in (kind, *(t.kind for t in triggers)) for tag in kind_named(name).tags
    )
    report = Report(
        article=article.name,
        source=source[0],
        source_detail=source[1],
        quote=" ".join(text[s_start:s_end].split()),
        start=s_start,
        end=s_end,
        hedged=hedge_words is not None,
        hedge_text=hedge_words,
    )
    country, admin1 = country_admin1(found_places, gazetteer)
    if found_places:  # ACLED's name of the country ("Palestine")
        home = country_of(gazetteer.get(found_places[0].place_id), gazetteer)
        country = country_name(home) if home else country
    confidence = 0.9
    confidence -= 0.2 if hedge_words else 0.0
    confidence -= 0.2 if note and note.startswith(NO_PLACE_NAMED) else 0.0
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
        locations=found_places,
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
            if not (rules.deaths_affected and role == "fatalities")
        ),
        refused_counts=tuple(r.to_dict() for r in draft.refused),
        reports=(report,),
        tags=tuple(tags),
        confidence=round(max(confidence, 0.1), 2),
    )
