"""Self-contained maps: the scripts and stylesheets folium links from CDNs, inlined.

folium's HTML loads Leaflet, jQuery, Bootstrap, Font Awesome and its plugins from CDNs.
:func:`inline_assets` replaces every such ``<script src>`` and ``<link rel=stylesheet>``
by the file's text, read from the local copies in ``geomap/webmap/_vendor/`` (fetched once from
the npm registry by ``scripts/vendor_assets.py``; versions and licences in NOTICE.md).
Images and web fonts a stylesheet refers to become ``data:`` URIs, so the page needs no
network at all, map tiles aside. An address with no local copy is an error rather than
a silently half-offline file.
"""

from __future__ import annotations

import base64
import functools
import json
import posixpath
import re
from importlib.resources import files

from geomap.errors import OutputError

__all__ = ["asset_for_url", "inline_assets", "serve_url", "vendored_assets"]

_SCRIPT = re.compile(r'<script\s+src="(?P<url>https?://[^"]+)"\s*>\s*</script>')
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>https?://[^"]+)"\s*/?>')
_REMOTE = re.compile(r'<(?:script|link)\b[^>]*(?:src|href)="(https?://[^"]+)"', re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<ref>[^'")]+)\1\s*\)""")
_TYPES = {
    ".js": "application/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}
_MIME = {
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}


@functools.cache
def _manifest() -> dict:
    text = (files("geomap.webmap") / "_vendor" / "manifest.json").read_text(encoding="utf-8")
    return json.loads(text)


def vendored_assets() -> dict[str, str]:
    """Map each CDN address folium uses to its local file (relative to ``_vendor``)."""
    return {url: entry["file"] for url, entry in _manifest()["assets"].items()}


def asset_for_url(url: str) -> bytes | None:
    """The bytes of the local copy of *url*, or None if there is none."""
    rel = vendored_assets().get(url)
    if rel is None:
        return None
    return _read(rel)


@functools.cache
def _read(rel: str) -> bytes:
    resource = files("geomap.webmap") / "_vendor"
    for part in rel.split("/"):
        resource = resource / part
    return resource.read_bytes()


def serve_url(url: str) -> tuple[bytes, str] | None:
    """``(bytes, content type)`` of the local copy of a CDN *url*, or None.

    Files next to a vendored one (a stylesheet's images and fonts) are found too. For
    tests and benchmarks that serve CDN requests from the vendored copies.
    """
    url = url.split("#")[0].split("?")[0]
    content_type = _TYPES.get(posixpath.splitext(url)[1].lower(), "application/octet-stream")
    data = asset_for_url(url)
    if data is not None:
        return data, content_type
    for known, rel in vendored_assets().items():
        base = posixpath.dirname(known) + "/"
        if url.startswith(base):
            local = posixpath.normpath(posixpath.join(posixpath.dirname(rel), url[len(base) :]))
            if not local.startswith("..") and _exists(local):
                return _read(local), content_type
    return None


def _exists(rel: str) -> bool:
    resource = files("geomap.webmap") / "_vendor"
    for part in rel.split("/"):
        resource = resource / part
    return resource.is_file()


@functools.cache
def _inline_css(rel: str) -> str:
    """The stylesheet *rel* with every local image or font as a ``data:`` URI.

    References to files not vendored (older font formats the browser never picks)
    become ``data:,``, so nothing is fetched.
    """
    css = _read(rel).decode("utf-8")
    folder = posixpath.dirname(rel)

    def replace(match: re.Match[str]) -> str:
        ref = match.group("ref").strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        path = posixpath.normpath(posixpath.join(folder, ref.split("?")[0].split("#")[0]))
        mime = _MIME.get(posixpath.splitext(path)[1].lower())
        if mime is None or not _exists(path):
            return "url(data:,)"
        encoded = base64.b64encode(_read(path)).decode("ascii")
        return f'url("data:{mime};base64,{encoded}")'

    return _CSS_URL.sub(replace, css).replace("</style", "<\\/style")


def _inline_js(rel: str) -> str:
    # "</script" inside a script would end it early; "<\/script" means the same to JS.
    return _read(rel).decode("utf-8").replace("</script", "<\\/script")


def inline_assets(html: str) -> str:
    """Return *html* with every CDN script and stylesheet inlined from local copies.

    Raises
    ------
    OutputError
        If the page links a script or stylesheet geomap has no local copy of.
    """
    assets = vendored_assets()

    def script(match: re.Match[str]) -> str:
        rel = assets.get(match.group("url"))
        if rel is None:
            return match.group(0)
        return f"<script>/* {match.group('url')} */\n{_inline_js(rel)}\n</script>"

    def link(match: re.Match[str]) -> str:
        rel = assets.get(match.group("url"))
        if rel is None:
            return match.group(0)
        return f"<style>/* {match.group('url')} */\n{_inline_css(rel)}\n</style>"

    html = _LINK.sub(link, _SCRIPT.sub(script, html))
    missing = sorted(set(_REMOTE.findall(html)))
    if missing:
        raise OutputError(
            f"--self-contained: no local copy of {', '.join(missing)}; "
            "run scripts/vendor_assets.py to add it"
        )
    return html
