"""Names: whether two spellings are one name, across romanisations and scripts.

News spells one Arabic or Persian name many ways — Gaddafi, Qadhafi, Kadafi; Hussein, Husayn,
Hossein — and sometimes in Arabic script. `similar` decides whether two names are one name spelt
differently, `skeleton` gives a key under which most spellings of a name collide (to group names
before comparing them), `acronym_matches` pairs an acronym with its expansion, and `normalise`
is the common first step.

A word is read as a sequence of sounds: consonant classes (q, k, c and g are one class; d, dh,
th and z another, as romanisations of the Arabic interdentals and emphatics swap them), long
vowels and diphthongs as glides (y for ee/ei/ai/ay, w for ou/oo/aw), short vowels by quality,
and a word's opening and closing vowel. Two words match when the sequences are close under a
weighted edit distance with a budget of one cheap edit: short vowels that romanisations
interchange (a/e, e/i, o/u) cost nothing, a dropped short vowel or a neighbouring consonant
(gh/g, kh/h, t/d, ch/sh) costs one, anything that changes a long vowel, a consonant or the
closing vowel costs more — which keeps Hassan, Hussein and Hassoun apart. Arabic script writes
no short vowels, so against it they are ignored.

The rules are conventions of romanising Arabic and Persian (English, French, German and
academic systems) with tables in `data/`, never knowledge of particular people.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from briefing import data

# --- normalising ------------------------------------------------------------------------------

# Letters that NFKD does not reduce to the romanisation English-language text uses for them.
_LETTERS = str.maketrans({
    "ł": "l", "ø": "o", "đ": "dj", "ð": "dh", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
    "š": "sh", "ș": "sh", "č": "ch", "ž": "zh", "ǧ": "j", "ġ": "gh", "ḫ": "kh",
    "ẖ": "kh", "ṯ": "th", "ḏ": "dh",
})
# Apostrophes and the marks of hamza and ʿayn, which romanisations write or leave out at will;
# full stops, so that "U.S." is "us"; the Arabic tatweel, which only stretches a word.
_DROPPED = str.maketrans("", "", "'’‘`´ʹʻʼʽʾʿˈ′.\u0640")
_DASHES = str.maketrans("‐‑‒–—―−", "-------")
_NOT_WORD = re.compile(r"[^\w\s-]|_")
# "AlSadr", "ElBaradei": an article written against a capitalised name.
_JOINED_ARTICLE = re.compile(r"\b([AaEe]l)(?=[A-Z][a-z])")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_ARTICLE = "ال"
_ALLAH = "الله"


def _fold(text: str) -> str:
    """Case, diacritics, apostrophes and dashes folded; nothing dropped or split."""
    text = _JOINED_ARTICLE.sub(r"\1-", text).casefold().translate(_LETTERS).translate(_DASHES)
    if not text.isascii():  # (NFKD leaves ASCII as it is, and no ASCII character combines)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", text.translate(_DROPPED))


@cache
def _particles() -> dict[str, str]:
    table = {}
    for line in data.rows("names_particles.tsv"):
        spelling, role = line.split("\t")
        table[_fold(spelling).strip()] = role
    return table


def _is_article(word: str, following: str) -> bool:
    """An article as a word of its own: al, el, or one assimilated to the next word ("Ar Raqqah")."""
    role = _particles().get(word)
    return role == "article" or (role == "article-" and following.startswith(word[1:]))


# The same name is normalised by the gazetteer, by a name's words (`_words`) and by linking: once.
@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """A name folded for comparison: "the" and Arabic articles dropped, particles kept as words.

    Case, diacritics and apostrophes (and the hamza and ʿayn marks) are folded away, hyphens
    become spaces; a leading English "the" goes, and so does the Arabic article: as a word
    ("al Sadr", and "ash Shami" where it is assimilated to the next letter), joined by a hyphen
    ("al-Sadr", "ash-Shami", "Salah ud-Din") or in Arabic script (الصدر). Abu, bin, ibn, umm and
    abd stay as words. Arabic script stays Arabic.
    """
    particles = _particles()
    words: list[str] = []
    for token in _fold(name).split():
        parts = [part for part in token.split("-") if part]
        words.extend(part for i, part in enumerate(parts)
                     if i == len(parts) - 1 or particles.get(part) not in {"article", "article-"})
    words = [word for i, word in enumerate(words) if i == len(words) - 1 or not _is_article(word, words[i + 1])]
    words = [word[2:] if word.startswith(_ARABIC_ARTICLE) and len(word) > 3 and word != _ALLAH else word
             for word in words]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


# --- the words of a name ----------------------------------------------------------------------

_PARTICLE_SPELLING = {"abu": ("abu", "ابو"), "bin": ("bin", "بن"), "bint": ("bint", "بنت"),
                      "umm": ("umm", "ام"), "abd": ("abd", "عبد")}
_VOWELS = frozenset("aeiou")
# "ad-Din" ("of the faith") closing a compound name, as a word of its own (Salah Eddine) or
# written into it (Salahuddin, Nasreddine, Saifaldin).
_DIN = re.compile(r"^(?:[aeiou][dl]?)?d(?:i|ee|y)ne?$|^دين$")
_SOLID_DIN = re.compile(r"^(?P<name>[a-z]{3,}?)(?:[aeiou][dl]?)?d(?:i|ee|y)ne?$")


@cache
def _titles() -> tuple[frozenset[tuple[str, ...]], tuple[int, ...]]:
    """The titles as word tuples, and their lengths, longest first: a name's opening words are
    looked up once per length rather than compared with every title."""
    titles = frozenset(tuple(normalise(line).split()) for line in data.rows("names_titles.txt"))
    return titles, tuple(sorted({len(title) for title in titles}, reverse=True))


def _title_length(words: list[str]) -> int:
    """How many of the opening words are the longest title they start with (0: none), a word always left."""
    titles, lengths = _titles()
    return next((size for size in lengths if len(words) > size and tuple(words[:size]) in titles), 0)


def _is_arabic(word: str) -> bool:
    return bool(_ARABIC.search(word))


def _abd_name(word: str) -> str:
    """The name after "abd", without the article: Allah is "lah" whether written Abdullah or Abd Allah."""
    if word.startswith(_ARABIC_ARTICLE) and len(word) > 2:
        return word[2:]
    if word[:2] in {"al", "el", "ul", "ol"} and word[2:3] == "l":
        return word[2:]
    return word


def _split_abd(word: str) -> str | None:
    """The name in a solid "abd" compound (Abdulrahman, Abdurrahman, Abdelaziz), or None."""
    if _is_arabic(word):
        rest = word[3:] if word.startswith("عبد") else ""
        return _abd_name(rest) if len(rest) >= 2 else None
    if not word.startswith("abd") or len(word) < 6:
        return None
    rest = word[3:]
    if rest[0] in _VOWELS:
        # abd-ul-, abd-el-, abd-al-: the article; abd-ur-rahman: the article assimilated;
        # abdu-rahman, abdi-rahman: a linking vowel only.
        rest = rest[2:] if rest[1] == "l" or rest[1] == rest[2] else rest[1:]
    return rest if len(rest) >= 2 else None


def _is_allah(word: str) -> bool:
    return word == _ALLAH or word in {"allah", "ullah", "ollah"}


@lru_cache(maxsize=1 << 16)
def _words(name: str) -> tuple[str, ...]:
    """The name's significant words: titles dropped, particles and "ad-Din"/"Allah" compounds joined."""
    words = normalise(name).split()
    while size := _title_length(words):
        words = words[size:]
    particles = _particles()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        role = particles.get(word)
        arabic = _is_arabic(word)
        if role in _PARTICLE_SPELLING and i + 1 < len(words):
            following = words[i + 1]
            spelling = _PARTICLE_SPELLING[role][_is_arabic(following)]
            out.append(spelling + (_abd_name(following) if role == "abd" else following))
            i += 2
            continue
        if out and _is_allah(word):
            out[-1] += word                     # Nasr Allah = Nasrallah, Hizb Allah = Hizballah
        elif out and _DIN.match(word):
            out[-1] += "دين" if arabic else "din"   # Salah al-Din = Salah Eddine = Salahuddin
        elif (core := _split_abd(word)) is not None:
            out.append(_PARTICLE_SPELLING["abd"][arabic] + core)
        elif not arabic and (match := _SOLID_DIN.match(word)):
            out.append(match["name"] + "din")
        else:
            out.append(word)
        i += 1
    return tuple(out)


