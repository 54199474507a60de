"""Seed bytes -> clean lines of text, with the reasons when the bytes were not plain UTF-8.

Decoding
    UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, else Windows-1252
    with a warning; but text that is mostly UTF-8 with a few stray bytes is
    read as UTF-8, each stray byte as Windows-1252, with a warning. Known
    binary signatures, NUL bytes or many control characters mean "binary
    file" (a SeedError).
Normalising
    Line endings and Unicode (NFC) are normalised; control characters,
    noncharacters and invisible format characters are removed (with a warning
    counting the control characters); tabs and odd spaces become plain
    spaces, runs of spaces one space. Typographic quotes stay as they are.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from types import MappingProxyType

from .errors import SeedError

_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# Decoding with "surrogateescape" turns each byte that is not part of valid UTF-8
# into the lone surrogate U+DC00 + byte; this reads such a byte as Windows-1252
# instead. The five bytes Windows-1252 leaves undefined become C1 controls, which
# normalise removes (and counts) like any other control character.
_STRAY_BYTES = re.compile("[\udc80-\udcff]")
_STRAY_AS_CP1252 = MappingProxyType(
    {0xDC00 + byte: bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in range(0x80, 0x100)}
)
# Text is taken as UTF-8 with stray bytes when it holds at least one valid
# multi-byte character for every this many stray bytes. Genuine Windows-1252
# text rarely forms a valid UTF-8 pair (it needs two adjacent non-ASCII
# characters such as "É’"), while a damaged UTF-8 file has many valid characters
# and few strays; and the per-byte fallback reads a Windows-1252 file taken for
# UTF-8 almost as well as a whole-file fallback would.
_STRAYS_PER_CHARACTER = 2

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028]")
# Control characters (C0 but tab and newline, DEL, C1) and noncharacters: never text.
_CONTROLS = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]")
# Invisible format characters: soft hyphen, zero-width space, word joiner, stray
# BOMs, and bidirectional overrides that could make shown text differ from read text.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUNS = re.compile(" {2,}")
# More than one control character in this many characters means a binary file
# (random bytes hold about one in ten; a damaged text file, a few strays).
_CONTROL_DENSITY = 20
_CONTROL_ALLOWANCE = 3


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of seed ``data`` and warnings about how it was read; SeedError when it is no text."""
    for signature, label in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise SeedError(f"binary file ({label})")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), ()
            except UnicodeDecodeError:
                raise SeedError(f"undecodable text: not valid {label} despite its byte order mark") from None
    if b"\x00" in data:
        raise SeedError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    repaired = _utf8_with_strays(data)
    if repaired is not None:
        return repaired
    try:
        return data.decode("cp1252"), ("not valid UTF-8; read as Windows-1252",)
    except UnicodeDecodeError:
        raise SeedError("undecodable text: neither UTF-8 nor Windows-1252") from None


def _utf8_with_strays(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Mostly-UTF-8 ``data`` with its stray bytes read as Windows-1252; None when it is not mostly UTF-8.

    A whole-file Windows-1252 reading would turn every accented letter of a UTF-8
    file with one damaged byte into mojibake ("CafÃ©").
    """
    text = data.decode("utf-8", "surrogateescape")
    strays = len(_STRAY_BYTES.findall(text))
    characters = len(text) - len(text.encode("ascii", "ignore")) - strays
    if not characters or strays > characters * _STRAYS_PER_CHARACTER:
        return None
    warning = f"read as UTF-8 but {strays} byte(s) not valid UTF-8, read as Windows-1252"
    return text.translate(_STRAY_AS_CP1252), (warning,)


def normalise(text: str) -> tuple[list[str], tuple[str, ...]]:
    """The text's lines, cleaned; and a warning when control characters were removed."""
    text = _LINE_BREAKS.sub("\n", text).replace("\u2029", "\n\n")
    text, controls = _CONTROLS.subn("", text)
    if controls > _CONTROL_ALLOWANCE and controls * _CONTROL_DENSITY > len(text) + controls:
        raise SeedError("binary file (many control characters)")
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", _ODD_SPACES.sub(" ", text))
    lines = [line.strip(" ") for line in _SPACE_RUNS.sub(" ", text).split("\n")]
    warnings = (f"removed {controls} control character(s)",) if controls else ()
    return lines, warnings
