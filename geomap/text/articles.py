"""Stage one: read a news article from a file or standard input.

:func:`read_article` takes a path (or ``"-"`` for standard input) and returns an
:class:`Article`: the plain main text, a short name, the path, the article's own date
and its title. Plain text is decoded (UTF-8, or another encoding detected with
``charset_normalizer``) and its newlines normalised to ``\\n``; an HTML page is reduced
to its main text with ``trafilatura``. :func:`article_from_text` does the same for text
already in memory, and :func:`find_article_date` is the date finder both use.

Anything wrong with the input (missing, empty, binary, undecodable, too large, an HTML
page without text) raises :class:`~geomap.errors.InputError` with a one-line message
that names the file.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import functools
import os
import re
import stat
import sys
import typing
from collections.abc import Iterator
from pathlib import Path

from dateutil import parser as _dateparser

from geomap import settings
from geomap.errors import InputError
from geomap.model import Article
from geomap.text.dates import MONTH_PATTERN

__all__ = ["Article", "article_from_text", "find_article_date", "read_article"]

STDIN_NAME = "stdin"
"""The :attr:`Article.name` of an article read from standard input."""

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# Control characters other than tab and newline (C0, DEL, C1) mean nothing in a news
# report, and printed to a terminal they can retitle it, erase the screen or hide
# text. Each becomes a space, one for one, so offsets into the text are unchanged.
# (A regex, not str.translate with a table: that looks each character up in a dict,
# a fifth of a millisecond for a 3 KB article.)
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _controls_to_spaces(text: str) -> str:
    return _CONTROL_RE.sub(" ", text)


# ---------------------------------------------------------------------------
# Reading


def read_article(
    source: str | os.PathLike[str],
    *,
    date: datetime.date | None = None,
    name: str | None = None,
    stdin: typing.BinaryIO | None = None,
    article_id: str | None = None,
) -> Article:
    """Read an article from a file or standard input.

    Parameters
    ----------
    source
        Path of a ``.txt`` or ``.html`` file, or ``"-"`` to read standard input. A file
        is treated as HTML when its suffix is ``.html``/``.htm`` or its content starts
        with ``<!doctype html`` or ``<html``.
    date
        The article's date; overrides the date found in the text.
    name
        A short name for the article; defaults to the file stem, or ``"stdin"``.
    stdin
        Binary stream read when `source` is ``"-"``; defaults to ``sys.stdin.buffer``.
    article_id
        The article's :attr:`Article.id` (a corpus gives the path relative to its
        folder or list); defaults to its name.

    Returns
    -------
    Article
        The article's main text, name, path, date, title and id.

    Raises
    ------
    InputError
        If the file is missing, a directory, empty or only whitespace, binary, larger
        than :data:`geomap.settings.MAX_ARTICLE_BYTES` (or its text longer than
        :data:`geomap.settings.MAX_ARTICLE_CHARS`), in an encoding that cannot be
        detected, or an HTML page without extractable text.
    """
    if isinstance(source, str) and source == "-":
        label = "standard input"
        data = _read_stdin(stdin)
        path: str | None = None
        default_name = STDIN_NAME
        suffix = ""
    else:
        raw = os.fspath(source)
        if not isinstance(raw, str):
            raw = os.fsdecode(raw)
        if not raw:
            raise InputError("no article file name given")
        label = _one_line(raw)
        data = _read_file(Path(raw), label)
        path = raw
        default_name = Path(raw).stem or raw
        suffix = Path(raw).suffix.lower()

    text = _decode(data, label)
    if not text.strip():
        raise InputError(f"{label}: the article is empty (only whitespace)")

    if suffix in _HTML_SUFFIXES or _looks_like_html(text):
        body, title, meta_date = _from_html(text, label)
        found = _find_date(body, meta_date)
    else:
        body = _normalise_newlines(text)
        title = _first_line(body)
        found = find_article_date(body)

    name = name or default_name
    article = _make(body, name, path, date, found, title, label)
    return dataclasses.replace(article, id=article_id or article.name)


def article_from_text(
    text: str, *, name: str = "text", date: datetime.date | None = None
) -> Article:
    """Make an article from plain text already in memory.

    The text is taken as plain text (no HTML extraction); its newlines are normalised
    and a leading byte order mark is dropped.

    Parameters
    ----------
    text
        The article's text.
    name
        A short name for the article.
    date
        The article's date; overrides the date found in the text.

    Returns
    -------
    Article
        The article, with ``path=None``.

    Raises
    ------
    InputError
        If `text` is empty or only whitespace, or longer than
        :data:`geomap.settings.MAX_ARTICLE_CHARS`.
    """
    text = _normalise_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        raise InputError(f"article {_one_line(name)!r} is empty (only whitespace)")
    label = f"article {_one_line(name)!r}"
    article = _make(text, name, None, date, find_article_date(text), _first_line(text), label)
    return dataclasses.replace(article, id=article.name)


def article_from_record(
    text: str,
    *,
    name: str,
    label: str,
    article_id: str,
    url: str | None = None,
    title: str | None = None,
    date: datetime.date | None = None,
) -> Article:
    """Make an article from one record of a JSONL or CSV corpus.

    The text gets the same treatment as a file's: an HTML page (one that starts with
    a doctype or ``<html>``) is reduced to its main text, plain text has its
    newlines normalised, and the size limits of one article apply.

    Parameters
    ----------
    text
        The record's ``text``.
    name
        A short name for the article (see :mod:`geomap.text.corpus`).
    label
        Where the record is, ``file:line``, for messages.
    article_id, url
        The record's :attr:`Article.id` and :attr:`Article.url`.
    title
        The record's title; else the page title or first line, as for a file.
    date
        The record's date; else the date found in the text.

    Returns
    -------
    Article
        The article, with ``path=None``.

    Raises
    ------
    InputError
        ``label: reason`` if the text is empty, larger than
        :data:`geomap.settings.MAX_ARTICLE_BYTES` in UTF-8, longer than
        :data:`geomap.settings.MAX_ARTICLE_CHARS`, or an HTML page without text.
    """
    text = text.removeprefix("\ufeff")
    # The byte limit of a file applies to a record too, so that a row of a JSONL
    # export is no way around it (measured as UTF-8, the encoding of the corpus).
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.MAX_ARTICLE_BYTES:
        raise InputError(_too_large(label, size))
    if not text.strip():
        raise InputError(f"{label}: the article is empty (only whitespace)")
    if _looks_like_html(text):
        body, page_title, meta_date = _from_html(text, label)
        found = _find_date(body, meta_date)
    else:
        body = _normalise_newlines(text)
        page_title = _first_line(body)
        found = find_article_date(body)
    article = _make(body, name, None, date, found, title or page_title, label)
    # Ids and urls are printed as well as written: no control characters, as for names.
    return dataclasses.replace(
        article,
        id=_controls_to_spaces(article_id),
        url=_controls_to_spaces(url) if url is not None else None,
    )


def _make(
    text: str,
    name: str,
    path: str | None,
    date: datetime.date | None,
    found: tuple[datetime.date, str] | None,
    title: str | None,
    label: str,
) -> Article:
    text = _controls_to_spaces(text)
    if not text.strip():
        raise InputError(f"{label}: the article is empty (only whitespace and control characters)")
    name = _controls_to_spaces(name)
    title = _controls_to_spaces(title) if title is not None else None
    if len(text) > settings.MAX_ARTICLE_CHARS:
        raise InputError(
            f"{label}: {len(text):,} characters of text, more than the "
            f"{settings.MAX_ARTICLE_CHARS:,} geomap reads from one article "
            "(geomap.settings.MAX_ARTICLE_CHARS): split it into several articles"
        )
    if date is not None:
        if isinstance(date, datetime.datetime):
            date = date.date()
        if not _date_in_range(date):
            raise InputError(
                f"article date {date.isoformat()} is outside the years geomap reads "
                f"({settings.EARLIEST_ARTICLE_YEAR}-{settings.LATEST_ARTICLE_YEAR}, "
                "geomap.settings.EARLIEST_ARTICLE_YEAR/LATEST_ARTICLE_YEAR)"
            )
        date_text = None
    elif found is not None:
        date, date_text = found
    else:
        date_text = None
    return Article(text=text, name=name, path=path, date=date, date_text=date_text, title=title)


def _date_in_range(day: datetime.date) -> bool:
    """True for a date whose relative words ("yesterday", "last week") cannot overflow."""
    return settings.EARLIEST_ARTICLE_YEAR <= day.year <= settings.LATEST_ARTICLE_YEAR


def _read_stdin(stdin: typing.BinaryIO | None) -> bytes:
    stream: typing.Any = stdin
    if stream is None:
        if sys.stdin is None:
            raise InputError("standard input: not available")
        stream = getattr(sys.stdin, "buffer", sys.stdin)
    limit = settings.MAX_ARTICLE_BYTES
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(f"standard input: cannot read: {exc.strerror or exc}") from None
    if isinstance(data, str):  # a text stream was passed; accept it
        data = data.encode("utf-8", "surrogatepass")
    if data is None:
        data = b""
    if len(data) > limit:
        raise InputError(_too_large("standard input", None))
    return data


def _read_file(path: Path, label: str) -> bytes:
    limit = settings.MAX_ARTICLE_BYTES
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read file: {exc.strerror or exc}") from None
    except ValueError:  # an embedded NUL in the name
        raise InputError(f"{label}: not a usable file name") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{label}: is a directory, not an article file")
    if info.st_size > limit:
        raise InputError(_too_large(label, info.st_size))
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{label}: cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:  # grew meanwhile, or a special file without a size
        raise InputError(_too_large(label, None))
    return data


def _too_large(label: str, size: int | None) -> str:
    limit = settings.MAX_ARTICLE_BYTES
    what = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return (
        f"{label}: too large for an article ({what}; the limit is {limit:,} bytes, "
        "geomap.settings.MAX_ARTICLE_BYTES)"
    )


def _one_line(label: str) -> str:
    """A file name safe to put in a one-line message (control characters escaped)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in label)


