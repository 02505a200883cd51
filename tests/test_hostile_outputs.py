"""Hostile and unlucky outputs (issue 8): torn writes, odd targets, names, CSV, ``open``.

* All or nothing: a write interrupted at any step (KeyboardInterrupt or a disk error
  injected at the Nth system call, SIGINT/SIGTERM/SIGHUP/SIGKILL to a real process)
  leaves the complete old set or the complete new one, and no temporaries; what a
  killed run leaves is removed by the next write.
* ``-o`` targets that are not regular files or folders are refused; links followed.
* Default output folders named after hostile file names stay one folder in outputs/.
* CSV cells that a spreadsheet would run as formulas are neutralised (OWASP).
* ``geomap open`` launches only maps geomap wrote.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import select
import signal
import socket
import stat
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import api
from geomap import settings as geomap_settings
from geomap._userfiles import FORMULA_STARTS
from geomap.cli import main
from geomap.errors import OutputError
from geomap.output import files as export
from geomap.output.csvcells import csv_cell, write_rows
from geomap.text.articles import article_from_text

NAMES = api.MAP_FILE_NAMES
OLD = {name: f"old {name}\n" for name in NAMES}
NEW = {name: f"new {name} " + "x" * 5000 + "\n" for name in NAMES}
MARK = geomap_settings.MAP_GENERATOR_MARK
# A made-up town west of Greenwich, so that its longitude is negative.
TOWN_GAZETTEER = (
    "id,name,kind,parent,country,lat,lon,alt_names,name_ar,area_km2,population,source,licence\n"
    "test-zarqet,Zarqet,city,,ES,40.1,-3.5,,,,,test,CC0\n"
)
# Cells that start with every formula sign, in the places article text reaches.
HOSTILE_ARTICLE = (
    "+Alert: an air strike on Zarqet killed 9 people today, @Watchers said.\n=cmd|' /C calc'!A0\n"
)


def run(*args: str, **kwargs) -> Result:
    return CliRunner().invoke(main, list(args), **kwargs)


def assert_one_line_error(result: Result, *needles: str) -> str:
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def contents(folder: Path) -> dict[str, str] | None:
    """The files of *folder* by name, or None when it does not exist."""
    if not folder.exists():
        return None
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}


def temporaries(folder: Path) -> list[str]:
    """geomap's temporaries in *folder* (and in its sub-folders)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if ".geomap-" in p.name)


def write_set(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------
# All or nothing: faults injected at every step


class FaultAtCall:
    """Make the *at*-th call, over every patched function, raise *error*.

    Calls made while SIGINT is blocked are not counted: that is geomap's cleanup,
    during which a real signal waits until the cleanup is done.
    """

    def __init__(self, at: int, error: BaseException) -> None:
        self.at = at
        self.error = error
        self.calls = 0

    def wrap(self, function):
        def wrapper(*args, **kwargs):
            blocked = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
            if not blocked:
                self.calls += 1
                if self.calls == self.at:
                    raise self.error
            return function(*args, **kwargs)

        return wrapper

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in ("rename", "replace", "fsync", "mkdir", "open", "chmod", "fchmod"):
            monkeypatch.setattr(os, name, self.wrap(getattr(os, name)))
        monkeypatch.setattr(export, "_exchange", self.wrap(export._exchange))


def interrupt_every_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: dict[str, str] | None
) -> int:
    """Interrupt a folder write at call 1, 2, ... until it completes; return the steps."""
    target = tmp_path / "out"
    for at in range(1, 200):
        if target.exists():
            for path in target.iterdir():
                path.unlink()
            target.rmdir()
        if old is not None:
            write_set(target, old)
        fault = FaultAtCall(at, KeyboardInterrupt())
        with monkeypatch.context() as patch:
            fault.install(patch)
            try:
                export.write_output_folder(target, NEW)
            except KeyboardInterrupt:
                interrupted = True
            else:
                interrupted = False
        state = contents(target)
        assert state in (old, NEW), (at, state)
        assert temporaries(tmp_path) == [], at
        if not interrupted:
            assert state == NEW
            return at
    pytest.fail("the write never completed")


@pytest.mark.parametrize("existing", [True, False], ids=["replace", "create"])
def test_interrupt_at_every_step_leaves_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    steps = interrupt_every_step(tmp_path, monkeypatch, OLD if existing else None)
    assert steps > len(NAMES) * 2  # every file write was interrupted at least once


