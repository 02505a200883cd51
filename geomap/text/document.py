"""The text layer's product: an article read once into a :class:`~geomap.model.Document`.

:func:`read_document` splits the sentences (:mod:`geomap.text.sentences`);
:func:`read_numbers`, which the document calls when a stage first asks, finds every
date expression and resolves it against the article's date (:mod:`geomap.text.dates`)
and every count of people (:mod:`geomap.text.quantities`), each sentence by sentence,
so that no expression runs across a sentence end. The places, events and control
stages read the document, not the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from geomap.model import (
    Article,
    Count,
    DateWords,
    Document,
    Numbers,
    RefusedCount,
    Sentence,
)
from geomap.text.dates import find_dates
from geomap.text.quantities import find_counts_and_refusals
from geomap.text.sentences import split_sentences

__all__ = ["read_document", "read_numbers"]


def read_document(article: Article) -> Document:
    """Read *article* into a document: its sentences now, its dates and counts on first use.

    Examples
    --------
    >>> import datetime
    >>> from geomap.text.articles import article_from_text
    >>> doc = read_document(article_from_text(
    ...     "Shelling killed 12 people yesterday. Talks resume on Monday.",
    ...     date=datetime.date(2016, 12, 14)))
    >>> len(doc.sentences), [(d.text, d.date.isoformat()) for d in doc.dates]
    (2, [('yesterday', '2016-12-13'), ('Monday', '2016-12-12')])
    >>> [c.best for c in doc.counts]
    [12]
    """
    return Document(article, split_sentences(article.text), read_numbers)


def read_numbers(article: Article, sentences: Sequence[Sentence]) -> Numbers:
    """The date expressions, counts and refused numbers of *article*, sentence by sentence.

    What :attr:`Document.dates <geomap.model.Document.dates>` and its counts hold; the
    document calls this on first use. Linear in the text.
    """
    text = article.text
    dates: list[DateWords] = []
    counts: list[Count] = []
    refused: list[RefusedCount] = []
    for sentence in sentences:
        dates.extend(find_dates(text, article.date, sentence.start, sentence.end))
        found, refusals = find_counts_and_refusals(text, sentence.start, sentence.end)
        counts.extend(found)
        refused.extend(refusals)
    return tuple(dates), tuple(counts), tuple(refused)
