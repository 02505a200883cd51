"""Settings in one documented place.

Limits and defaults that more than one module (or a user reading the docs) needs to
know about live here, each with a comment saying what it bounds and why.
"""

from __future__ import annotations

import os
from pathlib import Path

# The largest article file (or standard input) geomap reads, in bytes. A news report is a
# few tens of kilobytes even as a full HTML page; anything much larger is almost certainly
# the wrong file, and reading it whole would only waste memory and time.
MAX_ARTICLE_BYTES = 5_000_000

# The longest text geomap reads from one article (after HTML extraction), in characters.
# A long-read news report is about 100,000; the limit keeps every command on one article
# within seconds even on text dense with incidents (benchmarks/bench_hostile_text.py),
# and a user with a longer document is told to split it rather than left waiting.
MAX_ARTICLE_CHARS = 500_000

# The language of the articles geomap reads: every stage takes its cue words from
# data/language/<LANGUAGE>/ (see data/README.md). English ("en") is the one shipped.
LANGUAGE = "en"

# Where geomap keeps what it builds once and reuses (the folded world-city index).
# Override with the GEOMAP_CACHE_DIR environment variable; defaults to the user's
# cache folder (platformdirs).
CACHE_DIR_ENV = "GEOMAP_CACHE_DIR"

# A world-city name shorter than this (after folding) is not indexed: two-letter
# names are mostly abbreviations and collide with ordinary words.
MIN_WORLD_NAME_LENGTH = 3

# A world city named in an article (by its main name, outside a place position and
# without its country in the text) is taken as meant only from this population up:
# "Split" or "Mobile" in a report about Syria are words, not Croatian or US cities.
# Only a city this large is offered as the city an unknown name is probably in.
WORLD_CITY_MIN_POPULATION = 100_000

# A city dominating its namesakes keeps its dominance from this population up even
# when the article names another namesake's country and not its own: "London" in a
# report naming the United States (which has a London, Kentucky) is England's;
# "Waterloo" (100,000 people) in a Sierra Leone report is Sierra Leone's.
WORLD_FAMOUS_CITY_POPULATION = 1_000_000

# A world place smaller than this is a village: nearly any word or surname is one
# somewhere, so it is taken as meant only with its country in the text and standing
# where a place stands ("in X", "the village of X").
WORLD_TOWN_MIN_POPULATION = 15_000

# A small world place matched by an alternative name needs the name to be this similar
# to its main name (rapidfuzz ratio of the folds): a spelling, not another name.
MIN_SPELLING_SIMILARITY = 70.0

# "A, B" ("Paris, Texas"): A is the namesake in B's country nearest B's point, if
# within this many km (B's point is a division's centre; Texas is 1,200 km across).
PAIR_MAX_KM = 1_000.0
# Among those namesakes, a town ten times as populous may lie this many km further
# from B's point: "Memphis, Tennessee" is the city, not the village of Memphis,
# Indiana, nearer Tennessee's centre; "Springfield, Ill." still the capital of
# Illinois, not the larger Springfield, Missouri, 440 km further.
PAIR_KM_PER_TENFOLD = 100.0
# "A, B" where B is a county ("Cowes, Isle of Wight"): A is the namesake in B's country
# nearest B's point, if within this many km (a county is tens of km across).
PAIR_COUNTY_MAX_KM = 100.0

# A division named after its capital ("Homs", "New York", "Buenos Aires"): the city
# stands within this many km of the division's point. Farther, it is a namesake
# elsewhere in the country (Delaware, Ohio is not the capital of Delaware).
CAPITAL_MAX_KM = 300.0

# A namesake within this many km of a city or division the article names gains; one
# within four times this, less.
NEAR_KM = 250.0
# A town (of WORLD_TOWN_MIN_POPULATION people or more) farther than this from every
# city, division and country the article names needs its country named: "fighting in
# al-Dour" in an Iraq report is not Dour, Belgium.
FAR_KM = 1_000.0
# A village (under WORLD_TOWN_MIN_POPULATION people) matched by a spelling or a name
# other than GeoNames' own stands within this many km of a city or division the
# article names, when it names any: "Hadda" in a Sanaa report is a quarter, not Saudi
# Arabia's Al Hadā 600 km away.
RESPELT_VILLAGE_KM = 500.0