def test_interrupt_at_every_step_without_atomic_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where renameat2 is missing, the fallback renames the old folder aside; an
    # interruption between its two renames puts the old folder back.
    monkeypatch.setattr(export, "_renameat2", lambda: None)
    interrupt_every_step(tmp_path, monkeypatch, OLD)


def test_disk_error_at_every_step_keeps_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    for at in range(1, 200):
        write_set(target, OLD)
        fault = FaultAtCall(at, OSError(errno.ENOSPC, "No space left on device"))
        with monkeypatch.context() as patch:
            fault.install(patch)
            try:
                export.write_output_folder(target, NEW)
                done = True
            except OutputError as exc:
                assert "No space left on device" in str(exc) and "\n" not in str(exc)
                done = False
        assert contents(target) in (OLD, NEW), at
        if done:
            break
    # Whatever a failed cleanup left behind, the next write removes.
    export.write_output_folder(target, OLD)
    assert contents(target) == OLD and temporaries(tmp_path) == []


def test_cli_map_interrupted_at_the_switch_keeps_the_old_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "report.txt"
    article.write_text("Rebels withdrew from al-Shaar in Aleppo today.\n", encoding="utf-8")
    out = tmp_path / "out"
    write_set(out, OLD)

    def interrupted(first: Path, second: Path) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_exchange", interrupted)
    result = run("map", str(article), "-o", str(out))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert contents(out) == OLD
    assert temporaries(tmp_path) == []


def test_single_file_interrupted_at_every_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "events.csv"
    for at in range(1, 50):
        target.write_text("old\n")
        fault = FaultAtCall(at, KeyboardInterrupt())
        with monkeypatch.context() as patch:
            fault.install(patch)
            try:
                export.atomic_write_text(target, "new\n")
                done = True
            except KeyboardInterrupt:
                done = False
        assert target.read_text() in ("old\n", "new\n"), at
        assert temporaries(tmp_path) == [], at
        if done:
            assert target.read_text() == "new\n"
            return
    pytest.fail("the write never completed")


class Killed(Exception):
    """A signal's default action: the process would end here, running no cleanup."""


def sigterm_at(at: int):
    """A profile hook that acts as a SIGTERM coming at the *at*-th place Python may run it.

    Python runs a signal's handler where a Python function starts or a C function
    returns, after the signal came; this hook runs SIGTERM's handler at one of those
    places, as a SIGTERM that came just before would. A blocked SIGTERM would wait
    until unblocked: the hook does nothing then. With no handler of geomap's in
    place, the signal's default action would end the process: it raises
    :class:`Killed`.
    """
    places = 0

    def hook(frame, event, _arg) -> None:
        nonlocal places
        if event not in ("call", "c_return"):
            return
        places += 1
        if places == at:
            sys.setprofile(None)
            hook.came = True  # type: ignore[attr-defined]
            if signal.SIGTERM in signal.pthread_sigmask(signal.SIG_BLOCK, []):
                return  # it waits: the process would end when it is unblocked
            handler = signal.getsignal(signal.SIGTERM)
            if handler is signal.SIG_DFL:
                raise Killed
            handler(signal.SIGTERM, frame)

    hook.came = False  # type: ignore[attr-defined]
    return hook


@pytest.mark.parametrize("write", ["folder", "file"])
def test_sigterm_at_every_place_a_handler_may_run(tmp_path: Path, write: str) -> None:
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    target = tmp_path / "out"
    old, new = (OLD, NEW) if write == "folder" else ("old\n", "new\n")
    for at in range(1, 5000):
        if write == "folder":
            if target.exists():
                for path in target.iterdir():
                    path.unlink()
                target.rmdir()
            write_set(target, old)
        else:
            target.write_text(old)
        outcome = "written"
        sigterm = sigterm_at(at)
        sys.setprofile(sigterm)
        try:
            if write == "folder":
                export.write_output_folder(target, new)
            else:
                export.atomic_write_text(target, new)
        except SystemExit as stop:
            assert stop.code == 128 + signal.SIGTERM, at
            outcome = "stopped"
        except Killed:
            outcome = "killed"
        finally:
            sys.setprofile(None)
        state = contents(target) if write == "folder" else target.read_text()
        assert state in (old, new), (at, outcome, state)
        assert temporaries(tmp_path) == [], (at, outcome)
        assert not signal.sigpending(), at
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, at
        if not sigterm.came:  # the write ended before the at-th place: every place was tried
            assert outcome == "written" and state == new
            assert at > 50  # the hook did see the write's steps
            return
        assert outcome != "written" or state == new, at
    pytest.fail("the write never ended before the signal")


