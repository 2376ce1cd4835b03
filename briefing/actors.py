"""Actors: people, organisations and places named in the sources, linked within and across them.

Per source, names are found by their shape — capitalised words joined by name particles
(al-, bin, Abu…), after titles ("Prime Minister"), ending in organisation words ("Forces"),
acronyms, and places from a gazetteer — and short forms ("Mr Sadr", "Sadr") are linked to the
full name used earlier in the same source. Across sources, names merge only when they are the
same name spelled differently, an acronym and its expansion, a name and its translation, or
when a source says so ("X, also known as Y"); never on a surname alone.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from briefing import data, gazetteer, names, sentences
from briefing.casefile import Actor, Citation, Statement
from briefing.clusters import clusters
from briefing.findings import Findings, Mention
from briefing.sources import SourceText

MentionType = str  # "PER" | "ORG" | "LOC"
KIND = {"PER": "person", "ORG": "organisation", "LOC": "place"}


@cache
def _titles() -> list[str]:
    return sorted((line.strip() for line in data.rows("titles.txt")), key=len, reverse=True)


@cache
def _translations() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for line in data.rows("translations.tsv"):
        word, english = line.split("\t")
        table[names.normalise(word)] = frozenset(english.split(","))
    return table


@cache
def _translations_by_sound() -> dict[tuple[frozenset[str], ...], list[str]]:
    """The table's words by `names.sound_key`, in the table's order: a spelling `names.similar` takes
    shares its word's key, so a word is compared only with the few that share its own."""
    by_sound: dict[tuple[frozenset[str], ...], list[str]] = {}
    for word in _translations():
        by_sound.setdefault(names.sound_key(word), []).append(word)
    return by_sound


@cache
def _translated(word: str) -> frozenset[str] | None:
    """The English of a transliterated organisation word, whichever way it is spelled."""
    table = _translations()
    if word in table:
        return table[word]
    if len(word) <= 3:
        return None
    alike = _translations_by_sound().get(names.sound_key(word), ())
    return next((table[key] for key in alike if names.similar(word, key)), None)


_MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# Words joining the capitalised parts of one name: Arabic particles and a few Romance/Germanic ones.
# (Assimilated articles — ad-, an-, as-… — are English words on their own; they join only with a hyphen.)
_PARTICLES = frozenset("al el ul bin ibn bint abu abd abdul umm de da di du del della van von der den le la".split())
_CONNECTORS = frozenset({"of", "for", "the", "and", "&"})
_PRONOUNS = {"he": "PER", "she": "PER", "him": "PER", "his": "PER", "her": "PER"}
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.&-]*[\w])?\.?|\d+")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z&]{1,6}s?$")


class _Token:
    """A word of a sentence, with the forms of it that finding names asks for again and again. Made
    by `_tokens`."""

    __slots__ = ("bare", "can_start", "capitalised", "end", "lower", "name_part", "start", "text")
    text: str
    bare: str
    capitalised: bool
    lower: str
    name_part: bool
    can_start: bool
    start: int
    end: int


# The word (its full stop kept only if it abbreviates), bare (without the full stop of an
# abbreviation, "Gen.", which an acronym keeps: "U.S."), capitalised, lower case, part of a name,
# may start one, and whether finding names looks at it.
_Facts = tuple[str, str, bool, str, bool, bool, bool]


def _word_facts(found: str) -> _Facts:
    # A full stop belongs to a token only when it abbreviates (Mr., U.S., Gen.).
    text = found[:-1] if found[-1] == "." and not (_ACRONYM.match(found) or found.lower() in _abbreviations()) \
        else found
    bare = text.rstrip(".") if text[-1] == "." and not _ACRONYM.match(text) else text
    name_part = _is_name_part(text)
    capitalised, lower = text[0].isupper(), text.lower().rstrip(".")
    return (text, bare, capitalised, lower, name_part, name_part and not _BELONGING.match(text),
            capitalised or name_part or lower in _looked_at())


class _FactsByWord(dict[str, _Facts]):
    """`_word_facts` by word: a text's words repeat, so each is worked out once, as the pattern finds
    it (every word of every sentence is looked up: a dict's lookup costs half an lru_cache's).
    Emptied when it holds 65,536 words, so a long run's vocabulary is not all kept."""

    def __missing__(self, word: str) -> _Facts:
        if len(self) >= 1 << 16:
            self.clear()
        facts = self[word] = _word_facts(word)
        return facts


_FACTS = _FactsByWord()


@cache
def _looked_at() -> frozenset[str]:
    """Lower-case words that finding names asks about: pronouns, particles and connectors, which
    may join a name, and the organisation and role nouns that may follow one. Any other lower-case
    word only ends a name."""
    return frozenset(_PRONOUNS) | _PARTICLES | _CONNECTORS | data.words("org_words.txt") \
        | data.words("role_nouns.txt")


_MATCHED = operator.itemgetter(0)
_LOOKED_AT = operator.itemgetter(6)


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    """The sentence's first word and every other word finding names looks at (`_word_facts`, in
    `_FACTS`): a sentence's other words, most of them, only end names, which `_next` tells without
    them. (The words are picked by iterators, not a loop: most are never looked at again.)"""
    matches = list(_TOKEN.finditer(text, start, end))
    facts = list(map(_FACTS.__getitem__, map(_MATCHED, matches)))
    kept = list(itertools.compress(range(len(matches)), map(_LOOKED_AT, facts)))
    if matches and (not kept or kept[0]):
        kept.insert(0, 0)
    # (Slots filled here rather than by an `__init__`: a call less per word.)
    tokens = []
    new = object.__new__
    for index in kept:
        token = new(_Token)
        token.text, token.bare, token.capitalised, token.lower, token.name_part, token.can_start, _ = facts[index]
        token.start = at = matches[index].start()
        token.end = at + len(token.text)
        tokens.append(token)
    return tokens


def _next(tokens: list[_Token], index: int, text: str) -> _Token | None:
    """The word after tokens[index] in its sentence; None if there is none, or if it is one that
    `_tokens` left out (a word between them)."""
    if index + 1 >= len(tokens):
        return None
    following = tokens[index + 1]
    return following if _TOKEN.search(text, tokens[index].end, following.start) is None else None


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(f"{word}." for word in data.words("abbreviations.txt"))


@dataclass
class _Found:
    start: int
    end: int
    text: str
    type: MentionType
    form: str = "name"
    titled: bool = False  # a title or role stood before it ("Prime Minister X")
    canonical: str | None = None  # the name it stands for, when it is not one ("Iraqi" for Iraq)
    # The span a reader marks as the mention, when wider than the name: with its title ("President
    # X") or its article ("the Pentagon"), as news annotation does.
    span: tuple[int, int] | None = None


_POSSESSIVE = re.compile(r"['’]s?$")


def _strip_possessive(text: str) -> str:
    if "'" not in text and "’" not in text:
        return text  # most words: no pattern to run
    return _POSSESSIVE.sub("", text)


def _type_of(words: list[str], titled: bool, known: dict[str, MentionType]) -> MentionType | None:
    key = names.normalise(" ".join(words))
    if key in known:
        return known[key]
    return _type_by_shape(tuple(words), titled)


