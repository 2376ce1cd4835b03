"""Attribution: who said, believes, announced or denied what, and how sure the source is of it.

Each sentence is searched for cues (`data/cues.tsv`: reporting verbs, speech and cognition
nouns, "according to"). For each cue the speaker is found by English reporting grammar — the
subject before the verb ("X said"), the name after it in inversions ('"…," said X') and after
"according to", the possessor of a noun ("his speech"), the sentence's subject for a participle
(", saying"), none for a passive without agent ("is said to") — and resolved to the actor of
the mention found there (he/she already point at the person last named, in `actors.py`). The
content is the quote or clause reported. Hedges (`data/hedges.tsv`) found in the content or
around the cue, and a sourcing grade (on the record, official, anonymous, relayed by another
outlet, unattributed), say how far the claim can be trusted.

Runs with extraction, in its processes (`find_in`, over the source's own mentions and actors),
and is settled once actors are linked (`attribute`, a linker): speakers take the linked actors'
ids, and a sentence that holds other mentions after linking (a translated name found across the
corpus), or mentions of actors that changed kind, is read again. Cues in forum
users' comments and quoted replies are kept but marked `claim=False`; boilerplate is not read.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import NamedTuple

from briefing import data, gazetteer, sentences
from briefing.findings import Attribution, Basis, Findings, Hedge, Mention, Span
from briefing.passages import Passage
from briefing.sources import SourceText

_TOKEN = re.compile(r"\w(?:[\w'’.&-]*\w)?|[^\w\s]")
_QUOTES = frozenset('"“”‘’\'')
_OPENING = frozenset('"“‘')
_DETERMINERS = frozenset("a an the this these those its their his her our my your some any each every no "
                         "several many few one".split())
_POSSESSIVES = frozenset("his her its their our my your".split())
# Words between a subject and its verb: auxiliaries, negation, frequent adverbs, deictic days.
_BETWEEN = frozenset("has have had will would shall should can could may might must do does did also not n't "
                     "never already just still now then further later earlier once again always often even ever "
                     "first long hasn't haven't didn't doesn't won't today yesterday".split())
# Time phrases between a subject and its verb ("X on June 18 called for…", "X last week said…").
_TIME_WORDS = frozenset(w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name)) \
    | frozenset("week month year morning afternoon evening night weekend".split())
_TIME_LEADS = frozenset("on in at last this next early late".split())
_BE = frozenset("is are was were be been being am 's".split())
_SUBJECT_PRONOUNS = frozenset("i he she we they".split())
_PRONOUNS = frozenset("i he she we they it".split())
_CLAUSE_BOUNDARY = frozenset("and but or that which who whom whose while when where because although though if "
                             "as than after before since , ; : ( )".split()) | _QUOTES
# Words joining a source's head to what places it: "officials from X", "a source close to X".
_HEAD_LINKS = frozenset("of from for at in within to with".split())
_PREPOSITIONS = frozenset("of in for with from by over after about on under against among between into through "
                          "during without within upon via".split())
_SUBORDINATORS = frozenset("when after as although while if since because before though despite following "
                            "once unless until whereas".split())
_WH = frozenset("what how whether if why when where who which".split())
_PARTICIPLE_END = ("ed", "en")
_IRREGULAR_PARTICIPLES = frozenset("said told thought known written shown".split())
_PASSAGE_KINDS = frozenset({"headline", "body", "embedded_report", "user_comment", "quoted_reply"})


class Cue(NamedTuple):
    words: tuple[str, ...]
    kind: str
    use: str  # verb, verb+, noun or prep (see data/cues.tsv)


class _Token:
    """A token of a sentence; its lower case, which the cues and phrases ask for again and again,
    worked out once. Made by `_tokens`."""

    __slots__ = ("end", "lower", "start", "text")
    text: str
    start: int
    end: int
    lower: str


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    """The tokens of text[start:end]. (Their slots filled here rather than by an `__init__`: a call
    less per token, a quarter of the time of making them.)"""
    tokens = []
    new = object.__new__
    for match in _TOKEN.finditer(text, start, end):
        token = new(_Token)
        token.text = word = match[0]
        token.start, token.end = match.span()
        token.lower = word.lower()
        tokens.append(token)
    return tokens


@cache
def _cues() -> dict[str, list[Cue]]:
    """Cues by their first word, longest first."""
    table: dict[str, list[Cue]] = {}
    for row in data.rows("cues.tsv"):
        forms, kind, use = row.split("\t")
        for form in forms.split(","):
            words = tuple(form.split())
            table.setdefault(words[0], []).append(Cue(words, kind, use))
    for cues in table.values():
        cues.sort(key=lambda cue: (-len(cue.words), cue.use != "verb", cue.use))
    return table


@cache
def _cue_words() -> dict[str, list[frozenset[str]]] | None:
    """Each cue's words, by its first word; None when a cue has a word that is not one run of word
    characters (`_may_hold_cue` could then not tell it from the sentence's runs)."""
    by_first: dict[str, list[frozenset[str]]] = {}
    for first, cues in _cues().items():
        by_first[first] = list({frozenset(cue.words) for cue in cues})
    if not all(_WORD.fullmatch(word) for needs in by_first.values() for need in needs for word in need):
        return None
    return by_first


def _may_hold_cue(text: str, start: int, end: int) -> bool:
    """Whether some cue has all its words among the sentence's: a token made of word characters
    is a whole run of them (`_TOKEN` is greedy), so a sentence without them holds no cue and is
    not tokenised at all (most sentences)."""
    by_first = _cue_words()
    if by_first is None:
        return True
    # Folded (`data.fold`), each run of word characters stays one run, lowered as a cue's words are.
    words = set(_WORD.findall(data.fold(text[start:end])))
    # (The few words that start a cue, told by one set operation, not a lookup per word.)
    return any(need <= words for word in words & _cue_firsts() for need in by_first[word])


@cache
def _cue_firsts() -> frozenset[str]:
    return frozenset(_cues())


@cache
def _hedges() -> list[tuple[re.Pattern[str], str, str | None]]:
    """Each marker's pattern, its kind, and its first word when that is ASCII letters, digits or
    underscores: the pattern then starts with that whole word, so a marker whose first word is not
    among a text's words is not there either. The patterns are searched in text `data.fold`ed,
    where the markers, written in lower case, match as they would case aside (a test checks that
    they are), twice as fast as with `re.IGNORECASE`."""
    found = []
    for row in data.rows("hedges.tsv"):
        phrase, kind = row.split("\t")
        first = phrase.split()[0]
        found.append((re.compile(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b"), kind,
                      first if first.isascii() and _WORD.fullmatch(first) else None))
    return found


_WORD = re.compile(r"\w+")


@cache
def _hedges_by_first() -> tuple[dict[str, list[int]], list[int]]:
    """The markers' places in `_hedges()` by their first word, and the places of those without one."""
    by_first: dict[str, list[int]] = {}
    always = []
    for number, (_, _, first) in enumerate(_hedges()):
        if first is None:
            always.append(number)
        else:
            by_first.setdefault(first, []).append(number)
    return by_first, always


def _hedges_to_try(folded: str, start: int, end: int) -> Iterable[int]:
    """The places in `_hedges()` of the markers that may be in folded[start:end] (a text
    `data.fold`ed, which keeps each run of word characters), in their order (the first marker found
    at a place keeps it): only those whose first word is among the span's words. ("it" and "no",
    first words of markers, are inside most texts, as words in few.)"""
    by_first, always = _hedges_by_first()
    words = set(_WORD.findall(folded, start, end))
    return sorted([*always, *(number for word in words & by_first.keys() for number in by_first[word])])


@cache
def _outlets() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    """Outlet names, outlet nouns, and the last words of outlets' names."""
    kinds: dict[str, list[str]] = {"name": [], "noun": [], "ending": []}
    for row in data.rows("outlets.tsv"):
        word, kind = row.split("\t")
        kinds[kind].append(word)
    # (Said first, the letters the names open with: the regex engine skips to them rather than trying
    # every name at every character, twice as fast.)
    opening = "".join(sorted({re.escape(name[0]) for name in kinds["name"]}))
    names = re.compile(rf"(?=[{opening}])" + _OUTLET_NAMES.format(
        "|".join(map(re.escape, sorted(kinds["name"], key=len, reverse=True)))))
    return names, frozenset(kinds["noun"]), frozenset(kinds["ending"])


_OUTLET_NAMES = r"\b(?:{})\b"
# A web address: a word character, a dot and a top-level domain. (Opening with the dot, which the
# engine skips to, and the word character before it said after.)
_WEB_ADDRESS = re.compile(r"(?<=\w)\.(?:com|net|org|co\.uk)\b")


def _is_outlet(text: str, before: str) -> bool:
    """An outlet: a wire service's name, a web address, a name ending like a paper's ("… Times"),
    or a name written after an outlet noun ("German magazine Der Spiegel")."""
    names, nouns, endings = _outlets()
    words = text.split()
    if not words:
        return False
    if names.search(text) or _WEB_ADDRESS.search(text):
        return True
    if any(word in endings for word in words) and words[0][0].isupper():
        return True
    preceding = before.split()[-1:] or [""]
    return preceding[0].lower() in nouns or any(w in nouns for w in words if w.islower())


class _Sentence:
    """One sentence's tokens and the mentions inside it."""

    def __init__(self, text: str, start: int, end: int, mentions: list[Mention]) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.tokens = _tokens(text, start, end)
        self.mentions = mentions

    def mention_ending(self, index: int) -> Mention | None:
        """The widest mention whose last token is tokens[index] (possessive 's aside)."""
        token = self.tokens[index]
        ending = [m for m in self.mentions if m.start <= token.start < m.end <= token.end or m.end == token.end]
        return max(ending, key=lambda m: (m.form == "name", m.end - m.start), default=None)

    def mention_starting(self, index: int) -> Mention | None:
        token = self.tokens[index]
        starting = [m for m in self.mentions if m.start <= token.start < m.end]
        return max(starting, key=lambda m: (m.form == "name", m.end - m.start), default=None)


class _Found(NamedTuple):
    cue: Cue
    first: int  # token index of the cue's first word
    last: int  # token index after its last word


def _match_cue(sentence: _Sentence, index: int, headline: bool) -> Cue | None:
    tokens = sentence.tokens
    token = tokens[index]
    if token.text[0].isupper() and index > 0 and not headline and tokens[index - 1].text not in _OPENING:
        return None  # "the United States", "Reports Say": a capital inside a sentence makes a name
    for cue in _cues().get(token.lower, ()):
        size = len(cue.words)
        if tuple(t.lower for t in tokens[index:index + size]) != cue.words:
            continue
        if _cue_applies(sentence, index, index + size, cue):
            return cue
    return None


def _cue_applies(sentence: _Sentence, first: int, last: int, cue: Cue) -> bool:
    tokens = sentence.tokens
    before = tokens[first - 1].lower if first > 0 else ""
    owned = before in _POSSESSIVES or before.endswith(("'s", "’s"))
    # after an article, a number or a people's adjective ("Iranian state media") it is a noun
    nominal = owned or before in _DETERMINERS or before[:1].isdigit() \
        or (first > 0 and not before.endswith("s") and gazetteer.demonym(tokens[first - 1].text) is not None)
    if cue.use == "prep":
        return True
    if cue.use == "noun+":
        return owned or (before in _DETERMINERS and first > 1 and tokens[first - 2].lower == "in")
    if cue.use == "noun":
        # "his speech", "a statement", "over claims of"; a verb form reads as a noun only after
        # an article, a possessive or a preposition
        return nominal or before in {"in", "of", "over", "for", "with", "after", "from", "by"} \
            or cue.words[0] not in _verb_forms()
    if nominal or (before in _PREPOSITIONS and not cue.words[0].endswith("ing")):
        return False  # "the stated aim", "an alleged plot", "because of reports"
    if cue.use == "verb":
        return True
    return _has_complement(sentence, first, last)


@cache
def _verb_forms() -> frozenset[str]:
    return frozenset(cue.words[0] for cues in _cues().values() for cue in cues if cue.use.startswith("verb"))


def _has_complement(sentence: _Sentence, first: int, last: int) -> bool:
    """What makes "added", "noted", "knows" reporting verbs: a reported clause or quote."""
    tokens = sentence.tokens
    after = [t.lower for t in tokens[last:last + 7] if t.text not in "[]()"]
    if not after or after[0] in {".", "!", "?"}:
        return first > 0 and tokens[first - 1].text in {",", *_QUOTES} or _after_quote(sentence, first)
    if after[0] in {"that", ":", "to", *_WH} or after[0] in _QUOTES or after[0] in _SUBJECT_PRONOUNS:
        return True
    if after[0] == "," and len(after) > 1 and after[1] in _QUOTES:
        return True
    # an object, then the clause: "told reporters that", "warned Washington that"
    if "that" in after[1:4] and not any(w in {".", ",", ";"} for w in after[:after.index("that")]):
        return True
    return _after_quote(sentence, first)


def _after_quote(sentence: _Sentence, first: int) -> bool:
    """'"…," he added': the cue closes a quote just before it (its speaker between)."""
    tokens = sentence.tokens
    for back in range(first - 1, max(-1, first - 6), -1):
        if tokens[back].text in _QUOTES and back > 0 and tokens[back - 1].text in {",", "?", "!", "."}:
            return True
    return False


def _skip_left(tokens: list[_Token], index: int) -> int:
    """The index of the last token before `index` that is not an auxiliary, an adverb or a time phrase."""
    index -= 1
    while index >= 0:
        word = tokens[index].lower
        if word in _BETWEEN or word in _BE or (word.endswith("ly") and tokens[index].text.islower() and len(word) > 4):
            index -= 1
            continue
        back = index
        while back >= 0 and (tokens[back].lower in _TIME_WORDS or tokens[back].text.isdigit()):
            back -= 1
        if back < index and back >= 0 and tokens[back].lower in _TIME_LEADS:
            index = back - 1
            continue
        break
    return index


def _participle(word: str) -> bool:
    return word.endswith(_PARTICIPLE_END) or word in _IRREGULAR_PARTICIPLES


def _passive(tokens: list[_Token], first: int) -> bool:
    if not _participle(tokens[first].lower):
        return False
    index = first - 1
    while index >= 0 and (tokens[index].lower.endswith("ly") and tokens[index].text.islower()
                          or tokens[index].lower in {"not", "also", "widely", "generally"}):
        index -= 1
    return index >= 0 and tokens[index].lower in _BE


class _Speaker(NamedTuple):
    start: int
    end: int
    mention: Mention | None


def _noun_phrase_left(sentence: _Sentence, index: int) -> _Speaker | None:
    """The noun phrase ending at tokens[index]: a mention there, a pronoun, or common nouns back
    to their article ("the company", "industry experts", "a source close to the movement")."""
    tokens = sentence.tokens
    if index < 0:
        return None
    token = tokens[index]
    mention = sentence.mention_ending(index)
    if mention is not None:
        start, end = mention.start, mention.end
        speaker = _Speaker(start, end, mention)
    elif token.lower in _PRONOUNS:
        speaker = _Speaker(token.start, token.end, None)
    elif token.text[0].isalpha() and token.lower not in _CLAUSE_BOUNDARY \
            and token.lower not in data.words("stopwords.txt") and not token.lower.endswith("ing"):
        first = index
        while first > 0:
            previous = tokens[first - 1]
            if previous.lower in _DETERMINERS or previous.lower in _POSSESSIVES \
                    or previous.lower.endswith(("'s", "’s")):
                first -= 1
                break
            if not previous.text[0].isalpha() or previous.lower in data.words("stopwords.txt") \
                    or previous.lower in _CLAUSE_BOUNDARY or previous.lower in _verb_forms():
                break
            first -= 1
        # the phrase is its head's: "Indonesia's transport minister" is no mention of Indonesia
        speaker = _Speaker(tokens[first].start, token.end, None)
    else:
        return None
    # "a source close to the movement", "officials from the ministry": the head comes first
    head = _token_at(tokens, speaker.start)
    if head is not None and head >= 2 and tokens[head - 1].lower in _HEAD_LINKS:
        link = head - 1
        if tokens[link].lower == "to" and tokens[link - 1].lower == "close":
            link -= 1
        elif tokens[link].lower == "with" and tokens[link - 1].lower == "familiar":
            link -= 1
        outer = _noun_phrase_left(sentence, link - 1)
        if outer is not None and _anonymous(sentence.text[outer.start:outer.end]) or (
                outer is not None and _head_word(sentence.text[outer.start:outer.end]) in _roles()):
            return _Speaker(outer.start, speaker.end, outer.mention or speaker.mention)
    return speaker


@cache
def _roles() -> frozenset[str]:
    return data.words("role_nouns.txt")


def _head_word(text: str) -> str:
    words = re.findall(r"[\w'’-]+", text)
    return words[-1].lower() if words else ""


def _anonymous(text: str) -> bool:
    words = re.findall(r"[\w'’-]+", text.lower())
    return bool(words) and any(w in data.words("anonymous_sources.txt") for w in words[:4]) and not any(
        w[0].isupper() for w in re.findall(r"[\w'’-]+", text)[1:])


def _token_at(tokens: list[_Token], offset: int) -> int | None:
    return next((i for i, t in enumerate(tokens) if t.start <= offset < t.end), None)


def _noun_phrase_right(sentence: _Sentence, index: int) -> _Speaker | None:
    """The noun phrase starting at tokens[index] ("said Angers", "according to the ministry")."""
    tokens = sentence.tokens
    if index >= len(tokens):
        return None
    mention = sentence.mention_starting(index)
    if mention is not None:
        return _Speaker(mention.start, mention.end, mention)
    token = tokens[index]
    if token.lower in _PRONOUNS:
        return _Speaker(token.start, token.end, None)
    last = index
    while last < len(tokens) and tokens[last].text[0].isalpha() and tokens[last].lower not in _CLAUSE_BOUNDARY \
            and (last == index or tokens[last].lower not in data.words("stopwords.txt")) \
            and not (last > index and _verb_like(tokens[last])):
        if sentence.mention_starting(last) is not None and last > index:
            mention = sentence.mention_starting(last)
            return _Speaker(token.start, mention.end, mention)
        last += 1
    if last == index:
        return None
    speaker = _Speaker(token.start, tokens[last - 1].end, None)
    # "two politicians close to X", "officials familiar with X": the phrase runs on to what places it
    if last + 2 < len(tokens) and (tokens[last - 1].lower, tokens[last].lower) in {("close", "to"),
                                                                                   ("familiar", "with")}:
        placed = _noun_phrase_right(sentence, last + 1)
        if placed is not None:
            return _Speaker(speaker.start, placed.end, placed.mention)
    return speaker


class _Parse:
    """The speakers of one sentence's cues, in order, so participles can reuse the subject."""

    def __init__(self, sentence: _Sentence) -> None:
        self.sentence = sentence
        self.speakers: list[_Speaker | None] = []

    def speaker(self, found: _Found) -> _Speaker | None:
        sentence, tokens = self.sentence, self.sentence.tokens
        first, last, cue = found.first, found.last, found.cue
        if cue.use == "prep":
            return _noun_phrase_right(sentence, last)
        if cue.use.startswith("noun"):
            return self._noun_speaker(found)
        if _passive(tokens, first):
            if last < len(tokens) and tokens[last].lower == "by":
                return _noun_phrase_right(sentence, last + 1)
            return None
        left = _skip_left(tokens, first)
        mark = tokens[left].lower if left >= 0 else ""
        # '"…," said Angers.' / '…, said Joe Leonard, chairman of X.': the speaker follows
        if (mark in _QUOTES or mark == ",") and cue.kind == "speech" \
                and (after := _speaker_after(sentence, last)) is not None:
            return after
        if mark == "as" and left >= 1:
            return _noun_phrase_left(sentence, left - 1)  # "quoted X as saying"
        if tokens[first].lower.endswith("ing") and (left < 0 or mark == "," or mark in _PREPOSITIONS):
            return self._subject(first)  # ", saying …", "by saying …", "Citing X, Y announced"
        if mark in {"and", "but"}:
            return self._subject(first)
        if mark == ",":
            # "X, the Y chief executive, said"; "X released Y, announces Z"; but "the 777,
            # announced last November" is a passive without agent
            if (apposition := _apposition_head(sentence, left)) is not None:
                return apposition
            return None if _participle(tokens[first].lower) else self._subject(first)
        return _noun_phrase_left(sentence, left)

    def _noun_speaker(self, found: _Found) -> _Speaker | None:
        sentence, tokens = self.sentence, self.sentence.tokens
        before = found.first - 1
        while before > found.first - 3 and before >= 0 and tokens[before].text.islower() \
                and tokens[before].lower not in _DETERMINERS and tokens[before].lower not in _POSSESSIVES \
                and tokens[before].lower not in data.words("stopwords.txt"):
            before -= 1  # adjectives: "his annual speech", "their individual claims"
        if before >= 0 and (tokens[before].lower in _POSSESSIVES or tokens[before].lower.endswith(("'s", "’s"))):
            if tokens[before].lower in _POSSESSIVES:
                return _Speaker(tokens[before].start, tokens[before].end, sentence.mention_starting(before))
            return _noun_phrase_left(sentence, before)
        if found.last + 1 < len(tokens) and tokens[found.last].lower in {"by", "from"}:
            return _noun_phrase_right(sentence, found.last + 1)
        # "X said in a statement": the verb's speaker
        if before >= 1 and tokens[before].lower in _DETERMINERS and tokens[before - 1].lower == "in" \
                and self.speakers and self.speakers[-1] is not None:
            return self.speakers[-1]
        return None

    def _subject(self, first: int) -> _Speaker | None:
        """The subject of the clause a participle or a second verb hangs on: an earlier cue's
        speaker, else the first noun phrase of the main clause (after "Citing X," or "When …,")."""
        if self.speakers and self.speakers[-1] is not None:
            return self.speakers[-1]
        sentence, tokens = self.sentence, self.sentence.tokens
        start, stop = 0, first
        if first == 0 or tokens[0].lower in _SUBORDINATORS:
            start = next((i + 1 for i in range(1, len(tokens)) if tokens[i].text == ","), len(tokens))
            stop = len(tokens) if first == 0 else first
        for index in range(start, stop):
            if sentence.mention_starting(index) is not None:
                return _name_run(sentence, index)
        return _noun_phrase_right(sentence, start) if start < stop else None


def _verb_like(token: _Token) -> bool:
    """A lower-case word that ends a noun phrase read rightwards: a cue verb or a past tense."""
    word = token.lower
    return token.text.islower() and (word in _verb_forms() or (word.endswith("ed") and len(word) > 4))


def _name_run(sentence: _Sentence, index: int) -> _Speaker:
    """The mentions in a run of capitalised words from tokens[index], as one speaker whose actor
    is the last ("Indonesian President Susilo Bambang Yudhoyono")."""
    tokens = sentence.tokens
    first = sentence.mention_starting(index)
    last = first
    while index < len(tokens) and (tokens[index].text[0].isupper() or tokens[index].text[0].isdigit()
                                   or tokens[index].start < last.end):
        mention = sentence.mention_starting(index)
        if mention is not None and mention.end > last.end:
            last = mention
        index += 1
    return _Speaker(first.start, last.end, last)


def _can_speak_after(sentence: _Sentence, speaker: _Speaker) -> bool:
    """After the cue, a speaker is a name, a pronoun or a role ("said a spokesman"), not the
    verb's object ("announces upcoming update")."""
    words = sentence.text[speaker.start:speaker.end]
    return speaker.mention is not None or words.lower() in _PRONOUNS or _anonymous(words) \
        or _head_word(words) in _roles()


def _speaker_after(sentence: _Sentence, last: int) -> _Speaker | None:
    """The speaker of an inversion ('"…," said Angers.', '…, said Joe Leonard, chairman of X.'):
    what follows the cue up to the sentence's end names a person, or is a name, a pronoun or a
    role; else the words after the cue are its object."""
    tokens = sentence.tokens
    stop = next((i for i in range(last, len(tokens)) if tokens[i].text in _QUOTES or tokens[i].text in ";:"),
                len(tokens))
    if stop - last > 20:
        return None
    people = [m for m in sentence.mentions if tokens[last].start <= m.start and m.end <= tokens[stop - 1].end
              and m.type == "PER" and m.form == "name"] if stop > last else []
    if people:
        return _Speaker(tokens[last].start, people[0].end, people[0])
    after = _noun_phrase_right(sentence, last)
    if after is None or not _can_speak_after(sentence, after):
        return None
    rest = sentence.text[after.end:sentence.end].strip()
    return after if not rest or rest[0] in ".,;!?" else None


def _apposition_head(sentence: _Sentence, comma: int) -> _Speaker | None:
    """'Louis Gallois, the Airbus chief executive, said': the name before the apposition."""
    tokens = sentence.tokens
    opening = next((i for i in range(comma - 1, -1, -1) if tokens[i].text == ","), None)
    if opening is None or opening == 0 or comma - opening > 12:
        return None
    head = _noun_phrase_left(sentence, opening - 1)
    if head is None:
        return None
    inner = _noun_phrase_left(sentence, comma - 1)
    if inner is None or (head.mention is not None and head.mention.end == head.end):
        return head
    return inner if inner.mention is not None or head.mention is None else head


def _content(sentence: _Sentence, found: _Found, speaker: _Speaker | None) -> tuple[int, int, bool]:
    """What is reported, and whether word for word: a quote opening after the cue ('said: "…"'),
    a that-clause, a quote closing just before ('"…," he said'), the rest of the clause after the
    cue, or what comes before it ('…, officials said.', '…, according to X.')."""
    tokens, text = sentence.tokens, sentence.text
    cue_start, cue_end = tokens[found.first].start, tokens[found.last - 1].end
    left_edge = min(cue_start, speaker.start if speaker else cue_start)
    right_edge = max(cue_end, speaker.end if speaker else cue_end)
    opening = _OPENS_QUOTE.match(text, right_edge, sentence.end)
    if opening:
        close = _CLOSE_QUOTE.search(text, opening.end(), sentence.end)
        return opening.end(), close.start() if close else _trimmed_end(text, opening.end(), sentence.end), True
    rest = [t for t in tokens if t.start >= right_edge]
    if not (rest and rest[0].lower == "that"):
        closing = _CLOSES_QUOTE.search(text, sentence.start, left_edge)
        if closing:
            begin = max(text.rfind(mark, sentence.start, closing.start()) for mark in _OPENING)
            return begin + 1 if begin >= 0 else sentence.start, closing.start(), True
    while rest and rest[0].lower in {"that", ",", ":"}:
        rest = rest[1:]
    while rest and rest[-1].text in {".", "!", "?", ";"}:
        rest = rest[:-1]
    if len(rest) > 1:
        return rest[0].start, rest[-1].end, False
    head = [t for t in tokens if t.end <= left_edge]
    if head and head[0].text == "{" and any(t.text == "}" for t in head):
        head = head[[t.text for t in head].index("}") + 1:]  # a forum's "{Politics: Outlet}" tag
    while head and (head[-1].text in {",", "-", "—"} or head[-1].lower in {"according", "as"}):
        head = head[:-1]
    if head:
        return head[0].start, head[-1].end, False
    return cue_start, cue_end, False


# A quote opening right after the cue or speaker, its end, and one closing right before them.
_OPENS_QUOTE = re.compile(r"[\s,:]*[\"“](?=\S)")
_CLOSE_QUOTE = re.compile(r"[\"”]")
_CLOSES_QUOTE = re.compile(r"(?<=\S)[,.!?]?[\"”][,.!?]?\s*$")


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".!?; ":
        end -= 1
    return end


def _hedges_in(text: str, spans: list[tuple[int, int]]) -> list[Hedge]:
    found: dict[tuple[int, int], Hedge] = {}
    hedges = _hedges()
    for start, end in spans:
        # Folded from the character before the span: a marker's `\b` at its start reads it.
        before = max(0, start - 1)
        folded = data.fold(text[before:end])
        for number in _hedges_to_try(folded, start - before, end - before):
            pattern, kind, _ = hedges[number]
            for match in pattern.finditer(folded, start - before):
                first, last = before + match.start(), before + match.end()
                if text[first].isupper() and first != start:
                    continue  # "in May": a month, not a modal
                found.setdefault((first, last), Hedge(start=first, end=last, text=text[first:last], kind=kind))
    # "could not be verified" holds "could": keep the longest marker at each place
    kept = [h for h in found.values() if not any(o is not h and o.start <= h.start and h.end <= o.end
                                                 and (o.end - o.start) > (h.end - h.start) for o in found.values())]
    return sorted(kept, key=lambda h: (h.start, h.end))


_HEAD_PHRASE = re.compile(r".*?(?=\s+(?:of|from|for|at|in|within|close|familiar|with)\s|$)", re.DOTALL)
_INDEFINITE = frozenset("a an one some several many two three".split())
_ORG_TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place"}


def _speaker_kind(text: str, speaker: _Speaker | None, before: str, actor_kinds: dict[str, str]) -> str:
    if speaker is None:
        return "none"
    words = text[speaker.start:speaker.end]
    if _is_outlet(words, before):
        return "outlet"
    mention = speaker.mention
    head = _HEAD_PHRASE.match(words)[0]
    if mention is not None and mention.start > speaker.start and _anonymous(head):
        return "anonymous"  # "a source close to the Sadrist movement"
    if mention is not None and mention.form == "name":
        return actor_kinds.get(mention.actor, _ORG_TYPES.get(mention.type, "organisation"))
    if mention is not None and mention.form == "pronoun":
        return "person"
    if words.lower() in _PRONOUNS:
        return "pronoun"
    if _anonymous(head):
        return "anonymous"
    if _head_word(head) in _roles():
        # "the company's spokesman" speaks for a known body; "an analyst" for nobody named
        return "anonymous" if head.split()[0].lower() in _INDEFINITE else "role"
    return "organisation"


def _grade(kind: str, cue: Cue, relayed: bool) -> str:
    if relayed or kind == "outlet":
        return "relayed"
    if kind == "none":
        return "unattributed"
    if kind == "anonymous":
        return "anonymous"
    if kind in {"organisation", "role"} or cue.kind == "announcement":
        return "official"
    return "on_record"


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def _cues_in(sentence: _Sentence, headline: bool) -> list[_Found]:
    found: list[_Found] = []
    cues = _cues()
    after = 0  # where the last cue found ends: a cue starts there or later
    # Most words start no cue: told by one lookup each, in one pass, before `_match_cue` looks at the
    # word's case.
    for index in [index for index, token in enumerate(sentence.tokens) if token.lower in cues]:
        if index < after or (cue := _match_cue(sentence, index, headline)) is None:
            continue
        found.append(_Found(cue, index, index + len(cue.words)))
        after = index + len(cue.words)
    return found


def _relaying_outlets(sentence: _Sentence, results: list[tuple[_Found, _Speaker | None]],
                      actor_kinds: dict[str, str]) -> list[_Speaker]:
    """Outlets relaying the sentence: "according to AFP", "Der Spiegel reported", "X told Reuters";
    an organisation told ("X told Asharq Al-Awsat") is the outlet that reports the words."""
    text = sentence.text
    outlets = []
    for item, speaker in results:
        if speaker is not None and _is_outlet(text[speaker.start:speaker.end],
                                              text[max(0, speaker.start - 30):speaker.start]):
            outlets.append(speaker)
        if item.cue.words[0] in {"tell", "tells", "told", "telling"}:
            heard = _noun_phrase_right(sentence, item.last)
            if heard is not None and (_is_outlet(text[heard.start:heard.end], "") or (
                    heard.mention is not None and heard.mention.form == "name"
                    and actor_kinds.get(heard.mention.actor) == "organisation")):
                outlets.append(heard)
    return outlets


def _sentence_attributions(source: SourceText, passage: Passage, sentence: _Sentence,
                           actor_kinds: dict[str, str], passage_index: int | None = None) -> list[Attribution]:
    """The sentence's attributions; with `passage_index` (the passage's number in the source's
    layout), each keeps the basis it was read from (see `find`)."""
    text, tokens, key = source.text, sentence.tokens, source.key
    parse = _Parse(sentence)
    results = []
    for item in _cues_in(sentence, passage.kind == "headline"):
        speaker = parse.speaker(item)
        parse.speakers.append(speaker)
        results.append((item, speaker))
    outlets = _relaying_outlets(sentence, results, actor_kinds)
    # A forum user's words, a quoted reply or a passage set aside are no claim of the source.
    claim = passage.use == "facts" and passage.kind in {"headline", "body", "embedded_report"}
    basis = None if passage_index is None or not results else Basis(
        passage_index, sentence.start, sentence.end,
        tuple((m.start, m.end, m.actor, actor_kinds.get(m.actor)) for m in sentence.mentions))
    attributions = []
    for item, speaker in results:
        cue = _span(text, tokens[item.first].start, tokens[item.last - 1].end)
        content_start, content_end, direct = _content(sentence, item, speaker)
        kind = _speaker_kind(text, speaker, text[max(0, speaker.start - 30):speaker.start] if speaker else "",
                             actor_kinds)
        via = next((o for o in outlets if speaker is None or (o.start, o.end) != (speaker.start, speaker.end)), None)
        around = [(content_start, content_end), (min(cue.start, speaker.start if speaker else cue.start), cue.end)]
        mention = speaker.mention if speaker else None
        attributions.append(Attribution(
            source=key, cue=cue, kind=item.cue.kind,
            speaker=_span(text, speaker.start, speaker.end) if speaker else None, speaker_kind=kind,
            actor=mention.actor if mention else None,
            actor_mention=_span(text, mention.start, mention.end) if mention else None,
            content=_span(text, content_start, content_end), direct=direct,
            hedges=[h for h in _hedges_in(text, around) if (h.start, h.end) != (cue.start, cue.end)],
            grade=_grade(kind, item.cue, via is not None), via=_span(text, via.start, via.end) if via else None,
            passage=passage.kind, claim=claim, basis=basis,
        ))
    return attributions


def find(source: SourceText, mentions: list[Mention], actor_kinds: dict[str, str]) -> list[Attribution]:
    """The attributions of one source, speakers resolved to its mentions (sorted by start), each
    with the basis it was read from."""
    starts = [m.start for m in mentions]
    found = []
    for index, passage in enumerate(source.layout.passages):
        if passage.kind not in _PASSAGE_KINDS:
            continue
        for start, end in sentences.split_lines(source.text, passage.start, passage.end):
            if not _may_hold_cue(source.text, start, end):
                continue
            inside = mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
            found += _sentence_attributions(source, passage, _Sentence(source.text, start, end, inside),
                                            actor_kinds, index)
    return found


def _by_start(mentions: list[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: (m.start, m.end))


def find_in(source: SourceText, found: Findings) -> Findings:
    """A source's attributions over its own mentions and actors, with extraction (actor ids are the
    source's own until `attribute` settles them)."""
    kinds = {actor.id: actor.kind for actor in found.actors}
    return Findings(attributions=find(source, _by_start(found.mentions), kinds))


def attribute(findings: Findings, sources: list[SourceText]) -> Findings:
    """Every source's attributions (`find_in`) settled against the linked actors."""
    kinds = {actor.id: actor.kind for actor in findings.actors}
    by_source: dict[str, list[Mention]] = {source.key: [] for source in sources}
    for mention in _by_start(findings.mentions):
        by_source.setdefault(mention.source, []).append(mention)
    said: dict[str, list[Attribution]] = defaultdict(list)
    for attribution in findings.attributions:
        said[attribution.source].append(attribution)
    settled = [a for source in sources for a in _settled(source, said[source.key], by_source[source.key], kinds)]
    return findings.model_copy(update={"attributions": settled})


def _settled(source: SourceText, said: list[Attribution], mentions: list[Mention],
             kinds: dict[str, str]) -> list[Attribution]:
    """`said` with the linked actors' ids, sentence by sentence, where the sentence holds the same
    mentions, of actors of the same kinds, as when it was read (nothing its attributions depend on
    changed); a sentence where they differ is read again."""
    starts = [m.start for m in mentions]
    settled = []
    # A sentence's attributions are consecutive and share its basis.
    for basis, group in itertools.groupby(said, key=lambda a: a.basis):
        inside = mentions[bisect.bisect_left(starts, basis.start):bisect.bisect_left(starts, basis.end)]
        if [(m.start, m.end, kinds.get(m.actor)) for m in inside] == [(s, e, k) for s, e, _, k in basis.mentions]:
            linked = {own: m.actor for m, (_, _, own, _) in zip(inside, basis.mentions, strict=True)}
            settled += [replace(a, actor=a.actor and linked[a.actor], basis=None) for a in group]
        else:
            sentence = _Sentence(source.text, basis.start, basis.end, inside)
            settled += _sentence_attributions(source, source.layout.passages[basis.passage], sentence, kinds)
    return settled
