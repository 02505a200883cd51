"""The report of ``geomap evaluate``: a table for reading, or JSON.

Shares and scores are written with :data:`RATIO_DECIMALS` places, distances in km
with :data:`KM_DECIMALS` (rounded with :func:`geomap.output.geojson.round_or_none`).
"""

from __future__ import annotations

import io

from geomap.evaluation import ACCURACY_KM, ArticleScore, Evaluation
from geomap.output.geojson import round_or_none
from geomap.output.terminal import visible

RATIO_DECIMALS = 4
KM_DECIMALS = 1
_NAME_WIDTH = 32


def _article_json(score: ArticleScore) -> dict:
    return {
        "id": score.ident,
        "gold": score.gold,
        "predicted": score.predicted,
        "matched": score.matched,
        "resolved_pairs": len(score.errors_km),
        "within_161_km": sum(e <= ACCURACY_KM for e in score.errors_km),
        "gold_with_coordinates": score.gold_with_coordinates,
        "shifted": score.shifted,
        "skipped": score.skipped,
    }


def evaluation_json(result: Evaluation) -> dict:
    """``geomap evaluate --format json``: the corpus scores, counts, names and articles.

    Parameters
    ----------
    result
        The scores (see :func:`geomap.evaluation.evaluate_corpus`).

    Returns
    -------
    dict
        ``corpus``, ``shape``, ``articles_read``, ``roles`` (of the predictions),
        ``demonyms`` (whether they counted as predictions),
        ``counts``, ``recognition``, ``resolution``, ``found_and_resolved``,
        ``docs_per_second``, ``misses`` and ``false_positives`` (``[name, count]``
        pairs) and ``per_article``.
    """

    def ratio(value: float | None) -> float | None:
        return round_or_none(value, RATIO_DECIMALS)

    def km(value: float | None) -> float | None:
        return round_or_none(value, KM_DECIMALS)

    return {
        "corpus": result.corpus,
        "shape": result.shape,
        "articles_read": len(result.articles),
        "roles": list(result.roles),
        "demonyms": result.demonyms,
        "counts": {
            "gold": result.gold,
            "predicted": result.predicted,
            "matched": result.matched,
            "resolved_pairs": len(result.errors_km),
            "gold_with_coordinates": result.gold_with_coordinates,
            "shifted": result.shifted,
            "skipped": result.skipped,
        },
        "recognition": {
            "precision": ratio(result.precision),
            "recall": ratio(result.recall),
            "f1": ratio(result.f1),
        },
        "resolution": {
            "accuracy_161_km": ratio(result.accuracy_161),
            "mean_error_km": km(result.mean_error_km),
            "median_error_km": km(result.median_error_km),
            "auc": ratio(result.auc),
        },
        "found_and_resolved": ratio(result.found_and_resolved),
        "docs_per_second": km(result.docs_per_second),
        "misses": [list(pair) for pair in result.misses],
        "false_positives": [list(pair) for pair in result.false_positives],
        "per_article": [_article_json(a) for a in result.articles],
    }


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.{RATIO_DECIMALS}f}"


def _km(value: float | None) -> str:
    return "—" if value is None else f"{value:,.{KM_DECIMALS}f} km"


def evaluation_table(result: Evaluation) -> str:
    """``geomap evaluate``: the scores, then the most frequent misses and false positives.

    Returns
    -------
    str
        Lines of ``label  value``, then two name/count lists. No final newline.
    """
    out = io.StringIO()
    speed = result.docs_per_second
    rows = [
        ("corpus", f"{visible(result.corpus)} ({result.shape}, {len(result.articles)} articles)"),
        ("gold toponyms", f"{result.gold:,} ({result.gold_with_coordinates:,} with coordinates)"),
        ("offsets shifted", f"{result.shifted:,}"),
        ("toponyms skipped", f"{result.skipped:,} (offsets no shift aligns)"),
        ("predicted", f"{result.predicted:,} (resolved mentions, role {'/'.join(result.roles)})"),
        ("demonyms", "counted" if result.demonyms else "not counted"),
        ("matched", f"{result.matched:,} (overlapping spans)"),
        ("precision", _share(result.precision)),
        ("recall", _share(result.recall)),
        ("F1", _share(result.f1)),
        ("resolved pairs", f"{len(result.errors_km):,} (matched, gold with coordinates)"),
        (f"accuracy@{ACCURACY_KM:g} km", _share(result.accuracy_161)),
        ("mean error", _km(result.mean_error_km)),
        ("median error", _km(result.median_error_km)),
        ("AUC", f"{_share(result.auc)} (log error curve; lower is better)"),
        ("found and resolved", f"{_share(result.found_and_resolved)} (of gold with coordinates)"),
        ("docs/s", "—" if speed is None else f"{speed:,.1f}"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        out.write(f"{label:<{width}}  {value}\n")
    for title, names in (
        ("Most frequent misses", result.misses),
        ("Most frequent false positives", result.false_positives),
    ):
        out.write(f"\n{title} ({len(names)}):\n")
        for name, count in names:
            out.write(f"{count:>6}  {visible(name)[:_NAME_WIDTH]}\n")
    return out.getvalue().rstrip("\n")
