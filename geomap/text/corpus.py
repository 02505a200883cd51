"""A corpus of articles: folders, glob patterns, lists of files, JSONL and CSV exports.

:func:`iter_corpus` turns the ARTICLE arguments of ``places``, ``map``, ``control`` and
``events`` (and their ``--from-list``, ``--from-jsonl`` and ``--from-csv`` options) into
:class:`~geomap.model.Article` objects, one at a time:

* a **file** (or ``-``) is read by :func:`geomap.text.articles.read_article`, as ever;
* a **folder** gives every ``.txt``, ``.html`` and ``.htm`` file below it, in sorted
  path order (so the same folder always gives the same outputs); hidden files and
  folders are skipped, and so are symbolic links that lead out of the folder
  (symbolic links to folders are not followed);
* a **glob pattern** (``'reports/*.txt'``, ``'reports/**/*.html'``) is expanded by
  geomap, sorted, so the shell's limit on the length of a command line does not
  matter;
* a **list** (:class:`CorpusFile` ``list``) names one file or folder per line,
  relative to the list's folder; blank lines and lines starting with ``#`` are skipped;
* a **JSONL** or **CSV** export (:class:`CorpusFile` ``jsonl``/``csv``) holds one
  article per line or row, with ``text`` (required), ``date``, ``title``, ``url`` and
  ``id``: the shape of news-API and GDELT-style exports. UTF-8.

Everything is streamed: a JSONL or CSV file is read one record at a time, and each
article is yielded before the next is read; the files of a large folder, pattern or
list are read by several processes at once when the caller asks (``jobs``), and still
come in order. A bad record stops the whole command with
one line, ``file:line: reason``, before anything is written (all or nothing, as for
every input of geomap). Each article keeps the size limits of one file, and a corpus
may hold at most :data:`geomap.settings.MAX_CORPUS_ARTICLES` articles.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import glob
import itertools
import json
import os
import re
import stat
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath

from dateutil import parser as _dateparser

from geomap import settings
from geomap.errors import InputError
from geomap.model import Article
from geomap.text.articles import article_from_record, read_article

__all__ = ["CorpusFile", "corpus_name", "is_corpus_source", "iter_corpus"]

CorpusKind = typing.Literal["list", "jsonl", "csv"]

# The columns (JSONL keys) a record may have; others (a news API's "source",
# "author", GDELT's tone...) are ignored.
TEXT_COLUMN = "text"
OPTIONAL_COLUMNS = ("date", "title", "url", "id")
_GLOB_MAGIC = re.compile(r"[*?[]")
# Numeric dates that do not start with the year ("03/04/2016") are refused: day and
# month cannot be told apart (as in article texts, geomap.text.articles).
_YEAR_FIRST = re.compile(r"\s*[0-9]{4}[-/.]")
_NUMERIC_DATE = re.compile(r"\s*[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}\b")
# GDELT's compact forms: YYYYMMDD (SQLDATE) and YYYYMMDDhhmmss (DATEADDED, SEENDATE).
_COMPACT_DATE = re.compile(r"\s*([0-9]{8})(?:T?[0-9]{6}Z?)?\s*")


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """A file that lists articles rather than being one.

    Attributes
    ----------
    kind
        ``list`` (one path per line), ``jsonl`` (one JSON object per line) or ``csv``
        (one row per article, with a header).
    path
        The file.
    """

    kind: CorpusKind
    path: str


Source = str | os.PathLike[str] | CorpusFile | Article


def is_glob(source: str) -> bool:
    """Whether an ARTICLE argument is a pattern for geomap to expand.

    A name with ``*``, ``?`` or ``[`` that is not itself an existing file or folder.
    """
    return bool(_GLOB_MAGIC.search(source)) and not os.path.lexists(source)


def is_corpus_source(source: object) -> bool:
    """Whether *source* may stand for several articles (a folder, a pattern, a list)."""
    if isinstance(source, CorpusFile):
        return True
    if isinstance(source, Article):
        return False
    text = os.fspath(typing.cast("os.PathLike[str]", source))
    return text != "-" and (os.path.isdir(text) or is_glob(text))


def corpus_name(source: object) -> str:
    """The name of a corpus source, for a default output folder.

    A folder's own name (``reports/`` → ``reports``, ``.`` → the current folder's
    name), a list's, JSONL's or CSV's file stem, and for a pattern the name of the
    folder it searches, or its last part with the wildcards left out.
    """
    if isinstance(source, CorpusFile):
        return Path(source.path).stem
    text = os.fspath(typing.cast("os.PathLike[str]", source))
    if is_glob(text):
        base = _glob_base(text)
        if base.name:
            return base.name
        return _GLOB_MAGIC.sub("", PurePath(text).stem) or base.resolve().name
    return Path(text).resolve().name


def iter_corpus(
    sources: Iterable[Source],
    *,
    date: datetime.date | None = None,
    limit: int | None = None,
    jobs: int = 1,
) -> Iterator[Article]:
    """Yield the articles of *sources*, one at a time, in order.

    Parameters
    ----------
    sources
        Files (or ``-``), folders, glob patterns, :class:`CorpusFile` lists and
        exports, and :class:`~geomap.model.Article` objects already read (passed on).
    date
        The articles' date when the text, or the record, gives none; a file's date
        overrides the date found in its text, as
        :func:`~geomap.text.articles.read_article` does.
    limit
        The most articles; :data:`geomap.settings.MAX_CORPUS_ARTICLES` by default.
    jobs
        Processes reading the files of a folder, pattern or list: with more than
        one, a source of :data:`POOL_FROM_FILES` files or more is read on a pool
        (each file on its own: decoded, stripped of HTML, dated); the articles come in
        the same order either way.

    Yields
    ------
    Article
        With :attr:`~geomap.model.Article.id` set: the path relative to the folder,
        pattern or list for a file found through one, the stem for a file named on its
        own, a record's ``id`` (else its row number); and :attr:`~geomap.model.Article.url`
        a record's ``url``.

    Raises
    ------
    InputError
        One line naming the file, ``file:line: reason`` for a bad line or row; or
        when there are more than *limit* articles.
    """
    limit = settings.MAX_CORPUS_ARTICLES if limit is None else limit
    count = 0
    for source in sources:
        for article in _articles_of(source, date, jobs):
            count += 1
            if count > limit:
                raise InputError(
                    f"more than {limit:,} articles, the most geomap reads at once "
                    "(geomap.settings.MAX_CORPUS_ARTICLES): split the corpus, by date "
                    "or by place"
                )
            yield article


def _articles_of(source: Source, date: datetime.date | None, jobs: int) -> Iterator[Article]:
    if isinstance(source, Article):
        yield source
    elif isinstance(source, CorpusFile):
        if source.kind == "list":
            yield from _read_files(_list_files(source.path, date), jobs)
        else:
            yield from _record_articles(source, date)
    else:
        text = os.fspath(source)
        if text == "-" or not (os.path.isdir(text) or is_glob(text)):
            yield read_article(text, date=date)
        elif os.path.isdir(text):
            yield from _read_files(_folder_article_files(Path(text), date), jobs)
        else:
            yield from _read_files(_glob_files(text, date), jobs)


# ---------------------------------------------------------------------------
# Reading the files of a folder, pattern or list

#: A folder, pattern or list of this many files or more is read on a pool of
#: processes (when more than one job is asked for): reading a file (decoding, HTML,
#: the date in its text) costs about half a millisecond, a pool's start some tens.
POOL_FROM_FILES = 256
# Files sent to a reading process at a time, and files listed ahead of the reading.
_READ_CHUNK = 32
_READ_BATCH = 4096


@dataclass(frozen=True, slots=True)
class _ArticleFile:
    """A file of a folder, pattern or list, to be read as an article.

    ``where`` opens its errors: ``list.txt:3: `` for a file a list names.
    """

    path: Path
    article_id: str
    date: datetime.date | None
    where: str = ""


def _read_file(file: _ArticleFile) -> Article:
    try:
        return read_article(file.path, date=file.date, article_id=file.article_id)
    except InputError as exc:
        if not file.where:
            raise
        raise InputError(f"{file.where}{exc}") from None


def _read_files(files: Iterable[_ArticleFile], jobs: int) -> Iterator[Article]:
    """The articles of *files*, in order: on a pool of *jobs* processes for many files.

    The files are taken :data:`_READ_BATCH` at a time, so that a list of millions of
    lines is never held whole (the corpus's limit stops it first).
    """
    files = iter(files)
    batch = list(itertools.islice(files, _READ_BATCH))
    if jobs == 1 or len(batch) < POOL_FROM_FILES:
        for file in itertools.chain(batch, files):
            yield _read_file(file)
        return
    from geomap._pool import process_pool

    with process_pool(min(jobs, len(batch) // _READ_CHUNK)) as pool:
        while batch:
            yield from pool.imap(_read_file, batch, chunksize=_READ_CHUNK)
            batch = list(itertools.islice(files, _READ_BATCH))


# ---------------------------------------------------------------------------
# Folders, patterns and lists


def _relative_id(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _folder_files(folder: Path) -> list[Path]:
    """The article files below *folder*, sorted by path (see the module's rules)."""
    root = folder.resolve()
    found: list[Path] = []
    for top, dirs, names in os.walk(folder, onerror=_walk_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # os.walk skips linked folders
        for name in names:
            path = Path(top) / name
            if name.startswith(".") or path.suffix.lower() not in settings.CORPUS_SUFFIXES:
                continue
            # A link that leads out of the folder is not the folder's article.
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                continue
            found.append(path)
    # Sorted by path parts (not whole strings), so a folder's files stay together.
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _walk_error(error: OSError) -> None:
    name = f"{error.filename}: " if error.filename else ""
    raise InputError(f"{name}cannot read folder: {error.strerror or error}")


def _folder_article_files(
    folder: Path, date: datetime.date | None, where: str = ""
) -> Iterator[_ArticleFile]:
    files = _folder_files(folder)
    if not files:
        suffixes = ", ".join(settings.CORPUS_SUFFIXES)
        raise InputError(f"{_shown(str(folder))}: no article files ({suffixes}) in this folder")
    for path in files:
        yield _ArticleFile(path, _relative_id(path, folder), date, where)


def _glob_base(pattern: str) -> Path:
    """The folder a pattern searches: its leading parts without wildcards."""
    parts = PurePath(pattern).parts
    fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if _GLOB_MAGIC.search(p))]]
    return Path(*fixed) if fixed else Path()