# A name standing where a place stands that its context does not support is the one
# reading of it within this many km of a town or district the article resolves:
# "Kobani", GeoNames' 'Ayn al 'Arab, in a report from Suruc, 10 km away.
NEIGHBOUR_KM = 50.0

# At most this many distinct points of the article's cities and divisions are measured
# against each candidate (their nearness is a small term; the bound keeps a list of
# hundreds of towns linear).
MAX_ANCHORS = 32

# The longest place name, in words, the text scanner tries ("Karm al-Qaterji" is 2
# words after its article is dropped; "Bosnia and Herzegovina" is 3).
MAX_NAME_WORDS = 6

# Fuzzy suggestions for an unresolved name: how many, and the lowest rapidfuzz score
# (0-100) worth showing.
SUGGESTION_LIMIT = 5
SUGGESTION_MIN_SCORE = 60.0

# Confidence of a resolution by how it matched, before context adjustments.
CONFIDENCE = {
    "exact": 1.0,
    "alternative": 0.95,
    "normalised": 0.9,
    "skeleton": 0.75,
    "fuzzy": 0.6,
    # "Russian warplanes": the people's name names the state, as an actor.
    "demonym": 0.95,
    # Found online by Nominatim (--online): below every gazetteer match, since the
    # answer is a search engine's best guess for the name near the story's place.
    "online": 0.5,
}

# ``geomap resolve`` accepts a fuzzy match only when the folded names are this similar
# letter for letter (rapidfuzz ratio, not the partial WRatio used to rank suggestions)
# and the runner-up is at least FUZZY_ACCEPT_MARGIN points behind; otherwise the
# name is unresolved, with suggestions. The geoparser never accepts fuzzy matches.
FUZZY_ACCEPT_SCORE = 88.0
FUZZY_ACCEPT_MARGIN = 5.0

# A skeleton match (see geomap.text.normalize) needs at least this many consonants and a
# rapidfuzz ratio of at least this much between the folded spellings: "Ahmed" and
# "al-Hamidiyeh" share the skeleton "hmd" but are not the same name.
MIN_SKELETON_LETTERS = 3
MIN_SKELETON_SIMILARITY = 60

# Default folder for outputs: ``outputs/<article name>/`` below the current directory.
OUTPUT_DIR = "outputs"

# User files (--gazetteer, --layer, --timeline, --boundaries, gazetteer import); see
# geomap._userfiles. The largest one read, in bytes: a city's district polygons are a
# few MB and an ACLED export of a country some tens of MB, while parsed JSON takes many
# times its size in memory.
MAX_USER_FILE_BYTES = 100_000_000
# The longest CSV field, in characters (csv.field_size_limit is set to it). Names,
# notes and sources are a few hundred characters; a longer field is an unclosed quote
# swallowing the file, reported as "file:line: field too large".
MAX_CSV_FIELD_CHARS = 100_000
# JSON nesting, checked by a linear scan before parsing (a MultiPolygon inside a
# FeatureCollection is 7 levels deep): a 100,000-deep file never reaches the
# recursive parser.
MAX_JSON_DEPTH = 64
# The longest JSON number, in characters: a coordinate with 17 significant digits and
# an exponent is under 30; a longer one is refused before int() or float() sees it.
MAX_JSON_NUMBER_CHARS = 40
# Rows of a user CSV and features of a user GeoJSON, and arrays plus objects in a user
# JSON (counted before parsing). Tiny rows or objects cost a few hundred bytes each in
# memory, so 100 MB of them would need several GB; a million points is also more than
# a browser map draws.
MAX_USER_FILE_ROWS = 1_000_000
MAX_JSON_CONTAINERS = 5_000_000
# Years a control timeline row may be dated in: date arithmetic near year 1 or 9999
# overflows, and a report about an armed conflict outside these years is a typo.
EARLIEST_TIMELINE_YEAR = 1900
LATEST_TIMELINE_YEAR = 2100

