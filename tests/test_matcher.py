"""The tagger's matching parts: tokens with offsets, token classes, listed aliases with their case rules, overlaps."""

from __future__ import annotations

from pathlib import Path

import re
from itertools import accumulate

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from news_digest.knowledge import load_knowledge
from news_digest.tagger import listed
from news_digest.tagger.patterns import compile_patterns
from news_digest.tagger.regex_shape import shape as speedups
from news_digest.tagger.spans import Candidate, Listed, resolve
from news_digest.tagger.speedups import edit_distance, within_one_edit
from news_digest.tagger.tokens import TOKEN_RE as _TOKEN_RE
from news_digest.tagger.tokens import token_key

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "knowledge"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge([FIXTURES], builtin_entities=False)


def words(kb, text: str) -> list[str]:
    tokens = kb.matcher.tokenize(text)
    return [t for t in tokens.texts if t.strip()]


def matched(kb, text: str) -> list[tuple[str, str | None]]:
    """(text, entity key) of every listed alias found in text, stop phrases as None."""
    tokens = kb.matcher.tokenize(text)
    return [(text[c.char_start : c.char_end], c.listed) for c in listed.candidates(tokens, kb.matcher.index)[0]]


# --- tokens ------------------------------------------------------------------------------------


def test_dotted_initials_domains_codes_and_numbers_stay_whole(kb) -> None:
    text = "The U.S. site Sparvar.org, Bill C-11 and Directive 2001/29/EC cost 10.000 kr."
    assert words(kb, text) == [
        "The", "U.S.", "site", "Sparvar.org", ",", "Bill", "C", "-", "11", "and",
        "Directive", "2001/29/EC", "cost", "10.000", "kr", ".",
    ]


def test_possessives_and_hyphen_compounds_split_off(kb) -> None:
    assert words(kb, "Canada's Canada’s Canada-based") == [
        "Canada", "'", "s", "Canada", "’", "s", "Canada", "-", "based",
    ]


# The token grammar without the tokenizer's shortcuts (a first branch for plain words,
# possessive repeats): what a token is, written plainly.
_PLAIN_TOKEN_RE = re.compile(
    r"[^\S\n]*(?:\n\s*|(?:[^\W\d_]\.)+[^\W\d_]\.?(?!\w)|\d+(?:/\w+)+|\w+(?:\.\w+)*|[^\w\s])"
)


@given(text=st.text(alphabet=st.sampled_from("aZé9_._/- \n,'’(U.S)\xa0"), max_size=60))
def test_the_tokenizer_shortcuts_cut_text_exactly_as_the_plain_token_grammar(text: str) -> None:
    assert _TOKEN_RE.findall(text) == _PLAIN_TOKEN_RE.findall(text)


@given(text=st.lists(st.sampled_from(["a", "Bc", "é", "9", ".", "'", "’", "-", " ", "  ", "\n", "\t", "org", "U.S."]), max_size=30).map("".join))
@example(text="\n\t a")  # a break's token takes a tab and then a space after it
def test_tokens_are_those_of_the_whole_text_however_the_text_is_cut_inside(kb, text: str) -> None:
    # the tokenizer remembers space-free chunks; every token must still be what the token
    # grammar cuts from the whole text, with the class its text and leading space give it
    pieces = _TOKEN_RE.findall(text)
    for _ in range(2):  # the second time from what was remembered
        tokens = kb.matcher.tokenize(text)
        assert tokens.texts == [piece.lstrip() for piece in pieces]
        assert tokens.ends == list(accumulate(map(len, pieces)))
        assert tokens.keys == [token_key(piece.lstrip()) if piece.strip() else "" for piece in pieces]
        assert tokens.classes == "".join(
            kb.matcher.classify(piece.lstrip(), spaced=piece[:1] != piece.lstrip()[:1]) for piece in pieces
        )


def test_initials_match_with_or_without_dots() -> None:
    assert token_key("U.S.") == token_key("US") == token_key("u.s") == "us"
    assert token_key("Rättighetsalliansen") == "rattighetsalliansen"


@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_token_offsets_always_point_at_the_token(kb, text: str) -> None:
    tokens = kb.matcher.tokenize(text)
    previous_end = 0
    for i, token in enumerate(tokens.texts):
        start = tokens.start(i)
        assert text[start : tokens.ends[i]] == token
        assert start >= previous_end
        previous_end = tokens.ends[i]
    assert text[previous_end:].strip() == ""


def test_a_blank_line_is_a_break_that_nothing_matches_across(kb) -> None:
    assert matched(kb, "Rights\n\nAlliance") == []
    assert kb.matcher.tokenize("big\n\ndog").classes == "w\nw"


# --- classes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "cls"),
    [
        ("Netelligent", "C"), ("isoHunt", "C"), ("Alliance", "H"), ("Police", "J"), ("Services", "M"),
        ("AB", "X"), ("Act", "A"), ("Bill", "B"), ("H.R.", "B"), ("C", "U"), ("11", "N"), ("2012", "Y"),
        ("Sparvar.org", "D"), ("What.CD", "D"), ("2001/29/EC", "Q"), ("the", "T"), ("The", "E"), ("a", "i"), ("of", "c"),
        ("and", "a"), ("&", "a"), ("against", "p"), ("site", "d"), ("called", "v"), ("However", "f"),
        ("Monday", "f"), ("police", "w"), ("spokesman", "r"), ("People", "P"), ("No", "n"), (",", ","), ("(", "("), ("’", "'"),
    ],
)
def test_token_classes(kb, token: str, cls: str) -> None:
    assert kb.matcher.classify(token) == cls


