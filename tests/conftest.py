"""Shared pytest fixtures."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# Helper modules beside the tests (such as hostile_inputs.py) are imported by name;
# --import-mode=importlib does not put this folder on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``shared/`` folder beside the project (``../shared`` from the repo root).

    Skips the test when it is missing, except under ``CI=true``, where a missing
    folder is a broken CI set-up and fails the test.
    """
    shared = REPO_ROOT.parent / "shared"
    if not shared.is_dir():
        message = f"shared material not found at {shared}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (required when CI=true)")
        pytest.skip(message)
    return shared


class NetworkBlockedError(RuntimeError):
    """A test tried to open a network connection: tests never touch the network."""


# This machine's own addresses: no network (a Dask LocalCluster talks over them).
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Refuse every internet connection a test's own process tries to open.

    Returns the addresses tried (each attempt also raises
    :class:`NetworkBlockedError`), so a test can assert that a command opened none.
    Local sockets (``AF_UNIX``) and loopback addresses are left alone; the browser
    runs in processes of its own, whose requests the browser tests block by routing.
    """
    tried: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(sock: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOOPBACK:
            tried.append(address)
            raise NetworkBlockedError(f"a test tried to connect to {address!r}")

    def connect(sock: socket.socket, address: object) -> None:
        refuse(sock, address)
        real_connect(sock, address)  # type: ignore[arg-type]

    def connect_ex(sock: socket.socket, address: object) -> int:
        refuse(sock, address)
        return real_connect_ex(sock, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return tried
