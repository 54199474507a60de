"""Hide web addresses and e-mail addresses left in prose from every step of the tagger.

A URL or an address is where a name is written, not a mention of it: nothing inside
``https://www.example.org/Canada/news`` or ``press@example.com`` is an entity. Each one
is overwritten, character for character, by a filler the tokenizer reads as one
lowercase word, so offsets stay those of the document's text and the words around an
address never join into one name across it. A bare domain without a path
(``Example.org``, ``www.example.org``) is a site's name and stays.
"""

from __future__ import annotations

import re

# A filler word: "\w" for the tokenizer (one token), lowercase, never a listed name.
FILLER = "_"

_HOST = r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}"
# What may end an address: not the punctuation of the sentence around it.
_TAIL = r"(?:[^\s<>\"'()\[\]{}]*[^\s<>\"'()\[\]{}.,;:!?])?"
_ADDRESS_RE = re.compile(
    rf"""
      \b(?:https?|ftp)://[^\s<>\"'()\[\]{{}}]*[^\s<>\"'()\[\]{{}}.,;:!?]   # a scheme: all of it
    | (?<![\w@./-]){_HOST}[/?\#][^\s<>\"'()\[\]{{}}.,;:!?]{_TAIL}         # a host with a path
    | [\w.+-]+@{_HOST}                                                 # an e-mail address
    """,
    re.VERBOSE,
)

# A host's last label right before a path: most articles have none, and this is cheap to look for.
_PATH_HINT = re.compile(r"\.[^\W\d_]{2,}[/?#]")


def mask_addresses(text: str) -> str:
    """The text with every URL and e-mail address overwritten by filler of the same length."""
    if "://" not in text and "@" not in text and not _PATH_HINT.search(text):
        return text  # the common case, decided by cheaper searches
    return _ADDRESS_RE.sub(lambda m: FILLER * len(m.group()), text)
