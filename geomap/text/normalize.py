"""Spelling folds shared by the gazetteer index and the text scanner.

Both sides of every match go through :func:`tokenize`, so a name in the gazetteer
and the same name in an article are folded by the same code. Two folds exist:

``key``
    A light fold: transliterated to ASCII (anyascii), lower-cased, apostrophes and
    ayn/hamza marks removed, Arabic articles dropped (``al-``, ``el-``, ``as-``,
    ``ash-``...; ``ال`` in Arabic script). ``Sheikh Sa’eed`` and ``sheikh saeed``
    share a key. A sun-letter article written with a space instead of a hyphen
    (``As Sukkari``, ``Ayn At Tal``) is an article too when it is assimilated to the
    next word's first letter; in running text only when both are capitalised and not
    at the start of a sentence (``At Tartus``, ``As Syria's war``). Arabic script is folded in
    Arabic (alef and hamza forms, taa marbuta, alef maqsura, tatweel, harakat), not
    transliterated.
``skeleton``
    A heavy fold for transliteration variants of Arabic names: doubled letters
    collapsed, final taa marbuta (``-eh``, ``-ah``, ``-a``, also after ``i``) dropped,
    ``q``, ``g`` and ``gh`` as ``k``, a final ``y`` as ``i``, ``ou``/``aw``/``ay``/``iy``
    as vowels, then vowels dropped. ``Firdaus``,
    ``Fardos``, ``Firdous`` and ``al-Firdaws`` all become ``frds``. Skeletons
    collide easily, so the geoparser uses them only for small places (districts,
    regions) in a context that supports them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from anyascii import anyascii

# Marks that stand for ayn, hamza or an apostrophe in transliterations.
_QUOTE_MARKS = "'’‘`´ʿʾʻʼ′"
# A dotted abbreviation ("U.S.", "U.A.E.") is one word, its letters without the dots.
_ABBREVIATION = r"(?<![^\W_])(?:[A-Z]\.){2,6}(?![^\W_])"
_WORD_RE = re.compile(
    rf"{_ABBREVIATION}|[{_QUOTE_MARKS}]?[^\W_]+(?:[{_QUOTE_MARKS}][^\W_]+)*",
)
_QUOTES_TRANS = str.maketrans("", "", _QUOTE_MARKS)

# ``al``/``el`` are articles wherever they stand as a word; the assimilated forms
# (``as-Salheen``, ``ash-Sha'ar``) are articles only when joined by a hyphen,
# because ``as``, ``at`` and ``an`` are also English words.
_ARTICLES_ALWAYS = frozenset({"al", "el"})
_ARTICLES_HYPHENATED = frozenset(
    [
        "as",
        "ash",
        "ad",
        "az",
        "aj",
        "at",
        "ar",
        "an",
        "ath",
        "adh",
        "es",
        "esh",
        "ed",
        "ez",
        "et",
        "er",
        "en",
        "ul",
        "ur",
        "us",
        "ud",
        "uz",
    ]
)
# Every word that may be an article, by its fold.
_ARTICLE_WORDS = _ARTICLES_ALWAYS | _ARTICLES_HYPHENATED

# Characters after which a word opens a sentence or a quotation; how far back to look.
_SENTENCE_OPENERS = frozenset(".!?:;\"“”‘’'([\n")
_LOOKBEHIND = 16

# The Arabic blocks, their presentation forms, and the Arabic mathematical letters
# (which NFKC turns into Arabic letters).
_ARABIC_RE = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\U0001ee00-\U0001eeff]"
)
_ARABIC_DIACRITICS_RE = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTER_TRANS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ی": "ي"}
)
# Conjunction/preposition + article prefixes: "and the", "in the", "for the".
_ARABIC_ARTICLE_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")

_HYPHENS = frozenset("-‐‑")
_POSSESSIVE_RE = re.compile(r"[’'](?:s)$", re.IGNORECASE)


class Token(NamedTuple):
    """A word of a text with its offsets and folds.

    A named tuple, not a dataclass: a text makes one per word, and a tuple is made
    several times faster than a frozen dataclass.

    Attributes
    ----------
    start, end
        Character offsets of the word in the text (``text[start:end]``).
    text
        The word as written, possessive ``'s`` removed.
    key
        The light fold (see module docstring); empty for an article.
    is_article
        The word is an Arabic article (``al``, ``el``, ``as-``...).
    possessive
        The word was written with a possessive ``'s`` (``Syria's``).
    hyphen_after
        A hyphen joins this word to the next (``al-Fardos``, ``Iranian-backed``).
    is_capitalized
        The word starts with an upper-case letter or is in a caseless script.
    """

    start: int
    end: int
    text: str
    key: str
    is_article: bool = False
    possessive: bool = False
    hyphen_after: bool = False
    is_capitalized: bool = False


def is_arabic(text: str) -> bool:
    """True when *text* contains Arabic-script letters."""
    return _ARABIC_RE.search(text) is not None


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Return the light fold of one word (no article handling)."""
    if word.isascii() and word.isalpha():
        return word.lower()  # what the steps below make of plain letters, at once
    word = unicodedata.normalize("NFKC", word.translate(_QUOTES_TRANS))
    if is_arabic(word):
        word = _ARABIC_DIACRITICS_RE.sub("", word).translate(_ARABIC_LETTER_TRANS)
        for prefix in _ARABIC_ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                return word[len(prefix) :]
        return word
    folded = anyascii(word.translate(_QUOTES_TRANS)).lower().translate(_QUOTES_TRANS)
    # anyascii may spell one character as several words or as punctuation.
    return " ".join(_WORD_RE.findall(folded))