# Names recur across sources: what their words alone say of their type is worked out once.
@lru_cache(maxsize=1 << 16)
def _type_by_shape(words: tuple[str, ...], titled: bool) -> MentionType | None:
    text = " ".join(words)
    last = words[-1].lower().rstrip(".")
    lowered = [names.normalise(w) for w in words]
    if last in data.words("org_words.txt") or (len(words) > 1 and words[0].lower() in data.words("org_words.txt") and words[1].lower() == "of") \
            or any(_translated(w) for w in lowered):
        return "ORG"
    place = gazetteer.place(text)
    if place == "country" or (place and not (len(words) == 1 and _ACRONYM.match(text) and len(text) <= 3)) \
            or (len(words) > 1 and last in data.words("place_words.txt")):
        return "LOC"  # (but "GAO" is an office, whatever town is called Gao)
    if titled:
        return "PER"
    if gazetteer.demonym(words[0]):
        return "ORG"  # "Lebanese Hezbollah", "Iraqi National Intelligence Service": no person's name
    if all(_ACRONYM.match(word) for word in words):
        return "ORG"  # "UK RAF": acronyms name no person
    if any(gazetteer.place(" ".join(words[:size])) for size in range(2, len(words))):
        return "ORG"  # "Middle East Eye", "New York Times": a place of several words names no person
    significant = [w for w in words if w.lower() not in _PARTICLES and w.lower() not in _CONNECTORS]
    if 2 <= len(significant) <= 4 and not any(w.lower() in _CONNECTORS for w in words):
        return "PER"
    return None


# Words recur: whether one is a month's or a day's name, or a title's word, is worked out once.
@lru_cache(maxsize=1 << 16)
def _names_a_day(word: str) -> bool:
    return _strip_possessive(word).lower() in _MONTHS_DAYS


@lru_cache(maxsize=1 << 16)
def _is_title_word(word: str) -> bool:
    return _strip_possessive(word).lower().rstrip(".") in _title_words()


def _leading_title(words: list[str]) -> int:
    """How many of the first words form a title ("Prime Minister", "Gen."), 0 if none."""
    for size in (3, 2, 1):
        if size < len(words) and " ".join(words[:size]) in _title_forms():
            return size
    return 0


@cache
def _title_forms() -> frozenset[str]:
    return frozenset(form for title in _titles() for form in (title, title.rstrip(".")))


def _title_before(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start].rstrip()
    size, by_tail = _title_endings()
    return before.endswith(by_tail.get(before[-size:], ()))


@cache
def _title_endings() -> tuple[int, dict[str, tuple[str, ...]]]:
    """The titles, for `str.endswith`, by their last characters (as many as the shortest title
    has): a text ends with a title only if it ends with those, so one lookup leaves the few to try."""
    size = min(map(len, _titles()))
    by_tail: dict[str, list[str]] = {}
    for title in _titles():
        by_tail.setdefault(title[-size:], []).append(title)
    return size, {tail: tuple(titles) for tail, titles in by_tail.items()}


def _fact_passages(source: SourceText):
    return [p for p in source.layout.passages if p.use == "facts" and p.kind != "byline"]


