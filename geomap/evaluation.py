"""Scoring the geoparser against an annotated corpus (``geomap evaluate``).

Four XML shapes of the public geoparsing benchmarks are read, told apart by their
elements:

* GeoVirus: ``<articles><article><text/><locations><location><name/><start/><end/>
  <lat/><lon/>...``;
* LGL and TR-News: ``<articles><article docid=...><text/><toponyms><toponym><start/>
  <end/><phrase/><gaztag geonameid=...><name/><lat/><lon/></gaztag>...`` (a toponym
  without coordinates counts for recognition only);
* GeoWebNews: ``<articles><article><text/><toponyms><toponym><extractedName/><type/>
  <start/><end/><latitude/><longitude/>...``. It also annotates words that are not
  toponyms, each with its type: generic expressions ("the street", "residents"),
  homonyms (a shop called Iceland) and other names (:data:`GEOWEBNEWS_NOT_TOPONYMS`).
  These are not gold toponyms: a prediction on one counts as a false positive;
* WikToR: ``<WikToR><page number=...><toponymName/><lat/><lon/><text/>
  <toponymIndices><toponym><start/><end/>...``: one place a page, named at every
  span of its ``toponymIndices``.

Gold offsets are checked against the text: when ``text[start:end]`` is not the
name, the spans shifted by -1 and +1 are tried (GeoVirus's offsets are one too
high) and the shifts are counted; a toponym no shift aligns is skipped and counted.

**Predicted toponyms** are the geoparser's resolved mentions of any role
(``location``, ``actor``, ``part_of_name``, by default). Demonyms ("Syrian forces")
count only in a corpus that annotates them: GeoVirus annotates a place's name wherever
it stands, "U.S. officials", "Russia said" and "China's Health Ministry" included, but
not a people's adjective, while TR-News and GeoWebNews annotate "Turkish" as Turkey.
A corpus is taken to annotate them when at least :data:`DEMONYM_GOLD_SHARE` of its
gold toponyms are demonyms geomap knows (and not also a place's own name, as
"Philippines" is); ``demonyms=`` of :func:`evaluate_corpus`
(``--demonyms/--no-demonyms``) decides instead. A name inside a person's name is not
resolved, so never predicted. Unresolved mentions have no coordinates and are not
predictions.

**Recognition**: a prediction matches a gold toponym when their spans overlap; each
gold toponym and each prediction is matched at most once (a prediction takes the
unmatched gold toponym it overlaps most, the first one on a tie). Precision is
matched / predicted, recall matched / aligned gold toponyms.

**Resolution**, on matched pairs whose gold toponym has coordinates: great-circle
error in km (geopy's ``great_circle``), accuracy@161 km (the share of errors of at
most 161 km), mean and median error, and the AUC of Gritta et al. (2018): the
errors sorted ascending, each scaled as ``y = ln(1 + error) / ln(20039)`` (20,039
km is half the Earth's circumference, the largest possible error), and the area
under ``y`` with the trapezoid rule over ``x`` evenly spaced on 0..1 (``x_i =
i / (n - 1)``; a single error is its own ``y``). 0 is perfect, 1 the worst.

**Found and resolved** is the share of *all* gold toponyms with coordinates
(skipped ones included) that were matched and resolved within 161 km: what
recognition and resolution achieve together.

Article texts are made into articles with
:func:`geomap.text.articles.article_from_text`; XML has already turned ``\\r\\n``
into ``\\n``, so offsets are those of the text as parsed.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree
from xml.parsers import expat

from geopy.distance import great_circle

from geomap._userfiles import read_text, shown
from geomap.errors import InputError
from geomap.model import Mention
from geomap.places.gazetteer import Gazetteer
from geomap.places.geoparse import parse_articles
from geomap.text.articles import article_from_text
from geomap.text.normalize import name_key

CorpusShape = Literal["geovirus", "lgl", "geowebnews", "wiktor"]
# GeoWebNews's types of annotated words that are not toponyms (Gritta et al. 2019):
# generic place and non-place expressions, homonyms and other names. They carry no
# coordinates.
GEOWEBNEWS_NOT_TOPONYMS = frozenset(
    {"Literal_Expression", "Non_Lit_Expression", "Homonym", "Non_Toponym"}
)
# A corpus annotates demonyms when at least this share of its gold toponyms are
# demonyms. News writes a people's adjective about as often as its country's name, so
# a corpus that annotates them has many; GeoVirus and geomap's own sets hold none or
# one in several hundred.
DEMONYM_GOLD_SHARE = 0.01
# Accuracy threshold: 161 km (100 miles), as in the geoparsing literature.
ACCURACY_KM = 161.0
# Half the Earth's circumference in km: the largest great-circle error (AUC scale).
MAX_ERROR_KM = 20039.0
# Offset shifts tried, in order, when a gold span does not hold its name.
_SHIFTS = (-1, 1)
# How many of the most frequent misses and false positives are reported.
TOP_NAMES = 15


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated toponym, aligned to its article's text.

    Attributes
    ----------
    name
        The name as the text writes it.
    start, end
        Character offsets in the article text (after alignment).
    lat, lon
        The gold coordinates, or None (recognition only).
    """

    name: str
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One article of a corpus with its aligned toponyms.

    Attributes
    ----------
    ident
        The article's id (``docid``, ``source``, or its number).
    text
        The article's text.
    toponyms
        The toponyms that could be aligned, in text order.
    shifted
        How many toponyms were aligned by shifting their offsets.
    skipped, skipped_with_coordinates
        How many toponyms no shift aligned, and how many of those had coordinates.
    """

    ident: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    shifted: int = 0
    skipped: int = 0
    skipped_with_coordinates: int = 0


@dataclass(frozen=True, slots=True)
class Corpus:
    """An annotated corpus: its shape and articles."""

    shape: CorpusShape
    articles: tuple[GoldArticle, ...]


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """The counts of one article (see :class:`Evaluation` for their meaning)."""

    ident: str
    gold: int
    predicted: int
    matched: int
    errors_km: tuple[float, ...]
    gold_with_coordinates: int
    shifted: int
    skipped: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The scores of the geoparser on a corpus.

    Attributes
    ----------
    corpus, shape
        The corpus file and its XML shape (``geovirus``, ``lgl``, ``geowebnews`` or
        ``wiktor``).
    articles
        Per article counts, in corpus order.
    seconds
        Time spent geoparsing (reading the corpus and the gazetteer excluded).
    misses, false_positives
        The most frequent gold names not found, and predicted names with no gold
        toponym, with their counts (at most :data:`TOP_NAMES` each).
    roles
        The mention roles counted as predicted toponyms.
    demonyms
        Whether demonyms ("Turkish") counted as predicted toponyms.
    """

    corpus: str
    shape: CorpusShape
    articles: tuple[ArticleScore, ...]
    seconds: float
    misses: tuple[tuple[str, int], ...]
    false_positives: tuple[tuple[str, int], ...]
    roles: tuple[str, ...] = ("location", "actor", "part_of_name")
    demonyms: bool = False

    def _total(self, field: Callable[[ArticleScore], int]) -> int:
        return sum(field(a) for a in self.articles)

    @property
    def gold(self) -> int:
        """Aligned gold toponyms."""
        return self._total(lambda a: a.gold)

    @property
    def predicted(self) -> int:
        """Predicted toponyms."""
        return self._total(lambda a: a.predicted)

    @property
    def matched(self) -> int:
        """Predictions overlapping a gold toponym (true positives)."""
        return self._total(lambda a: a.matched)

    @property
    def shifted(self) -> int:
        """Gold toponyms aligned by shifting their offsets."""
        return self._total(lambda a: a.shifted)

    @property
    def skipped(self) -> int:
        """Gold toponyms no shift aligned (left out of every score but found-and-resolved)."""
        return self._total(lambda a: a.skipped)

    @property
    def gold_with_coordinates(self) -> int:
        """Gold toponyms with coordinates, skipped ones included."""
        return self._total(lambda a: a.gold_with_coordinates)

    @property
    def errors_km(self) -> list[float]:
        """The error of every matched pair whose gold toponym has coordinates."""
        return [e for a in self.articles for e in a.errors_km]

    @property
    def precision(self) -> float:
        """Matched / predicted (0 when nothing was predicted)."""
        return _ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        """Matched / aligned gold toponyms (0 when there are none)."""
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r)

    @property
    def accuracy_161(self) -> float | None:
        """Share of resolution errors of at most 161 km (None without any)."""
        errors = self.errors_km
        return _ratio(sum(e <= ACCURACY_KM for e in errors), len(errors)) if errors else None

    @property
    def mean_error_km(self) -> float | None:
        """Mean resolution error (None without any)."""
        errors = self.errors_km
        return statistics.fmean(errors) if errors else None

    @property
    def median_error_km(self) -> float | None:
        """Median resolution error (None without any)."""
        errors = self.errors_km
        return statistics.median(errors) if errors else None

    @property
    def auc(self) -> float | None:
        """The area under the error curve (see :func:`error_auc`; None without errors)."""
        errors = self.errors_km
        return error_auc(errors) if errors else None

    @property
    def found_and_resolved(self) -> float:
        """Share of all gold toponyms with coordinates matched and resolved within 161 km."""
        good = sum(e <= ACCURACY_KM for e in self.errors_km)
        return _ratio(good, self.gold_with_coordinates)

    @property
    def docs_per_second(self) -> float | None:
        """Articles geoparsed per second (None when too fast to time)."""
        return len(self.articles) / self.seconds if self.seconds > 0 else None


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def error_auc(errors_km: Sequence[float]) -> float:
    """The area under the curve of sorted, log-scaled errors (Gritta et al., 2018).

    Parameters
    ----------
    errors_km
        Resolution errors in km (at least one).

    Returns
    -------
    float
        0 (every error 0 km) to 1 (every error 20,039 km): the trapezoid area under
        ``ln(1 + e) / ln(20039)`` of the errors sorted ascending, on ``x`` evenly
        spaced over 0..1.

    Examples
    --------
    >>> error_auc([0.0, 0.0]), round(error_auc([0.0, 20039.0]), 3), error_auc([0.0])
    (0.0, 0.5, 0.0)
    """
    scale = math.log(MAX_ERROR_KM)
    ys = [min(math.log1p(e) / scale, 1.0) for e in sorted(errors_km)]
    if len(ys) == 1:
        return ys[0]
    return sum((a + b) / 2 for a, b in pairwise(ys)) / (len(ys) - 1)


