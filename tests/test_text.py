"""text.py: one fold and one slugify, so that a name gets one id wherever it is made."""

from __future__ import annotations

import pytest

from news_digest import corrections, text
from news_digest.site import by_name
from news_digest.tagger import assemble


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Netelligent Hosting Services", "netelligent-hosting-services"),
        ("Straße Verlag", "strasse-verlag"),
        ("Café Société", "cafe-societe"),
        ("  --  ", "entity"),
    ],
)
def test_entity_ids_transliterate_and_drop_accents(name: str, slug: str) -> None:
    assert text.slugify(name) == slug


def test_the_tagger_the_site_reader_and_corrections_make_ids_with_the_one_slugify() -> None:
    # "Straße Verlag" was strasse-verlag to the tagger but strae-verlag to the other two
    assert assemble.slugify is by_name.slugify is corrections.slugify is text.slugify


def test_fold_ignores_case_accents_and_curly_apostrophes() -> None:
    assert text.fold("Société’s") == text.fold("SOCIETE's") == "societe's"
    assert text.fold("Straße") == "strasse"