def _glob_files(pattern: str, date: datetime.date | None) -> Iterator[_ArticleFile]:
    matches = sorted(
        (Path(p) for p in glob.iglob(pattern, recursive=True) if os.path.isfile(p)),
        key=lambda p: p.parts,
    )
    if not matches:
        raise InputError(f"{_shown(pattern)}: no file matches this pattern")
    base = _glob_base(pattern)
    for path in matches:
        yield _ArticleFile(path, _relative_id(path, base), date)


def _list_files(list_path: str, date: datetime.date | None) -> Iterator[_ArticleFile]:
    label = _shown(list_path)
    folder = Path(list_path).parent
    with _open_corpus_file(list_path, label) as handle:
        for line, raw in _lines(handle, label, settings.MAX_LIST_LINE_BYTES):
            entry = raw.strip()
            if not entry or entry.startswith("#"):
                continue
            path = Path(entry).expanduser()
            path = path if path.is_absolute() else folder / path
            where = f"{label}:{line}: "
            try:
                if path.is_dir():
                    yield from _folder_article_files(path, date, where)
                    continue
            except InputError as exc:
                raise InputError(f"{where}{exc}") from None
            yield _ArticleFile(path, entry, date, where)


# ---------------------------------------------------------------------------
# JSONL and CSV exports


