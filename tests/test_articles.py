"""Tests for geomap.text.articles: reading, decoding, HTML extraction and date finding."""

from __future__ import annotations

import codecs
import datetime
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap import settings
from geomap.errors import InputError
from geomap.text import articles
from geomap.text.articles import Article, article_from_text, find_article_date, read_article

REPO_ROOT = Path(__file__).resolve().parents[1]
DEC_13 = datetime.date(2016, 12, 13)

# Written for these tests: a short report in the project's own words.
REPORT = (
    "Fighting reaches the old city\n"
    "\n"
    "Updated Dec 13, 2016\n"
    "\n"
    "Government forces moved into the Sheikh Saeed district on Monday, residents said.\n"
    "Aid workers said thousands of people walked towards the remaining neighbourhoods.\n"
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Fighting reaches the old city | Example News</title>
  <meta property="og:title" content="Fighting reaches the old city">
  <script>var tracker = "SCRIPTJUNK";</script>
  <style>body { color: red; } .STYLEJUNK {}</style>
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">NAVJUNK World</a></li></ul></nav>
  <article>
    <h1>Fighting reaches the old city</h1>
    <p>Updated Dec 13, 2016</p>
    <p>Government forces moved into the Sheikh Saeed district on Monday, residents said,
       as shelling continued across the eastern part of the city.</p>
    <p>Aid workers said several thousand people had walked towards the remaining
       neighbourhoods overnight, carrying what they could.</p>
    <p>A council member wrote that &lt;b&gt; tags are the least of his worries.</p>
  </article>
  <footer>FOOTERJUNK Copyright 2016 Example News. All rights reserved.</footer>
  <script>console.log("SCRIPTJUNK2")</script>
</body>
</html>
"""


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def expect_input_error(path: Path, match: str) -> str:
    with pytest.raises(InputError, match=match) as info:
        read_article(path)
    message = str(info.value)
    assert "\n" not in message
    assert path.name in message
    return message


# ---------------------------------------------------------------------------
# Plain text


def test_reads_plain_text(tmp_path: Path) -> None:
    path = write(tmp_path, "old-city-2016-12-13.txt", REPORT)
    article = read_article(path)
    assert isinstance(article, Article)
    assert article.text == REPORT
    assert article.name == "old-city-2016-12-13"
    assert article.path == str(path)
    assert article.title == "Fighting reaches the old city"
    assert article.date == DEC_13
    assert article.date_text == "Updated Dec 13, 2016"


def test_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "report.txt", REPORT)
    monkeypatch.chdir(tmp_path)
    assert read_article("report.txt").path == "report.txt"


def test_article_is_frozen(tmp_path: Path) -> None:
    article = article_from_text(REPORT)
    with pytest.raises(AttributeError):
        article.text = "changed"  # type: ignore[misc]


def test_name_override(tmp_path: Path) -> None:
    path = write(tmp_path, "report.txt", REPORT)
    assert read_article(path, name="mine").name == "mine"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", codecs.BOM_UTF8 + REPORT.encode("utf-8"))
    article = read_article(path)
    assert article.text == REPORT
    assert article.title == "Fighting reaches the old city"


def test_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path, "crlf.txt", "one\r\ntwo\rthree\n\r\nfour")
    assert read_article(path).text == "one\ntwo\nthree\n\nfour"


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "utf16.txt", REPORT.encode("utf-16"))
    assert read_article(path).text == REPORT


def test_cp1252_is_decoded(tmp_path: Path) -> None:
    text = "Café owners in Aleppo said the “final stage” of the battle had begun.\n"
    path = write(tmp_path, "cp1252.txt", text.encode("cp1252"))
    assert read_article(path).text == text


def test_latin1_is_decoded(tmp_path: Path) -> None:
    text = "Der Bürgermeister sagte, die Straße nach Aleppo sei gesperrt.\n"
    path = write(tmp_path, "latin1.txt", text.encode("latin-1"))
    assert read_article(path).text == text


def test_windows_1256_arabic_is_decoded(tmp_path: Path) -> None:
    text = "قالت مصادر محلية إن القوات الحكومية سيطرت على حي الشيخ سعيد في مدينة حلب.\n"
    path = write(tmp_path, "arabic.txt", text.encode("windows-1256"))
    assert read_article(path).text == text


def test_literal_markup_in_text_file_is_kept(tmp_path: Path) -> None:
    text = "A reader wrote <script>alert(1)</script> in the comments.\n"
    path = write(tmp_path, "literal.txt", text)
    assert read_article(path).text == text


def test_plain_text_does_not_import_trafilatura(tmp_path: Path) -> None:
    path = write(tmp_path, "report.txt", REPORT)
    code = (
        "import sys\n"
        "from geomap.text.articles import read_article\n"
        f"read_article({str(path)!r})\n"
        "assert 'trafilatura' not in sys.modules\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), *sys.path])}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)


# ---------------------------------------------------------------------------
# Standard input


def test_stdin_from_bytesio() -> None:
    article = read_article("-", stdin=io.BytesIO(REPORT.replace("\n", "\r\n").encode()))
    assert article.text == REPORT
    assert article.name == "stdin"
    assert article.path is None
    assert article.date == DEC_13


def test_stdin_name_and_date() -> None:
    day = datetime.date(2016, 12, 14)
    article = read_article("-", stdin=io.BytesIO(REPORT.encode()), name="pasted", date=day)
    assert (article.name, article.date, article.date_text) == ("pasted", day, None)


def test_stdin_html_is_detected_by_content() -> None:
    article = read_article("-", stdin=io.BytesIO(PAGE.encode()))
    assert "Sheikh Saeed" in article.text
    assert "<" not in article.text.replace("<b>", "")


def test_stdin_empty() -> None:
    with pytest.raises(InputError, match="standard input: the article is empty"):
        read_article("-", stdin=io.BytesIO(b""))


def test_stdin_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_ARTICLE_BYTES", 100)
    with pytest.raises(InputError, match="standard input: too large"):
        read_article("-", stdin=io.BytesIO(b"x" * 101))


# ---------------------------------------------------------------------------
# Bad input


def test_missing_file(tmp_path: Path) -> None:
    expect_input_error(tmp_path / "nope.txt", "no such file")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    expect_input_error(folder, "is a directory")


def test_empty_file(tmp_path: Path) -> None:
    expect_input_error(write(tmp_path, "empty.txt", b""), "empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    expect_input_error(write(tmp_path, "blank.txt", " \r\n\t\n  \u00a0\n"), "only whitespace")


def test_bom_only_file(tmp_path: Path) -> None:
    expect_input_error(write(tmp_path, "bom-only.txt", codecs.BOM_UTF8 + b"\n"), "empty")


def test_binary_file_with_nul(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    expect_input_error(write(tmp_path, "image.txt", data), "binary")


def test_binary_file_mostly_control_bytes(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 20 + b"some text"
    expect_input_error(write(tmp_path, "controls.txt", data), "binary")


def test_undetectable_encoding(tmp_path: Path) -> None:
    data = bytes(range(0x80, 0x100)) * 4
    expect_input_error(
        write(tmp_path, "garbage.txt", data),
        "not UTF-8 text and its encoding could not be detected",
    )


def test_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_ARTICLE_BYTES", 100)
    path = write(tmp_path, "big.txt", "word " * 21)
    message = expect_input_error(path, "too large")
    assert "MAX_ARTICLE_BYTES" in message


def test_default_size_limit() -> None:
    assert settings.MAX_ARTICLE_BYTES == 5_000_000


def test_html_without_text(tmp_path: Path) -> None:
    page = "<!doctype html><html><head><script>var x = 1;</script></head><body></body></html>"
    expect_input_error(write(tmp_path, "blank.html", page), "no extractable text")


def test_empty_name() -> None:
    with pytest.raises(InputError, match="no article file name"):
        read_article("")


def test_nul_in_file_name() -> None:
    with pytest.raises(InputError, match="not a usable file name"):
        read_article("bad\x00name.txt")


def test_message_is_one_line_for_odd_names(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_article(tmp_path / "two\nlines.txt")
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------------------
# HTML


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "old-city.html", PAGE))
    assert article.name == "old-city"
    assert "Government forces moved into the Sheikh Saeed district" in article.text
    assert "carrying what they could" in article.text
    for junk in ("SCRIPTJUNK", "STYLEJUNK", "NAVJUNK", "FOOTERJUNK", "tracker", "<p>", "</"):
        assert junk not in article.text
    # An escaped tag in the page is text, not markup.
    assert "<b> tags are the least" in article.text
    assert "\r" not in article.text
    assert article.title == "Fighting reaches the old city"
    assert (article.date, article.date_text) == (DEC_13, "Updated Dec 13, 2016")


def test_html_detected_by_content(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "saved-page.txt", "\n  " + PAGE))
    assert "NAVJUNK" not in article.text
    assert "Sheikh Saeed" in article.text


def test_html_metadata_date(tmp_path: Path) -> None:
    page = PAGE.replace("<p>Updated Dec 13, 2016</p>", "").replace(
        "<title>",
        '<meta property="article:published_time" content="2016-12-12T09:00:00Z"><title>',
    )
    article = read_article(write(tmp_path, "meta.html", page))
    assert article.date == datetime.date(2016, 12, 12)
    assert article.date_text is not None
    assert "2016-12-12" in article.date_text


def test_html_fallback_to_lxml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    article = read_article(write(tmp_path, "fallback.htm", PAGE))
    assert "Sheikh Saeed" in article.text
    for junk in ("SCRIPTJUNK", "STYLEJUNK", "tracker", "<p>"):
        assert junk not in article.text
    assert article.title == "Fighting reaches the old city"


def test_html_in_cp1252(tmp_path: Path) -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace(
        "Aid workers", "Café owners and aid workers"
    )
    article = read_article(write(tmp_path, "cp1252.html", page.encode("cp1252")))
    assert "Café owners" in article.text


# ---------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        ("Title\nUpdated Dec 13, 2016\nBody.", DEC_13, "Updated Dec 13, 2016"),
        ("Title\nPublished 13 December 2016\nBody.", DEC_13, "Published 13 December 2016"),
        ("Title\nLast updated: 13th of December, 2016 10:45 GMT", DEC_13, None),
        ("Posted on Tuesday, December 13, 2016 by staff", DEC_13, None),
        ("By A. Writer | Published 2016-12-13", DEC_13, "Published 2016-12-13"),
        ("ALEPPO, Syria, Dec. 13, 2016 (Reuters) - Forces advanced.", DEC_13, "Dec. 13, 2016"),
        ("Title\n13 December 2016\nBody.", DEC_13, "13 December 2016"),
        ("The report, dated 2016-12-13, said so.", DEC_13, "2016-12-13"),
        ("Talks on December 12, 2016 failed.", datetime.date(2016, 12, 12), "December 12, 2016"),
        ("Talks in SEPT 3 2016 failed.", datetime.date(2016, 9, 3), "SEPT 3 2016"),
    ],
)
def test_find_article_date_formats(text: str, expected: datetime.date, words: str | None) -> None:
    found = find_article_date(text)
    assert found is not None
    assert found[0] == expected
    if words is not None:
        assert found[1] == words


# Dates in their written shapes, and the pieces around them, run together at random.
_GAPS = st.sampled_from([" ", "  ", "     ", "\n", ""])
_DATE_SHAPES = st.tuples(
    st.sampled_from(["", "Tuesday, ", "wed. ", "Thurs "]),
    st.sampled_from(["Dec", "December", "Sept.", "may", "13", "3rd of", "1"]),
    _GAPS,
    st.sampled_from(["13", "3rd", "1", "December", "Sep"]),
    st.sampled_from(["", ","]),
    _GAPS,
    st.sampled_from(["2016", "1999", "20160", "2016-12-13", "1999/1/2", "2016.12"]),
).map("".join)
_DATE_PIECES = st.one_of(
    _DATE_SHAPES,
    st.sampled_from([" ", ",", "-", "/", ".", "of ", "12", "2016", "x", "\n", "-12-1"]),
)


@given(st.lists(_DATE_PIECES, max_size=30))
def test_full_dates_are_the_date_pattern_matches(pieces: list[str]) -> None:
    # Dates are searched near years only; that must find what a search of the whole
    # text finds, match for match.
    text = "".join(pieces)
    expected = [m.span() for m in articles._DATE_RE.finditer(text)]
    assert [m.span() for m in articles._full_dates(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No date here at all.",
        "Ambiguous 13/12/2016 and 12/13/2016 and 01.02.2016 numeric dates.",
        "Only a month and year: December 2016.",
        "An impossible Feb 30, 2016 date.",
        "A malformed 2016-13-45 date.",
    ],
)
def test_find_article_date_none(text: str) -> None:
    assert find_article_date(text) is None


def test_labelled_date_beats_later_dates() -> None:
    text = "Title\nPosted Dec 13, 2016\nA ceasefire is planned for January 5, 2017.\n"
    assert find_article_date(text) == (DEC_13, "Posted Dec 13, 2016")


def test_latest_labelled_date_wins() -> None:
    text = "Published 12 Dec 2016\nUpdated 13 Dec 2016\nBody.\n"
    assert find_article_date(text) == (DEC_13, "Updated 13 Dec 2016")


def test_dateline_beats_later_dates() -> None:
    text = "BEIRUT, 13 December 2016 - Talks are planned for January 5, 2017.\n"
    assert find_article_date(text) == (DEC_13, "13 December 2016")


def test_latest_full_date_in_text() -> None:
    text = "Fighting began on 22 September 2016 and the last convoy left on 13 Dec 2016.\n"
    assert find_article_date(text) == (DEC_13, "13 Dec 2016")


def test_future_dates_are_ignored_in_the_text() -> None:
    text = "It began on 13 Dec 2016; a plan runs until December 31, 2099.\n"
    assert find_article_date(text) == (DEC_13, "13 Dec 2016")


def test_date_override(tmp_path: Path) -> None:
    day = datetime.date(2016, 12, 20)
    path = write(tmp_path, "report.txt", REPORT)
    article = read_article(path, date=day)
    assert (article.date, article.date_text) == (day, None)
    article = article_from_text(REPORT, date=day)
    assert (article.date, article.date_text) == (day, None)


def test_no_date_found() -> None:
    article = article_from_text("Just a line with no date.")
    assert (article.date, article.date_text) == (None, None)


# ---------------------------------------------------------------------------
# In-memory text


def test_article_from_text() -> None:
    article = article_from_text("\ufeff\n\nFirst line \r\nsecond", name="memo")
    assert article.text == "\n\nFirst line \nsecond"
    assert (article.name, article.path, article.title) == ("memo", None, "First line")
    assert article_from_text("x").name == "text"


@pytest.mark.parametrize("text", ["", "   ", "\r\n\t", "\ufeff"])
def test_article_from_text_empty(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        article_from_text(text)


@given(st.text())
def test_article_from_text_property(text: str) -> None:
    try:
        article = article_from_text(text)
    except InputError:
        # Empty once control characters (which become spaces) are taken out.
        rest = text.removeprefix("\ufeff")
        assert all(c.isspace() or unicodedata.category(c) == "Cc" for c in rest)
        return
    assert "\r" not in article.text
    assert article.text.strip()
    if article.date is not None:
        assert article.date_text


def test_module_exports() -> None:
    assert set(articles.__all__) == {
        "Article",
        "article_from_text",
        "find_article_date",
        "read_article",
    }


# ---------------------------------------------------------------------------
# The real article the project started from (read in place, never copied)


def test_real_article(shared_dir: Path) -> None:
    path = shared_dir / "articles" / "east-aleppo-2016-12-13.txt"
    article = read_article(path)
    assert article.name == "east-aleppo-2016-12-13"
    assert article.date == DEC_13
    assert article.date_text == "Updated Dec 13, 2016"
    assert article.title
    assert "\r" not in article.text
    assert "Firdaus" in article.text


def test_text_longer_than_the_limit_is_refused_with_the_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "MAX_ARTICLE_CHARS", 1_000)
    path = tmp_path / "long.txt"
    path.write_text("Shelling hit Homs. " * 60, encoding="utf-8")
    with pytest.raises(
        InputError, match=r"long\.txt: 1,140 characters of text, more than the 1,000"
    ):
        read_article(path)
    with pytest.raises(InputError, match="split it into several articles"):
        article_from_text("Shelling hit Homs. " * 60, name="pasted")
    # At the limit, the article is read.
    assert len(article_from_text("x" * 1_000, name="edge").text) == 1_000


def test_html_page_is_limited_by_its_extracted_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "MAX_ARTICLE_CHARS", 2_000)
    # Markup does not count: a page with a short story in a lot of markup is read.
    page = tmp_path / "page.html"
    story = "Shelling hit the Firdaus district of Aleppo on 3 December 2016. " * 5
    page.write_text(
        "<html><head><title>T</title><style>" + "p{}" * 2_000 + "</style></head><body>"
        f"<article><p>{story}</p></article></body></html>",
        encoding="utf-8",
    )
    assert read_article(page).text.strip()


def test_control_characters_become_spaces_one_for_one(tmp_path: Path) -> None:
    text = "Shelling hit \x1b]0;T\x07Aleppo \x9b2J on\x00 3 December 2016.\tEnd.\n"
    article = article_from_text(text, name="a\x1bb")
    assert len(article.text) == len(text)
    assert article.text == ("Shelling hit  ]0;T Aleppo  2J on  3 December 2016.\tEnd.\n")
    assert article.name == "a b"
    assert article.text.index("Aleppo") == text.index("Aleppo")
