"""Incremental runs: each article's results kept on disk under a hash of its content.

``--cache DIR`` keeps every article's :class:`~geomap.pipeline.ArticleResult` in
``DIR/articles.sqlite``. A result is found again only under the same key: a SHA-256
of the article (text, name, id, url, title, date) and of everything else its result
depends on, the :func:`run_fingerprint` (geomap's code and data files, the
gazetteer's own places, ``--within``, whether incidents were read). A re-run over a
grown corpus therefore analyses only the new and changed articles, and merging
gives the output of a full run; change geomap, its data or a gazetteer file and
every article is analysed afresh.

The results are pickled, and reading a pickle can run code: a cache is trusted like
the program itself. geomap makes the folder for its user alone (mode 0700) and
refuses a folder that other users may write to.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

import geomap
from geomap import knowledge
from geomap.errors import InputError
from geomap.model import Article, Place
from geomap.pipeline import ArticleResult
from geomap.places.gazetteer import Gazetteer

__all__ = ["ResultCache", "run_fingerprint"]

CACHE_FILE_NAME = "articles.sqlite"

# Keys asked of SQLite at once (its limit on bound parameters is 32,766 nowadays,
# 999 in old builds).
_KEYS_PER_QUERY = 900


def run_fingerprint(gazetteer: Gazetteer, within: Place | None, events: bool) -> bytes:
    """A digest of everything besides the article that an article's result depends on.

    geomap's version and source files, its data files (the shipped folder, and the
    ``GEOMAP_DATA_DIR`` one when set), the places the gazetteer was given beyond the
    shipped ones, *within* and *events*. Reading the sources and data (a few MB) takes
    milliseconds.
    """
    digest = hashlib.sha256(geomap.__version__.encode())
    package = Path(geomap.__file__).parent
    roots = [package, *{knowledge.data_dir(name).parent for name in ("gazetteer", "events")}]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(pickle.dumps((gazetteer.made_from, within, events), protocol=5))
    return digest.digest()


class ResultCache:
    """Article results on disk, looked up by content (see the module's text).

    Parameters
    ----------
    folder
        Where ``articles.sqlite`` is kept; made (for this user only) when missing.
    fingerprint
        :func:`run_fingerprint` of the run.

    Raises
    ------
    InputError
        The folder is not a folder, other users may write to it, or the cache file
        cannot be opened.
    """

    def __init__(self, folder: str | Path, fingerprint: bytes) -> None:
        self.folder = Path(folder)
        self._fingerprint = fingerprint
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            mode = self.folder.stat().st_mode
        except OSError as exc:
            raise InputError(f"--cache {folder}: {exc.strerror or exc}") from None
        if not stat.S_ISDIR(mode):
            raise InputError(f"--cache {folder}: not a folder")
        if os.name == "posix" and mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise InputError(
                f"--cache {folder}: other users may write to this folder, and a cache "
                "is trusted like code; use a folder only you can write to (chmod go-w)"
            )
        try:
            self._db = sqlite3.connect(self.folder / CACHE_FILE_NAME)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, result BLOB NOT NULL)"
            )
        except sqlite3.Error as exc:
            raise InputError(f"--cache {folder}: cannot use {CACHE_FILE_NAME} ({exc})") from None

    def key(self, article: Article) -> bytes:
        """The key of *article*'s result in this run."""
        digest = hashlib.sha256(self._fingerprint)
        for value in (
            article.text,
            article.name,
            article.id,
            article.url,
            article.title,
            article.date_text,
            article.date.isoformat() if article.date else None,
        ):
            # Each field length-prefixed: ("ab", "c") and ("a", "bc") differ.
            data = b"\xff" if value is None else value.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.digest()

    def found(self, keys: Sequence[bytes]) -> dict[bytes, ArticleResult]:
        """The results kept under any of *keys*.

        An entry that cannot be read back (a truncated blob, a class geomap no longer
        has) is left out: its article is analysed again, and its entry replaced.
        """
        found: dict[bytes, ArticleResult] = {}
        try:
            for first in range(0, len(keys), _KEYS_PER_QUERY):
                batch = keys[first : first + _KEYS_PER_QUERY]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT key, result FROM results WHERE key IN ({marks})",
                    batch,
                )
                for key, blob in rows:
                    result = _loaded(blob)
                    if result is not None:
                        found[key] = result
        except sqlite3.Error as exc:
            raise InputError(
                f"--cache {self.folder}: cannot read {CACHE_FILE_NAME} ({exc})"
            ) from None
        return found

    def keep(self, items: Iterable[tuple[bytes, ArticleResult]]) -> None:
        """Keep the results under their keys, in one transaction."""
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (key, result) VALUES (?, ?)",
                    ((key, pickle.dumps(result, protocol=5)) for key, result in items),
                )
        except sqlite3.Error as exc:
            raise InputError(
                f"--cache {self.folder}: cannot write {CACHE_FILE_NAME} ({exc})"
            ) from None

    def close(self) -> None:
        """Close the cache file."""
        self._db.close()


def _loaded(blob: bytes) -> ArticleResult | None:
    """The result pickled in *blob*; None when it cannot be read back as one."""
    try:
        result = pickle.loads(blob)
    except Exception:
        return None
    return result if isinstance(result, ArticleResult) else None
