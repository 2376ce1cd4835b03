"""The chronology from dated clauses: one item per event across sources, conflicts flagged — on invented news.

Timexes are given by hand here, so these tests check the chronology alone, whatever the tagger does.
"""

from pathlib import Path

import pytest

from briefing import chronology
from briefing.actors import find, link_across
from briefing.build import read_corpus
from briefing.casefile import Source
from briefing.chronology import When, link
from briefing.clusters import clusters
from briefing.extract import extract_one
from briefing.findings import Findings, Timex
from briefing.readers import Reading
from briefing.sources import make_source

ONE = """Rebels meet in Misrata

Rebel commander Abdel Hakim Belhadj met Mustafa Abdul Jalil in Misrata on Sunday, officials said.
The council was founded in March.
"""

TWO = """Council leader in Misrata

Mustafa Abdul Jalil flew to Benghazi last Saturday before heading to Misrata the next day, where he met Abdel Hakim Belhadj.
"""

THREE = """Talks in Misrata

Abdel Hakim Belhadj met Mustafa Abdul Jalil in Misrata on January 5, 2020.
"""


def source(key: str, text: str):
    return make_source(Source(file=f"{key}.txt", id=key, published="2020-01", date_approximate=True), Path(f"{key}.txt"),
                       Reading(text, "utf-8", None, None), text.encode())


def timex(source_key: str, text: str, words: str, value: str, weekday: int | None = None) -> Timex:
    start = text.index(words)
    return Timex(source=source_key, start=start, end=start + len(words), text=words, type="DATE", value=value,
                 weekday=weekday, anchored=True, anchor="2020-01", anchor_from="case file")


def chronology_of(texts: dict[str, str], timexes: list[Timex]) -> Findings:
    sources = [source(key, text) for key, text in texts.items()]
    findings = Findings(timexes=timexes)
    for s in sources:
        findings = findings + find(s)
    return link(link_across(findings, sources), sources)


def test_one_event_told_by_two_sources_is_one_item_with_both_citations():
    found = chronology_of({"a": ONE, "c": THREE}, [
        timex("a", ONE, "on Sunday", "2020-01", 7),
        timex("c", THREE, "January 5, 2020", "2020-01-05"),
    ])
    [event] = found.chronology
    assert event.date == "2020-01-05"  # the most precise telling words and dates the item
    assert {c.source for c in event.cite} == {"a", "c"}
    assert not event.conflicts and not found.open_questions


def test_dates_that_cannot_both_hold_are_a_conflict_and_an_open_question():
    found = chronology_of({"a": ONE, "b": TWO}, [
        timex("a", ONE, "on Sunday", "2020-01", 7),
        timex("b", TWO, "last Saturday", "2020-01", 6),
        timex("b", TWO, "the next day", "2020-01", 7),  # the day after Saturday: Sunday
    ])
    # Saturday's flight to Benghazi and Sunday's meeting in Misrata are two events; the meeting is told alike.
    meetings = [e for e in found.chronology if "Misrata" in e.text]
    assert len(meetings) == 1 and not meetings[0].conflicts

    found = chronology_of({"a": ONE, "b": TWO}, [
        timex("a", ONE, "on Sunday", "2020-01", 7),
        timex("b", TWO, "last Saturday", "2020-01", 5),
        timex("b", TWO, "the next day", "2020-01", 6),  # the day after a Friday: Saturday, not Sunday
    ])
    [meeting] = [e for e in found.chronology if e.conflicts]
    assert (meeting.weekday, meeting.conflicts[0].weekday) in {("Sunday", "Saturday"), ("Saturday", "Sunday")}
    [question] = found.open_questions
    assert {c.source for c in question.cite} == {"a", "b"}
    assert "cannot both hold" in question.why


def test_a_sentence_dating_two_things_is_cut_between_them():
    found = chronology_of({"b": TWO}, [
        timex("b", TWO, "last Saturday", "2020-01", 6),
        timex("b", TWO, "the next day", "2020-01", 7),
    ])
    texts = sorted(e.text for e in found.chronology)
    assert texts == ["Before heading to Misrata the next day, where he met Abdel Hakim Belhadj.",
                     "Mustafa Abdul Jalil flew to Benghazi last Saturday."]


def test_an_attributed_clause_keeps_its_attribution():
    found = chronology_of({"a": ONE}, [timex("a", ONE, "on Sunday", "2020-01", 7)])
    [event] = found.chronology
    assert event.text.endswith("officials said.")
    assert event.approximate and event.weekday == "Sunday" and event.date == "2020-01"


def test_a_dated_sentence_with_no_happening_or_no_actor_is_no_event():
    found = chronology_of({"a": ONE}, [timex("a", ONE, "in March", "2019-03")])
    assert found.chronology == []


