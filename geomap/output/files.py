"""Write what geomap found to disk: all-or-nothing files and output folders.

:func:`write_output_folder` replaces a whole output folder (``geomap map``) in one
atomic step, and :func:`atomic_write_text` one file (``-o FILE``): a reader, or a run
killed half-way, sees the complete old outputs or the complete new ones, never a mix
and never a half-written file; temporaries are removed on failure, on SIGINT, SIGTERM
and SIGHUP, and (when a run was killed outright) by the next write to the same target.
Targets that are not regular files or folders geomap wrote are refused.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import functools
import os
import secrets
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from geomap.errors import OutputError

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_file",
    "check_output_folder",
    "write_output_folder",
]

# Mode of a new output file (an existing file keeps its own mode).
_NEW_FILE_MODE = 0o644


# ---------------------------------------------------------------------------
# Atomic writes
#
# Every output goes first to a temporary sibling of its target (same folder, so the
# same filesystem) named ``.<target>.geomap-<random>.tmp``, and is switched into
# place with one atomic step. While a write runs, the temporary is locked (flock),
# and SIGINT, SIGTERM and SIGHUP raise an exception so that the cleanup runs; the
# next write to the same target removes the unlocked temporaries that a killed run
# (SIGKILL, power loss) left behind.

_TEMP_TAG = ".geomap-"
_TEMP_SUFFIX = ".tmp"
# The part of a target's name kept in its temporaries' names, in bytes: long enough
# to recognise them, short enough to stay far below the 255-byte limit of a name.
_TEMP_NAME_BYTES = 80
# Linux's renameat2() flag that swaps two paths atomically, and "relative to the
# current directory" for its folder arguments.
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* to *path* as UTF-8, atomically.

    Parameters
    ----------
    path
        The file to write; missing parent folders are created.
    text
        The text; written as is (no newline translation).

    Raises
    ------
    OutputError
        If the file cannot be written; *path* is then left as it was.
    """
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write *data* to *path* atomically: all of it or, on failure, nothing.

    The data goes to a temporary file in the same folder, which is flushed to disk
    and then renamed over *path* (:func:`os.replace`), so a reader sees either the
    old file or the whole new one. A symbolic link is followed: the file it points
    to is replaced and the link stays. A target that exists and is not a regular
    file (a folder, a named pipe, a device, a socket) is refused rather than
    replaced by a regular file.

    Parameters
    ----------
    path
        The file to write; missing parent folders are created.
    data
        The bytes to write.

    Raises
    ------
    OutputError
        If *path* is not a regular file, a folder cannot be created or the file
        cannot be written; the temporary file is removed and *path* is left as it was.
    """
    shown = Path(path)
    target = check_output_file(path)
    folder = target.parent
    _prepare_parent(shown, target)
    mode = _mode_for(target)
    # Named before it is made, so that the cleanup knows it whenever a signal stops
    # us (mkstemp returns the name only after making the file); None once it is not
    # there to remove (switched into place, or not ours).
    temp: Path | None = _temp_path(folder, target.name)

    def write() -> None:
        nonlocal temp
        name = temp
        assert name is not None
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            temp = None  # not ours (with 48 random bits, all but impossible)
            raise
        with os.fdopen(fd, "wb") as handle:
            _try_lock(handle.fileno())  # a new file: the lock is ours
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
            # Renamed while still open, so still locked: no other geomap run can
            # take it for a leftover and remove it.
            os.replace(name, target)
        temp = None
        _fsync_folder(folder)

    def clean_up() -> None:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)

    try:
        _interruptible(write, clean_up)
    except OSError as exc:
        raise OutputError(f"cannot write {_show(shown)}: {_reason(exc)}") from None


def _prepare_parent(shown: Path, target: Path) -> None:
    """Create *target*'s folder if missing, and clear what killed runs left there."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {_show(shown)}: {_reason(exc)}") from None
    _remove_stale_temporaries(target.parent, target.name)


