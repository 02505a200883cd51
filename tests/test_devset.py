"""The hand-annotated sets: the development set (``tests/data/devset/``) and the
held-out set (``tests/data/holdout/``), their checks and their figures.

Both are invented wire-style reporting from many conflicts plus non-war stories
full of person names that look like places; each folder's README says how it was
made (the held-out set was written without looking at geomap, to measure it on text
it was not tuned to). These tests check that the gold is sound (offsets,
coordinates, conflicts named in the README) and run the geoparser over each set,
printing recognition, resolution and false-place figures (``pytest -s`` shows them).
Only the range of the figures is asserted: targets belong to later work.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from geomap.api import load_gazetteer
from geomap.evaluation import Evaluation, evaluate_corpus

DEVSET = Path(__file__).resolve().parent / "data" / "devset"
HOLDOUT = Path(__file__).resolve().parent / "data" / "holdout"
HOLDOUT_2 = Path(__file__).resolve().parent / "data" / "holdout-2"
HOLDOUT_3 = Path(__file__).resolve().parent / "data" / "holdout-3"
HOLDOUT_4 = Path(__file__).resolve().parent / "data" / "holdout-4"
HOLDOUT_5 = Path(__file__).resolve().parent / "data" / "holdout-5"
HOLDOUT_6 = Path(__file__).resolve().parent / "data" / "holdout-6"
HOLDOUT_7 = Path(__file__).resolve().parent / "data" / "holdout-7"
HOLDOUT_8 = Path(__file__).resolve().parent / "data" / "holdout-8"
HOLDOUT_9 = Path(__file__).resolve().parent / "data" / "holdout-9"
HOLDOUT_10 = Path(__file__).resolve().parent / "data" / "holdout-10"
HOLDOUT_11 = Path(__file__).resolve().parent / "data" / "holdout-11"
HOLDOUT_12 = Path(__file__).resolve().parent / "data" / "holdout-12"
HOLDOUT_13 = Path(__file__).resolve().parent / "data" / "holdout-13"
HOLDOUT_14 = Path(__file__).resolve().parent / "data" / "holdout-14"
HOLDOUT_15 = Path(__file__).resolve().parent / "data" / "holdout-15"
HOLDOUT_16 = Path(__file__).resolve().parent / "data" / "holdout-16"
HOLDOUT_17 = Path(__file__).resolve().parent / "data" / "holdout-17"
HOLDOUT_18 = Path(__file__).resolve().parent / "data" / "holdout-18"
HOLDOUT_19 = Path(__file__).resolve().parent / "data" / "holdout-19"
HOLDOUT_20 = Path(__file__).resolve().parent / "data" / "holdout-20"
HOLDOUT_21 = Path(__file__).resolve().parent / "data" / "holdout-21"
HOLDOUT_22 = Path(__file__).resolve().parent / "data" / "holdout-22"
HOLDOUT_23 = Path(__file__).resolve().parent / "data" / "holdout-23"
HOLDOUT_24 = Path(__file__).resolve().parent / "data" / "holdout-24"
HOLDOUT_25 = Path(__file__).resolve().parent / "data" / "holdout-25"
HOLDOUT_26 = Path(__file__).resolve().parent / "data" / "holdout-26"
NONWAR_DEVSET = Path(__file__).resolve().parent / "data" / "nonwar-devset"
NONWAR_DEVSET_2 = Path(__file__).resolve().parent / "data" / "nonwar-devset-2"
NONWAR_DEVSET_3 = Path(__file__).resolve().parent / "data" / "nonwar-devset-3"
NONWAR_DEVSET_4 = Path(__file__).resolve().parent / "data" / "nonwar-devset-4"
LOCALNEWS_DEVSET = Path(__file__).resolve().parent / "data" / "localnews-devset"
ENCYCLOPEDIA_DEVSET = Path(__file__).resolve().parent / "data" / "encyclopedia-devset"
WEBNEWS_DEVSET = Path(__file__).resolve().parent / "data" / "webnews-devset"
# Each set's folder, how many articles it holds, and how many words each has (sets 10
# on mix wire reports with longer pieces).
SHORT = range(120, 251)
LONGER = range(120, 461)
SETS = {
    "devset": (DEVSET, range(36, 46), SHORT),
    "holdout": (HOLDOUT, range(18, 31), SHORT),
    "holdout-2": (HOLDOUT_2, range(18, 31), SHORT),
    "holdout-3": (HOLDOUT_3, range(18, 31), SHORT),
    "holdout-4": (HOLDOUT_4, range(18, 31), SHORT),
    "holdout-5": (HOLDOUT_5, range(18, 31), SHORT),
    "holdout-6": (HOLDOUT_6, range(18, 31), SHORT),
    "holdout-7": (HOLDOUT_7, range(18, 31), SHORT),
    "holdout-8": (HOLDOUT_8, range(18, 31), SHORT),
    "holdout-9": (HOLDOUT_9, range(18, 31), SHORT),
    "holdout-10": (HOLDOUT_10, range(18, 31), LONGER),
    "holdout-11": (HOLDOUT_11, range(18, 31), LONGER),
    "holdout-12": (HOLDOUT_12, range(18, 31), LONGER),
    "holdout-13": (HOLDOUT_13, range(18, 31), LONGER),
    "holdout-14": (HOLDOUT_14, range(18, 31), LONGER),
    "holdout-15": (HOLDOUT_15, range(18, 31), LONGER),
    "holdout-16": (HOLDOUT_16, range(18, 31), LONGER),
    "holdout-17": (HOLDOUT_17, range(18, 31), LONGER),
    "holdout-18": (HOLDOUT_18, range(18, 31), LONGER),
    # Mostly stories not about war, full of people, teams and products named like places.
    "holdout-19": (HOLDOUT_19, range(18, 31), LONGER),
    "holdout-20": (HOLDOUT_20, range(18, 31), LONGER),
    # Local news of the United States, Canada, Britain, Ireland, Australia and New
    # Zealand: towns, counties and states, not war (held out, like sets 12-20).
    "holdout-21": (HOLDOUT_21, range(18, 31), LONGER),
    # Encyclopedia entries about places named like others (WikToR-like; held out).
    "holdout-22": (HOLDOUT_22, range(18, 31), LONGER),
    # Web news annotated as TR-News and GeoWebNews are: demonyms are places (held out).
    "holdout-23": (HOLDOUT_23, range(18, 31), LONGER),
    # Sixteen more conflicts and four stories not about war, written after set 23 and
    # scored once at first sight; then read, for development (not held out).
    "holdout-24": (HOLDOUT_24, range(18, 31), LONGER),
    # Sixteen more conflicts and four stories not about war (held out, like sets 12-23).
    "holdout-25": (HOLDOUT_25, range(18, 31), LONGER),
    # Twenty stories not about war, full of names that look like places (held out, like
    # sets 12-25).
    "holdout-26": (HOLDOUT_26, range(18, 31), LONGER),
    # Stories not about war, full of names that look like places (read, not held out).
    "nonwar-devset": (NONWAR_DEVSET, range(18, 31), LONGER),
    "nonwar-devset-2": (NONWAR_DEVSET_2, range(18, 31), LONGER),
    "nonwar-devset-3": (NONWAR_DEVSET_3, range(18, 31), LONGER),
    "nonwar-devset-4": (NONWAR_DEVSET_4, range(18, 31), LONGER),
    # Local news, as the held-out 21 (read, not held out).
    "localnews-devset": (LOCALNEWS_DEVSET, range(18, 31), LONGER),
    # Encyclopedia-style entries about places with famous namesakes, as WikToR (read,
    # not held out).
    "encyclopedia-devset": (ENCYCLOPEDIA_DEVSET, range(18, 31), LONGER),
    # Web news annotated as TR-News and GeoWebNews are: demonyms are places (read,
    # not held out).
    "webnews-devset": (WEBNEWS_DEVSET, range(18, 31), LONGER),
}
# The sets of stories none of which is about war.
NO_WAR_SETS = (
    NONWAR_DEVSET,
    NONWAR_DEVSET_2,
    NONWAR_DEVSET_3,
    NONWAR_DEVSET_4,
    LOCALNEWS_DEVSET,
    ENCYCLOPEDIA_DEVSET,
    HOLDOUT_21,
    HOLDOUT_22,
    HOLDOUT_23,
    HOLDOUT_26,
)
KINDS = {"country", "region", "city", "town", "district", "landmark"}
NON_WAR = "none"
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


@pytest.fixture(scope="module", params=sorted(SETS))
def annotated(request: pytest.FixtureRequest) -> tuple[Path, list[DevArticle]]:
    """One set's folder and articles (each test runs on both sets)."""
    folder = SETS[request.param][0]
    return folder, read_devset(folder)