def test_a_signal_handled_during_the_cleanup_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    sent = []
    monkeypatch.setattr(signal, "pthread_kill", lambda thread, signum: sent.append(signum))
    with pytest.raises(SystemExit) as stop:
        export._on_signal(signal.SIGTERM, None)
    assert stop.value.code == 128 + signal.SIGTERM and sent == []
    with pytest.raises(KeyboardInterrupt):
        export._on_signal(signal.SIGINT, None)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
    try:
        export._on_signal(signal.SIGTERM, None)  # blocked: the cleanup runs, no raise
        export._on_signal(signal.SIGINT, None)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    assert sent == [signal.SIGTERM, signal.SIGINT]  # sent again, to come after the cleanup


# ---------------------------------------------------------------------------
# All or nothing: real signals to a real process

# Writes NEW into sys.argv[1] (through geomap map when sys.argv[2] is an article),
# printing HALFWAY and waiting after the second file is written.
CHILD = """
import sys, time
from geomap.output import files as export
real_write = export._write_new_file
written = []
def slow_write(path, data, mode):
    real_write(path, data, mode)
    written.append(path)
    if len(written) == 2:
        print("HALFWAY", flush=True)
        time.sleep(120)
export._write_new_file = slow_write
if len(sys.argv) > 2:
    from geomap.cli import main
    main(["map", sys.argv[2], "-o", sys.argv[1]], prog_name="geomap")
else:
    export.write_output_folder(sys.argv[1], {name: "new\\n" for name in NAMES})
"""