def _resolved(path: str | os.PathLike[str]) -> tuple[Path, int | None]:
    """*path* with symbolic links resolved, and its file mode (None: nothing there yet)."""
    target = Path(os.path.realpath(path))
    try:
        return target, os.stat(target).st_mode
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise OutputError(f"cannot write {_show(Path(path))}: {_reason(exc)}") from None


def check_output_file(path: str | os.PathLike[str]) -> Path:
    """Return the file that writing to *path* replaces, or refuse an unusable target.

    Parameters
    ----------
    path
        An output file (``-o FILE``).

    Returns
    -------
    Path
        *path* with every symbolic link resolved: geomap follows links and writes
        the file a link points to (creating it if the link dangles).

    Raises
    ------
    OutputError
        If *path* exists and is not a regular file (a folder, named pipe, device or
        socket), or cannot be examined.
    """
    target, kind = _resolved(path)
    if kind is None:
        return target
    if not stat.S_ISREG(kind):
        raise OutputError(
            f"cannot write {_show(Path(path))}: it is {_kind_of(kind)}, not a regular file; "
            "geomap writes only regular files (or new ones)"
        )
    return target


def write_output_folder(
    directory: str | os.PathLike[str],
    files: Mapping[str, str | bytes | Iterable[bytes]],
    *,
    owned: Iterable[str] | None = None,
) -> Path:
    """Replace the folder *directory* by one holding exactly *files*, all or nothing.

    The whole new set is written into a fresh temporary folder beside *directory*
    (same parent, so same filesystem) and flushed to disk, then switched in one
    atomic step: a new folder is renamed into place; an existing one is swapped with
    it by ``renameat2(RENAME_EXCHANGE)`` on Linux, and the old set, now in the
    temporary's place, is removed. A reader (or a crash) sees either the complete
    old set or the complete new one, never a mix. Where the atomic swap is not
    available (other systems, some network filesystems) the old folder is first
    renamed aside and the new one renamed into place: between those two renames the
    folder is briefly missing (never mixed); an interrupted switch puts the old
    folder back, and only a kill at that instant loses it.

    geomap replaces only a folder of its own: empty, or holding nothing but regular
    files (and sub-folders of them) with the paths in *owned* (what geomap writes
    there). A folder holding anything else, such as the user's own files, is refused
    with an :class:`OutputError` and left untouched. A symbolic link to a folder is
    followed: the folder it points to is replaced and the link stays.

    Parameters
    ----------
    directory
        The output folder; missing parent folders are created.
    files
        Relative path → text (written as UTF-8), bytes, or pieces of bytes made as
        they are written (see :func:`geomap.output.geojson.geojson_chunks`; an error
        while making them leaves *directory* as it was). A path may name
        sub-folders (``events.parquet/event_month=2016-12/part-0.parquet``), which
        are made; it may not be absolute or hold ``..``.
    owned
        The paths geomap may find in an existing *directory*, as patterns (see
        :func:`check_output_folder`); by default the paths of *files*. Give every
        path any run writes there, so that a new set replaces an old one with other
        names (another month, another format).

    Returns
    -------
    Path
        The folder written (*directory* with symbolic links resolved).

    Raises
    ------
    OutputError
        If *directory* is not a folder geomap may replace, or anything cannot be
        written; *directory* is then left as it was and no temporary remains.
    """
    shown = Path(directory)
    for name in files:
        _check_relative(name)
    target = check_output_folder(directory, files if owned is None else owned)
    parent = target.parent
    _prepare_parent(shown, target)
    aside = _temp_path(parent, target.name)  # where the fallback puts the old folder
    temp = _temp_path(parent, target.name)
    # What the cleanup removes: named before it is made, so that the cleanup knows it
    # whenever we stop; None once the folder there turns out not to be ours.
    ours: Path | None = temp
    lock_fd: int | None = None

    def write() -> None:
        nonlocal ours, lock_fd
        try:
            os.mkdir(temp, 0o777)  # the umask applies, as for any new folder
        except FileExistsError:
            ours = None  # not ours (with 48 random bits, all but impossible)
            raise
        lock_fd = os.open(temp, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        _try_lock(lock_fd)  # a new folder: the lock is ours
        mode = _folder_mode(target)
        if mode is not None:
            os.chmod(temp, mode)
        folders = {temp}
        for name, content in files.items():
            if isinstance(content, str):
                content = content.encode("utf-8")
            path = temp / name
            for folder in reversed(path.parents):
                if folder.is_relative_to(temp) and folder not in folders:
                    os.mkdir(folder, 0o777)  # new folders get the umask
                    folders.add(folder)
            _write_new_file(path, content, _mode_for(target / name))
        for folder in sorted(folders, reverse=True):  # deepest first
            _fsync_folder(folder)
        _switch(temp, target, aside)
        _fsync_folder(parent)

    def clean_up() -> None:
        _finish_switch(ours, aside, target)
        if lock_fd is not None:
            os.close(lock_fd)

    try:
        _interruptible(write, clean_up)
    except OSError as exc:
        raise OutputError(f"cannot write {_show(shown)}: {_reason(exc)}") from None
    return target


def check_output_folder(directory: str | os.PathLike[str], names: Iterable[str]) -> Path:
    """Return the folder :func:`write_output_folder` would replace, or refuse it.

    Parameters
    ----------
    directory
        The output folder (``-o DIR``).
    names
        The relative paths of the files geomap writes there (``map.html``,
        ``events.parquet/event_month=*/part-*.parquet``): each part of a path is a
        name or a shell-style pattern (``*``, ``?``, ``[...]``) matched against one
        name, never across ``/``. A sub-folder is geomap's when its path starts one
        of *names* and it holds nothing but what *names* allow.

    Returns
    -------
    Path
        *directory* with symbolic links resolved.

    Raises
    ------
    OutputError
        If *directory* exists and is not a folder, is the current folder (or holds
        it), or holds anything but regular files (in sub-folders) named in *names*.
    """
    shown = _show(Path(directory))
    target, kind = _resolved(directory)
    if kind is None:
        return target
    if not stat.S_ISDIR(kind):
        raise OutputError(f"cannot write {shown}: it is {_kind_of(kind)}, not a folder")
    if _holds_current_folder(target):
        raise OutputError(
            f"cannot write {shown}: it is (or holds) the current folder; "
            "geomap replaces the whole output folder, give a folder of its own"
        )
    patterns = [tuple(PurePosixPath(n).parts) for n in names]
    try:
        stranger = _stranger(target, (), patterns)
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {_reason(exc)}") from None
    if stranger is not None:
        raise OutputError(
            f"cannot write {shown}: it holds {_show(Path(*stranger))}, which "
            "geomap did not write; geomap replaces only a folder of its own "
            "outputs: give another folder (-o) or move that away"
        )
    return target


def _stranger(
    folder: Path, inside: tuple[str, ...], patterns: list[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """The first path in *folder* (at *inside* below the output folder) geomap did not write.

    A regular file is geomap's when its path matches one of *patterns* whole; a
    folder (not a link) when its path matches the start of a longer one and
    everything in it is geomap's.
    """
    with os.scandir(folder) as entries:
        for entry in entries:
            path = (*inside, entry.name)
            if entry.is_file(follow_symlinks=False):
                names = {p[-1] for p in patterns if len(p) == len(path)}
                if _matches(path, patterns, whole=True) or (
                    not inside and _is_legacy_temporary(entry.name, names)
                ):
                    continue
            elif entry.is_dir(follow_symlinks=False) and _matches(path, patterns, whole=False):
                found = _stranger(Path(entry.path), path, patterns)
                if found is None:
                    continue
                return found
            return path
    return None


def _matches(path: tuple[str, ...], patterns: list[tuple[str, ...]], *, whole: bool) -> bool:
    """Whether *path* matches a pattern whole (a file), or a pattern's start (a folder)."""
    return any(
        (len(pattern) == len(path) if whole else len(pattern) > len(path))
        and all(fnmatch.fnmatchcase(n, p) for n, p in zip(path, pattern, strict=False))
        for pattern in patterns
    )


def _check_relative(name: str) -> None:
    """Refuse a file path that could leave the output folder (a bug, not a user error)."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or any(p in (".", "..") for p in parts):
        raise ValueError(f"not a relative path inside the output folder: {name!r}")


def _holds_current_folder(target: Path) -> bool:
    """Whether the current folder is *target* or inside it (replacing it would strand us)."""
    try:
        return Path(os.getcwd()).is_relative_to(target)
    except OSError:  # the current folder was removed
        return False


def _is_legacy_temporary(name: str, owned: set[str]) -> bool:
    """A temporary file an earlier geomap left inside its output folder (``.map.html.x.tmp``)."""
    return name.endswith(_TEMP_SUFFIX) and any(name.startswith(f".{n}.") for n in owned)


def _switch(temp: Path, target: Path, aside: Path) -> None:
    """Put the folder *temp* at *target* in one step.

    A missing (or empty) *target* is replaced by a rename. An existing one is
    swapped with *temp*, which then holds the old set; where swapping is not
    supported, the old folder is renamed to *aside* first.
    """
    try:
        os.rename(temp, target)
        return
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
            raise
    if _exchange(temp, target):
        return
    os.rename(target, aside)
    os.rename(temp, target)


def _finish_switch(temp: Path | None, aside: Path, target: Path) -> None:
    """Remove what a folder write leaves: the old set, or the unfinished new one.

    After a swap the old set is at *temp*; after a failed or interrupted write the
    unfinished new set is. A fallback switch interrupted between its two renames
    (*target* missing, the old folder at *aside*) puts the old folder back.
    """
    if not os.path.lexists(target):
        with contextlib.suppress(OSError):
            os.rename(aside, target)
    for leftover in (temp, aside):
        if leftover is not None:
            shutil.rmtree(leftover, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where that is unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    import ctypes

    if (
        renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
        == 0
    ):
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


@functools.cache
def _renameat2():
    """The C library's ``renameat2`` (glibc 2.28 and later), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def _write_new_file(path: Path, data: bytes | Iterable[bytes], mode: int) -> None:
    """Create *path* (which must not exist), write *data* (or its pieces), flush it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as handle:
        if isinstance(data, bytes):
            handle.write(data)
        else:
            handle.writelines(data)
        handle.flush()
        os.fchmod(handle.fileno(), mode)
        os.fsync(handle.fileno())


def _temp_path(folder: Path, name: str) -> Path:
    """A fresh temporary name for *name* in *folder* (``.<name>.geomap-<random>.tmp``)."""
    return folder / f"{_temp_prefix(name)}{secrets.token_hex(6)}{_TEMP_SUFFIX}"


def _temp_prefix(name: str) -> str:
    """The start of the names of *name*'s temporaries: ``.<name>.geomap-``."""
    short = os.fsdecode(os.fsencode(name)[:_TEMP_NAME_BYTES])
    return f".{short}{_TEMP_TAG}"


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove the temporaries of *name* in *folder* that no running geomap holds.

    A write holds a lock on its temporary until it ends, and the lock dies with its
    process, so an unlocked temporary is a leftover of a killed run. Where file
    locks do not exist (Windows), leftovers are left alone: they are hidden, and
    never read.
    """
    prefix = _temp_prefix(name)
    try:
        with os.scandir(folder) as entries:
            candidates = [
                Path(e.path)
                for e in entries
                if e.name.startswith(prefix) and e.name.endswith(_TEMP_SUFFIX)
            ]
    except OSError:
        return
    for path in candidates:
        with contextlib.suppress(OSError):
            kind = os.lstat(path).st_mode
            if not (stat.S_ISDIR(kind) or stat.S_ISREG(kind)):
                continue  # not something geomap made: a link, a pipe...
            is_folder = stat.S_ISDIR(kind)
            # Never follow a link or wait on a pipe swapped in since the lstat.
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            fd = os.open(path, flags | (getattr(os, "O_DIRECTORY", 0) if is_folder else 0))
            try:
                if not _try_lock(fd):
                    continue
                if is_folder:
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
            finally:
                os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take an exclusive lock on *fd* without waiting; False if another process holds it."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


# Interruptions
#
# SIGINT, SIGTERM and SIGHUP stop a write by raising, so that its cleanup runs, and
# are held back while the cleanup runs, so that they cannot stop it half-way. Python
# runs a signal's handler some steps after the signal came, where a Python function
# starts or a C function returns; so everything that must not be cut short starts
# with signals blocked by a C call that starts no Python function.


def _interruptible(write: Callable[[], None], clean_up: Callable[[], None]) -> None:
    """Run *write*, then *clean_up* whatever ends it: an error, SIGINT, SIGTERM, SIGHUP.

    During *write*, those signals, when left to their default action, raise: SIGINT
    :class:`KeyboardInterrupt`, SIGTERM and SIGHUP :class:`SystemExit` (status 128 +
    the signal number, as a shell reports a killed command). Ignored ones (``nohup``)
    stay ignored, and a host program's own handlers stay its own. During *clean_up*
    they wait, and then take their usual effect. Handlers can only be set in the
    main thread: elsewhere a signal has its usual effect throughout.
    """
    original = _signal_mask()  # a handler raising right after it finds nothing changed
    previous: dict[int, Any] = {}
    try:
        _hold_signals()
        if threading.current_thread() is threading.main_thread():
            _take_signals(previous)
        _set_signal_mask(original)
        write()
    finally:
        _hold_signals()  # first, and in C
        try:
            clean_up()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            _set_signal_mask(original)


_CLEANUP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _take_signals(previous: dict[int, Any]) -> None:
    """Handle the signals left to their default action; note their handlers in *previous*."""
    for signum in _CLEANUP_SIGNALS:
        handler = signal.getsignal(signum)
        if handler in (signal.SIG_DFL, signal.default_int_handler):
            previous[signum] = handler  # before the change: the cleanup puts it back
            signal.signal(signum, _on_signal)


def _on_signal(signum: int, _frame: object) -> None:
    """Stop the write by raising; during its cleanup, send the signal again, to wait.

    A signal that came just before the cleanup blocked signals has its handler run
    after the block. Raising then would cut the cleanup short; sent again, the
    signal waits, blocked, until the cleanup is done.
    """
    if signum in _signal_mask():
        signal.pthread_kill(threading.get_ident(), signum)
        return
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


if sys.platform != "win32":
    import _signal  # type: ignore[import-not-found]  # CPython's C signal module

    # Partials of the C function itself (the signal module's pthread_sigmask is Python
    # wrapped around it): calling them starts no Python function.
    _hold_signals = functools.partial(_signal.pthread_sigmask, signal.SIG_BLOCK, _CLEANUP_SIGNALS)
    _signal_mask = functools.partial(_signal.pthread_sigmask, signal.SIG_BLOCK, ())
    _set_signal_mask = functools.partial(_signal.pthread_sigmask, signal.SIG_SETMASK)

else:  # Windows has no signal masks: a signal can only raise during a write.

    def _hold_signals() -> None:
        return None

    def _signal_mask() -> set[int]:
        return set()

    def _set_signal_mask(mask: set[int]) -> None:
        return None


def _kind_of(mode: int) -> str:
    """What a file of *mode* is, for an error message ("a named pipe")."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    )
    return next((label for test, label in kinds if test(mode)), "a special file")


def _folder_mode(target: Path) -> int | None:
    """The permission bits of the folder *target*, or None for a new one (umask applies)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return None


def _mode_for(target: Path) -> int:
    """The permission bits for *target*: its current ones, or ``0o644`` for a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return _NEW_FILE_MODE


def _fsync_folder(folder: Path) -> None:
    """Flush the folder entry of a renamed file to disk, where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _show(path: Path) -> str:
    """The path on one line, for an error message."""
    return " ".join(str(path).split()) or "''"


def _reason(exc: OSError) -> str:
    """The short reason of an OS error, on one line."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(reason.split())
