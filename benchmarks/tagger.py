"""Benchmark: how fast the tagger annotates many ~700-word articles (target: 1,000 in under 2 s).

The articles are built deterministically from the paragraphs of the seeds and the dev
set (a fixed random generator picks paragraphs until an article has about 700 words),
so every run measures the same work. The knowledge base is loaded once, and its load
time is reported apart from the tagging time.

    ./dev benchmark                    # or: python benchmarks/tagger.py --articles 1000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from news_digest.knowledge import load_knowledge  # noqa: E402
from news_digest.models import Block, Document  # noqa: E402
from news_digest.reading import SeedError, ingest  # noqa: E402
from news_digest.reading.boilerplate import load_rules  # noqa: E402
from news_digest.tagger import tag  # noqa: E402

SOURCES = (ROOT / "seeds", ROOT / "tests" / "devset")
WORDS_PER_ARTICLE = 700
TARGET_SECONDS_PER_1000 = 2.0


def source_documents() -> list[Document]:
    """Every readable seed and dev-set article, ingested."""
    rules = load_rules()
    documents = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            try:
                documents.append(ingest(path.name, path.read_bytes(), None, rules))
            except SeedError:
                continue
    return documents


def build_articles(documents: list[Document], count: int) -> list[Document]:
    """``count`` articles of about 700 words from the documents' headlines and paragraphs."""
    paragraphs = [block for doc in documents for block in doc.blocks if block.kind == "paragraph"]
    titles = [doc.title for doc in documents]
    if not paragraphs:
        raise SystemExit("benchmark: no seed or dev-set paragraphs to build articles from")
    generator = random.Random(20140514)
    articles = []
    for number in range(count):
        blocks: list[Block] = []
        words = 0
        while words < WORDS_PER_ARTICLE:
            block = generator.choice(paragraphs)
            blocks.append(block)
            words += len(block.text.split())
        articles.append(
            Document(seed=f"bench_{number:04d}.txt", seed_hash="", title=generator.choice(titles), blocks=tuple(blocks))
        )
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="how many articles to tag")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    kb = load_knowledge()
    load_seconds = time.perf_counter() - started

    articles = build_articles(source_documents(), args.articles)
    words = sum(len(a.text.split()) for a in articles)

    started, cpu_started = time.perf_counter(), time.process_time()
    mentions = 0
    for article in articles:
        mentions += sum(len(t.mentions) for t in tag(article, kb).entities)
    wall = time.perf_counter() - started
    # CPU time of this process: what one core spends, whatever else the machine is doing
    total = time.process_time() - cpu_started

    per_article_ms = 1000 * total / max(len(articles), 1)
    scaled = total * 1000 / max(len(articles), 1)
    print(f"knowledge base: {len(kb.entities)} entities loaded in {load_seconds:.3f} s")
    print(f"articles: {len(articles)} ({words} words, {words / max(len(articles), 1):.0f} per article)")
    print(
        f"tagging: {total:.3f} s CPU ({wall:.3f} s wall clock), {per_article_ms:.3f} ms per article, "
        f"{words / total:,.0f} words/s"
    )
    print(f"mentions found: {mentions}")
    verdict = "ok" if scaled <= TARGET_SECONDS_PER_1000 else "SLOWER THAN TARGET"
    print(f"per 1,000 articles: {scaled:.3f} s (target {TARGET_SECONDS_PER_1000:.1f} s): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
