"""The text layer's product: an article read once into a :class:`~geomap.model.Document`.

:func:`read_document` splits the sentences (:mod:`geomap.text.sentences`), finds every
date expression and resolves it against the article's date (:mod:`geomap.text.dates`)
and every count of people (:mod:`geomap.text.quantities`), each sentence by sentence,
so that no expression runs across a sentence end. The places, events and control
stages read the document, not the text.
"""

from __future__ import annotations

from geomap.model import Article, Count, DateWords, Document, RefusedCount
from geomap.text.dates import find_dates
from geomap.text.quantities import find_counts_and_refusals
from geomap.text.sentences import split_sentences

__all__ = ["read_document"]


def read_document(article: Article) -> Document:
    """Analyse *article* into its sentences, dates and counts (linear in its text).

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
    text = article.text
    sentences = split_sentences(text)
    dates: list[DateWords] = []
    counts: list[Count] = []
    refused: list[RefusedCount] = []
    for sentence in sentences:
        dates.extend(find_dates(text, article.date, sentence.start, sentence.end))
        found, refusals = find_counts_and_refusals(text, sentence.start, sentence.end)
        counts.extend(found)
        refused.extend(refusals)
    return Document(article, sentences, tuple(dates), tuple(counts), tuple(refused))
