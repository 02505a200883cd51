"""Cache files of data geomap derives once and reads at every run (the gazetteer's tiers
and the world towns' pool of suggestions).

A cache file is plain bytes, never code or pickled objects::

    MAGIC  tag "\\n"  sha256(payload)  payload

where *MAGIC* says which cache it is, *tag* what it was built from (a cache built from
other data is foreign), and the payload a list of sections, each an 8-byte
little-endian length and its bytes. A file with another magic or tag, a wrong checksum
or a section overrunning the file is :class:`DamagedCache`: rebuilt, never trusted. The
checksum catches damage (a truncated or corrupted file), not a forger who can write to
the cache folder: such a person could as well edit geomap.

A cache is written to a temporary file renamed into place, removed on every failure (a
full disk, a directory in the file's place, Ctrl-C). Without a writable cache folder the
data is built in memory for the run, with a one-line warning on stderr.

Each new version of geomap or of its data writes caches under new names; once one is
written, the same cache's older versions are removed but the most recently written one
(:data:`KEPT_OLDER_VERSIONS`), so that two installations sharing the folder do not
rebuild at every alternation, and the folder does not grow by tens of megabytes a
version.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from geomap import settings

LENGTH = struct.Struct("<Q")
# A temporary file this old was left by a process killed while writing (SIGKILL
# leaves no chance to clean up); a younger one may still be being written.
STALE_TMP_SECONDS = 3600
# Older versions of a cache kept beside the one just written: the last other one, for
# a second installation (another virtual environment, a data folder) in use beside.
KEPT_OLDER_VERSIONS = 1


class DamagedCache(ValueError):
    """The cache file is not a cache of this build: rebuild it."""


def pack(magic: bytes, tag: bytes, sections: Sequence[bytes]) -> bytes:
    """The bytes of a cache file holding *sections*."""
    # The file is joined once: a payload joined first, then copied behind its header,
    # would hold three copies of a large cache at the peak of memory.
    chunks = [piece for data in sections for piece in (LENGTH.pack(len(data)), data)]
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return b"".join([magic, tag, b"\n", digest.digest(), *chunks])


def sections(blob: bytes, magic: bytes, tag: bytes) -> list[memoryview]:
    """The payload's sections of a cache file; :class:`DamagedCache` if it is not ours."""
    head = magic + tag + b"\n"
    if not blob.startswith(head):
        raise DamagedCache("not a cache of this kind and version")
    digest, payload = blob[len(head) : len(head) + 32], memoryview(blob)[len(head) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        raise DamagedCache("checksum mismatch")
    found, at = [], 0
    while at < len(payload):
        if at + LENGTH.size > len(payload):
            raise DamagedCache("truncated section length")
        (size,) = LENGTH.unpack_from(payload, at)
        at += LENGTH.size
        if size > len(payload) - at:
            raise DamagedCache("section overruns the file")
        found.append(payload[at : at + size])
        at += size
    return found


def read(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of the cache file at *path*, or None when there is no regular file of
    at most *max_bytes* there (a FIFO would block the open; a directory or a huge file
    is not a cache)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError:
        return None


def _remove_stale_temporaries(folder: Path, prefix: str) -> None:
    cutoff = time.time() - STALE_TMP_SECONDS
    for old in folder.glob(f"{prefix}*.tmp"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()


def _remove_older_versions(path: Path, versions: str) -> None:
    """Remove the files matching *versions* beside *path* but *path* and the
    :data:`KEPT_OLDER_VERSIONS` most recently written others."""
    older = []
    for other in path.parent.glob(versions):
        with contextlib.suppress(OSError):
            if other != path and stat.S_ISREG(other.lstat().st_mode):
                older.append((other.lstat().st_mtime, other.name, other))
    older.sort(reverse=True)
    for _, _, other in older[KEPT_OLDER_VERSIONS:]:
        with contextlib.suppress(OSError):
            other.unlink()


def write(path: Path, blob: bytes, *, prefix: str, what: str, versions: str) -> None:
    """Write the cache atomically; on any failure leave no temporary file behind.

    *prefix* starts the temporary file's name (``.world-``); *what* names the cache in
    the warning printed when it cannot be written; *versions* is the glob pattern of
    this cache's files of every version (``world-cities-*.bin``), older ones of which
    are removed once the new one is in place.
    """
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path.parent, prefix)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(temporary, path)
        temporary = None
        _remove_older_versions(path, versions)
    except OSError as exc:
        message = (
            f"warning: cannot write the {what} {path} ({exc.strerror or exc}); built in"
            f" memory for this run (set {settings.CACHE_DIR_ENV} to a writable folder)"
        )
        print(" ".join(message.split()), file=sys.stderr)
    finally:
        # Also on KeyboardInterrupt, which the except above lets through.
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
