"""Competing interpretations and open questions from invented news: questions, hypotheses, unknowns, numbers."""

import re
from pathlib import Path

from briefing.actors import find, link_across
from briefing.attribution import attribute, find_in
from briefing.build import read_corpus
from briefing.casefile import Source
from briefing.chronology import link as chronology
from briefing.dates import find as dates
from briefing.extract import extract_one
from briefing.findings import Findings
from briefing.interpretations import link
from briefing.readers import Reading
from briefing.sources import make_source

HERALD = """Bomb hits Misrata market

A car bomb exploded in Misrata on January 5, 2020, killing four people, police said.
Officials blamed the Tripoli Brigade for the attack in Misrata.
No group has claimed responsibility for the attack.
Two cars were destroyed in the blast.
"""

OBSERVER = """Misrata blast

A car bomb struck Misrata on January 5, 2020, according to witnesses.
The Tripoli Brigade said the attack in Misrata was a false flag staged by its rivals.
Three cars were destroyed in the attack in Misrata, witnesses said.
"""

GAZETTE = """Talks in Zawiya

Abdel Hakim Belhadj met Mustafa Abdul Jalil in Zawiya on January 7, 2020.
Sources said the aim of the meeting in Zawiya was to settle a dispute over oil revenue.
"""

MONITOR = """Zawiya meeting

Mustafa Abdul Jalil met Abdel Hakim Belhadj in Zawiya on January 7, 2020.
Aides said the meeting in Zawiya was meant to prepare a joint list for the election.
"""


def source(key: str, text: str):
    return make_source(Source(file=f"{key}.txt", id=key, published="2020-01-10"), Path(f"{key}.txt"),
                       Reading(text, "utf-8", None, None), text.encode())


def interpret(**texts: str) -> Findings:
    sources = [source(key, text) for key, text in texts.items()]
    findings = Findings()
    for s in sources:
        own = find(s) + dates(s)
        findings = findings + own + find_in(s, own)
    findings = attribute(link_across(findings, sources), sources)
    return link(chronology(findings, sources), sources)


def test_readings_of_who_was_behind_an_attack_are_competing_hypotheses_with_their_sources():
    found = interpret(herald=HERALD, observer=OBSERVER)
    [question] = [q for q in found.questions if q.question.startswith("Who was behind")]
    assert question.question == "Who was behind the attack in Misrata on 5 January 2020?"
    texts = [h.text for h in question.hypotheses]
    assert "Officials blamed the Tripoli Brigade for the attack in Misrata." in texts
    assert any("false flag" in t for t in texts)
    for hypothesis in question.hypotheses:  # worded by the source's own sentence, cited to it
        assert any(c.quote == hypothesis.text for c in hypothesis.cite)


def test_the_purpose_of_a_meeting_from_two_outlets_keeps_its_attribution():
    found = interpret(gazette=GAZETTE, monitor=MONITOR)
    [question] = found.questions
    assert question.question == "What was the meeting in Zawiya on 7 January 2020 for?"
    texts = sorted(h.text for h in question.hypotheses)
    assert texts == ["Aides said the meeting in Zawiya was meant to prepare a joint list for the election.",
                     "Sources said the aim of the meeting in Zawiya was to settle a dispute over oil revenue."]


def test_one_teller_alone_raises_no_question():
    assert interpret(herald=HERALD).questions == []


def test_what_a_source_says_nobody_knows_is_an_open_question():
    found = interpret(herald=HERALD, observer=OBSERVER)
    [unknown] = [o for o in found.open_questions if o.id.startswith("unknown-")]
    assert unknown.text == "No group has claimed responsibility for the attack."
    assert "No group has claimed responsibility" in unknown.why


def test_numbers_told_differently_are_an_open_question():
    found = interpret(herald=HERALD, observer=OBSERVER)
    [count] = [o for o in found.open_questions if o.id.startswith("how-many")]
    assert count.text == "How many cars? The sources give “Two cars”; “Three cars”."
    assert {c.source for c in count.cite} == {"herald", "observer"}


def test_a_reading_only_anonymous_sources_hold_in_one_outlet_is_an_open_question():
    found = interpret(gazette=GAZETTE, monitor=MONITOR)
    anonymous = [o for o in found.open_questions if o.id.startswith("anonymous-")]
    assert [o.cite[0].source for o in anonymous] == ["gazette"]
    assert "Sources said the aim" in anonymous[0].text