# ---------------------------------------------------------------------------
# Decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}))
_MAX_CONTROL_SHARE = 0.05


def _decode(data: bytes, label: str) -> str:
    """Bytes to text: UTF-8 (BOM dropped), UTF-16/32 with a BOM, or a detected encoding."""
    if not data:
        raise InputError(f"{label}: the article is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{label}: starts with a {encoding.upper()} byte order mark "
                    "but is not valid text in that encoding"
                ) from None
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in data:
        raise InputError(f"{label}: looks like a binary file, not text (it contains NUL bytes)")
    control = len(data) - len(data.translate(None, _CONTROL_BYTES))  # one pass, in C
    if control > _MAX_CONTROL_SHARE * len(data):
        raise InputError(f"{label}: looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # only needed for the rare non-UTF-8 file

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{label}: not UTF-8 text and its encoding could not be detected")
    return str(best)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_line(text: str) -> str | None:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return None


# ---------------------------------------------------------------------------
# HTML

_HTML_TAG_START = re.compile(r"<(?:!doctype\s{1,20}html|html)\b", re.I)
_JUNK_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe")


def _looks_like_html(text: str) -> bool:
    """True when *text* starts, after whitespace and comments, with a doctype or <html>.

    A loop with ``str.find`` rather than one regex: a regex that skips comments
    backtracks exponentially over a run of unclosed or empty comments.
    """
    position = len(text) - len(text.removeprefix("\ufeff"))
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if not text.startswith("<!--", position):
            return _HTML_TAG_START.match(text, position) is not None
        close = text.find("-->", position + 4)
        if close < 0:
            return False
        position = close + 3


def _from_html(html: str, label: str) -> tuple[str, str | None, datetime.date | None]:
    """Main text, title and metadata date of an HTML page."""
    import trafilatura  # slow-ish import; plain-text reading must not pay for it

    html = html.removeprefix("\ufeff")
    try:
        text = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            output_format="txt",
        )
    except Exception:  # trafilatura on hostile markup: fall back to lxml below
        text = None
    text = _normalise_newlines(text or "")
    if not text.strip():
        text = _normalise_newlines(_lxml_text(html))
    if not text.strip():
        raise InputError(f"{label}: HTML page has no extractable text")

    title: str | None = None
    meta_date: datetime.date | None = None
    try:
        # extensive_search=False: take the date from the page's markup only; guessing
        # from the body text is this module's job (see find_article_date).
        meta = trafilatura.extract_metadata(html, date_config={"extensive_search": False})
    except Exception:
        meta = None
    if meta is not None:
        title = (meta.title or "").strip() or None
        meta_date = _parse_iso(meta.date)
    if title is None:
        title = _lxml_title(html)
    return text, title, meta_date


