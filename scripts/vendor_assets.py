"""Fetch the JavaScript and CSS that folium links from CDNs into ``geomap/webmap/_vendor/``.

Run once at development time (it needs ``npm`` and the npm registry); geomap itself never
runs npm: ``geomap map --self-contained`` inlines the files this script wrote, using
``geomap/webmap/_vendor/manifest.json`` to map each CDN address folium uses to its local copy.

    python scripts/vendor_assets.py          # rewrite geomap/webmap/_vendor/

Every package is MIT, BSD, ISC or (fonts) SIL OFL 1.1 licensed; each one's licence file is
copied next to its files, and NOTICE.md lists them. Only the files a map needs are kept:
the scripts and stylesheets folium links, and the images and web fonts those stylesheets
refer to (woff2/woff fonts only; the browser never needs the older formats).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "geomap" / "webmap" / "_vendor"

JSDELIVR = "https://cdn.jsdelivr.net"
CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"

# package spec -> (licence, licence file, {local path: [CDN addresses]}, extra files)
PACKAGES: dict[str, tuple[str, str, dict[str, list[str]], list[str]]] = {
    "leaflet@1.9.3": (
        "BSD-2-Clause",
        "LICENSE",
        {
            "dist/leaflet.js": [f"{JSDELIVR}/npm/leaflet@1.9.3/dist/leaflet.js"],
            "dist/leaflet.css": [f"{JSDELIVR}/npm/leaflet@1.9.3/dist/leaflet.css"],
        },
        ["dist/images/layers.png", "dist/images/layers-2x.png", "dist/images/marker-icon.png"],
    ),
    "jquery@3.7.1": (
        "MIT",
        "LICENSE.txt",
        {"dist/jquery.min.js": ["https://code.jquery.com/jquery-3.7.1.min.js"]},
        [],
    ),
    "bootstrap@5.2.2": (
        "MIT",
        "LICENSE",
        {
            "dist/js/bootstrap.bundle.min.js": [
                f"{JSDELIVR}/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js"
            ],
            "dist/css/bootstrap.min.css": [
                f"{JSDELIVR}/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css"
            ],
        },
        [],
    ),
    "@fortawesome/fontawesome-free@6.2.0": (
        "MIT (code), SIL OFL 1.1 (fonts), CC BY 4.0 (icons)",
        "LICENSE.txt",
        {
            "css/all.min.css": [
                f"{JSDELIVR}/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css"
            ]
        },
        [
            "webfonts/fa-brands-400.woff2",
            "webfonts/fa-regular-400.woff2",
            "webfonts/fa-solid-900.woff2",
            "webfonts/fa-v4compatibility.woff2",
        ],
    ),
    "leaflet.awesome-markers@2.0.5": (
        "MIT",
        "LICENSE",
        {
            "dist/leaflet.awesome-markers.js": [
                f"{CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js"
            ],
            "dist/leaflet.awesome-markers.css": [
                f"{CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css"
            ],
        },
        [
            "dist/images/markers-soft.png",
            "dist/images/markers-soft@2x.png",
            "dist/images/markers-shadow.png",
            "dist/images/markers-shadow@2x.png",
        ],
    ),
    "leaflet.fullscreen@3.0.0": (
        "MIT",
        "LICENSE",
        {
            "Control.FullScreen.js": [
                f"{JSDELIVR}/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js"
            ],
            "Control.FullScreen.css": [
                f"{JSDELIVR}/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css"
            ],
        },
        ["icon-fullscreen.svg"],
    ),
    "leaflet-measure@2.1.7": (
        "MIT",
        "LICENSE",
        {
            "dist/leaflet-measure.min.js": [
                f"{JSDELIVR}/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js"
            ],
            "dist/leaflet-measure.css": [
                f"{JSDELIVR}/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css"
            ],
        },
        [
            f"dist/images/{name}{suffix}.png"
            for name in ("cancel", "check", "focus", "rulers", "start", "trash")
            for suffix in ("", "_@2X")
        ],
    ),
    # folium.RegularPolygonMarker's plugin.
    "leaflet-dvf@0.3.0": (
        "MIT",
        "LICENSE",
        {
            "dist/leaflet-dvf.markers.min.js": [
                f"{CDNJS}/leaflet-dvf/0.3.0/leaflet-dvf.markers.min.js"
            ]
        },
        [],
    ),
    # Bootstrap 3.0.0's separate glyphicons stylesheet is not on npm: the glyphicon rules
    # and the Glyphicons Halflings font are taken from Bootstrap 3.4.1 instead.
    "bootstrap@3.4.1": (
        "MIT",
        "LICENSE",
        {},
        ["dist/fonts/glyphicons-halflings-regular.woff2"],
    ),
}
GLYPHICONS_URL = "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css"
ROTATE_URL = (
    f"{JSDELIVR}/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css"
)


def _folder(spec: str) -> str:
    return spec.lstrip("@").replace("/", "-")


def _glyphicons_css(bootstrap3: Path) -> str:
    """The @font-face and .glyphicon rules of Bootstrap 3's stylesheet, nothing else."""
    css = (bootstrap3 / "dist/css/bootstrap.css").read_text(encoding="utf-8")
    keep = []
    for block in css.split("}"):
        head = block.strip()
        if not head or "{" not in head:
            continue
        selector = head.split("{", 1)[0].strip()
        if (selector.startswith("@font-face") and "Glyphicons" in head) or selector.startswith(
            ".glyphicon"
        ):
            keep.append(head + "}")
    return "/* Glyphicon rules from Bootstrap v3.4.1 (MIT, see LICENSE). */\n" + "\n".join(keep)


