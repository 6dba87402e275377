"""Named entities of one document, from a backend's entity spans.

Three steps:

1. **Type**: backend labels map to contract types (:data:`SPACY_TYPES`,
   :func:`natasha_type`). Numeric and temporal labels (DATE, MONEY, CARDINAL...) are not
   entities; figures are extracted elsewhere.
2. **Clean**: a span loses a leading article ("the"), a trailing possessive ("'s") and
   surrounding punctuation or quotes; its offsets move with it, so ``text[start:end]`` is
   always exactly the mention. A trailing parenthetical gloss ("Джеймс Форд (James Ford)")
   and, for people, a courtesy title ("Mr", "Dr") are cut too. Spans left with fewer than
   two characters are dropped, as are PERSON spans that are all lower case or contain
   digits (tagger noise).
3. **Group**: :func:`extract_entities` hands the mentions to
   :mod:`presswatch.extract.identity`, which groups every mention of one identity in
   the document (name variants, initials, case forms, transliterations, and the
   descriptions the text ties to a person), reads the roles the text gives people, and
   fills evidence and aliases. :func:`group_short_names` is the former minimal step,
   kept for callers that want only surname-to-full-name joining.

Entity ids depend only on (type, normalised canonical name) (:func:`entity_id`), so the
same entity gets the same id in every document and every process.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from presswatch.extract.types_en import cut_at_dash, split_caps_edge, strip_titles
from presswatch.model import Annotation, Entity, Span

# spaCy (OntoNotes) labels -> contract types. Labels absent here (DATE, TIME, MONEY,
# PERCENT, QUANTITY, CARDINAL, ORDINAL) are not entities.
SPACY_TYPES: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "EVENT": "EVENT",
    "NORP": "NORP",
    "PRODUCT": "OTHER",
    "WORK_OF_ART": "OTHER",
    "LAW": "OTHER",
    "LANGUAGE": "OTHER",
}
NON_ENTITY_LABELS: frozenset[str] = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
)

# Words that make a natasha LOC span a natural feature (LOC) or a facility (FAC) rather
# than a country, region or city (GPE, the default: most LOCs in news are places with a
# government). Stems take any short Russian case ending; English words are matched too,
# for Latin-script names inside Russian text.
_RU_ENDINGS = r"(?:а|я|ы|и|е|у|ю|о|ой|ей|ою|ею|ом|ем|ам|ям|ами|ями|ах|ях|ов|ев|ь)?"
_NATURAL_STEMS = (
    "рек", "речк", "озер", "озёр", "мор", "гор", "океан", "остров", "полуостров",
    "залив", "пролив", "хребет", "хребт", "пустын", "долин", "равнин", "плоскогорь",
    "нагорь", "низменност", "плато", "бухт", "лагун", "вулкан", "ледник", "каньон",
    "архипелаг", "мыс", "перешейк", "перешеек", "водопад", "водохранилищ", "лиман",
    "пущ", "тайг", "степ", "тундр", "болот", "побережь", "взморь",
)
_NATURAL_EN = (
    "river", "lake", "sea", "ocean", "mount", "mountain", "mountains", "mt", "island",
    "islands", "isle", "peninsula", "gulf", "bay", "strait", "straits", "range", "desert",
    "valley", "plain", "plains", "plateau", "volcano", "glacier", "canyon", "archipelago",
    "cape", "falls", "forest", "coast", "reservoir",
)
_FACILITY_STEMS = (
    "улиц", "переул", "переулк", "переулок", "проспект", "площад", "бульвар", "шоссе",
    "набережн", "проезд", "тупик", "аэропорт", "вокзал", "мост", "стадион",
)
_FACILITY_EN = ("street", "avenue", "square", "airport", "bridge", "stadium", "highway")


def _word_pattern(stems: Iterable[str], english: Iterable[str]) -> re.Pattern[str]:
    ru = "|".join(sorted(stems, key=len, reverse=True))
    en = "|".join(sorted(english, key=len, reverse=True))
    return re.compile(rf"^(?:(?:{ru}){_RU_ENDINGS}|{en})$")


@functools.cache
def _natural_word() -> re.Pattern[str]:
    """Built on first use: the query layer imports this module without typing spans."""
    return _word_pattern(_NATURAL_STEMS, _NATURAL_EN)


@functools.cache
def _facility_word() -> re.Pattern[str]:
    return _word_pattern(_FACILITY_STEMS, _FACILITY_EN)

_WORD = re.compile(r"[^\W\d_]+")


def natasha_type(label: str, words: Iterable[str]) -> str | None:
    """Contract type of a natasha span: PER -> PERSON, ORG -> ORG, LOC -> GPE, except
    LOC -> LOC when ``words`` name a natural feature ("озеро", "горы", "river") and
    LOC -> FAC when they name a street, square, airport or bridge.

    ``words`` are the span's words plus the word just before it (natasha often tags
    "Байкал" in "озера Байкал" without the generic noun)."""
    if label == "PER":
        return "PERSON"
    if label == "ORG":
        return "ORG"
    if label != "LOC":
        return None
    lowered = [w.lower() for w in words]
    if any(_natural_word().match(w) for w in lowered):
        return "LOC"
    if any(_facility_word().match(w) for w in lowered):
        return "FAC"
    return "GPE"


def entity_type(span: Span, language: str, text: str = "") -> str | None:
    """Contract type for a backend span, or None when the span is not an entity."""
    if language == "ru":
        words = _WORD.findall(span.text)
        before = _WORD.findall(text[max(0, span.start - 40) : span.start])
        return natasha_type(span.label, words + before[-1:])
    return SPACY_TYPES.get(span.label)


# --- cleaning -------------------------------------------------------------------------

_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"', "'": "'", "‘": "’", "‹": "›",
          "(": ")", "[": "]", "{": "}"}
_OPENERS = frozenset(_PAIRS)
_CLOSERS = frozenset(_PAIRS.values())
# Punctuation that never starts or ends a name (quotes and brackets are handled apart).
_EDGE_PUNCT = frozenset(",;:!?…-–—‒―/\\|*•·")
_ABBREVIATIONS = frozenset({"inc", "corp", "co", "ltd", "jr", "sr", "st", "bros", "mt"})
_APOSTROPHES = "’‘ʼ`´′"
_ARTICLE = re.compile(r"(?i)the\s+")
_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = re.compile(r"['’]s$")
_GLOSS = re.compile(r"\s*\([^()]*\)$")
# Courtesy titles before a surname: "Mr Hopkins" is the same person as "Curt Hopkins".
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(?=\w)")


def _strip_edges(s: str, english: bool = True) -> tuple[int, int]:
    """How many characters to drop at the start and at the end of ``s`` to leave the bare
    name: whitespace, punctuation, unmatched or surrounding quotes and brackets, and in
    English text a leading "the" and a trailing possessive "'s". In other languages a
    Latin name keeps them ("The Beatles", "Sotheby's", "Yahoo!" in a Russian article are
    names as written, not English grammar around a name)."""
    i, j = 0, len(s)
    while True:
        before = (i, j)
        while i < j and s[i].isspace():
            i += 1
        while j > i and s[j - 1].isspace():
            j -= 1
        if i >= j:
            break
        first, last = s[i], s[j - 1]
        if first in _EDGE_PUNCT or first == ".":
            i += 1
        elif (last in _EDGE_PUNCT and (english or last != "!")) or (
            last == "." and not _is_abbreviation(s[i : j - 1])
        ):
            j -= 1
        elif first in _OPENERS and j - i > 1 and _PAIRS[first] == last and (
            first not in s[i + 1 : j - 1] and last not in s[i + 1 : j - 1]
        ):
            i, j = i + 1, j - 1  # surrounding quotes or brackets
        elif first in _OPENERS and _PAIRS[first] not in s[i + 1 : j]:
            i += 1  # unmatched opener
        elif last in _OPENERS and last not in _CLOSERS:
            j -= 1  # an opener that ends the span ("Асии Биби (" from a normal form)
        elif last in _CLOSERS and not any(
            o in s[i : j - 1] for o, c in _PAIRS.items() if c == last and o != c
        ) and (last not in _OPENERS or s[i : j - 1].count(last) % 2 == 0):
            j -= 1  # unmatched closer (an apostrophe of "Democrats'" too)
        elif english and (m := _ARTICLE.match(s, i, j)) and m.end() < j:
            i = m.end()
        elif english and _POSSESSIVE.search(s[i:j]) and j - i > 2:
            j -= 2
        elif (m := _GLOSS.search(s[i:j])) and m.start() > 0:
            j = i + m.start()  # "Джеймс Форд (James Ford)", "Партия (КПК)": a gloss
        if (i, j) == before:
            break
    return i, max(i, j)


def _is_abbreviation(word_part: str) -> bool:
    """Whether a span ending in "." before which stands ``word_part`` keeps its dot."""
    words = word_part.split()
    if not words:
        return False
    last = words[-1]
    return "." in last or last.lower() in _ABBREVIATIONS or len(last) == 1


def clean_span(
    text: str, start: int, end: int, language: str = "en"
) -> tuple[int, int] | None:
    """Offsets of the bare mention inside ``text[start:end]``, or None when nothing
    worth keeping remains. A span running over a line break keeps its longest line."""
    piece = text[start:end]
    if "\n" in piece:
        best, pos = (0, 0), 0
        for line in piece.split("\n"):
            if len(line.strip()) > best[1] - best[0]:
                best = (pos, pos + len(line))
            pos += len(line) + 1
        start, end = start + best[0], start + best[1]
        piece = text[start:end]
    i, j = _strip_edges(piece, english=language == "en")
    start, end = start + i, start + j
    mention = text[start:end]
    if len(mention) < 2 or not any(ch.isalpha() for ch in mention):
        return None
    if mention.casefold() in _ARTICLES:
        return None
    return start, end


def _last_digit_free_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The longest run of words without digits in ``text[start:end]`` (the last one on a
    tie), trimmed like any span; None when there is none."""
    runs: list[tuple[int, int]] = []
    run_start: int | None = None
    last_end = start
    for word in re.finditer(r"\S+", text[start:end]):
        w_start, w_end = start + word.start(), start + word.end()
        if any(ch.isdigit() for ch in word.group()):
            if run_start is not None:
                runs.append((run_start, last_end))
            run_start = None
        else:
            run_start = w_start if run_start is None else run_start
            last_end = w_end
    if run_start is not None:
        runs.append((run_start, last_end))
    if not runs:
        return None
    best = max(runs, key=lambda r: (r[1] - r[0], r[0]))
    return clean_span(text, *best)


