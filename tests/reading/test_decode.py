"""Decoding and normalising a seed: encodings, bad input, control characters."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from news_digest.models import Block
from news_digest.reading import SeedError, ingest
from reading_helpers import BODY, OTHER, RULES, read


# -- decoding and bad input -------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + "Café raid\n\nPolice came.\n".encode(),
        "Café raid\n\nPolice came.\n".encode("utf-16"),
        codecs.BOM_UTF16_BE + "Café raid\n\nPolice came.\n".encode("utf-16-be"),
        "Café raid\n\nPolice came.\n".encode("utf-32"),
    ],
)
def test_unicode_files_with_a_byte_order_mark_are_read(encoded: bytes) -> None:
    document = ingest("x.txt", encoded, rules=RULES)
    assert (document.title, document.blocks) == ("Café raid", (Block("paragraph", "Police came."),))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n  \n", "empty file"),
        (codecs.BOM_UTF8 + b"\n\n", "empty file"),
        ("\u00a0\u3000\n".encode(), "empty file"),
        (b"Headline\x00\n\nText with a NUL byte.\n", "binary file (contains NUL bytes)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
        (b"PK\x03\x04\x14\x00\x00\x00", "binary file (ZIP archive)"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF document)"),
        (bytes(range(1, 9)) * 20 + b"Headline\n\nText.", "binary file (many control characters)"),
        (
            b"Headline\n\nBad bytes \x81\x8d here and \xff.",
            "undecodable text: neither UTF-8 nor Windows-1252",
        ),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable text: not valid UTF-16 despite its byte order mark"),
        (b"Just a headline\n", "no article text after removing boilerplate"),
        (b"Home > News >\n\nAdvertisement\n", "no article text after removing boilerplate"),
    ],
)
def test_bad_input_is_refused_with_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SeedError) as error:
        ingest("bad.txt", data, rules=RULES)
    assert str(error.value) == reason


def test_windows_1252_is_only_a_fallback() -> None:
    document = ingest("x.txt", "Naïve “quotes”\n\nText.".encode(), rules=RULES)
    assert document.title == "Naïve “quotes”" and document.warnings == ()


def test_a_stray_byte_in_utf8_text_does_not_garble_the_rest() -> None:
    # One damaged byte must not turn every accented letter into mojibake ("CafÃ©").
    data = "Café owners sue “pirates”\n\nThe café’s owners… sued in Zürich".encode() + b"\xff today.\n"
    document = ingest("x.txt", data, rules=RULES)
    assert document.title == "Café owners sue “pirates”"
    assert document.blocks == (Block("paragraph", "The café’s owners… sued in Zürichÿ today."),)
    assert document.warnings == ("read as UTF-8 but 1 byte(s) not valid UTF-8, read as Windows-1252",)


def test_each_stray_byte_in_utf8_text_is_read_as_windows_1252() -> None:
    # A UTF-8 page with a Windows-1252 sentence pasted in: every character comes out right.
    data = "Zürich court rules\n\nA court in Zürich ruled on the café’s case.".encode()
    data += " It fined the owners €5,000 – less than asked.\n".encode("cp1252")
    document = ingest("x.txt", data, rules=RULES)
    assert document.blocks[0].text == (
        "A court in Zürich ruled on the café’s case. It fined the owners €5,000 – less than asked."
    )
    assert document.warnings == ("read as UTF-8 but 2 byte(s) not valid UTF-8, read as Windows-1252",)


def test_windows_1252_text_with_an_accidental_utf8_pair_is_still_windows_1252() -> None:
    # "É’" happens to be valid UTF-8 (U+0252), but the many curly quotes around it are not.
    text = "CAFÉ’S “PIRATES” WIN\n\nThe “café” owners’ case – and their “appeal” – failed.\n"
    document = ingest("x.txt", text.encode("cp1252"), rules=RULES)
    assert document.title == "CAFÉ’S “PIRATES” WIN"
    assert document.blocks == (Block("paragraph", "The “café” owners’ case – and their “appeal” – failed."),)
    assert document.warnings == ("not valid UTF-8; read as Windows-1252",)


# -- normalisation -------------------------------------------------------------


def test_line_endings_spaces_and_unicode_are_normalised() -> None:
    raw = "Cafe\u0301  raid\r\n\r\nPolice\tcame\u00a0at   dawn,\rand\u2028left.\r\n"
    document = read(raw)
    assert document.title == "Café raid"
    assert unicodedata.is_normalized("NFC", document.title)
    assert document.blocks == (Block("paragraph", "Police came at dawn, and left."),)


def test_control_and_invisible_characters_are_removed_with_a_warning() -> None:
    raw = f"Head\x07line\n\nPo\u200blice\u202e came\x1b \ufdd0and\u00ad left.\ufffe\n\n{BODY}\n\n{OTHER}\n"
    document = read(raw)
    assert document.title == "Headline"
    assert document.blocks[0].text == "Police came and left."
    assert document.warnings == ("removed 4 control character(s)",)


def test_markup_in_a_seed_is_kept_as_text() -> None:
    text = "<script>alert(1)</script> and *stars* and [a](http://x) and &amp; stay as written."
    document = read(f"Head <b>line</b>\n\n{text}")
    assert document.title == "Head <b>line</b>"
    assert document.blocks[0].text == text
