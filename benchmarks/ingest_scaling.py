"""Benchmark: ingestion time against seed size, for seeds of several shapes, to show linear growth.

A scraped page can be huge or oddly shaped (one endless line, thousands of
short lines, a related-links list that never ends); a regex or a loop that
looks back over what it has read makes such a seed take quadratic time and
stalls the whole build. For each shape this prints the time to ingest seeds
of doubling size, the time per megabyte, and the growth factor per doubling
(about 2 for linear growth, about 4 for quadratic).

    ./dev bench-ingest                 # or: python benchmarks/ingest_scaling.py --max-kb 3200

``SHAPES`` is also used by tests/test_bad_files.py, which checks the growth
with a generous bound (the timing figures themselves are only printed here).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from news_digest.reading import SeedError, ingest  # noqa: E402
from news_digest.reading.boilerplate import BoilerplateRules, load_rules  # noqa: E402

HEADLINE = "Police Raid Tracker As Rights Groups Cheer\n\n"
SENTENCE = "The police in Montreal raided a tracker on Tuesday, the operators said, and took a server. "


def _repeat(unit: str, size: int, head: str = HEADLINE) -> str:
    return head + unit * (max(size - len(head), 0) // len(unit) + 1)


# Each shape makes a seed of about ``size`` characters that stresses one part of ingestion.
SHAPES: dict[str, Callable[[int], str]] = {
    "prose paragraphs": lambda size: _repeat(SENTENCE * 6 + "\n\n", size),
    "one long line": lambda size: _repeat(SENTENCE, size),
    "one word, no spaces": lambda size: _repeat("x", size),
    "short title-like pieces": lambda size: _repeat("Short Title Here\n\n", size),
    "short lines, one block": lambda size: _repeat("Short Title Here\n", size),
    "one-word boilerplate lines": lambda size: _repeat("Advertisement\n\n", size),
    "html and markdown": lambda size: _repeat("<p><a href='javascript:x()'>[a](http://x.example) *b* `c`</a></p> &amp;\n",
                                              size),
    "endless related list": lambda size: _repeat(
        "Another Headline Here\n", size, HEADLINE + SENTENCE + "\n\nRelated Posts\n\n"
    ),
    "dateline-like lines": lambda size: _repeat("LONDON, 6 March 2012 -\n\n", size),
    "list items": lambda size: _repeat("- an item of a list\n", size),
    "update notes": lambda size: _repeat("Update: something changed here.\n\n", size),
    "controls, bidi and emoji": lambda size: _repeat("text \x01 with \u202e rtl \u200b zw \U0001f600 emoji\n", size),
}


def ingest_seconds(text: str, rules: BoilerplateRules, repeats: int = 3) -> float:
    """The fastest of ``repeats`` ingestions of ``text`` (the least disturbed by other work)."""
    data = text.encode("utf-8")
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            ingest("bench.txt", data, None, rules)
        except SeedError:
            pass
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-kb", type=int, default=100, help="smallest seed, in kB (default 100)")
    parser.add_argument("--max-kb", type=int, default=1600, help="largest seed, in kB (default 1600)")
    parser.add_argument("--repeats", type=int, default=3, help="time each size this often, keep the best")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only this shape (repeatable)")
    args = parser.parse_args(argv)
    if not 0 < args.min_kb <= args.max_kb:
        parser.error("need 0 < --min-kb <= --max-kb")

    rules = load_rules()
    sizes = []
    size = args.min_kb
    while size <= args.max_kb:
        sizes.append(size)
        size *= 2
    worst = 0.0
    print(f"{'shape':28} {'size kB':>8} {'seconds':>9} {'s per MB':>9} {'x per doubling':>15}")
    for name in args.shape or list(SHAPES):
        previous = None
        for kb in sizes:
            seconds = ingest_seconds(SHAPES[name](kb * 1000), rules, args.repeats)
            growth = f"{seconds / previous:15.2f}" if previous else f"{'':15}"
            if previous:
                worst = max(worst, seconds / previous)
            print(f"{name:28} {kb:8d} {seconds:9.3f} {seconds / (kb / 1000):9.3f} {growth}")
            previous = seconds
        print()
    print(f"worst growth per doubling: {worst:.2f} (2 is linear, 4 quadratic)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
