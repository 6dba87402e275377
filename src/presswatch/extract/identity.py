"""Within-document identity: one :class:`~presswatch.model.Entity` per person,
organisation or place a document mentions, whatever the form of each mention.

API
===

``resolve_document(text, annotation) -> DocumentIdentities``
    Resolves one annotated document (``annotation`` from ``nlp.backend_for(lang)``;
    ``annotation.native`` is the backend's spaCy or natasha doc, used for parts of speech
    and morphology when present). Costs a few milliseconds per news article.

``DocumentIdentities``
    ``.entities: list[Entity]`` sorted by first mention. Each entity's ``mentions`` are
    names *and* resolved descriptions, ``evidence`` runs parallel to them, ``roles`` /
    ``role_spans`` are the titles the text gives it, ``aliases`` its distinct name forms
    (surface and normal forms, never descriptions), ``name`` its fullest name (Russian:
    nominative normal form), ``id`` is ``entity_id(type, name)``.

    ``.entity_at(start, end) -> Entity | None``: the entity a span refers to (a name, a
    resolved description, or a personal pronoun, resolved on the fly).

    ``.resolve_pronoun(offset, prefer_speaker=None) -> Entity | None``: the person a
    pronoun at ``offset`` ("he", "she", "его", "она"...) most likely stands for: the most
    salient compatible PERSON mentioned before it (recency, subjects first, gender from
    Russian morphology or the pronoun). A ``prefer_speaker`` passed by a quote extractor
    wins when compatible.

    ``.unresolved: list[tuple[int, int, str]]``: descriptions ("the President") found in
    the text that no established person fits: never guessed.

``extract_entities(text, annotation)`` in :mod:`presswatch.extract.entities` returns
``resolve_document(text, annotation).entities``.

Mechanisms
==========

1. **Names** (PERSON). Each name is split into first name, surname and initials.
   Words are compared through their folding keys (:mod:`presswatch.extract.namekeys`:
   romanised Slavic spellings folded, so Lukashenka/Lukashenko, Aleksandr/Alexander,
   Yury/Yuri/Yuriy fold together; Russian case endings stripped, so "Путина", "Путину"
   and the natasha normal form "Путин" meet).
   Full names group on (first name, surname); "A. Lukashenko" joins the full name with
   that surname and initial; a surname alone joins the full name it ends (the closest
   one before it when several share it); one-word names of other types (a surname
   tagged ORG) and untagged capitalised occurrences of a known surname join too.
   Demonyms ("Belarusian", "белорусский") are never people. A name next to a title
   that the tagger missed or typed as a place or organisation is a PERSON ("Kemerovo
   Region Governor Ilya Seredyuk" untagged, "Governor Seredyuk" tagged GPE, "Seredyuk,
   the governor of ..." tagged LOC) when its 1-3 words look like a personal name
   (capitalised proper nouns, none a title, organisation word, demonym or country; the
   last with a surname-like ending or tagged PERSON elsewhere).
2. **Roles** (vocabulary and phrase reading in :mod:`presswatch.extract.roles`): the
   titles the text itself gives: an appointment ("X was appointed finance minister",
   "X назначен министром"), a title before the name ("Russian President Vladimir
   Putin", "Head of the Sakha Republic Aisen Nikolaev", "Президент России Владимир Путин",
   "his Belarusian counterpart Alexander Lukashenko"), a title
   after it ("Alexander Lukashenko, President of Belarus:", "X, the Russian leader,").
   A role is read into a head concept (president, head of state, leader, region head,
   minister, governor...), a deputy flag and keys (places and other content words,
   first five folded letters, so "Russian"/"Russia", "российский"/"России" meet; a few
   region nicknames are aliased: Yakutia = Sakha). "counterpart" inherits the concepts
   of the other person's role in the sentence and its words other than places ("his
   Belarusian counterpart" of a "Russian Foreign Minister" is a "Belarusian Foreign
   Minister").
3. **Descriptions**: a singular title not followed by a name ("the Russian leader",
   "the head of the region", "глава государства", "псковский губернатор") is matched
   against every established role: concept compatibility, keys (a key of the
   description must be among the role's; a role without keys fits with a penalty),
   then salience (the candidate mentioned last before it, in the same paragraph; a
   candidate not mentioned yet is penalised). The best score over 0.5 wins, a tie is
   left unresolved; so is a description no established role fits.
4. **Other types**: ORG, GPE, LOC and the rest group on a folded key with country
   aliases (Russia / Russian Federation / Россия / РФ), GPE and LOC together, and an
   acronym defined in brackets or made of a name's initials joins that name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from presswatch import lang
from presswatch.extract.canonical import gazetteer
from presswatch.extract.namekeys import (
    is_cyrillic,
    keys_match,
    name_key,
    nominative_forms,
    nominative_name,
    place_key,
    stem_ru,
)
from presswatch.extract.roles import (
    COUNTRY_KEYS,
    DETERMINERS,
    EN_HEADS,
    GENERIC_WORDS,
    NOT_DESCRIPTION_BEFORE,
    DocContext,
    Phrase,
    Role,
    Tok,
    compat,
    description_concept,
    is_demonym,
    is_deputy_marker,
    phrase_text,
    read_phrase,
    role_concepts,
    role_head,
    title_head_word,
)
from presswatch.extract.types_en import (
    country_name,
    locative_places,
    majority_types,
    non_person_type,
    retype_non_persons,
)
from presswatch.lang import words as lang_words
from presswatch.model import DESCRIPTION_EVIDENCE, Annotation, Entity

__all__ = ["DocumentIdentities", "Role", "describe", "resolve_document"]

# --- mentions and clusters ----------------------------------------------------------------


@dataclass(slots=True)
class _M:
    start: int
    end: int
    type: str
    surface: str
    name: str
    norm: str
    evidence: str = "name"
    kind: str = "name"  # name, description
    note: str = ""  # appended to the evidence ("tagged ORG by NER")


@dataclass(slots=True)
class _Cluster:
    type: str
    mentions: list[_M] = field(default_factory=list)
    first_keys: set[str] = field(default_factory=set)
    last_keys: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    roles: list[Role] = field(default_factory=list)
    key: str = ""
    female: bool | None = None
    # (start, end, text) of the descriptions resolved to this person ("глава ведомства"):
    # exported as roles too, never matched against as roles are
    described: list[tuple[int, int, str]] = field(default_factory=list)

    def canonical(self) -> _M:
        names = [m for m in self.mentions if m.kind == "name"] or self.mentions
        if self.type == "PERSON" and any(is_cyrillic(m.name) for m in names):
            return _nominative(names)
        return max(names, key=lambda m: (
            len([w for w in m.name.split() if len(w.strip(".")) > 1]), len(m.name), -m.start))

    def positions(self) -> list[int]:
        return sorted(m.start for m in self.mentions)


def _nominative(names: list[_M]) -> _M:
    """The canonical mention of a Russian person: the fullest name, and among the full
    names the one in the nominative. A normal form is trusted when its surname is written
    that way somewhere in the text (the normaliser left a nominative as it was: "Хиллари
    Клинтон", never "Хамид Карзаем" from "Хамидом Карзаем" when "Карзай" is written),
    then the normal form most mentions share; a longer form is not preferred (case
    endings make inflected forms longer)."""
    written = {w.casefold() for m in names for w in m.surface.split()}
    counts: dict[str, int] = {}
    for m in names:
        counts[m.name] = counts.get(m.name, 0) + 1

    def rank(m: _M) -> tuple[int, int, int, int, int]:
        words = m.name.split()
        full = len([w for w in words if len(w.strip(".")) > 1])
        supported = sum(1 for w in words if w.casefold() in written)
        return full, supported, counts[m.name], -len(m.name), -m.start

    return max(names, key=rank)


_INITIAL = re.compile(r"^(?:[A-ZА-ЯЁ]\.?){1,3}$|^(?:[A-ZА-ЯЁ]\.){1,3}$")
_TITLE_WORDS = re.compile(
    r"^(?:(?:[A-Z][a-z]+|[А-ЯЁ][а-яё]+)(?:-[a-zа-яё]+)?\s+)+"
)


def _split_name(name: str) -> tuple[list[str], list[str], str]:
    """(first-name words, initials, surname) of a person name."""
    words = [w.strip(",;") for w in name.replace(".", ". ").split() if w.strip(",;.")]
    words = [w if not re.fullmatch(r"\w", w) else w + "." for w in words]
    if not words:
        return [], [], ""
    last = words[-1]
    firsts, initials = [], []
    for w in words[:-1]:
        if _INITIAL.match(w) or len(w.rstrip(".")) == 1:
            initials.append(w.rstrip(".")[:1].lower())
        else:
            firsts.append(w)
    return firsts, initials, last


def _ru_title_token(t: Tok) -> bool:
    """A Russian title word, hyphenated ones too ("экс-канцлер", "вице-премьер")."""
    parts = [p for p in t.low.split("-") if p]
    return any(role_head(Tok(t.start, t.end, p, p, t.pos, False, None, ""), "ru")
               for p in [t.low, *parts]) or is_deputy_marker(t, "ru")


def _strip_title(ctx: DocContext, m: _M) -> _M:
    """Cut leading role words off a PERSON span ("President Vladimir Putin")."""
    k = ctx.tok_index(m.start)
    moved = False
    while k < len(ctx.toks) and ctx.toks[k].start < m.end:
        t = ctx.toks[k]
        if role_head(t, ctx.language) or is_deputy_marker(t, ctx.language) or t.low == "prime" or (
                ctx.language == "ru" and _ru_title_token(t)):
            k += 1
            moved = True
            continue
        break
    if not moved or k >= len(ctx.toks) or ctx.toks[k].start >= m.end:
        return m
    start = ctx.toks[k].start
    surface = ctx.text[start : m.end]
    name = m.name
    if m.name.endswith(surface) or m.name == m.surface:
        name = surface if m.name == m.surface else m.name
    words = name.split()
    # drop the same number of leading words from a normal form
    cut = len(m.surface.split()) - len(surface.split())
    if name != surface and len(words) > cut:
        name = " ".join(words[cut:])
    return _M(start, m.end, m.type, surface, name, m.norm, m.evidence)


def _person_gender(ctx: DocContext, m: _M) -> bool | None:
    if ctx.language != "ru" or ctx.native is None:
        return None
    k = ctx.tok_index(m.start)
    while k < len(ctx.toks) and ctx.toks[k].start < m.end:
        tok = ctx.native.tokens[k] if k < len(ctx.native.tokens) else None
        if tok is not None and tok.feats and "Gender" in tok.feats:
            return tok.feats["Gender"] == "Fem"
        k += 1
    return None


# An editor's mark closing a parenthetical insert: "(we must. – Ed.)", "(Putin. – Ed.)",
# "(Путина. – Ред.)", "(мы. — Прим. ред.)". The NER tags "Ed" as a PERSON; it is not one.
_EDITOR_MARK = re.compile(
    r"\([^()\n]{0,300}?\s?[–—-]\s*((?:прим\.\s*ред|ред|прим|eds?|editor)\.?)\s*\)",
    re.IGNORECASE)


def _editor_marks(text: str) -> list[tuple[int, int]]:
    """Spans of editor's marks ("Ed.", "Ред.", "прим. ред.") after a dash in brackets."""
    return [m.span(1) for m in _EDITOR_MARK.finditer(text)]


def _inside_mark(marks: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in marks)


class _Resolver:
    def __init__(self, text: str, annotation: Annotation) -> None:
        from presswatch.extract.entities import name_mentions

        self.ctx = DocContext(text, annotation)
        self.text = text
        self.raw = [
            _M(m.start, m.end, m.type, m.surface, m.name, m.norm) for m in name_mentions(
                text, annotation)
        ]
        marks = _editor_marks(text)
        if marks:
            self.raw = [m for m in self.raw if not _inside_mark(marks, m.start, m.end)]
        self.clusters: list[_Cluster] = []
        self.unresolved: list[tuple[int, int, str]] = []
        self.place_keys: set[str] = set()
        self._key_words: dict[str, set[str]] = {}
        self._split_trailing_names()
        if self.ctx.language == "en":
            # before the person heuristics: "UFJ Holdings" must not lend "UFJ" a surname
            retype_non_persons(self.raw, self.ctx.toks)
        self._titled_names()
        self._retype()
        if self.ctx.language == "en":
            locative_places(self.raw, self.ctx.toks)
            majority_types(self.raw)

    def _split_trailing_names(self) -> None:
        """A non-person span that ends in a person's name ("the Smolensk Region Oleg
        Vorontsov" tagged ORG) is split when its two last capitalised words follow a
        generic word ("Region", "Committee") or its last word stands alone elsewhere in
        the text as a capitalised word (the surname used on its own)."""
        out: list[_M] = []
        text = self.text
        for m in self.raw:
            words = list(re.finditer(r"\S+", m.surface))
            if m.type != "PERSON" and len(words) >= 3 and all(
                    w.group()[:1].isupper() and w.group().isalpha() for w in words[-2:]):
                last = words[-1].group()
                if _org_word(last) or _org_word(words[-2].group()):
                    out.append(m)
                    continue
                after_org_word = _org_word(words[-3].group())
                if after_org_word or self._alone(last) or any(
                        x.surface == last for x in self.raw):
                    cut = m.start + words[-2].start()
                    head_end = m.start + words[-3].end()
                    tail = text[cut : m.end]
                    out.append(_M(m.start, head_end, m.type, text[m.start : head_end],
                                  text[m.start : head_end], normalise(text[m.start : head_end])))
                    out.append(_M(cut, m.end, "PERSON", tail, tail, normalise(tail)))
                    continue
            out.append(m)
        self.raw = out

    def _titled_names(self) -> None:
        """Names next to a person's title that the tagger missed or typed as a place or an
        organisation: "Kemerovo Region Governor Ilya Seredyuk" (untagged), "Governor
        Seredyuk" (tagged GPE), "Seredyuk, the governor of ..." (tagged LOC) become PERSON.
        The words must look like a personal name: 1-3 capitalised proper nouns, none a
        title, organisation word, demonym or country; the last one with a surname-like
        ending (-ov, -enko, -yuk, -ский...) or tagged PERSON elsewhere in the text, or
        (two or three words) standing alone elsewhere."""
        ctx, toks, text = self.ctx, self.ctx.toks, self.text
        if not toks:
            return
        lang = ctx.language
        person_keys = {name_key(w) for m in self.raw if m.type == "PERSON"
                       for w in (*m.name.split(), *m.surface.split())}
        place_keys = {place_key(w) for m in self.raw if m.type in ("GPE", "LOC", "NORP")
                      for w in m.surface.split()}

        def name_word(t: Tok) -> bool:
            return (bool(_NAME_SHAPE.fullmatch(t.text)) and t.pos in ("PROPN", "X")
                    and not self._title_word(t.text) and not _org_word(t.text)
                    and t.low not in GENERIC_WORDS
                    and t.low not in _NOT_NAME_AFTER_TITLE and not is_demonym(t.text, set())
                    and place_key(t.text) not in COUNTRY_KEYS)

        def evidence(words: list[Tok]) -> bool:
            last = words[-1].text
            if name_key(last) in person_keys or _surname_like(last):
                return True
            return len(words) >= 2 and self._alone(last)

        added: list[_M] = []
        for k, t in enumerate(toks):
            if role_head(t, lang, toks[k - 1].low if k else "", titles_only=True) is None \
                    or t.plural:
                continue
            run: list[Tok] = []
            x = k + 1
            while x < len(toks) and len(run) < 4 and text[toks[x - 1].end : toks[x].start] == " ":
                if not name_word(toks[x]):
                    break
                run.append(toks[x])
                x += 1
            if not run or len(run) > 3:
                continue
            # leading words that name a place ("губернатор Кузбасса Сергей ...") go
            while len(run) > 1 and place_key(run[0].text) in place_keys:
                run = run[1:]
            s, e = run[0].start, run[-1].end
            over = [m for m in self.raw if m.start < e and s < m.end]
            if any(m.type == "PERSON" for m in over) or any(
                    m.start < s or m.end > e for m in over) or not evidence(run):
                continue
            if len(over) == 1 and (over[0].start, over[0].end) == (s, e):
                m = over[0]
                m.note = f" (tagged {m.type} by NER)"
                m.type = "PERSON"
            elif not over:
                surface = text[s:e]
                added.append(_M(s, e, "PERSON", surface, surface, normalise(surface),
                                note=" (untagged, after a title)"))
        # "Seredyuk, the governor of ...": a place/organisation span in apposition
        for m in self.raw:
            if m.type not in ("GPE", "LOC", "ORG", "FAC") or not 1 <= len(m.surface.split()) <= 3:
                continue
            k = ctx.tok_index(m.start)
            k2 = ctx.tok_index(m.end)
            words = toks[k:k2]
            if not words or words[-1].end != m.end or not all(name_word(w) for w in words):
                continue
            if k > 0 and (toks[k - 1].pos == "ADP" or toks[k - 1].low in DETERMINERS):
                continue
            y = k2
            if y + 1 >= len(toks) or toks[y].text != ",":
                continue
            y += 1
            if lang == "en" and toks[y].low in ("the", "a"):
                y += 1
            while y < len(toks) and (toks[y].pos == "ADJ" or is_deputy_marker(toks[y], lang)):
                y += 1
            if y >= len(toks) or role_head(toks[y], lang, toks[y - 1].low) is None or (
                    toks[y].plural):
                continue
            if y + 1 < len(toks) and toks[y + 1].pos in ("VERB", "AUX"):
                continue  # "In Minsk, the president said": not an apposition
            last = words[-1].text
            if name_key(last) in person_keys or _surname_like(last):
                m.note = f" (tagged {m.type} by NER)"
                m.type = "PERSON"
        if added:
            self.raw = sorted(self.raw + added, key=lambda m: (m.start, m.end))

    # -- persons ----------------------------------------------------------------------
    def run(self) -> list[_Cluster]:
        ctx = self.ctx
        place_keys = {place_key(w) for m in self.raw if m.type in ("GPE", "LOC", "NORP")
                      for w in m.name.split()}
        self.place_keys = place_keys
        self._key_words = {}
        for t in ctx.toks:
            if t.text[:1].isupper():
                self._key_words.setdefault(place_key(t.text), set()).add(t.text)
        persons: list[_M] = []
        others: list[_M] = []
        for m in self.raw:
            if m.type == "PERSON":
                m = _strip_title(ctx, m)
                if ctx.language == "en":
                    m = self._fix_person_span(m, place_keys)
                elif ctx.language == "ru" and not self._ru_person_words(m):
                    continue
                if is_demonym(m.surface, place_keys) or is_demonym(m.name, place_keys):
                    m.type = "NORP"
                    others.append(m)
                    continue
                persons.append(m)
            else:
                others.append(m)
        self._cluster_persons(persons)
        self._scan_untagged()
        self._group_others(others)
        self._roles()
        self._descriptions()
        return self.clusters

    def _ru_person_words(self, m: _M) -> bool:
        """Whether a Russian PERSON span can be a name: not only title words ("Экс-канцлер",
        "Президент"), and a one-word span is not a verb, adverb, adjective or other
        function word by its morphology ("Как", "Выплатите", "Литовский")."""
        ctx = self.ctx
        k, k2 = ctx.tok_index(m.start), ctx.tok_index(m.end)
        words = [t for t in ctx.toks[k:k2] if any(ch.isalpha() for ch in t.text)]
        if not words:
            return True
        if all(_ru_title_token(t) for t in words):
            return False
        return not (len(words) == 1 and words[0].pos in _NOT_NAME_POS)

    def _fix_person_span(self, m: _M, place_keys: set[str]) -> _M:
        """English spans that start inside the phrase before the name ("State Duma
        Vyacheslav Volodin", "Ambassador to Belarus Boris Gryzlov") lose their first
        words; a one-word name right after an untagged first name ("Aide Yury Ushakov")
        gains it."""
        ctx, toks, text = self.ctx, self.ctx.toks, self.text
        while len(m.surface.split()) >= 3:
            k = ctx.tok_index(m.start)
            if k == 0 or k + 1 >= len(toks):
                break
            prev, first = toks[k - 1], toks[k]
            if "\n" in text[prev.end : first.start] or role_head(prev, "en") or (
                    is_deputy_marker(prev, "en")):
                break
            continues = prev.low in ("of", "to", "the") or (
                prev.text[:1].isupper() and prev.text.isalpha())
            placey = place_key(first.text) in place_keys or place_key(first.text) in (
                COUNTRY_KEYS)
            if not (continues or placey):
                break
            start = toks[k + 1].start
            m = _M(start, m.end, m.type, text[start : m.end], text[start : m.end],
                   normalise(text[start : m.end]), m.evidence)
        if len(m.surface.split()) == 1:
            k = ctx.tok_index(m.start)
            if k > 0:
                prev = toks[k - 1]
                if (prev.pos == "PROPN" and prev.text[:1].isupper() and prev.text.isalpha()
                        and m.start - prev.end == 1 and not role_head(prev, "en")
                        and not is_deputy_marker(prev, "en")
                        and prev.low not in _STOP_CAPITALISED
                        and prev.low.rstrip(".") not in _HONORIFICS
                        and place_key(prev.text) not in place_keys
                        and place_key(prev.text) not in COUNTRY_KEYS
                        and not any(x.start <= prev.start < x.end for x in self.raw)
                        and not (k > 1 and toks[k - 2].pos == "PROPN"
                                 and toks[k - 2].text[:1].isupper()
                                 and not role_head(toks[k - 2], "en"))):
                    surface = text[prev.start : m.end]
                    m = _M(prev.start, m.end, m.type, surface, surface, normalise(surface),
                           m.evidence)
        return m

    def _title_word(self, word: str) -> bool:
        low = word.lower().rstrip(".")
        tok = Tok(0, 0, word, low, "X", False, None, "")
        return (low in _STOP_CAPITALISED or low in DETERMINERS or low in _HONORIFICS
                or role_head(tok, self.ctx.language) is not None
                or is_deputy_marker(tok, self.ctx.language))

    def _alone(self, word: str) -> bool:
        """Whether ``word`` occurs in the text outside every non-person mention."""
        spans = [(m.start, m.end) for m in self.raw if m.type != "PERSON"]
        for x in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", self.text):
            if not any(a <= x.start() < b for a, b in spans):
                return True
        return False

    def _after_role(self, start: int) -> bool:
        """Whether the word right before ``start`` is a title ("engineer Marina ...")."""
        k = self.ctx.tok_index(start)
        if k == 0:
            return False
        prev = self.ctx.toks[k - 1]
        return start - prev.end <= 1 and role_head(prev, self.ctx.language) is not None

    def _retype(self) -> None:
        """Fix NER types with what the document itself shows: a one-word name tagged
        ORG/GPE that is the surname of a full PERSON name, or a two- or three-word
        capitalised ORG/GPE span whose last word is a known surname or stands alone in
        the text, is a PERSON; a one-word PERSON tagged as a place or organisation more
        often elsewhere takes that type."""
        persons = [m for m in self.raw if m.type == "PERSON"]
        full_last = {name_key(m.name.split()[-1]) for m in persons if len(m.name.split()) >= 2}
        any_last = full_last | {name_key(m.name) for m in persons if len(m.name.split()) == 1}
        counts: dict[str, dict[str, int]] = {}
        for m in self.raw:
            counts.setdefault(normalise(m.name), {}).setdefault(m.type, 0)
            counts[normalise(m.name)][m.type] += 1
        english = self.ctx.language == "en"
        # English: a full name's first word used alone is the same person ("Wang Donghai"
        # ... "Wang"; the surname comes first in Chinese, Korean, Hungarian names)
        full_first = {name_key(m.name.split()[0]) for m in persons
                      if english and len(m.name.split()) >= 2} - full_last
        full_count: dict[str, int] = {}
        for m in persons:
            if len(m.name.split()) >= 2:
                lk = name_key(m.name.split()[-1])
                full_count[lk] = full_count.get(lk, 0) + 1
        for m in self.raw:
            words = m.name.split()
            if m.type in ("ORG", "GPE", "LOC", "FAC", "OTHER", "NORP"):
                if english and m.note:
                    continue  # typed on the text's evidence (a company noun after it)
                seen = counts.get(normalise(m.name), {})
                if english and len(words) > 1 and seen.get(m.type, 0) >= 2 and not seen.get(
                        "PERSON") and name_key(words[-1]) not in any_last and full_count.get(
                        name_key(words[-1]), 0) < seen[m.type]:
                    # English: a two-word name the tagger types the same way again and
                    # again ("Santa Fe" ORG) keeps that type unless its last word is a
                    # tagged person's name ("Irina Kovalenko" ORG twice, "Kovalenko").
                    continue
                if len(words) == 1:
                    key = name_key(words[0])
                    person = (key in full_last or (key in full_first and not country_name(
                        words[0]))) and not is_demonym(words[0], set())
                else:
                    person = m.type != "NORP" and 2 <= len(words) <= 3 and not (
                        english and non_person_type(m.name)) and all(
                        re.fullmatch(r"[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?", w)
                        and not _org_word(w) and w.lower() not in GENERIC_WORDS
                        and not is_demonym(w, set())
                        and place_key(w) not in COUNTRY_KEYS for w in words
                    ) and (name_key(words[-1]) in any_last or self._after_role(m.start)
                           or (self.ctx.language != "ru" and self._alone(words[-1])))
                if person:
                    m.note = f" (tagged {m.type} by NER)"
                    m.type = "PERSON"
            elif m.type == "PERSON" and len(words) > 1 and self.ctx.language == "ru" and any(
                    _org_word(w) and not w.lower().endswith(_SURNAME_ENDINGS) for w in words):
                # natasha's PER for a capitalised body ("Европейский Парламент",
                # "Комиссии Баррозу"): an organisation word is never part of a name
                m.note = " (tagged PERSON by NER; an organisation word)"
                m.type = "ORG"
            elif m.type == "PERSON" and len(words) == 1 and name_key(words[0]) not in (
                    full_last | full_first):
                seen = counts.get(normalise(m.name), {})
                other = max((t for t in seen if t != "PERSON"), key=lambda t: seen[t],
                            default=None)
                if other is not None and seen[other] > seen.get("PERSON", 0):
                    m.type = other
                elif (place := self._place_by_context(m, seen.get("PERSON", 0))) is not None:
                    m.note = f" (tagged PERSON by NER; {place[1]})"
                    m.type = place[0]

    def _place_by_context(self, m: _M, person_count: int) -> tuple[str, str] | None:
        """A one-word PERSON that the text uses as a place (the small English model tags
        rivers and towns as people): coordinated with a tagged place ("Pskov and Vitebsk"),
        after "in"/"near"/"в" when the gazetteer knows it as a place, or, used once, after
        an article and adjectives with no noun after it ("the lower Kama on Tuesday") —
        people take no article in news text, a person's name before a noun does ("the
        Trump campaign"). Returns the type and why."""
        ctx, toks = self.ctx, self.ctx.toks
        k, k2 = ctx.tok_index(m.start), ctx.tok_index(m.end)
        if k >= len(toks) or k2 - k != 1 or toks[k].plural:
            return None
        known = gazetteer().lookup("PLACE", m.name) is not None
        prev = toks[k - 1] if k else None
        nxt = toks[k2] if k2 < len(toks) else None
        tagged = {(x.start, x.end) for x in self.raw if x.type in ("GPE", "LOC")}
        ends = {e for _s, e in tagged}
        starts = {s for s, _e in tagged}

        def is_place(i: int) -> bool:
            """Token ``i`` ends or starts a tagged place, or is a capitalised proper noun
            the gazetteer knows as a place."""
            if not 0 <= i < len(toks):
                return False
            t = toks[i]
            return t.end in ends or t.start in starts or (
                t.pos == "PROPN" and t.text[:1].isupper()
                and gazetteer().lookup("PLACE", t.text) is not None)

        if known and ((prev is not None and prev.low in _COORDINATORS and is_place(k - 2)) or (
                nxt is not None and nxt.low in _COORDINATORS and is_place(k2 + 1))):
            return "GPE", "coordinated with a place"
        if known and prev is not None and prev.low in ("in", "near", "в", "во", "под"):
            return "GPE", f"after '{prev.text}', a known place"
        if ctx.language != "en" or person_count > 1 or (
                nxt is not None and nxt.pos in ("NOUN", "PROPN")):
            return None
        j = k - 1
        while j >= 0 and k - j <= 3 and toks[j].pos == "ADJ":
            j -= 1
        if j < 0 or toks[j].low != "the" or any(
                role_head(t, "en") is not None for t in toks[j:k]):
            return None
        return ("GPE" if known else "LOC"), "a name after an article"

    def _cluster_persons(self, persons: list[_M]) -> None:
        full: dict[tuple[str, str], _Cluster] = {}
        initials: list[tuple[_M, list[str], str]] = []
        singles: list[tuple[_M, str]] = []
        for m in persons:
            firsts, inits, last = _split_name(m.name)
            if not last:
                continue
            lk = name_key(last)
            if firsts:
                fk = name_key(firsts[0])
                c = full.get((fk, lk))
                if c is None:
                    c = full[(fk, lk)] = _Cluster("PERSON", key=f"{fk} {lk}")
                    self.clusters.append(c)
                c.first_keys.add(fk)
                c.last_keys.add(lk)
                c.last_keys.add(name_key(m.surface.split()[-1]))
                c.initials.add(fk[:1])
                c.mentions.append(m)
                if len(set(m.name.split()) - set(c.canonical().name.split())) and len(
                        c.mentions) > 1:
                    m.evidence = "variant spelling of '{}' ({})".format(
                        c.canonical().name, f"{fk} {lk}")
            elif inits:
                initials.append((m, inits, lk))
            else:
                singles.append((m, lk))
        for m, inits, lk in initials:
            cands = [c for c in self.clusters if lk in c.last_keys and inits[0] in c.initials]
            c = self._nearest(cands, m.start)
            if c is None:
                c = _Cluster("PERSON", key=f"{inits[0]}. {lk}")
                c.last_keys.add(lk)
                c.initials.add(inits[0])
                self.clusters.append(c)
            else:
                m.evidence = f"initials of '{c.canonical().name}'"
            c.mentions.append(m)
        for m, lk in singles:
            self._attach_single(m, lk)
        for c in self.clusters:
            if c.type == "PERSON" and ctx_is_ru(self.ctx):
                for m in c.mentions:
                    g = _person_gender(self.ctx, m)
                    if g is not None:
                        c.female = g
                        break

    def _surname_clusters(self, key: str, extra: Iterable[str] = ()) -> list[_Cluster]:
        keys = {key, *extra}
        return [c for c in self.clusters if c.type == "PERSON" and keys & c.last_keys]

    def _attach_single(self, m: _M, lk: str, how: str = "") -> bool:
        extra = {name_key(m.surface)} if self.ctx.language == "ru" else set()
        cands = self._surname_clusters(lk, extra)
        full_cands = [c for c in cands if c.first_keys]
        if full_cands:
            cands = full_cands
        c = None
        if len(cands) == 1:
            c = cands[0]
        elif cands:
            c = self._nearest(cands, m.start, before_only=True)
        if c is None and not cands:
            firsts = [c for c in self.clusters if c.type == "PERSON" and lk in c.first_keys]
            if len(firsts) == 1 and not how:
                firsts[0].mentions.append(m)
                m.evidence = f"first name of '{firsts[0].canonical().name}'"
                return True
            if how:
                return False
        if c is None:
            c = _Cluster("PERSON", key=lk)
            c.last_keys.add(lk)
            c.last_keys |= extra
            self.clusters.append(c)
            m.evidence = "name" + how
            c.mentions.append(m)
            return True
        canon = c.canonical()
        c.mentions.append(m)
        canon_last = canon.name.split()[-1]
        if len(canon.name.split()) == 1 and canon.name == m.name:
            m.evidence = "name" + how
        elif normalise(canon_last) == normalise(m.name) or normalise(canon_last) == normalise(
                m.surface):
            m.evidence = f"surname of '{canon.name}'" + how
        elif self.ctx.language == "ru":
            m.evidence = f"surname of '{canon.name}' (form '{m.name}')" + how
        else:
            m.evidence = f"variant spelling of '{canon.name}' ({lk}*)" + how
        return True

    def _nearest(self, cands: list[_Cluster], pos: int, before_only: bool = False
                 ) -> _Cluster | None:
        best: tuple[int, _Cluster] | None = None
        for c in cands:
            before = [p for p in c.positions() if p < pos]
            if before:
                d = pos - max(before)
            elif before_only:
                continue
            else:
                d = 10**9 + min(c.positions(), default=0) - pos
            if best is None or d < best[0]:
                best = (d, c)
        if best is None and len(cands) == 1:
            return cands[0]
        return best[1] if best else None

    def _scan_untagged(self) -> None:
        """Capitalised words no mention covers that are a known surname (of a full name)."""
        by_key: dict[str, list[_Cluster]] = {}
        for c in self.clusters:
            if c.type == "PERSON" and c.first_keys:
                for last_key in c.last_keys:
                    if len(last_key) >= 3:
                        by_key.setdefault(last_key, []).append(c)
        if not by_key:
            return
        covered = sorted((m.start, m.end) for m in self.raw)
        cov_starts = [s for s, _ in covered]
        text = self.text
        for w in re.finditer(r"(?<![\w-])[A-ZА-ЯЁ][\w’'-]*\w", text):
            word = w.group()
            for suffix in ("’s", "'s"):
                if word.endswith(suffix):
                    word = word[: -len(suffix)]
            if len(word) < 3 or word.lower() in _STOP_CAPITALISED:
                continue
            s, e = w.start(), w.start() + len(word)
            k = bisect_right(cov_starts, s) - 1
            if k >= 0 and covered[k][1] > s:
                continue
            if k + 1 < len(covered) and covered[k + 1][0] < e:
                continue
            if e < len(text) and text[e] == "-" :
                continue
            key = name_key(word)
            cands = by_key.get(key)
            if not cands:
                continue
            prev = re.search(r"([A-ZА-ЯЁ][\w’'.-]*) $", text[max(0, s - 30) : s])
            if prev and not self._title_word(prev.group(1)) and not any(
                    name_key(prev.group(1).rstrip(".")) in c.first_keys
                    or prev.group(1).rstrip(".").lower() in c.initials for c in cands):
                continue  # "Anna Scholz": another person's first name before it
            m = _M(s, e, "PERSON", word, word, normalise(word))
            self._attach_single(m, key, " (found by string match)")

    # -- other types ------------------------------------------------------------------
    def _group_others(self, others: list[_M]) -> None:
        groups: dict[tuple[str, str], _Cluster] = {}
        for m in others:
            family = "GPE" if m.type in ("GPE", "LOC") else m.type
            key = _other_key(m.name)
            c = groups.get((family, key))
            if c is None:
                c = groups[(family, key)] = _Cluster(m.type, key=key)
                self.clusters.append(c)
            elif c.mentions and normalise(c.mentions[0].name) != normalise(m.name):
                m.evidence = f"variant of '{c.canonical().name}'"
            c.mentions.append(m)
        # Acronyms: "Collective Security Treaty Organization (CSTO)", or initials.
        orgs = [c for c in groups.values() if c.type == "ORG"]
        by_acronym: dict[str, _Cluster] = {}
        for c in orgs:
            name = c.canonical().name
            words = [w for w in re.findall(r"\w+", name) if w[:1].isupper()]
            if len(words) >= 2:
                by_acronym.setdefault("".join(w[0] for w in words).upper(), c)
        for c in orgs:
            name = c.canonical().name
            if not (name.isupper() and 2 <= len(name) <= 6):
                continue
            target = by_acronym.get(name)
            if target is None:
                for m in c.mentions:
                    before = self.text[max(0, m.start - 2) : m.start]
                    if "(" in before:
                        prev = [o for o in orgs if o is not c and any(
                            0 < m.start - x.end <= 3 for x in o.mentions)]
                        if prev:
                            target = prev[0]
                            break
            if target is not None and target is not c:
                for m in c.mentions:
                    m.evidence = f"acronym of '{target.canonical().name}'"
                target.mentions.extend(c.mentions)
                c.mentions = []
        if self.ctx.language == "ru":
            self._qualify_orgs(orgs)
            self._join_org_heads(orgs)
        self.clusters = [c for c in self.clusters if c.mentions]

    def _qualify_orgs(self, orgs: list[_Cluster]) -> None:
        """Russian: a one-word organisation that the text names with a place right after
        it ("МИД Великобритании", "Минобороны России": natasha tags the two apart) is
        that country's body: its name becomes "МИД Великобритании", and its other bare
        mentions take the qualifier of the closest qualified mention before them (the
        first after them when none precedes); with no qualified mention it stays as
        written. So one "МИД" per country, never one for all."""
        places = {(m.start, m.end): m for c in self.clusters if c.type in ("GPE", "LOC")
                  for m in c.mentions}
        by_start = {s: m for (s, _e), m in places.items()}
        for c in list(orgs):
            if not c.mentions or len(c.canonical().name.split()) != 1:
                continue
            qualified: list[tuple[int, str]] = []
            for m in c.mentions:
                # the normal form in the surface's capitals ("мид" of "МИДа" -> "МИД")
                head = m.surface[:len(m.name)] if m.surface.lower().startswith(
                    m.name.lower()) else m.name
                place = by_start.get(m.end + 1)
                if place is not None and self.text[m.end] == " ":
                    qualified.append((m.start, f"{head} {place.surface}"))
                elif (country := self._country_before(m)) is not None:
                    qualified.append((m.start, f"{head} {country}"))
            if not qualified:
                continue
            groups: dict[str, _Cluster] = {}
            for m in c.mentions:
                before = [q for q in qualified if q[0] <= m.start]
                name = (before[-1] if before else qualified[0])[1]
                if name != m.name:
                    m.evidence = f"'{m.surface}' of '{name}' (the place named after it)"
                    m.name = name
                g = groups.get(name)
                if g is None:
                    g = groups[name] = _Cluster(c.type, key=_other_key(name))
                g.mentions.append(m)
            c.mentions = []
            for g in groups.values():
                self.clusters.append(g)
                orgs.append(g)

    def _adjective_words(self, c: _Cluster) -> set[str]:
        """Lower-cased words of a Russian organisation's names that the morphology reads
        as adjectives ("Европейская" of "Европейская комиссия": its head "комиссия"
        alone is that body when the document names no other)."""
        if self.ctx.language != "ru":
            return set()
        out: set[str] = set()
        for m in c.mentions:
            k = self.ctx.tok_index(m.start)
            while k < len(self.ctx.toks) and self.ctx.toks[k].start < m.end:
                t = self.ctx.toks[k]
                if t.pos == "ADJ":
                    out.add(t.low)
                k += 1
        for m in c.mentions:  # the normal forms' words of those adjectives too
            for w in m.name.split():
                if stem_ru(w) in {stem_ru(a) for a in out}:
                    out.add(w.lower())
        return out

    def _country_before(self, m: _M) -> str | None:
        """The country a country adjective right before a one-word government body
        names ("британского МИДа" -> "Великобритании"; lang/ru/demonym_countries.tsv,
        state_bodies.txt); None for anything else ("российский Газпром")."""
        if not m.name.lower().startswith(_STATE_BODIES):
            return None
        before = re.search(r"(\w+)\s$", self.text[max(0, m.start - 40):m.start])
        if before is None:
            return None
        word = before.group(1).lower()
        for stem, country in _DEMONYM_COUNTRIES:
            if word.startswith(stem):
                return country
        return None

    def _join_org_heads(self, orgs: list[_Cluster]) -> None:
        """Russian: a one-word organisation ("МИД", "Минобороны", "Комиссия") joins the only
        longer organisation of the document that it heads with a place or adjectives ("МИД
        Великобритании", "британский МИД", "Европейская комиссия"): the bare word is that
        body, not the same one in every country; with another longer name it heads ("Совет
        Федерации" beside "Европейский совет") it stays alone.
        With two such names ("МИД России", "МИД Украины") it stays alone; a longer name
        that is not head + place ("Газпром нефть") takes nothing."""
        places = self.place_keys | set(COUNTRY_KEYS)
        longer: dict[str, list[_Cluster]] = {}
        headed: dict[str, list[_Cluster]] = {}  # every longer name, whatever its rest
        for c in orgs:
            if not c.mentions:
                continue
            words = c.canonical().name.split()
            if len(words) < 2:
                continue
            adjectives = self._adjective_words(c)
            for head, rest in ((words[0], words[1:]), (words[-1], words[:-1])):
                headed.setdefault(name_key(head), []).append(c)
                if all(place_key(w) in places or w.lower() in adjectives for w in rest):
                    longer.setdefault(name_key(head), []).append(c)
        for c in orgs:
            if not c.mentions or len(c.canonical().name.split()) != 1:
                continue
            key = name_key(c.canonical().name)
            heads = [o for o in longer.get(key, []) if o is not c]
            if len(heads) != 1 or len({id(o) for o in headed.get(key, []) if o is not c}) > 1:
                continue
            target = heads[0]
            for m in c.mentions:
                m.evidence = f"short form of '{target.canonical().name}'"
            target.mentions.extend(c.mentions)
            c.mentions = []

    # -- roles --------------------------------------------------------------------------
    def _person_spans(self) -> list[tuple[int, int, _Cluster]]:
        return sorted((m.start, m.end, c) for c in self.clusters if c.type == "PERSON"
                      for m in c.mentions)

    def _roles(self) -> None:
        ctx = self.ctx
        toks = ctx.toks
        spans = self._person_spans()
        person_tok = [False] * len(toks)
        for s, e, _ in spans:
            k = ctx.tok_index(s)
            while k < len(toks) and toks[k].start < e:
                person_tok[k] = True
                k += 1
        self.person_tok = person_tok
        seen: set[tuple[int, int]] = set()
        shared: Role | None = None  # a plural title over a list of names
        prev_end = -1
        for s, e, c in spans:
            if c.mentions and any(m.start == s and m.kind != "name" for m in c.mentions):
                continue
            before = self._role_before(s, person_tok, c, spans)
            if before is None and shared is not None and prev_end >= 0 and \
                    _LIST_GAP.fullmatch(self.text[prev_end:s]):
                # "музыканты Юрий Царёв, Алексей Борисов и Павел Шевелёв": each named one
                if shared not in c.roles:
                    c.roles.append(shared)
            else:
                shared = before if before is not None and self._plural_head(before) else None
            prev_end = e
            listed = self._listed_roles(before, person_tok) if before is not None else []
            for role in (before, *listed, self._role_after(e, person_tok),
                         self._role_by_appointment(s, e, person_tok)):
                if role is None or (role.start, role.end) in seen:
                    continue
                seen.add((role.start, role.end))
                c.roles.append(role)

    def _listed_roles(self, role: Role, person_tok: list[bool]) -> list[Role]:
        """Titles listed before the one next to the name: "писатель, поэт и журналист
        Дмитрий Быков" gives Bykov all three (each a noun phrase of its own, in the
        listed title's case)."""
        ctx = self.ctx
        toks, lang = ctx.toks, ctx.language
        k = ctx.tok_index(role.start)
        head = next((t for t in toks[k : k + 6] if role_head(t, lang)), None)
        out: list[Role] = []
        sent_start = ctx.sentence_start(role.start)
        while len(out) < 4 and k >= 2 and toks[k - 1].low in (",", "и", "and") and (
                toks[k - 1].start >= sent_start):
            j = k - 1
            i = j
            while i > 0 and j - i < 4 and not person_tok[i - 1] and toks[i - 1].pos in (
                    "NOUN", "ADJ", "PROPN") and toks[i - 1].start >= sent_start:
                i -= 1
            heads = [y for y in range(i, j) if role_head(toks[y], lang)]
            if not heads or (lang == "ru" and head is not None and not _same_case(
                    toks[heads[-1]], head)):
                break
            ph = read_phrase(ctx, i, j)
            if ph is None:
                break
            out.append(Role(phrase_text(ctx, ph, i, j), ph.start, ph.end,
                            role_concepts(ph.concept, ph), ph.deputy, ph.keys, ph.qualifiers,
                            "apposition"))
            k = i
        return out

    def _plural_head(self, role: Role) -> bool:
        """Whether a title phrase's head noun is plural ("музыканты", "the ministers")."""
        toks = self.ctx.toks
        k = self.ctx.tok_index(role.start)
        while k < len(toks) and toks[k].start < role.end:
            t = toks[k]
            if role_head(t, self.ctx.language, toks[k - 1].low if k else ""):
                return t.plural
            k += 1
        return False

    def _role_before(self, start: int, person_tok: list[bool], c: _Cluster,
                     spans: list[tuple[int, int, _Cluster]]) -> Role | None:
        ctx = self.ctx
        toks = ctx.toks
        lang = ctx.language
        j = ctx.tok_index(start)  # first token of the name
        if j == 0 or j > len(toks):
            return None
        sent_start = ctx.sentence_start(start)
        i = j
        comma = False
        k = j - 1
        if toks[k].text == "," and k > 0:
            comma = True
            k -= 1
        budget = 12
        while k >= 0 and budget > 0:
            t = toks[k]
            if t.start < sent_start or person_tok[k]:
                break
            if "\n" in self.text[t.end : toks[k + 1].start]:
                break
            ok = False
            if t.pos in ("NOUN", "PROPN", "ADJ", "X", "NUM") and any(ch.isalpha() for ch in t.text):
                ok = t.pos != "X" or t.text[:1].isupper() or role_head(t, lang) is not None or (
                    t.low in ("of", "the", "for"))
            elif (lang == "en" and t.low in ("of", "for", "the", "to", "'s", "’s")) or (
                    lang == "en" and t.pos in ("DET", "PRON") and t.low in DETERMINERS) or (
                    lang == "ru" and t.low == "по") or t.text == "-":
                ok = True
            if not ok:
                break
            i = k
            k -= 1
            budget -= 1
        if i >= j - (1 if comma else 0):
            return None
        end = j - 1 if comma else j
        # the leftmost role head within toks[i:end]
        heads = [k for k in range(i, end) if role_head(toks[k], lang, toks[k - 1].low if k else "")
                 or is_deputy_marker(toks[k], lang)]
        if not heads:
            return None
        first = heads[0]
        if lang == "ru":
            # A title and its name agree in case: in "пресс-секретарь экс-президента США
            # Билла Клинтона" the name is the genitive title's, and "адвокат Александра
            # Кокорина" gives Kokorin no title at all.
            end_at = next((e for s2, e, _ in spans if s2 == start), toks[j].end)
            x = j
            while x < len(toks) and x - j < 4 and toks[x].start < end_at:
                x += 1
            agreeing = _agreeing_heads(toks, heads, toks[j:x] or [toks[j]])
            if agreeing is None:
                return None
            first = agreeing[0]
        while first > i and (
            toks[first - 1].pos in ("ADJ", "PROPN")
            or (toks[first - 1].text[:1].isupper() and toks[first - 1].pos in ("NOUN", "X"))
            or toks[first - 1].low in ("prime",)
        ) and (lang != "ru" or _same_case(toks[first - 1], toks[first])):
            first -= 1
        if lang == "en" and toks[end - 1].low in ("of", "the", "for", "to"):
            return None
        ph = read_phrase(ctx, first, end)
        if ph is None:
            return None
        if lang == "en" and comma and not (first > 0 and toks[first - 1].low == "the") and (
                not toks[first].text[:1].isupper()):
            return None  # "Putin, Lukashenko": a comma needs "the <title>, <name>"
        text = phrase_text(ctx, ph, first, end)
        how = "apposition"
        concepts = role_concepts(ph.concept, ph)
        keys, quals = ph.keys, ph.qualifiers
        if ph.concept == "counterpart":
            other = self._counterpart_of(start, c, spans)
            if other is not None:
                concepts = other.concepts
                # the other's title without its places: "his Belarusian counterpart" of
                # "Russian Foreign Minister" is a Belarusian Foreign Minister
                keys = ph.keys | {k for k in other.keys if not self._is_place_key(k)}
                quals = ph.qualifiers | other.qualifiers
                word = ctx.text[toks[ph.head_index].start : toks[ph.head_index].end]
                head_word = title_head_word(other.text, lang)
                if head_word and lang == "en":
                    own = other.text.split()
                    hi = own.index(head_word)
                    lead = [w for w in own[:hi] if not self._is_place_key(place_key(w))
                            and not is_demonym(w, self.place_keys) and w.lower() not in (
                                "the", "his", "her", "its")]
                    text = text.replace(word, " ".join([*lead, *own[hi:]]), 1)
                how = f"counterpart of '{self._name_of(other)}' ({other.text})"
        if lang == "en" and text.lower().startswith(("the ", "his ", "her ", "its ")):
            text = text.split(" ", 1)[1]
        return Role(text, ph.start, ph.end, concepts, ph.deputy, frozenset(keys),
                    frozenset(quals), how)

    def _is_place_key(self, key: str) -> bool:
        """Whether a role key names a place: a country (any spelling: "kazah" and
        "kazak"), a place or demonym the text tags, or a word tagged as a place."""
        return any(keys_match(key, k) for k in (*COUNTRY_KEYS, *self.place_keys)) or any(
            is_demonym(w, self.place_keys) for w in self._key_words.get(key, ()))

    def _name_of(self, role: Role) -> str:
        for c in self.clusters:
            if role in c.roles:
                return c.canonical().name
        return "?"

    def _counterpart_of(self, start: int, c: _Cluster,
                        spans: list[tuple[int, int, _Cluster]]) -> Role | None:
        sent = self.ctx.sentence(start)
        for s, _e, other in reversed(spans):
            if s >= start or other is c:
                continue
            if self.ctx.sentence(s) != sent:
                break
            roles = [r for r in other.roles if r.primary != "counterpart"]
            if roles:
                return roles[-1]
        return None

    def _role_after(self, end: int, person_tok: list[bool]) -> Role | None:
        ctx = self.ctx
        toks = ctx.toks
        lang = ctx.language
        k = ctx.tok_index(end)
        if k >= len(toks) or toks[k].text not in (",", "—", "–") or (
                "\n" in self.text[end : toks[k].start]):
            return None
        dash = toks[k].text != ","  # "Евгений Кисин — пианист", "X – a pianist"
        k += 1
        i = k
        if k < len(toks) and lang == "en" and toks[k].low in ("the", "a"):
            i = k = k + 1
        j = k
        while j < len(toks) and j - i < 14:
            t = toks[j]
            if t.text in (",", ":", "(", ";", ".", ")", "«", "»", '"', "“", "”", "—", "–") or (
                    person_tok[j]):
                break
            if "\n" in self.text[toks[j - 1].end : t.start] and j > i:
                break
            if t.pos in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ") and t.low not in ("and",):
                break
            j += 1
        if j == i or j - i > 13:
            return None
        if j < len(toks) and toks[j].text not in (",", ":", "(", ".", ";", "—", "–") and (
                "\n" not in self.text[toks[j - 1].end : toks[j].start]) and not (
                dash and toks[j].low in ("и", "and")):
            return None
        if lang == "en" and j - i >= 3 and all(
                toks[x].pos == "PROPN" and toks[x].text[:1].isupper() for x in (j - 1, j - 2)
        ) and toks[j - 3].low not in ("of", "the", "for", "to") and (
                toks[j - 1].low not in _ORG_WORDS) and not (j < len(toks) and toks[j].text == ":"):
            return None
        heads = [x for x in range(i, min(j, i + 5)) if role_head(toks[x], lang,
                 toks[x - 1].low if x else "") or is_deputy_marker(toks[x], lang)]
        if not heads:
            return None
        if lang == "ru" and ctx.tok_index(end) > 0 and not _same_case(
                toks[heads[0]], toks[ctx.tok_index(end) - 1]):
            return None  # "Кокорина, адвоката ...": the title agrees with its name
        if any(toks[x].low in lang_words(lang, "kinship") for x in range(i, heads[0])):
            return None  # "Мария Шукшина, дочь знаменитого писателя": the father's title
        ph = read_phrase(ctx, i, j)
        if ph is None:
            return None
        colon = j < len(toks) and toks[j].text == ":"
        if not colon and toks[j - 1].end < len(self.text):
            # e.g. "Vyacheslav Volodin, Chairman of the State Duma ... (Russia):"
            rest = self.text[toks[j - 1].end : toks[j - 1].end + 40]
            colon = bool(re.match(r"\s*\([^()\n]{1,30}\)\s*:", rest))
        text = phrase_text(ctx, ph, i, j)
        return Role(text, ph.start, ph.end, role_concepts(ph.concept, ph), ph.deputy, ph.keys,
                    ph.qualifiers, "speaker label" if colon else "apposition")

    def _role_by_appointment(self, start: int, end: int, person_tok: list[bool]) -> Role | None:
        """A title given by an appointment: "X was appointed head of the region", "X
        became prime minister", "the president appointed X (as) governor", "X назначен
        министром финансов", "назначил X губернатором"."""
        ctx = self.ctx
        toks, lang = ctx.toks, ctx.language
        k = ctx.tok_index(end)
        x = k
        while x < len(toks) and x - k < 3 and (toks[x].pos in ("AUX", "ADV") or (
                toks[x].low in _APPOINT_AUX)):
            x += 1
        role_verbs = lang_words(lang, "role_verbs")
        instrumental = False  # Russian: the title is the verb's instrumental complement
        if x < len(toks) and _appointing(toks[x], lang):
            i = x + 1
        elif (j := ctx.tok_index(start)) > 0 and _appointing(toks[j - 1], lang):
            i = k  # the object of an appointing verb: the title follows the name
        elif x < len(toks) and toks[x].low in role_verbs:
            i, instrumental = x + 1, True  # "работал журналистом", "worked as a journalist"
        elif x < len(toks) and any(toks[y].low in role_verbs for y in range(k, x)):
            i, instrumental = x, True  # "был министром", "является президентом"
        else:
            return None
        while i < len(toks) and toks[i].low in _APPOINT_SKIP:
            i += 1
        j = i
        while j < len(toks) and j - i < 12 and not person_tok[j]:
            t = toks[j]
            if "\n" in self.text[toks[j - 1].end : t.start] and j > i:
                break
            if not ((t.pos in ("NOUN", "PROPN", "ADJ", "X") and any(ch.isalpha() for ch in t.text))
                    or t.low in ("of", "the", "for", "and", "по", "-")):
                break
            if t.pos == "PROPN" and t.low in _STOP_CAPITALISED:
                break
            j += 1
        while j > i and toks[j - 1].low in ("of", "the", "for", "and", "по", "-"):
            j -= 1
        heads = [y for y in range(i, min(j, i + 3))
                 if role_head(toks[y], lang, toks[y - 1].low if y else "")
                 or is_deputy_marker(toks[y], lang)]
        if j == i or not heads:
            return None
        if instrumental and lang == "ru" and toks[heads[0]].case not in (None, "Ins"):
            return None  # "был министром", not "был министр" (another's subject)
        if instrumental and lang == "en" and not any(toks[y].low == "as" for y in range(k, i)):
            return None  # "worked as a journalist", not "worked the journalist"
        ph = read_phrase(ctx, i, j)
        if ph is None:
            return None
        return Role(phrase_text(ctx, ph, i, j), ph.start, ph.end, role_concepts(ph.concept, ph),
                    ph.deputy, ph.keys, ph.qualifiers, "appointment")

    # -- descriptions -------------------------------------------------------------------
    def _descriptions(self) -> None:
        ctx = self.ctx
        persons = [c for c in self.clusters if c.type == "PERSON"]
        if not any(c.roles for c in persons):
            self._collect_unresolved()
            return
        role_spans = sorted((r.start, r.end) for c in persons for r in c.roles)
        taken = sorted([(m.start, m.end) for c in self.clusters for m in c.mentions
                        if c.type != "PERSON"] + role_spans)
        for phrase in self._description_phrases(role_spans):
            start, end, ph, det = phrase
            head = ctx.toks[ph.head_index]
            if self._inside(taken, head.start, head.end):
                continue
            best = self._match(ph, start)
            words = ctx.text[start:end]
            shown = f"{det} {words}" if det else words
            if best is None:
                self.unresolved.append((start, end, shown))
                continue
            score, cluster, role = best
            m = _M(start, end, "PERSON", words, words, normalise(words), kind="description")
            m.evidence = (f"{DESCRIPTION_EVIDENCE}{shown}' -> role '{role.text}' ({role.how} at "
                          f"{role.start}-{role.end}), score {score:.2f}")
            cluster.mentions.append(m)
            i, j = ctx.tok_index(start), ctx.tok_index(end)
            if j > i and cluster.type == "PERSON" and role.primary != description_concept(ph) \
                    and description_concept(ph) not in ("head_of_state", "head_of_government"):
                # a description that says more than the title it matched ("глава ведомства"
                # of a "руководитель Рособрнадзора" says the same; "глава государства" of a
                # president too)
                cluster.described.append((start, end, _shown_role(phrase_text(ctx, ph, i, j))))

    def _collect_unresolved(self) -> None:
        for start, end, _ph, det in self._description_phrases([]):
            words = self.text[start:end]
            self.unresolved.append((start, end, f"{det} {words}" if det else words))

    @staticmethod
    def _inside(spans: list[tuple[int, int]], s: int, e: int, strict: bool = False) -> bool:
        k = bisect_right(spans, (s, 10**12)) - 1
        for x in range(max(0, k - 2), min(len(spans), k + 3)):
            a, b = spans[x]
            if strict:
                if a <= s and e <= b:
                    return True
                if a < e and s < b and (a <= s or e <= b) and not (a >= s and b <= e):
                    # a role/name overlapping the head region
                    return True
            elif a < e and s < b:
                return True
        return False

    def _description_phrases(self, role_spans: list[tuple[int, int]]
                             ) -> list[tuple[int, int, Phrase, str]]:
        ctx = self.ctx
        toks = ctx.toks
        lang = ctx.language
        person_tok = getattr(self, "person_tok", [False] * len(toks))
        out: list[tuple[int, int, Phrase, str]] = []
        k = 0
        n = len(toks)
        while k < n:
            t = toks[k]
            h = role_head(t, lang, toks[k - 1].low if k else "", titles_only=True)
            if h is None or t.plural or person_tok[k]:
                k += 1
                continue
            if lang == "en" and t.low != t.text.lower():
                k += 1
                continue
            if lang == "en" and t.low.endswith("s") and t.low not in EN_HEADS:
                k += 1
                continue
            if self._inside(role_spans, t.start, t.end):
                k += 1
                continue
            # left: modifiers
            i = k
            while i > 0:
                p = toks[i - 1]
                if person_tok[i - 1] or "\n" in self.text[p.end : toks[i].start]:
                    break
                if is_deputy_marker(p, lang) or p.low == "prime":
                    i -= 1
                    continue
                if lang == "en" and p.pos in ("ADJ", "PROPN") and p.low not in DETERMINERS and (
                        p.low not in NOT_DESCRIPTION_BEFORE):
                    i -= 1
                    continue
                if lang == "en" and p.pos == "NOUN" and p.text[:1].isupper():
                    i -= 1
                    continue
                if lang == "ru" and p.pos in ("ADJ",) and p.low not in NOT_DESCRIPTION_BEFORE:
                    i -= 1
                    continue
                break
            det = ""
            before = toks[i - 1] if i > 0 else None
            if before is not None and before.low in NOT_DESCRIPTION_BEFORE:
                k += 1
                continue
            if before is not None and before.low in DETERMINERS and "\n" not in self.text[
                    before.end : toks[i].start]:
                det = before.text
            # right: complement
            j = k + 1
            if lang == "en":
                if j < n and toks[j].low == "minister" and t.low == "prime":
                    j += 1
                if j < n and toks[j].low in ("of", "to") and (
                        h[0] != "head" or toks[j].low == "of") and (
                        not person_tok[min(j + 1, n - 1)]):
                    x = j + 1
                    last_good = j
                    while x < n and x - j <= 8:
                        u = toks[x]
                        if person_tok[x] or "\n" in self.text[toks[x - 1].end : u.start]:
                            break
                        if u.low in ("the", "of") or u.pos in ("PROPN", "ADJ") or (
                                u.pos == "NOUN" and not u.plural) or (
                                u.pos == "X" and u.text[:1].isupper()):
                            if u.low not in ("the", "of"):
                                last_good = x
                            x += 1
                            continue
                        break
                    if last_good > j:
                        j = last_good + 1
            else:
                x = j
                while x < n and x - j < 5:
                    u = toks[x]
                    if person_tok[x] or u.pos not in ("NOUN", "PROPN", "ADJ") or not (
                            u.case == "Gen" or (u.pos == "PROPN" and u.dep.startswith("nmod"))):
                        break
                    x += 1
                j = x
            # a name right after it: an apposition, not a description
            if j < n and (person_tok[j] or (toks[j].text == "," and j + 1 < n
                                             and person_tok[j + 1] and det)):
                k = j
                continue
            if j < n and lang == "en" and toks[j].pos == "PROPN" and (
                    toks[j].text[:1].isupper()) and toks[j].start - toks[j - 1].end <= 1:
                k = j
                continue
            # English: a bare lower-case title without article is not a reference
            if lang == "en" and not det and not t.text[:1].isupper() and toks[i].text[:1].islower():
                sent_start = ctx.sentence_start(t.start)
                if toks[i].start != sent_start:
                    k = j
                    continue
            # "head"/"глава" alone says nothing
            if h[0] == "head" and j == k + 1:
                k = j
                continue
            ph = read_phrase(ctx, i, j)
            if ph is not None:
                out.append((toks[i].start, toks[j - 1].end, ph, det))
            k = j
        return out

    def _match(self, ph: Phrase, offset: int) -> tuple[float, _Cluster, Role] | None:
        concept = description_concept(ph)
        para = self.ctx.paragraph(offset)
        scored: list[tuple[float, int, _Cluster, Role]] = []
        last_seen: dict[int, int] = {}
        for idx, c in enumerate(self.clusters):
            if c.type != "PERSON" or not c.roles:
                continue
            before = [m.start for m in c.mentions if m.start < offset]
            last_seen[idx] = max(before) if before else -1
            best: tuple[float, Role] | None = None
            for r in c.roles:
                s = compat(ph, concept, r)
                if s is not None and (best is None or s > best[0]):
                    best = (s, r)
            if best is None:
                continue
            score, role = best
            if last_seen[idx] < 0:
                score -= 0.15
            elif self.ctx.paragraph(last_seen[idx]) == para:
                score += 0.05
            scored.append((score, idx, c, role))
        if not scored:
            return None
        latest = max((last_seen[idx] for _, idx, _, _ in scored), default=-1)
        final = []
        for score, idx, c, role in scored:
            if latest >= 0 and last_seen[idx] == latest:
                score += 0.1
            final.append((round(min(score, 1.0), 2), idx, c, role))
        final.sort(key=lambda x: (-x[0], x[1]))
        top = final[0]
        if top[0] < 0.5:
            return None
        if len(final) > 1 and final[1][0] == top[0]:
            return None
        return top[0], top[2], top[3]


# Parts of speech a one-word Russian name never has (natasha's UD tags).
_NOT_NAME_POS = frozenset({"VERB", "ADV", "ADJ", "SCONJ", "CCONJ", "ADP", "PRON", "DET",
                           "AUX", "PART", "NUM", "INTJ"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord"})
_ORG_WORDS = lang.words("en", "org_words")
_ORG_STEMS_RU = tuple(sorted(lang.words("ru", "org_words"), key=len, reverse=True))


_STATE_BODIES = tuple(lang.word_list("ru", "state_bodies"))
_DEMONYM_COUNTRIES = tuple(sorted(lang.table("ru", "demonym_countries").items(),
                                  key=lambda kv: -len(kv[0])))
# Russian surname endings: "Советов", "Банкова" are names, whatever org stem they start with.
_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ова", "ева", "ёва", "ина", "ына", "ский",
                    "ская", "цкий", "цкая")


def _org_word(word: str) -> bool:
    """Whether ``word`` makes a capitalised phrase an organisation or a place ("Region",
    "Театра", "Академии"): an English org word, or a Russian org stem with at most a
    three-letter ending."""
    low = word.lower()
    if low in _ORG_WORDS:
        return True
    return is_cyrillic(low) and any(
        low.startswith(stem) and len(low) - len(stem) <= 3 for stem in _ORG_STEMS_RU)
_COORDINATORS = frozenset({"and", "or", "и", "или"})
# Appointing verbs (word forms; Russian stems): the title after them is the person's.
_APPOINT_EN = frozenset({
    "appointed", "reappointed", "named", "elected", "re-elected", "nominated", "became",
    "becomes", "become", "confirmed", "installed",
})
_APPOINT_RU = ("назначен", "назначил", "переназначен", "избран", "стал", "станет",
               "утвержден", "утверждён", "утвердил")
_APPOINT_AUX = frozenset({"was", "is", "has", "had", "have", "been", "be", "will", "also",
                          "был", "была", "было", "будет", "уже", "официально"})
_APPOINT_SKIP = frozenset({"as", "the", "a", "an", "its", "their", "his", "her", "new"})


def _shown_role(text: str) -> str:
    """A description as a role: without a leading article or possessive."""
    first, _, rest = text.partition(" ")
    return rest if rest and first.lower() in DETERMINERS else text


# What may stand between two names of one list: "A, B и C", "A and B".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:и|and)\s+)?|(?:и|and)\s+)")


def _same_case(a: Tok, b: Tok) -> bool:
    """Whether two Russian words agree in case (unknown case agrees with anything)."""
    return a.case is None or b.case is None or a.case == b.case


def _agreeing_heads(toks: list[Tok], heads: list[int], name: list[Tok]) -> list[int] | None:
    """The role heads (token indices) whose case agrees with one of the name's words
    (a foreign first name is often tagged in another case: "Джо Байдена"); None when
    the name agrees with none of them. A name of unknown case agrees with every head."""
    cases = {t.case for t in name}
    if None in cases:
        return heads
    ok = [k for k in heads if toks[k].case is None or toks[k].case in cases]
    return ok or None


def _appointing(tok: Tok, language: str) -> bool:
    if language == "ru":
        return tok.low.startswith(_APPOINT_RU)
    return tok.low in _APPOINT_EN
_STOP_CAPITALISED = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "the", "this", "that", "president", "minister",
})


