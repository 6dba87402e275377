"""Raw text dumps: one article per file, any of utf-8 / utf-16 / cp1251 (detected).

Decoding order (:func:`decode_bytes`):

1. a byte-order mark (utf-8-sig, utf-16, utf-32);
2. utf-16 without a BOM, recognised by its byte pattern (one byte of every pair is
   nearly always a small "high byte": ``00`` for Latin text, ``04`` for Cyrillic);
3. binary data is refused (NUL bytes, or more than 1% control characters);
4. strict utf-8, the common case; utf-8 with a rare bad byte (a truncated file) is
   kept, the bad bytes replaced by U+FFFD;
5. the legacy code pages a Russian or English news dump plausibly uses (cp1251, koi8-r,
   cp1252, ...) are each tried and scored on how natural the text looks: words in one
   script with a normal letter case, no stray symbols, and common Russian letters.
   ``charset_normalizer`` alone misnames short Cyrillic texts (a cp1251 headline can come
   back as cp1125 or big5), so it is only the fallback, for other languages' code pages.
   Words of one to three capital letters alone ("ФСБ") stay ambiguous between cp1251 and
   koi8-r; any real article has enough text to tell.

Source names: a path is reported relative to the current directory when it lies under
it, else absolute (symlinks are not resolved, so the name is the one the user sees).
Every file under a folder is named the same way, and its ``group`` is its parent folder
in the same form.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from presswatch.config import DEFAULT, Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.files import (
    InputError,
    not_regular,
    oserror,
    printable,
    read_regular,
    too_large,
    walk,
)

STDIN = "<stdin>"


class DecodeError(ValueError):
    """Bytes that are not text in any encoding we accept (binary, or undecodable)."""


class BinaryError(DecodeError):
    """Bytes with NULs or too many control characters to be text."""


# -- decoding ---------------------------------------------------------------------------

# (BOM, codec for the bytes after it, name reported). A BOM'd utf-16/32 file is reported
# as plain "utf-16"/"utf-32" (Python's codec of that name reads the BOM itself).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # utf-32-le before utf-16-le: its BOM starts with the same two bytes.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Legacy code pages tried in order of preference: on a tie, the earlier one wins.
LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1251",
    "koi8-r",
    "koi8-u",
    "cp1252",
    "cp1250",
    "cp866",
    "iso8859-5",
    "cp1253",
)

# Multibyte families, EBCDIC and other code pages that random bytes "decode" as; the
# fallback detector is not offered them.
_FALLBACK_EXCLUDED = [
    "cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140",
    "utf_7", "utf_32", "utf_16", "cp1125",
]

# Bytes that never occur in text: C0 controls other than tab, newline, vertical tab,
# form feed, carriage return; and DEL.
_CONTROL_BYTES = bytes(sorted(set(range(0x00, 0x09)) | set(range(0x0E, 0x20)) | {0x7F}))
_MAX_CONTROL_RATIO = 0.01
# Stray NUL bytes removed from otherwise textual data: at most one per thousand bytes and
# at most this many (more is a binary file).
_MAX_NULS = 16
# utf-16 "high bytes": 00 Latin-1, 03 Greek, 04 Cyrillic, 05-06 Hebrew, Arabic...
_SMALL_BYTES = bytes(range(0x00, 0x07))

# Letter frequencies of Russian, per cent; the other Cyrillic letters of Ukrainian and
# Belarusian are given modest weights. Used to tell Cyrillic code pages apart.
_LETTER_FREQ: dict[str, float] = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47,
    "р": 4.73, "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81,
    "у": 2.62, "я": 2.01, "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59,
    "ч": 1.44, "й": 1.21, "х": 0.97, "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48,
    "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04, "ё": 0.04,
    "і": 3.0, "ї": 0.5, "є": 0.5, "ґ": 0.1, "ў": 0.5,
}
_OTHER_CYRILLIC_FREQ = 0.05
_LATIN_FREQ = 0.3
_OTHER_FREQ = 0.1

# Non-ASCII symbols that are ordinary in news text, besides punctuation, spaces,
# currency signs and digits; and symbols that are ordinary as a word of their own ("№ 5")
# and count as a common letter would.
_OK_SYMBOLS = frozenset("°©®™§±×")
_WORD_SYMBOLS = frozenset("№")
_WORD_SYMBOL_FREQ = 1.0
_OK_CATEGORIES = ("P", "Z", "Sc", "N")
_MIN_PLAUSIBILITY = 0.75
# Candidate code pages are scored on a sample; the chosen one then decodes everything.
_SAMPLE_BYTES = 64 * 1024
# Tokens: runs of anything but whitespace, ASCII punctuation and ASCII digits.
_TOKENS = re.compile(r"[^\s!-@\[-`{-~]+")
# A non-ASCII mark glued between two cased letters ("–Я—А" is utf-8 Cyrillic read as
# mac-cyrillic); apostrophes and hyphens are normal there, and scripts without case
# (CJK) do without spaces.
_GLUED = re.compile(r"([^\W\d_])[^\w\s\x00-\x7f’ʼ‘‐‑·](?=([^\W\d_]))")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding name). Raises DecodeError.

    The text has no BOM, ``\\n`` line ends and NFC normal form. Encoding names are
    Python codec names: ``utf-8``, ``utf-8-sig``, ``utf-16`` (with a BOM), ``utf-16-le`` /
    ``utf-16-be`` (without), ``cp1251``, ``koi8-r``... Repairs are made as in
    :func:`decode_repairing`, without their warnings.
    """
    text, encoding, _ = decode_repairing(data)
    return text, encoding