def start_child(tmp_path: Path, *args: str) -> subprocess.Popen:
    code = f"NAMES = {NAMES!r}\n" + CHILD
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_halfway(child: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([child.stdout], [], [], 1.0)
        if ready:
            line = child.stdout.readline()
            if line.strip() == "HALFWAY":
                return
            if not line:
                break
    child.kill()
    pytest.fail(f"child never reached the write: {child.communicate()[1][-2000:]}")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_signal_during_the_write_cleans_up(tmp_path: Path, signum: int) -> None:
    out = tmp_path / "out"
    write_set(out, OLD)
    child = start_child(tmp_path, str(out))
    wait_for_halfway(child)
    assert temporaries(tmp_path)  # the half-written new set
    child.send_signal(signum)
    child.wait(timeout=30)
    assert child.returncode != 0
    assert contents(out) == OLD
    assert temporaries(tmp_path) == []


@pytest.mark.slow
def test_sigterm_to_geomap_map(tmp_path: Path) -> None:
    article = tmp_path / "report.txt"
    article.write_text("Rebels withdrew from al-Shaar in Aleppo today.\n", encoding="utf-8")
    out = tmp_path / "out"
    write_set(out, OLD)
    child = start_child(tmp_path, str(out), str(article))
    wait_for_halfway(child)
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in stderr
    assert contents(out) == OLD
    assert temporaries(tmp_path) == []


@pytest.mark.slow
def test_sigkill_leftovers_are_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_set(out, OLD)
    child = start_child(tmp_path, str(out))
    wait_for_halfway(child)
    child.kill()
    child.wait(timeout=30)
    assert contents(out) == OLD
    assert temporaries(tmp_path)  # nothing can clean up after SIGKILL...
    export.write_output_folder(out, NEW)
    assert contents(out) == NEW
    assert temporaries(tmp_path) == []  # ...but the next write does


def test_a_running_writes_temporaries_are_not_removed(tmp_path: Path) -> None:
    import fcntl

    busy = tmp_path / ".out.geomap-0123456789ab.tmp"
    stale = tmp_path / ".out.geomap-ba9876543210.tmp"
    busy.mkdir()
    stale.mkdir()
    (stale / "map.html").write_text("half")
    fd = os.open(busy, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a write still running holds it
        export.write_output_folder(tmp_path / "out", NEW)
        assert busy.is_dir() and not stale.exists()
    finally:
        os.close(fd)


def test_stale_single_file_temporary_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".events.csv.geomap-x1y2z3.tmp"
    stale.write_text("half")
    export.atomic_write_text(tmp_path / "events.csv", "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


# ---------------------------------------------------------------------------
# Which folders geomap replaces


def test_folder_with_user_files_is_refused_and_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_set(out, {**OLD, "notes.txt": "mine\n"})
    with pytest.raises(OutputError, match=r"notes\.txt.*did not write"):
        export.write_output_folder(out, NEW)
    assert contents(out) == {**OLD, "notes.txt": "mine\n"}
    (out / "notes.txt").unlink()
    (out / "sub").mkdir()  # a folder, even with a name of geomap's, is not geomap's
    with pytest.raises(OutputError, match="sub"):
        export.write_output_folder(out, NEW)


def test_current_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="current folder"):
        export.write_output_folder(".", NEW)
    with pytest.raises(OutputError, match="current folder"):
        export.write_output_folder(tmp_path.parent, NEW)
    assert list(tmp_path.iterdir()) == []


def test_folder_from_an_earlier_geomap_is_replaced(tmp_path: Path) -> None:
    # Earlier versions wrote fewer files and could leave their temporaries inside.
    out = tmp_path / "out"
    write_set(out, {"places.geojson": "old\n", ".map.html.k2j3x9.tmp": "half"})
    export.write_output_folder(out, NEW)
    assert contents(out) == NEW


def test_folder_mode_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_set(out, OLD)
    out.chmod(0o750)
    (out / "map.html").chmod(0o600)
    export.write_output_folder(out, NEW)
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert stat.S_IMODE((out / "map.html").stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "places.geojson").stat().st_mode) == 0o644


def test_symlink_to_a_folder_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write_set(real, OLD)
    link = tmp_path / "link"
    link.symlink_to(real)
    export.write_output_folder(link, NEW)
    assert link.is_symlink() and contents(real) == NEW
    assert temporaries(tmp_path) == []


def test_output_folder_that_is_a_pipe_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "out"
    os.mkfifo(pipe)
    result = run("map", "-", "-o", str(pipe), input="Aleppo.\n")
    assert_one_line_error(result, "named pipe")
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


# ---------------------------------------------------------------------------
# -o FILE targets


def events_args(tmp_path: Path, *extra: str) -> list[str]:
    article = tmp_path / "report.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    gazetteer = tmp_path / "towns.csv"
    gazetteer.write_text(TOWN_GAZETTEER, encoding="utf-8")
    return ["events", str(article), "--gazetteer", str(gazetteer), "--date", "2016-12-12", *extra]


def special_file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"target-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "device":
        try:  # a private copy of /dev/null: a regression must not replace the real one
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("creating a device needs privileges")
    elif kind == "link-to-fifo":
        os.mkfifo(tmp_path / "fifo")
        path.symlink_to(tmp_path / "fifo")
    return path


@pytest.mark.parametrize("kind", ["fifo", "socket", "device", "link-to-fifo"])
@pytest.mark.parametrize("command", ["events", "control"])
def test_output_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, kind: str, command: str
) -> None:
    target = special_file(tmp_path, kind)
    before = os.stat(target)
    args = events_args(tmp_path, "-o", str(target))
    args[0] = command
    assert_one_line_error(run(*args), "not a regular file")
    after = os.stat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert temporaries(tmp_path) == []


def test_wrong_kind_of_target_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    assert_one_line_error(run(*events_args(tmp_path, "-o", str(folder))), "is a folder")
    plain = tmp_path / "plain"
    plain.write_text("mine\n")
    result = run("map", "-", "-o", str(plain), input="Aleppo.\n")
    assert_one_line_error(result, "not a folder")
    assert plain.read_text() == "mine\n" and folder.is_dir()


def test_check_output_file_refuses_dev_null() -> None:
    with pytest.raises(OutputError, match="character device"):
        export.check_output_file("/dev/null")