# Outputs (geomap.api, docs in README "Outputs"). The default folder name
# ``outputs/<name>/`` is made from the article's file name, which a hostile source
# chooses: reduced to one safe path component (letters, digits, ``-``, ``_``, ``.``;
# no leading dot) of at most this many UTF-8 bytes, so that it and its temporary
# sibling stay under the usual 255-byte limit of a file name, and FALLBACK_OUTPUT_NAME
# when nothing is left (``...html``, ``..``).
MAX_OUTPUT_NAME_BYTES = 100
FALLBACK_OUTPUT_NAME = "article"
# ``geomap open`` opens only a map geomap wrote: an .html file carrying this mark
# (geomap.webmap writes it into every map's <head>) within its first
# MAP_MARK_SEARCH_BYTES bytes, so a page from elsewhere is never launched.
MAP_GENERATOR_MARK = '<meta name="generator" content="geomap">'
MAP_MARK_SEARCH_BYTES = 4096

# Bounded work over article text (geomap.places.geoparse, geomap.events, geomap.control).
# The longest sentence, in characters, the rules read as one: a news sentence is a few
# hundred characters, a very long one (a list of names) a few thousand. A longer run
# without a sentence end is split at whitespace or punctuation near this length, so
# the work per sentence and the text kept with every name found in it stay bounded.
MAX_SENTENCE_CHARS = 5_000
# The most capitalised names in one sentence that are looked up, reported and given
# suggestions: a list of districts has a few dozen; 100,000 names in one sentence is
# not a report, and each name costs a fuzzy search and a record.
MAX_NAMES_PER_SENTENCE = 200
# The largest count of people geomap records. The largest figures reports give (a
# war's whole toll, the people in need or displaced across a country) are in the tens
# of millions; a larger one is a typo or a hostile input, so it is dropped, not
# recorded (and a count is never turned into a float on the way).
MAX_PEOPLE_COUNT = 100_000_000
# Years an article's date may be in (--date, or found in the text): dates near year 1
# or 9999 overflow the arithmetic of relative words ("yesterday", "last week").
EARLIEST_ARTICLE_YEAR = 1900
LATEST_ARTICLE_YEAR = 2100