@lru_cache(maxsize=65536)
def _word_facts(matched: str) -> tuple[str, str, bool, bool, bool]:
    """A matched word's text (possessive 's removed), fold, possessive, capital, and
    whether it may be an article (its fold is one and it is no abbreviation; see
    :func:`tokenize`).

    The same words recur through a corpus; these facts depend on the word alone.
    """
    word, possessive = matched, False
    if len(word) > 2 and _POSSESSIVE_RE.search(word):
        word, possessive = word[:-2], True
    abbreviation = word.endswith(".")  # "U.S.": folded as its letters, never an article
    first = word.lstrip(_QUOTE_MARKS)[:1]
    key = fold_word(word.replace(".", "") if abbreviation else word)
    return (
        word,
        key,
        possessive,
        bool(first) and (first.isupper() or not first.islower()),
        not abbreviation and key in _ARTICLE_WORDS,
    )


_new_tuple = tuple.__new__


def tokenize(text: str, *, name: bool = False) -> list[Token]:
    """Split *text* into :class:`Token` objects, folding each word.

    Parameters
    ----------
    text
        Running text, or one name.
    name
        *text* is one name: a spaced sun-letter article may open it (``As Sukkari``).
        In running text a capitalised ``As``, ``At``... opening a sentence is an
        English word.

    Examples
    --------
    >>> [t.key for t in tokenize("the as-Salheen district")]
    ['the', '', 'salheen', 'district']
    >>> [t.key for t in tokenize("Shells hit As Sukkari. At Tartus, troops")]
    ['shells', 'hit', '', 'sukkari', 'at', 'tartus', 'troops']
    >>> [(t.text, t.key) for t in tokenize("U.S.-backed forces, the U.A.E.")]
    [('U.S.', 'us'), ('backed', 'backed'), ('forces', 'forces'), ('the', 'the'), ('U.A.E.', 'uae')]
    """
    tokens: list[Token] = []
    matches = list(_WORD_RE.finditer(text))
    for position, match in enumerate(matches):
        start = match.start()
        word, key, possessive, capitalized, may_be_article = _word_facts(match.group())
        end = start + len(word)
        hyphen_after = text[end : end + 1] in _HYPHENS
        # Articles are recognised by their fold, not their spelling, so a word that
        # folds to "al" ("ªL", "Él") is an article here as it is in its own key.
        if may_be_article and (
            key in _ARTICLES_ALWAYS
            or hyphen_after
            or (
                position + 1 < len(matches)
                and _spaced_sun_article(text, word, key, start, matches[position + 1], name)
            )
        ):
            fields = (start, end, word, "", True, possessive, hyphen_after, capitalized)
        elif key:
            fields = (start, end, word, key, False, possessive, hyphen_after, capitalized)
        else:
            continue
        # tuple.__new__ skips the named tuple's Python-level constructor: one frame
        # less for every word of every article.
        tokens.append(_new_tuple(Token, fields))
    return tokens


def _spaced_sun_article(
    text: str, word: str, key: str, start: int, following: re.Match[str], name: bool
) -> bool:
    """Whether *word* is a sun-letter article written with a space (``As Sukkari``).

    It must be followed by one space and a longer word whose fold starts with the
    article's consonant, and both must be capitalised (the second not an acronym),
    so that "Dar es Salaam" keeps its "es" in a name as in running text; in running
    text the article must not open a sentence.
    """
    after = following.group()
    folded = fold_word(after)
    if not (
        following.start() == start + len(word) + 1
        and text[start + len(word)] == " "
        and len(folded) > len(key) - 1
        and folded.startswith(key[1:])
    ):
        return False
    if not (word[:1].isupper() and after[:1].isupper() and after[1:2].islower()):
        return False
    if name:
        return True
    before = text[max(0, start - _LOOKBEHIND) : start].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_OPENERS


_INNER_ARTICLE_RE = re.compile(" (?:" + "|".join(sorted(_ARTICLES_HYPHENATED)) + ") ")


# The possessive :func:`tokenize` drops (:data:`_POSSESSIVE_RE`), inside a name too.
_POSSESSIVE_LOOKING_RE = re.compile(r"[^\W_][’']s\b", re.IGNORECASE)


