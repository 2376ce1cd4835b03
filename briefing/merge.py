"""Stage 3: the analyst's case file over extracted findings.

A case-file item replaces the extracted item with the same id; `suppress` drops extracted
items by id. The result is a case file holding every fact the brief will state.
"""

from __future__ import annotations

from briefing.casefile import CaseFile
from briefing.errors import InputError
from briefing.extract import Findings


def merge(case: CaseFile, findings: Findings, where: object = None) -> CaseFile:
    suppressed = set(case.suppress)
    extracted_ids = {item.id for name in Findings.model_fields for item in getattr(findings, name)}
    unknown = sorted(suppressed - extracted_ids)
    if unknown:
        raise InputError(f"suppress: no extracted item has the id {unknown[0]!r}; remove it from `suppress`", where)
    update = {}
    for name in Findings.model_fields:
        analyst = getattr(case, name)
        taken = {item.id for item in analyst} | suppressed
        update[name] = analyst + [item for item in getattr(findings, name) if item.id not in taken]
    return case.model_copy(update=update)
