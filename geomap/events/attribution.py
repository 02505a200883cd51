"""Who says so: the source an incident is attributed to, and the hedges around it.

"according to X", "X said", "X told Y", "(SANA)"; a quotation that runs over several
sentences takes the attribution at its end; a statement introduced by a sentence
ending in a colon takes that sentence's. Hedges: "unverified", "claimed", "could not
be independently verified" (in the sentence or the next one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geomap.events.cues import event_cues
from geomap.model import Sentence

__all__ = ["attribution", "attribution_after_quote", "attribution_before_colon", "hedge"]


def attribution(text: str, start: int, end: int) -> tuple[str | None, str | None, int, int]:
    """Who reported the sentence ``text[start:end]``.

    Parameters
    ----------
    text
        The article's text.
    start, end
        The sentence.

    Returns
    -------
    source, source_detail : str or None
        The source ("Anadolu Agency") and what it said of its own source ("eyewitness
        Mahmud Sheikh"); None, None when the sentence names no source.
    who_start, who_end : int
        The span of the source's words: no place, actor or count of the incident is
        read there ("a medic in Aleppo said"). ``start, start`` when there is none.

    Examples
    --------
    >>> text = "A doctor told Reuters that five people died."
    >>> attribution(text, 0, len(text))[:2]
    ('Reuters', 'A doctor')
    >>> text = "Five people died, according to the Observatory."
    >>> attribution(text, 0, len(text))[:2]
    ('Observatory', None)
    """
    cues = event_cues()
    sentence = text[start:end]
    told = cues.told.search(sentence)
    if told is not None and told.group("detail").split()[0].lower() not in cues.not_sources:
        return (
            _tidy(told.group("outlet")),
            _tidy(told.group("detail")),
            start + told.start(),
            start + told.end(),
        )
    for pattern in (cues.according, cues.trailing, cues.inverted, cues.leading):
        match = pattern.search(sentence)
        if match is None:
            continue
        who = " ".join(match.group("who").split()).strip(" ,")
        who = cues.source_opener.sub("", who)
        if not who or who.lower() in cues.not_sources or len(who.split()) > 14:
            continue
        source, detail = _split_source(who)
        return source, detail, start + match.start("who"), start + match.end("who")
    match = cues.agency.search(sentence)
    if match:
        return match.group("who"), None, start + match.start("who"), start + match.end("who")
    return None, None, start, start


def attribution_after_quote(
    text: str, sentences: Sequence[Sentence], index: int
) -> tuple[str | None, str | None, int, int]:
    """The attribution of a quotation that goes on over the next sentences of the paragraph.

    Parameters
    ----------
    text
        The article's text.
    sentences
        The article's sentences.
    index
        The sentence the quotation opens in: its attribution is read from the
        sentence (at most four on, in the same paragraph) where the quotation closes.

    Returns
    -------
    tuple
        As :func:`attribution`.
    """
    sentence = sentences[index]
    quotes = len(re.findall(r"[\"“”]", text[sentence.start : sentence.end]))
    j = index + 1
    while quotes % 2 == 1 and j < len(sentences) and j <= index + 4:
        following = sentences[j]
        if following.paragraph != sentence.paragraph:
            break
        quotes += len(re.findall(r"[\"“”]", text[following.start : following.end]))
        if quotes % 2 == 0:
            return attribution(text, following.start, following.end)
        j += 1
    return None, None, sentence.start, sentence.start


def attribution_before_colon(
    text: str, previous: Sentence
) -> tuple[str | None, str | None, int, int]:
    """The attribution of a statement introduced by the sentence before, ending in a colon.

    Parameters
    ----------
    text
        The article's text.
    previous
        The sentence before the statement's.

    Returns
    -------
    tuple
        As :func:`attribution`: the source of "In a statement by the Observatory:",
        else the attribution of that sentence; none when it does not end in a colon.
    """
    start, end = previous.start, previous.end
    if not text[start:end].rstrip().endswith(":"):
        return None, None, start, start
    match = event_cues().statement_by.search(text, start, end)
    if match is None:
        return attribution(text, start, end)
    return _tidy(match.group("who")), None, match.start("who"), match.end("who")


def _split_source(who: str) -> tuple[str, str | None]:
    """(outlet, detail) of a source naming both ("a medic, speaking to Reuters")."""
    cues = event_cues()
    match = cues.outlet.match(who)
    if match and match.group("detail").strip(" ,"):
        return _tidy(match.group("outlet")), _tidy(match.group("detail"))
    match = cues.citing.match(who)
    if match:
        cited = " ".join(match.group("cue").lower().split())
        return _tidy(match.group("outlet")), f"{cited} {_tidy(match.group('detail'))}"
    return _tidy(who), None


def _tidy(words: str) -> str:
    """A source's words on one line, without edge punctuation or a leading article."""
    return event_cues().article.sub("", " ".join(words.split()).strip(" ,."))


def hedge(sentence: str, next_sentence: str) -> str | None:
    """The words that hedge a report: in its sentence, or in a next sentence doubting it.

    Parameters
    ----------
    sentence
        The report's sentence.
    next_sentence
        The sentence after it ("The figures could not be verified"), or "".

    Returns
    -------
    str or None
        The hedge words as written, or None for a report nobody doubts.

    Examples
    --------
    >>> hedge("Rebels claimed to have killed 20 soldiers.", "")
    'claimed'
    >>> hedge("Shelling killed 20.", "The toll could not be independently verified.")
    'could not be independently verified'
    """
    cues = event_cues()
    match = cues.hedge.search(sentence)
    if match:
        return match.group(0)
    follow = cues.doubt.search(next_sentence.strip())
    if follow:
        inner = cues.hedge.search(next_sentence)
        return inner.group(0) if inner else follow.group(0)
    return None