def test_output_symlink_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "events.csv"
    link.symlink_to(real)
    result = run(*events_args(tmp_path, "--format", "csv", "-o", str(link)))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8").startswith("event_id_cnty,")
    dangling = tmp_path / "new.csv"
    dangling.symlink_to(tmp_path / "made.csv")
    result = run(*events_args(tmp_path, "--format", "csv", "-o", str(dangling)))
    assert result.exit_code == 0, result.output
    assert dangling.is_symlink() and (tmp_path / "made.csv").is_file()


def test_output_symlink_loop_is_a_one_line_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    assert_one_line_error(run(*events_args(tmp_path, "-o", str(loop))), "loop.csv")
    assert loop.is_symlink()


# ---------------------------------------------------------------------------
# Default output folder names


HOSTILE_NAMES = [
    "..", ".", "", "...", "../x", "../../etc/cron.d/x", "a/b", "/abs", "\\\\server\\share",
    "-rf", "--output-dir", "name\nwith\nlines", "\x1b[31mred\x1b[0m", "tab\there", "\x00nul",
    "x" * 1000, "ش" * 300, "🙂" * 200, "a" * 99 + "é", " spaced out ", "C:", "~",
]  # fmt: skip


def assert_safe_folder(path: Path) -> None:
    assert path.parent == Path(geomap_settings.OUTPUT_DIR)
    name = path.name
    assert name and name not in (".", "..") and not name.startswith((".", "-"))
    assert "/" not in name and "\\" not in name
    assert all(ch.isprintable() and not ch.isspace() for ch in name)
    assert len(name.encode("utf-8")) <= geomap_settings.MAX_OUTPUT_NAME_BYTES


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("count", [1, 3])
def test_default_folder_is_one_safe_folder_in_outputs(name: str, count: int) -> None:
    articles = [article_from_text("Aleppo.", name=name) for _ in range(count)]
    path = api.default_output_dir(articles, False)
    assert_safe_folder(path)
    if count > 1:
        assert path.name.endswith("-and-2-more")


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_any_name_gives_one_safe_folder(name: str) -> None:
    assert_safe_folder(api.default_output_dir([article_from_text("x", name=name)], False))


def test_ordinary_names_are_kept() -> None:
    for name in ("east-aleppo-2016-12-13", "report_v2.final", "حلب-الشرقية"):
        assert api.safe_folder_name(name) == name


@pytest.mark.parametrize(
    "file_name", ["...html", "..txt", ".html", "name\x1b[2J.txt", "-o.txt", "z" * 240 + ".txt"]
)
def test_cli_map_writes_below_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_name: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / file_name).write_text("Rebels withdrew from al-Shaar in Aleppo.\n", encoding="utf-8")
    result = run("map", "--", file_name)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in work.iterdir()) == sorted([file_name, "outputs"])
    (folder,) = (work / "outputs").iterdir()
    assert_safe_folder(folder.relative_to(work))
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]


# ---------------------------------------------------------------------------
# CSV injection


PAYLOAD = "cmd|' /C calc'!A0"


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("first", FORMULA_STARTS, ids=repr)
def test_formula_cells_are_neutralised(first: str) -> None:
    cell = first + PAYLOAD
    out = io.StringIO()
    write_rows(out, ["text", "lon"], [[cell, -3.5]])
    assert read_back(out.getvalue())[1] == ["'" + cell, "-3.5"]
    out = io.StringIO()
    write_rows(out, ["text", "lon"], [[cell, -3.5]], raw=True)
    assert read_back(out.getvalue())[1] == [cell, "-3.5"]


def test_numbers_stay_bare_numbers() -> None:
    out = io.StringIO()
    write_rows(
        out, ["a", "b", "c", "d", "e", "f"], [[-3.5, Decimal("-3.500000"), -12, 0, None, True]]
    )
    assert out.getvalue().splitlines()[1] == '-3.5,-3.500000,-12,0,"","true"'


def test_harmless_text_is_unchanged() -> None:
    for text in ("Aleppo", "12 killed", " =not a formula", "'quoted", 'a,b"c'):
        assert csv_cell(text) == text


