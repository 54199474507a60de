"""search_index.py: folding, tokenising, the split index's files, ranking weights, escaping, determinism."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from news_digest.site.catalogue import ArticleFacts, entity_summaries, newest_first_key
from news_digest.models import AnnotatedDocument, Block, Document, Entity, TaggedEntity
from news_digest.search_index import (
    GLOBAL_NAME,
    INDEX_FILE,
    PART_FUNCTION,
    decode,
    encode,
    fold,
    index_files,
    pair_hash,
    tokens,
)

CANADA = Entity(id="canada", kind="country", name="Canada", demonyms=("Canadian",))
ALLIANCE = Entity(id="rights-alliance", kind="organisation", name="Rights Alliance", aliases=("Rättighetsalliansen",))
USMCA = Entity(id="usmca", kind="legal_instrument", name="United States-Mexico-Canada Agreement")
PATTERN = "entities/{kind}/{id}.html"


def article(slug: str, title: str, body: list[str], entities: tuple[tuple[Entity, float], ...] = (),
            date: dt.date | None = dt.date(2014, 5, 14)) -> ArticleFacts:
    document = Document(seed=f"{slug}.txt", seed_hash="", title=title,
                        blocks=tuple(Block("paragraph", text) for text in body), date=date)
    tagged = tuple(TaggedEntity(entity, (), relevance) for entity, relevance in entities)
    return ArticleFacts(slug=slug, url=f"articles/{slug}.html", annotated=AnnotatedDocument(document, tagged))


def build(*articles: ArticleFacts, **options: int) -> dict[str, str]:
    ordered = sorted(articles, key=newest_first_key)
    return index_files(ordered, entity_summaries(ordered), PATTERN, **options)


_PART = re.compile(rf"window\.{PART_FUNCTION}\((.*)\);\n", re.DOTALL)
_MANIFEST = re.compile(rf"window\.{GLOBAL_NAME} = (.*);\n", re.DOTALL)


def parsed(files: dict[str, str]) -> tuple[dict, dict[str, dict]]:
    """The manifest and every part, checking each file is one call or assignment of pure JSON."""
    manifest = _MANIFEST.fullmatch(files[INDEX_FILE])
    assert manifest, files[INDEX_FILE][:100]
    parts = {}
    for name, text in files.items():
        if name != INDEX_FILE:
            match = _PART.fullmatch(text)
            assert match, (name, text[:100])
            data = json.loads(match.group(1))
            assert name == f"search/{data['part']}.js"
            parts[data["part"]] = data
    return json.loads(manifest.group(1)), parts


def shard_of(manifest: dict, word: str) -> str:
    """Which postings shard search.js opens for a word: the last whose first word is not after it."""
    key = word.encode("utf-16-be")  # JavaScript compares strings by UTF-16 code unit
    return f"t{max([0] + [i for i, first in enumerate(manifest['shards']) if first.encode('utf-16-be') <= key])}"


def postings(manifest: dict, parts: dict[str, dict], word: str) -> dict[int, int]:
    """Article number -> weight, for one word, read as search.js reads it."""
    terms = parts[shard_of(manifest, word)]["terms"]
    if word not in terms:
        return {}
    numbers = decode(terms[word])
    result, doc = {}, -1
    for delta, weight in zip(numbers[::2], numbers[1::2], strict=True):
        doc += delta + 1
        result[doc] = weight
    return result


def docs_of(manifest: dict, parts: dict[str, dict]) -> list[list]:
    chunk = manifest["docChunk"]
    return [parts[f"d{n // chunk}"]["docs"][n % chunk] for n in range(manifest["count"])]


def titles_for(manifest: dict, parts: dict[str, dict], word: str) -> list[str]:
    docs = docs_of(manifest, parts)
    found = postings(manifest, parts, word)
    return [docs[n][0] for n in sorted(found, key=lambda n: (-found[n], n))]


# --- words ---------------------------------------------------------------------------------------------


def test_folding_drops_accents_and_case_as_a_reader_types() -> None:
    assert fold("Rättighetsalliansen") == "rattighetsalliansen"
    assert fold("Straße Bærum Øresund Łódź İstanbul") == "strasse baerum oresund lodz istanbul"
    assert fold("ＡＢＣ ﬁle") == "abc file"  # compatibility forms: full-width letters, ligatures


def test_tokens_split_on_punctuation_so_hyphenated_words_become_phrases() -> None:
    assert tokens("Whac-a-Mole, of course: Bill C-32’s 10,000 “members”") == [
        "whac", "a", "mole", "of", "course", "bill", "c", "32", "s", "10", "000", "members"]
    assert tokens("x" * 41 + " kept") == ["kept"]  # no "word" is a URL-long run of letters


@pytest.mark.parametrize("numbers", [[0], [31, 32, 33], [1023, 1024, 2**32 - 1], list(range(100))])
def test_postings_numbers_survive_encoding(numbers: list[int]) -> None:
    text = encode(numbers)
    assert decode(text) == numbers
    assert re.fullmatch(r"[0-9A-Za-z_-]*", text)  # nothing to escape in JSON or HTML


# --- what an article's words lead to -----------------------------------------------------------------------


def test_a_word_only_in_the_body_finds_its_article() -> None:
    files = build(article("raid", "Cops in Europe take down the Jolly Roger",
                          ["Cracking down is famously a game of Whac-a-Mole, of course."]),
                  article("other", "Something else", ["Nothing to see."]))
    manifest, parts = parsed(files)
    assert titles_for(manifest, parts, "whac") == ["Cops in Europe take down the Jolly Roger"]
    assert titles_for(manifest, parts, "mole") == ["Cops in Europe take down the Jolly Roger"]


def test_pairs_of_common_words_are_indexed_for_phrases_and_pairs_with_a_rare_word_are_not() -> None:
    together = [article(f"t{n}", f"Together {n}", ["They blocked the Pirate Bay again."]) for n in range(8)]
    apart = [article(f"a{n}", f"Apart {n}", ["A pirate site on the bay."]) for n in range(8)]
    manifest, parts = parsed(build(*together, *apart, article("w", "Whac", ["A game of Whac-a-Mole."])))
    docs = docs_of(manifest, parts)
    assert len(postings(manifest, parts, "pirate")) == len(postings(manifest, parts, "bay")) == 16

    def pair_docs(pair: str) -> list[str] | None:
        hashed = pair_hash(pair)
        shard = parts[f"p{hashed % manifest['pairShards']}"]["pairs"]
        if format(hashed, "x") not in shard:
            return None
        numbers, doc = [], -1
        for delta in decode(shard[format(hashed, "x")]):
            doc += delta + 1
            numbers.append(doc)
        return sorted(docs[n][0] for n in numbers)

    assert pair_docs("pirate bay") == sorted(f"Together {n}" for n in range(8))
    assert pair_docs("whac a") is None  # "whac" is in one article: search.js reads its text instead
    assert manifest["pairMinDocs"] < 16


def test_in_a_large_digest_phrases_of_words_in_few_articles_are_read_from_their_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if the digest were large: a word must be in more than half the articles to be in a pair.
    monkeypatch.setattr("news_digest.search_index.PAIR_MIN_SHARE", 0.5)
    monkeypatch.setattr("news_digest.search_index.PAIR_MIN_DOCS", 2)
    together = [article(f"t{n}", f"Together {n}", ["They blocked the Pirate Bay again."]) for n in range(8)]
    others = [article(f"o{n}", f"Other {n}", ["The court ruled."]) for n in range(10)]
    manifest, parts = parsed(build(*together, *others))
    assert manifest["pairMinDocs"] == 9  # half of 18: search.js reads the text of "pirate"'s 8 articles
    hashed = pair_hash("pirate bay")
    assert format(hashed, "x") not in parts[f"p{hashed % manifest['pairShards']}"]["pairs"]
    hashed = pair_hash("the court")  # both words in 10 articles or more: still indexed
    assert format(hashed, "x") in parts[f"p{hashed % manifest['pairShards']}"]["pairs"]


def test_every_spelling_of_an_entity_finds_the_articles_naming_it() -> None:
    files = build(article("a", "Tracker raided", ["The Rights Alliance welcomed the raid."], ((ALLIANCE, 0.8),)),
                  article("b", "Unrelated", ["Nothing about it."]))
    manifest, parts = parsed(files)
    assert titles_for(manifest, parts, "rattighetsalliansen") == ["Tracker raided"]
    entities = parts["meta"]["entities"]
    assert entities[0][2] == "Rights Alliance" and "Rättighetsalliansen" in entities[0][4]


def test_title_and_central_entity_matches_outrank_body_mentions() -> None:
    files = build(
        article("body", "Police act against trackers", ["In passing, Canada was mentioned once."],
                ((CANADA, 0.1),)),
        article("title", "Canada tables a bill", ["Lawmakers met."], ()),
        article("central", "Ottawa tables a bill", ["The Canadian bill. Canadian rules."], ((CANADA, 0.9),)),
        article("agreement", "Mexico reforms", ["The United States-Mexico-Canada Agreement took effect."],
                ((USMCA, 0.9),)),
    )
    manifest, parts = parsed(files)
    ranked = titles_for(manifest, parts, "canada")
    assert ranked.index("Ottawa tables a bill") < ranked.index("Mexico reforms") < ranked.index(
        "Police act against trackers")
    assert ranked.index("Canada tables a bill") < ranked.index("Police act against trackers")


# --- the split ------------------------------------------------------------------------------------------------


def test_postings_are_split_in_alphabetical_runs_that_the_manifest_finds() -> None:
    body = [" ".join(f"word{n} alpha{n} zulu{n}" for n in range(300))]
    files = build(article("a", "One", body), article("b", "Two", body[:1]), shard_bytes=2_000)
    manifest, parts = parsed(files)
    shards = [parts[f"t{n}"]["terms"] for n in range(len(manifest["shards"]))]
    assert len(shards) > 5 and all(len(json.dumps(s)) < 2_500 for s in shards)
    assert manifest["shards"] == sorted(manifest["shards"]) == [min(s) for s in shards]
    everywhere = [word for shard in shards for word in shard]
    assert len(everywhere) == len(set(everywhere))  # each word in one shard only
    for word in everywhere:
        assert word in parts[shard_of(manifest, word)]["terms"]


def test_article_store_is_chunked_in_the_sites_order() -> None:
    items = [article(f"a{n}", f"Title {n}", [f"Body {n}."], date=dt.date(2000 + n, 1, 1)) for n in range(5)]
    manifest, parts = parsed(build(*items, doc_chunk=2))
    assert sorted(name for name in parts if name.startswith("d")) == ["d0", "d1", "d2"]
    docs = docs_of(manifest, parts)
    assert [doc[0] for doc in docs] == [f"Title {n}" for n in (4, 3, 2, 1, 0)]  # newest first
    assert docs[0][1:3] == ["articles/a4.html", "2004-01-01"] and docs[0][4] == "Body 4."
    years = [decode(code)[0] + parts["meta"]["firstYear"] for code in parts["meta"]["docs"]]
    assert years == [2004, 2003, 2002, 2001, 2000]


# --- safety and sameness -----------------------------------------------------------------------------------


def test_no_seed_text_can_break_out_of_a_script() -> None:
    hostile = "</script><script>alert(1)</script> \u2028 \u2029 café <!-- \\ \""
    files = build(article("x", hostile, [hostile], ((Entity(id="e", kind="organisation", name=hostile), 0.5),)))
    for name, text in files.items():
        assert text.isascii(), name
        assert "<" not in text, name  # so "</script>" and "<!--" never appear
    manifest, parts = parsed(files)
    doc = docs_of(manifest, parts)[0]
    assert doc[0] == hostile and doc[4] == " ".join(hostile.split())  # the same text comes back, as data
    assert parts["meta"]["entities"][0][2] == hostile


def test_same_input_gives_the_same_bytes() -> None:
    items = [article("a", "Éclair raid", ["Police raided a server."], ((CANADA, 0.5), (ALLIANCE, 0.2))),
             article("b", "Undated", ["Whac-a-Mole again."], date=None)]
    assert build(*items) == build(*reversed(items))


def test_built_site_has_the_index_with_every_article(fixture_site: Path) -> None:
    files = {path.relative_to(fixture_site).as_posix(): path.read_text("utf-8")
             for path in [fixture_site / INDEX_FILE, *(fixture_site / "search").glob("*.js")]}
    manifest, parts = parsed(files)
    docs = docs_of(manifest, parts)
    urls = {doc[1] for doc in docs}
    assert urls == {page.relative_to(fixture_site).as_posix() for page in (fixture_site / "articles").glob("*.html")}
    assert "Police Seize Server of a Private Tracker & Its Backups" in {doc[0] for doc in docs}  # plain text
    for row in parts["meta"]["entities"]:
        kind = manifest["kinds"][row[0]]
        assert (fixture_site / PATTERN.format(kind=kind, id=row[1])).is_file()
    assert all(doc[4] for doc in docs)  # every article's text is searchable


def test_the_next_build_reads_an_unchanged_index_back_and_remakes_a_changed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from news_digest import search_cache, search_index

    made = []
    real = search_index.index_files

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(search_index, "index_files", counting)
    first = [article("a", "Raid in Oslo", ["The police seized servers."], ((CANADA, 0.5),)),
             article("b", "Court rules", ["The Rights Alliance won."], ((ALLIANCE, 0.9),))]
    entities = entity_summaries(first)
    built = search_cache.index_files(tmp_path, first, entities, PATTERN)
    again = search_cache.index_files(tmp_path, first, entities, PATTERN)
    assert again == built and len(made) == 1  # read back, not made again
    changed = [first[0], article("b", "Court rules", ["The Rights Alliance lost."], ((ALLIANCE, 0.9),))]
    remade = search_cache.index_files(tmp_path, changed, entity_summaries(changed), PATTERN)
    assert len(made) == 2 and remade != built
    assert remade == real(changed, entity_summaries(changed), PATTERN)  # the same bytes as made afresh