@pytest.fixture(scope="module")
def devset(annotated: tuple[Path, list[DevArticle]]) -> list[DevArticle]:
    return annotated[1]


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


def test_articles_are_short_reports(annotated: tuple[Path, list[DevArticle]]) -> None:
    folder, devset = annotated
    _folder, articles, words = SETS[folder.name]
    assert len(devset) in articles
    for article in devset:
        assert len(article.text.split()) in words, article.name


def test_conflicts_are_named_in_the_readme(annotated: tuple[Path, list[DevArticle]]) -> None:
    folder, devset = annotated
    named = set(_README_ROW.findall((folder / "README.md").read_text(encoding="utf-8")))
    conflicts = {a.conflict for a in devset}
    assert conflicts <= named, conflicts - named
    if folder in NO_WAR_SETS:
        assert conflicts == {NON_WAR}
        return
    assert len(conflicts - {NON_WAR}) >= (6 if folder == HOLDOUT_19 else 8)
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


def _line(label: str, scores: Evaluation) -> str:
    false = scores.predicted - scores.matched
    return (
        f"{label:<16} gold {scores.gold:>3} found {scores.predicted:>3} P {scores.precision:.2f} "
        f"R {scores.recall:.2f} F1 {scores.f1:.2f} "
        f"acc@161 {scores.accuracy_161 or 0.0:.2f} false {false}"
    )