# --- sounds -------------------------------------------------------------------------------------
# Tokens: consonant classes (b p t d k g x c S j s f l m n r h, and y w, which are also the long
# vowels ī and ū); short vowels (a e i o u); "^" for a word's opening vowel ("^u" if o or u,
# which Arabic script does not tell apart); "$a" "$i" "$u" for its closing vowel ("$y" for a
# closing ى, which is -a, or -i in Egyptian spelling: على for علي); and, for a romanised word
# compared with Arabic script, "y?" and "w?": a short vowel that the script may or may not write
# as ي / و.

# Romanisations of one sound, longest first: ch/tch/tsch (English, French, German) are one sound;
# th and dh (ث ذ) and z (ز ظ) are written for one another; q k c g are one (ق is g in Gulf, Iraqi
# and Libyan speech: Gaddafi); v is w (Persian and Russian: Vahid, Tchaikovsky / Tschaikowsky).
_GRAPHS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tsch", ("c",)), ("dzh", ("j",)), ("tch", ("c",)), ("tsh", ("c",)), ("sch", ("S",)),
    ("sh", ("S",)), ("ch", ("c",)), ("kh", ("x",)), ("gh", ("g",)), ("dh", ("d",)), ("th", ("d",)),
    ("zh", ("j",)), ("dj", ("j",)), ("ph", ("f",)), ("ck", ("k",)), ("x", ("k", "s")),
    ("q", ("k",)), ("k", ("k",)), ("c", ("k",)), ("g", ("k",)), ("j", ("j",)), ("z", ("d",)),
    ("d", ("d",)), ("t", ("t",)), ("s", ("s",)), ("b", ("b",)), ("p", ("p",)), ("f", ("f",)),
    ("l", ("l",)), ("m", ("m",)), ("n", ("n",)), ("r", ("r",)), ("h", ("h",)), ("y", ("y",)),
    ("w", ("w",)),
)
_CONSONANT = dict(_GRAPHS)
# The graphs by their first letter, longest first as in `_GRAPHS`: a word's letter is looked up, not
# compared with every graph.
_GRAPHS_AT = {letter: tuple((graph, sounds) for graph, sounds in _GRAPHS if graph[0] == letter)
              for letter in dict.fromkeys(graph[0] for graph, _ in _GRAPHS)}
