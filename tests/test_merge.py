import pytest

from briefing.casefile import Actor, CaseFile, Citation
from briefing.errors import InputError
from briefing.extract import Findings
from briefing.merge import merge

CITE = [Citation(source="a", quote="q")]


def actor(id_: str, name: str) -> Actor:
    return Actor(id=id_, name=name, kind="person", cite=CITE)


def case(**fields) -> CaseFile:
    return CaseFile(title="T", sources=[{"file": "a.txt", "id": "a"}], **fields)


def test_extracted_items_follow_the_analysts_own():
    merged = merge(case(actors=[actor("mayor", "The Mayor")]), Findings(actors=[actor("council", "Council")]))
    assert [a.id for a in merged.actors] == ["mayor", "council"]


def test_case_file_item_replaces_the_extracted_one_with_its_id():
    merged = merge(case(actors=[actor("mayor", "Mayor Jane Doe")]), Findings(actors=[actor("mayor", "Doe")]))
    assert [a.name for a in merged.actors] == ["Mayor Jane Doe"]


def test_suppress_drops_extracted_items():
    merged = merge(case(suppress=["council"]), Findings(actors=[actor("council", "Council"), actor("m", "M")]))
    assert [a.id for a in merged.actors] == ["m"]


def test_suppressing_an_id_nothing_has_is_an_error():
    with pytest.raises(InputError, match="no extracted item has the id 'ghost'"):
        merge(case(suppress=["ghost"]), Findings())
