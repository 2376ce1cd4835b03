"""`briefing draft`: everything a build would state, written back as a case file to edit.

The draft is the merged case — the analyst's own items and every extracted one, each with its
citations and stable id — so building the unedited draft gives the same brief as building the
case it came from, and every edit to it is an ordinary case-file edit.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from briefing.casefile import CaseFile

_HEADER = """\
# Draft case file written by `briefing draft {origin}`: the case's own items and everything
# extraction found, each with its citations and a stable id. Save it in the case's folder (source
# paths are relative to it), edit, and build it: an item kept here replaces the extracted item
# with its id, `suppress: [id]` drops one, and an unedited draft builds the same brief.

"""


class _Dumper(yaml.SafeDumper):
    """Block style throughout; long text folded by YAML's own quoting, never reflowed by us."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _string)


def draft_yaml(case: CaseFile, origin: Path) -> str:
    """The merged case as YAML: fields left at their defaults are left out, keys in schema order."""
    content = case.model_dump(mode="json", exclude_defaults=True)
    content.pop("suppress", None)  # already applied: what is suppressed is not in the draft
    body = yaml.dump(content, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    return _HEADER.format(origin=origin.as_posix()) + body