def cache_dir() -> Path:
    """Return the folder for geomap's caches (``GEOMAP_CACHE_DIR`` or the user cache)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("geomap", appauthor=False))


# Which shipped control timeline fits the articles (geomap.control.catalogue). An
# article dated up to this many days before a timeline's start or after its end still
# fits it: reports of the days around an offensive describe its state. Further off,
# the timeline says nothing about the article's time.
TIMELINE_DATE_MARGIN_DAYS = 7
# The least share of the articles' resolved location mentions that must lie in a
# timeline's place (the city or enclave or one of its districts or towns) for the
# articles to be about it: one passing mention of Aleppo in a report on Mosul is not.
TIMELINE_MIN_PLACE_SHARE = 0.25
# With no timeline, a change of control the text states is kept for the story's own
# place only: a district of the story's city, or a town within this many kilometres
# of the story's place (an enclave's towns lie within some tens of kilometres).
TEXT_CONTROL_RADIUS_KM = 40.0

# The opt-in online fallback (``--online``, geomap.places.online): names the gazetteer
# lacks are looked up with Nominatim. The endpoint, for a self-hosted Nominatim, is
# ``--nominatim-url`` or the GEOMAP_NOMINATIM_URL environment variable, else the public
# service of the OpenStreetMap Foundation.
NOMINATIM_URL = "https://nominatim.openstreetmap.org"
NOMINATIM_URL_ENV = "GEOMAP_NOMINATIM_URL"
# Identifies geomap to the service, as Nominatim's usage policy requires
# (https://operations.osmfoundation.org/policies/nominatim/); {version} is geomap's.
NOMINATIM_USER_AGENT = "geomap/{version} (maps of conflict news; opt-in --online lookups)"
# The usage policy allows at most one request per second.
ONLINE_MIN_DELAY_SECONDS = 1.0
# Seconds to wait for one answer; one more try after ONLINE_RETRY_WAIT_SECONDS, then
# the command fails with a one-line message (a slow or overloaded service, no network).
ONLINE_TIMEOUT_SECONDS = 10.0
ONLINE_MAX_RETRIES = 1
ONLINE_RETRY_WAIT_SECONDS = 5.0
# Answers asked for per name: the best few; the first (in Nominatim's order) that fits is taken.
ONLINE_RESULT_LIMIT = 3
# An answer resolves the name only within this many km of the story's place (a city's
# districts and suburbs lie within some tens of km of its point); farther, it is only
# a suggestion. The search prefers a box reaching this far around the story's city.
ONLINE_MAX_KM = 50.0

# OpenStreetMap gazetteers (``geomap gazetteer fetch``, ``geomap gazetteer import
# FILE.osm.pbf``; geomap.places.osm). How far around the city's point to look, in km: a
# city of a million people spans some 10-20 km, and its villages and camps lie around it.
# A city of OSM_LARGE_CITY_POPULATION people or more (Baghdad, Kyiv, Khartoum) spans
# more; osmnx splits a query larger than 50 x 50 km into several, so the largest radius
# allowed stays a handful of queries, not a burden on the shared Overpass servers.
OSM_RADIUS_KM = 15.0
OSM_LARGE_CITY_POPULATION = 3_000_000
OSM_LARGE_CITY_RADIUS_KM = 25.0
OSM_MAX_RADIUS_KM = 50.0
# Seconds the Overpass server may take for one query (also the HTTP timeout): a city's
# places come back in seconds, a busy server takes minutes.
OSM_TIMEOUT_SECONDS = 180
# How geomap introduces itself to OpenStreetMap's servers, whose usage policy asks every
# client to identify itself ({version} is geomap's version).
OSM_USER_AGENT = "geomap/{version} (conflict-news mapping; gazetteer fetch via osmnx)"
# Features of one kind with the same name closer than this (km) are one place: the same
# suburb mapped both as a node and as an area, or twice by two mappers.
OSM_MERGE_KM = 1.0
# The largest OpenStreetMap extract ``gazetteer import`` reads, in bytes. A country such
# as Syria or Iraq is some tens to a couple of hundred MB; pyosmium keeps every node's
# location in memory, so a continent (many GB) would exhaust it.
MAX_OSM_EXTRACT_BYTES = 2_000_000_000

# A corpus of articles (geomap.text.corpus): a folder, a glob pattern, --from-list,
# --from-jsonl or --from-csv. The most articles one command reads: every article's
# text, sentences, mentions and incidents stay in memory until the outputs are
# written (all or nothing): benchmarks/bench_corpus.py's ~2 kB articles peak at 0.7 GB
# for 10,000 and 7.7 GB for 100,000 (geomap map --format parquet). Split a larger
# corpus, by date or by place.
MAX_CORPUS_ARTICLES = 200_000
# The files a folder gives (a glob pattern or a list takes whatever it names).
CORPUS_SUFFIXES = (".txt", ".html", ".htm")
# The longest line of a JSONL corpus, and of a --from-list file, in bytes. A JSONL
# line holds one article, whose text may take up to six bytes per character once
# escaped (\uXXXX); reading is line by line, so a file without newlines is refused
# at this size instead of being read whole.
MAX_CORPUS_RECORD_BYTES = 6 * MAX_ARTICLE_BYTES + 100_000
MAX_LIST_LINE_BYTES = 10_000
# The progress bar on standard error (geomap.cli): redrawn at most this often.
PROGRESS_REDRAW_SECONDS = 0.2

# The sentences a place's popup on the map shows (geomap.webmap.data): the first few,
# with how many there are and the place's id in places.geojson, which holds them all.
# A place named in every article of a corpus would otherwise put thousands of sentences
# into map.html, which would grow with the mentions instead of the places.
MAX_POPUP_SENTENCES = 3