class _SourceScan:
    """Finds the name mentions of one source's fact-bearing passages."""

    def __init__(self, source: SourceText, lowercase_words: Container[str]) -> None:
        self.source = source
        self.text = source.text
        self.lowercase = lowercase_words
        self.known: dict[str, MentionType] = {}

    def passages(self):
        return _fact_passages(self.source)

    def scan(self) -> list[_Found]:
        spans = [(_tokens(self.text, first, last), p.kind == "headline" and _is_title_case(self.text[p.start:p.end]))
                 for p in self.passages() for first, last in sentences.split(self.text, p.start, p.end)]
        # Capitalised words seen inside sentences: a capital at a sentence's start proves nothing,
        # nor one in a headline in title case.
        mid_caps: set[str] = set()
        prose_caps: set[str] = set()
        for tokens, title_case in spans:
            for token in tokens[1:]:
                if token.capitalised:
                    word = _strip_possessive(token.bare)
                    mid_caps.add(word)
                    if not title_case:
                        prose_caps.add(word)
        self.mid_caps, self.prose_caps = frozenset(mid_caps), frozenset(prose_caps)
        found: list[_Found] = []
        for tokens, title_case in spans:
            found.extend(self._sentence(tokens, title_case))
        self._places_with_region(found)
        return found

    def _places_with_region(self, found: list[_Found]) -> None:
        """'San Francisco, California': the town's mention runs over the region or country that
        locates it, as news annotation marks it (the region stays a mention of its own too)."""
        for town, region in zip(found, found[1:], strict=False):
            if town.type == region.type == "LOC" and self.text[town.end:region.start] == ", " \
                    and town.canonical is None and gazetteer.place(town.text) != "country" \
                    and (gazetteer.place(region.text) in {"country", "region"} or (
                        gazetteer.region(region.text) and not _LIST_GOES_ON.match(self.text, region.end))):
                # ('the Cupertino, California event': the article is the event's.)
                lead = town.start if _modifies_noun(self.text, region.end) else (town.span or (town.start, town.end))[0]
                town.span = (lead, region.end)

    def _currency_or_event(self, start: int, end: int) -> bool:
        """'US$299', 'US dollars', 'Developers Conference (WWDC)': an acronym that names no actor."""
        if _CURRENCY_AFTER.match(self.text, end):
            return True
        event = _EVENT_BEFORE.search(self.text, max(0, start - 30), start)
        return bool(event) and event[1].lower() in data.words("event_words.txt")

    def _sentence(self, tokens: list[_Token], title_case: bool) -> list[_Found]:
        found: list[_Found] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.lower in _PRONOUNS:
                found.append(_Found(token.start, token.end, token.text, _PRONOUNS[token.lower], "pronoun"))
                index += 1
                continue
            if not token.can_start:
                index += 1
                continue
            stop = index + 1
            while stop < len(tokens) and _continues(tokens, stop, index, self.text):
                stop += 1
            while stop - 1 > index and (tokens[stop - 1].lower in _CONNECTORS or tokens[stop - 1].lower in _PARTICLES):
                stop -= 1
            for first, last in _segments(tokens, index, stop) if stop - index > 1 else ((index, stop),):
                mention = self._mention(tokens, first, last, at_start=first == 0, title_case=title_case)
                if mention:
                    found.extend(_country_abbreviation_in(mention))
                    found.append(mention)
            index = stop
        return found

    def _mention(self, tokens: list[_Token], first: int, stop: int, at_start: bool,
                 title_case: bool) -> _Found | None:
        words = [t.bare for t in tokens[first:stop]]
        run_start = tokens[first].start
        # Titles lead the name but are not part of it: "Prime Minister Mustafa al-Kadhimi".
        titled: bool | None = None  # None: as a title before the run says, looked up once needed
        title_at: int | None = None
        while len(words) > 1:
            if drop := _leading_title(words):
                title_at = tokens[first].start if title_at is None else title_at
                words, first, titled = words[drop:], first + drop, True
                if len(words) > 1 and words[0].lower() in {"of", "for"}:
                    # "CEO of Boeing Commercial Airplanes": the title's body, not its holder
                    words, first, titled, title_at = words[1:], first + 1, False, None
            elif (words[0].lower() in data.words("stopwords.txt") and not (len(words[0]) > 1 and words[0].isupper())) or _BELONGING.match(words[0]) or (
                    gazetteer.demonym(words[0]) and _leading_title(words[1:])):
                words, first = words[1:], first + 1  # "The Badr Organization", "Iraqi Prime Minister X"
            else:
                break
        if words and words[0].lower() in data.words("stopwords.txt") and not (len(words[0]) > 1 and words[0].isupper()):
            return None
        if not words or any(map(_names_a_day, words)) or all(map(_is_title_word, words)):
            return None
        if titled is None:
            titled = _title_before(self.text, run_start)
        if len(words) == 1 and not titled:
            word = _strip_possessive(words[0])  # "Boeing's" at a sentence's start is no plural
            at_start = at_start or title_case
            if country := gazetteer.demonym(word):
                # "Iraqi", "German": the country, mentioned by its adjective.
                start, end = tokens[first].start, tokens[first].end
                return _Found(start, end, self.text[start:end], "LOC", canonical=country)
            if at_start and not _ACRONYM.match(word) and word.lower() in self.lowercase:
                return None
            if (word.lower() in data.words("stopwords.txt") and not (len(word) > 1 and word.isupper())) or word in data.words("not_names.txt") \
                    or word.rstrip(".") in _title_forms() or word.lower() in data.words("org_words.txt"):
                return None
            after = _next(tokens, first, self.text)
            following = after.text if after else ""
            if at_start and following in data.words("role_nouns.txt") and word not in self.mid_caps:
                return None  # "Rebel commander X", "Opposition leader X": it qualifies the role
            if at_start and word.endswith(("ly", "ing")) and word == words[0] and word not in self.mid_caps:
                return None  # "Unfortunately, …", "Citing …"
            # A plural at a sentence's start is most likely a common noun ("Rebels meet…").
            if at_start and word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in self.mid_caps:
                return None
        # In a headline in title case a capital proves nothing: a name there is one the text knows,
        # or one whose every word the sentences capitalise too ("Beatles' Apple Corps Sues …").
        if title_case and not titled and names.normalise(" ".join(words)) not in self.known \
                and not gazetteer.place(" ".join(words)) and not _ACRONYM.match(words[0]) \
                and not all(_strip_possessive(w) in self.prose_caps for w in words):
            return None
        start, end = tokens[first].start, tokens[first + len(words) - 1].end
        if len(words) == 1 and _ACRONYM.match(words[0]) and self._currency_or_event(start, end):
            return None
        if _QUOTE_CLOSED.search(self.text, start, end):
            # The opening quote of 'the "Hezbollah" Brigades' belongs with the closing one, and a
            # title inside the quotes with the name ('the "Imam Ali" Brigades').
            opening = max(self.text.rfind('"', run_start - 1, start), self.text.rfind("“", run_start - 1, start))
            start = opening if opening >= 0 else start
        text = _strip_possessive(self.text[start:end])
        possessive, end = end > start + len(text), start + len(text)
        if text.split()[-1].lower() in data.words("event_words.txt"):
            # "the Developers Conference", "the October Revolution": events, not actors; but the
            # airline of "Air France Flight 447", or a known organiser leading the event's name
            # ("Apple Worldwide Developers Conference"), is one.
            return self._organiser(start, text.split())
        mention_type = _type_of(text.split(), titled, self.known) or (
            "LOC" if _REGION_AFTER.match(self.text, end) and gazetteer.region(_REGION_AFTER.match(self.text, end)[1])
            else "ORG")  # "Mobile, Alabama": a town the gazetteer lacks, placed by its region
        self.known.setdefault(names.normalise(text), mention_type)
        # An office is written with the name ("President X"); a job acronym is not ("CEO X").
        lead = title_at if mention_type == "PER" and title_at is not None \
            and not self.text[title_at:start].strip().isupper() else None
        if mention_type in {"ORG", "LOC"} and self.text[max(0, start - 4):start] in {"the ", "The "} \
                and not possessive and not _modifies_noun(self.text, end):
            lead = start - 4
        return _Found(start, end, text, mention_type, "name", titled, span=(lead, end) if lead is not None else None)


    def _organiser(self, start: int, words: list[str]) -> _Found | None:
        for size in range(len(words) - 1, 0, -1):
            part = " ".join(words[:size])
            if (words[-1].lower() == "flight" and size == len(words) - 1) or self.known.get(names.normalise(part)) == "ORG":
                self.known.setdefault(names.normalise(part), "ORG")
                return _Found(start, start + len(part), part, "ORG")
        return None


_QUOTE_CLOSED = re.compile(r'["”] ')
# "Baghdad, Washington and Tehran": capitals in a list, not a town and its state.
_LIST_GOES_ON = re.compile(r",? (?:and|or) |, [A-Z]")
_REGION_AFTER = re.compile(r", ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
def _country_abbreviation_in(mention: _Found) -> list[_Found]:
    """'US Air Force', 'UK RAF': the country's abbreviation leading a body's name is a mention of
    the country too, as news annotation marks it (a country's full name there is not)."""
    word = mention.text.split()[0]
    country = gazetteer.country(word) if mention.type == "ORG" and _ACRONYM.match(word) else None
    if country is None or len(mention.text.split()) < 2:
        return []
    return [_Found(mention.start, mention.start + len(word), word, "LOC", canonical=country)]


_NEXT_WORD = re.compile(r" ([a-z][a-z-]*)\b")
_CAPITALISED_AFTER = re.compile(r"(?: [A-Z][\w.-]*){1,3}")


def _modifies_noun(text: str, end: int) -> bool:
    """'the Apple logo': a lower-case word after the name that is no verb or function word is the
    head of the phrase, so the article is the head's, not the name's ('the Pentagon said')."""
    following = _CAPITALISED_AFTER.match(text, end)
    if following and _leading_title([*following[0].split(), ""]):
        return True  # 'the Apple Chief Executive Officer': the article is the office's
    word = _NEXT_WORD.match(text, end)
    return bool(word) and not word[1].endswith("ed") and word[1] not in data.words("stopwords.txt") \
        and word[1] not in data.words("reporting_verbs.txt")


# "al-Sadr", "el-Sisi", "bin-Laden": a particle glued to a capitalised name is part of the name.
_PARTICLE_NAME = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul|bin|ibn|abu|abd)-[^\W\d_]", re.IGNORECASE)
# "Iran-backed", "US-led": a name glued to a lower-case word is an adjective, not a name.
_COMPOUND_ADJECTIVE = re.compile(r"-[a-z]+$")
# Words of belonging ("Sadrist", "Shiite", "Maronite") describe, they do not name.
_BELONGING = re.compile(r"^[A-Z][a-z]+(?:ists?|ites?)$")


def _is_name_part(text: str) -> bool:
    if _COMPOUND_ADJECTIVE.search(text) and not _PARTICLE_NAME.match(text):
        return False
    return (text[0].isupper() or bool(_PARTICLE_NAME.match(text))) and not text.isdigit()


