import calendar
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import data, dates
from briefing.casefile import Source
from briefing.dates import _RULES, Anchor, _compiled, _digit_trigger, absolute_dates, find, tag
from briefing.readers import Reading
from briefing.sources import make_source

DAY = Anchor("2020-01-13", "case file")  # a Monday


def one(text, anchor=DAY, words=None):
    found = tag(text, anchor)
    if words is not None:
        found = [t for t in found if t.text == words]
    [timex] = found
    assert text[timex.start:timex.end] == timex.text
    return timex


@pytest.mark.parametrize("text, value", [
    ("BY JANE ROE NOV 07, 2021 3:59 PM ET", "2021-11-07"),
    ("2021-11-08 02:16", "2021-11-08"),
    ("Thursday, November 11, 2021 8:37 PM", "2021-11-11"),
    ("On 11/7/2021 at 8:40 AM", "2021-11-07"),
    ("Published August 25, 2021 at 9:07am", "2021-08-25"),
    ("on 3 January 2020", "2020-01-03"),
    ("Sept. 3, 2020", "2020-09-03"),
    ("May 5, 2020", "2020-05-05"),
])
def test_full_dates(text, value):
    [found] = absolute_dates(text)
    assert found.value == value


@pytest.mark.parametrize("text", ["2021-02-30", "it may 5 2020", "February 30, 2021", "13/13/2020"])
def test_not_dates(text):
    assert absolute_dates(text) == []


def test_offsets():
    text = "Filed January 3, 2020 in Baghdad"
    [found] = absolute_dates(text)
    assert text[found.start:found.end] == "January 3, 2020"


@pytest.mark.parametrize("text, words, kind, value", [
    ("BY JANE ROE NOV 07, 2021 3:59 PM ET", "NOV 07, 2021 3:59 PM ET", "TIME", "2021-11-07T15:59"),
    ("2021-11-08 02:16", "2021-11-08 02:16", "TIME", "2021-11-08T02:16"),
    ("It took off at 08:30 UTC.", "08:30 UTC", "TIME", "2020-01-13T08:30Z"),
    ("Born on February 24, 1955, he grew up there.", "February 24, 1955", "DATE", "1955-02-24"),
    ("The store opened in January 2005.", "January 2005", "DATE", "2005-01"),
    ("It fell in 2019.", "2019", "DATE", "2019"),
    ("in the 1990s", "the 1990s", "DATE", "199"),
    ("Deliveries start in mid-2011.", "mid-2011", "DATE", "2011"),
])
def test_absolute_expressions(text, words, kind, value):
    timex = one(text, words=words)
    assert (timex.type, timex.value) == (kind, value)


@pytest.mark.parametrize("text, words, value", [
    ("The January 3 killing shocked Baghdad.", "January 3", "2020-01-03"),
    ("Talks were held in September.", "September", "2019-09"),  # past tense: the September before
    ("Talks will be held in September.", "September", "2020-09"),
    ("The plane was delivered on 11 December.", "11 December", "2019-12-11"),
    ("The event is to be held on January 20.", "January 20", "2020-01-20"),
])
def test_partial_dates_take_the_year_the_tense_gives(text, words, value):
    assert one(text, words=words).value == value


@pytest.mark.parametrize("text, words, value", [
    ("Apple today unveiled a phone.", "today", "2020-01-13"),
    ("He died yesterday.", "yesterday", "2020-01-12"),
    ("The vote is tomorrow.", "tomorrow", "2020-01-14"),
    ("The deal was signed on Sunday.", "Sunday", "2020-01-12"),
    ("The deal will be signed on Sunday.", "Sunday", "2020-01-19"),
    ("Apple announced on Tuesday that it will sell phones.", "Tuesday", "2020-01-07"),
    ("Shares fell on Monday.", "Monday", "2020-01-13"),
    ("They met last Thursday.", "last Thursday", "2020-01-09"),
    ("They meet next Thursday.", "next Thursday", "2020-01-16"),
    ("They met this week.", "this week", "2020-W03"),
    ("They met last week.", "last week", "2020-W02"),
    ("It happened earlier this month.", "earlier this month", "2020-01"),
    ("Sales rose last month.", "last month", "2019-12"),
    ("Sales rose last year.", "last year", "2019"),
    ("The plant closed two years ago.", "two years ago", "2018"),
    ("Apple announced this morning.", "this morning", "2020-01-13TMO"),
    ("It was closed at dawn yesterday, Sunday.", "yesterday, Sunday", "2020-01-12"),
    ("Sales are currently low.", "currently", "PRESENT_REF"),
    ("Prices rose more recently.", "more recently", "PAST_REF"),
])
def test_relative_to_the_anchor(text, words, value):
    timex = one(text, words=words)
    assert timex.value == value and timex.type in {"DATE", "TIME"}


