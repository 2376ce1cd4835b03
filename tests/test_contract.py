import json
from pathlib import Path

import pytest

from briefing.build import extract_findings
from briefing.contract import findings_json
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
    assert findings_json(document) == (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def test_the_findings_file_of_the_seeds_is_the_standard_one():
    document = extract_findings(SEEDS, Run(jobs=1, cache=False))
    assert findings_json(document) == (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()