_CURRENCY_AFTER = re.compile(r"\$|\s+(?:dollars?|cents?|euros?|pounds?|yen|yuan)\b")
_EVENT_BEFORE = re.compile(r"(\w+)\s*\($")


def _segments(tokens: list[_Token], first: int, stop: int) -> list[tuple[int, int]]:
    """Cut a run of capitalised words where one name ends and the next begins.

    "the Badr Organization Hadi al-Amiri" holds an organisation and then a person, and
    "Incumbent Prime Minister Adel Abdul-Mahdi" a word, then a title and a name.
    """
    cuts = [first]
    index = first + 1
    while index < stop:
        word = tokens[index - 1].lower
        # After an organisation word, a name of two words or more is another actor (a person).
        if word in data.words("org_words.txt") and tokens[index].lower not in _CONNECTORS \
                and tokens[stop - 1].lower not in data.words("org_words.txt") and stop - index >= 2:
            cuts.append(index)
        # (A title's second word does not cut it: "Presiding Judge X" is one title and a name.)
        elif index >= cuts[-1] + max(1, _leading_title([t.bare for t in tokens[cuts[-1]:stop]])) and (
                _leading_title([t.bare for t in tokens[index:stop]]) or (
                word not in _CONNECTORS and " ".join(t.bare for t in tokens[index:stop]) in _title_forms())):
            cuts.append(index)  # a title starts the next name, or ends the run ("Ryanair CEO")
        index += 1
    cuts.append(stop)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if a < b]


def _continues(tokens: list[_Token], index: int, start: int, text: str) -> bool:
    token, previous = tokens[index], tokens[index - 1]
    between = text[previous.end:token.start]
    if between in {'" ', '” '} and token.lower in data.words("org_words.txt") \
            and text[tokens[start].start - 1:tokens[start].start] in {'"', '“'}:
        return True  # 'the "Hezbollah" Brigades': a quoted name and its organisation word
    if between != " " or _POSSESSIVE.search(previous.text):
        return False  # a name ends at punctuation and at a possessive ("Apple's OS X")
    if token.name_part:
        return token.can_start
    following = _next(tokens, index, text)
    if token.lower in _PARTICLES and following is not None and following.name_part:
        return True
    # "Master of the Martyrs", "Bank of America": a connector after one word or an organisation word.
    # (Not from a sentence's first word: "Delegates of Hamas" is delegates, not a body.)
    if token.lower in {"of", "for"} and previous.name_part and following is not None and (
            (index - start == 1 and start > 0) or previous.lower in data.words("org_words.txt")
            or gazetteer.place(" ".join(t.bare for t in tokens[start:index + 2])) == "country"):
        # ("United States of America": a country's name of its own.)
        return following.name_part or (following.lower == "the" and (after := _next(tokens, index + 1, text)) is not None
                                       and after.name_part)
    return token.lower == "the" and previous.lower in {"of", "for"} and following is not None \
        and following.name_part


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _is_title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if w.lower() not in data.words("stopwords.txt")]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.8


# --- within one source ----------------------------------------------------------------------


# Articles carry no identity ("al-Sadr" is "Sadr"); other particles do ("Abu Mahdi", "bin Laden").
_ARTICLES = frozenset("al el ad an ar as ash at az ul de da di du del della van von der den le la".split())


@cache
def _significant(name: str) -> tuple[str, ...]:
    """The words that identify a name: no articles or titles, one spelling and number of its last word.

    "Badr Organisation" is "Badr Organization", and "Revolutionary Guards" "Revolutionary Guard".
    """
    words = tuple(names.normalise(name).split())
    kept = [w for w in words if w not in _ARTICLES and w not in _title_words()] or list(words)
    last = re.sub(r"is(ation|e|ed)$", r"iz\1", kept[-1])
    if last in data.words("org_words.txt") and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return (*kept[:-1], last)


@cache
def _title_words() -> frozenset[str]:
    return frozenset(t.lower().rstrip(".") for title in _titles() for t in title.split())


@dataclass
class _Entity:
    source: str
    type: MentionType
    name: str
    mentions: list[_Found] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    roles: list[tuple[str, int, int]] = field(default_factory=list)  # role words, quote start, quote end
    number: int = 0  # its place among the source's entities (`_Entities`)

    def add(self, mention: _Found) -> None:
        self.mentions.append(mention)
        if mention.form == "name" and mention.canonical is None and mention.text not in self.forms:
            self.forms.append(mention.text)
            if len(_significant(mention.text)) > len(_significant(self.name)):
                self.name = mention.text


def _short_form_of(short: str, full: str) -> bool:
    """'Sadr', 'al-Sadr' or 'Mr Sadr' for 'Muqtada al-Sadr': the full name's last word, or its first."""
    part, whole = _significant(short), _significant(full)
    if len(part) >= len(whole):
        return False
    if len(part) == 1:
        return names.similar(part[0], whole[-1]) or (len(whole) == 2 and part[0] == whole[0])
    return all(names.similar(a, b) for a, b in zip(part, whole[-len(part):], strict=True))


def _same_in_source(mention: _Found, entity: _Entity) -> bool:
    if mention.type != entity.type and not (mention.type == "ORG" and entity.type in {"PER", "LOC"}):
        return False
    text = mention.canonical or mention.text
    if any(names.normalise(text) == names.normalise(form) for form in (*entity.forms, entity.name)):
        return True
    if mention.type == entity.type == "LOC" and _one_country(text, (*entity.forms, entity.name)):
        return True
    if _ACRONYM.match(text):
        return any(names.acronym_matches(text, form) for form in entity.forms)
    return _short_form_of(text, entity.name) or any(names.similar(text, form) for form in entity.forms)


def _one_country(name: str, others: tuple[str, ...] | list[str]) -> bool:
    """'United States of America', 'the US' and 'America' are one country."""
    country = gazetteer.country(name)
    return country is not None and any(gazetteer.country(other) == country for other in others)


_NONE: frozenset[int] = frozenset()


class _Entities:
    """One source's entities so far, indexed so that a mention is compared only with those it may
    stand for: each entity under a key for every way `_same_in_source` can take a name for it — its
    forms' and names' normalised text and country, its forms' sound (`names.sound_key`, which all
    spellings `names.similar` takes for one share) and acronym letters, and the sound of each run of
    closing words of its names (a short form) and its first word (of a name of two) — so a long
    source costs its mentions, not its mentions times its entities."""

    def __init__(self) -> None:
        self.all: list[_Entity] = []
        self.keyed: dict[tuple, set[int]] = {}
        self.forms_done: list[int] = []  # per entity, how many of its forms (which only grow) are keyed
        self.names_done: list[set[str]] = []  # per entity, the names it has had, keyed
        # Acronym letters are worked out only once an acronym is met, for the forms not yet done.
        self.acronyms_due: list[tuple[int, str]] = []

    def new(self, entity: _Entity) -> None:
        entity.number = len(self.all)
        self.all.append(entity)
        self.forms_done.append(0)
        self.names_done.append(set())

    def update(self, number: int) -> None:
        """Keys for what the entity's forms and name have gained since it was last indexed."""
        entity = self.all[number]
        for form in entity.forms[self.forms_done[number]:]:
            self._put(number, _form_keys(form))
            self.acronyms_due.append((number, form))
        self.forms_done[number] = len(entity.forms)
        if entity.name not in self.names_done[number]:
            self.names_done[number].add(entity.name)
            self._put(number, _name_keys(entity.name))

    def _put(self, number: int, keys: Iterable[tuple]) -> None:
        for key in keys:
            self.keyed.setdefault(key, set()).add(number)

    def _keys_of(self, mention: _Found) -> tuple[tuple, ...]:
        text = mention.canonical or mention.text
        if _ACRONYM.match(text):
            for number, form in self.acronyms_due:
                self._put(number, (("acronym", letters) for letters in names.acronyms(form)))
            self.acronyms_due.clear()
        return _mention_keys(text)

    def same(self, mention: _Found) -> list[_Entity]:
        """The entities the mention may stand for, the last made first."""
        numbers: set[int] = set()
        for key in self._keys_of(mention):
            numbers |= self.keyed.get(key, _NONE)
        return [self.all[n] for n in sorted(numbers, reverse=True) if _same_in_source(mention, self.all[n])]