# ---------------------------------------------------------------------------
# Reading a corpus


def _refuse_dtd(*_args: object) -> None:
    """Refuse a DOCTYPE: entities can only be declared in one."""
    raise InputError("a DTD (<!DOCTYPE>) (refused: corpora come from outside)")


def parse_xml(text: str, label: str) -> ElementTree.Element:
    """Parse XML *text* into an element tree, refusing DTDs and entity declarations.

    A DOCTYPE (where entities that expand a billion-fold, or read local files, are
    declared) is refused before anything is expanded; no external resource is read.

    Raises
    ------
    InputError
        ``label:line: reason`` for XML that is not well formed or declares a DTD.

    Examples
    --------
    >>> parse_xml("<a><b>x</b></a>", "t.xml").find("b").text
    'x'
    >>> parse_xml('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "t.xml")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: t.xml:1: a DTD (<!DOCTYPE>) (refused: corpora come from outside)
    """
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate(encoding="utf-8")
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = lambda tag: builder.end(tag)
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse_dtd
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        raise InputError(f"{label}:{exc.lineno}: not well-formed XML ({reason})") from None
    except InputError as exc:
        raise InputError(f"{label}:{parser.CurrentLineNumber}: {exc}") from None
    return builder.close()


def _field(element: ElementTree.Element | None, tag: str) -> str | None:
    child = element.find(tag) if element is not None else None
    return child.text if child is not None and child.text is not None else None