def _plausible_person(mention: str) -> bool:
    return not any(ch.isdigit() for ch in mention) and mention != mention.lower()


# --- names and ids --------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """The grouping key of a name: NFC, casefolded, apostrophes and dashes unified, "ё"
    as "е", no leading "the", no surrounding punctuation, spaces collapsed."""
    s = unicodedata.normalize("NFC", name)
    for ch in _APOSTROPHES:
        s = s.replace(ch, "'")
    s = re.sub(r"[‐‑‒–—―]", "-", s)
    s = " ".join(s.split())
    i, j = _strip_edges(s)
    s = s[i:j].casefold().replace("ё", "е")
    return " ".join(s.split())


def stable_id(prefix: str, key: str, digest_size: int = 6) -> str:
    """A short id that depends only on ``key``: the same in every process and run
    (blake2b of the UTF-8 key, never Python's salted ``hash``)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=digest_size).hexdigest()
    return f"{prefix}{digest}"


def entity_id(type_: str, name: str) -> str:
    """Database-wide id of the entity of this type with this canonical name."""
    return stable_id("E", f"{type_}:{normalise_name(name)}")


# --- grouping -------------------------------------------------------------------------


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    type: str
    surface: str  # text[start:end]
    name: str  # display form: the surface (English) or the nominative form (Russian)
    norm: str  # grouping key


@dataclass(slots=True)
class MentionGroup:
    type: str
    norm: str
    mentions: list[Mention] = field(default_factory=list)


def name_mentions(text: str, annotation: Annotation) -> list[Mention]:
    """The cleaned, typed name mentions of ``annotation`` (one per backend span kept)."""
    russian = annotation.language == "ru"
    out: list[Mention] = []
    for span in annotation.entities:
        type_ = entity_type(span, annotation.language, text)
        if type_ is None:
            continue
        cleaned = clean_span(text, span.start, span.end, annotation.language)
        if cleaned is not None and not russian:
            cleaned = clean_span(text, *cut_at_dash(text, *cleaned), annotation.language)
        if cleaned is None:
            continue
        start, end = cleaned
        if type_ == "PERSON" and (title := _HONORIFIC.match(text, start, end)):
            start = title.end()
        if type_ == "PERSON" and not russian:
            start = strip_titles(text, start, end)
        if type_ == "PERSON" and any(ch.isdigit() for ch in text[start:end]):
            # spaCy runs names across table cells ("Afridi 88 C. Cairns"): keep the last
            # digit-free run of words, which is a name on its own.
            run = _last_digit_free_run(text, start, end)
            if run is None:
                continue
            start, end = run
        if type_ == "PERSON" and not russian and (parts := split_caps_edge(text, start, end)):
            # "Ramthan Hussain SINGAPORE": a byline run into a dateline
            (start, end, _), (ps, pe, ptype) = parts
            out.append(Mention(ps, pe, ptype, text[ps:pe], text[ps:pe],
                               normalise_name(text[ps:pe])))
        surface = text[start:end]
        if type_ == "PERSON" and (len(surface) < 2 or not _plausible_person(surface)):
            continue
        name = surface
        if russian and span.normal:
            normal = " ".join(span.normal.split())
            i, j = _strip_edges(normal, english=False)
            normal = normal[i:j]
            if type_ == "PERSON" and (title := _HONORIFIC.match(normal)):
                normal = normal[title.end() :]
            if len(normal) >= 2:
                name = normal
        name = " ".join(name.split())
        norm = normalise_name(name)
        if norm:
            out.append(Mention(start, end, type_, surface, name, norm))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def group_short_names(groups: list[MentionGroup]) -> list[MentionGroup]:
    """Join one-word PERSON groups to the longer PERSON name whose last word they are
    ("Putin" -> "Vladimir Putin", "Путин" -> "Владимир Путин").

    When several longer names end in that word, each short mention joins the closest
    longer mention before it (or is left alone when none precedes). The minimal identity
    step; full resolution replaces this function."""
    by_last: dict[str, list[MentionGroup]] = {}
    for g in groups:
        words = g.norm.split()
        if g.type == "PERSON" and len(words) > 1:
            by_last.setdefault(words[-1], []).append(g)
    kept: list[MentionGroup] = []
    for g in groups:
        words = g.norm.split()
        candidates = by_last.get(words[0], []) if g.type == "PERSON" and len(words) == 1 else []
        if not candidates:
            kept.append(g)
            continue
        if len(candidates) == 1:
            candidates[0].mentions.extend(g.mentions)
            continue
        rest: list[Mention] = []
        for m in g.mentions:
            best: tuple[int, MentionGroup] | None = None
            for c in candidates:
                before = [x.start for x in c.mentions if x.start < m.start]
                if before and (best is None or max(before) > best[0]):
                    best = (max(before), c)
            if best is None:
                rest.append(m)
            else:
                best[1].mentions.append(m)
        if rest:
            g.mentions = rest
            kept.append(g)
    return kept


def _canonical(group: MentionGroup) -> Mention:
    """The fullest mention: most words, then longest, then earliest."""
    return max(group.mentions, key=lambda m: (len(m.norm.split()), len(m.name), -m.start))


def extract_entities(text: str, annotation: Annotation) -> list[Entity]:
    """The entities of ``text`` found in ``annotation``, one per identity in the document.

    Mentions (names and the descriptions the text ties to a person) are sorted by offset
    and entities by first mention; ``text[s:e]`` of every mention is exactly as written.
    See :mod:`presswatch.extract.identity` for how mentions are grouped, roles read and
    descriptions resolved."""
    from presswatch.extract.identity import resolve_document

    return resolve_document(text, annotation).entities


_mentions = name_mentions  # the former private name


def retype_outlet(entities: list[Entity], outlet: str | None) -> None:
    """The outlet the dateline or a credit names is an organisation, whatever the tagger
    made of its name elsewhere in the text ("Volga Wire" tagged PERSON)."""
    if not outlet:
        return
    key = normalise_name(outlet)
    for entity in entities:
        if entity.type != "ORG" and normalise_name(entity.name) == key:
            entity.type = "ORG"
