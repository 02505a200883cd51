"""A corpus of articles: folders, patterns, lists, JSONL and CSV, ids and urls, progress."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap import _pool, api, settings
from geomap.cli import main
from geomap.errors import InputError
from geomap.text import corpus
from geomap.text.corpus import CorpusFile, iter_corpus

# Short reports in our own words, each naming a place the shipped gazetteer knows.
SHELLING = (
    "ALEPPO, Syria, Dec. 13, 2016 - Government forces shelled the Sukkari district of "
    "Aleppo on Tuesday, killing at least 12 civilians, a monitoring group said.\n"
)
STRIKE = (
    "MOSUL, Iraq, Nov. 2, 2016 - An air strike hit a market in Mosul on Wednesday, "
    "killing five people, local officials said.\n"
)
QUIET = "Residents of Homs said the night was calm, with no shelling reported.\n"


def _run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _jsonl(path: Path, records: list[dict]) -> Path:
    return _write(path, "".join(json.dumps(r) + "\n" for r in records))


RECORDS = [
    {
        "id": "wire-1",
        "url": "https://news.example/aleppo",
        "title": "Shelling in Aleppo",
        "date": "2016-12-13",
        "text": SHELLING,
        "source": "ignored",
    },
    {"url": "https://news.example/mosul", "date": "Nov 2, 2016", "text": STRIKE},
]


# ---------------------------------------------------------------------------
# Folders, patterns, lists


def test_a_folder_gives_its_articles_recursively_in_path_order(tmp_path):
    folder = tmp_path / "reports"
    _write(folder / "b.txt", QUIET)
    _write(folder / "a" / "z.html", f"<html><body><p>{STRIKE}</p></body></html>")
    _write(folder / "a" / "y.txt", SHELLING)
    _write(folder / "a-c.htm", f"<html><body><p>{QUIET}</p></body></html>")
    _write(folder / ".hidden.txt", QUIET)
    _write(folder / ".git" / "x.txt", QUIET)
    _write(folder / "notes.md", QUIET)
    outside = _write(tmp_path / "outside.txt", QUIET)
    (folder / "link.txt").symlink_to(outside)  # leads out of the folder: skipped
    (folder / "inside.txt").symlink_to(folder / "b.txt")  # stays inside: read

    articles = list(iter_corpus([str(folder)]))

    assert [a.id for a in articles] == ["a/y.txt", "a/z.html", "a-c.htm", "b.txt", "inside.txt"]
    assert [a.name for a in articles] == ["y", "z", "a-c", "b", "inside"]
    assert all(a.url is None for a in articles)
    assert list(iter_corpus([str(folder)])) == articles  # the same every time


def test_an_empty_folder_is_a_one_line_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no article files"):
        list(iter_corpus([str(tmp_path / "empty")]))


def test_a_glob_pattern_is_expanded_by_geomap_sorted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "reports" / "2.txt", STRIKE)
    _write(tmp_path / "reports" / "1.txt", SHELLING)
    _write(tmp_path / "reports" / "x.html", "<html><body><p>Homs.</p></body></html>")

    articles = list(iter_corpus(["reports/*.txt"]))

    assert [a.id for a in articles] == ["1.txt", "2.txt"]
    assert [a.path for a in articles] == ["reports/1.txt", "reports/2.txt"]
    with pytest.raises(InputError, match=r"reports/\*\.csv: no file matches"):
        list(iter_corpus(["reports/*.csv"]))


def test_a_list_file_with_comments_and_paths_relative_to_it(tmp_path, monkeypatch):
    _write(tmp_path / "lists" / "texts" / "one.txt", SHELLING)
    _write(tmp_path / "elsewhere" / "two.txt", STRIKE)
    listing = _write(
        tmp_path / "lists" / "corpus.txt",
        "# reports of December\n\ntexts/one.txt\n  # the Mosul one\n../elsewhere/two.txt\n",
    )
    monkeypatch.chdir(tmp_path / "elsewhere")  # relative to the list, not to here

    articles = list(iter_corpus([CorpusFile("list", str(listing))]))

    assert [a.id for a in articles] == ["texts/one.txt", "../elsewhere/two.txt"]
    assert [a.name for a in articles] == ["one", "two"]


def test_a_missing_file_in_a_list_names_the_list_line(tmp_path):
    listing = _write(tmp_path / "corpus.txt", "# one\nmissing.txt\n")
    with pytest.raises(InputError, match=r"corpus\.txt:2: .*missing\.txt: no such file"):
        list(iter_corpus([CorpusFile("list", str(listing))]))


def _many_files(folder: Path, count: int) -> list[Path]:
    texts = (SHELLING, STRIKE, QUIET)
    return [_write(folder / f"d{i // 100}" / f"r{i:04d}.txt", texts[i % 3]) for i in range(count)]


def test_a_large_folder_read_on_a_pool_gives_the_same_articles_in_order(tmp_path, monkeypatch):
    # Listed and read 100 files at a time: three batches through one pool.
    monkeypatch.setattr(corpus, "POOL_FROM_FILES", 64)
    monkeypatch.setattr(corpus, "_READ_BATCH", 100)
    count = 296
    _many_files(tmp_path / "reports", count)
    serial = list(iter_corpus([tmp_path / "reports"], jobs=1))
    pools: list[int] = []
    real_pool = _pool.process_pool
    monkeypatch.setattr(_pool, "process_pool", lambda jobs: pools.append(jobs) or real_pool(jobs))
    pooled = list(iter_corpus([tmp_path / "reports"], jobs=2))
    assert pools == [2]  # read on a pool of two
    assert len(serial) == count
    assert pooled == serial


def test_a_bad_file_read_on_a_pool_is_the_serial_one_line_error(tmp_path):
    files = _many_files(tmp_path / "reports", corpus.POOL_FROM_FILES + 10)
    files[-3].write_bytes(b"Aleppo\x00\x01\x02" * 40)  # binary
    listing = _write(tmp_path / "corpus.txt", "reports\n")
    for sources in ([tmp_path / "reports"], [CorpusFile("list", str(listing))]):
        messages = []
        for jobs in (1, 2):
            with pytest.raises(InputError) as raised:
                list(iter_corpus(sources, jobs=jobs))
            messages.append(str(raised.value))
        assert messages[0] == messages[1]
        assert files[-3].name in messages[0] and "binary" in messages[0]
    assert "corpus.txt:1: " in messages[0]  # the list's line, read on a pool too


# ---------------------------------------------------------------------------
# JSONL and CSV


def test_jsonl_records_keep_id_url_title_and_date(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", RECORDS)

    first, second = iter_corpus([CorpusFile("jsonl", str(feed))])

    assert (first.id, first.name, first.url) == ("wire-1", "wire-1", RECORDS[0]["url"])
    assert first.title == "Shelling in Aleppo"
    assert first.date is not None and first.date.isoformat() == "2016-12-13"
    assert (second.id, second.name) == ("2", "feed-2")  # no id: the row number
    assert second.date is not None and second.date.isoformat() == "2016-11-02"
    assert second.title == STRIKE.strip()  # no title: the first line, as for a file


def test_csv_rows_keep_id_url_title_and_date(tmp_path):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "date", "title", "url", "text", "tone"])
    writer.writerow([7, "20161213", "Aleppo", "https://news.example/a", SHELLING, "-3"])
    writer.writerow(["", "", "", "", STRIKE, ""])
    path = _write(tmp_path / "export.csv", out.getvalue())

    first, second = iter_corpus([CorpusFile("csv", str(path))])

    assert (first.id, first.url, first.title) == ("7", "https://news.example/a", "Aleppo")
    assert first.date is not None and first.date.isoformat() == "2016-12-13"  # GDELT form
    assert (second.id, second.name, second.url) == ("2", "export-2", None)
    assert second.date is not None and second.date.isoformat() == "2016-11-02"  # from the text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"title": "no text"}', "no 'text'"),
        ('{"text": "Aleppo.", "date": "03/04/2016"}', "ambiguous"),
        ('{"text": "Aleppo.", "date": "someday"}', "not a date"),
        ('{"text": "Aleppo.", "url": 5}', "'url' is not a string"),
        ('{"text": "Aleppo.", "id": "wire-1"}', "id 'wire-1' already used on line 1"),
    ],
)
def test_a_bad_jsonl_line_is_one_line_exit_1_and_nothing_written(tmp_path, line, reason):
    feed = _write(tmp_path / "feed.jsonl", json.dumps(RECORDS[0]) + "\n\n" + line + "\n")
    out = tmp_path / "out"

    result = _run("map", "--from-jsonl", str(feed), "-o", str(out))

    assert result.exit_code == 1
    (message,) = result.output.strip().splitlines()
    assert message.startswith(f"Error: {feed}:3: ") and reason in message
    assert not out.exists()


def test_a_bad_csv_row_is_one_line_exit_1_and_nothing_written(tmp_path):
    path = _write(tmp_path / "e.csv", f'text,date\n"{SHELLING}",2016-12-13\nonly one,x,y\n')
    result = _run("events", "--from-csv", str(path), "-o", str(tmp_path / "e.geojson"))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path}:4: more cells than the header has columns"
    assert not (tmp_path / "e.geojson").exists()

    no_text = _write(tmp_path / "n.csv", "body,date\nAleppo.,2016-12-13\n")
    result = _run("events", "--from-csv", str(no_text))
    assert result.exit_code == 1
    assert "n.csv:1: no 'text' column (columns: body, date)" in result.output


def test_a_2000_row_jsonl_is_streamed_one_record_at_a_time(tmp_path):
    good = json.dumps({"text": QUIET}) + "\n"
    feed = _write(tmp_path / "big.jsonl", good * 2000 + "{broken\n")

    articles = iter_corpus([CorpusFile("jsonl", str(feed))])
    first = next(articles)  # yielded before the broken last line is read

    assert first.id == "1"
    with pytest.raises(InputError, match=r"big\.jsonl:2001: not valid JSON"):
        for article in articles:
            assert article.text == QUIET  # the 1,999 others come first, one by one


def test_the_generator_reads_no_further_than_asked(tmp_path, monkeypatch):
    feed = tmp_path / "f.jsonl"
    calls: list[int] = []
    real = corpus._lines

    def counting(*args, **kwargs):
        for item in real(*args, **kwargs):
            calls.append(item[0])
            yield item

    monkeypatch.setattr(corpus, "_lines", counting)
    _write(feed, "".join(json.dumps({"text": QUIET}) + "\n" for _ in range(2000)))
    articles = iter_corpus([CorpusFile("jsonl", str(feed))])
    next(articles)
    assert calls == [1]


def test_more_articles_than_the_limit_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_CORPUS_ARTICLES", 3)
    feed = _write(
        tmp_path / "f.jsonl", "".join(json.dumps({"text": QUIET}) + "\n" for _ in range(4))
    )
    with pytest.raises(InputError, match=r"more than 3 articles.*MAX_CORPUS_ARTICLES"):
        list(iter_corpus([CorpusFile("jsonl", str(feed))]))


def test_a_record_larger_than_an_article_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_ARTICLE_BYTES", 100)
    feed = _write(tmp_path / "f.jsonl", json.dumps({"text": "Aleppo. " * 50}) + "\n")
    with pytest.raises(InputError, match=r"f\.jsonl:1: too large for an article"):
        list(iter_corpus([CorpusFile("jsonl", str(feed))]))


# ---------------------------------------------------------------------------
# Ids and urls in the outputs; the default output folder


def test_ids_and_urls_reach_places_and_events_geojson(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", RECORDS)
    out = tmp_path / "map"

    result = _run("map", "--from-jsonl", str(feed), "-o", str(out), "--quiet")

    assert result.exit_code == 0, result.output
    places = json.loads((out / "places.geojson").read_text(encoding="utf-8"))
    mentions = [m for f in places["features"] for m in f["properties"]["mentions"]]
    links = {(m["article"], m["article_id"], m["article_url"]) for m in mentions}
    assert ("wire-1", "wire-1", "https://news.example/aleppo") in links
    assert ("feed-2", "2", "https://news.example/mosul") in links
    first = mentions[0]
    assert list(first)[:3] == ["article", "article_id", "article_url"]

    events = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    props = [f["properties"] for f in events["features"]]
    assert props, "the reports hold incidents"
    for p in props:
        assert p["article_url"] in {"https://news.example/aleppo", "https://news.example/mosul"}
        assert {r["article_id"] for r in p["reports"]} <= {"wire-1", "2"}

    alone = tmp_path / "events.geojson"
    assert _run("events", "--from-jsonl", str(feed), "--format", "geojson", "-o", str(alone))
    assert json.loads(alone.read_text(encoding="utf-8")) == events


def test_a_file_keeps_its_stem_as_id_and_no_url(tmp_path):
    path = _write(tmp_path / "east-aleppo.txt", SHELLING)
    (article,) = api.read_articles([str(path)])
    assert (article.name, article.id, article.url) == ("east-aleppo", "east-aleppo", None)


def test_articles_sharing_a_name_are_told_apart_by_id(tmp_path):
    _write(tmp_path / "r" / "a" / "report.txt", SHELLING)
    _write(tmp_path / "r" / "b" / "report.txt", STRIKE)
    names = [a.name for a in api.read_articles([str(tmp_path / "r")])]
    assert names == ["report", "b/report.txt"]


def test_the_default_output_folder_of_a_corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "reports" / "one.txt", SHELLING)
    _write(tmp_path / "reports" / "two.txt", STRIKE)
    feed = _jsonl(tmp_path / "feed.jsonl", RECORDS)

    result = _run("map", "reports/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "outputs" / "reports" / "map.html").is_file()

    result = _run("map", "reports/*.txt", "--from-jsonl", str(feed))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "outputs" / "reports-and-1-more" / "places.geojson").is_file()

    articles = api.read_articles([CorpusFile("jsonl", str(feed))])
    sources = [CorpusFile("jsonl", str(feed))]
    assert api.default_output_dir(articles, False, sources=sources).as_posix() == "outputs/feed"


# ---------------------------------------------------------------------------
# Progress


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    path = _write(tmp_path / "r.txt", SHELLING)
    result = _run("places", str(path))
    assert result.exit_code == 0
    assert "articles" not in result.stderr and "\r" not in result.output


def test_quiet_hides_the_bar_and_progress_forces_it(tmp_path, monkeypatch):
    path = _write(tmp_path / "r.txt", SHELLING)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)

    forced = _run("places", str(path), "--progress")
    quiet = _run("places", str(path), "--quiet")

    assert "geoparsing: 1/1 articles" in forced.stderr
    assert "reading: 1 articles" in forced.stderr
    assert "articles" not in quiet.stderr and "\r" not in quiet.stderr


def test_the_bar_shows_rate_and_time_left(monkeypatch, capsys):
    from geomap import cli

    clock = iter([0.0, 1.0, 2.0])
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    with cli._ProgressBar(True) as bar:
        bar("geoparsing", 0, 10)
        bar("geoparsing", 2, 10)
        bar("geoparsing", 4, 10)
    err = capsys.readouterr().err
    assert err.endswith("\rgeoparsing: 4/10 articles, 2.0/s, ETA 0:00:03\n")
    assert "\n" not in err[:-1]  # one line, redrawn


def test_places_without_any_article_is_a_usage_error():
    result = _run("places")
    assert result.exit_code == 2
    assert "Missing argument 'ARTICLES...'" in result.output
