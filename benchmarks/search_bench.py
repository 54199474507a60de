"""Benchmark: the offline search at N synthetic articles - index build, bytes loaded and time per query.

Makes N articles of about 550 words (a Zipf-distributed vocabulary of 60,000
made-up words plus real English function words, 2,000 entities with several
spellings, dates over twenty years), builds the search index exactly as the site
build does (search_index.index_files), renders the theme's search page next to
it, then opens ``search.html?q=...`` from file:// in headless Chromium for a set
of queries - a rare word, a frequent one, a prefix being typed, two words, a
quoted phrase, an entity's other spelling - each in a fresh browser context
(nothing cached). For each it prints the index bytes the query loaded (manifest
+ the parts search.js added) and the time until the results were on screen.

    .venv/bin/python benchmarks/search_bench.py --articles 10000   # after ./dev test made .venv (Playwright)

Targets (issue 15): at 10,000 articles under 1.5 MB loaded and 300 ms per query.
Callable on its own; ``measure()`` returns the figures for other benchmarks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT / "plugins", ROOT):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from news_digest import search_index  # noqa: E402
from news_digest.site import catalogue  # noqa: E402
from news_digest.site.catalogue import ArticleFacts  # noqa: E402
from news_digest.models import AnnotatedDocument, Block, Document, Entity, TaggedEntity  # noqa: E402

FUNCTION_WORDS = (
    "the of and to a in that is for on was with as by it at from his be said has are have an not but "
    "which this were had its their they been who will would more also after one two new or police court "
    "law site sites copyright pirate file sharing"
).split()
SYLLABLES = "ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo".split()
KINDS = ("country", "organisation", "legal_instrument")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


@dataclass(frozen=True)
class Corpus:
    facts: tuple[ArticleFacts, ...]
    queries: dict[str, str]


def corpus(articles: int, seed: int = 15) -> Corpus:
    """N articles with entities, deterministic for a seed; and queries whose answers exist."""
    rng = random.Random(seed)
    vocabulary = list(dict.fromkeys(_word(rng) for _ in range(70_000)))[:60_000]
    words = FUNCTION_WORDS + vocabulary
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    entities = []
    for number in range(2_000):
        name = " ".join(_word(rng).capitalize() for _ in range(rng.randint(1, 3)))
        accented = name.replace("a", "ä", 1).replace("o", "ö", 1)
        entities.append(Entity(id=f"e{number}", kind=KINDS[number % 3], name=name,
                               aliases=(accented, name.upper().replace(" ", "")[:12])))
    facts = []
    start = dt.date(2005, 1, 1)
    for number in range(articles):
        body = rng.choices(words, cum_weights=cumulative, k=550)
        chosen = rng.sample(entities, rng.randint(3, 9))
        for position, entity in enumerate(chosen):  # the names appear in the text
            body[rng.randrange(len(body))] = entity.name if position % 2 else entity.aliases[0]
        paragraphs = [" ".join(body[i : i + 90]).capitalize() + "." for i in range(0, len(body), 90)]
        title = " ".join(rng.choices(words, cum_weights=cumulative, k=8)).capitalize()
        document = Document(
            seed=f"{number}.txt", seed_hash="", title=title,
            blocks=tuple(Block("paragraph", text) for text in paragraphs),
            date=start + dt.timedelta(days=rng.randrange(7300)), date_source="sources",
        )
        tagged = tuple(TaggedEntity(entity, (), round(rng.uniform(0.05, 1.0), 2)) for entity in chosen)
        facts.append(ArticleFacts(slug=f"a{number}", url=f"articles/a{number}.html",
                                  annotated=AnnotatedDocument(document, tagged), summary=paragraphs[0][:200]))
    ordered = tuple(sorted(facts, key=catalogue.newest_first_key))
    sample = ordered[len(ordered) // 2]
    text = sample.annotated.document.blocks[1].text.split()
    rare = max(text, key=lambda w: (len(w), w)).strip(".").lower()
    alias_of = next(t.entity for t in sample.entities)
    queries = {
        "rare word": rare,
        "frequent word": "police",
        "prefix as typed": rare[:4],
        "two words": f"{text[3].strip('.')} {text[8].strip('.')}",
        "quoted phrase": '"' + " ".join(w.strip(".") for w in text[10:12]) + '"',
        "accents folded (entity spelling)": search_index.fold(alias_of.aliases[0]).split()[0],
        "three words": "the police court",
    }
    return Corpus(ordered, queries)


def render_page(site: Path) -> None:
    """The theme's search page and assets, as the build makes them (relative SITEURL)."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")))
    html = env.get_template("search.html").render(SITEURL=".", SITENAME="Bench", DEFAULT_LANG="en",
                                                 page_name="search", SITESUBTITLE="")
    (site / "search.html").write_text(html, "utf-8")
    shutil.copytree(ROOT / "theme" / "static", site / "theme")


