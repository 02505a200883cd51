"""Regenerate docs/example-map.png: the example map in headless Chromium, offline.

    python scripts/screenshot.py [OUTPUT.png]

Writes the example map (``geomap map`` defaults) to a temporary folder, opens it in
Debian's Chromium with CDN files served from geomap's vendored copies and tiles blocked,
waits until it is drawn and saves a 1200x800 screenshot.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
]


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from geomap import api
    from geomap.webmap.offline import serve_url

    output = Path(argv[0]) if argv else ROOT / "docs" / "example-map.png"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        path = api.make_map([], api.load_gazetteer(), output_dir=tmp).map
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=ARGS
        )
        page = browser.new_page(viewport={"width": 1200, "height": 800})

        def route(route) -> None:
            local = None if route.request.url.startswith("file:") else serve_url(route.request.url)
            if route.request.url.startswith("file:"):
                route.continue_()
            elif local is None:
                route.abort()
            else:
                route.fulfill(status=200, body=local[0], content_type=local[1])

        page.route("**/*", route)
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.__geomapReady === true", timeout=30_000)
        page.wait_for_timeout(300)
        output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(output))
        browser.close()
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