# A personal-name word: capitalised letters, optionally hyphenated ("Jean-Pierre").
_NAME_SHAPE = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ]?[a-zа-яё]+)?")
# Capitalised words after a title that are part of the title, not a name.
_NOT_NAME_AFTER_TITLE = frozenset({"general", "elect", "emeritus", "designate", "генерал"})
# Surname-like endings (Slavic, Caucasian, Baltic, Nordic patronymic), for names the
# tagger missed: Latin script as written, Cyrillic with an optional case ending.
_SURNAME_LATIN = re.compile(
    r"(?:ov|ova|ev|eva|yov|in|ina|yn|yna|sky|skiy|ski|skaya|tsky|tskaya|enko|enka|uk"
    r"|chuk|ich|vich|ko|ets|yan|ian|dze|shvili|iene|aite|son|sen)$")
_SURNAME_CYR = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ск|цк|енк|ук|юк|ич|ко|ец|ян|дзе|швили)"
    r"(?:а|у|ым|ом|е|ой|ую|ого|ому|им|ий|ая|ые|ых)?$")


def _surname_like(word: str) -> bool:
    low = word.lower()
    if len(low) < 4:
        return False
    return bool((_SURNAME_CYR if is_cyrillic(low) else _SURNAME_LATIN).search(low))


def ctx_is_ru(ctx: DocContext) -> bool:
    return ctx.language == "ru"


