"""Each article's work on one core, a process pool and a Dask LocalCluster: same output.

The corpus mixes the project's own stories from several wars (tests/data/story-devset),
the bundled examples and generated reports (benchmarks/bench_corpus.py), so that the
comparison covers incidents merged across articles, figures and control changes.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner
from generated_corpus import write_generated_corpus

from geomap import api
from geomap.cli import main
from geomap.errors import InputError, NetworkError
from geomap.output.geojson import events_geojson, places_geojson
from geomap.pipeline import analyse_articles

ROOT = Path(__file__).resolve().parent.parent
STORIES = sorted((ROOT / "tests" / "data" / "story-devset").glob("story-*.txt"))


@pytest.fixture(scope="module")
def gazetteer():
    return api.load_gazetteer()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    generated = write_generated_corpus(folder, 60, seed=3)
    return [*STORIES, *api.example_paths(), *generated]


def _outputs(analysis, gazetteer, articles) -> tuple[dict, dict]:
    return (
        places_geojson(analysis.report),
        events_geojson(analysis.incidents, gazetteer=gazetteer, articles=articles),
    )


def test_pool_gives_the_serial_results_in_order(corpus, gazetteer) -> None:
    articles = api.read_articles(corpus)
    serial = api._analyse(articles, gazetteer, None, None, jobs=1)
    pooled = api._analyse(articles, gazetteer, None, None, jobs=2)
    assert [r.document.article.name for r in pooled.results] == [a.name for a in articles]
    assert pooled.report.mentions == serial.report.mentions
    assert [r.figures for r in pooled.results] == [r.figures for r in serial.results]
    assert _outputs(pooled, gazetteer, articles) == _outputs(serial, gazetteer, articles)
    assert len(serial.incidents) > 100  # the comparison has something to compare


def test_results_cross_from_the_workers_unchanged(corpus, gazetteer) -> None:
    # The records are pickled field by field as constructor calls (geomap.model):
    # what the parent reads back equals what the worker made, record by record.
    articles = api.read_articles(corpus)
    for result in analyse_articles(articles, gazetteer, jobs=1):
        back = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == result
        assert back.document.counts == result.document.counts
        assert back.document.dates == result.document.dates
        assert [(m.place, m.alternatives, m.suggestions) for m in back.document.mentions] == [
            (m.place, m.alternatives, m.suggestions) for m in result.document.mentions
        ]


def test_progress_counts_every_article_from_the_pool(corpus, gazetteer) -> None:
    articles = api.read_articles(corpus)
    seen: list[int] = []
    analyse_articles(articles, gazetteer, jobs=2, progress=seen.append)
    assert seen == list(range(1, len(articles) + 1))


def test_zero_jobs_is_refused(gazetteer) -> None:
    with pytest.raises(InputError, match="--jobs must be 1 or more"):
        analyse_articles([], gazetteer, jobs=0)


def test_cli_jobs_gives_the_same_map_files(corpus, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in corpus:
        (folder / path.name).write_bytes(path.read_bytes())
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"map-{jobs}"
        result = CliRunner().invoke(
            main, ["map", str(folder), "-o", str(out), "--quiet", "--jobs", jobs]
        )
        assert result.exit_code == 0, result.output
        written[jobs] = {
            name: (out / name).read_bytes()
            for name in ("places.geojson", "events.geojson", "control.geojson")
        }
    assert written["1"] == written["2"]


def test_cli_refuses_zero_jobs() -> None:
    result = CliRunner().invoke(main, ["events", "--jobs", "0"])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_unreachable_scheduler_is_one_line(gazetteer, corpus) -> None:
    pytest.importorskip("distributed")
    articles = api.read_articles(corpus[:2])
    # A closed port on this machine: refused at once, no network needed.
    with pytest.raises(
        NetworkError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
    ):
        analyse_articles(articles, gazetteer, scheduler="tcp://127.0.0.1:9")


@pytest.mark.slow
def test_dask_local_cluster_gives_the_serial_events(corpus, gazetteer) -> None:
    pytest.importorskip("distributed")
    articles = api.read_articles(corpus)
    serial = api._analyse(articles, gazetteer, None, None, jobs=1)
    on_dask = api._analyse(articles, gazetteer, None, None, jobs=2, scheduler="local")
    assert [r.document.article.name for r in on_dask.results] == [a.name for a in articles]
    assert _outputs(on_dask, gazetteer, articles) == _outputs(serial, gazetteer, articles)


def test_malformed_scheduler_address_is_one_line(gazetteer, corpus) -> None:
    pytest.importorskip("distributed")
    articles = api.read_articles(corpus[:2])
    with pytest.raises(NetworkError, match="unknown address scheme"):
        analyse_articles(articles, gazetteer, scheduler="nonsense://x")


def test_the_collector_is_spared_only_inside_and_given_back() -> None:
    import gc

    from geomap.pipeline import collector_spared, spare_from_collector

    assert gc.get_freeze_count() == 0
    spare_from_collector()  # outside: nothing frozen
    assert gc.get_freeze_count() == 0
    held = [object() for _ in range(100)]
    with collector_spared():
        with collector_spared():
            spare_from_collector()
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0  # the inner context leaves the outer's
    assert gc.get_freeze_count() == 0
    assert held


def test_a_program_that_froze_objects_keeps_them_frozen() -> None:
    import gc

    from geomap.pipeline import collector_spared, spare_from_collector

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_spared():
            spare_from_collector()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
