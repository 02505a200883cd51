"""District geometries, and who holds how much of them over time.

:func:`district_geometries` gives each district a polygon: real boundaries from a
GeoJSON (``--boundaries``), or approximate Voronoi cells of the gazetteer's
centroids, labelled as such. :func:`snapshots` applies the changes date by date and
measures each side's area (the union of its districts) in the UTM zone of the city,
in km².

shapely, pyproj and geopandas are imported inside functions only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geomap._userfiles import feature_shape, read_features
from geomap.control.figures import figures_for
from geomap.control.sides import CONTESTED, controller_ids
from geomap.control.timeline import Holding, apply_change, find_unit
from geomap.errors import InputError
from geomap.model import (
    GEOMETRY_APPROXIMATE,
    ControlChange,
    DistrictGeometry,
    ReportedFigure,
    Snapshot,
    Timeline,
)
from geomap.places.gazetteer import Gazetteer

# Places whose districts or towns are a timeline's units: all of them shape the cells.
_CONTAINER_KINDS = ("city", "region")


def district_geometries(
    gazetteer: Gazetteer,
    boundaries: str | Path | None = None,
    *,
    districts: Iterable[str] | None = None,
) -> DistrictGeometry:
    """A polygon for each district: real boundaries, or approximate Voronoi cells.

    Parameters
    ----------
    gazetteer
        Where districts (and their cities) are found.
    boundaries
        A GeoJSON FeatureCollection of district polygons. Each feature is matched to
        a gazetteer district by its name (``name``, ``NAME``... property) through the
        gazetteer's lookup; features sharing an ``Id`` (or a name) are merged, and so
        are features matching the same district. Unmatched features are warnings.
    districts
        The ids of the districts or towns wanted (default: every district in the
        gazetteer). Without *boundaries*, the cells are made per containing place
        (the units' parent): from the points of all its districts (or towns) when it
        is a city or an enclave, else of the wanted ones only; clipped to equal discs
        around the points sized so that the total is the container's ``area_km2``
        when the gazetteer knows it, else to their hull with a margin (see
        :func:`geomap.control.geometry.voronoi_cells`).
    """
    wanted = set(districts) if districts is not None else None
    if boundaries is not None:
        return _boundary_geometries(gazetteer, Path(boundaries), wanted)
    from geomap.control.geometry import voronoi_cells

    units = (
        [p for i in sorted(wanted) if (p := gazetteer.get(i)) is not None]
        if wanted is not None
        else [p for p in gazetteer if p.kind == "district"]
    )
    groups: dict[str, dict[str, tuple[float, float]]] = {}
    for unit in units:
        groups.setdefault(unit.parent or "", {})[unit.id] = (unit.lon, unit.lat)
    geometries: dict[str, Any] = {}
    for parent_id in sorted(groups):
        points = groups[parent_id]
        container = gazetteer.get(parent_id) if parent_id else None
        target = None
        if container is not None and container.kind in _CONTAINER_KINDS:
            # Every district of the city (town of the enclave) shapes the cells, not
            # only those wanted, so a district's cell is the same whatever is asked.
            kinds = {gazetteer.get(i).kind for i in points}  # type: ignore[union-attr]
            for sibling in gazetteer.children(container):
                if sibling.kind in kinds:
                    points.setdefault(sibling.id, (sibling.lon, sibling.lat))
            target = container.area_km2
        geometries.update(voronoi_cells(points, target_area_km2=target))
    if wanted is not None:
        geometries = {k: v for k, v in geometries.items() if k in wanted}
    return DistrictGeometry(geometries, GEOMETRY_APPROXIMATE)


def _boundary_geometries(
    gazetteer: Gazetteer, path: Path, wanted: set[str] | None
) -> DistrictGeometry:
    import shapely

    from geomap.places.gazetteer import _NAME_PROPERTIES

    features = read_features(path, str(path))
    props = [f["properties"] for f in features]
    name_key = next((p for p in _NAME_PROPERTIES if any(p in x for x in props)), None)
    if name_key is None:
        raise InputError(f"{path}: no name property found (tried {', '.join(_NAME_PROPERTIES)})")
    id_key = next((k for k in ("Id", "id", "ID") if all(k in x for x in props)), None)
    groups: dict[str, list[tuple[str, Any]]] = {}
    for number, (feature, properties) in enumerate(zip(features, props, strict=True), start=1):
        name = str(properties.get(name_key) or "").strip()
        geom = feature_shape(feature, f"{path}:feature {number}")
        key = f"id:{properties[id_key]}" if id_key else f"name:{name}"
        groups.setdefault(key, []).append((name, geom))
    warnings: list[str] = []
    parts: dict[str, list[Any]] = {}
    for key in sorted(groups):
        members = groups[key]
        place = None
        for name, _geom in members:
            try:
                # Unmatched features are only warned about: no suggestions to compute.
                place = find_unit(gazetteer, name, hints=False)
                break
            except ValueError:
                continue
        if place is None:
            names = ", ".join(sorted({n for n, _ in members}))
            warnings.append(f"{path}: no gazetteer district matches feature(s) {names!r}")
            continue
        parts.setdefault(place.id, []).extend(g for _, g in members)
    geometries = {i: shapely.union_all(g) for i, g in sorted(parts.items())}
    if wanted is not None:
        geometries = {k: v for k, v in geometries.items() if k in wanted}
        for missing in sorted(wanted - set(geometries)):
            place = gazetteer.get(missing)
            name = place.name if place else missing
            warnings.append(f"{path}: no polygon for {name} ({missing}); left out of areas")
    return DistrictGeometry(geometries, f"boundaries from {path.name}", tuple(warnings))


# ---------------------------------------------------------------------------
# Snapshots and areas


def snapshots(
    timeline: Timeline,
    changes: Sequence[ControlChange],
    geometry: DistrictGeometry,
    figures: Sequence[ReportedFigure] = (),
    gazetteer: Gazetteer | None = None,
) -> list[Snapshot]:
    """Each controller's districts and area over each interval between change dates.

    Parameters
    ----------
    timeline
        Gives the initial state (on ``timeline.start``).
    changes
        All changes to apply (see :func:`merge_changes`), any order.
    geometry
        The district polygons.
    figures
        Reported figures; ``area_km2`` and ``share_percent`` figures are put beside
        the snapshot of their controller (see :attr:`Snapshot.reported_figure` and
        :attr:`Snapshot.reported_share`).
    gazetteer
        For district names of text-only changes (optional).

    Returns
    -------
    list of Snapshot
        By date, then controller (the sides in the order of
        ``data/control/sides.csv``, then contested); controllers holding nothing in
        an interval are left out. Areas are measured in the UTM
        zone of all the districts' centroid.
    """
    import shapely

    from geomap.control.geometry import to_metric, utm_crs

    names = {c.district_id: c.district for c in (*timeline.initial.values(), *changes)}
    ids = sorted(names)
    with_geom = [i for i in ids if geometry.geometries.get(i) is not None]
    crs = utm_crs([geometry.geometries[i] for i in with_geom]) if with_geom else None
    metric = (
        dict(
            zip(with_geom, to_metric([geometry.geometries[i] for i in with_geom], crs), strict=True)
        )
        if crs
        else {}
    )
    state = {i: Holding(c.to_side, c.status, None, c.sources) for i, c in timeline.initial.items()}
    ordered = sorted(changes, key=lambda c: c.date)
    dates = sorted({timeline.start, *(c.date for c in ordered if c.date >= timeline.start)})
    result: list[Snapshot] = []
    area_figures = [f for f in figures if f.kind == "area_km2" and f.controller]
    share_figures = [f for f in figures if f.kind == "share_percent" and f.controller]
    # The shares are of the whole of what the timeline follows: every unit's cell.
    whole = shapely.union_all(list(metric.values())).area / 1e6 if metric else 0.0
    for n, date in enumerate(dates):
        arrived: dict[str, list[str]] = {}
        for change in ordered:
            if change.date == date:
                apply_change(state, change)
                holder = state[change.district_id].controller
                arrived.setdefault(holder, []).append(change.district)
        valid_to = dates[n + 1] if n + 1 < len(dates) else None
        for controller in controller_ids():
            held = sorted(
                (i for i, h in state.items() if h.controller == controller),
                key=lambda i: (names[i].casefold(), i),
            )
            if not held:
                continue
            geoms = [geometry.geometries[i] for i in held if i in metric]
            union = shapely.union_all(geoms) if geoms else None
            area = (
                shapely.union_all([metric[i] for i in held if i in metric]).area / 1e6
                if geoms
                else 0.0
            )
            sources = sorted(
                {s for i in held for s in state[i].sources if not s.startswith("geomap authors")}
            )
            contested = (
                tuple(
                    sorted(
                        {s for i in held for s in (state[i].other,) if s}
                        | _gainers(ordered, held, date)
                    )
                )
                if controller == CONTESTED
                else ()
            )
            reported, primary = figures_for(area_figures, controller, date, valid_to)
            shares, share = figures_for(share_figures, controller, date, valid_to)
            result.append(
                Snapshot(
                    controller=controller,
                    valid_from=date,
                    valid_to=valid_to,
                    district_ids=tuple(held),
                    districts=tuple(names[i] for i in held),
                    area_km2=area,
                    geometry=union,
                    geometry_source=geometry.source,
                    claimed_district_ids=tuple(i for i in held if state[i].status == "claimed"),
                    contested_between=contested,
                    missing_geometry=tuple(i for i in held if i not in metric),
                    changed=tuple(sorted(set(arrived.get(controller, ())), key=str.casefold)),
                    sources=tuple(sources),
                    reported=tuple(sorted([*reported, *shares], key=lambda f: f.date)),
                    reported_figure=primary,
                    share_percent=100 * area / whole if whole else None,
                    reported_share=share,
                )
            )
    return result


def _gainers(
    changes: Sequence[ControlChange], held: Sequence[str], date: datetime.date
) -> set[str]:
    """The ``to`` sides of the latest contested changes of *held* districts by *date*."""
    latest: dict[str, ControlChange] = {}
    for change in changes:
        if change.district_id in held and change.date <= date:
            latest[change.district_id] = change
    return {c.to_side for c in latest.values() if c.status == "contested"}