def normalise(s: str) -> str:
    return " ".join(s.casefold().replace("ё", "е").split())


# Country names whose forms differ beyond a folded prefix.
_OTHER_ALIASES: dict[str, str] = {
    "russian federation": "russia", "rf": "russia", "российская федерация": "россия",
    "рф": "россия", "republic of belarus": "belarus", "республика беларусь": "беларусь",
    "белоруссия": "беларусь", "byelorussia": "belarus", "united states": "us", "usa": "us",
    "u.s.": "us", "united states of america": "us", "сша": "сша", "united kingdom": "uk",
    "britain": "uk", "great britain": "uk", "u.k.": "uk", "соединенные штаты": "сша",
    "великобритания": "британия", "yakutia": "sakha", "sakha republic": "sakha",
    "republic of sakha": "sakha", "якутия": "саха", "республика саха": "саха",
    "республика саха (якутия)": "саха",
}


def _other_key(name: str) -> str:
    n = normalise(name)
    return _OTHER_ALIASES.get(n, n)


# --- the public result ----------------------------------------------------------------------

_PRONOUNS_EN = {"he": False, "him": False, "his": False, "himself": False, "she": True,
                "her": True, "hers": True, "herself": True}
_PRONOUNS_RU = {"он": False, "его": False, "ему": False, "им": False, "нем": False,
                "нём": False, "него": False, "нему": False, "ним": False, "она": True,
                "ее": True, "её": True, "ей": True, "ней": True, "нее": True, "неё": True,
                "нею": True, "ею": True}


