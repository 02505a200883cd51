"""geomap is offline by default: no command opens a network connection unless asked.

The autouse ``no_network`` fixture (``conftest.py``) refuses every internet connection
and records the addresses tried; these tests run the commands a user runs offline and
assert that none was tried.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

ARTICLE = Path(__file__).parent / "data" / "story-devset" / "story-10.txt"


@pytest.mark.parametrize(
    "args",
    [
        ["places", str(ARTICLE)],
        ["resolve", "Douma", "Firdous"],
        ["events", str(ARTICLE)],
        ["control", str(ARTICLE)],
        ["gazetteer", "validate"],
    ],
    ids=lambda a: a[0] if isinstance(a, list) else str(a),
)
def test_commands_open_no_socket(args: list[str], no_network: list[object]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert no_network == []


def test_map_opens_no_socket(tmp_path: Path, no_network: list[object]) -> None:
    result = CliRunner().invoke(main, ["map", str(ARTICLE), "-o", str(tmp_path / "map")])
    assert result.exit_code == 0, result.output
    assert no_network == []


def test_the_guard_refuses_a_connection(no_network: list[object]) -> None:
    import socket

    with socket.socket() as sock, pytest.raises(RuntimeError, match="tried to connect"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed
    assert no_network == [("192.0.2.1", 80)]
