"""Score extraction on the labelled dev set in ../shared/eval (skipped when it is not there).

    .venv/bin/python benchmarks/eval_dev.py

Runs `briefing extract SET/case.yaml --json` for each dev set, then the shared scorer over all
sets together, and prints the figures the issues track: name mentions strict F1, typed F1,
actor B-cubed F1, timex relaxed and value F1, attribution cue and source F1.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def main() -> int:
    sets = sorted(p for p in (EVAL / "meantime-dev").glob("*") if (p / "case.yaml").exists()) if EVAL.exists() else []
    if not sets:
        print(f"skipped: no dev set at {EVAL}")
        return 0
    merged: dict = {"documents": [], "actors": []}
    seconds = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in sets:
            out = Path(tmp) / f"{folder.name}.json"
            began = time.perf_counter()
            subprocess.run([sys.executable, "-m", "briefing", "extract", str(folder / "case.yaml"), "--json", str(out)],
                           check=True, capture_output=True)
            seconds += time.perf_counter() - began
            found = json.loads(out.read_text())
            # Actor ids are per run; keep the sets apart when scoring them together.
            for actor in found["actors"]:
                actor["id"] = f"{folder.name}:{actor['id']}"
            for document in found["documents"]:
                for mention in document["mentions"]:
                    mention["actor"] = f"{folder.name}:{mention['actor']}"
            merged["documents"] += found["documents"]
            merged["actors"] += found["actors"]
        combined = Path(tmp) / "all.json"
        combined.write_text(json.dumps(merged))
        scored = subprocess.run([sys.executable, str(EVAL / "score.py"), *map(str, sets), str(combined), "--json"],
                                check=True, capture_output=True, text=True)
    figures = json.loads(scored.stdout)
    print(json.dumps(figures, indent=1)[:6000] if "--raw" in sys.argv else _table(figures, seconds))
    return 0


def _pick(figures: dict, *path: str):
    value = figures
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _table(figures: dict, seconds: float) -> str:
    rows = [
        ("name mentions, strict F1", ("mentions", "names_strict", "f1")),
        ("name mentions, relaxed F1", ("mentions", "names_relaxed", "f1")),
        ("all mentions, typed F1", ("mentions", "typed", "f1")),
        ("actors, B-cubed F1", ("mentions", "actor_bcubed", "f1")),
        ("timexes, relaxed F1", ("timexes", "relaxed", "f1")),
        ("timexes, value F1", ("timexes", "value", "f1")),
        ("attributions, cue F1", ("attributions", "cue", "f1")),
        ("attributions, source F1", ("attributions", "source", "f1")),
    ]
    lines = ["| measure | dev set |", "| --- | --- |"]
    for label, path in rows:
        value = _pick(figures, *path)
        lines.append(f"| {label} | {value:.3f} |" if isinstance(value, (int, float)) else f"| {label} | n/a |")
    lines.append(f"| extraction time, both sets | {seconds:.1f} s |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
