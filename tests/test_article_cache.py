"""Incremental runs (--cache DIR): only new or changed articles are analysed again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap import api, pipeline
from geomap._article_cache import ResultCache, run_fingerprint
from geomap.cli import main
from geomap.errors import InputError
from geomap.model import Place
from geomap.output.geojson import events_geojson, places_geojson
from geomap.places.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
STORIES = sorted((ROOT / "tests" / "data" / "story-devset").glob("story-*.txt"))


@pytest.fixture(scope="module")
def gazetteer():
    return api.load_gazetteer()


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the articles analysed (not taken from a cache) in this test."""
    names: list[str] = []
    real = pipeline.analyse_article

    def counting(article, gazetteer, **options):
        names.append(article.name)
        return real(article, gazetteer, **options)

    monkeypatch.setattr(pipeline, "analyse_article", counting)
    return names


def _outputs(analysis, gazetteer, articles) -> tuple[dict, dict]:
    return (
        places_geojson(analysis.report),
        events_geojson(analysis.incidents, gazetteer=gazetteer, articles=articles),
    )


def test_a_grown_corpus_analyses_only_the_new_and_changed_articles(
    tmp_path: Path, gazetteer, analysed: list[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in STORIES[:8]:
        (folder / path.name).write_bytes(path.read_bytes())
    cache = tmp_path / "cache"
    first = api.read_articles([folder])
    api._analyse(first, gazetteer, None, None, jobs=1, cache=cache)
    assert sorted(analysed) == sorted(a.name for a in first)

    # The corpus grows by the other stories, and one of the first is corrected.
    for path in STORIES[8:]:
        (folder / path.name).write_bytes(path.read_bytes())
    changed = folder / STORIES[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nCorrection appended.\n")
    analysed.clear()
    grown = api.read_articles([folder])
    again = api._analyse(grown, gazetteer, None, None, jobs=1, cache=cache)
    assert sorted(analysed) == sorted([STORIES[0].stem, *(p.stem for p in STORIES[8:])])

    analysed.clear()
    full = api._analyse(grown, gazetteer, None, None, jobs=1)
    assert len(analysed) == len(grown)
    assert _outputs(again, gazetteer, grown) == _outputs(full, gazetteer, grown)
    assert [r.figures for r in again.results] == [r.figures for r in full.results]


def test_the_key_covers_every_field_of_the_article(tmp_path: Path, gazetteer) -> None:
    import dataclasses
    import datetime

    store = ResultCache(tmp_path / "c", run_fingerprint(gazetteer, None, True))
    (article,) = api.read_articles([STORIES[0]])
    keys = {store.key(article)}
    for change in (
        {"text": article.text + " "},
        {"name": "other"},
        {"id": "x"},
        {"url": "https://example.org/a"},
        {"title": "Another title"},
        {"date_text": "13 December"},
        {"date": datetime.date(2001, 1, 1)},
    ):
        keys.add(store.key(dataclasses.replace(article, **change)))
    assert len(keys) == 8
    store.close()


def test_the_run_fingerprint_follows_gazetteer_within_and_stage(gazetteer) -> None:
    own = Gazetteer(
        [Place(id="x-1", name="Qaryat Test", kind="town", lat=1.0, lon=2.0, source="test")]
    )
    aleppo = gazetteer.find("Aleppo")
    prints = {
        run_fingerprint(gazetteer, None, True),
        run_fingerprint(gazetteer, None, False),
        run_fingerprint(gazetteer, aleppo, True),
        run_fingerprint(own, None, True),
    }
    assert len(prints) == 4
    assert run_fingerprint(gazetteer, None, True) == run_fingerprint(
        api.load_gazetteer(), None, True
    )


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_a_folder_others_may_write_is_refused(tmp_path: Path, gazetteer) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(InputError, match="other users may write"):
        ResultCache(shared, b"")


def test_a_new_cache_folder_is_for_its_user_alone(tmp_path: Path) -> None:
    ResultCache(tmp_path / "new" / "cache", b"").close()
    if os.name == "posix":
        assert (tmp_path / "new" / "cache").stat().st_mode & 0o077 == 0


def test_cli_cache_gives_the_output_of_a_full_run(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in STORIES[:5]:
        (folder / path.name).write_bytes(path.read_bytes())
    outputs = []
    for run, extra in enumerate(
        ([], ["--cache", str(tmp_path / "cache")], ["--cache", str(tmp_path / "cache")])
    ):
        out = tmp_path / f"events-{run}.geojson"
        args = ["events", str(folder), "--format", "geojson", "-o", str(out), "--quiet"]
        result = CliRunner().invoke(main, [*args, *extra])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_cli_cache_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    story = STORIES[0]
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = CliRunner().invoke(main, ["events", str(story), "--cache", str(not_a_folder)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_an_unreadable_entry_is_analysed_again(
    tmp_path: Path, gazetteer, analysed: list[str]
) -> None:
    import sqlite3

    cache = tmp_path / "cache"
    articles = api.read_articles(STORIES[:2])
    first = api._analyse(articles, gazetteer, None, None, jobs=1, cache=cache)
    with sqlite3.connect(cache / "articles.sqlite") as db:
        db.execute("UPDATE results SET result = ? WHERE rowid = 1", (b"\x80\x05truncated",))
    analysed.clear()
    again = api._analyse(articles, gazetteer, None, None, jobs=1, cache=cache)
    assert len(analysed) == 1
    assert _outputs(again, gazetteer, articles) == _outputs(first, gazetteer, articles)


def test_a_cache_file_that_is_no_database_is_one_line(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    (cache / "articles.sqlite").write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(main, ["events", str(STORIES[0]), "--cache", str(cache)])
    assert result.exit_code == 1
    assert "--cache" in result.output and "Traceback" not in result.output