@given(st.lists(st.text(max_size=30), min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_no_text_cell_reads_back_as_a_formula(cells: list[str]) -> None:
    out = io.StringIO()
    write_rows(out, [f"c{i}" for i in range(len(cells))], [cells])
    (row,) = read_back(out.getvalue())[1:]
    for written, original in zip(row, cells, strict=True):
        assert not written.startswith(FORMULA_STARTS)
        assert written in (original, "'" + original)
    raw = io.StringIO()
    write_rows(raw, [f"c{i}" for i in range(len(cells))], [cells], raw=True)
    assert read_back(raw.getvalue())[1:] == [cells]  # raw cells come back exactly


def test_events_csv_from_a_hostile_article(tmp_path: Path) -> None:
    result = run(*events_args(tmp_path, "--format", "csv"))
    assert result.exit_code == 0, result.output
    header, *rows = read_back(result.output)
    assert rows
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                float(cell)  # only geomap's own numbers may start with "-"
    first = dict(zip(header, rows[0], strict=True))
    assert first["longitude"] == "-3.500000" and first["latitude"] == "40.100000"
    assert first["source"] == "'@Watchers"
    assert first["quote"].startswith("'+Alert")
    assert "\n-3.500000," in result.output.replace(",-3.500000,", "\n-3.500000,")  # unquoted
    raw = run(*events_args(tmp_path, "--format", "csv", "--raw-csv"))
    first_raw = dict(zip(header, read_back(raw.output)[1], strict=True))
    assert first_raw["source"] == "@Watchers" and first_raw["quote"].startswith("+Alert")


def test_gazetteer_import_neutralises_names_and_keeps_coordinates(tmp_path: Path) -> None:
    square = [[-3.51, 40.09], [-3.49, 40.09], [-3.49, 40.11], [-3.51, 40.11], [-3.51, 40.09]]
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [square]},
        }
        for name in ('=HYPERLINK("http://example.invalid","x")', "Harmless Quarter")
    ]
    source = tmp_path / "districts.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    out = tmp_path / "districts.csv"
    result = run("gazetteer", "import", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    names = sorted(r["name"] for r in rows)
    assert names == ['\'=HYPERLINK("http://example.invalid","x")', "Harmless Quarter"]
    assert all(float(r["lon"]) == pytest.approx(-3.5, abs=0.01) for r in rows)
    raw = run("gazetteer", "import", str(source), "--raw-csv")
    assert sorted(r["name"] for r in csv.DictReader(io.StringIO(raw.output)))[0].startswith("=")


# ---------------------------------------------------------------------------
# geomap open


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: urls.append(url) or True)
    return urls


def refused_target(tmp_path: Path, kind: str) -> Path:
    page = f"<html><head>{MARK}</head><body>map</body></html>"
    if kind == "passwd":
        return Path("/etc/passwd")
    if kind == "unmarked-html":
        path = tmp_path / "map.html"
        path.write_text("<html><body><script>alert(1)</script></body></html>")
    elif kind == "mark-too-late":
        path = tmp_path / "map.html"
        path.write_text("<html><head>" + " " * 5000 + MARK + "</head></html>")
    elif kind == "marked-but-not-html":
        path = tmp_path / "notes.txt"
        path.write_text(page)
    elif kind == "folder-without-map":
        path = tmp_path / "folder"
        path.mkdir()
        (path / "other.html").write_text(page)
    elif kind == "fifo-named-map":
        path = tmp_path / "map.html"
        os.mkfifo(path)
    elif kind == "link-to-passwd":
        path = tmp_path / "map.html"
        path.symlink_to("/etc/passwd")
    elif kind == "missing":
        path = tmp_path / "nothing.html"
    return path


@pytest.mark.parametrize(
    "kind",
    [
        "passwd", "unmarked-html", "mark-too-late", "marked-but-not-html",
        "folder-without-map", "fifo-named-map", "link-to-passwd", "missing",
    ],
)  # fmt: skip
def test_open_refuses_what_geomap_did_not_write(
    tmp_path: Path, opened: list[str], kind: str
) -> None:
    assert_one_line_error(run("open", str(refused_target(tmp_path, kind))))
    assert opened == []


def test_open_accepts_a_map_geomap_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.txt").write_text("Rebels withdrew from al-Shaar in Aleppo.\n")
    assert run("map", "report.txt").exit_code == 0
    folder = tmp_path / "outputs" / "report"
    for target in (folder, folder / "map.html"):
        result = run("open", str(target))
        assert result.exit_code == 0, result.output
    assert opened == [(folder / "map.html").resolve().as_uri()] * 2
