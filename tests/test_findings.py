"""Findings as they cross between processes: the sources' own actors read back as light records."""

from pathlib import Path

from briefing.actors import link_across
from briefing.build import read_corpus
from briefing.extract import extract_one
from briefing.findings import Findings, actors_from, source_actors, to_json

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "case.yaml"


def _seeds_actor_lines() -> list[str]:
    _, sources, _ = read_corpus(SEEDS)
    return [to_json(extract_one(source)).partition("\n")[0] for source in sources]


def test_a_source_actor_is_the_actor_it_was_read_from():
    for line in _seeds_actor_lines():
        assert [actor.actor() for actor in source_actors(line)] == actors_from(line)


def test_linking_source_actors_gives_what_linking_actors_gives():
    _, sources, _ = read_corpus(SEEDS)
    found = [extract_one(source) for source in sources]
    mentions = [m for f in found for m in f.mentions]
    lines = [to_json(f).partition("\n")[0] for f in found]
    as_models = link_across(Findings(actors=[a for line in lines for a in actors_from(line)], mentions=mentions), sources)
    as_records = link_across(Findings.model_construct(actors=[a for line in lines for a in source_actors(line)],
                                                      mentions=mentions), sources)
    assert as_records.actors == as_models.actors and as_records.mentions == as_models.mentions
