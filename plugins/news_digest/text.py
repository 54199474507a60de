"""Text normalisation shared by every step: how names compare (``fold``) and become ids (``slugify``).

Article slugs are not made here: ``slugs.py`` reproduces Pelican's own slugify for the
articles Pelican names itself (hand-written ones), and keeps article slugs stable.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})
_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a token, used as its matching key ("Straße" -> "strasse")."""
    text = text.translate(_APOSTROPHES).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(name: str) -> str:
    """The id of an entity named ``name``: "Netelligent Hosting Services" -> "netelligent-hosting-services".

    Accents are dropped and letters that fold to several transliterate ("Straße Verlag" ->
    "strasse-verlag"), so the tagger, the catalogue and editors' corrections give one name
    one id. "entity" when nothing of the name is left.
    """
    if name.isascii():
        ascii_text = name.casefold()
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NOT_SLUG_RE.sub("-", ascii_text).strip("-") or "entity"
