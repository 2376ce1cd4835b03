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


def test_the_findings_json_made_in_pieces_is_the_json_of_the_whole(monkeypatch):
    import json
    from dataclasses import fields

    from briefing import findings as module
    from briefing.extract import Run, extract
    from briefing.findings import FACT_SECTIONS, json_pieces

    _, sources, _ = read_corpus(SEEDS)
    linked = extract(sources, Run(jobs=1, cache=False))
    monkeypatch.setattr(module, "_CHUNK", 7)  # several chunks per section
    document = {name: [item.model_dump(mode="json") for item in getattr(linked, name)]
                for name in FACT_SECTIONS if name != "actors"}
    document |= {"mentions": [[getattr(m, field.name) for field in fields(m)] for m in linked.mentions],
                 "timexes": [[getattr(t, field.name) for field in fields(t)] for t in linked.timexes],
                 "attributions": [module._attribution_row(a) for a in linked.attributions]}
    # (The clauses and sentences are read by the chronology and interpretations, then dropped.)
    whole = "\n".join(json.dumps(part, ensure_ascii=False, separators=(",", ":"))
                      for part in ([a.model_dump(mode="json") for a in linked.actors], document, [], []))
    assert to_json(linked) == whole and "".join(json_pieces(linked)) == whole
    assert to_json(Findings()) == '[]\n{"key_points":[],"chronology":[],"questions":[],"open_questions":[],' \
                                  '"mentions":[],"timexes":[],"attributions":[]}\n[]\n[]'


def test_a_sources_clauses_and_sentences_read_back_as_they_were_found():
    from briefing.findings import from_json

    _, sources, _ = read_corpus(SEEDS)
    found = [extract_one(source) for source in sources]
    for own in found:
        back = from_json(to_json(own))
        assert back.clauses == own.clauses and back.sentences == own.sentences
    assert any(own.clauses for own in found) and any(own.sentences for own in found)