@pytest.mark.parametrize("folder", [folder for folder, _, _ in SETS.values()], ids=list(SETS))
def test_geoparser_figures(folder: Path) -> None:
    # Scored by geomap's own evaluation (resolved mentions of every role but demonyms,
    # span overlap).
    evaluation = evaluate_corpus(folder / f"{folder.name}.xml", load_gazetteer())

    def of(keep: Callable[[str], bool]) -> Evaluation:
        chosen = tuple(s for s in evaluation.articles if keep(_conflict_of(s.ident)))
        return replace(evaluation, articles=chosen)

    conflicts = dict.fromkeys(_conflict_of(s.ident) for s in evaluation.articles)
    rows = [_line(c, of(lambda name, c=c: name == c)) for c in conflicts]
    war, non_war = of(lambda name: name != NON_WAR), of(lambda name: name == NON_WAR)
    print("\n" + "\n".join([*rows, _line("all war", war), _line("all non-war", non_war)]))
    print(_line("all", evaluation))
    for scores in (war, non_war, evaluation):
        for value in (scores.precision, scores.recall, scores.f1, scores.accuracy_161 or 0.0):
            assert 0.0 <= value <= 1.0
    false = non_war.predicted - non_war.matched
    false_share = false / non_war.predicted if non_war.predicted else 0.0
    print(f"non-war false places: {false} of {non_war.predicted} found ({false_share:.2f})")
    assert 0.0 <= false_share <= 1.0


def _conflict_of(ident: str) -> str:
    match = _CONFLICT.search(ident)
    assert match, ident
    return match.group(1)