def possessive_read_as_a_word(name: str) -> str | None:
    """The fold of *name* with an "'s" read as letters of its word, or None if none.

    :func:`tokenize` takes "'s" for a possessive and drops it; in a place's name it is
    often a transliteration's hamza: GeoNames' ``Ra's al Khafji`` folds to ``ra
    khafji``, and news reports write ``Ras al-Khafji``. The world index keeps such a
    name under both keys.

    Examples
    --------
    >>> possessive_read_as_a_word("Ra’s al ‘Ayn"), possessive_read_as_a_word("Rasht")
    ('ras ayn', None)
    """
    if _POSSESSIVE_LOOKING_RE.search(name) is None:
        return None
    return name_key(_POSSESSIVE_LOOKING_RE.sub(lambda m: m.group()[0] + "s", name))


def inner_sun_articles_dropped(key: str) -> str | None:
    """*key* without the assimilated articles written as words inside it, or None.

    GeoNames writes an article inside a name lower-case and apart: ``Şabāḩ as
    Sālim``, ``Umm at Tūt``, folded ``sabah as salim`` and ``umm at tut``; news
    reports write ``Sabah al-Salim`` and ``Umm al-Tut``, folded without the
    article. :func:`tokenize` keeps such a word
    (``an`` and ``as`` are English words too, and the name's own capitals are the only
    sign), so the world index keeps the name under both keys. An article counts when
    it stands after the first word and before a word that begins with its consonant.

    Examples
    --------
    >>> inner_sun_articles_dropped("maarrat an numan")
    'maarrat numan'
    >>> inner_sun_articles_dropped("dayr az zawr"), inner_sun_articles_dropped("kafr nabl")
    ('dayr zawr', None)
    """
    if _INNER_ARTICLE_RE.search(key) is None:  # most names: one search, in C
        return None
    words = key.split(" ")
    kept = [
        word
        for i, word in enumerate(words)
        if not (
            0 < i < len(words) - 1
            and word in _ARTICLES_HYPHENATED
            and len(words[i + 1]) > len(word) - 1
            and words[i + 1].startswith(word[1:])
        )
    ]
    return " ".join(kept) if len(kept) < len(words) else None


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Return the light fold of a whole name: word keys joined by one space.

    Examples
    --------
    >>> name_key("Sheikh Sa’eed")
    'sheikh saeed'
    >>> name_key("al-Fardos")
    'fardos'
    >>> name_key("As Sukkari")
    'sukkari'
    """
    plain = plain_name_key(name)
    if plain is not None:
        return plain
    return " ".join(t.key for t in tokenize(name, name=True) if not t.is_article)


_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")


def plain_name_key(name: str) -> str | None:
    """:func:`name_key` of a plain name, without the tokenizer; None for any other.

    A plain name is ASCII without quote marks (apostrophes, ayn and hamza) or dots
    (abbreviations), and none of its words is a possible article: its fold is its
    words of letters and digits, lower-cased, one space apart. Two names in three of
    the world's are plain, and building the world index folds a million of them.

    Examples
    --------
    >>> plain_name_key("Kafr-Nabl"), plain_name_key("al-Bab"), plain_name_key("U.S.")
    ('kafr nabl', None, None)
    """
    if not name.isascii() or "'" in name or "`" in name or "." in name:
        return None
    words = _ASCII_WORD_RE.findall(name.lower())
    return " ".join(words) if _ARTICLE_WORDS.isdisjoint(words) else None


_FINAL_TAA_MARBUTA_RE = re.compile(r"(?<=[^aeo])(?:eh|ah|a|e)$")
_FINAL_Y_RE = re.compile(r"(?<=[^aeiou])y$")
_VOWEL_GLIDE_RE = re.compile(r"(?<=[aeiou])[wy]")
_VOWELS_RE = re.compile(r"[aeiou]+")
_DOUBLED_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def skeleton_word(key: str) -> str:
    """Return the consonant skeleton of one folded Latin word; Arabic script is kept as is."""
    if not key.isascii():
        return key
    s = key.replace("q", "k").replace("gh", "k").replace("g", "k").replace("ch", "sh")
    s = _FINAL_Y_RE.sub("i", s.replace("ou", "u").replace("dj", "j"))
    if len(s) > 3:
        s = _FINAL_TAA_MARBUTA_RE.sub("", s)
    s = _DOUBLED_RE.sub(r"\1", s)
    s = _VOWEL_GLIDE_RE.sub("a", s)
    s = _VOWEL_GLIDE_RE.sub("a", s)
    # Consonants that vowels kept apart stay apart: Hamdudu is h-m-d-d, not h-m-d.
    return _VOWELS_RE.sub("", s) or key[:1]


def skeleton(key: str) -> str:
    """Return the skeleton of a folded name (see module docstring).

    Examples
    --------
    >>> skeleton(name_key("al-Firdaws")) == skeleton(name_key("Fardos")) == "frds"
    True
    """
    return " ".join(skeleton_word(part) for part in key.split())
