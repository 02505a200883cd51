"""The built wheel is complete: it carries the gazetteer data and the licence notices,
and an installed copy finds its data without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER_SRC = ROOT / "data" / "gazetteer"
WHEEL_GAZETTEER = "geomap/_data/gazetteer"


def _pip(*args: str) -> None:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}"


def _source_csvs() -> list[str]:
    """CSV files of the source gazetteer, as paths relative to data/gazetteer."""
    return sorted(p.relative_to(GAZETTEER_SRC).as_posix() for p in GAZETTEER_SRC.rglob("*.csv"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel once, offline (the build backend comes from the test extra)."""
    out = tmp_path_factory.mktemp("wheel")
    _pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), str(ROOT))
    wheels = list(out.glob("geomap-*.whl"))
    assert len(wheels) == 1, f"expected one geomap wheel, got {wheels}"
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed into a plain folder, away from the source tree."""
    target = tmp_path_factory.mktemp("installed")
    _pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel))
    return target


def test_source_gazetteer_has_csvs() -> None:
    assert _source_csvs(), f"no CSV files in {GAZETTEER_SRC}: the gazetteer data is missing"


def test_wheel_contains_gazetteer_csvs(wheel_names: set[str]) -> None:
    expected = {f"{WHEEL_GAZETTEER}/{name}" for name in _source_csvs()}
    assert expected, "no source CSVs to compare with"
    missing = expected - wheel_names
    assert not missing, f"gazetteer files missing from the wheel: {sorted(missing)}"
    assert not any(n.startswith("data/") for n in wheel_names), "data/ leaked to the wheel root"


def test_wheel_contains_package_and_entry_point(wheel: Path, wheel_names: set[str]) -> None:
    assert "geomap/knowledge.py" in wheel_names
    with zipfile.ZipFile(wheel) as zf:
        entry_points = [n for n in wheel_names if n.endswith(".dist-info/entry_points.txt")]
        assert len(entry_points) == 1
        text = zf.read(entry_points[0]).decode()
    assert "geomap = geomap.cli:main" in text


def test_wheel_marks_the_package_typed(wheel_names: set[str]) -> None:
    # PEP 561: without the marker, type checkers ignore the annotations of an install.
    assert "geomap/py.typed" in wheel_names


@pytest.mark.parametrize("notice", ["LICENSE", "NOTICE.md"])
def test_wheel_carries_licence_files(wheel_names: set[str], notice: str) -> None:
    if not (ROOT / notice).is_file():
        pytest.skip(f"{notice} does not exist in the source tree yet")
    licensed = [n for n in wheel_names if ".dist-info/" in n and n.endswith(f"/{notice}")]
    assert licensed, f"{notice} is not in the wheel's dist-info"


def test_installed_copy_finds_its_own_data(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(installed)
    code = "import geomap.knowledge as r; print(r.__file__); print(r.data_dir('gazetteer'))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    module_file, data_path = (Path(line) for line in result.stdout.strip().splitlines())
    installed_root = installed.resolve()
    assert module_file.resolve().is_relative_to(installed_root), module_file
    data_dir = data_path.resolve()
    assert data_dir.is_relative_to(installed_root), f"{data_dir} is not inside {installed_root}"
    found = sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*.csv"))
    assert found, f"no CSV files in {data_dir}"
    assert found == _source_csvs()
