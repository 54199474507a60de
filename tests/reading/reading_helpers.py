"""What the tests of the reading step share: the rules, sample prose, and ways to read a seed."""

from __future__ import annotations

from conftest import ROOT
from news_digest.models import Document, SourceInfo
from news_digest.reading import ingest
from news_digest.reading.boilerplate import load_rules
from news_digest.reading.sources import load_sources

RULES = load_rules()
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
BODY = "The court ruled against the site on Monday, ordering it to close within a week."
OTHER = "The operators said they would appeal the decision at the first opportunity."


def read(text: str, source: SourceInfo | None = None) -> Document:
    return ingest("test.txt", text.encode("utf-8"), source, RULES)


def seed(name: str) -> Document:
    sources = load_sources(SEEDS / "sources.yml")
    return ingest(name, (SEEDS / name).read_bytes(), sources.get(name), RULES)


def fixture(name: str) -> Document:
    return ingest(name, (FIXTURES / name).read_bytes(), None, RULES)


def kinds(document: Document) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in document.blocks]


def words_in_order(part: str, source_words: list[str]) -> bool:
    """Whether every word of ``part`` appears in ``source_words``, in the same order."""
    remaining = iter(source_words)
    return all(word in remaining for word in part.split())