@contextlib.contextmanager
def _open_corpus_file(path: str, label: str) -> Iterator[typing.BinaryIO]:
    """Open a list or export for reading: a regular file only (a FIFO would block)."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{label}: is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{label}: not a regular file")
        handle = open(path, "rb")  # noqa: SIM115 (closed below, after the generator)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read file: {exc.strerror or exc}") from None
    with handle:
        yield handle


def _lines(handle: typing.BinaryIO, label: str, limit: int) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of each line, each read on its own, at most *limit* bytes."""
    number = 0
    while True:
        data = handle.readline(limit + 1)
        if not data:
            return
        number += 1
        if len(data) > limit:
            raise InputError(f"{label}:{number}: line longer than {limit:,} bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{label}:{number}: not UTF-8 text") from None
        yield number, text.removeprefix("\ufeff") if number == 1 else text


def _record_articles(source: CorpusFile, date: datetime.date | None) -> Iterator[Article]:
    label = _shown(source.path)
    stem = Path(source.path).stem or "row"
    seen: dict[str, int] = {}
    rows = (
        _jsonl_rows(source.path, label) if source.kind == "jsonl" else _csv_rows(source.path, label)
    )
    for row_number, (line, record) in enumerate(rows, start=1):
        where = f"{label}:{line}"
        article = _record_article(record, where, stem, row_number, date)
        if article.id in seen:
            raise InputError(f"{where}: id {article.id!r} already used on line {seen[article.id]}")
        seen[typing.cast(str, article.id)] = line
        yield article


def _jsonl_rows(path: str, label: str) -> Iterator[tuple[int, dict]]:
    from geomap._userfiles import _parse_float, _parse_int, _refuse_constant, _RefusedNumber

    with _open_corpus_file(path, label) as handle:
        for line, text in _lines(handle, label, settings.MAX_CORPUS_RECORD_BYTES):
            if not text.strip():
                continue
            where = f"{label}:{line}"
            if _json_depth(text) > settings.MAX_JSON_DEPTH:
                raise InputError(
                    f"{where}: JSON nested deeper than {settings.MAX_JSON_DEPTH} levels"
                )
            try:
                record = json.loads(
                    text,
                    parse_constant=_refuse_constant,
                    parse_int=_parse_int,
                    parse_float=_parse_float,
                )
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
            except _RefusedNumber as exc:
                raise InputError(f"{where}: {exc.reason}") from None
            if not isinstance(record, dict):
                raise InputError(f"{where}: not a JSON object (one article per line)")
            yield line, record