def test_weekday_kept_with_the_date():
    assert one("The deal was signed on Sunday.").weekday == 7


@pytest.mark.parametrize("text, value", [
    ("They met on Sunday. The next day, they flew home.", "2020-01-13"),
    ("They met on Sunday. The following day they flew home.", "2020-01-13"),
    ("They met on January 2. Two weeks later, they split.", "2020-01-16"),
    ("They met on Sunday. Less than 24 hours later, they split.", "2020-01-13"),
    ("They met on January 2. A day earlier, they quarrelled.", "2020-01-01"),
])
def test_relative_to_the_event_just_told(text, value):
    first, second = tag(text, DAY)
    assert (second.type, second.value, second.relative_to) == ("DATE", value, first.start)


@pytest.mark.parametrize("text, words, kind, value", [
    ("It has been shipping for more than a week now.", "a week", "DURATION", "P1W"),
    ("It took three years.", "three years", "DURATION", "P3Y"),
    ("The talks lasted 24 hours.", "24 hours", "DURATION", "PT24H"),
    ("after a 12-hour flight", "12-hour", "DURATION", "PT12H"),
    ("the largest in the past decade", "the past decade", "DURATION", "P10Y"),
    ("cuts over the next four years", "the next four years", "DURATION", "P4Y"),
    ("almost two and a half years late", "almost two and a half years", "DURATION", "P2.5Y"),
    ("They pray every Sunday.", "every Sunday", "SET", "XXXX-WXX-7"),
    ("The magazine appears weekly.", "weekly", "SET", "P1W"),
    ("They are paid annually.", "annually", "SET", "P1Y"),
    ("tankers at a rate of 15 a year", "a year", "SET", "P1Y"),
])
def test_durations_and_sets(text, words, kind, value):
    timex = one(text, words=words)
    assert (timex.type, timex.value) == (kind, value)


@pytest.mark.parametrize("text", [
    "Prices may rise.", "Protesters march on the palace.", "The Sun reported it.", "USA Today reported it.",
    "A second aircraft landed.", "It sold 2,400 units.", "The Arab News daily said so.",
])
def test_words_that_are_no_time(text):
    assert tag(text, DAY) == []


def test_may_the_month():
    for text in ("It opens in May.", "It opened on May 5.", "It opened last May."):
        assert one(text).value.startswith("20")


def test_unknown_anchor_keeps_the_type_and_leaves_the_date_unresolved():
    unknown = Anchor()
    assert one("They met on Sunday.", unknown).value == "XXXX-WXX-7"
    assert one("He died yesterday.", unknown).value == "XXXX-XX-XX"
    assert one("Sales rose last month.", unknown).value == "XXXX-XX"
    assert one("The January 3 killing", unknown).value == "XXXX-01-03"
    assert one("It fell in 2019.", unknown).value == "2019"
    assert not one("They met on Sunday.", unknown).anchored


def test_month_precision_anchor_keeps_what_is_known():
    month = Anchor("2020-01", "case file")
    assert one("The January 3 killing", month).value == "2020-01-03"
    sunday = one("They met on Sunday.", month)
    assert (sunday.value, sunday.weekday, sunday.precision) == ("2020-01", 7, "month")
    _, after = tag("They met on Sunday. The next day they left.", month)
    assert (after.value, after.weekday) == ("XXXX-XX-XX", 1)


