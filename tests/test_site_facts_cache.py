"""site/facts_cache.py: unchanged articles are not read again; whatever their facts come from is in the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from news_digest.events import load_vocabulary
from news_digest.models import Entity
from news_digest.settings import parse_settings
from news_digest.site import facts_cache
from news_digest.sync import stamp

SETTINGS = parse_settings({"annotate_on_build": False})
TITLE = "Hostwell raided"
BODY = "Police raided Hostwell."


class NoKnowledge:
    fingerprint = "none"

    def find(self, kind: str, name: str) -> Entity | None:
        return None

    def get(self, key: str) -> Entity | None:
        return None


def _article(folder: Path) -> SimpleNamespace:
    """A generated article, as the converter wrote it, naming Hostwell once."""
    path = folder / "a.md"
    path.write_text(stamp(f"Title: {TITLE}\nSeed: a.txt\n\n{BODY}\n", "0" * 64, "test"), "utf-8")
    content = ('<p>Police raided <a class="mention" href="x.html" data-kind="organisation" '
               'data-entity="hostwell" data-desc="">Hostwell</a>.</p>')
    return SimpleNamespace(slug="a", url="articles/a.html", title=TITLE, content=content, source_path=str(path),
                           date=dt.datetime(2020, 1, 2), metadata={"seed": "a.txt", "date_source": "sources",
                                                                   "organisations": "Hostwell"})


def _record(relevance: float) -> dict:
    start = len(TITLE) + 2 + BODY.index("Hostwell")
    return {"seed": "a.txt", "slug": "a", "title": TITLE, "date": "2020-01-02", "date_source": "sources",
            "entities": [{"kind": "organisation", "id": "hostwell", "name": "Hostwell",
                          "mentions": [{"text": "Hostwell", "start": start, "end": start + 8}], "relevance": relevance}]}


def _relevance(tmp_path: Path, relevance: float) -> float:
    facts, _ = facts_cache.all_facts([_article(tmp_path)], NoKnowledge(), SETTINGS, load_vocabulary(),
                                     tmp_path / "cache" / facts_cache.FACTS_CACHE, {"articles/a.html": _record(relevance)})
    return facts[0].entities[0].relevance


def test_an_unchanged_article_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _relevance(tmp_path, 0.7) == 0.7
    monkeypatch.setattr(facts_cache, "article_facts", lambda *args: pytest.fail("read again"))
    assert _relevance(tmp_path, 0.7) == 0.7


def test_a_changed_record_is_read_again(tmp_path: Path) -> None:
    assert _relevance(tmp_path, 0.7) == 0.7
    assert _relevance(tmp_path, 0.4) == 0.4  # the page is the same; only its record changed