# Names recur in a source and across sources: their keys are worked out once per name.
@lru_cache(maxsize=1 << 16)
def _written_keys(name: str) -> tuple[tuple, ...]:
    """Keys of a name as written: normalised, and the country it names."""
    country = gazetteer.country(name)
    return (("normalised", names.normalise(name)),) + ((("country", country),) if country is not None else ())


@lru_cache(maxsize=1 << 16)
def _form_keys(form: str) -> tuple[tuple, ...]:
    """An entity's keys for one of its forms (but its acronym letters, worked out when needed)."""
    return (*_written_keys(form), ("sound", names.sound_key(form)))


@lru_cache(maxsize=1 << 16)
def _name_keys(name: str) -> tuple[tuple, ...]:
    """An entity's keys for its name: as written, the sound of each run of its closing words, and
    the first word of a name of two."""
    whole = _significant(name)
    closing = tuple(("closing", tuple(map(names.sound_key, whole[-size:]))) for size in range(1, len(whole)))
    return (*_written_keys(name), *closing, *((("first", whole[0]),) if len(whole) == 2 else ()))


@lru_cache(maxsize=1 << 16)
def _mention_keys(text: str) -> tuple[tuple, ...]:
    """The keys under which the entities a name may stand for are found."""
    keys = (("normalised", names.normalise(text)), ("country", gazetteer.country(text)))
    if _ACRONYM.match(text):
        return (*keys, ("acronym", names.acronym_letters(text)))
    part = _significant(text)
    return (*keys, ("sound", names.sound_key(text)), ("closing", tuple(map(names.sound_key, part))), ("first", part[0]))


def _nearest_same(mention: _Found, entities: _Entities) -> _Entity | None:
    """The entity last named that the mention may stand for — none when it is the first word of
    two bodies' names ("Apple" after "Apple Inc." and "Apple Corps"): it could be either."""
    candidates = entities.same(mention)
    if len(candidates) > 1 and mention.type != "PER" and sum(
            _significant(mention.text) == _significant(e.name)[:1] != _significant(e.name) for e in candidates) > 1 \
            and not any(names.normalise(mention.text) == names.normalise(f) for e in candidates for f in e.forms):
        return None
    return candidates[0] if candidates else None


# What stands between "X" and "Y" in "X, also known as Y". Matched in place (`fullmatch` between the
# names), not in a copy of the stretch; so what `$` took, a line break ending it, is written out.
_ALIAS_CUE = re.compile(r"\s*(?:,\s*)?(?:\(\s*|(?:also |better |widely )?known as |a\.k\.a\.? |nicknamed |dubbed "
                        r"|or |the nom de guerre of )(?:the )?[\"“‘]?\n?")


def _link(found: list[_Found], source: SourceText) -> list[_Entity]:
    entities = _Entities()
    text = source.text
    previous: _Found | None = None
    previous_entity: _Entity | None = None
    person: _Entity | None = None  # the person last named: "he" most likely points there
    for mention in found:
        if mention.form == "pronoun":
            if person:
                person.mentions.append(mention)
            continue
        # "X, also known as Y" and "X (Y)": the source says they are one.
        said_alias = previous is not None and previous.form == "name" and _ALIAS_CUE.fullmatch(
            text, previous.end, mention.start)
        entity = previous_entity if said_alias else None
        entity = entity or _nearest_same(mention, entities)
        if entity is None:
            entity = _Entity(source=source.key, type=mention.type, name=mention.canonical or mention.text)
            entities.new(entity)
        elif entity.type == "ORG" and mention.type == "PER" and not _ACRONYM.match(entity.name):
            entity.type = "PER"
        entity.add(mention)
        entities.update(entity.number)
        previous, previous_entity = mention, entity
        if entity.type == "PER":
            person = entity
    return entities.all


# Roles: "X, head of the Y," after a name; "the head of the Y, X" or "Quds Force commander X" before it.
# The head noun of a role phrase is one of `data/role_nouns.txt`, so the patterns are built from it.
# (The nouns, in lower case, are written as a tree of their letters, `data.tree`: the nouns a text
# matches at one place are prefixes of one another, which the tree tries longest first, as the
# alternation does, each next letter once rather than every noun: a test compares the two.)
@cache
def _role_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    noun = "(?P<noun>" + data.tree(data.words("role_nouns.txt")) + ")"
    after = re.compile(rf",\s+(?!and |or |but |who |which |where |when |while )((?:the |a |an )?(?:[\w'’-]+ ){{0,3}}?"
                       rf"{noun}(?: (?:of|at|for|in|to|with) [^,.;:()\"“”]{{2,60}})?)(?=[,.;:])", re.IGNORECASE)
    comma_before = re.compile(rf"((?:the |a |an )?(?:[\w-]+ ){{0,2}}{noun} of (?:the )?[^,.;:()]{{2,60}}),\s*$",
                              re.IGNORECASE)
    before = re.compile(r"(?:^|[ (])((?:the )?(?:[A-Z][\w'’.-]* +){0,4}(?P<noun>[a-z-]+|[A-Z][\w-]+)) +$",
                        re.MULTILINE)
    return after, comma_before, before


_NAME_AFTER_COMMA = re.compile(r",\s+[A-Z]")


def _may_head_role(lead: str) -> bool:
    """Whether the word before the spaces that end `lead` may head a role written before a name:
    a role noun, or the last word of a title (what `_roles` asks of the last role pattern)."""
    stripped = lead.rstrip(" ")
    noun = stripped[max(stripped.rfind(" "), stripped.rfind("(")) + 1:]
    return noun.lower() in data.words("role_nouns.txt") or noun in _title_last_words()


@cache
def _title_last_words() -> frozenset[str]:
    return frozenset(form.split()[-1] for form in _title_forms())


def _clause_start(text: str, first: int, lead: str) -> int:
    """Where a role written before a name and a comma (the second role pattern, over `lead`, the
    text from `first` to the name) may start: after the last punctuation before that comma, as
    nothing in the role (words, a role noun, "of" and a stretch without ,.;:()) is punctuation; so
    the pattern, which tries every position, tries only the clause's."""
    comma = first + len(lead.rstrip()) - 1
    return max(first, *(text.rfind(mark, first, comma) + 1 for mark in ",.;:()"))


