import pytest

from briefing.casefile import Actor, CaseFile, Citation, Event
from briefing.errors import InputError
from briefing.findings import Findings, Mention
from briefing.merge import merge

CITE = [Citation(source="a", quote="q")]


def actor(id_: str, name: str, aliases=(), **more) -> Actor:
    return Actor(id=id_, name=name, kind="person", aliases=list(aliases), cite=CITE, **more)


def mention(actor_id: str, text: str) -> Mention:
    return Mention(source="a", start=0, end=len(text), text=text, type="PER", form="name", actor=actor_id)


def case(**fields) -> CaseFile:
    return CaseFile(title="T", sources=[{"file": "a.txt", "id": "a"}], **fields)


def event(id_: str, text: str, quote: str = "q") -> Event:
    return Event(id=id_, date="2024", text=text, cite=[Citation(source="a", quote=quote)])


def test_extracted_items_follow_the_analysts_own():
    merged, _ = merge(case(chronology=[event("vote", "Vote", "The council voted")]),
                      Findings(chronology=[event("deal", "Deal", "They signed a deal")]))
    assert [e.id for e in merged.chronology] == ["vote", "deal"]


def test_an_extracted_item_resting_on_words_the_analyst_cites_is_the_analysts():
    findings = Findings(chronology=[event("x-vote", "On Monday the council voted.", "On Monday the council voted."),
                                    event("x-deal", "Deal", "They signed a deal")])
    merged, _ = merge(case(chronology=[event("vote", "The vote", "the council  voted")]), findings)
    assert [e.id for e in merged.chronology] == ["vote", "x-deal"]


def test_case_file_item_replaces_the_extracted_one_with_its_id():
    merged, _ = merge(case(chronology=[event("vote", "The vote")]), Findings(chronology=[event("vote", "Vote")]))
    assert [e.text for e in merged.chronology] == ["The vote"]


def test_suppress_drops_extracted_items_and_their_mentions():
    findings = Findings(actors=[actor("council", "Council"), actor("m", "M")],
                        mentions=[mention("council", "Council"), mention("m", "M")])
    merged, mentions = merge(case(suppress=["council"]), findings)
    assert [a.id for a in merged.actors] == ["m"]
    assert [m.actor for m in mentions] == ["m"]


def test_suppressing_an_id_nothing_has_is_an_error():
    with pytest.raises(InputError, match="no extracted item has the id 'ghost'"):
        merge(case(suppress=["ghost"]), Findings())


def test_a_case_actor_renames_retypes_and_keeps_the_extracted_citations():
    findings = Findings(actors=[actor("jane-doe", "Jane Doe", ["Doe"])], mentions=[mention("jane-doe", "Doe")])
    merged, mentions = merge(case(actors=[Actor(id="jane-doe", name="Mayor Jane Doe", kind="other")]), findings)
    [only] = merged.actors
    assert (only.name, only.kind, only.cite) == ("Mayor Jane Doe", "other", CITE)
    assert set(only.aliases) == {"Jane Doe", "Doe"}
    assert mentions[0].actor == "jane-doe"


def test_a_case_actor_takes_over_extracted_actors_by_name_and_by_merge():
    findings = Findings(actors=[actor("j-doe", "J. Doe"), actor("jane-doe", "Jane Doe"), actor("x", "X")],
                        mentions=[mention("j-doe", "J. Doe"), mention("jane-doe", "Jane Doe")])
    mine = Actor(id="mayor", name="Jane Doe", kind="person", merge=["j-doe"])
    merged, mentions = merge(case(actors=[mine]), findings)
    assert [a.id for a in merged.actors] == ["mayor", "x"]
    assert {m.actor for m in mentions} == {"mayor"}


def test_aliases_split_mentions_off_another_actor():
    findings = Findings(actors=[actor("sadr", "Sadr", ["Baqir al-Sadr"])],
                        mentions=[mention("sadr", "Sadr"), mention("sadr", "Baqir al-Sadr")])
    mine = actor("baqir", "Mohammed Baqir al-Sadr", ["Baqir al-Sadr"])
    merged, mentions = merge(case(actors=[mine]), findings)
    assert [m.actor for m in mentions] == ["sadr", "baqir"]


def test_merging_an_unknown_actor_is_an_error():
    with pytest.raises(InputError, match="merges 'ghost'"):
        merge(case(actors=[actor("ann", "Ann", merge=["ghost"])]), Findings())


def test_an_actor_with_nothing_to_cite_is_an_error():
    with pytest.raises(InputError, match="has no citation"):
        merge(case(actors=[Actor(id="ann", name="Ann", kind="person")]), Findings())


def test_a_spelling_is_listed_once_whatever_its_article():
    findings = Findings(actors=[actor("crowd", "Hashd", aliases=["popular crowd"])])
    merged, _ = merge(case(actors=[actor("pmf", "PMF", aliases=["the popular crowd"], merge=["crowd"])]), findings)
    assert merged.actors[0].aliases == ["the popular crowd", "Hashd"]