def _rotate_css() -> str:
    """folium's Icon(angle=N) adds the class fa-rotate-N; this turns it into a rotation."""
    rules = "".join(f".fa-rotate-{n}{{transform:rotate({n}deg)}}" for n in range(360))
    return "/* geomap: rotations for folium Icon(angle=...) (MIT, geomap). */\n" + rules + "\n"


def main() -> int:
    if shutil.which("npm") is None:
        print("vendor_assets: npm is needed (dev time only)", file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    manifest: dict[str, dict[str, str]] = {}
    packages = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec, (licence, licence_file, mapping, extra) in PACKAGES.items():
            out = subprocess.run(
                ["npm", "pack", spec, "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                text=True,
            )
            tarball = Path(tmp) / out.stdout.strip().splitlines()[-1]
            unpacked = Path(tmp) / _folder(spec)
            with tarfile.open(tarball) as tar:
                tar.extractall(unpacked, filter="data")
            source = unpacked / "package"
            target = VENDOR / _folder(spec)
            for rel in [licence_file, *mapping, *extra]:
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / rel, target / rel)
            for rel, urls in mapping.items():
                for url in urls:
                    manifest[url] = {"file": f"{_folder(spec)}/{rel}", "package": spec}
            if spec == "bootstrap@3.4.1":
                css = target / "dist/css/glyphicons.css"
                css.parent.mkdir(parents=True, exist_ok=True)
                css.write_text(_glyphicons_css(source), encoding="utf-8")
                manifest[GLYPHICONS_URL] = {
                    "file": f"{_folder(spec)}/dist/css/glyphicons.css",
                    "package": spec,
                }
            packages.append({"package": spec, "licence": licence, "licence_file": licence_file})
    rotate = VENDOR / "geomap" / "leaflet.awesome.rotate.css"
    rotate.parent.mkdir(parents=True)
    rotate.write_text(_rotate_css(), encoding="utf-8")
    manifest[ROTATE_URL] = {"file": "geomap/leaflet.awesome.rotate.css", "package": "geomap"}
    (VENDOR / "manifest.json").write_text(
        json.dumps(
            {"assets": dict(sorted(manifest.items())), "packages": packages},
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"vendor_assets: wrote {len(manifest)} assets from {len(packages)} packages to {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
