"""The cue words the geoparser reads around a name, in the language of the articles.

The words are data: the ``places-*`` files of ``data/language/<LANGUAGE>/`` (see
``data/README.md``), where ``LANGUAGE`` is :data:`geomap.settings.LANGUAGE`. Each
file is one list (``places-nouns.csv`` also says which kinds of place a noun
describes); :class:`PlaceCues` says what each list is for. Every entry is folded like
the words of an article (:func:`geomap.text.normalize.name_key`), so case and accents
in the files do not matter.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from geomap import knowledge, settings
from geomap.errors import DataError
from geomap.model import PlaceKind
from geomap.text.normalize import name_key

__all__ = ["Phrases", "PlaceCues", "place_cues"]

_KINDS = frozenset(typing.get_args(PlaceKind))
_NUMBERS = ("singular", "plural")


@dataclass(frozen=True, slots=True, eq=False)
class Phrases:
    """The word sequences of one cue list, folded, grouped by their last word.

    The scanner asks, for every name, which cues end right before it: grouping once
    makes that one dictionary lookup, not a pass over the list.
    """

    by_last_word: Mapping[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def of(cls, phrases: tuple[tuple[str, ...], ...]) -> Phrases:
        """The phrases grouped by last word, each group in file order."""
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            grouped.setdefault(phrase[-1], []).append(phrase)
        return cls({word: tuple(found) for word, found in grouped.items()})

    def ending_with(self, word: str) -> tuple[tuple[str, ...], ...]:
        """The phrases whose last word is *word*, in file order."""
        return self.by_last_word.get(word, ())

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        """Every phrase, grouped by last word."""
        for phrases in self.by_last_word.values():
            yield from phrases


@dataclass(frozen=True, slots=True)
class PlaceCues:
    """The cue word lists of one language, folded.

    Attributes
    ----------
    locative_prepositions
        A name right after one of these stands where a place stands ("in Firdaus",
        "withdraw from Sheikh Saed"): unknown to the gazetteer, it is reported as an
        unresolved place.
    known_place_prepositions
        The locative prepositions and more: a name the gazetteer knows right after one
        of these stands where a place stands ("fired at Sderot"); an unknown one is
        not reported ("at Reuters").
    the_place_prepositions, definite_articles
        Prepositions that put a name the gazetteer lacks where a place stands when a
        definite article stands between them and no noun follows the name ("fire
        spread to the Potala", "up the Sobat"), and the articles.
    place_object_verbs
        Verbs whose object is a place ("regime forces captured Karm al-Jabal"), read
        like :attr:`locative_prepositions`.
    determiners
        Words that may stand between one of those and the name ("in the Firdaus
        district").
    place_nouns
        Nouns that describe a place named next to them ("Firdaus and Kallasa
        districts", "the district of Sakhour"), each with the kinds of place it
        describes (a descriptor raises the score of a place of those kinds).
    plural_place_nouns
        The place nouns that are plural: "the districts of Aleppo" are parts of it,
        so a plural noun does not describe a name after :attr:`noun_links`.
    noun_links
        Words joining a singular place noun to the name it describes ("the district
        of Sakhour").
    apposition_words
        Words opening a phrase in apposition after a name, whose singular place noun
        describes it ("Avdiivka, an industrial town").
    naming_phrases
        Words giving a thing its name ("called", "is named"): after a common noun
        that is no place's, the name is a thing's or a person's ("a bar called
        Siena", "a scent called Havana"), not a place's.
    name_particles
        Lower-case words inside names ("des", "del", "bin"): between two capitalised
        words they join them into one name ("Adrar des Ifoghas").
    name_abbreviations
        Abbreviations opening names ("st", "mt"): with their dot, before a capitalised
        word, they join it into one name ("St. Louis").
    auxiliary_verbs
        Verbs a town's name may open a sentence with ("was", "has"): after a common
        word a town bears, they let the article's country make it the town.
    sport_words
        Sports named between a place and its team ("the Wales rugby squad").
    other_name_cues
        Words between a place's name and a comma and another name of the place
        ("Ras al-Ain, known to Kurds as Serekaniye", "Stepanakert, which Baku calls
        Khankendi"): a cue's last word stands right before the other name, its first
        word anywhere after the comma.
    named_place_nouns
        Nouns of places a naming phrase may follow ("a place called Bethlehem", "a
        town called Saqba"): the list's own words, the place, landmark and locative
        nouns. The name is a place's.
    example_phrases
        Words introducing examples of the places a plural place noun just named
        ("towns ..., including Humera", "villages such as Saguiaran").
    list_conjunctions
        Words joining the last items of a list of names ("Firdaus, Kallasa and
        Saliheen"), so that a place noun after the list describes every item.
    name_words
        Words that end an organisation's or a title's name ("Anadolu Agency",
        "Aleppo Media Centre"): a place name joined to one is part of that name.
    product_nouns
        Nouns that, right after a place's name, make it a product's or a team's
        ("Aleppo soap", "the Liverpool captain"): the name is not a place there.
    indefinite_articles
        Articles that, before a name ending its phrase ("a Manhattan and ..."), make
        it a thing's.
    container_nouns
        Nouns of containers and servings: "of" and a name after one make the name a
        product's ("cases of Bordeaux").
    organisation_nouns
        Lower-case nouns of bodies that, right before a name, make it the body's
        ("the telecoms group Nokia"): the name is not a place there.
    organisation_names
        Names of armed groups and movements that some place also bears ("Hamas"):
        never resolved as places.
    facility_nouns
        Nouns of the facilities a town names after itself ("Malakal Teaching
        Hospital"): the town's name opening one is the town.
    landmark_nouns
        Nouns of landmarks ("mosque", "hospital", "roundabout"): a name before one
        is a place's name (the landmark's), never an organisation's.
    distance_units
        Units of distance: a comma and a distance after a name say where it lies
        ("Sudzha, about 10 km from the frontier").
    located_after
        Words that, right after a name and a comma, say where it lies ("Hawija, near
        Kirkuk"): the name stands where a place stands.
    name_ends
        Capitalised words that end a place's name ("Bushrod Island", "Yablunska
        Street"): a name of two words or more ending with one is a place's name.
    far_name_ends
        Those of :attr:`name_ends` whose places are named after far ones ("Tripoli
        Street" in Misrata): a known place before one is not that place.
    work_cues_before
        Words before a name that make it a work's maker ("albums by Chicago").
    food_adjectives
        Adjectives of food and drink: before a place's name, a dish's or a cheese's
        ("a smoked Cheddar").
    list_phrases
        Phrases that join a list's items as a conjunction does ("as well as").
    person_pronouns
        Relative pronouns of people ("who"): a name followed by a comma and one,
        not after a preposition, is a person's or a team's ("Somerset, who need").
    road_number_heads
        Words before a road's number that make the number part of its name ("Route
        13", "Highway 1").
    name_heads
        Words that, opening a capitalised name of two words or more, make it a place's
        name wherever it stands ("Camp Bastion", "Kfar Aza").
    name_heads_of
        Words of natural features that open a place's name with "of" ("the Bay of
        Pigs", "the Cape of Good Hope"): the name stands where a place stands.
    locative_nouns
        Nouns that, followed by a word of :attr:`noun_links` ("parts of", "north
        of"), put the name after them where a place stands.
    jurisdiction_words
        Words that, after a place's name, make the place the jurisdiction of an office
        or a public body ("US President", "California Department of Health"): the
        place is meant, though inside another name.
    name_tails
        Words that may follow a place without making it part of another name
        ("Aleppo Countryside", "Manchester Airport"): the place nouns, the landmark
        nouns and the list's own words.
    generic_name_words
        Words a name may have in lower case in running text ("eastern Aleppo",
        "Aleppo governorate"): the place nouns and the list's own words.
    lower_case_name_words
        Words a gazetteer name may have in lower case in running text: the generic
        name words and the landmark nouns ("Mitiga airport" for Mitiga Airport).
    function_words
        Words that start sentences or titles capitalised and are never part of a
        name ("The", "Meanwhile").
    months_and_days
        Month and weekday names: capitalised, never part of a place name.
    place_cues_before
        Word sequences before a name that put it where a place stands, known to the
        gazetteer or not ("advancing on Axum", "as far as Dabiq", "north to Mahagi").
    match_words
        Words of a match report: with a score ("2-0") in its sentence, a name where no
        place stands is a team's ("Nice beat Lens 2-0").
    team_cues_before
        Word sequences before a name (or the list it opens) that make it a sports
        team's ("scored for Barcelona", "the match between Hamilton and Elgin"): the
        name is not a place there.
    team_words_after
        Words after a name opening a clause that make it a team's ("England were
        bowled out", "Chelsea away on Saturday"): a place takes the singular.
    team_nouns
        A team's people ("captain", "coach"): after a name, or its possessive
        ("England's captain"), the name is a team's.
    transfer_verbs
        Verbs of a player's transfer: "joined Leeds from Porto" names two clubs.
    clause_openers
        Words that open a clause ("while", "but"): a list of teams after one is in
        subject position ("while Utah and Portland were eliminated").
    company_words
        Words of firms' names ("Airways", "Air"): a country opening or ending such a name
        is a word of it, not a place ("Qatar Airways", "Air Canada").
    title_heads_of
        Titles whose "of" and name are the title's, not a place the story is about
        ("the Duke of Edinburgh"); not offices over a place ("the Mayor of London").
    venue_nouns
        Venues often named after far places ("cafe", "hotel"): after a name far from
        the article's other places, the name is the venue's ("the Waikiki cafe" in
        Largs).
    actor_cues_before
        Word sequences before a list of countries or peoples named as actors
        ("backed by Russia and Iran").
    actor_verbs_after
        Words right after a country that make it the subject of speech or policy
        ("Russia said"): an actor.
    actor_hyphen_suffixes
        Words after a hyphen that turn a country or people into an actor
        ("Iranian-backed").
    not_place_heads
        Words before "to" or "at" after which a name the gazetteer lacks is a source,
        a body or a thing, not a place ("according to Reuters", "similar to Ebola").
    group_words
        Words for faiths, peoples, languages and alliances ("Christian", "Druze",
        "Arabic", "Allied"): alone, never listed as an unknown place.
    named_landmark_nouns
        Landmark nouns that are nouns only ("airport", "mosque"): a capitalised word
        opening a sentence before one names the landmark ("Kanombe airport is
        damaged") unless the article writes it in lower case too.
    common_words
        Common words that towns also bear ("Mobile", "Split"): opening a sentence where
        no place stands, the word, unless the article supports the town.
    landmark_name_ends
        Capitalised nouns that end a landmark's name made of other words ("the Royal
        Festival Hall", "Joseph's Tomb"), the landmark nouns and the name ends among
        them, but not the words ending a body's name (:attr:`name_words`): in a place
        position the whole name is listed as unresolved.
    statement_verbs, statement_nouns, statement_prepositions, region_adjectives
        The words of a statement saying where a place lies ("Perth is a city on the
        River Tay in central Scotland", "Hamilton, the capital of Bermuda"): its verbs,
        the nouns it calls the place (the place nouns among them), the prepositions
        that open the region it names (with :attr:`noun_links` after a noun), and the
        lower-case words that may stand before that region.
    rank_words
        Words ranking a place among others of a larger one ("the second-largest city
        of Egypt"): the name after the noun and "of" is the larger place.
    language_before, language_prepositions, language_after
        Words that make a people's name after or before them a language ("speaks
        fluent German", "translated into English"; "Spanish lessons"), and the
        prepositions that may stand between the first and the name.
    team_words
        Words for a team after a sport ("the England cricket team"): with
        :attr:`team_nouns`, they make the place's name the team's.
    """

    locative_prepositions: frozenset[str]
    known_place_prepositions: frozenset[str]
    the_place_prepositions: frozenset[str]
    definite_articles: frozenset[str]
    place_object_verbs: frozenset[str]
    determiners: frozenset[str]
    place_nouns: Mapping[str, tuple[PlaceKind, ...]]
    plural_place_nouns: frozenset[str]
    noun_links: frozenset[str]
    apposition_words: frozenset[str]
    naming_phrases: Phrases
    other_name_cues: Phrases
    name_particles: frozenset[str]
    name_abbreviations: frozenset[str]
    auxiliary_verbs: frozenset[str]
    sport_words: frozenset[str]
    named_place_nouns: frozenset[str]
    example_phrases: Phrases
    list_conjunctions: tuple[str, ...]
    name_words: frozenset[str]
    jurisdiction_words: frozenset[str]
    product_nouns: frozenset[str]
    indefinite_articles: frozenset[str]
    container_nouns: frozenset[str]
    organisation_nouns: frozenset[str]
    organisation_names: frozenset[str]
    landmark_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    distance_units: frozenset[str]
    located_after: frozenset[str]
    name_ends: frozenset[str]
    road_number_heads: frozenset[str]
    person_pronouns: frozenset[str]
    work_cues_before: Phrases
    food_adjectives: frozenset[str]
    list_phrases: tuple[tuple[str, ...], ...]
    far_name_ends: frozenset[str]
    name_heads: frozenset[str]
    name_heads_of: frozenset[str]
    locative_nouns: frozenset[str]
    name_tails: frozenset[str]
    generic_name_words: frozenset[str]
    lower_case_name_words: frozenset[str]
    function_words: frozenset[str]
    months_and_days: frozenset[str]
    place_cues_before: Phrases
    match_words: frozenset[str]
    team_cues_before: Phrases
    team_words_after: frozenset[str]
    team_nouns: frozenset[str]
    venue_nouns: frozenset[str]
    title_heads_of: frozenset[str]
    company_words: frozenset[str]
    clause_openers: frozenset[str]
    transfer_verbs: frozenset[str]
    actor_cues_before: Phrases
    actor_verbs_after: frozenset[str]
    actor_hyphen_suffixes: frozenset[str]
    not_place_heads: frozenset[str]
    group_words: frozenset[str]
    named_landmark_nouns: frozenset[str]
    landmark_name_ends: frozenset[str]
    common_words: frozenset[str]
    statement_verbs: frozenset[str]
    statement_nouns: frozenset[str]
    statement_prepositions: frozenset[str]
    region_adjectives: frozenset[str]
    rank_words: frozenset[str]
    language_before: frozenset[str]
    language_prepositions: frozenset[str]
    language_after: frozenset[str]
    team_words: frozenset[str]


def place_cues() -> PlaceCues:
    """The geoparser's cue words in the language of :data:`geomap.settings.LANGUAGE`.

    Raises
    ------
    DataError
        A file is missing or unreadable, an entry folds to no word (or a word list
        holds a phrase), or a place noun names a kind of place geomap does not have.

    Examples
    --------
    >>> cues = place_cues()
    >>> "near" in cues.locative_prepositions, cues.place_nouns["districts"]
    (True, ('district', 'region', 'admin2'))
    """
    return _read_place_cues(settings.LANGUAGE)


@knowledge.cached
def _read_place_cues(language: str) -> PlaceCues:
    folder = f"language/{language}"
    nouns, plural = _place_nouns(folder)
    ends, far_ends = _name_ends(folder)
    locative = _words(folder, "places-locative-prepositions.txt")
    landmark = _words(folder, "places-landmark-nouns.txt")
    generic = frozenset(nouns) | _words(folder, "places-generic-name-words.txt")
    name_words = _words(folder, "places-name-words.txt")
    return PlaceCues(
        locative_prepositions=locative,
        known_place_prepositions=locative | _words(folder, "places-known-place-prepositions.txt"),
        the_place_prepositions=_words(folder, "places-the-place-prepositions.txt"),
        definite_articles=_words(folder, "places-definite-articles.txt"),
        place_object_verbs=_words(folder, "places-place-object-verbs.txt"),
        determiners=_words(folder, "places-determiners.txt"),
        place_nouns=nouns,
        plural_place_nouns=plural,
        noun_links=_words(folder, "places-noun-links.txt"),
        apposition_words=_words(folder, "places-apposition-words.txt"),
        naming_phrases=Phrases.of(_phrases(folder, "places-naming-words.txt")),
        other_name_cues=Phrases.of(_phrases(folder, "places-other-name-cues.txt")),
        name_particles=_words(folder, "places-name-particles.txt"),
        name_abbreviations=_words(folder, "places-name-abbreviations.txt"),
        auxiliary_verbs=_words(folder, "places-auxiliary-verbs.txt"),
        sport_words=_words(folder, "places-sport-words.txt"),
        named_place_nouns=_words(folder, "places-named-place-nouns.txt")
        | frozenset(nouns)
        | landmark
        | _words(folder, "places-locative-nouns.txt"),
        example_phrases=Phrases.of(_phrases(folder, "places-example-words.txt")),
        list_conjunctions=tuple(
            word for (word,) in _phrases(folder, "places-list-conjunctions.txt", one_word=True)
        ),
        name_words=name_words,
        jurisdiction_words=_words(folder, "places-jurisdiction-words.txt"),
        product_nouns=_words(folder, "places-product-nouns.txt"),
        indefinite_articles=_words(folder, "places-indefinite-articles.txt"),
        container_nouns=_words(folder, "places-container-nouns.txt"),
        organisation_nouns=_words(folder, "places-organisation-nouns.txt"),
        organisation_names=frozenset(
            " ".join(words) for words in _phrases(folder, "places-organisation-names.txt")
        ),
        landmark_nouns=landmark,
        facility_nouns=_words(folder, "places-facility-nouns.txt"),
        distance_units=_words(folder, "places-distance-units.txt"),
        located_after=_words(folder, "places-located-after.txt"),
        name_ends=ends,
        road_number_heads=_words(folder, "places-road-number-heads.txt"),
        person_pronouns=_words(folder, "places-person-pronouns.txt"),
        work_cues_before=Phrases.of(_phrases(folder, "places-work-cues-before.txt")),
        food_adjectives=_words(folder, "places-food-adjectives.txt"),
        list_phrases=_phrases(folder, "places-list-phrases.txt"),
        far_name_ends=far_ends,
        name_heads=_words(folder, "places-name-heads.txt"),
        name_heads_of=_words(folder, "places-name-heads-of.txt"),
        locative_nouns=_words(folder, "places-locative-nouns.txt"),
        name_tails=frozenset(nouns) | _words(folder, "places-name-tails.txt") | landmark,
        generic_name_words=generic,
        lower_case_name_words=generic | landmark,
        function_words=_words(folder, "places-function-words.txt"),
        months_and_days=_words(folder, "places-months-and-days.txt"),
        place_cues_before=Phrases.of(_phrases(folder, "places-place-cues-before.txt")),
        match_words=_words(folder, "places-match-words.txt"),
        team_cues_before=Phrases.of(_phrases(folder, "places-team-cues-before.txt")),
        team_words_after=_words(folder, "places-team-words-after.txt"),
        team_nouns=_words(folder, "places-team-nouns.txt"),
        venue_nouns=_words(folder, "places-venue-nouns.txt"),
        title_heads_of=_words(folder, "places-title-heads-of.txt"),
        company_words=_words(folder, "places-company-words.txt"),
        clause_openers=_words(folder, "places-clause-openers.txt"),
        transfer_verbs=_words(folder, "places-transfer-verbs.txt"),
        actor_cues_before=Phrases.of(_phrases(folder, "places-actor-cues-before.txt")),
        actor_verbs_after=_words(folder, "places-actor-verbs-after.txt"),
        actor_hyphen_suffixes=_words(folder, "places-actor-hyphen-suffixes.txt"),
        not_place_heads=_words(folder, "places-not-place-heads.txt"),
        group_words=_words(folder, "places-group-words.txt"),
        named_landmark_nouns=_words(folder, "places-named-landmark-nouns.txt"),
        landmark_name_ends=(_words(folder, "places-landmark-name-ends.txt") | landmark | ends)
        - name_words,
        common_words=_words(folder, "places-common-words.txt"),
        statement_verbs=_words(folder, "places-statement-verbs.txt"),
        statement_nouns=_words(folder, "places-statement-nouns.txt") | frozenset(nouns),
        statement_prepositions=_words(folder, "places-statement-prepositions.txt"),
        region_adjectives=_words(folder, "places-region-adjectives.txt"),
        rank_words=_words(folder, "places-rank-words.txt"),
        language_before=_words(folder, "places-language-before.txt"),
        language_prepositions=_words(folder, "places-language-prepositions.txt"),
        language_after=_words(folder, "places-language-after.txt"),
        team_words=_words(folder, "places-team-words.txt"),
    )


def _phrases(folder: str, name: str, *, one_word: bool = False) -> tuple[tuple[str, ...], ...]:
    """The entries of a word list, folded, as tuples of words, in file order."""
    phrases = []
    for entry in knowledge.word_list(folder, name):
        words = tuple(name_key(entry).split())
        if not words:
            raise DataError(f"{folder}/{name}: {entry!r} folds to no word")
        if one_word and len(words) != 1:
            raise DataError(f"{folder}/{name}: {' '.join(words)!r} is not one word")
        phrases.append(words)
    return tuple(phrases)


def _words(folder: str, name: str) -> frozenset[str]:
    """The entries of a list of single words, folded."""
    return frozenset(word for (word,) in _phrases(folder, name, one_word=True))


def _name_ends(folder: str) -> tuple[frozenset[str], frozenset[str]]:
    """``places-name-ends.csv``: every word that ends place names (folded), and those
    whose places are named after far ones (``named_after_far_places`` is ``yes``)."""
    where = f"{folder}/places-name-ends.csv"
    ends: set[str] = set()
    far: set[str] = set()
    for row in knowledge.table(folder, "places-name-ends.csv", ("word", "named_after_far_places")):
        word = name_key(row["word"])
        if not word or " " in word:
            raise DataError(f"{where}: word {row['word']!r} is not one word")
        if row["named_after_far_places"] not in ("yes", "no"):
            raise DataError(
                f"{where}: {word!r} has named_after_far_places "
                f"{row['named_after_far_places']!r}, not yes or no"
            )
        ends.add(word)
        if row["named_after_far_places"] == "yes":
            far.add(word)
    return frozenset(ends), frozenset(far)


def _place_nouns(folder: str) -> tuple[dict[str, tuple[PlaceKind, ...]], frozenset[str]]:
    """``places-nouns.csv``: each noun (folded) with its kinds of place, and the plural ones."""
    where = f"{folder}/places-nouns.csv"
    nouns: dict[str, tuple[PlaceKind, ...]] = {}
    plural: set[str] = set()
    for row in knowledge.table(folder, "places-nouns.csv", ("noun", "kinds", "number")):
        noun = name_key(row["noun"])
        if not noun or " " in noun:
            raise DataError(f"{where}: noun {row['noun']!r} is not one word")
        kinds = row["kinds"].split()
        unknown = [k for k in kinds if k not in _KINDS]
        if unknown or not kinds:
            raise DataError(
                f"{where}: {noun!r} describes {' '.join(unknown) or 'no kind'}; "
                f"the kinds are {', '.join(typing.get_args(PlaceKind))}"
            )
        if row["number"] not in _NUMBERS:
            raise DataError(
                f"{where}: {noun!r} has number {row['number']!r}, not one of {_NUMBERS}"
            )
        nouns[noun] = tuple(typing.cast(PlaceKind, k) for k in kinds)
        if row["number"] == "plural":
            plural.add(noun)
    return nouns, frozenset(plural)