def _parse_iso(value: object) -> datetime.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _lxml_tree(html: str) -> typing.Any:
    import lxml.html
    from lxml import etree

    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, etree.ParserError):
        return None


def _lxml_text(html: str) -> str:
    """Visible text of the body: the fallback when trafilatura finds no main text."""
    tree = _lxml_tree(html)
    if tree is None:
        return ""
    for element in tree.xpath("|".join(f"//{tag}" for tag in _JUNK_TAGS)):
        element.drop_tree()
    body = tree.find("body")
    raw = (body if body is not None else tree).text_content()
    lines = (" ".join(line.split()) for line in _normalise_newlines(raw).split("\n"))
    return "\n".join(line for line in lines if line)


def _lxml_title(html: str) -> str | None:
    tree = _lxml_tree(html)
    if tree is None:
        return None
    for query in ("//meta[@property='og:title']/@content", "//title//text()", "//h1//text()"):
        found = " ".join(" ".join(str(part) for part in tree.xpath(query)).split())
        if found:
            return found
    return None


# ---------------------------------------------------------------------------
# Dates
#
# The regexes only *find* candidate dates with day, month and year; dateutil parses
# them. Numeric day/month forms ("13/12/2016", "12/13/2016") are ambiguous and skipped;
# only year-first numeric dates ("2016-12-13") are used. Gaps between date words are
# bounded (_GAP): a run of hundreds of spaces separates nothing, and an unbounded gap
# makes every search quadratic in it.
_GAP = r"\s{1,5}"