def test_find_anchors_a_pasted_report_on_its_own_date():
    text = ("Thread title here\n\nmember1\n\nLink to comment\nShare on other sites\n\n"
            "Drone hits residence\n\nBY JANE ROE NOV 08, 2021 3:59 PM ET\n\n"
            "The attack happened on Sunday, officials said, and the minister spoke about it at length.\n\n"
            "Link to comment\nShare on other sites\n\nI think it happened yesterday.\n\n"
            "Link to comment\nShare on other sites\n")
    source = make_source(Source(file="t.txt", published="2021-11-10"), Path("t.txt"),
                         Reading(text, "utf-8", None, None), text.encode())
    timexes = find(source).timexes
    sunday = next(t for t in timexes if t.text == "Sunday")
    assert (sunday.value, sunday.anchor, sunday.anchor_from) == ("2021-11-07", "2021-11-08", "report")
    yesterday = next(t for t in timexes if t.text == "yesterday")
    assert (yesterday.value, yesterday.anchor_from) == ("2021-11-09", "case file")
    assert all(source.text[t.start:t.end] == t.text for t in timexes)
    assert source.layout.passages[sunday.passage].kind == "embedded_report"


@pytest.mark.parametrize("text, anchor, value", [
    ("At 8:30 am it began. An hour later it ended.", Anchor(), "XXXX-XX-XXT08:30"),
    ("At 8:30 am it began.", Anchor("2020-01"), "2020-01-XXT08:30"),
    ("They meet every other week.", DAY, "P2W"),
    ("It lasted 2.5 days.", DAY, "P2.5D"),
])
def test_values_where_little_is_known(text, anchor, value):
    assert tag(text, anchor)[0].value == value


def test_amounts_with_separators_are_no_durations():
    assert tag("It has stood for 1,000 years.", DAY) == []


def _trigger_pattern(key: str) -> re.Pattern[str]:
    """A family's trigger words as one pattern of their forms, longest first (a tree of their
    letters): what `dates._trigger_spans` must find."""
    if key == "digit":
        return _digit_trigger()
    words = dates._trigger_words()[key]
    return re.compile(data.tree({form for word in words for form in (word, word.capitalize(), word.upper())}))


def test_trigger_words_found_by_literal_search_are_where_their_patterns_match():
    """`_trigger_spans` looks for each family's words with `str.find` in the folded text: the spans
    must be those its pattern finds, on the seeds, the dev sets and words in every case and overlap."""
    root = Path(__file__).resolve().parent.parent
    folders = [root / "seeds", *sorted((root.parent / "shared" / "eval" / "meantime-dev").glob("*"))]
    texts = [path.read_text(encoding="utf-8") for folder in folders for path in sorted(folder.glob("*.txt"))]
    texts.append("Yesterday, TODAY and toDAY; the dayday, MONDAYS, Mondays and MONday; Jan. JAN jan JAn; "
                 "Valentine's Day, VALENTINE'S, Christmas Eve at midday, this evening's tonight, weekends.")
    texts.append("In İstanbul today, a ſecond DAY, a day later, the ıst MONDAY.")
    assert all(form.isascii() for forms in dates._trigger_forms().values() for form in forms)
    for text in texts:
        for start, end in ((0, len(text)), (len(text) // 3, len(text) - 5)):
            folded = data.fold(text[start:end])
            for key in [*dates._trigger_words(), "digit"]:
                expected = [match.span() for match in _trigger_pattern(key).finditer(text, start, end)]
                assert dates._trigger_spans(text, folded, key, start, end) == expected, (key, text[:40])


def test_the_digit_trigger_finds_years_clock_times_and_quarters():
    """It opens with a set of characters, so the regex engine skips to them."""
    digits = _digit_trigger()
    text = "In 2020, at 9:30 and 10 pm, Q3 results; 12/5 but not 123 or Q5."
    assert [m[0] for m in digits.finditer(text)] == ["2020", "9:3", "0 pm", "Q3", "2/5"]
    # What the plain alternation it replaces (tried at every position) finds.
    plain = re.compile(r"\d{4}|\d[:/]\d|\d\s*[aApP]\.?[mM]\b|Q[1-4]")
    assert [m.span() for m in digits.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_every_match_of_a_rule_holds_the_words_it_needs():
    """A rule that names words it needs is not run where they are not: each of its matches must
    hold one (on the seeds and on examples of each)."""
    root = Path(__file__).resolve().parent.parent
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "seeds").glob("*.txt"))]
    texts.append("Two weeks ago, a quarter later, three days earlier, the next quarter, that same day, "
                 "the first quarter of 2020, about two years afterwards, later that morning, last month, "
                 "the end of the year, the following day, the day before, the past three weeks, the coming "
                 "year, half an hour, years-long, over the years, THE NEXT DAY, the fİrst two days.")
    needing = [rule for rule in _RULES if rule.needs]
    assert len(needing) >= 12
    matched = 0
    for rule in needing:
        for text in texts:
            for match in _compiled(rule.pattern).finditer(text):
                assert any(word in data.fold(match[0]) for word in rule.needs), (rule.pattern[:60], match[0])
                matched += 1
    assert matched



