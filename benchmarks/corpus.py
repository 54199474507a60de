"""A deterministic corpus of scraped-looking seeds for the site benchmark.

Each seed looks like a page someone scraped: a headline, page furniture
(breadcrumbs, share rows, an advertisement, a newsletter prompt, a copyright
footer), sometimes a dateline, 300-1,500 words of prose naming countries,
organisations and laws the knowledge base lists and others it has never seen,
and sometimes a "Related Posts" list. Dates span twenty years; most seeds have
theirs in ``sources.yml``, some only in a dateline, a few none at all.

Seed ``i`` is the same whatever the corpus size (each has its own random
generator seeded from its number), so a corpus of 10,000 starts with the
corpus of 1,000 and figures per article compare like with like.

    python benchmarks/corpus.py --articles 1000 --out /tmp/seeds
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

FIRST_DAY = dt.date(2005, 1, 1)
DAYS = 20 * 365

# Names a reader of this news would meet; the tagger should know most of them.
COUNTRIES = (
    "Canada", "Sweden", "the United States", "France", "Germany", "Spain", "Italy", "Brazil", "India",
    "Australia", "Japan", "the Netherlands", "Russia", "China", "Mexico", "Ireland", "the United Kingdom",
    "South Korea", "Argentina", "Poland", "Norway", "Denmark", "Belgium", "Portugal", "Chile",
)
DEMONYMS = ("Canadian", "Swedish", "American", "French", "German", "Spanish", "Italian", "Brazilian", "Dutch")
ORGANISATIONS = (
    "the MPAA", "the RIAA", "the IFPI", "the European Commission", "the European Parliament", "Google",
    "YouTube", "The Pirate Bay", "the Motion Picture Association", "the Supreme Court", "Rights Alliance",
    "BREIN", "the World Intellectual Property Organization", "Hadopi", "Spotify", "Netflix", "Comcast",
    "the Federal Communications Commission", "the Electronic Frontier Foundation", "Microsoft",
)
INSTRUMENTS = (
    "the DMCA", "the Digital Millennium Copyright Act", "the Copyright Directive", "ACTA", "SOPA", "PIPA",
    "the Berne Convention", "the TRIPS Agreement", "the Copyright Act", "the Digital Economy Act",
)
CITIES = ("LONDON", "STOCKHOLM", "PARIS", "BERLIN", "MADRID", "TORONTO", "SYDNEY", "TOKYO", "NEW YORK")
SYLLABLES = ("vel", "mor", "kas", "tra", "lin", "dor", "zen", "qua", "bri", "tal", "nox", "ver", "sil", "ran")
ORG_SUFFIXES = ("Media Group", "Rights Alliance", "Hosting Ltd", "Music Society", "Film Council", "Networks")
LAW_SUFFIXES = ("Online Safety Act", "Copyright Amendment Act", "Digital Content Bill")

SENTENCES = (
    "{org} said on {weekday} that it would ask {country}'s courts to block {site}.",
    "Lawyers for {unknown_org} told reporters that {instrument} was never meant to cover {thing}.",
    "In {year}, {country} passed {unknown_law}, which critics say goes further than {instrument}.",
    "{org} and {org2} have spent years arguing about {thing}, with little to show for it.",
    "According to {unknown_org}, more than {number} users in {country} were affected.",
    "The {demonym} government has not commented on the case, which {org} called a landmark.",
    "A spokesperson for {org} declined to say whether {unknown_org} would appeal.",
    "Since {year}, {site} has been blocked by several internet providers in {country}.",
    "Critics of {instrument} point out that {thing} is rarely what the courts end up deciding.",
    "{person}, who runs {site}, said the site would continue to operate from {country}.",
    "The ruling follows a complaint filed by {org} in {month} {year}.",
    "Experts expect {country2} and {country} to follow with similar measures under {instrument}.",
    "Nobody at {unknown_org} would say how many takedown notices were sent last year.",
    "The case could take years, and {number} pages of evidence have already been filed.",
)
THINGS = (
    "streaming sites", "link aggregators", "cyberlockers", "torrent trackers", "search engines",
    "upload filters", "site blocking", "private copying levies", "DNS resolvers", "VPN services",
)
# Most sentences of a news story name nobody.
PLAIN_SENTENCES = (
    "The decision was welcomed by some and criticised by others.",
    "It is not the first time the issue has come before a court.",
    "Both sides have until the end of the month to respond.",
    "The details of the agreement have not been made public.",
    "Users who spoke to us said they had noticed no change so far.",
    "The site's operators did not respond to a request for comment.",
    "Several similar cases are still pending, and more are expected.",
    "The figures could not be independently verified.",
    "A hearing has been scheduled for later this year.",
    "Observers say the outcome will shape how such services are run for years to come.",
    "The company said it had always complied with takedown requests.",
    "Traffic to the service fell sharply in the weeks that followed.",
)
FIRST_NAMES = ("Peter", "Anna", "Lars", "Maria", "John", "Sofia", "Ahmed", "Yuki", "Carlos", "Emma")
LAST_NAMES = ("Sunde", "Lindqvist", "Moreau", "Keller", "Okafor", "Tanaka", "Silva", "Novak", "Brennan")
FURNITURE_TOP = ("Home > News > Piracy", "Share this: Facebook | Twitter | Email", "Advertisement")
FURNITURE_BOTTOM = (
    "Subscribe to our newsletter for the latest news.",
    "Copyright © {year} Example News. All rights reserved.",
    "Share this: Facebook | Twitter | Email",
)


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _sentence(rng: random.Random, year: int) -> str:
    if rng.random() < 0.6:
        return rng.choice(PLAIN_SENTENCES)
    country, country2 = rng.sample(COUNTRIES, 2)
    org, org2 = rng.sample(ORGANISATIONS, 2)
    text = rng.choice(SENTENCES).format(
        org=org,
        org2=org2,
        country=country,
        country2=country2,
        demonym=rng.choice(DEMONYMS),
        instrument=rng.choice(INSTRUMENTS),
        unknown_org=f"{_name(rng, 2)} {rng.choice(ORG_SUFFIXES)}",
        unknown_law=f"the {_name(rng, 2)} {rng.choice(LAW_SUFFIXES)}",
        site=f"{_name(rng, 2)}.org",
        person=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        thing=rng.choice(THINGS),
        number=f"{rng.randrange(2, 900) * 1000:,}",
        year=rng.randrange(max(1995, year - 15), year + 1),
        month=rng.choice(("January", "March", "June", "September", "November")),
        weekday=rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
    )
    return text[0].upper() + text[1:]


def _headline(rng: random.Random) -> str:
    org = rng.choice(ORGANISATIONS).removeprefix("the ")
    country = rng.choice(COUNTRIES).removeprefix("the ")
    verb = rng.choice(("Sues", "Targets", "Wins Case Against", "Loses Appeal Over", "Warns", "Settles With"))
    target = f"{_name(rng, 2)}.org" if rng.random() < 0.6 else f"{_name(rng, 2)} {rng.choice(ORG_SUFFIXES)}"
    return f"{org} {verb} {target} in {country}"


def seed(number: int) -> tuple[str, str, dt.date | None, dt.date]:
    """Seed ``number``: (file name, text, date for sources.yml or None, the article's date)."""
    rng = random.Random(f"news-digest-bench-{number}")
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    words_wanted = rng.randint(300, 1500)
    lines = [_headline(rng), ""]
    lines += [line for line in FURNITURE_TOP if rng.random() < 0.5]
    published: dt.date | None = day
    style = rng.random()
    if style < 0.25:  # the date only in a dateline
        published = None
        lines += ["", f"{rng.choice(CITIES)}, {day.day} {day:%B %Y} -"]
    elif style < 0.3:  # no date anywhere
        published = None
    words = 0
    while words < words_wanted:
        paragraph = " ".join(_sentence(rng, day.year) for _ in range(rng.randint(2, 6)))
        words += len(paragraph.split())
        lines += ["", paragraph]
        if rng.random() < 0.04:
            lines += ["", "Advertisement"]
    if rng.random() < 0.4:
        lines += ["", "Related Posts", ""] + [_headline(rng) for _ in range(rng.randint(2, 5))]
    lines += [""] + [line.format(year=day.year) for line in FURNITURE_BOTTOM if rng.random() < 0.5]
    return f"bench_{number:05d}.txt", "\n".join(lines) + "\n", published, day


def write_corpus(folder: Path, count: int) -> None:
    """Write ``count`` seeds and their sources.yml into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for number in range(count):
        name, text, published, _day = seed(number)
        (folder / name).write_text(text, "utf-8")
        sources.append(f"{name}:\n  source: https://news.example.org/{number}/\n")
        if published:
            sources.append(f"  published: {published.isoformat()}\n")
    (folder / "sources.yml").write_text("".join(sources), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write_corpus(args.out, args.articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