def test_the_scorer_picks_what_scoring_every_happening_that_shares_a_name_picks():
    """`_Scorer` skips the most shared name's happenings one by one; it must choose as scoring all of them does."""
    import random
    from types import SimpleNamespace

    from briefing.interpretations import _Scorer

    rng = random.Random(7)
    people, places, kinds = [f"p{n}" for n in range(6)], [f"s{n}" for n in range(4)], ["attack", "meeting"]
    events = [SimpleNamespace(
        kinds=frozenset(rng.sample(kinds, rng.randint(1, 2))),
        actors=frozenset(rng.sample(people[:2], 1) + rng.sample(people, rng.randint(0, 2))),  # p0, p1: common
        places=frozenset(rng.sample(places, rng.randint(0, 2))),
        clauses=[SimpleNamespace(teller=(f"t{rng.randint(0, 5)}", None)) for _ in range(rng.randint(1, 4))])
        for _ in range(200)]
    scorer = _Scorer(events)
    tellers = [len({c.teller for c in e.clauses}) for e in events]
    for _ in range(500):
        kind = rng.choice(kinds)
        named = frozenset(rng.sample(people + places, rng.randint(0, 4)))
        scored = [(3 * len(named & e.places) + len(named & e.actors), i) for i, e in enumerate(events)
                  if kind in e.kinds and named & (e.places | e.actors)]
        expected = max(scored, key=lambda pair: (pair[0], tellers[pair[1]], -pair[1]), default=None)
        assert scorer.best(kind, named) == expected



def test_the_sentences_read_with_extraction_give_what_reading_them_here_gives():
    """A source's sentences are read with extraction (`find_in`); findings made without them have
    them read by `link`, to the same questions."""
    _, sources, _ = read_corpus(Path(__file__).resolve().parent.parent / "seeds" / "case.yaml")
    findings = Findings()
    for source in sources:
        findings = findings + extract_one(source)
    assert findings.sentences
    findings = chronology(attribute(link_across(findings, sources), sources), sources)
    bare = findings.model_copy(update={"sentences": []})
    assert link(findings, sources).model_dump() == link(bare, sources).model_dump()


def test_unknown_markers_found_in_the_folded_sentence_are_those_found_case_aside():
    """`_read` searches the markers of `data/unknowns.txt` in the sentence folded, without the flag:
    written in lower case, they must find there what they find with re.IGNORECASE."""
    from briefing import data, interpretations

    rows = data.rows("unknowns.txt")
    assert all(row.isascii() and row == row.lower() for row in rows)
    flagged = re.compile(interpretations._unknown_markers().pattern, re.IGNORECASE)
    sentences = ["It Remains UNCLEAR who launched the drones.", "No group has yet claimed responsibility.",
                 "İt is not known; NOBODY HAS CLAIMED THE ATTACK.", "It was unclearly said.",
                 "The ſource did not know which party fired."]
    root = Path(__file__).resolve().parent.parent
    sentences += [line for path in sorted((root / "seeds").glob("*.txt"))
                  for line in path.read_text(encoding="utf-8").splitlines()]
    found = 0
    for sentence in sentences:
        expected = flagged.search(sentence)
        folded = interpretations._unknown_markers().search(data.fold(sentence))
        assert (folded and folded.span()) == (expected and expected.span()), sentence
        found += expected is not None
    assert found >= 4


def test_the_words_naming_a_happening_are_those_every_word_looked_up_gives():
    """`_read` finds a sentence's words naming a happening by `_happening_runs`, not by looking up
    every word `_WORD` finds: the same words at the same offsets, on the seeds and on runs of
    happening words, letters, apostrophes, hyphens and other characters."""
    import random

    from briefing import interpretations
    from briefing.chronology import happening_words, word_happenings

    assert all(interpretations._WORD.fullmatch(word) for word in happening_words())

    def looked_up(lowered: str, first: int, last: int) -> tuple:
        found = interpretations._WORD.finditer(lowered, first, last)
        return tuple((match.start(), match.end(), match[0]) for match in found if word_happenings(match[0]))

    root = Path(__file__).resolve().parent.parent
    texts = [path.read_text(encoding="utf-8").lower() for path in sorted((root / "seeds").glob("*.txt"))]
    pieces = [*sorted(happening_words())[:40], "x", "-", "'", "’", " ", ",", "s", "2", "é", "a", "\n"]
    rng = random.Random(11)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(5000)]
    for text in texts:
        for first, last in ((0, len(text)), (len(text) // 3, len(text) - 2)):
            assert interpretations._happening_words(text, first, last) == looked_up(text, first, last), text


def test_the_words_naming_a_happening_are_where_the_source_has_them_after_a_dotted_capital_i():
    """Lowered, "İ" becomes two characters: the words must still be found at their own offsets."""
    from briefing import interpretations

    text = "İSTANBUL, İzmir and Iğdır reported it.\n\nThe army attacked the town and bombed the bridge.\n"
    read = interpretations._read(source("a", text))
    words = [(text[start:end], word) for sentence in read for start, end, word in sentence.words]
    assert words and all(found.lower() == word for found, word in words), words
    assert {"attacked", "bombed"} <= {word for _, word in words}