def test_a_rule_is_compiled_only_when_a_text_has_its_family_of_words(monkeypatch):
    """Importing compiles no rule; tagging a text compiles the rules of the families its words call for."""
    code = "import briefing.dates as dates; print(dates._compiled.cache_info().currsize)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "0\n"
    compiled: list[str] = []
    compile_once = dates._compiled
    monkeypatch.setattr(dates, "_compiled", lambda pattern: compiled.append(pattern) or compile_once(pattern))
    text = "The talks ended on Monday."
    assert [t.text for t in tag(text, Anchor("2020-01-08"))] == ["Monday"]
    called_for = {rule.key for rule in _RULES if _trigger_pattern(rule.key).search(text)}
    assert set(compiled) == {rule.pattern for rule in _RULES if rule.key in called_for}
    assert 0 < len(set(compiled)) < len(_RULES)


def _as_alternations(pattern: str) -> str:
    """A rule's pattern with each list of words `dates` writes as a tree (`data.tree`) written as the
    alternation it stands for: a category's words longest first (`_words`), the approximations and
    number words in their order, the months' and weekdays' names longest first (`_names`)."""
    def alternation(words, spell=re.escape) -> str:
        return "|".join("".join(map(spell, word)) for word in words)

    trees = [(data.tree(dates._lexicon(category), dates._spelled),
              alternation(sorted(dates._lexicon(category), key=len, reverse=True), dates._spelled))
             for category in ("number", "part", "season", "holiday", "ref", "set")]
    trees += [(data.tree(words), alternation(words)) for words in (dates._TENS, dates._UNITS, dates._APPROXIMATELY)]
    for names in ([calendar.month_name[n] for n in range(1, 13)], [*calendar.month_abbr[1:], "Sept"],
                  list(calendar.day_name), list(dates._WEEKDAY_ABBR)):
        forms = [form for name in sorted(names, key=len, reverse=True) for form in (name.title(), name.upper())]
        trees.append((dates._names(names), alternation(forms)))
    for tree, words in trees:
        pattern = pattern.replace(tree, words)
    return pattern


def test_the_rules_words_written_as_trees_match_as_their_alternations():
    """The rules' word lists are trees of their letters: each rule must find, in the seeds, the dev
    sets and phrases of every listed word in every case, what it finds with the lists as alternations."""
    import random

    root = Path(__file__).resolve().parent.parent
    folders = [root / "seeds", *sorted((root.parent / "shared" / "eval" / "meantime-dev").glob("*"))]
    texts = [path.read_text(encoding="utf-8") for folder in folders for path in sorted(folder.glob("*.txt"))]
    assert not any("’" in word for category in ("number", "part", "season", "holiday", "ref", "set")
                   for word in dates._lexicon(category))
    words = [*(word for category in ("number", "part", "season", "holiday", "ref", "set")
               for word in dates._lexicon(category)), *dates._TENS, *dates._UNITS, *dates._APPROXIMATELY,
             "twenty-one", "forty  two", "days", "weeks", "years-long", "ago", "later", "the", "next", "last",
             "every", "on", "in", "2020", "3", "1.5", "and a half", "per", "a", "'", "’", ",", "-"]
    chooser = random.Random(11)
    for _ in range(400):
        chosen = (chooser.choice(words) for _ in range(30))
        texts.append(" ".join(word.upper() if chooser.random() < 0.2 else word.title() if chooser.random() < 0.2
                              else word.replace(" ", chooser.choice([" ", "  ", "\n"])) for word in chosen))
    changed, matched = 0, 0
    for rule in _RULES:
        old = _as_alternations(rule.pattern)
        if old == rule.pattern:
            continue
        changed += 1
        tree, alternation = _compiled(rule.pattern), re.compile(old)
        for text in texts:
            found = [(m.span(), m.groups()) for m in tree.finditer(text)]
            assert found == [(m.span(), m.groups()) for m in alternation.finditer(text)], (rule.pattern[:60], text)
            matched += len(found)
    assert changed >= 10 and matched > 1000