def test_user_comments_give_no_events():
    thread = ("Libya Herald/ Rebels meet in Misrata\nBY JANE ROE JAN 06, 2020\n\n"
              "Rebel commander Abdel Hakim Belhadj met Mustafa Abdul Jalil in Misrata on Sunday, officials said.\n\n"
              "Link to comment\nShare on other sites\n\nsandman77 said:\n\n"
              "Rebel commander Abdel Hakim Belhadj met Mustafa Abdul Jalil in Misrata on Sunday, officials said.\n\n"
              "lol I heard Belhadj met Jalil in Misrata on Monday, you guys never check anything.\n\n"
              "Link to comment\nShare on other sites\n")
    found = chronology_of({"t": thread}, [timex("t", thread, "on Sunday", "2020-01-05"),
                                          timex("t", thread, "on Monday", "2020-01-06")])
    [event] = found.chronology  # the pasted report's; the comment's Monday neither adds an event nor a conflict
    assert event.date == "2020-01-05" and not event.conflicts and not found.open_questions


def test_when_compatibility():
    sunday = When(2020, 1, None, 7)
    assert sunday.compatible(When(2020, 1, 5, None))  # 5 January 2020 was a Sunday
    assert not sunday.compatible(When(2020, 1, 6, None))
    assert not sunday.compatible(When(2020, 1, None, 1))
    assert When(2020, None, None, None).compatible(When(2020, 6, 1, None))
    assert not When(2020, 2, None, None).compatible(When(2020, 3, 1, None))


def test_with_no_date_of_publication_a_relative_date_is_listed_as_unknown_not_guessed():
    undated = Source(file="u.txt", id="u")  # no `published`: "on Sunday" has nothing to count from
    source_u = make_source(undated, Path("u.txt"), Reading(ONE, "utf-8", None, None), ONE.encode())
    start = ONE.index("on Sunday")
    findings = find(source_u) + Findings(timexes=[Timex(source="u", start=start, end=start + 9, text="on Sunday",
                                                        type="DATE", value="XXXX-WXX-7", weekday=7)])
    [event] = link(link_across(findings, [source_u]), [source_u]).chronology
    assert event.date is None and event.when == "on Sunday"
    assert event.cite[0].quote.startswith("Rebel commander Abdel Hakim Belhadj met")


ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "meantime-dev"
CORPORA = [ROOT / "seeds" / "case.yaml", *sorted(DEV.glob("*/case.yaml"))]


@pytest.mark.parametrize("target", CORPORA, ids=lambda path: path.parent.name)
def test_blocking_keys_give_the_happenings_of_comparing_every_pair(monkeypatch, target):
    """The clustering compares only clauses (and events) sharing a key; on real corpora the
    happenings are those of comparing every pair."""
    _, sources, _ = read_corpus(target)
    findings = Findings()
    for source in sources:
        findings = findings + extract_one(source)
    findings = link_across(findings, sources)
    told = chronology._happenings_told(findings, sources)
    monkeypatch.setattr(chronology, "clusters", lambda items, alike, keys=None: clusters(items, alike))
    every_pair = chronology._happenings_told(findings, sources)
    assert [(h.id, [[c.order for c in v] for v in h.versions]) for h in told] == \
        [(h.id, [[c.order for c in v] for v in h.versions]) for h in every_pair]
    assert any(len(h.versions) > 1 or len(h.versions[0]) > 1 for h in told)  # there was something to join



def test_the_clauses_cut_with_extraction_give_the_clauses_cut_here():
    """A source's dated clauses are cut with extraction (`find_in`); findings made without them
    have them cut by `link`, to the same chronology."""
    _, sources, _ = read_corpus(CORPORA[0])
    findings = Findings()
    for source in sources:
        findings = findings + extract_one(source)
    assert findings.clauses
    findings = link_across(findings, sources)
    bare = findings.model_copy(update={"clauses": []})
    assert link(findings, sources).model_dump() == link(bare, sources).model_dump()


def test_happening_words_are_found_where_they_are_runs_of_word_characters():
    """`happenings` finds the table's words by a tree of them between non-word characters: the same
    words, in the same order, as looking every run of `_WORD` up in the table."""
    import random

    from briefing import chronology

    table = chronology._happenings()
    assert all(chronology._WORD.fullmatch(word) and word == word.lower() for word in table)
    pieces = [*list(table)[:40], "x", "-", "'", "’", " ", ",", "re", "s", "ed", "İ", "2"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 15))).lower()
        runs = [word for word in chronology._WORD.findall(text) if word in table]
        assert chronology._happening_words().findall(text) == runs, text


def test_a_run_s_happenings_looked_up_are_those_happenings_finds():
    """`_focal` looks each of `_WORD`'s runs up (`_run_happenings`) instead of searching it: the same
    kinds for the runs of the seeds and the dev sets, and random runs in every case, with letters
    that lowering lengthens."""
    import random

    from briefing import chronology

    folders = [ROOT / "seeds", *sorted((ROOT.parent / "shared" / "eval" / "meantime-dev").glob("*"))]
    runs = {run for folder in folders for path in folder.glob("*.txt")
            for run in chronology._WORD.findall(path.read_text(encoding="utf-8"))}
    table = list(chronology._happenings())
    pieces = [*table[:60], *(word.upper() for word in table[:20]), "x", "-", "'", "’", "re", "s", "İ", "Σ", "_", "2"]
    rng = random.Random(9)
    runs |= {"".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) for _ in range(5000)}
    assert all(chronology._WORD.fullmatch(run) for run in runs)
    named = 0
    for run in runs:
        assert chronology._run_happenings(run) == chronology.happenings(run), run
        named += bool(chronology.happenings(run))
    assert named > 100