def measure(articles: int, queries_only: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    from tools.browser import CHROMIUM_ARGS, chromium_path

    made = corpus(articles)
    began = time.perf_counter()
    files = search_index.index_files(made.facts, catalogue.entity_summaries(made.facts), "entities/{kind}/{id}.html")
    build_seconds = time.perf_counter() - began
    site = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        for name, text in files.items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        render_page(site)
        sizes = {name: len(text.encode("utf-8")) for name, text in files.items()}
        report = {"articles": articles, "build_seconds": build_seconds, "files": len(files),
                  "index_bytes": sum(sizes.values()), "manifest_bytes": sizes[search_index.INDEX_FILE],
                  "largest_part": max(sizes.values()), "queries": {}}
        executable = chromium_path()
        if executable is None:
            raise SystemExit("Chromium is not installed (apt-get install chromium)")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                for label, query in made.queries.items():
                    runs = []
                    for _ in range(3):
                        context = browser.new_context()
                        page = context.new_page()
                        url = (site / "search.html").as_uri() + "?q=" + query.replace(" ", "%20").replace('"', "%22")
                        page.goto(url)
                        page.wait_for_function("window.NEWS_DIGEST_SEARCH_TIME !== undefined", timeout=30_000)
                        loaded = page.evaluate("window.NEWS_DIGEST_SEARCH_LOADED")
                        since_start = page.evaluate("window.NEWS_DIGEST_SEARCH_TIME")
                        since_open = page.evaluate("window.NEWS_DIGEST_SEARCH_DONE")
                        status = page.locator("#search-status").inner_text()
                        context.close()
                        runs.append((since_start, loaded, status, since_open))
                    loaded = runs[0][1]
                    report["queries"][label] = {
                        "query": query,
                        "bytes": sizes[search_index.INDEX_FILE] + sum(sizes[f"search/{n}.js"] for n in loaded),
                        "parts": len(loaded) + 1,
                        "ms": statistics.median(run[0] for run in runs),
                        "page_ms": statistics.median(run[3] for run in runs),
                        "status": runs[0][2],
                    }
            finally:
                browser.close()
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    report = measure(args.articles)
    print(f"search index for {report['articles']:,} articles: built in {report['build_seconds']:.1f} s, "
          f"{report['files']:,} files, {report['index_bytes'] / 1e6:.1f} MB in all, manifest "
          f"{report['manifest_bytes'] / 1e3:.1f} kB, largest part {report['largest_part'] / 1e3:.1f} kB")
    print(f"{'query':34} {'loaded':>10} {'parts':>6} {'query':>8} {'page':>8}  status")
    for label, row in report["queries"].items():
        print(f"{label:34} {row['bytes'] / 1e3:7.0f} kB {row['parts']:6d} {row['ms']:5.0f} ms {row['page_ms']:5.0f} ms"
              f"  {row['status']}")
    worst = max(report["queries"].values(), key=lambda row: row["bytes"])
    slowest = max(report["queries"].values(), key=lambda row: row["ms"])
    print(f"largest load {worst['bytes'] / 1e6:.2f} MB (target < 1.5 MB); "
          f"slowest {slowest['ms']:.0f} ms (target < 300 ms), time from the query's start to results on screen")


if __name__ == "__main__":
    main()