def decode_repairing(data: bytes) -> tuple[str, str, list[str]]:
    """:func:`decode_bytes` with the repairs it made, as warnings: a few stray NUL bytes
    in otherwise textual data are removed (at most one per thousand bytes; more, or a
    file that still looks binary without them, is a binary file), and a file mixing
    utf-8 lines with lines in a legacy code page is decoded line by line."""
    warnings: list[str] = []
    try:
        text, encoding = _decode(data, warnings)
    except BinaryError:
        nuls = data.count(b"\x00")
        if not nuls or nuls > min(_MAX_NULS, max(1, len(data) // 1000)):
            raise
        text, encoding = _decode(data.replace(b"\x00", b""), warnings)
        warnings.insert(0, f"{nuls} stray NUL byte{'s' if nuls > 1 else ''} removed")
    return _normalise(text), encoding, warnings


def _decode(data: bytes, warnings: list[str] | None = None) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable bytes: invalid {codec} ({exc.reason})") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise BinaryError("binary file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    mixed = _mixed_lines(data)
    if mixed is not None:
        text, note = mixed
        if warnings is not None:
            warnings.append(note)
        return text, "utf-8"
    legacy = _best_legacy(data)
    if legacy is not None:
        return legacy
    fallback = _fallback_detect(data)
    if fallback is not None:
        return fallback
    raise DecodeError("undecodable bytes: not utf-8, utf-16 or a known code page")


def _damaged_utf8(data: bytes) -> str | None:
    """utf-8 with a few invalid bytes (a truncated or spliced file): the bad bytes become
    U+FFFD when the valid multibyte characters outnumber them a hundred to one. A legacy
    code page never passes: nearly all of its non-ASCII bytes are invalid utf-8."""
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", "ignore")) - errors
    return text if errors * 100 <= valid else None


def _mixed_lines(data: bytes) -> tuple[str, str] | None:
    """A file whose lines are partly utf-8 (with non-ASCII text) and partly not utf-8 at
    all (a splice of two exports): each line decoded on its own, the non-utf-8 lines in
    the one legacy code page that reads them best. None when the file is not mixed."""
    lines = data.splitlines(keepends=True)
    decoded: list[str | None] = []
    bad: list[int] = []
    multibyte = 0
    for i, line in enumerate(lines):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(i)
            decoded.append(None)
            continue
        multibyte += not text.isascii()
        decoded.append(text)
    if not bad or not multibyte:
        return None
    legacy = _best_legacy(b"".join(lines[i] for i in bad))
    if legacy is None:
        return None
    encoding = legacy[1]
    for i in bad:
        decoded[i] = lines[i].decode(encoding, errors="replace")
    note = (f"mixed encodings: {len(bad)} of {len(lines)} lines decoded as {encoding}, "
            "the rest as utf-8")
    return "".join(t or "" for t in decoded), note


def _normalise(text: str) -> str:
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _count(data: bytes, which: bytes) -> int:
    """How many bytes of ``data`` are among ``which`` (done in C, fast on big files)."""
    return len(data) - len(data.translate(None, which))


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    return _count(data, _CONTROL_BYTES) > max(1, len(data) * _MAX_CONTROL_RATIO)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """utf-16 LE/BE text without a BOM: the high byte of nearly every code unit is small
    (``00`` Latin, ``04`` Cyrillic...) while the low bytes rarely are."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    small_even = _count(even, _SMALL_BYTES) / len(even)
    small_odd = _count(odd, _SMALL_BYTES) / len(odd)
    if small_odd >= 0.6 and small_even <= 0.1:
        encoding = "utf-16-le"
    elif small_even >= 0.6 and small_odd <= 0.1:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        return None
    return text, encoding


def _control_ratio(text: str) -> float:
    bad = sum(
        1 for ch in text
        if unicodedata.category(ch) in ("Cc", "Cs", "Cn", "Co") and ch not in "\t\n\v\f\r"
    )
    return bad / max(1, len(text))


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    head = unicodedata.name(ch, "").split(" ", 1)[0]
    return "CJK" if head in ("HIRAGANA", "KATAKANA", "CJK") else head


@lru_cache(maxsize=4096)
def _freq(ch: str) -> float:
    low = ch.lower()
    if low in _LETTER_FREQ:
        return _LETTER_FREQ[low]
    script = _script(ch)
    if script == "CYRILLIC":
        return _OTHER_CYRILLIC_FREQ
    if script == "LATIN":
        return _LATIN_FREQ
    return _OTHER_FREQ


def _cased(ch: str) -> bool:
    return ch.lower() != ch.upper()


def plausibility(text: str) -> tuple[float, float]:
    """How natural the non-ASCII part of ``text`` looks, as (well-formedness, commonness).

    Well-formedness is the share of non-ASCII words that are letters of one script in a
    normal case (lower, Title or UPPER); a stray symbol makes its word bad. Commonness is
    the summed frequency of the non-ASCII letters (Russian letter frequencies) per
    non-ASCII character, so that readings of the same bytes compare fairly.
    """
    # Punctuation, spaces and ordinary symbols separate words; other symbols are stray.
    separators: dict[int, str] = {}
    strays: set[str] = set()
    for ch in set(text):
        if ch.isascii() or ch.isalpha():
            continue
        if ch in _OK_SYMBOLS or unicodedata.category(ch).startswith(_OK_CATEGORIES):
            separators[ord(ch)] = " "
        else:
            strays.add(ch)
    good = 0
    bad = sum(
        1 for left, right in _GLUED.findall(text) if _cased(left) and _cased(right)
    )
    freq_sum = 0.0
    for word in _TOKENS.findall(text.translate(separators)):
        if word.isascii():
            continue
        if _WORD_SYMBOLS.issuperset(word):
            freq_sum += _WORD_SYMBOL_FREQ * len(word)
            continue
        if strays.intersection(word):
            bad += 1
            continue
        scripts = {"LATIN" if ch.isascii() else _script(ch) for ch in word}
        normal_case = word.islower() or word.isupper() or word.istitle()
        if len(scripts) == 1 and (normal_case or word.lower() == word.upper()):
            good += 1
            freq_sum += sum(_freq(ch) for ch in word if not ch.isascii())
        else:
            bad += 1
    if good + bad == 0:
        return 1.0, 0.0
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return good / (good + bad), freq_sum / max(1, non_ascii)


def _best_legacy(data: bytes) -> tuple[str, str] | None:
    sample = data[:_SAMPLE_BYTES]
    scored: list[tuple[float, float, int, str]] = []
    for order, encoding in enumerate(LEGACY_ENCODINGS):
        try:
            # A multibyte sequence cannot be cut by the sample: these are single-byte.
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        formed, common = plausibility(text)
        scored.append((formed, common, -order, encoding))
    if not scored:
        return None
    best_formed = max(s[0] for s in scored)
    if best_formed < _MIN_PLAUSIBILITY:
        return None
    # Among the (nearly) equally well-formed readings, the one with the commonest letters.
    near = [s for s in scored if s[0] >= best_formed - 0.02]
    for _, _, _, encoding in sorted(near, key=lambda s: (s[1], s[2]), reverse=True):
        try:
            return data.decode(encoding), codecs.lookup(encoding).name
        except UnicodeDecodeError:
            continue
    return None


def _fallback_detect(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_exclusion=_FALLBACK_EXCLUDED).best()
    if match is None:
        return None
    text = str(match)
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        return None
    if plausibility(text[:_SAMPLE_BYTES])[0] < _MIN_PLAUSIBILITY:
        return None
    return text, codecs.lookup(match.encoding).name


# -- reading ----------------------------------------------------------------------------


def display_path(path: Path) -> str:
    """The name a path is reported under: relative to the current directory when it is
    inside it, else absolute. Symlinks are kept as named; bytes of a name that are not
    UTF-8 are kept as ``\\xNN`` escapes (:func:`~presswatch.readers.files.printable`)."""
    absolute = Path(os.path.abspath(path))
    try:
        cwd = Path(os.getcwd())
    except OSError:
        return printable(str(absolute))
    if absolute == cwd:
        return "."
    if absolute.is_relative_to(cwd):
        return printable(str(absolute.relative_to(cwd)))
    return printable(str(absolute))


def _oserror(exc: OSError) -> str:
    return oserror(exc)


def _item(source: str, group: str, data: bytes) -> RawItem | Rejection:
    if not data.strip():
        return Rejection(source, "empty file")
    try:
        text, encoding, warnings = decode_repairing(data)
    except DecodeError as exc:
        return Rejection(source, str(exc))
    if not text.strip():
        return Rejection(source, "empty file")
    return RawItem(source=source, text=text, group=group, encoding=encoding,
                   warnings=tuple(warnings))


def read_file(path: Path, st: os.stat_result, settings: Settings) -> RawItem | Rejection:
    """One text file found by a walk (``st`` is its stat)."""
    source = display_path(path)
    group = display_path(path.parent)
    if not stat.S_ISREG(st.st_mode):
        return Rejection(source, not_regular(st.st_mode))
    if st.st_size > settings.max_bytes:
        return Rejection(source, too_large(st.st_size, settings.max_bytes))
    if st.st_size == 0:
        return Rejection(source, "empty file")
    try:
        data = read_regular(path, settings.max_bytes)
    except InputError as exc:
        return Rejection(source, str(exc))
    return _item(source, group, data)


def read_path(path: Path, settings: Settings = DEFAULT) -> Iterator[RawItem | Rejection]:
    """A file, or every file under a folder (recursive, sorted, hidden files skipped).

    Hidden names (starting with ``.``) are skipped inside folders; a path given directly
    is always read. Symlinks are followed, each folder at most once, so loops end; only
    regular files are read (see :mod:`.files`).
    """
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        yield Rejection(display_path(path), _oserror(exc))
        return
    if not stat.S_ISDIR(st.st_mode):
        yield read_file(path, st, settings)
        return
    for found in walk(path, max_depth=settings.max_depth):
        if isinstance(found, Rejection):
            yield found
        else:
            yield read_file(*found, settings)


def read_stdin(settings: Settings = DEFAULT) -> Iterator[RawItem | Rejection]:
    """Standard input as one article."""
    stream = sys.stdin
    try:
        if stream is None:
            data = b""
        elif hasattr(stream, "buffer"):
            data = stream.buffer.read(settings.max_bytes + 1)
        else:  # a text stream without bytes underneath
            data = stream.read(settings.max_bytes + 1).encode("utf-8")
    except OSError as exc:
        yield Rejection(STDIN, _oserror(exc))
        return
    if len(data) > settings.max_bytes:
        yield Rejection(STDIN, f"file too large: over the limit of {settings.max_bytes} bytes")
        return
    yield _item(STDIN, STDIN, data)

