"""Body extraction from noisy text dumps: keep the article, drop the page around it.

The method works on lines (paragraphs) and their features, never on known strings:

* shape: word count, length, terminal punctuation, token shapes (a share bar is several
  one-to-three-word tokens separated by runs of spaces), digit and time patterns;
* cue words: a small English and Russian vocabulary of boilerplate cues (photo credits,
  reading time, "Related Articles" / "Читайте также" section markers, ad-block notices,
  translation credits, disclaimers);
* position: lines above the first prose line are the preamble (rubric, title, credits);
  a section marker in the tail of the document ends the article;
* sequence: a line that is only a time or a date and time, inside the body, introduces a
  teaser of another story: it goes, with the headline lines after it, up to the next
  prose paragraph;
* repetition: short non-sentence lines seen twice in one document, or seen in many
  documents of the corpus (``repeated``, keys from :func:`line_key`), are boilerplate.

The shapes of real dumps (:mod:`presswatch.clean.lines`, :mod:`presswatch.clean.metadata`):
a leading metadata block (id, language, ISO date, URL) and the title field after it;
Markdown images, headings, kickers, emphasis and links; a section label before the
headline; teasers, share lines, URL lines; end marks and the footer after them; a date
printed before the lead.

Subheadings without a timestamp before them, transcript speaker labels ("X, President
of Y:") and imperfect prose are body and stay.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field

from presswatch.clean.dateline import find_dateline
from presswatch.clean.dates import (
    Header,
    find_header,
    glued_stamp,
    is_relative_time,
    is_stamp,
    lead_date,
)
from presswatch.clean.lines import (
    URL_LINE,
    is_end_mark,
    is_share_line,
    is_teaser,
    metadata_kind,
    read_markup,
    split_section_prefix,
    strip_glued_end,
)
from presswatch.clean.metadata import MetadataBlock, find_metadata_block, title_slot
from presswatch.clean.title import (
    RUBRICS,
    ends_sentence,
    is_headline,
    is_rubric,
    pick_title,
    words,
)

# -- keys ---------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_DIGIT = re.compile(r"\d", re.UNICODE)


def line_key(line: str) -> str:
    """Normalised key of a line for repetition counts: casefolded, every digit 0,
    punctuation removed, whitespace collapsed."""
    text = _NON_WORD.sub(" ", _DIGIT.sub("0", line.casefold()))
    return " ".join(text.split())


def _exact_key(line: str) -> str:
    return " ".join(_NON_WORD.sub(" ", line.casefold()).split())


def corpus_candidate(line: str) -> bool:
    """Whether a line is short and un-sentence-like enough to count for corpus-level
    repetition (share bars, rubric labels, credits); prose, long lines and speaker
    labels ("X, President of Y:") are never counted."""
    text = line.strip()
    if not text or len(text) > 120 or text.endswith(":"):
        return False
    n = len(words(text))
    if n == 0 or n > 12:
        return False
    return not (ends_sentence(text) and n > 3)


# -- line classes -------------------------------------------------------------------------

_I = re.IGNORECASE
_PHOTO = re.compile(
    r"^(?:photos?|images?|pictures?|illustration|video|screenshot|фото(?:графи[яи])?"
    r"|иллюстрация|видео|кадр|скриншот)(?:\s*[:©/|—–-]|\s+(?:of|by|credit|courtesy|из|с)\b)",
    _I,
)
_CONTACT = re.compile(
    r"\b(?:send an email|email the author|contact the author|отправить письмо"
    r"|написать автору|написать письмо)\b",
    _I,
)
_BYLINE = re.compile(
    r"^(?i:(?:written |reported |edited |compiled |story )?by|reporting by|editing by|writing by"
    r"|authors?|автор[ыа]?|текст|corresponden(?:t|ce))\s*:?\s+[A-ZА-ЯЁ]"
)
_READING = re.compile(
    r"^(?:(?:reading time|read time|время чтения|время на чтение)\s*[:\-–—]?\s*)?~?\s*\d+\s*"
    r"(?:min(?:ute)?s?|мин(?:ут[аы]?)?)\.?\s*(?:read|reading|to read|чтения|на чтение|читать)?$",
    _I,
)
_AD = re.compile(
    r"ad\s?-?block|ad blocker|блокировщик\w*\s+рекламы|отключите\s+(?:ad\s?block|блокировщик)",
    _I,
)
_TRANSLATION = re.compile(
    r"^(?:(?:translation|translated)\s+(?:by|from)\b|(?:translation|translator|перевод|переводчик"
    r"|переведено)(?:\s+(?:с|из|from)\s+\w+(?:\s+языка)?)?\s*[:—–-])",
    _I,
)
_DISCLAIMER = re.compile(r"^(?:disclaimer|дисклеймер|отказ от ответственности)\s*[:—–-]", _I)
_SOURCE = re.compile(
    r"^(?:(?:source|sources|источник|источники|credits?)\s*[:—–-]|via\s|по материалам\s)", _I
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\b)|all rights reserved|все права защищены", _I
)
_COUNTER = re.compile(
    r"^(?:\d[\d\s,.]*\s*(?:views?|просмотр(?:ов|а)?|comments?|комментари(?:ев|я|й))"
    r"|(?:views?|просмотров|просмотры|comments?|комментарии)\s*:?\s*\d[\d\s,.]*)$",
    _I,
)
_ALNUM = re.compile(r"[^\W_]", re.UNICODE)
_SPLIT_BAR = re.compile(r"\s{2,}|\s*\|\s*")
_SHARE_WORDS = frozenset(
    {
        "share", "tweet", "email", "e-mail", "print", "copy", "link", "facebook", "twitter", "x",
        "vk", "vkontakte", "telegram", "whatsapp", "viber", "pinterest", "linkedin", "reddit", "ok",
        "odnoklassniki", "messenger", "flipboard", "pocket", "mail", "save", "поделиться",
        "твитнуть", "печать", "распечатать", "копировать", "ссылку", "вконтакте", "одноклассники",
        "телеграм",
    }
)
# Markers that open a non-article section (English and Russian), as line keys.
SECTION_MARKERS = frozenset(
    {
        "related", "related articles", "related news", "related stories", "related posts",
        "related content", "read also", "also read", "read more", "see also", "more on this",
        "more on this story", "more stories", "more news", "other news", "you may also like",
        "you might also like", "recommended", "recommended for you", "most read",
        "most popular", "popular", "latest news", "tags", "tag", "topics", "keywords",
        "share", "share this", "share this article", "show more", "load more", "comments",
        "0 comments", "comments 0", "leave a comment", "leave a reply", "add comment",
        "читайте также", "читать также", "смотрите также", "см также", "по теме",
        "новости по теме", "еще по теме", "ещё по теме", "другие новости", "популярное",
        "самое читаемое", "рекомендуем", "теги", "метки", "ключевые слова", "комментарии",
        "0 комментариев", "комментарии 0", "поделиться", "показать еще", "показать ещё",
        "загрузить еще", "обсуждение", "оставить комментарий", "похожие новости",
        "последние новости", "материалы по теме", "читайте нас", "также читайте",
    }
)
_MARKER_PREFIX = re.compile(
    r"^(?:tags|topics|keywords|read also|also read|read more|see also|related|теги|метки"
    r"|ключевые слова|читайте также|читать также|смотрите также|также читайте|по теме)\s*[:—–-]",
    _I,
)


def is_share_bar(raw: str, text: str) -> bool:
    """Several short tokens separated by runs of spaces or bars, or share-button words."""
    n = len(words(text))
    if n == 0 or n > 15 or ends_sentence(text):
        return False
    segments = [s for s in _SPLIT_BAR.split(raw.strip()) if s.strip()]
    if len(segments) >= 3 and all(len(words(s)) <= 3 for s in segments):
        return True
    tokens = [w.casefold() for w in words(text)]
    hits = sum(t in _SHARE_WORDS for t in tokens)
    return n <= 10 and hits >= 2 and hits >= 0.6 * n


def is_section_marker(text: str) -> bool:
    return line_key(text) in SECTION_MARKERS or bool(_MARKER_PREFIX.match(text))


def is_prose(text: str) -> bool:
    """A body paragraph: a sentence of some length, or a long line."""
    n = len(words(text))
    return (n >= 5 and ends_sentence(text)) or n >= 20


_HEADLINE_END = re.compile(r"(?:[?!]|\.\.\.|…)[\"'»”’)]*$")


def _question_headline(text: str) -> bool:
    """A short one-sentence line ending in "?", "!" or "...": a headline when it opens
    the document ("What now for British tennis?")."""
    n = len(words(text))
    core = text.rstrip("?!.…\"'»”’) ")
    return 2 <= n <= 12 and bool(_HEADLINE_END.search(text)) and not re.search(r"[.!?]\s", core)


def junk_reason(raw: str, text: str) -> str | None:
    """Why one line is boilerplate on its own, or None. Position-free checks only."""
    if not _ALNUM.search(text):
        return "no words"
    n = len(words(text))
    short = n <= 15 and not (n >= 5 and ends_sentence(text))
    if is_share_bar(raw, text):
        return "share bar"
    if n <= 40 and URL_LINE.match(text):
        return "URL line"
    if is_share_line(text, n):
        return "share line"
    if is_teaser(text, n) and not is_section_marker(text):
        return "teaser"
    if n <= 15 and (_PHOTO.match(text) or _CONTACT.search(text)):
        return "credit"
    if short and n <= 10 and _BYLINE.match(text):
        return "byline"
    if n <= 8 and _READING.match(text):
        return "reading time"
    if n <= 12 and not ends_sentence(text) and is_relative_time(text):
        return "relative time"
    if n <= 40 and _AD.search(text):
        return "ad notice"
    if n <= 12 and _TRANSLATION.match(text):
        return "translation credit"
    if n <= 60 and _DISCLAIMER.match(text):
        return "disclaimer"
    if n <= 6 and _SOURCE.match(text) and not (n >= 4 and ends_sentence(text)):
        return "source credit"
    if n <= 20 and _COPYRIGHT.search(text):
        return "copyright"
    if n <= 6 and _COUNTER.match(text):
        return "counter"
    return None


# -- units --------------------------------------------------------------------------------

_SPACE_TABLE = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u3000": " ",
        "\t": " ", "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
        "\u2028": "\n", "\u2029": "\n", "\x0c": "\n", "\x0b": "\n",
    }
)
_RUNS = re.compile(r" {2,}")


@dataclass(slots=True)
class Unit:
    """One paragraph (a line, or hard-wrapped lines joined) and why it was dropped."""

    raw: str
    text: str
    drop: str | None = None
    heading: int = 0  # Markdown heading level (``# Title`` is 1)
    emphasis: bool = False  # the whole line in Markdown emphasis (``*Kicker*``)


def _looks_wrapped(lines: list[str]) -> tuple[bool, int]:
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 6:
        return False, 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 100 or width < 30:
        return False, width
    full = [ln for ln in lines if len(ln.rstrip()) >= 0.7 * width]
    if len(full) < 0.5 * len(lengths):
        return False, width
    open_ended = sum(1 for ln in full if not ends_sentence(ln.rstrip()))
    return open_ended >= 0.4 * len(full), width


def split_units(text: str) -> list[Unit]:
    """Paragraph units of a text: one per non-empty line, or per paragraph of
    hard-wrapped text (lines of a fixed width joined; a blank line, an indented line or a
    short line ends a paragraph)."""
    lines = text.translate(_SPACE_TABLE).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    wrapped, width = _looks_wrapped(lines)
    units: list[Unit] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            joined = " ".join(part.strip() for part in buf)
            units.append(Unit("\n".join(buf), _RUNS.sub(" ", joined).strip()))
            buf.clear()

    top, metadata_lines = True, 0
    for line in lines:
        if not line.strip():
            flush()
            continue
        if top:
            # The leading metadata lines are one unit each, and so is the title field
            # after two or more of them, however the text below is wrapped.
            single = metadata_kind(line) is not None
            if not single:
                top, single = False, metadata_lines >= 2
            metadata_lines += 1
            if single:
                flush()
                buf.append(line)
                flush()
                continue
        if (
            wrapped
            and buf
            and not line.startswith("  ")
            and len(buf[-1].rstrip()) >= 0.55 * width
            # A metadata line (a URL, an id, a date) is never part of a paragraph.
            and metadata_kind(buf[-1]) is None
            and metadata_kind(line) is None
        ):
            buf.append(line)
            continue
        flush()
        buf.append(line)
    flush()
    return units


# -- the body -----------------------------------------------------------------------------

_PREAMBLE_MAX = 3  # live lines above the body that can be rubric, title, deck
_SIGNOFFS = {"reuter": "Reuters", "reuters": "Reuters", "ap": "AP", "afp": "AFP"}
_GLUED_SIGNOFF = re.compile(r"(?<=[\d.!?\"”»)])\s+(Reuter)$")


@dataclass(slots=True)
class Body:
    paragraphs: list[str]
    title: str | None = None
    header: Header | None = None
    units: list[Unit] = field(default_factory=list)
    signoff: str | None = None  # outlet named by a sign-off line ("Reuter")
    metadata: MetadataBlock | None = None  # the id / language / date / URL header block
    lead_date: tuple[str, str] | None = None  # (iso, as printed) glued before the lead

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _drop_followers(units: list[Unit], start: int, reason: str, limit: int = 3) -> None:
    """Drop up to ``limit`` headline-like lines after ``start``, up to the next prose."""
    taken = 0
    for unit in units[start:]:
        if unit.drop:
            continue
        if taken >= limit or is_prose(unit.text) or unit.text.endswith(":"):
            break
        if not (is_headline(unit.text) or is_rubric(unit.text)):
            break
        unit.drop = reason
        taken += 1


def clean_body(
    text: str, repeated: Container[str] = frozenset(), meta_title: str | None = None
) -> Body:
    """Split a raw text into body paragraphs, a title and the header line."""
    units = split_units(text)
    for unit in units:
        mark = read_markup(unit.text)
        unit.text, unit.heading, unit.emphasis = mark.text, mark.heading, mark.emphasis
        if mark.image:
            unit.drop = "image"
        elif mark.link_only and not is_prose(mark.text):
            unit.drop = "link line"

    # The dump's metadata block (id, language, date, URL), then a header line.
    metadata = find_metadata_block([u.text for u in units], [not u.drop for u in units])
    declared_title: int | None = None
    header: Header | None = None
    if metadata is not None:
        for i in metadata.indexes:
            units[i].drop = "metadata"
        if metadata.published is not None and metadata.date_index is not None:
            header = Header(
                metadata.date_index, metadata.published,
                f"header line: {metadata.values['date']}", None,
            )
        if metadata.declared:
            after = next((i for i in range(metadata.indexes[-1] + 1, len(units))
                          if not units[i].drop), None)
            if after is not None and title_slot(units[after].text, len(metadata.values)):
                declared_title = after
    if header is None:
        header = find_header([u.text if not u.drop else "" for u in units])
        if header is not None:
            unit = units[header.index]
            if header.remainder:
                unit.text = header.remainder
            else:
                unit.drop = "header"

    for index, unit in enumerate(units):
        if unit.drop or index == declared_title:
            continue
        unit.text = strip_glued_end(unit.text)
        unit.drop = junk_reason(unit.raw, unit.text)
        if (
            unit.drop is None
            and corpus_candidate(unit.text)
            and line_key(unit.text) in repeated
            # A repeated section marker still has to cut what follows it.
            and not is_section_marker(unit.text)
        ):
            unit.drop = "repeated across the corpus"

    live = [i for i, u in enumerate(units) if not u.drop]
    start = next((i for i in live if is_prose(units[i].text)), len(units))
    if live and start == live[0] and len(live) > 1 and _question_headline(units[start].text):
        start = next((i for i in live[1:] if is_prose(units[i].text)), len(units))

    # Preamble: rubric labels, stamps, markers; the title and its repeats.
    title: str | None = None
    preamble = [i for i in live if i < start][:_PREAMBLE_MAX]
    # A lone word opening a document with no header may be a one-word title ("Vodka");
    # after a header, or when a headline follows, it is a rubric label ("World").
    lone_word: int | None = None
    if header is None and len(preamble) == 1 and preamble[0] == live[0]:
        only = units[preamble[0]].text
        if is_rubric(only) and line_key(only) not in RUBRICS and not is_section_marker(only):
            lone_word = preamble[0]
    for i in preamble:
        unit = units[i]
        if i == lone_word:
            continue
        if is_rubric(unit.text) or is_stamp(unit.text) or is_section_marker(unit.text):
            unit.drop = "rubric" if is_rubric(unit.text) else "preamble label"
    preamble = [
        i for i in preamble if not units[i].drop and find_dateline([units[i].text]) is None
    ]
    if meta_title and meta_title.strip():
        title = meta_title.strip()
    elif declared_title is not None:
        title = units[declared_title].text
        units[declared_title].drop = "title"
    else:
        picked = _pick_title(units, preamble)
        if picked is not None:
            title = units[picked].text
        elif lone_word is not None:
            title = units[lone_word].text
    if title is not None and declared_title is None:
        prefixed = split_section_prefix(title)
        if prefixed is not None:
            title = prefixed[1]
    if title is not None:
        key = line_key(title)
        for i in [*preamble, *live[:1]]:
            if line_key(units[i].text) == key or (
                key and line_key(units[i].text).endswith(" " + key)
                and split_section_prefix(units[i].text) is not None
            ):
                units[i].drop = "title"

    # Teasers of other stories and section markers, inside and after the body.
    prose_after = [0] * (len(units) + 1)
    for i in range(len(units) - 1, -1, -1):
        unit = units[i]
        size = len(unit.text) if not unit.drop and is_prose(unit.text) else 0
        prose_after[i] = prose_after[i + 1] + size
    total = prose_after[0]
    lead: tuple[str, str] | None = None
    for i in range(start, len(units)):
        unit = units[i]
        if unit.drop:
            continue
        if i == start and unit.drop is None:
            glued = lead_date(unit.text)
            if glued is not None:
                parts, cut = glued
                printed = unit.text[:cut].strip(" ,.|/—–-")
                lead = (parts.iso(), printed)
                unit.text = unit.text[cut:]
                continue
        if is_end_mark(unit.text):
            before = total - prose_after[i]
            unit.drop = "end mark"
            if before > 0 and prose_after[i + 1] < before:
                for rest in units[i + 1:]:
                    rest.drop = rest.drop or "after end mark"
                break
            continue
        if is_stamp(unit.text) or glued_stamp(unit.text):
            unit.drop = "teaser timestamp"
            _drop_followers(units, i + 1, "teaser headline")
        elif is_section_marker(unit.text):
            before = total - prose_after[i]
            if before > 0 and prose_after[i + 1] < before:
                for rest in units[i:]:
                    rest.drop = rest.drop or "after section marker"
                break
            unit.drop = "section marker"
            _drop_followers(units, i + 1, "section list")

    # Lines repeated inside the document that are not sentences (share bars twice).
    # Exact keys (digits kept): a results table repeats its row shapes with other numbers.
    counts = Counter(
        _exact_key(u.text) for u in units if not u.drop and corpus_candidate(u.text)
    )
    for unit in units:
        if not unit.drop and corpus_candidate(unit.text) and counts[_exact_key(unit.text)] > 1:
            unit.drop = "repeated in document"

    # A sign-off at the very end ("Reuter").
    signoff: str | None = None
    kept = [u for u in units if not u.drop]
    if kept and len(kept) > 1:
        last = kept[-1]
        key = line_key(last.text)
        glued_signoff = _GLUED_SIGNOFF.search(last.text)
        if key in _SIGNOFFS:
            signoff = _SIGNOFFS[key]
            last.drop = "sign-off"
        elif glued_signoff:
            signoff = _SIGNOFFS[glued_signoff.group(1).casefold()]
            last.text = last.text[: glued_signoff.start()].rstrip()

    paragraphs = [u.text for u in units if not u.drop]
    return Body(paragraphs, title, header, units, signoff, metadata, lead)


def _pick_title(units: list[Unit], preamble: list[int]) -> int | None:
    """The headline among the preamble units. A Markdown heading wins, and short lines
    above it are a kicker; without markup, a short headline-shaped line directly above a
    much longer one (a line of at most three words) is a fly-title and the longer one is
    the headline."""
    headings = [i for i in preamble if units[i].heading]
    if headings:
        top = min(headings, key=lambda i: (units[i].heading, i))
        if is_headline(units[top].text) or _question_headline(units[top].text):
            for i in preamble:
                if i < top and not units[i].drop and len(words(units[i].text)) <= 8:
                    units[i].drop = "kicker"
            return top
    picked = pick_title([units[i].text for i in preamble])
    if picked is None:
        return None
    first = preamble[picked]
    if picked + 1 < len(preamble):
        second = preamble[picked + 1]
        n1, n2 = len(words(units[first].text)), len(words(units[second].text))
        if (
            n1 <= 3 and n2 >= max(6, 2 * n1) and is_headline(units[second].text)
            and not units[second].emphasis
        ):
            units[first].drop = "kicker"
            return second
    return first
