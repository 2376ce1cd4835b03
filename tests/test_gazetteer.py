from pathlib import Path

import pytest

from briefing.gazetteer import country, demonym, place, region


@pytest.mark.parametrize("name", [
    "Iraq", "the United States", "United States of America", "Iran", "Syria", "Lebanon", "Russia",
    "Turkey", "Türkiye", "South Korea", "Vietnam", "Ivory Coast", "El Salvador", "The Gambia",
    "the Netherlands", "Holland", "Burma", "Kosovo", "Palestine", "Kuwait", "Georgia", "Jordan",
    "US", "U.S.", "the US", "USA", "UK", "the U.K.", "UAE", "DRC", "Britain", "Great Britain", "America",
    "IRAQ", "iraq",
])
def test_countries(name):
    assert place(name) == "country"


@pytest.mark.parametrize("name", [
    "Baghdad", "Tehran", "Beirut", "Damascus", "Aleppo", "Mosul", "Basra", "Basrah", "Al Basrah",
    "Fallujah", "Al-Fallujah", "Raqqa", "Ar Raqqah", "Hama", "Homs", "Samarra", "Tyre", "Sidon", "Gaza",
    "Jerusalem", "Sanaa", "Aden", "Riyadh", "Cairo", "Kabul", "Shiraz", "Mashhad", "Deir ez-Zor",
    "New York City", "London", "Paris", "São Paulo", "Sao Paulo", "Salvador", "Boston", "Geneva",
    "Tripoli", "Amman", "Muscat", "Phoenix", "Berlin",
])
def test_cities(name):
    assert place(name) == "city"


@pytest.mark.parametrize("name", [
    "Middle East", "the Levant", "West Bank", "Gaza Strip", "Kurdistan", "Europe", "Asia", "Texas",
    "Michigan", "Scotland", "Anbar", "Al Anbar", "Diyala", "Salah ad-Din", "Salah al-Din", "Khuzestan", "Punjab",
])
def test_regions(name):
    assert place(name) == "region"


@pytest.mark.parametrize("name", [
    # Common words that are also the names of cities or regions.
    "Mobile", "Reading", "Split", "Nice", "Orange", "Surprise", "Van", "Sale", "Of", "Will", "Man",
    "South", "Central", "North", "Coast",
    # Not places, or not in the gazetteer's sources.
    "us", "Hezbollah", "Gaddafi", "NATO", "Sheikh", "", "the", "U.N.",
])
def test_not_places(name):
    assert place(name) is None


def test_a_country_comes_before_a_city_and_a_city_before_a_region():
    assert place("Djibouti") == "country"    # and its capital
    assert place("Georgia") == "country"     # and a US state
    assert place("Baghdad") == "city"        # and a governorate
    assert place("El Salvador") == "country"
    assert place("Salvador") == "city"       # the Brazilian city, not El Salvador without "El"


def test_new_york_is_a_place():
    assert place("New York") in {"city", "region"}


@pytest.mark.parametrize("word, country", [
    ("Iraqi", "Iraq"), ("Iraqis", "Iraq"), ("iraqi", "Iraq"), ("Iranian", "Iran"), ("Lebanese", "Lebanon"),
    ("American", "United States"), ("Americans", "United States"), ("British", "United Kingdom"),
    ("Briton", "United Kingdom"), ("Saudi", "Saudi Arabia"), ("Saudis", "Saudi Arabia"),
    ("Emirati", "United Arab Emirates"), ("Syrian", "Syria"), ("Russian", "Russia"), ("Turkish", "Turkey"),
    ("Turks", "Turkey"), ("Swiss", "Switzerland"), ("Dutch", "Netherlands"), ("Palestinian", "Palestine"),
    ("Israeli", "Israel"), ("Afghan", "Afghanistan"), ("Filipino", "Philippines"), ("South Korean", "South Korea"),
])
def test_demonym(word, country):
    assert demonym(word) == country


@pytest.mark.parametrize("word", ["Kurdish", "Arab", "Korean", "Congolese", "Iraq", "Shiite", "", "s"])
def test_not_a_demonym(word):
    assert demonym(word) is None


def test_a_state_named_like_a_better_known_city_is_still_a_region():
    assert place("Washington") == "city" and region("Washington") and region("Alabama")
    assert not region("Seattle") and not region("Iraq")


@pytest.mark.parametrize("name, named", [
    ("United States of America", "United States"), ("the US", "United States"), ("U.S.", "United States"),
    ("America", "United States"), ("Britain", "United Kingdom"), ("Republic of Iraq", "Iraq"),
    ("Baghdad", None), ("us", None),
])
def test_the_country_a_name_names(name, named):
    assert country(name) == named


def test_the_shipped_table_is_what_the_packages_and_data_files_make():
    """`data/gazetteer.tsv` is generated; this fails when a data file, the name folding or a
    package (pinned in the `gazetteer` extra) changed without regenerating it."""
    from briefing import data, gazetteer

    shipped = (Path(data.__file__).parent / "data" / gazetteer.TABLE).read_text(encoding="utf-8")
    assert gazetteer.table(gazetteer.build()) == shipped, (
        "data/gazetteer.tsv is out of date: regenerate it with `.venv/bin/python -m briefing.gazetteer`")


def test_the_table_reads_back_as_the_gazetteer_it_was_written_from():
    from briefing import gazetteer

    made = gazetteer.build()
    assert gazetteer._read(tuple(gazetteer.table(made).splitlines()[2:])) == made


@pytest.mark.parametrize("name, code", [("Iraq", "IQ"), ("the U.S.", "US"), ("Republic of Iraq", "IQ"),
                                        ("Britain", "GB"), ("Baghdad", None)])
def test_the_iso_code_of_the_country_a_name_names(name, code):
    from briefing.gazetteer import code as iso

    assert iso(name) == code