def _json_depth(text: str) -> int:
    from geomap._userfiles import json_shape

    return json_shape(text)[0]


def _csv_rows(path: str, label: str) -> Iterator[tuple[int, dict]]:
    previous = csv.field_size_limit()
    with _open_corpus_file(path, label) as binary:
        # An article's text may be as long as an article file.
        csv.field_size_limit(settings.MAX_ARTICLE_BYTES)
        try:
            handle = _TextLines(binary, label)
            reader = csv.DictReader(handle)
            try:
                header = reader.fieldnames or []
            except csv.Error as exc:
                raise InputError(f"{label}:1: {exc}") from None
            if TEXT_COLUMN not in header:
                shown = ", ".join(header) or "none"
                raise InputError(f"{label}:1: no {TEXT_COLUMN!r} column (columns: {shown})")
            while True:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    reason = str(exc)
                    if "field larger than field limit" in reason:
                        reason = "field too large for an article"
                    raise InputError(f"{label}:{start}: {reason}") from None
                if None in row:
                    raise InputError(f"{label}:{start}: more cells than the header has columns")
                if any(value is None for value in row.values()):
                    raise InputError(
                        f"{label}:{start}: fewer cells than the header's {len(header)} columns"
                    )
                yield start, row
        finally:
            csv.field_size_limit(previous)


class _TextLines:
    """The lines of a binary file as UTF-8 text, each read on its own, for csv.reader.

    Reading line by line (bounded) rather than through :class:`io.TextIOWrapper` gives
    the line of a decoding error, and no line longer than an article is ever held.
    """

    def __init__(self, handle: typing.BinaryIO, label: str) -> None:
        self._lines = _lines(handle, label, settings.MAX_CORPUS_RECORD_BYTES)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        return next(self._lines)[1]


def _record_article(
    record: dict, where: str, stem: str, row: int, fallback: datetime.date | None
) -> Article:
    """One record as an article; *row* is its number in the file, from 1."""
    text = record.get(TEXT_COLUMN)
    if text is None or text == "":
        raise InputError(f"{where}: no {TEXT_COLUMN!r} (the article's text is required)")
    if not isinstance(text, str):
        raise InputError(f"{where}: {TEXT_COLUMN!r} is not a string")
    fields: dict[str, str | None] = {}
    for key in OPTIONAL_COLUMNS:
        value = record.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and key == "id":
            value = str(value)  # numeric ids, as JSON exports often have
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: {key!r} is not a string")
        fields[key] = value.strip() if value and value.strip() else None
    date = _record_date(fields["date"], where) if fields["date"] else fallback
    given_id = fields["id"]
    return article_from_record(
        text,
        # An explicit id names the article; else the file and row ("feed-3").
        name=given_id or f"{stem}-{row}",
        label=where,
        article_id=given_id or str(row),
        url=fields["url"],
        title=fields["title"],
        date=date,
    )


def _record_date(value: str, where: str) -> datetime.date:
    """A record's date: ISO 8601, GDELT's YYYYMMDD[hhmmss], or a written-out date."""
    compact = _COMPACT_DATE.fullmatch(value)
    if not compact and not _YEAR_FIRST.match(value) and _NUMERIC_DATE.match(value):
        raise InputError(
            f"{where}: date {value!r} is ambiguous (day or month first?); write it as YYYY-MM-DD"
        )
    try:
        if compact:
            day = datetime.datetime.strptime(compact.group(1), "%Y%m%d").date()
        elif _YEAR_FIRST.match(value):
            day = datetime.date.fromisoformat(value.strip()[:10].replace("/", "-"))
        else:
            day = _dateparser.parse(value, dayfirst=False).date()
    except (ValueError, OverflowError):
        raise InputError(
            f"{where}: date {value!r} is not a date geomap reads (use YYYY-MM-DD)"
        ) from None
    if not settings.EARLIEST_ARTICLE_YEAR <= day.year <= settings.LATEST_ARTICLE_YEAR:
        raise InputError(
            f"{where}: date {day.isoformat()} is outside the years geomap reads "
            f"({settings.EARLIEST_ARTICLE_YEAR}-{settings.LATEST_ARTICLE_YEAR})"
        )
    return day


def _shown(name: str) -> str:
    """A file name safe to put in a one-line message (control characters escaped)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in name)
