"""The English words the events stage reads around a trigger, as patterns.

Gaps between words are bounded (``_GAP``) in every pattern that reads a sentence: a
run of hundreds of spaces joins nothing, and unbounded gaps next to each other make
a search quadratic (or worse) in the run.
"""

from __future__ import annotations

import re

_GAP = r"\s{1,5}"
_OPTIONAL_GAP = r"\s{0,5}"

CLAUSE_BREAK_RE = re.compile(rf";|\s[—–]\s|,{_GAP}(?:while|but|whereas)\s")
IRREALIS_RE = re.compile(
    r"\b(?:to(?:\s+be)?|will(?:\s+be)?|would(?:\s+be)?|could(?:\s+be)?|might(?:\s+be)?|"
    r"may(?:\s+be)?|should(?:\s+be)?|not|never|no|threaten(?:ed|s)?\s+to|who|which|that|"
    r"they\s+have\s+recently|they\s+had)\s+(?:\w+ly\s+)?(?:been\s+|be\s+|had\s+|have\s+)?$",
    re.IGNORECASE,
)
OBLIGED_RE = re.compile(
    r"\b(?:had|has|have|was|were)\s+(?:been\s+)?(?:forced\s+|obliged\s+|made\s+)?to\s+$",
    re.IGNORECASE,
)
CUMULATIVE_RE = re.compile(
    r"\bsince\s+(?:the\s+(?:offensive|start|beginning|war|conflict|campaign)|\d|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)|\bso\s+far\b|\bin\s+total\b|"
    r"\bdeath\s+tolls?\b",
    re.IGNORECASE,
)
STATEMENT_RE = re.compile(
    r"\b(?:alarmed|concerned|concern|condemn\w*|call(?:ed|s)?\s+for|urg(?:ed|es)|"
    r"appeal(?:ed|s)?|deplor\w*|warn(?:ed|s)?|demand(?:ed|s)?)\b",
    re.IGNORECASE,
)
HEDGE_RE = re.compile(
    r"\b(?:unverified(?:\s+reports?)?|unconfirmed(?:\s+reports?)?|"
    r"could\s+not\s+be\s+(?:independently\s+)?(?:verified|confirmed|checked)|"
    r"cannot\s+be\s+(?:independently\s+)?(?:verified|confirmed)|"
    r"claim(?:s|ed)?|alleged(?:ly)?|reportedly|purported(?:ly)?)\b",
    re.IGNORECASE,
)
FOLLOW_UP_HEDGE_RE = re.compile(
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
CUE_RE = re.compile(
    rf"\b(?:(?P<fatal>{_FATAL_CUE})|(?P<injured>{_INJURY_CUE})|(?P<affected>{_AFFECTED_CUE}))\b",
    re.IGNORECASE,
)
SHOT_DEAD_RE = re.compile(r"shot\s+(?:dead|and\s+killed|to\s+death)", re.IGNORECASE)
NEAR_RE = re.compile(
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
ACCORDING_RE = re.compile(
    rf"\baccording{_GAP}to{_GAP}(?P<who>[^.;\"“”]*[^.;\"“”\s])\s*(?=[.;\"“”]|$)",
    re.IGNORECASE,
)
TRAILING_RE = re.compile(
    rf",{_OPTIONAL_GAP}(?P<who>[^,;\"“”]{{2,90}}?){_GAP}(?:{_REPORT_VERBS})\b[^,;\"“”]*$",
    re.IGNORECASE,
)
INVERTED_RE = re.compile(
    rf",{_OPTIONAL_GAP}(?:said|says|according{_GAP}to){_GAP}(?P<who>[^,;\"“”]{{2,90}}?)"
    rf"{_OPTIONAL_GAP}[.!]?\s*$",
    re.IGNORECASE,
)
LEADING_RE = re.compile(
    rf"^(?P<who>[^,;\"“”]{{2,90}}?){_GAP}(?:{_REPORT_VERBS})\b"
    rf"(?:{_GAP}(?:on{_GAP}\w+|today|yesterday))?",
    re.IGNORECASE,
)
TOLD_RE = re.compile(
    rf"^(?P<detail>[^,;\"“”]{{2,90}}?){_GAP}told{_GAP}"
    rf"(?P<outlet>(?-i:[A-Z])[\w&.-]*(?:{_GAP}(?-i:[A-Z])[\w&.-]*)*)",
    re.IGNORECASE,
)
AGENCY_RE = re.compile(r"\((?P<who>[A-Z][A-Za-z]{1,9})\)")
OUTLET_RE = re.compile(
    r"^(?P<detail>.*?),?\s*\b(?:who\s+(?:spoke|was\s+speaking|talked)\s+to|speaking\s+to|"
    r"who\s+told|told|as\s+quoted\s+by|quoted\s+by|cited\s+by|in\s+an\s+interview\s+with)\s+"
    r"(?P<outlet>.+)$",
    re.IGNORECASE,
)
CITING_RE = re.compile(r"^(?P<outlet>.+?),?\s+citing\s+(?P<detail>.+)$", re.IGNORECASE)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "one", "who", "which", "officials"})
STATEMENT_BY_RE = re.compile(
    r"\b(?:statement|report|video|post|message|tweet)\s+(?:\w+\s+)?(?:by|from)\s+(?P<who>"
    r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
)

# A relative clause set off by commas: ", who have held Sheikh Maqsoud throughout the war,".
ASIDE_RE = re.compile(r",\s*(?:who|which|where)\b[^,;]*,")
LIST_GAP_RE = re.compile(
    rf"{_OPTIONAL_GAP}(?:,{_OPTIONAL_GAP}(?:and{_GAP})?|and{_GAP}){_OPTIONAL_GAP}"
    rf"(?:the{_GAP}|his{_GAP}|its{_GAP})?"
)
BACKER_LIST_GAP_RE = re.compile(
    rf"{_OPTIONAL_GAP}(?:,{_OPTIONAL_GAP}(?:and{_GAP})?|and{_GAP}){_OPTIONAL_GAP}(?:the{_GAP}|his{_GAP})?"
)
