"""Text-level helpers of the quote extractor: paragraphs, sentence ends, quote-mark
segmentation (which marks open, which close, nesting, unclosed marks), speaker labels and
the token view. No syntax and no vocabulary beyond :mod:`presswatch.lang` here."""

from __future__ import annotations

import re

from presswatch.extract.quote_lexicon import all_abbreviations
from presswatch.model import Annotation
from presswatch.nlp.tokens import Tok, token_view


def _tokens(annotation: Annotation, text: str | None = None) -> list[Tok]:
    """The shared token view (:func:`presswatch.nlp.tokens.token_view`); a Russian
    annotation without a natasha doc has none here."""
    doc = annotation.native
    if doc is not None and annotation.language == "ru" and not hasattr(doc, "tokens"):
        return []
    return token_view(annotation, text)



_FIRST_SECOND = re.compile(
    r"(?i)\b(?:i|i'm|i've|i'd|me|my|we|we're|we've|us|our|ours|you|your)\b"
    r"|(?<![а-яё])(?:я|меня|мне|мной|мы|нас|нам|нами|наш\w*|вы|вас|вам|ваш\w*|мой|моя|моё|мое|мои)(?![а-яё])"
)

_OPEN_CLOSE: dict[str, tuple[str, ...]] = {
    "“": ("”", '"'),
    "«": ("»",),
    "„": ("“", "”"),
    '"': ('"', "”"),
}
_OPENERS = frozenset(_OPEN_CLOSE)
_SENT_END = re.compile(r"[.!?…](?=\s|$)")


def _sentence_ends(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Sentence ends in ``text[start:end]`` ([.!?…] before a space), not after a title
    abbreviation ("Mr.", "Sen.") or an initial ("J.")."""
    out = []
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == ".":
            w = re.search(r"([\w.]+)$", text[max(start, m.start() - 12):m.start()])
            word = w.group(1).lower() if w else ""
            if word in all_abbreviations() or (len(word) == 1 and word.isalpha()
                                   and text[m.start() - 1].isupper()):
                continue
        out.append(m)
    return out


_DASHES = "—–-"
_LEAD_PUNCT = set(",.;:!?…―" + _DASHES + " \t\u00a0")
_INNER_ATT = re.compile(r"[,!?…]\s+[–—]\s+([а-яёa-z][^«»“”\"–—\n]{2,80}?)[.,:]\s+[–—]\s+(?=\S)")
_INLINE_LABEL = re.compile(
    r"(?P<name>[A-ZА-ЯЁ][\w'’.-]*(?: [A-ZА-ЯЁ][\w'’.-]*){0,3})(?P<colon>\s?:)\s+(?=\S)")
_LABEL = re.compile(r"^\s*(?P<body>[^:\n]{2,160}?)\s*:\s*$")
_NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁ][\w'’.-]*|[A-ZА-ЯЁ]\.)$")



def _trim_name(s: str) -> str:
    return s.strip(" ,.;:\"'“”«»")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _is_headline(para: str) -> bool:
    p = para.strip()
    if not p:
        return False
    if p[-1] in ".!?…\"”»:":
        return False
    return len(p.split()) <= 18


def _opens(text: str, i: int, ps: int) -> bool:
    ch = text[i]
    if ch != '"':
        return ch in _OPENERS
    prev = text[i - 1] if i > ps else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:/«„“") and not nxt.isspace()


def _opens_double_apostrophe(text: str, i: int, ps: int) -> bool:
    prev = text[i - 1] if i > ps else " "
    nxt = text[i + 2] if i + 2 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:/") and not nxt.isspace() and nxt != "'"


def _quote_segments(text: str, ps: int, pe: int) -> list[tuple[int, int, int, int, bool]]:
    """Quoted segments of one paragraph: (open, start, end, close_end, closed)."""
    segs = []
    i = ps
    while i < pe:
        ch = text[i]
        if ch == "'" and text.startswith("''", i) and _opens_double_apostrophe(text, i, ps):
            # ''…'': two apostrophes for a double mark (a typewriter convention)
            j = text.find("''", i + 2, pe)
            while j >= 0 and j + 2 < pe and text[j + 2].isalnum():
                j = text.find("''", j + 2, pe)
            if j < 0:
                segs.append((i, i + 2, pe, pe, False))
                break
            segs.append((i, i + 2, j, j + 2, True))
            i = j + 2
            continue
        if ch == "”" and i == ps and pe - ps > 1 and not text[i + 1].isspace():
            ch = "“"  # a closing mark typed for the opening one at a paragraph start
        if ch in _OPENERS and (ch != text[i] or _opens(text, i, ps)):
            closers = _OPEN_CLOSE[ch]
            depth = 0
            j = i + 1
            close = None
            while j < pe:
                cj = text[j]
                if ch == "«" and cj == "«":
                    depth += 1
                elif cj in closers and not (cj == '"' and ch == '"' and j + 1 < pe
                                            and text[j + 1].isalnum() and text[j - 1].isspace()):
                    if ch == "«" and depth > 0:
                        depth -= 1
                    else:
                        close = j
                        break
                j += 1
            if close is None:
                segs.append((i, i + 1, pe, pe, False))
                break
            segs.append((i, i + 1, close, close + 1, True))
            i = close + 1
            continue
        i += 1
    return segs


def _embedded(text: str, ps: int, o: int) -> bool:
    """The opening mark continues a sentence: a word (not ":", ",", a dash or the
    paragraph start) right before it ("it was “a mistake”", "Trump’s “sex tape”")."""
    j = o - 1
    while j >= ps and text[j] in " \t\u00a0":
        j -= 1
    return j >= ps and (text[j].isalnum() or text[j] in "’'%)")


_TITLE_SMALL = frozenset({"of", "the", "and", "in", "on", "for", "a", "an", "to", "with",
                          "at", "by", "or", "from", "и", "в", "на", "с", "за", "по"})


def _title_like(s: str) -> bool:
    """A title or name in marks: a few words, each capitalised but the small ones
    ("Face the Nation", "State of the Union.", "Commander-in-Chief Forum")."""
    words = s.strip(" .,;:!?").split()
    if not 1 <= len(words) <= 6 or words[0] in ("I", "Я"):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL
               for w in words) and words[0][:1].isupper()


def _clause_end(text: str, s: int, e: int, c: int) -> bool:
    """A quote that closes its clause: punctuation at its end or right after the mark
    ("“…,” she said", "«…», — сказал он")."""
    inner = text[s:e].rstrip()
    after = text[c:c + 2].lstrip()
    return (bool(inner) and inner[-1] in ",.!?…") or (bool(after) and after[0] in ",;―—–-")


def _starts_with_opener(text: str, ps: int, pe: int) -> bool:
    return pe > ps and (text[ps] in _OPENERS or text.startswith("''", ps))


def o_is_para_start(text: str, ps: int, o: int) -> bool:
    return o == ps


def _whole_paragraph(text: str, ps: int, pe: int, o: int, c: int) -> bool:
    return o == ps and not text[c:pe].strip(" .,")


def _sentence_like(s: str) -> bool:
    s = s.strip()
    return bool(s) and (s[0].isupper() or s[0] in "…." or s[0].isdigit())


def _strip_marks(text: str, s: int, e: int) -> tuple[int, int]:
    if e - s >= 2 and text[s] in _OPENERS and text[e - 1] in "”»\"“":
        return s + 1, e - 1
    return s, e


def _dialogue_start(text: str, ps: int, pe: int) -> int | None:
    m = re.match(r"[—–-]\s+(?=\S)", text[ps:pe])
    if not m:
        return None
    return ps + m.end()