def _trim_role(role: str, start: int) -> tuple[str, int]:
    """Drop leading function words a pattern caught ("that the head of…" is "the head of…")."""
    words = role.split(" ")
    while len(words) > 2 and words[0].lower() in data.words("stopwords.txt") and words[0].lower() not in {"the", "a", "an"}:
        start += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start


@cache
def _description_after() -> re.Pattern[str]:
    """'Badr, the main Iraqi militia backed by Tehran.': an apposition headed by a descriptor noun."""
    noun = data.tree(data.words("descriptor_nouns.txt"))  # (a tree, as in `_role_patterns`)
    return re.compile(rf",\s+((?:the|a|an) (?:[\w'’-]+ ){{0,3}}?(?:{noun})"
                      rf"(?: (?:of|in|for|to|with|backed by|led by) [^,.;:()\"“”]{{2,60}})?)(?=[,.;:])")


def _roles(entity: _Entity, text: str) -> None:
    if entity.type == "ORG":
        for mention in (m for m in entity.mentions if m.form == "name"):
            if described := _description_after().match(text, mention.end, min(len(text), mention.end + 120)):
                entity.roles.append((described[1], mention.start, described.end(1)))
        return
    if entity.type != "PER":
        return  # before a place the words are other things
    for mention in entity.mentions:
        if mention.form != "name":
            continue
        role_after, role_comma_before, role_before = _role_patterns()
        after = role_after.match(text, mention.end, min(len(text), mention.end + 120))
        # "the minister, Mahmoud X, the head of security, Hussein Y": a role followed by a name is that name's.
        if after and not _NAME_AFTER_COMMA.match(text, after.end(1), after.end(1) + 3):
            role = after[1]
            entity.roles.append((role, mention.start, after.end(1)))
            continue
        line_start = text.rfind("\n", 0, mention.start) + 1
        # The patterns before a name end at a comma or a space just before it: tested first, as
        # searching backwards with a pattern tries every position of the stretch.
        lead = text[max(line_start, mention.start - 90):mention.start]
        comma = role_comma_before.search(text, _clause_start(text, max(line_start, mention.start - 90), lead),
                                         mention.start) if lead.rstrip().endswith(",") else None
        if comma:
            role, start = _trim_role(comma[1], comma.start(1))
            entity.roles.append((role, start, mention.end))
            continue
        before = role_before.search(text, max(line_start, mention.start - 60), mention.start) \
            if lead.endswith(" ") and _may_head_role(lead) else None
        if before and (before["noun"].lower() in data.words("role_nouns.txt") or before[1].strip() in _title_forms()) \
                and len(before[1].split()) >= 2:
            entity.roles.append((before[1].strip(), before.start(1), mention.end))


# --- the extractor and the corpus-wide linker -------------------------------------------------


def _window(text: str, start: int, end: int, words: int = 30) -> tuple[int, int]:
    """A verbatim stretch around [start, end): its sentence, cut to about `words` words each side."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    right_stop = min(x for x in (text.find(". ", end), text.find("\n", end), len(text)) if x >= 0)
    right = right_stop + 1 if right_stop < len(text) and text[right_stop] == "." else right_stop
    before = text[left:start].split()
    if len(before) > words:
        left = start - len(" ".join(before[-words:])) - 1
    after = text[end:right].split()
    if len(after) > words:
        right = end + len(" ".join(after[:words])) + 1
    return left, right


def _quote(source: SourceText, start: int, end: int) -> Citation:
    left, right = _window(source.text, start, end)
    return Citation(source=source.key, quote=" ".join(source.text[left:right].split()))


_LOWER_CASE_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
_LOWER_CASE_RUN = re.compile(r"[a-z][a-z'’-]+")  # what a match of `_LOWER_CASE_WORD` is made of
_JOINERS = frozenset("'’-")  # the characters of `_LOWER_CASE_WORD`'s runs that are no word characters


class _LowerCaseWords:
    """Whether a word is one of `_LOWER_CASE_WORD`'s matches in a text (`findall`), for the few words
    a source asks about (a capitalised word alone at a sentence's start: a common noun if the text
    writes it in lower case): each looked for where it occurs, rather than every match of the text
    gathered by a scan of all of it, a fiftieth of extraction.

    A match starts at a run of word characters opening with a small letter, unless the match before
    runs on over it (through an apostrophe or a hyphen: for a word written after one, the matches
    are gathered after all), and runs over small letters, apostrophes and hyphens to the last word
    boundary among them. A test compares with `findall` on the seeds, the dev sets and random text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, bool] = {}
        self.every: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word not in self.known:
            self.known[word] = self._holds(word)
        return self.known[word]

    def _holds(self, word: str) -> bool:
        if not _LOWER_CASE_RUN.fullmatch(word):
            return False
        text, at = self.text, self.text.find(word)
        while at != -1:
            before = text[at - 1] if at else " "
            if before in _JOINERS:
                if self.every is None:
                    self.every = frozenset(_LOWER_CASE_WORD.findall(text))
                return word in self.every
            if not _is_word_character(before) and self._match_ends(at + 1) == at + len(word):
                return True
            at = text.find(word, at + 1)
        return False

    def _match_ends(self, after: int) -> int | None:
        """Where a match starting just before `after` ends (None: there is none): at the last word
        boundary of the run of small letters, apostrophes and hyphens, two characters in or more."""
        text, end = self.text, after
        while end < len(text) and ("a" <= text[end] <= "z" or text[end] in _JOINERS):
            end += 1
        for last in range(end, after, -1):  # (a boundary after a small letter, or after a joiner before a word)
            if (text[last - 1] not in _JOINERS) != (last < len(text) and _is_word_character(text[last])):
                return last
        return None


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # what `\w` matches


def find(source: SourceText) -> Findings:
    """The actors one source names, each with its mentions, spellings, roles and a citation."""
    key, text = source.key, source.text
    found = _SourceScan(source, _LowerCaseWords(text)).scan()
    entities = _link(found, source)
    mentions, actors = [], []
    for number, entity in enumerate(entities, start=1):
        names_seen = [m for m in entity.mentions if m.form == "name"]
        if not names_seen:
            continue
        _roles(entity, text)
        local = f"{key}#{number}"
        first = names_seen[0]
        # The id is the source's own until `link_across` gives the stable one; it never reaches a case file.
        actors.append(Actor.model_construct(
            id=local, name=entity.name, kind=KIND[entity.type],
            aliases=[form for form in entity.forms if form != entity.name],
            roles=[Statement(text=role, cite=[Citation(source=key, quote=" ".join(text[a:b].split()))])
                   for role, (a, b) in _first_of_each(entity.roles).items()],
            cite=[_quote(source, first.start, first.end)],
            merge=[],
        ))
        # (Mentions given their fields in order, not by name: a third faster to make.)
        for m in entity.mentions:
            start, end = m.span or (m.start, m.end)
            named = m.form == "name"
            mentions.append(Mention(key, start, end, text[start:end], entity.type if named else m.type, m.form, local))
            if named and (described := _described_from(text, m.start)) is not None:
                mentions.append(Mention(key, described, m.end, text[described:m.end], entity.type, "nominal", local))
    return Findings(actors=actors, mentions=mentions)