def _number(
    element: ElementTree.Element | None,
    tag: str,
    kind: Callable[[str], float | int],
    where: str,
) -> float | int | None:
    """The number in *element*'s child *tag*; None when the child is missing or empty."""
    value = _field(element, tag)
    if value is None or not value.strip():
        return None
    try:
        return kind(value.strip())
    except ValueError:
        raise InputError(f"{where}: bad number in <{tag}>: {shown(value)}") from None


def _offset(element: ElementTree.Element, tag: str, where: str) -> int:
    """A gold toponym's start or end offset, which every shape gives."""
    found = _number(element, tag, int, where)
    if found is None:
        raise InputError(f"{where}: a toponym without <{tag}>")
    return int(found)


def _coordinates(
    element: ElementTree.Element | None, where: str, tags: tuple[str, str] = ("lat", "lon")
) -> tuple[float | None, float | None]:
    lat, lon = (_number(element, tag, float, where) for tag in tags)
    if lat is None or lon is None:
        return None, None
    y, x = float(lat), float(lon)
    if not (-90 <= y <= 90 and -180 <= x <= 180):
        raise InputError(f"{where}: latitude {y:g}, longitude {x:g} out of range")
    return y, x


def _align(text: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """The aligned start and the shift (0, -1 or +1) that makes the span hold *name*."""
    for shift in (0, *_SHIFTS):
        if start + shift >= 0 and text[start + shift : end + shift] == name:
            return start + shift, shift
    return None


def _shape(root: ElementTree.Element, label: str) -> CorpusShape:
    if root.find("page/toponymIndices") is not None:
        return "wiktor"
    articles = root.findall("article") if root.tag == "articles" else []
    for article in articles:
        if article.find("locations") is not None:
            return "geovirus"
        if article.find("toponyms/toponym/extractedName") is not None:
            return "geowebnews"
        if article.find("toponyms") is not None:
            return "lgl"
    raise InputError(
        f"{label}: not an annotated corpus geomap knows: expected <articles> of <article> "
        "with <locations> (GeoVirus) or <toponyms> (LGL, TR-News, GeoWebNews), or "
        "<page> with <toponymIndices> (WikToR)"
    )


# One gold toponym as the file gives it: its name, offsets and coordinates.
_Row = tuple[str | None, int, int, float | None, float | None]


def _rows(shape: CorpusShape, element: ElementTree.Element, where: str) -> list[_Row]:
    """The gold toponyms of one article (one page of WikToR) in the file's order."""
    # Each toponym's element (offsets), name, and the element holding its coordinates
    # under the two tags the shape uses.
    found: list[tuple[ElementTree.Element, str | None, ElementTree.Element | None, tuple[str, str]]]
    if shape == "geovirus":
        found = [
            (t, _field(t, "name"), t, ("lat", "lon"))
            for t in element.iterfind("locations/location")
        ]
    elif shape == "lgl":
        found = [
            (t, _field(t, "phrase"), t.find("gaztag"), ("lat", "lon"))
            for t in element.iter("toponym")
        ]
    elif shape == "geowebnews":
        found = [
            (t, _field(t, "extractedName"), t, ("latitude", "longitude"))
            for t in element.iterfind("toponyms/toponym")
            if (_field(t, "type") or "").strip() not in GEOWEBNEWS_NOT_TOPONYMS
        ]
    else:
        # WikToR: the page's one place, at each of its spans.
        name = _field(element, "toponymName")
        found = [
            (t, name, element, ("lat", "lon")) for t in element.iterfind("toponymIndices/toponym")
        ]
    return [
        (
            name,
            _offset(t, "start", where),
            _offset(t, "end", where),
            *_coordinates(place, where, tags),
        )
        for t, name, place, tags in found
    ]


def read_corpus(path: str | Path, *, limit: int | None = None) -> Corpus:
    """Read an annotated corpus (see the module docstring for its shapes) and align
    its offsets.

    Parameters
    ----------
    path
        The XML file (at most :data:`geomap.settings.MAX_USER_FILE_BYTES`).
    limit
        Read only the first *limit* articles (pages of WikToR).

    Raises
    ------
    InputError
        For a missing, unreadable, non-XML or hostile file, an unknown shape, or a
        toponym with bad offsets or coordinates (``file:article N: reason``).
    """
    label = str(path)
    root = parse_xml(read_text(Path(path), label), label)
    shape = _shape(root, label)
    elements = root.findall("page" if shape == "wiktor" else "article")[:limit]
    articles = []
    for number, element in enumerate(elements, start=1):
        where = f"{label}:article {number}"
        ident = (
            element.get("docid")
            or element.get("number")
            or _field(element, "source")
            or str(number)
        )
        text = _field(element, "text") or ""
        toponyms, shifted, skipped, skipped_coords = [], 0, 0, 0
        for name, start, end, lat, lon in _rows(shape, element, where):
            aligned = _align(text, name or "", start, end) if name else None
            if aligned is None:
                skipped += 1
                skipped_coords += lat is not None
                continue
            begin, shift = aligned
            shifted += shift != 0
            toponyms.append(GoldToponym(name or "", begin, begin + end - start, lat, lon))
        toponyms.sort(key=lambda t: (t.start, t.end))
        articles.append(GoldArticle(ident, text, tuple(toponyms), shifted, skipped, skipped_coords))
    return Corpus(shape, tuple(articles))


# ---------------------------------------------------------------------------
# Scoring


def match_spans(
    gold: Sequence[GoldToponym], predicted: Sequence[Mention]
) -> list[tuple[GoldToponym, Mention]]:
    """Pair predictions with the gold toponyms they overlap, each at most once.

    Each prediction, in text order, takes the unmatched gold toponym it overlaps
    most (the first on a tie).
    """
    pairs = []
    free = list(gold)
    for mention in sorted(predicted, key=lambda m: (m.start, m.end)):
        overlaps = [
            (min(g.end, mention.end) - max(g.start, mention.start), -i, g)
            for i, g in enumerate(free)
            if g.start < mention.end and mention.start < g.end
        ]
        if overlaps:
            best = max(overlaps, key=lambda o: (o[0], o[1]))[2]
            free.remove(best)
            pairs.append((best, mention))
    return pairs


def evaluate_corpus(
    corpus_path: str | Path,
    gazetteer: Gazetteer,
    *,
    limit: int | None = None,
    roles: Iterable[str] = ("location", "actor", "part_of_name"),
    demonyms: bool | None = None,
) -> Evaluation:
    """Geoparse every article of an annotated corpus and score the result.

    Parameters
    ----------
    corpus_path
        A GeoVirus, LGL, TR-News, GeoWebNews or WikToR XML file (see the module
        docstring).
    gazetteer
        Where place names are looked up.
    limit
        Score only the first *limit* articles.
    roles
        The mention roles counted as predicted toponyms (resolved mentions only).
    demonyms
        Whether demonyms ("Turkish") count as predicted toponyms; None: when the
        corpus annotates them (:func:`annotates_demonyms`).

    Returns
    -------
    Evaluation
        Per article counts and the corpus scores.
    """
    corpus = read_corpus(corpus_path, limit=limit)
    wanted = tuple(roles)
    if demonyms is None:
        demonyms = annotates_demonyms(corpus, gazetteer)
    # An article without text has nothing to parse; its toponyms were all skipped.
    articles = [
        article_from_text(a.text, name=str(number))
        for number, a in enumerate(corpus.articles, start=1)
        if a.text.strip()
    ]
    started = time.perf_counter()
    report = parse_articles(articles, gazetteer)
    seconds = time.perf_counter() - started
    mentions = {d.article.name: d.mentions for d in report.documents}
    scores, misses, false_positives = [], Counter[str](), Counter[str]()
    for number, gold in enumerate(corpus.articles, start=1):
        predicted = [
            m
            for m in mentions.get(str(number), ())
            if m.status == "resolved"
            and m.role in wanted
            and m.place is not None
            and (demonyms or m.method != "demonym")
        ]
        pairs = match_spans(gold.toponyms, predicted)
        found = {id(g) for g, _ in pairs}
        used = {id(m) for _, m in pairs}
        misses.update(g.name for g in gold.toponyms if id(g) not in found)
        false_positives.update(m.text for m in predicted if id(m) not in used)
        errors = tuple(
            great_circle((g.lat, g.lon), (m.place.lat, m.place.lon)).km
            for g, m in pairs
            if g.lat is not None and g.lon is not None and m.place is not None
        )
        with_coordinates = sum(t.lat is not None for t in gold.toponyms)
        scores.append(
            ArticleScore(
                gold.ident,
                len(gold.toponyms),
                len(predicted),
                len(pairs),
                errors,
                with_coordinates + gold.skipped_with_coordinates,
                gold.shifted,
                gold.skipped,
            )
        )
    return Evaluation(
        str(corpus_path),
        corpus.shape,
        tuple(scores),
        seconds,
        tuple(misses.most_common(TOP_NAMES)),
        tuple(false_positives.most_common(TOP_NAMES)),
        wanted,
        demonyms,
    )


def annotates_demonyms(corpus: Corpus, gazetteer: Gazetteer) -> bool:
    """Whether *corpus* annotates demonyms as toponyms ("Turkish" as Turkey).

    True when at least :data:`DEMONYM_GOLD_SHARE` of its gold toponyms are demonyms
    *gazetteer* knows that are not also their place's own name ("Philippines").
    """
    known = gazetteer.demonyms()
    names = Counter(name_key(t.name) for a in corpus.articles for t in a.toponyms)
    demonyms = 0
    for key, count in names.items():
        place = known.get(key)
        if place is not None and key not in {name_key(n) for n in (place.name, *place.alt_names)}:
            demonyms += count
    return demonyms >= DEMONYM_GOLD_SHARE * sum(names.values()) > 0