_GLIDES = frozenset("yw")
_CONSONANTS = frozenset("bptdkgxcSjsflmnrh") | _GLIDES
_FINALS = frozenset({"$a", "$i", "$u", "$y"})
_NON_LETTER = re.compile(r"[^a-z]")


def _is_vowel_letter(word: str, i: int) -> bool:
    """a e i o u, and y or w when no vowel follows (the second half of a diphthong: Husayn)."""
    ch = word[i]
    return ch in _VOWELS or (ch in _GLIDES and (i + 1 == len(word) or word[i + 1] not in _VOWELS))


def _run(run: str, initial: bool, final: bool) -> tuple[str, ...]:
    """The tokens of a run of vowel letters, by its place in the word."""
    last = run[-1]
    if initial:
        opening = "^u" if run[0] in "ou" else "^"                  # Omar / Umar, not Amer
        if final:
            return (opening,)
        if len(run) > 1 and run[0] in "ae" and last in "iey":      # Ayman, Eid, Aisha
            return ("^", "y")
        if len(run) > 1 and run[0] == "a" and last in "uow":       # Aoun, Aws
            return ("^", "w")
        return (opening,)                                          # Osama, Oussama, Ibrahim
    if final:
        if last in "iy" or (len(run) > 1 and last == "e"):         # Ali, Aly, Khamenei
            return ("$i",)
        if last in "uow":
            return ("$u",)
        if len(run) > 1 and run[-2] in "ie":                       # Rania = Raniya
            return ("i", "y", "$a")
        return ("$a",)                                             # Osama; a final e is -a (Fatemeh)
    if len(run) == 1:
        return (run,)
    if last in "iey":                                              # ai ei ee ie ae ay ey: ī or ay
        return ("y",)
    if last in "uow":                                              # ou oo uu au aw ow: ū or aw
        return ("w",)
    if run[-2] in "ie":                                            # Ziad = Ziyad
        return ("i", "y", "a")
    if run[-2] in "uo":                                            # Muammar, Souad: ʿayn between
        return (run[-2], "a")
    return ("a",)                                                  # aa: ā or ʿayn (Saad, Kaabi)