@cache
def _descriptor() -> re.Pattern[str]:
    nouns = data.tree(_descriptor_nouns())  # (a tree, as in `_role_patterns`)
    # [the] [Capitalised qualifier] [up to two lower-case words, "and" between] noun — then the name.
    return re.compile(rf"(?:(?:\b[Tt]he )?\b[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){{0,2}} )?"
                      rf"\b(?:[a-z][\w-]* ){{0,2}}(?:and [a-z][\w-]* )?(?:{nouns}) $")


def _described_from(text: str, start: int) -> int | None:
    """Where a descriptor written before a name starts ('German airline Lufthansa'), if one is:
    news annotation marks it, with the name, as one more mention of the actor."""
    first = max(0, start - 80)
    match = _descriptor().search(text, first, start) if _noun_ends(text, first, start) else None
    if match is None or "\n" in match[0]:
        return None
    # Not the words that lead into it: "with aircraft maker X", "When German magazine X".
    for word in re.finditer(r"\S+", match[0]):
        if word[0].lower() == "the" or word[0].lower() not in data.words("stopwords.txt"):
            return match.start() + word.start()
    return None


@cache
def _descriptor_nouns() -> frozenset[str]:
    return data.words("descriptor_nouns.txt") | data.words("role_nouns.txt")


def _noun_ends(text: str, first: int, end: int) -> bool:
    """Whether text[first:end] may end as `_descriptor` needs: a descriptor noun and a space (then,
    at most, a line break), tested without the pattern, which tries every position of the stretch."""
    if text.endswith(" ", first, end):
        space = end - 1
    elif text.endswith(" \n", first, end):
        space = end - 2
    else:
        return False
    words = text[max(first, space - 40):space].rsplit(maxsplit=1)
    return bool(words) and _ends_in_noun(words[-1])


# A word before a name recurs ("the", "said", "minister"): whether it ends in a descriptor noun is
# worked out once.
@lru_cache(maxsize=1 << 16)
def _ends_in_noun(word: str) -> bool:
    nouns = _descriptor_nouns()
    return any(word[-size:] in nouns for size in range(1, len(word) + 1))


def _first_of_each(roles: list[tuple[str, int, int]]) -> dict[str, tuple[int, int]]:
    """One citation per role, the first: a title repeated at every mention is one role."""
    first: dict[str, tuple[int, int]] = {}
    seen: set[str] = set()
    for role, start, end in roles:
        if role.lower() not in seen:
            seen.add(role.lower())
            first[role] = (start, end)
    return first


def _slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", names.normalise(name).replace("'", "")))


@cache
def _generic_variants(name: str) -> tuple[str, ...]:
    """The name, and the name with its closing generic word swapped ('… Forces', '… Units')."""
    *head, last = name.split() or [""]
    swaps = next((line.split() for line in data.rows("org_synonyms.txt") if last.lower() in line.split()), [])
    return (name, *(" ".join([*head, other.title()]) for other in swaps if other != last.lower()))


def _senses(word: str) -> frozenset[str]:
    """A word and its English, singular: 'kataib' is {kataib, brigade, battalion}."""
    return frozenset(re.sub(r"(?<!s)s$", "", w) for w in {word, *(_translated(word) or ())})


