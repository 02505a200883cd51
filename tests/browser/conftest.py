"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, offline.

Every test page is cut off from the network: a route handler serves the CDN addresses
folium links (Leaflet, plugins...) from geomap's vendored copies and aborts every other
request, map tiles included. Pages are opened from ``file://`` paths.

Chromium is ``/usr/bin/chromium`` (``scripts/install-browser``); when it is missing the
tests skip, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from geomap.webmap.offline import serve_url

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
READY_TIMEOUT_MS = 20_000


def _local_copy(url: str) -> tuple[bytes, str] | None:
    """The vendored bytes for a CDN *url*, or for a file next to a vendored one."""
    return serve_url(url)


@dataclass
class OpenedMap:
    """A page showing a map, with what went wrong while loading it."""

    page: object
    errors: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)

    def count_layers(self, expression: str) -> int:
        return self.page.evaluate(expression)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found; run: bash scripts/install-browser"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (required when CI=true)")
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_map(browser) -> Iterator:
    """``open_map(path)``: open a map.html offline and wait until it is drawn."""
    contexts = []

    def opener(path: Path, *, wait_ready: bool = True, viewport=(1200, 800)) -> OpenedMap:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        page = context.new_page()
        opened = OpenedMap(page)

        def route(route) -> None:
            url = route.request.url
            if url.startswith(("file://", "data:")):
                route.continue_()
                return
            local = _local_copy(url)
            if local is not None:
                body, content_type = local
                route.fulfill(status=200, body=body, content_type=content_type)
                return
            opened.aborted.append(url)
            route.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda exc: opened.errors.append(f"pageerror: {exc}"))

        def console(message) -> None:
            if message.type != "error":
                return
            text = message.text
            location = (message.location or {}).get("url", "")
            if "Failed to load resource" in text and (
                location in opened.aborted or not location.startswith("file://")
            ):
                return  # a request we aborted on purpose (tiles)
            opened.errors.append(f"console: {text} ({location})")

        page.on("console", console)
        page.goto(Path(path).resolve().as_uri())
        if wait_ready:
            page.wait_for_function("window.__geomapReady === true", timeout=READY_TIMEOUT_MS)
        return opened

    yield opener
    for context in contexts:
        context.close()