def _collapse(tokens: list[str]) -> tuple[str, ...]:
    """Doubled letters are one (Hassan = Hasan); a short u beside a w is its ū (Dawud = Dawood)."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        if token in {"u", "o"} and "w" in (tokens[i - 1] if i else "", tokens[i + 1] if i + 1 < len(tokens) else ""):
            continue
        if not out or out[-1] != token:
            out.append(token)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _latin_tokens(word: str) -> tuple[str, ...]:
    word = _NON_LETTER.sub("", word.replace("v", "w"))
    if word.endswith("ieh"):                                          # Persian Hanieh = Haniya
        word = word[:-3] + "iya"
    if len(word) > 2 and word[-1] == "h" and word[-2] in _VOWELS:     # Fatimah = Fatima
        word = word[:-1]
    tokens: list[str] = []
    i = 0
    while i < len(word):
        if _is_vowel_letter(word, i):
            j = i + 1
            while j < len(word) and _is_vowel_letter(word, j):
                j += 1
            tokens.extend(_run(word[i:j], i == 0, j == len(word)))
            i = j
            continue
        graph, sounds = next((graph, sounds) for graph, sounds in _GRAPHS_AT[word[i]] if word.startswith(graph, i))
        tokens.extend(sounds)
        i += len(graph)
    return _collapse(tokens)


@cache
def _arabic_letters() -> dict[str, str]:
    table = {}
    for line in data.rows("names_arabic.tsv"):
        letter, value = line.split("\t")
        table[letter] = value
    return table


@lru_cache(maxsize=1 << 16)
def _arabic_tokens(word: str) -> tuple[str, ...]:
    table = _arabic_letters()
    letters = [table[ch] for ch in word if ch in table]
    tokens: list[str] = []
    for i, value in enumerate(letters):
        initial, final = i == 0, i == len(letters) - 1 and i > 0
        if value == "alif":
            tokens.extend(("^",) if initial else ("$a",) if final else ())
        elif value == "ayn":
            tokens.extend(("^",) if initial else ())
        elif value == "hamza":
            continue
        elif value == "ta":
            tokens.append("$a" if final else "t")
        elif value == "maqsura":
            tokens.append("$y" if final else "y")
        elif value in _GLIDES:
            tokens.append(("$u" if value == "w" else "$i") if final else value)
        elif value == "h" and final:                 # ه closing a name is its -a / -e (Fatemeh)
            tokens.append("$a")
        else:
            tokens.extend(_CONSONANT[value])
    # A ya that seats a hamza before the closing ī is not a letter of its own (خامنئي).
    tokens = [t for i, t in enumerate(tokens) if not (t == "y" and tokens[i + 1:i + 2] == ["$i"])]
    return _collapse(tokens)


@lru_cache(maxsize=1 << 16)
def _against_arabic(word: str) -> tuple[str, ...]:
    """A romanised word's tokens for comparing with Arabic script, which writes no short vowels.

    Short a and e go; i may stand for an unwritten kasra or for ي (Karim, كريم) and o/u for an
    unwritten damma or و (Mahmud, محمود): "y?", "w?". Letters that the short vowels separated
    become one if alike (Muammar is معمر: m, ʿayn, m, r).
    """
    out: list[str] = []
    for token in _latin_tokens(word):
        if token in {"a", "e"}:
            continue
        token = "y?" if token == "i" else "w?" if token in {"o", "u"} else token
        if token in _CONSONANTS:
            j = len(out)
            while j and out[j - 1] in {"y?", "w?"}:
                j -= 1
            if j and out[j - 1] == token:
                del out[j:]
                continue
        if not out or out[-1] != token:
            out.append(token)
    return tuple(out)


# --- distance -----------------------------------------------------------------------------------

# Short vowels: a/e, e/i and o/u are written for one another at will (Mohammed, Muhammad;
# Hezbollah, Hizballah); a/o and a/u and e/o and e/u now and then; a/i and i/u and i/o hardly.
_VOWEL_COST = {frozenset(pair): cost for pairs, cost in (
    (("ae", "ei", "ou"), 0), (("ao", "au", "eo", "eu"), 1), (("ai", "iu", "io"), 2)) for pair in pairs}
# Short vowel against a glide of its own quality: Moustafa = Mustafa, Husain = Husin.
_GLIDE_COST = {("i", "y"): 0, ("e", "y"): 1, ("u", "w"): 0, ("o", "w"): 0}
# Consonants that romanisations of one letter, or of one name in neighbouring languages, swap.
_NEAR = {frozenset(pair) for pair in (
    ("g", "k"),   # Gheddafi (gh for a hard g) / Gaddafi
    ("c", "S"),   # French ch: Hicham / Hisham
    ("c", "x"),   # German ch: Chamenei / Khamenei
    ("x", "h"),   # Turkish h for kh: Halil / Khalil
    ("x", "k"),   # Russian: Mikhail / Mikail
    ("t", "d"),   # Turkish final t: Mehmet, Ahmet; Egyptian t for th: Tamer / Thamer
    ("b", "p"),   # Persian p, which Arabic writes b
    ("j", "y"),   # German and Dutch j: Jasser / Yasser
)}
_ALPHABET = _CONSONANTS | _VOWELS | _FINALS | {"^", "^u", "y?", "w?"}


def _sub_cost(x: str, y: str, against_arabic: bool) -> int:
    if x == y:
        return 0
    if {x, y} in ({"$y", "$a"}, {"$y", "$i"}):
        return 0
    if against_arabic and {x, y} in ({"y?", "y"}, {"w?", "w"}, {"^", "^u"}):
        return 0
    if x in _VOWELS and y in _VOWELS:
        return _VOWEL_COST[frozenset((x, y))]
    glide = _GLIDE_COST.get((x, y), _GLIDE_COST.get((y, x)))
    if glide is not None:
        return glide
    return 1 if frozenset((x, y)) in _NEAR else 2


def _indel_cost(x: str, against_arabic: bool) -> int:
    if against_arabic:
        return 0 if x in {"y?", "w?"} else 2
    return 1 if x in _VOWELS else 2


_SUB = {mode: {(x, y): _sub_cost(x, y, mode) for x in _ALPHABET for y in _ALPHABET} for mode in (False, True)}
_INDEL = {mode: {x: _indel_cost(x, mode) for x in _ALPHABET} for mode in (False, True)}


def _distance(a: tuple[str, ...], b: tuple[str, ...], against_arabic: bool, limit: int) -> int:
    """Weighted edit distance with transposition of neighbouring consonants; stops above `limit`."""
    sub, indel = _SUB[against_arabic], _INDEL[against_arabic]
    before: list[int] = []
    previous = [0]
    for y in b:
        previous.append(previous[-1] + indel[y])
    for i, x in enumerate(a, start=1):
        current = [previous[0] + indel[x]]
        for j, y in enumerate(b, start=1):
            cost = min(previous[j] + indel[x], current[j - 1] + indel[y], previous[j - 1] + sub[x, y])
            if (i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y and x != y
                    and x in _CONSONANTS and y in _CONSONANTS):
                cost = min(cost, before[j - 2] + 1)      # Sadr / Sard
            current.append(cost)
        if min(current) > limit and min(previous) + 1 > limit:   # the next row may transpose
            return limit + 1
        before, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=1 << 18)
def _word_pair(a: str, b: str) -> bool:
    arabic_a, arabic_b = _is_arabic(a), _is_arabic(b)
    if arabic_a or arabic_b:
        tokens_a = _arabic_tokens(a) if arabic_a else _against_arabic(a)
        tokens_b = _arabic_tokens(b) if arabic_b else _against_arabic(b)
        long_enough = all(len(w) >= (3 if arabic else 4) for w, arabic in ((a, arabic_a), (b, arabic_b)))
        against_arabic = True
    else:
        tokens_a, tokens_b = _latin_tokens(a), _latin_tokens(b)
        long_enough = min(len(a), len(b)) >= 4
        against_arabic = False
    if not tokens_a or not tokens_b or tokens_a == tokens_b:
        return tokens_a == tokens_b and bool(tokens_a)
    # One cheap edit for words of four letters or more; shorter words must agree in every sound.
    limit = 1 if long_enough else 0
    return _distance(tokens_a, tokens_b, against_arabic, limit) <= limit


def _same_word(a: str, b: str) -> bool:
    return a == b or (_word_pair(a, b) if a < b else _word_pair(b, a))


def similar(a: str, b: str) -> bool:
    """Whether two names are one name spelt differently (Gaddafi, Qadhafi; معمر القذافي).

    Titles (Mr, Sheikh, General…) and articles do not count; the names must have as many words
    as each other, word for word alike in sound (see the module's docstring).
    """
    words_a, words_b = _words(a), _words(b)
    return bool(words_a) and len(words_a) == len(words_b) and all(map(_same_word, words_a, words_b))


def _key(word: str) -> str:
    tokens = _arabic_tokens(word) if _is_arabic(word) else _latin_tokens(word)
    letters = [{"^": "a", "^u": "a", "$a": "a", "$y": "a", "$i": "i", "$u": "u"}.get(t, t) for t in tokens if t not in _VOWELS]
    return "".join(letter for i, letter in enumerate(letters) if not i or letter != letters[i - 1])


@lru_cache(maxsize=1 << 16)
def skeleton(name: str) -> str:
    """A key under which spellings of one name mostly collide: consonant classes and long vowels.

    Gaddafi, Qadhafi, Kadafi and قذافي are all "kdfi"; Hassan "hsn", Hussein "hsyn" and
    Hassoun "hswn" stay apart. Short vowels are left out, so names that differ only in them
    (Mahmud, Muhammad) share a key: `similar` decides.
    """
    return " ".join(_key(word) for word in _words(name))


def _near_classes() -> dict[str, str]:
    """Each consonant's class under the cheap swaps of `_NEAR`, named by its first letter in sort order."""
    classes: dict[str, set[str]] = {c: {c} for c in _CONSONANTS}
    for pair in _NEAR:
        x, y = sorted(pair)
        joined = classes[x] | classes[y]
        for member in joined:
            classes[member] = joined
    return {c: min(members) for c, members in classes.items()}


_CLASS = _near_classes()
# Sounds a spelling may have or not at no cost or one cheap edit: y and w stand for a short i or u
# (Husain = Husin), and whatever a cheap swap reaches from them (j, y's neighbour in German).
_FREE = frozenset(c for c in _CONSONANTS if _CLASS[c] == _CLASS["y"] or _CLASS[c] == _CLASS["w"])


@lru_cache(maxsize=1 << 16)
def sound_key(name: str) -> tuple[frozenset[str], ...]:
    """A key every spelling that `similar` takes for this name shares: per word, its consonants,
    each as its class of cheap swaps (`_NEAR`), glides left out.

    What `similar` allows within a word — vowels, glides, swapping neighbouring consonants or
    near ones, dropping a letter an Arabic spelling may not write — leaves this set as it is, so
    names whose keys differ are never alike, and only names sharing one need comparing.
    """
    return tuple(frozenset(_CLASS[t] for t in (_arabic_tokens(word) if _is_arabic(word) else _latin_tokens(word))
                           if t in _CONSONANTS and t not in _FREE)
                 for word in _words(name))


# --- acronyms -----------------------------------------------------------------------------------

# Words an acronym may skip (or take the letter of: "United States of America" is USA).
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de", "du",
                             "des", "la", "le", "les", "del", "da", "di", "et", "al", "el", "&"})


