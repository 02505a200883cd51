"""The hand-annotated development set (``tests/data/devset/``): its checks and its figures.

The set is invented wire-style reporting from many conflicts plus non-war stories
full of person names that look like places; ``tests/data/devset/README.md`` says
how it was made. These tests check that the gold is sound (offsets, coordinates,
conflicts named in the README) and run the geoparser over it, printing
recognition, resolution and false-place figures (``pytest -s`` shows them).
Only the range of the figures is asserted: targets belong to later work.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from geopy.distance import geodesic

from geomap.api import load_gazetteer
from geomap.places.geoparse import PlaceReport, parse_articles
from geomap.text.articles import article_from_text

DEVSET = Path(__file__).resolve().parent / "data" / "devset"
KINDS = {"country", "region", "city", "town", "district", "landmark"}
NON_WAR = "none"
#: Accuracy@161 km: a resolved place within 100 miles of the gold point.
NEAR_KM = 161.0
_CONFLICT = re.compile(r"conflict=([a-z0-9-]+)")
_README_ROW = re.compile(r"^\| `([a-z0-9-]+)` \|", re.MULTILINE)


@dataclass(frozen=True)
class Gold:
    """One annotated location: its span, point and kind."""

    name: str
    start: int
    end: int
    lat: float
    lon: float
    kind: str


@dataclass(frozen=True)
class DevArticle:
    """One article of the set: its id, conflict, text and gold locations."""

    name: str
    conflict: str
    text: str
    locations: tuple[Gold, ...]


def _field(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    assert found is not None and found.text is not None, f"<{tag}> missing"
    return found.text


def read_devset(folder: Path = DEVSET) -> list[DevArticle]:
    """Read every ``*.xml`` file of *folder* into articles, in file and article order."""
    articles = []
    for path in sorted(folder.glob("*.xml")):
        for number, element in enumerate(ET.parse(path).getroot().iter("article")):
            source = _field(element, "source")
            match = _CONFLICT.search(source)
            assert match, f"{path.name} article {number}: no conflict= in <source>"
            locations = tuple(
                Gold(
                    _field(loc, "name"),
                    int(_field(loc, "start")),
                    int(_field(loc, "end")),
                    float(_field(loc, "lat")),
                    float(_field(loc, "lon")),
                    _field(loc, "kind"),
                )
                for loc in element.iter("location")
            )
            name = f"{path.stem}-{number:02d}-{match.group(1)}"
            articles.append(DevArticle(name, match.group(1), _field(element, "text"), locations))
    return articles


@dataclass(frozen=True)
class Figures:
    """Recognition, resolution and false-place counts over some articles."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    near: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.gold + other.gold,
            self.found + other.found,
            self.matched + other.matched,
            self.near + other.near,
        )

    @property
    def precision(self) -> float:
        """Matched found places over found places (1 when none was found)."""
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Matched gold places over gold places (1 when there is no gold)."""
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def accuracy(self) -> float:
        """Matched places resolved within :data:`NEAR_KM` of the gold, over matched."""
        return self.near / self.matched if self.matched else 1.0

    @property
    def false(self) -> int:
        """Found places that match no gold location."""
        return self.found - self.matched

    def line(self, label: str) -> str:
        """One row of the printed table."""
        return (
            f"{label:<16} gold {self.gold:>3} found {self.found:>3} P {self.precision:.2f} "
            f"R {self.recall:.2f} F1 {self.f1:.2f} acc@161 {self.accuracy:.2f} "
            f"false {self.false}"
        )


def score(article: DevArticle, report: PlaceReport) -> Figures:
    """Match the article's found places to its gold by span overlap, one to one."""
    found = [m for m in report.mentions if m.article == article.name and m.role == "location"]
    unused = list(article.locations)
    matched = near = 0
    for mention in found:
        gold = next((g for g in unused if g.start < mention.end and mention.start < g.end), None)
        if gold is None:
            continue
        unused.remove(gold)
        matched += 1
        place = mention.place
        if place is not None and _km((place.lat, place.lon), (gold.lat, gold.lon)) <= NEAR_KM:
            near += 1
    return Figures(len(article.locations), len(found), matched, near)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic(a, b).km)


def total(figures: Iterable[Figures]) -> Figures:
    """The sum of several figures."""
    return sum(figures, Figures())


@pytest.fixture(scope="module")
def devset() -> list[DevArticle]:
    return read_devset()


def test_offsets_slice_the_text(devset: Sequence[DevArticle]) -> None:
    assert devset
    for article in devset:
        spans = sorted((g.start, g.end) for g in article.locations)
        for gold in article.locations:
            assert article.text[gold.start : gold.end] == gold.name, (article.name, gold)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, f"{article.name}: overlapping gold spans"


def test_points_and_kinds(devset: Sequence[DevArticle]) -> None:
    for article in devset:
        assert article.locations or article.conflict == NON_WAR, article.name
        for gold in article.locations:
            assert -90 <= gold.lat <= 90 and -180 <= gold.lon <= 180, (article.name, gold)
            assert gold.kind in KINDS, (article.name, gold)


def test_articles_are_short_reports(devset: Sequence[DevArticle]) -> None:
    assert 16 <= len(devset) <= 20
    for article in devset:
        assert 120 <= len(article.text.split()) <= 250, article.name


def test_conflicts_are_named_in_the_readme(devset: Sequence[DevArticle]) -> None:
    named = set(_README_ROW.findall((DEVSET / "README.md").read_text(encoding="utf-8")))
    conflicts = {a.conflict for a in devset}
    assert conflicts <= named, conflicts - named
    assert len(conflicts - {NON_WAR}) >= 8
    assert sum(a.conflict == NON_WAR for a in devset) >= 2


def test_no_sentence_from_geovirus(devset: Sequence[DevArticle], shared_dir: Path) -> None:
    """No run of eight words of the set stands in GeoVirus (read, never copied)."""
    geovirus = shared_dir / "eval" / "GeoVirus.xml"
    if not geovirus.is_file():
        pytest.skip("GeoVirus.xml not in ../shared/eval")
    theirs = {
        shingle
        for text in ET.parse(geovirus).getroot().iter("text")
        for shingle in _shingles(text.text or "")
    }
    for article in devset:
        assert not _shingles(article.text) & theirs, article.name


def _shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_geoparser_figures(devset: Sequence[DevArticle]) -> None:
    articles = [article_from_text(a.text, name=a.name) for a in devset]
    report = parse_articles(articles, load_gazetteer())
    scored = [(a, score(a, report)) for a in devset]
    rows = []
    for conflict in dict.fromkeys(a.conflict for a in devset):
        rows.append(total(f for a, f in scored if a.conflict == conflict).line(conflict))
    war = total(f for a, f in scored if a.conflict != NON_WAR)
    non_war = total(f for a, f in scored if a.conflict == NON_WAR)
    print("\n" + "\n".join([*rows, war.line("all war"), non_war.line("all non-war")]))
    everything = war + non_war
    print(everything.line("all"))
    for figures in (war, non_war, everything):
        for value in (figures.precision, figures.recall, figures.f1, figures.accuracy):
            assert 0.0 <= value <= 1.0
    false_share = non_war.false / non_war.found if non_war.found else 0.0
    print(f"non-war false places: {non_war.false} of {non_war.found} found ({false_share:.2f})")
    assert 0.0 <= false_share <= 1.0