_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?" + _GAP + ")?"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_DATE = (
    r"(?i:\b" + _WEEKDAY + r"(?:"
    rf"{MONTH_PATTERN}{_GAP}{_DAY},?{_GAP}{_YEAR}"  # Dec 13, 2016
    # 13 December 2016, 13th of Dec, 2016
    rf"|{_DAY}{_GAP}(?:of{_GAP})?{MONTH_PATTERN},?{_GAP}{_YEAR}"
    r"|(?<![0-9])" + _YEAR + r"(?P<sep>[-/.])(?:1[0-2]|0?[1-9])(?P=sep)(?:3[01]|[12][0-9]|0?[1-9])"
    r")(?![0-9]))"
)
_DATE_RE = re.compile(_DATE)
# Every full date holds one year, so the date pattern is tried only near the years
# (trying its alternatives at every word cost a third of a millisecond an article): a
# date's words before its year take at most _DATE_REACH characters, and an ISO date's
# month and day at most _ISO_TAIL after it (with one more for the digit test).
_YEAR_RE = re.compile(r"(?<![0-9])" + _YEAR + r"(?![0-9])")
_DATE_REACH = 64
_ISO_TAIL = 8
_LABEL = (
    rf"(?i:last{_GAP}(?:updated|modified)|first{_GAP}published|updated|published|posted)"
    rf"(?i:{_GAP}on)?\b"
)
# A label at the start of a line, or after a byline separator ("By X | Updated ...").
_LABELLED_RE = re.compile(
    r"(?:^|[|•·])[^\S\n]*(?P<words>" + _LABEL + r"[^\n]{0,40}?(?P<date>" + _DATE + "))", re.M
)
# What may stand before a dateline's date: "ALEPPO, Syria, ", "Beirut - ", nothing.
_DATELINE_PREFIX_RE = re.compile(r"[\W_]*(?:[A-Z][^\n.!?]{0,48}[,:;|—–-][^\S\n]*)?")
_DATELINE_LINES = 5
_YEAR_FIRST_RE = re.compile(r"[0-9]{4}[-/.]")


