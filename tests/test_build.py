"""End to end: the site built from seeds/ has a page for every seed."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT


def _seed_headlines() -> dict[str, str]:
    headlines = {}
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        first = next(line for line in seed.read_text("utf-8-sig").splitlines() if line.strip())
        headlines[seed.name] = first.removeprefix("Updated:").strip()
    return headlines


def test_front_page_is_built(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()


def test_every_seed_has_an_article_page_with_its_title(built_site: Path) -> None:
    pages = {}
    for page in (built_site / "articles").glob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        pages[soup.find("h1").get_text(" ", strip=True)] = page
    for seed, headline in _seed_headlines().items():
        assert headline in pages, f"no article page titled {headline!r} for {seed}"


def test_seeds_folder_lists_a_source_for_every_seed() -> None:
    sources = yaml.safe_load((ROOT / "seeds" / "sources.yml").read_text("utf-8"))
    assert set(sources) == set(_seed_headlines())
