"""Line classifiers for the shapes real text dumps have, and Markdown markup.

Every classifier is a bounded regex over one line, with its vocabulary (teaser phrases,
share lines, end marks, section words) read from ``lang/*/<name>.txt`` through
:mod:`presswatch.clean.vocab`:

* metadata lines: a bare URL, a document id, a language code, an ISO date or timestamp
  (the header block of corpus dumps: id, language, date, URL, title);
* Markdown: image lines ``![alt](src)``, headings ``# Title``, emphasis ``*Kicker*``,
  links ``[text](url)`` (kept as their text), a line that is only a link;
* teasers of other stories ("Read more in ...", "Related: ...", «Читайте также ...»);
* share, subscribe and follow lines;
* end marks (■, "ENDS", "-30-") and one glued to the last sentence;
* a section label before the headline ("World | ...", "ПОЛИТИКА / ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from presswatch.clean.dates import is_stamp
from presswatch.clean.vocab import alternation, phrases

_I = re.IGNORECASE

# -- metadata lines -----------------------------------------------------------------------

URL_LINE = re.compile(r"^\s*<?(?:https?://|www\.)[^\s<>]{1,2000}>?\s*$", _I)
# One token of letters, digits and -_:#. with at least one digit ("ru-10", "215",
# "doc_2019_0042", "ru-topic-extra-7", a hash).
_ID_LINE = re.compile(r"^\s*(?=[^\s\d]{0,63}\d)[^\W_][\w\-:#.]{0,63}\s*$")
_LANG_LINE = re.compile(r"^\s*[a-z]{2}(?:[-_][A-Za-z]{2,4})?\s*$")
ISO_LINE = re.compile(
    r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d{1,6})?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"
)
# "URL: https://...", "id = 42", "Language: ru", "Date: 2021-03-04".
_LABELLED = re.compile(
    r"^\s*(?P<label>url|link|source url|permalink|id|doc id|document id|lang|language"
    r"|date|published|timestamp)\s*[:=]\s*(?P<value>\S.{0,2000}?)\s*$",
    _I,
)


def metadata_kind(line: str) -> tuple[str, str] | None:
    """``(kind, value)`` for a metadata line: kind ``url``, ``id``, ``lang`` or ``date``."""
    text = line.strip()
    if not text or len(text) > 2100:
        return None
    labelled = _LABELLED.match(text)
    if labelled:
        label = labelled.group("label").casefold()
        value = labelled.group("value").strip("<> ")
        if label in ("url", "link", "source url", "permalink"):
            return ("url", value) if URL_LINE.match(value) else None
        if label in ("lang", "language"):
            return ("lang", value) if _LANG_LINE.match(value) else None
        if label in ("date", "published", "timestamp"):
            return ("date", value) if ISO_LINE.match(value) else None
        return ("id", value) if " " not in value and len(value) <= 64 else None
    if URL_LINE.match(text):
        return "url", text.strip("<> ")
    if ISO_LINE.match(text):
        return "date", text
    if _LANG_LINE.match(text):
        return "lang", text
    if _ID_LINE.match(text) and not re.fullmatch(r"\d{1,2}", text) and not is_stamp(text):
        return "id", text
    return None


# -- Markdown ---------------------------------------------------------------------------

_IMAGE = re.compile(r"^\s*(?:\[\s*)?!\[[^\]\n]{0,500}\]\([^)\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)"
                    r"(?:\]\([^)\s]{0,2000}\))?\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.{1,500}?)\s*#*\s*$")
_EMPHASIS = re.compile(r"^\s*(\*{1,3}|_{1,3})(?=\S)(.{1,500}?)(?<=\S)\1\s*$")
_LINK = re.compile(r"\[([^\]\n]{1,500})\]\((?:[^)\s]{1,2000})(?:\s+\"[^\"\n]{0,300}\")?\)")
_LINK_ONLY = re.compile(
    r"^\s*(?:[-*+•]\s+)?\[[^\]\n]{1,500}\]\([^)\s]{1,2000}(?:\s+\"[^\"\n]{0,300}\")?\)\s*$"
)
_INLINE_STRONG = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,300}?)(?<=\S)\1")
_INLINE_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*])\*(?![\w*])")
_QUOTE = re.compile(r"^\s{0,3}>\s?")


@dataclass(frozen=True, slots=True)
class Markup:
    """What Markdown said about one line: its text without the markup, and its role."""

    text: str
    image: bool = False
    link_only: bool = False
    heading: int = 0  # 1-6 for ``#`` headings
    emphasis: bool = False  # the whole line in ``*...*`` or ``**...**``


def read_markup(line: str) -> Markup:
    """The line without its Markdown markup, and the role the markup gave it."""
    if "![" in line and _IMAGE.match(line):
        return Markup("", image=True)
    link_only = "](" in line and bool(_LINK_ONLY.match(line))
    heading = 0
    text = line
    found = _HEADING.match(text) if "#" in text[:8] else None
    if found:
        heading, text = len(found.group(1)), found.group(2)
    emphasis = False
    if text.lstrip()[:1] in "*_":
        wrapped = _EMPHASIS.match(text)
        if wrapped:
            emphasis, text = True, wrapped.group(2)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _INLINE_STRONG.sub(r"\2", text)
    if "*" in text:
        text = _INLINE_EM.sub(r"\1", text)
    if text.lstrip().startswith(">"):
        text = _QUOTE.sub("", text)
    return Markup(text.strip(), link_only=link_only, heading=heading, emphasis=emphasis)


# -- boilerplate lines --------------------------------------------------------------------


@cache
def _teaser() -> re.Pattern[str]:
    # A teaser phrase, then a separator or the end of the line ("Related: ...", "Watch:"),
    # or, for a phrase of several words, more words ("Read more in our series ...",
    # «Читайте также Заголовок»).
    several = [p for p in phrases("teasers") if " " in p]
    multi = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in several)
    pattern = r"^\s*" + alternation("teasers") + r"(?:\s*[:—–\-|»›>…]|\s*$)"
    if multi:
        pattern += r"|^\s*(?:" + multi + r")\s+\S"
    return re.compile(pattern, _I)


@cache
def _share() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + alternation("share_lines") + r")(?!\w)", _I)


@cache
def _end_mark() -> re.Pattern[str]:
    marks = alternation("end_marks")
    return re.compile(r"^\s*[-—–/(\[]*\s*" + marks + r"\s*[-—–/)\]]*\s*$", _I)


_GLUED_END = re.compile(r"(?<=[.!?\"”»’)])\s*[■□●◆♦▪]\s*$")


def is_teaser(text: str, n_words: int) -> bool:
    """A line announcing another story ("Read more in our series on ...")."""
    return n_words <= 30 and bool(_teaser().match(text))


def is_share_line(text: str, n_words: int) -> bool:
    """A share, subscribe or follow line ("Subscribe to our newsletter")."""
    return n_words <= 25 and bool(_share().match(text))


def is_end_mark(text: str) -> bool:
    """A line that is only an end mark (■, "ENDS", "-30-", "###")."""
    return len(text) <= 12 and bool(_end_mark().match(text))


def strip_glued_end(text: str) -> str:
    """A paragraph without an end mark glued to its last sentence ("... said. ■")."""
    return _GLUED_END.sub("", text) if text[-1:] in "■□●◆♦▪" else text


@cache
def section_words() -> frozenset[str]:
    return frozenset(phrases("section_words"))


_SECTION_SPLIT = re.compile(r"\s+(?:\||/|//|::|›|»|→)\s+|\s*\|\s*")


def split_section_prefix(line: str) -> tuple[str, str] | None:
    """``(section, headline)`` for a headline printed after its section label
    ("World | Talks resume", "ПОЛИТИКА / Дума приняла закон"), else None. The label is a
    known section word or one to three words in capitals."""
    parts = _SECTION_SPLIT.split(line.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    label, rest = parts[0].strip(), parts[1].strip()
    label_words = label.split()
    if not label or not rest or len(label_words) > 3 or len(rest.split()) < 2:
        return None
    key = " ".join(w.casefold() for w in re.findall(r"[^\W\d_]+", label))
    letters = [ch for ch in label if ch.isalpha()]
    capitals = len(letters) >= 3 and all(ch.isupper() for ch in letters)
    if key in section_words() or capitals:
        return label, rest
    return None