def test_a_spaced_hyphen_is_a_dash(kb) -> None:
    assert kb.matcher.tokenize("Sweden - Canada").classes == "C,C"
    assert kb.matcher.tokenize("Sweden-Canada").classes == "C-C"


# --- listed aliases ---------------------------------------------------------------------------


def test_short_all_caps_aliases_match_only_in_capitals(kb) -> None:
    assert matched(kb, "the US and the U.S. told us") == [
        ("US", "country/united-states"),
        ("U.S.", "country/united-states"),
    ]


def test_longer_acronyms_also_match_in_title_case(kb) -> None:
    found = matched(kb, "critics of Acta and of ACTA, not acta")
    assert [text for text, _ in found] == ["Acta", "ACTA"]
    assert all(ref == "legal_instrument/acta" for _, ref in found)


def test_capitalised_aliases_need_their_capital(kb) -> None:
    assert matched(kb, "a canadian site") == []
    assert matched(kb, "a Canadian site") == [("Canadian", "country/canada")]


def test_mixed_case_aliases_match_in_any_case_after_the_first_letter(kb) -> None:
    assert matched(kb, "TORRENTFREAK and Torrentfreak") == [
        ("TORRENTFREAK", "organisation/torrentfreak"),
        ("Torrentfreak", "organisation/torrentfreak"),
    ]


def test_a_leading_the_is_optional(kb) -> None:
    assert matched(kb, "The Pirate Bay and Pirate Bay") == [
        ("Pirate Bay", "organisation/the-pirate-bay"),
        ("Pirate Bay", "organisation/the-pirate-bay"),
    ]


def test_a_domain_of_a_listed_name_is_that_entity(kb) -> None:
    assert matched(kb, "see TorrentFreak.com and thepiratebay.org") == [
        ("TorrentFreak.com", "organisation/torrentfreak"),
        ("thepiratebay.org", "organisation/the-pirate-bay"),
    ]


def test_stop_phrases_are_candidates_without_an_entity(kb) -> None:
    assert ("North American", None) in matched(kb, "North American sites")


# --- overlaps -----------------------------------------------------------------------------------


def candidate(start: int, end: int, char_start: int, char_end: int, ref: str) -> Candidate:
    return Candidate(start, end, char_start, char_end, "organisation", Listed(ref), "known")


def test_overlaps_resolve_longest_then_leftmost() -> None:
    short = candidate(0, 1, 0, 5, "short")
    long = candidate(0, 2, 0, 12, "long")
    longest = candidate(1, 3, 6, 20, "longest")
    apart = candidate(3, 4, 21, 25, "apart")
    chosen = resolve([short, long, longest, apart], 4)
    # "long" loses to the longer "longest"; "short" no longer overlaps anything kept
    assert [c.listed for c in chosen] == ["short", "longest", "apart"]


def test_equal_length_overlaps_keep_the_leftmost() -> None:
    left = candidate(0, 2, 0, 10, "left")
    right = candidate(1, 3, 5, 15, "right")
    assert [c.listed for c in resolve([right, left], 3)] == ["left"]


def test_longer_candidate_wins_over_a_shorter_one_inside_it() -> None:
    inner = candidate(1, 2, 5, 10, "inner")
    outer = candidate(0, 3, 0, 15, "outer")
    assert [c.listed for c in resolve([inner, outer], 3)] == ["outer"]


# --- edit distance --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("netelligent", "neteligent", 1), ("sparvar", "spavar", 1), ("abcd", "abdc", 1), ("iran", "iraq", 1),
     ("kitten", "sitting", 3), ("same", "same", 0)],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, 5) == distance
    assert within_one_edit(a, b) == (distance <= 1)


@given(st.text("abc", max_size=7), st.text("abc", max_size=7))
def test_the_quick_one_edit_check_agrees_with_the_full_distance(a: str, b: str) -> None:
    assert within_one_edit(a, b) == (edit_distance(a, b, 1) <= 1)


def _full_table_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, the whole table, no shortcut."""
    table = [[max(i, j) if not (i and j) else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@given(st.text("ab", max_size=9), st.text("ab", max_size=9), st.integers(1, 3))
def test_edit_distance_with_shared_starts_and_ends_skipped_is_still_exact(a: str, b: str, limit: int) -> None:
    assert edit_distance(a, b, limit) == min(_full_table_distance(a, b), limit + 1)


# --- discovery patterns: speed-ups that must not change a match ---------------------------------


def test_a_pattern_knows_the_classes_a_match_starts_with_and_those_it_needs() -> None:
    firsts, needs, _ = speedups("(?P<name> (?: G -? )* [CU] (?: -? [CUN] )* H )")
    assert firsts == frozenset("GCU")
    assert frozenset("H") in needs
    assert speedups("D v? (?P<name> C )")[0] is None  # starts with one fixed class: the engine's own fast search
    assert speedups("C?")[0] is None  # may match nothing: any start


@pytest.mark.parametrize(
    "source",
    [
        "(?P<name> (?: G -? )* [CU] (?: -? [CUN] | a C )* H ) | w (?P<other> N )",
        "(?P<name> (?: G -? )* [CU] (?: -? [CUN] | a C )* [HJ] (?: c C )? ) (?! - )",  # no lowercase word: two look-aheads
    ],
)
@given(classes=st.text("GCUNHJ-wac,.", max_size=40))
def test_the_look_aheads_a_pattern_gets_find_exactly_the_plain_regex_matches(source: str, classes: str) -> None:
    (pattern,) = compile_patterns([{"id": "p", "kind": "organisation", "match": source, "description": "d"}], {})
    plain = re.compile(source, re.VERBOSE)
    assert [m.span() for m in pattern.regex.finditer(classes)] == [m.span() for m in plain.finditer(classes)]
