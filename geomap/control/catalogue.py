"""The shipped control timelines, and which one (if any) fits the articles.

A timeline is knowledge of one place over one period: ``data/control/timelines.csv``
lists each with its place (a gazetteer id: a city whose units are districts, or an
enclave whose units are towns), its period and its reported-areas file
(``data/control/README.md``). :func:`choose_timeline` uses one only when the articles
are about its place and time, and says why in one line either way; with none, the
control stage reads control from the text alone, for the story's own place
(:func:`story_place`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from geomap import knowledge, settings
from geomap.errors import DataError
from geomap.knowledge import data_dir
from geomap.model import Document
from geomap.places.gazetteer import Gazetteer, Place

__all__ = [
    "UNIT_KINDS",
    "ShippedTimeline",
    "TimelineChoice",
    "choose_timeline",
    "shipped_timelines",
    "story_place",
]

# The kinds of place whose control a timeline or a statement follows: a city's
# districts, or the towns of an enclave or a front.
UNIT_KINDS = ("district", "city")
_COLUMNS = ("id", "timeline", "areas", "place", "start", "end", "note")


@dataclass(frozen=True, slots=True)
class ShippedTimeline:
    """One row of ``data/control/timelines.csv``.

    Attributes
    ----------
    id
        Its name (``aleppo-2016``).
    path, areas_path
        The timeline file and its reported-areas file (None when the row names none).
    place_id
        The gazetteer id of the place it covers; its units are that place's districts
        or towns.
    start, end
        The period it covers.
    note
        What it is, for people.
    """

    id: str
    path: Path
    areas_path: Path | None
    place_id: str
    start: datetime.date
    end: datetime.date
    note: str

    def covers(self, day: datetime.date) -> bool:
        """True when *day* is in the period, give or take the margin of settings."""
        margin = datetime.timedelta(days=settings.TIMELINE_DATE_MARGIN_DAYS)
        return self.start - margin <= day <= self.end + margin

    def describe(self, gazetteer: Gazetteer) -> str:
        """``aleppo-2016 (Aleppo, 2016-11-15 to 2016-12-22)``."""
        place = gazetteer.get(self.place_id)
        name = place.name if place else self.place_id
        return f"{self.id} ({name}, {self.start.isoformat()} to {self.end.isoformat()})"


@knowledge.cached
def shipped_timelines() -> tuple[ShippedTimeline, ...]:
    """Every row of ``data/control/timelines.csv``, checked.

    Raises
    ------
    DataError
        A row with a malformed date, an end before its start, or a repeated id.
    """
    folder = data_dir("control")
    found: list[ShippedTimeline] = []
    for number, row in enumerate(knowledge.table("control", "timelines.csv", _COLUMNS), 2):
        where = f"control/timelines.csv:{number}"
        try:
            start = datetime.date.fromisoformat(row["start"])
            end = datetime.date.fromisoformat(row["end"])
        except ValueError:
            raise DataError(f"{where}: start and end must be YYYY-MM-DD") from None
        if end < start or any(t.id == row["id"] for t in found) or not row["place"]:
            raise DataError(f"{where}: a repeated id, no place, or an end before the start")
        found.append(
            ShippedTimeline(
                id=row["id"],
                path=folder / row["timeline"],
                areas_path=folder / row["areas"] if row["areas"] else None,
                place_id=row["place"],
                start=start,
                end=end,
                note=row["note"],
            )
        )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class TimelineChoice:
    """Which shipped timeline the control stage uses, and why.

    Attributes
    ----------
    timeline
        The shipped timeline that fits, or None.
    place
        The place control is read for: the timeline's, else the story's own place
        (:func:`story_place`), else None.
    reason
        One line for the user: what was used and why, or why nothing fits.
    """

    timeline: ShippedTimeline | None
    place: Place | None
    reason: str


def choose_timeline(
    documents: Sequence[Document], gazetteer: Gazetteer, *, within: Place | None = None
) -> TimelineChoice:
    """The shipped timeline the articles are about, if one is.

    A timeline fits when an article's date is in its period (give or take
    :data:`geomap.settings.TIMELINE_DATE_MARGIN_DAYS`) and its place is the articles'
    subject: *within* (``--within``) is that place or lies in it, or at least
    :data:`geomap.settings.TIMELINE_MIN_PLACE_SHARE` of the resolved location
    mentions are of the place or of places inside it. Of several, the one with the
    most such mentions wins. With none, the place control is read for is *within*
    when it names a city or enclave, else :func:`story_place`. Linear in the
    mentions times the shipped timelines.
    """
    dates = sorted({d.article.date for d in documents if d.article.date is not None})
    located = [
        m.place
        for d in documents
        for m in d.mentions
        if m.role == "location" and m.status == "resolved" and m.place is not None
    ]
    best: tuple[int, ShippedTimeline, Place] | None = None
    for shipped in shipped_timelines():
        place = gazetteer.get(shipped.place_id)
        if place is None or not any(shipped.covers(day) for day in dates):
            continue
        inside = sum(1 for p in located if gazetteer.is_within(p, place))
        about = (within is not None and gazetteer.is_within(within, place)) or (
            inside > 0 and inside >= settings.TIMELINE_MIN_PLACE_SHARE * len(located)
        )
        if about and (best is None or inside > best[0]):
            best = (inside, shipped, place)
    if best is not None:
        inside, shipped, place = best
        when = ", ".join(d.isoformat() for d in dates)
        return TimelineChoice(
            shipped,
            place,
            f"timeline {shipped.describe(gazetteer)}: {inside} of the {len(located)} places "
            f"named as locations are in {place.name}, and the articles are dated {when}",
        )
    # A --within city or enclave is the story's place; a country is too wide for one.
    own = (
        within
        if within is not None and within.kind in ("city", "region")
        else story_place(documents, gazetteer)
    )
    where = f"about {own.name}" if own else "about no place geomap can name"
    when = f"dated {', '.join(d.isoformat() for d in dates)}" if dates else "undated (--date)"
    shipped_list = "; ".join(t.describe(gazetteer) for t in shipped_timelines()) or "none"
    return TimelineChoice(
        None,
        own,
        f"no shipped control timeline fits these articles ({where}, {when}); "
        f"control is read from the text alone. Shipped timelines: {shipped_list}",
    )


def story_place(documents: Sequence[Document], gazetteer: Gazetteer) -> Place | None:
    """The city or town the articles are mostly about, or None.

    Each resolved location mention counts for the city or town it is (a district
    counts for its city); the most counted wins, ties going to the first named.
    Countries, provinces and regions of several countries are not a story's place.
    """
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    for document in documents:
        for mention in document.mentions:
            if mention.role != "location" or mention.status != "resolved" or not mention.place:
                continue
            place = mention.place
            parent = gazetteer.get(place.parent or "")
            if place.kind in ("district", "region") and parent and parent.kind == "city":
                place = parent
            if place.kind not in ("city", "region"):
                continue
            counts[place.id] += 1
            first.setdefault(place.id, place)
    if not counts:
        return None
    top = max(counts.values())
    return next(first[i] for i in first if counts[i] == top)
