"""Benchmark: related articles (catalogue.related_articles) as the digest grows.

Makes N articles naming entities drawn from a skewed distribution, as news does:
a few countries in a large share of the articles, a long tail of names seen once
or twice. Prints, for each N, the time to rank every article's related ones and
the work done (article pairs scored). Without a bound the pairs grow with the
square of the articles sharing a common entity; with it they grow in step with N.

    .venv/bin/python benchmarks/related_bench.py --articles 1000 2000 5000 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from news_digest.site import catalogue  # noqa: E402
from news_digest.site.catalogue import ArticleFacts  # noqa: E402
from news_digest.models import AnnotatedDocument, Document, Entity, TaggedEntity  # noqa: E402

KINDS = ("country", "organisation", "legal_instrument")
ENTITIES = 6_000


def facts(articles: int, seed: int = 13) -> list[ArticleFacts]:
    """N articles, each naming 3-9 entities; entity rank r is chosen with weight 1/(r+1)."""
    rng = random.Random(seed)
    entities = [Entity(id=f"e{n}", kind=KINDS[n % 3], name=f"Entity {n}") for n in range(ENTITIES)]
    cumulative, total = [], 0.0
    for rank in range(ENTITIES):
        total += 1 / (rank + 1)
        cumulative.append(total)
    made = []
    start = dt.date(2005, 1, 1)
    for number in range(articles):
        chosen = list(dict.fromkeys(rng.choices(entities, cum_weights=cumulative, k=rng.randint(3, 9))))
        document = Document(seed=f"{number}.txt", seed_hash="", title=f"Story {number}", blocks=(),
                            date=start + dt.timedelta(days=rng.randrange(7300)), date_source="sources")
        tagged = tuple(TaggedEntity(entity, (), round(rng.uniform(0.05, 1.0), 2)) for entity in chosen)
        made.append(ArticleFacts(slug=f"a{number}", url=f"articles/a{number}.html",
                                 annotated=AnnotatedDocument(document, tagged)))
    return made


def pairs_scored(articles: list[ArticleFacts], cap: int) -> int:
    """How many (article, candidate) scores related_articles adds up with this cap."""
    members: dict[str, int] = {}
    for article in articles:
        for key in article.relevance():
            members[key] = members.get(key, 0) + 1
    return sum(min(members[key], cap) for article in articles for key in article.relevance())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    args = parser.parse_args()
    cap = getattr(catalogue, "RELATED_CANDIDATES", 10**9)
    print(f"related articles, candidate cap {cap} per entity")
    print(f"{'articles':>9} {'seconds':>8} {'ms/article':>10} {'pairs scored':>13} {'without cap':>12}")
    for count in args.articles:
        made = facts(count)
        began = time.process_time()
        catalogue.related_articles(made, 5)
        seconds = time.process_time() - began
        print(f"{count:9,} {seconds:8.2f} {1000 * seconds / count:10.2f} "
              f"{pairs_scored(made, cap):13,} {pairs_scored(made, count):12,}")


if __name__ == "__main__":
    main()