@dataclass(slots=True)
class DocumentIdentities:
    """The identities of one document; see the module docstring."""

    text: str
    language: str
    entities: list[Entity]
    unresolved: list[tuple[int, int, str]] = field(default_factory=list)
    _index: list[tuple[int, int, int]] = field(default_factory=list, repr=False)
    _female: dict[int, bool | None] = field(default_factory=dict, repr=False)
    _subjects: set[int] = field(default_factory=set, repr=False)
    _sent_starts: list[int] = field(default_factory=list, repr=False)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity whose mention overlaps ``text[start:end]`` most; a lone pronoun
        there is resolved with :meth:`resolve_pronoun`."""
        k = bisect_right(self._index, (start, 10**12, 0))
        best: tuple[int, int] | None = None
        for x in range(max(0, k - 8), min(len(self._index), k + 8)):
            s, e, idx = self._index[x]
            overlap = min(e, end) - max(s, start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, idx)
        if best is not None:
            return self.entities[best[1]]
        word = self.text[start:end].strip().lower()
        if word in _PRONOUNS_EN or word in _PRONOUNS_RU:
            return self.resolve_pronoun(start)
        return None

    def resolve_pronoun(self, offset: int, prefer_speaker: Entity | None = None
                        ) -> Entity | None:
        """The person a third-person pronoun at ``offset`` most likely refers to."""
        m = re.match(r"\w+", self.text[offset : offset + 12])
        word = m.group().lower() if m else ""
        female = _PRONOUNS_EN.get(word) if self.language == "en" else _PRONOUNS_RU.get(word)
        if female is None:
            female = _PRONOUNS_EN.get(word, _PRONOUNS_RU.get(word))

        def fits(idx: int) -> bool:
            g = self._female.get(idx)
            return female is None or g is None or g == female

        if prefer_speaker is not None:
            for idx, e in enumerate(self.entities):
                same = e is prefer_speaker or (e.id, e.name) == (prefer_speaker.id,
                                                                  prefer_speaker.name)
                if same and fits(idx):
                    return e
        sent = bisect_right(self._sent_starts, offset) - 1
        best: tuple[float, int] | None = None
        for s, _e, idx in self._index:
            if s >= offset:
                break
            if self.entities[idx].type != "PERSON" or not fits(idx):
                continue
            distance = sent - (bisect_right(self._sent_starts, s) - 1)
            score = -float(distance) + (0.5 if s in self._subjects else 0.0) + s / 10**7
            if best is None or score > best[0]:
                best = (score, idx)
        return self.entities[best[1]] if best else None


def _subject_starts(ctx: DocContext) -> set[int]:
    return {t.start for t in ctx.toks if t.dep in ("nsubj", "nsubj:pass", "nsubjpass")}


def _alias_forms(m: _M, language: str) -> list[str]:
    """The name forms a mention adds to its entity's aliases: the surface and the normal
    form; in Russian only the normal (nominative) form when the surface is an inflected
    Cyrillic form of it ("Петра Иванова" -> "Петр Иванов" alone), so that no alias, and
    so no display name, carries a case ending."""
    surface, name = " ".join(m.surface.split()), " ".join(m.name.split())
    if language == "ru" and is_cyrillic(surface) and normalise(surface) != normalise(name):
        return [name]
    return [surface, name]


def resolve_document(text: str, annotation: Annotation) -> DocumentIdentities:
    """Group every mention of ``text`` into identities; see the module docstring."""
    from presswatch.extract.entities import entity_id

    resolver = _Resolver(text, annotation)
    clusters = resolver.run()
    built: list[tuple[Entity, _Cluster]] = []
    for c in clusters:
        if not c.mentions:
            continue
        c.mentions.sort(key=lambda m: (m.start, m.end))
        canon = c.canonical()
        mentions: list[tuple[int, int]] = []
        evidence: list[str] = []
        aliases: list[str] = []
        for m in c.mentions:
            if mentions and mentions[-1] == (m.start, m.end):
                continue
            mentions.append((m.start, m.end))
            evidence.append(m.evidence + m.note)
            if m.kind == "name":
                for form in _alias_forms(m, annotation.language):
                    if form and form not in aliases:
                        aliases.append(form)
        name = canon.name
        if annotation.language == "ru" and c.type == "PERSON":
            # No case ending left in a name word the text also writes in the nominative
            # (natasha leaves many foreign surnames as written: "Сергей Скрипаля").
            written = [w for m in c.mentions if m.kind == "name"
                       for w in (*m.surface.split(), *m.name.split())]
            name = nominative_name(name, written, c.female)
            aliases = [nominative_name(a, written, c.female) for a in aliases]
            aliases = list(dict.fromkeys([name, *aliases] if name != canon.name else aliases))
        if annotation.language == "ru":
            aliases = nominative_forms(aliases)
        roles: list[str] = []
        role_spans: list[tuple[int, int]] = []
        for r in sorted(c.roles, key=lambda r: r.start):
            if r.text in roles:
                continue
            roles.append(r.text)
            role_spans.append((r.start, r.end))
        for ds, de, shown in c.described:
            if shown and shown not in roles:
                roles.append(shown)
                role_spans.append((ds, de))
        entity = Entity(
            id=entity_id(c.type, name),
            name=name,
            type=c.type,
            mentions=mentions,
            roles=roles,
            role_spans=role_spans,
            aliases=aliases,
            evidence=evidence,
        )
        built.append((entity, c))
    built.sort(key=lambda pair: pair[0].mentions[0])
    entities = [e for e, _ in built]
    index = sorted((s, e, idx) for idx, ent in enumerate(entities) for s, e in ent.mentions)
    female = {idx: c.female for idx, (_, c) in enumerate(built)}
    return DocumentIdentities(
        text=text,
        language=annotation.language,
        entities=entities,
        unresolved=resolver.unresolved,
        _index=index,
        _female=female,
        _subjects=_subject_starts(resolver.ctx),
        _sent_starts=resolver.ctx.sent_starts,
    )


def describe(identities: DocumentIdentities) -> list[dict[str, Any]]:
    """A readable dump (name, type, roles, mentions with evidence), for debugging."""
    out = []
    for e in identities.entities:
        out.append({
            "name": e.name, "type": e.type, "roles": e.roles, "aliases": e.aliases,
            "mentions": [(identities.text[s:t], ev) for (s, t), ev in zip(
                e.mentions, e.evidence, strict=True)],
        })
    return out