@lru_cache(maxsize=1 << 16)
def acronym_letters(acronym: str) -> str | None:
    """The letters an acronym spells ("U.S." is "us"), or None when it cannot stand for words."""
    letters = _fold(acronym).replace(" ", "")
    return letters if 2 <= len(letters) <= 12 and letters.isalpha() else None


def _initials(expansion: str) -> list[set[str]]:
    """Per word of the expansion, the letters it may give an acronym."""
    words = [[part for part in word.split("-") if part] for word in _fold(expansion).split()]
    return [{"".join(part[0] for part in word),
             "".join(part[0] for part in word if part not in _FUNCTION_WORDS) or word[0][0],
             word[0][0]}
            | ({""} if all(part in _FUNCTION_WORDS for part in word) else set())
            for word in words if word]


@lru_cache(maxsize=1 << 16)
def acronyms(expansion: str) -> frozenset[str]:
    """Every acronym's letters that `acronym_matches` takes for the expansion: to find the
    expansions of an acronym by its letters rather than by trying each name."""
    options = _initials(expansion)
    if len(options) < 2:
        return frozenset()
    spelled = {""}
    for choices in options:
        spelled = {head + choice for head in spelled for choice in choices if len(head) + len(choice) <= 12}
    return frozenset(letters for letters in spelled if len(letters) >= 2)


def acronym_matches(acronym: str, expansion: str) -> bool:
    """Whether an acronym stands for the expansion: NATO, North Atlantic Treaty Organization.

    Every word of the expansion gives its initial, except function words (of, the, and, for…),
    which may give theirs or none; a hyphenated word gives the initial of each part or only its
    first ("Non-Governmental Organization" is NGO, "Al-Qaeda in the Arabian Peninsula" AQAP).
    """
    return acronym_letters(acronym) in acronyms(expansion)