def _translation_of(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """'Kataib Hezbollah' and 'Hezbollah Brigades': word for word, in any order, at least one translated."""
    if len(x) != len(y) or x == y:
        return False
    unmatched = list(y)
    for word in x:
        partner = next((other for other in unmatched if _senses(word) & _senses(other)), None)
        if partner is None:
            return False
        unmatched.remove(partner)
    return True


class _Form(NamedTuple):
    text: str
    normalised: str
    significant: tuple[str, ...]
    acronym: bool


class _Names(NamedTuple):
    """What `_same_across` compares of an actor, worked out once per actor rather than per pair."""

    source: str
    kind: str
    forms: tuple[str, ...]
    full: tuple[_Form, ...]  # the forms that may match: a person's of two significant words or more


def _names_of(actor: Actor) -> _Names:
    forms = (actor.name, *actor.aliases)
    full = tuple(_Form(f, names.normalise(f), _significant(f), bool(_ACRONYM.match(f))) for f in forms
                 if len(_significant(f)) >= 2 or actor.kind != "person")
    return _Names(actor.id.split("#")[0], actor.kind, forms, full)


def _same_across(a: Actor, b: Actor) -> bool:
    """One actor in two sources: same name spelled differently, acronym, translation, or a shared alias."""
    return _alike(_names_of(a), _names_of(b))


def _alike(a: _Names, b: _Names) -> bool:
    if a.kind != b.kind and {a.kind, b.kind} != {"organisation", "place"}:
        return False
    if a.kind == b.kind == "place" and any(_one_country(x, b.forms) for x in a.forms):
        return True
    organisations = a.kind == b.kind == "organisation"
    for x in a.full:
        for y in b.full:
            if x.normalised == y.normalised or (len(x.significant) >= 2 and x.significant == y.significant):
                return True
            if organisations and _same_organisation(x.significant, y.significant):
                return True
            if x.acronym or y.acronym:
                acronym, expansion = (x.text, y.text) if x.acronym else (y.text, x.text)
                if any(names.acronym_matches(acronym, form) for form in _generic_variants(expansion)):
                    return True
            if min(len(x.significant), len(y.significant)) >= 2 and (
                    names.similar(x.text, y.text) or _translation_of(x.significant, y.significant)):
                return True
    return False


def _same_organisation(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """'Lebanese Hezbollah' is 'Hezbollah'; 'Revolutionary Guard' is 'Revolutionary Guard Corps'.

    A country's adjective in front and a closing organisation word ("Corps") do not make another
    body — but after a single word only a word that says no more than "body" ("al-Nujaba
    Movement" is al-Najaba): "Hezbollah Brigades" is not "Hezbollah".
    """
    x, y = _sans_demonym(x), _sans_demonym(y)
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    return long[-1] in data.words("org_words.txt") and (
        long[:-1] == short if len(short) >= 2 else
        len(long) == 2 and long[-1] in data.words("bare_org_words.txt") and names.similar(short[0], long[0]))


@lru_cache(maxsize=1 << 16)
def _sans_demonym(words: tuple[str, ...]) -> tuple[str, ...]:
    return words[1:] if len(words) > 1 and gazetteer.demonym(words[0].title()) else words


_QUOTED = re.compile(r'["“”]')


def _keys_across(actors: list[Actor]) -> Callable[[Actor], list[tuple]]:
    """Blocking keys for `_same_across`: two actors it may take for one share a key, by each of
    its rules — the normalised or significant name, the name without a country's adjective or its
    organisation word, the sound of each word (`names.sound_key`), the words' senses, an acronym's
    letters and what an expansion's initials can spell, a country — so only they are compared."""
    # Words share a sense by a chain through translations: one class per chain, over the words in play.
    sense = _SenseClasses(w for actor in actors for f in (actor.name, *actor.aliases) for w in _significant(f))
    # Two rules pair unlike forms — an acronym with an expansion, one word with a bare body of two
    # ("al-Nujaba Movement"): the other side's key is worth having only if that one is in play.
    spelled = {names.acronym_letters(f) for actor in actors for f in (actor.name, *actor.aliases) if _ACRONYM.match(f)}
    bare = {names.sound_key(body[0]) for actor in actors if actor.kind == "organisation"
            for f in (actor.name, *actor.aliases) if _bare_body(body := _sans_demonym(_significant(f)))}

    def keys(actor: Actor) -> list[tuple]:
        # Only a person is a person's match; organisations and places may be one another's.
        group = "person" if actor.kind == "person" else "body" if actor.kind in {"organisation", "place"} \
            else actor.kind
        forms = [actor.name, *actor.aliases]
        found: list[tuple] = []
        if actor.kind == "place":
            found += [("country", country) for f in forms if (country := gazetteer.country(f)) is not None]
        for form in forms:
            words = _significant(form)
            if len(words) < 2 and actor.kind == "person":
                continue
            found += [("normalised", names.normalise(form)), *(("initials", letters) for variant in _generic_variants(form)
                                                          for letters in names.acronyms(variant) if letters in spelled)]
            if _ACRONYM.match(form) and (letters := names.acronym_letters(form)):
                found.append(("initials", letters))
            if len(words) >= 2:
                found += [("significant", words), ("sound", names.sound_key(form)),
                          ("senses", tuple(sorted(sense.of(w) for w in words)))]
            if actor.kind == "organisation":
                body = _sans_demonym(words)
                found.append(("body", body))
                if len(body) >= 3 and body[-1] in data.words("org_words.txt"):
                    found.append(("body", body[:-1]))
                if _bare_body(body) or (len(body) == 1 and names.sound_key(body[0]) in bare):
                    found.append(("bare body", names.sound_key(body[0])))
        return [(group, *key) for key in found]

    return keys


def _bare_body(words: tuple[str, ...]) -> bool:
    """A word and a closing word that says no more than "body" ("al-Nujaba Movement")."""
    return len(words) == 2 and words[-1] in data.words("bare_org_words.txt") \
        and words[-1] in data.words("org_words.txt")


class _SenseClasses:
    """Words joined when they share a sense (`_senses`), over a given set of words."""

    def __init__(self, words: Iterable[str]) -> None:
        self.parent: dict[str, str] = {}
        for word in dict.fromkeys(words):
            first, *others = sorted(_senses(word))
            for other in others:
                self.parent[self._root(other)] = self._root(first)

    def _root(self, sense: str) -> str:
        while (up := self.parent.get(sense, sense)) != sense:
            sense = up
        return sense

    def of(self, word: str) -> str:
        return self._root(min(_senses(word)))


def link_across(findings: Findings, sources: list[SourceText]) -> Findings:
    """Merge each source's actors (`Actor`s, or the `SourceActor` records extraction reads back) with
    the same actor elsewhere; give each a stable id."""
    groups = [[findings.actors[i] for i in group] for group in _groups_across(findings.actors)]
    counts = Counter(m.actor for m in findings.mentions if m.form == "name")
    renamed: dict[str, str] = {}
    merged: list[Actor] = []
    taken: set[str] = set()
    for members in groups:
        forms = Counter()
        for member in members:
            for form in (member.name, *member.aliases):
                forms[form] += 1
        name = max(forms, key=lambda f: (len(_significant(f)) >= 2 and not _ACRONYM.match(f), not _QUOTED.search(f),
                                          forms[f],
                                          len(_significant(f)), f))
        kind = Counter(m.kind for m in members for _ in range(counts[m.id] or 1)).most_common(1)[0][0]
        stable = _slug(name) or "actor"
        while stable in taken:
            stable += "-2"
        taken.add(stable)
        for member in members:
            renamed[member.id] = stable
        merged.append(Actor(
            id=stable, name=name, kind=kind,
            aliases=sorted({f for f in forms if f != name}, key=lambda f: (-forms[f], f)),
            roles=list({role.text.lower(): role for member in reversed(members) for role in member.roles}.values())[::-1],
            cite=[member.cite[0] for member in members[:3]],
        ))
    mentions = [m.model_copy(update={"actor": renamed[m.actor]}) for m in findings.mentions]
    found = _translations_in_text(merged, sources, mentions)
    # Each actor's translations looked up by its id, not by reading every one found for every actor.
    written: dict[str, set[str]] = defaultdict(set)
    for mention in found:
        written[mention.actor].add(mention.text)
    merged = [actor.model_copy(update={"aliases": actor.aliases + sorted(
        written[actor.id] - {actor.name, *actor.aliases})}) if actor.id in written else actor for actor in merged]
    return findings.model_copy(update={"actors": merged, "mentions": mentions + found})


def _groups_across(actors: list[Actor]) -> list[list[int]]:
    """The actors (by index) that are one actor across sources (`_alike`), each group in order."""
    names = [_names_of(actor) for actor in actors]
    # A big corpus names one actor the same way in many sources: what `_alike` says of two actors
    # depends on their kinds and forms alone (their shape, numbered here), so it is worked out once
    # per pair of shapes, and looked up by two numbers.
    numbers: dict[tuple[str, tuple[str, ...]], int] = {}
    shapes = [numbers.setdefault((n.kind, n.forms), len(numbers)) for n in names]
    decided: dict[tuple[int, int], bool] = {}

    def alike(i: int, j: int) -> bool:
        x, y = names[i], names[j]
        if x.source == y.source:
            return False
        pair = (shapes[i], shapes[j])
        if (same := decided.get(pair)) is None:
            same = decided[pair] = _alike(x, y)
        return same

    keys = _keys_across(actors)
    return clusters(range(len(actors)), alike, lambda i: keys(actors[i]), lambda i: (shapes[i], names[i].source))


def _translations_in_text(actors: list[Actor], sources: list[SourceText], known: list[Mention]) -> list[Mention]:
    """'the popular crowd' for 'Hashd al-Shaabi': an organisation's name translated word for word,
    in lower case (so not found as a name), wherever a source writes it."""
    patterns = {}
    for actor in actors:
        if actor.kind != "organisation":
            continue
        for form in (actor.name, *actor.aliases):
            words = _significant(form)
            if len(words) >= 2 and all(_translated(w) for w in words):
                senses = ["(?:" + "|".join(sorted(_translated(w))) + ")" for w in words]
                for order in sorted(set(itertools.permutations(senses))):
                    patterns.setdefault(r"\s+".join(order), actor.id)
    if not patterns:
        return []
    finder = re.compile(r"\b(?:" + "|".join(f"({p})" for p in patterns) + r")\b")
    owners = list(patterns.values())
    taken = {(m.source, m.start) for m in known}
    found = []
    for source in sources:
        for passage in _fact_passages(source):
            for match in finder.finditer(source.text, passage.start, passage.end):
                if (source.key, match.start()) not in taken:
                    found.append(Mention(source=source.key, start=match.start(), end=match.end(), text=match[0],
                                         type="ORG", form="name", actor=owners[match.lastindex - 1]))
    return found
