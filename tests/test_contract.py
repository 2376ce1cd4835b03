import io
import json
from pathlib import Path

import pytest

from briefing.build import extract_findings
from briefing.contract import findings_document, write_findings, write_json
from briefing.extract import Run

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "case.yaml"


@pytest.mark.parametrize("document", [
    {"documents": [{"file": "a.txt", "timexes": [], "mentions": [{"start": 0, "end": 3, "text": "Sadr\n“al-Ṣadr”"}],
                    "attributions": [{"source": None, "hedges": [], "claim": True, "cue": {"start": 1, "end": 2}}]},
                   {"file": "b.txt", "timexes": [], "mentions": [], "attributions": []}],
     "actors": [{"id": "sadr", "name": "Sadr", "type": "PER", "aliases": ["الصدر", "Moqtada"]}]},
    {"documents": [], "actors": []},
    {},
])
def test_the_findings_file_is_what_the_standard_encoder_writes(document):
    out = io.BytesIO()
    write_json(out, document)
    assert out.getvalue() == (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def test_the_findings_file_made_document_by_document_is_the_standard_encoding_of_the_whole_document():
    from briefing.build import read_corpus
    from briefing.extract import extract
    from briefing.merge import merge

    case, sources, where = read_corpus(SEEDS)
    findings = extract(sources, Run(jobs=1, cache=False))
    facts, mentions = merge(case, findings, where)
    parts = (sources, facts.actors, mentions, findings.attributions, findings.timexes)
    document = findings_document(*parts)
    assert document["documents"] and document["actors"]
    out = io.BytesIO()
    extract_findings(SEEDS, Run(jobs=1, cache=False))(out)
    assert out.getvalue() == (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()
    empty = io.BytesIO()
    write_findings(empty, [], [], [])
    assert json.loads(empty.getvalue()) == findings_document([], [], [])
