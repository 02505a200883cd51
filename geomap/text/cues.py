"""English cue words the geoparser reads around a name.

Kept apart from the logic so the lists can be read, reviewed and extended in one
place. Every entry is lower case; the geoparser compares folded words.
"""

from __future__ import annotations

# A name right after one of these stands where a place stands ("in Firdaus",
# "withdraw from Sheikh Saed"). "to" and "at" are left out: "spoke to Anadolu Agency",
# "at Reuters" name organisations far more often than places.
LOCATIVE_PREPOSITIONS = frozenset(
    {
        "in", "into", "inside", "near", "nearby", "outside", "from", "across", "around",
        "towards", "toward", "throughout", "within", "between", "along", "through",
        "over", "beyond",
    }
)  # fmt: skip

# Verbs whose object is a place ("regime forces captured Karm al-Jabal").
PLACE_OBJECT_VERBS = frozenset(
    {
        "captured", "capture", "captures", "capturing", "seized", "seize", "seizes", "seizing",
        "recaptured", "recapture", "retook", "retake", "entered", "enter", "stormed", "storm",
        "shelled", "shell", "shelling", "bombed", "bomb", "bombing", "besieged", "besiege",
        "evacuated", "evacuate", "took", "overran", "overrun", "liberated", "liberate",
        "encircled", "encircle", "struck", "hit", "targeted", "raided", "abandoned",
        "reached", "pounded", "fled", "left", "secured", "control", "controls",
    }
)  # fmt: skip

# Nouns that describe a place named next to them ("Firdaus and Kallasa districts",
# "the district of Sakhour"). Value: the kinds of place the noun describes.
PLACE_NOUNS = {
    "district": ("district", "region"),
    "districts": ("district", "region"),
    "neighbourhood": ("district",),
    "neighbourhoods": ("district",),
    "neighborhood": ("district",),
    "neighborhoods": ("district",),
    "quarter": ("district",),
    "quarters": ("district",),
    "suburb": ("district", "city"),
    "suburbs": ("district", "city"),
    "area": ("district", "region"),
    "areas": ("district", "region"),
    "region": ("region", "district", "admin1"),
    "regions": ("region", "district", "admin1"),
    "sector": ("district", "region"),
    "village": ("city", "district"),
    "villages": ("city", "district"),
    "town": ("city",),
    "towns": ("city",),
    "city": ("city",),
    "cities": ("city",),
    "province": ("admin1",),
    "provinces": ("admin1",),
    "governorate": ("admin1",),
    "governorates": ("admin1",),
    "camp": ("district", "city"),
    "enclave": ("district", "region"),
    "pocket": ("district", "region"),
}

# Capitalised words that end an organisation's or a title's name ("Anadolu Agency",
# "Syria's Civil Defence", "Aleppo Media Centre"): a place name joined to one of
# them is part of that name, not a place.
NAME_WORDS = frozenset(
    {
        "agency", "news", "press", "times", "post", "journal", "herald", "tribune", "gazette",
        "television", "tv", "radio", "network", "channel", "media", "centre", "center",
        "council", "committee", "commission", "ministry", "minister", "department",
        "office", "observatory", "defence", "defense", "army", "forces", "front", "brigade",
        "brigades", "battalion", "movement", "party", "union", "league", "organisation",
        "organization", "institute", "university", "foundation", "bank", "company", "group",
        "airlines", "airways", "crescent", "cross", "watch", "helmets", "international",
        "federation", "republic", "government", "authority", "court", "tribunal",
        "embassy", "consulate", "mission", "secretary", "president", "envoy", "spokesman",
        "spokeswoman", "airport", "stadium", "hospital", "school", "mosque", "church",
        "club", "fc", "express", "daily", "weekly", "monitor", "guardian", "telegraph",
        "independent", "mail", "observer", "review", "square", "street", "road",
    }
)  # fmt: skip

# Nouns that may stand after a place without making it part of another name.
PLACE_NAME_TAILS = frozenset(set(PLACE_NOUNS) | {"old", "countryside", "east", "west"})

# Words a name may have in lower case in running text ("eastern Aleppo", "Aleppo
# governorate") although the gazetteer capitalises them.
GENERIC_NAME_WORDS = frozenset(
    set(PLACE_NOUNS)
    | {
        "east", "eastern", "west", "western", "north", "northern", "south", "southern",
        "central", "old", "new", "greater", "upper", "lower", "countryside", "rural",
    }
)  # fmt: skip

# Capitalised words that start sentences or titles and are never part of a name.
FUNCTION_WORDS = frozenset(
    {
        "the", "a", "an", "in", "on", "at", "of", "for", "from", "to", "by", "with", "and",
        "or", "but", "as", "near", "into", "after", "before", "since", "during", "when",
        "while", "if", "this", "that", "these", "those", "there", "here", "it", "its",
        "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your",
        "all", "some", "many", "most", "both", "each", "every", "no", "not", "also",
        "meanwhile", "however", "according", "updated", "photo", "video", "authors",
        "author", "read", "more", "related", "people", "residents", "civilians",
        "eyewitness", "witness", "witnesses", "then", "now", "today", "yesterday",
        "tomorrow", "earlier", "later", "last", "next", "first", "second", "third",
    }
)  # fmt: skip

MONTHS_AND_DAYS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday",
    }
)  # fmt: skip

# Words before a list of countries or peoples named as actors ("backed by Russia and
# Iran", "supported by Iran").
ACTOR_CUES_BEFORE = (
    ("backed", "by"),
    ("supported", "by"),
    ("armed", "by"),
    ("funded", "by"),
    ("allied", "with"),
    ("allies",),
    ("ally",),
    ("sponsored", "by"),
)

# Words right after a country that make it the subject of an act of speech or
# policy ("Russia said", "Turkey condemned"): an actor, not a place.
ACTOR_VERBS_AFTER = frozenset(
    {
        "said", "says", "say", "denied", "denies", "deny", "claimed", "claims", "warned",
        "warns", "condemned", "condemns", "announced", "announces", "accused", "accuses",
        "called", "calls", "urged", "urges", "vetoed", "vetoes", "backed", "backs",
        "supported", "supports", "sent", "sends", "deployed", "deploys", "insisted",
        "insists", "demanded", "demands", "rejected", "rejects", "agreed", "agrees",
        "proposed", "proposes", "stated", "states", "told", "tells",
    }
)  # fmt: skip

# Suffix words after a hyphen that turn a country or people into an actor
# ("Iranian-backed", "Russia-led").
ACTOR_HYPHEN_SUFFIXES = frozenset({"backed", "led", "supported", "sponsored", "allied", "funded"})
