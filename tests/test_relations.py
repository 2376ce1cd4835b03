"""Edges of the actor map from roles, chronology items and accusations, each with its citations."""

import pytest

from briefing import relations
from briefing.build import build_brief
from briefing.casefile import Actor, CaseFile, Citation, Event, Source, Statement
from tests.test_figures import ARTICLE, CASE

CITE = [Citation(source="src", quote="words")]


def _actor(actor_id: str, name: str, kind: str = "person", roles: tuple[str, ...] = (), aliases=()) -> Actor:
    return Actor(id=actor_id, name=name, kind=kind, aliases=list(aliases),
                 roles=[Statement(text=role, cite=CITE) for role in roles], cite=CITE)


def _edges(actors: list[Actor], events: tuple[str, ...] = ()) -> set[tuple[str, str, str]]:
    facts = CaseFile(title="t", sources=[Source(file="a.txt", id="src")], actors=actors,
                     chronology=[Event(id=f"e{i}", date="2021", text=text, cite=CITE) for i, text in enumerate(events)])
    return {(r.source, r.target, r.kind) for r in relations.link(facts, [], [], [])}


GROUPS = [_actor("badr", "Badr Organization", "organisation"), _actor("iran", "Iran", "place"),
          _actor("guard", "Revolutionary Guard", "organisation", aliases=["the Guard"])]


@pytest.mark.parametrize("role, edge", [
    ("Head of the Badr Organization, reported to be the choice", ("amiri", "badr", "leads")),
    ("the head of the Badr Organization", ("amiri", "badr", "leads")),
    ("Deputy head of the Badr Organization", ("amiri", "badr", "belongs_to")),
    ("Chief of staff of the Badr Organization", ("amiri", "badr", "belongs_to")),
    ("a member of Badr Organization", ("amiri", "badr", "belongs_to")),
    ("Commander of Iran's Revolutionary Guard until 2020", ("amiri", "guard", "leads")),
    ("Prime Minister of Iran", ("amiri", "iran", "leads")),
])
def test_a_role_names_whom_its_holder_leads_or_belongs_to(role, edge):
    assert _edges([_actor("amiri", "Hadi al-Amiri", roles=(role,)), *GROUPS]) == {edge}


def test_led_by_points_from_the_leader():
    badr = _actor("badr", "Badr Organization", "organisation", roles=("Armed group led by Hadi al-Amiri; backed",))
    assert _edges([_actor("amiri", "Hadi al-Amiri"), badr]) == {("amiri", "badr", "leads")}


@pytest.mark.parametrize("role", [
    "Branch of Iran's army",  # a possessor is not what the phrase names
    "Shiite cleric. Not to be confused with an aide of Badr Organization",  # only the first sentence
    "Head of security in Iran",  # the phrase stops at the preposition
])
def test_no_edge_where_the_role_does_not_name_the_other_actor(role):
    assert _edges([_actor("amiri", "Hadi al-Amiri", roles=(role,)), *GROUPS]) == set()


def test_chronology_items_give_meetings_and_attacks():
    people = [_actor("a", "Ali Karimi"), _actor("o", "Omar Haddad"), _actor("q", "Quds Force", "organisation"),
              _actor("us", "United States", "place"), _actor("s", "Qassem Soleimani")]
    assert _edges(people, ("Ali Karimi met Omar Haddad in Basra.",)) == {("a", "o", "met")}
    assert _edges(people, ("Ali Karimi and Omar Haddad met in Basra.",)) == {("a", "o", "met")}
    # a country can strike; a name that qualifies a noun ("Quds Force commander") is not the target
    assert _edges(people, ("A United States strike kills Quds Force commander Qassem Soleimani.",)) == {
        ("us", "s", "attacked")}
    # nobody named before 'met' in its clause: no meeting between the others named
    assert _edges(people, ("Leaders who met Omar Haddad fly to Tehran, where Ali Karimi stayed.",)) == set()


def test_one_edge_per_pair_and_kind_with_every_citation():
    facts = CaseFile(title="t", sources=[Source(file="a.txt", id="src")],
                     actors=[_actor("a", "Ali Karimi"), _actor("o", "Omar Haddad")],
                     chronology=[Event(id="one", date="2021", text="Omar Haddad met Ali Karimi.", cite=CITE),
                                 Event(id="two", date="2022", text="Ali Karimi met Omar Haddad.",
                                       cite=[Citation(source="src", quote="other words")])])
    [edge] = relations.link(facts, [], [], [])
    assert (edge.source, edge.target, edge.kind) == ("a", "o", "met") and len(edge.cite) == 2


def test_an_accusation_naming_another_actor_is_an_edge_cited_to_its_words(case_dir):
    brief = build_brief(case_dir(CASE, {"a.txt": ARTICLE}))
    [accused] = [r for r in brief.relations if r.kind == "accused"]
    assert accused.text == "Omar Haddad accused Ali Karimi"
    note = next(n for n in brief.footnotes if n.label == accused.notes[0])
    assert "accused Ali Karimi" in note.quote


def test_links_to_actors_left_out_of_the_list_are_left_out(case_dir):
    brief = build_brief(case_dir(CASE, {"a.txt": ARTICLE}))
    listed = {a.id for a in brief.actors if not a.minor}
    assert brief.relations and all(r.source in listed and r.target in listed for r in brief.relations)
