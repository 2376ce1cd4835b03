"""Speed of the temporal tagger: MB of text tagged per second on one core.

    .venv/bin/python benchmarks/timex_speed.py

Tags the seeds' text and the dev set's (when ../shared/eval is there), repeated to about 5 MB,
against a day-precision anchor, and prints the rate.
"""

from __future__ import annotations

import time
from pathlib import Path

from briefing.dates import Anchor, tag

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "meantime-dev"
TARGET = 5_000_000


def main() -> int:
    files = sorted((ROOT / "seeds").glob("*.txt")) + (sorted(EVAL.glob("*/*.txt")) if EVAL.exists() else [])
    corpus = "\n\n".join(path.read_text(encoding="utf-8") for path in files)
    text = "\n\n".join([corpus] * max(1, TARGET // len(corpus)))
    began = time.perf_counter()
    found = tag(text, Anchor("2020-01-13"))
    seconds = time.perf_counter() - began
    megabytes = len(text.encode("utf-8")) / 1e6
    print(f"{megabytes:.1f} MB, {len(found)} time expressions in {seconds:.2f} s: {megabytes / seconds:.1f} MB/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
