"""The shape of the package: stages import downstream only, and each rule exists once.

The pipeline runs text → places → events → control, and the output and map packages
turn its records into files. A processing stage that imported an output module, or two
packages importing each other, would tie the stages back into one lump; a second
sentence splitter or date grammar would let two stages read the same words two ways.
These tests read the source (every import, including those inside functions).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "geomap"
PROCESSING = ("text", "places", "events", "control")
PRESENTATION = ("output", "webmap")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_vendor" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(path: Path, module: str) -> set[str]:
    """Every geomap module *path* imports, at any depth, resolved to full names."""
    names: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("geomap"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("geomap"):
                continue
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    modules = _modules()
    return {n for n in names if n in modules}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


MODULES = _modules()
IMPORTS = {name: _imports(path, name) for name, path in MODULES.items()}


@pytest.mark.parametrize(
    "module", [m for m in MODULES if _stage(m) in (*PROCESSING, "model", "knowledge")]
)
def test_processing_stages_do_not_import_outputs_or_the_map(module: str) -> None:
    bad = sorted(i for i in IMPORTS[module] if _stage(i) in PRESENTATION)
    assert not bad, f"{module} imports {bad}"


def test_no_import_cycles_between_packages() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, imported in IMPORTS.items():
        for other in imported:
            a, b = _stage(module), _stage(other)
            if a and b and a != b:
                graph[a].add(b)
    cycles = []
    for start in list(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    cycles.append(" → ".join([*path, nxt]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert not cycles, cycles


def test_no_module_imports_cycles_within_the_map_package() -> None:
    page, webmap = "geomap.webmap.page", "geomap.webmap"
    assert not (webmap in IMPORTS.get(page, set()) and page in IMPORTS.get(webmap, set()))


def _definitions(pattern: str) -> list[str]:
    regex = re.compile(pattern, re.MULTILINE)
    return [f"{name}" for name, path in MODULES.items() if regex.search(path.read_text("utf-8"))]


@pytest.mark.parametrize(
    ("what", "pattern", "home"),
    [
        ("the sentence splitter", r"^def split_sentences\(", "geomap.text.sentences"),
        ("a sentence-end pattern", r"^_SENTENCE_END_RE\s*=", "geomap.text.sentences"),
        ("the date grammar", r"^def find_dates\(", "geomap.text.dates"),
        ("coordinate rounding", r"^COORDINATE_DECIMALS\s*=", "geomap.output.geojson"),
        ("area rounding", r"^AREA_DECIMALS\s*=", "geomap.output.geojson"),
        ("round_or_none", r"^def round_or_none\(", "geomap.output.geojson"),
    ],
)
def test_each_rule_is_defined_once(what: str, pattern: str, home: str) -> None:
    assert _definitions(pattern) == [home], what


def test_month_names_are_written_only_in_the_date_grammar() -> None:
    # A month alternation in a pattern ("|feb(?:ruary)?", "'february'") is a date
    # grammar; every reader of dates takes text.dates.MONTH_PATTERN instead.
    month = re.compile(r"[|\"'(:]feb(?:ruary)?\b", re.IGNORECASE)
    owners = [n for n, p in MODULES.items() if month.search(p.read_text("utf-8"))]
    assert owners == ["geomap.text.dates"], owners