def find_article_date(text: str) -> tuple[datetime.date, str] | None:
    """Find the article's own date in its text.

    Only dates with a day, a month and a year count: ``"Dec 13, 2016"``, ``"13
    December 2016"``, ``"13th of December, 2016"``, ``"2016-12-13"``. Numeric day/month
    forms such as ``"13/12/2016"`` are ambiguous and skipped. In order of preference:

    1. an ``Updated``/``Published``/``Posted``/``Last updated`` line (the latest
       such date, so an update wins over the first publication);
    2. a dateline in the first few lines (``"ALEPPO, Syria, Dec. 13, 2016 - ..."``);
    3. the latest date mentioned anywhere in the text, ignoring dates in the future.

    Parameters
    ----------
    text
        The article's plain text.

    Returns
    -------
    tuple of (datetime.date, str) or None
        The date and the words it came from (``"Updated Dec 13, 2016"``), or ``None``
        when the text has no full date.
    """
    return _find_date(text, None)


def _find_date(text: str, meta_date: datetime.date | None) -> tuple[datetime.date, str] | None:
    """find_article_date, with an HTML page's metadata date after labelled lines."""
    labelled: list[tuple[datetime.date, str]] = []
    for match in _LABELLED_RE.finditer(text):
        day = _parse_date(match.group("date"))
        if day is not None:
            labelled.append((day, " ".join(match.group("words").split())))
    if labelled:
        return max(labelled, key=lambda found: found[0])
    if meta_date is not None and _date_in_range(meta_date):
        return meta_date, f"page metadata {meta_date.isoformat()}"
    dateline = _dateline(text)
    if dateline is not None:
        return dateline
    return _latest(text)


def _dateline(text: str) -> tuple[datetime.date, str] | None:
    lines = [line for line in text.split("\n", 50)[:50] if line.strip()][:_DATELINE_LINES]
    for line in lines:
        match = next(_full_dates(line), None)
        if match is None or _DATELINE_PREFIX_RE.fullmatch(line[: match.start()]) is None:
            continue
        day = _parse_date(match.group(0))
        if day is not None:
            return day, " ".join(match.group(0).split())
    return None


def _full_dates(text: str) -> Iterator[re.Match[str]]:
    """The matches of the full-date pattern in *text*, as its ``finditer`` gives them.

    Linear: each year is searched around once, in a window of bounded size.
    """
    position = 0
    for year in _YEAR_RE.finditer(text):
        if year.start() < position:
            continue
        start = max(position, year.start() - _DATE_REACH)
        match = _DATE_RE.search(text, start, year.end() + _ISO_TAIL)
        if match is not None:
            yield match
            position = match.end()


def _latest(text: str) -> tuple[datetime.date, str] | None:
    today = datetime.date.today()
    best: tuple[datetime.date, str] | None = None
    for match in _full_dates(text):
        day = _parse_date(match.group(0))
        if day is None or day > today:
            continue
        if best is None or day > best[0]:
            best = (day, " ".join(match.group(0).split()))
    return best


@functools.lru_cache(maxsize=4096)
def _parse_date(words: str) -> datetime.date | None:
    words = " ".join(words.split())
    yearfirst = _YEAR_FIRST_RE.match(words) is not None
    try:
        day = _dateparser.parse(words, yearfirst=yearfirst, dayfirst=False).date()
    except (ValueError, OverflowError):
        return None
    return day if _date_in_range(day) else None
