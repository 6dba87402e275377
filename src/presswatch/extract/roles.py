"""Titles in text: the token view identity reads, the role vocabulary (English and
Russian head nouns, deputy markers, scope words, demonyms), and reading a run of tokens
as a role phrase (:func:`read_phrase`: head concept, deputy flag, place and qualifier
keys) for within-document identity (:mod:`presswatch.extract.identity`): titles given to
a person, and descriptions ("the Russian leader", "глава государства") matched against
them (:func:`compat`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from presswatch import lang
from presswatch.extract.namekeys import keys_match, place_key
from presswatch.model import Annotation

# --- tokens -------------------------------------------------------------------------------


class Tok(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    pos: str  # universal POS, "X" when unknown
    plural: bool
    case: str | None  # Russian grammatical case, None elsewhere
    dep: str


_SPACY_NAMES: dict[int, str] = {}  # spaCy string-store hashes of POS/TAG/DEP labels
_REGEX_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


def _tokens(text: str, annotation: Annotation) -> list[Tok]:
    native = annotation.native
    out: list[Tok] = []
    if native is not None and hasattr(native, "vocab"):  # spaCy Doc
        from spacy.attrs import DEP, IDX, LENGTH, POS, TAG

        strings = native.vocab.strings
        names = _SPACY_NAMES
        doc_text = native.text
        for idx, length, pos, tag, dep in native.to_array([IDX, LENGTH, POS, TAG, DEP]).tolist():
            word = doc_text[idx : idx + length]
            if not word or word.isspace():
                continue
            for h in (pos, tag, dep):
                if h not in names:
                    names[h] = strings[h] if h else ""
            out.append(Tok(idx, idx + len(word), word, word.lower(), names[pos],
                           names[tag] in ("NNS", "NNPS"), None, names[dep]))
        return out
    if native is not None and getattr(native, "tokens", None) is not None:  # natasha Doc
        for t in native.tokens:
            feats = t.feats or {}
            out.append(Tok(t.start, t.stop, t.text, t.text.lower(), t.pos or "X",
                           feats.get("Number") == "Plur", feats.get("Case"), t.rel or ""))
        return out
    for m in _REGEX_TOKEN.finditer(text):
        w = m.group()
        out.append(Tok(m.start(), m.end(), w, w.lower(), "X", False, None, ""))
    return out


# --- role vocabulary ----------------------------------------------------------------------

EN_HEADS: dict[str, str] = {
    "president": "president", "leader": "leader", "head": "head", "chief": "head",
    "premier": "premier", "chancellor": "premier", "minister": "minister",
    "governor": "governor", "mayor": "mayor", "chairman": "chairman",
    "chairwoman": "chairman", "chairperson": "chairman", "speaker": "speaker",
    "ambassador": "ambassador", "envoy": "ambassador", "director": "director",
    "ceo": "director", "secretary": "secretary", "spokesman": "spokesperson",
    "spokeswoman": "spokesperson", "spokesperson": "spokesperson", "aide": "aide",
    "adviser": "aide", "advisor": "aide", "counterpart": "counterpart", "king": "monarch",
    "queen": "monarch", "monarch": "monarch", "commander": "commander",
    **{w: w for w in (
        "engineer", "economist", "analyst", "official", "expert", "professor", "scientist",
        "correspondent", "journalist", "lawyer", "activist", "entrepreneur", "businessman",
        "businesswoman", "manager", "founder", "owner", "rector", "dean", "judge",
        "prosecutor", "coach", "governor-general", "senator", "lawmaker",
    )},
}
_EN_DEPUTY = frozenset({"deputy", "vice", "vice-president", "first"})
_RU_HEADS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("президент", "president", frozenset({"", "а", "у", "ом", "е"})),
    ("премьер-министр", "premier", frozenset({"", "а", "у", "ом", "е"})),
    ("премьер", "premier", frozenset({"", "а", "у", "ом", "е"})),
    ("лидер", "leader", frozenset({"", "а", "у", "ом", "е"})),
    ("глав", "head", frozenset({"а", "ы", "е", "у", "ой", "ою"})),
    ("руководител", "head", frozenset({"ь", "я", "ю", "ем", "е"})),
    ("замминистр", "minister*", frozenset({"", "а", "у", "ом", "е"})),
    ("министр", "minister", frozenset({"", "а", "у", "ом", "е"})),
    ("губернатор", "governor", frozenset({"", "а", "у", "ом", "е"})),
    ("мэр", "mayor", frozenset({"", "а", "у", "ом", "е"})),
    ("председател", "chairman", frozenset({"ь", "я", "ю", "ем", "е"})),
    ("спикер", "speaker", frozenset({"", "а", "у", "ом", "е"})),
    ("посол", "ambassador", frozenset({""})),
    ("посл", "ambassador", frozenset({"а", "у", "ом"})),
    ("гендиректор", "director", frozenset({"", "а", "у", "ом", "е"})),
    ("директор", "director", frozenset({"", "а", "у", "ом", "е"})),
    ("пресс-секретар", "spokesperson", frozenset({"ь", "я", "ю", "ем", "е"})),
    ("секретар", "secretary", frozenset({"ь", "я", "ю", "ем", "е"})),
    ("помощник", "aide", frozenset({"", "а", "у", "ом", "е"})),
    ("советник", "aide", frozenset({"", "а", "у", "ом", "е"})),
    ("коллег", "counterpart", frozenset({"а", "и", "е", "у", "ой", "ою"})),
    ("канцлер", "premier", frozenset({"", "а", "у", "ом", "е"})),
    ("корол", "monarch", frozenset({"ь", "я", "ю", "ем", "е"})),
)
_RU_DEPUTY_STEMS = ("заместител", "замглав", "вице-", "первый", "первого", "первому")

# Words that give a role its scope rather than a key.
_SCOPE_STATE = frozenset({"state", "country", "nation", "государств", "стран"})
_SCOPE_GOVT = frozenset({"government", "cabinet", "правительств", "кабинет"})
_SCOPE_REGION_PREFIXES = (
    "region", "republic", "oblast", "krai", "province", "territory", "district",
    "регион", "област", "республик", "кра", "округ", "облисполком", "исполком",
)
GENERIC_WORDS = frozenset({
    "of", "the", "for", "to", "and", "a", "an", "his", "her", "its", "their", "our",
    "republic", "region", "regional", "federation", "federal", "state", "oblast", "krai",
    "province", "executive", "committee", "government", "national", "city", "country",
    "по", "и", "республика", "республики", "республикой", "регион", "региона", "области",
    "область", "федерации", "федерация", "государства", "государство", "страны",
    "правительства", "облисполкома", "облисполком", "исполкома", "края", "край", "города",
})
NOT_DESCRIPTION_BEFORE = frozenset({
    "a", "an", "every", "any", "each", "another", "no", "former", "ex", "late", "one",
    "каждый", "каждому", "каждого", "любой", "любому", "любого", "бывший", "бывшего",
    "бывшему", "экс", "новый", "другой", "другого", "один", "одного",
})
DETERMINERS = frozenset({"the", "his", "her", "its", "their", "our", "this", "that"})
COUNTRY_KEYS = frozenset({
    "russi", "belar", "ukrai", "kazak", "china", "us", "franc", "germa", "brita", "poland",
    "turke", "georg", "armen", "azerb", "moldo", "uzbek", "kyrgy", "tajik", "lithu",
    "latvi", "eston", "iran", "india", "japan", "росси", "белар", "украи", "казах",
    "китай", "сша", "франц", "герма", "брита", "польш", "турци", "грузи", "армен",
    "азерб", "молдо", "узбек", "кирги", "таджи", "литва", "латви", "эстон", "иран",
    "индия", "япони",
})


# Inflection endings of Russian nouns (and substantivised adjectives), longest first, and
# the nominative endings a stem may take back: "музыкантами" -> "музыкант", "певицы" ->
# "певица", "писателем" -> "писатель", "ученым" -> "ученый".
_RU_ENDINGS = ("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ах", "ях", "ам", "ям",
               "ом", "ем", "ой", "ей", "ою", "ею", "ов", "ев", "ый", "ий", "ая", "ое", "ые",
               "ие", "ым", "им", "ую", "ых", "их", "а", "я", "у", "ю", "ы", "и", "е", "ь", "й",
               "")
_RU_NOMINATIVE = ("", "а", "я", "ь", "й", "ый", "ий", "ой", "ая")


def ru_profession(low: str) -> str | None:
    """The occupation (``lang/ru/professions.txt``, nominative) an inflected Russian word
    names, or None: "футболиста" -> "футболист", "певцом" -> "певец" (fleeting vowel),
    "хип-хоп-исполнителю" -> "исполнитель" (the last part of a hyphenated compound)."""
    known = lang.words("ru", "professions")
    word = low.replace("ё", "е")
    forms = [word, word.rsplit("-", 1)[-1]]
    forms += [word[len(p):] for p in lang.word_list("ru", "profession_prefixes")
              if word.startswith(p) and len(word) - len(p) >= 5]
    for w in dict.fromkeys(forms):
        for end in _RU_ENDINGS:
            if not w.endswith(end) or len(w) - len(end) < 3:
                continue
            stem = w[: len(w) - len(end)]
            for back in _RU_NOMINATIVE:
                if stem + back in known:
                    return stem + back
            if stem.endswith("ц") and stem[:-1] + "ец" in known:  # певца -> певец
                return stem[:-1] + "ец"
    return None


def en_profession(low: str) -> str | None:
    """The occupation (``lang/en/professions.txt``) an English word names, singular or
    plural ("journalists" -> "journalist")."""
    known = lang.words("en", "professions")
    for w in (low, low[:-1] if low.endswith("s") else "", low[:-2] if low.endswith("es") else ""):
        if w and w in known:
            return w
    return None


def role_head(tok: Tok, language: str, prev_low: str = "", titles_only: bool = False
              ) -> tuple[str, bool] | None:
    """(concept, deputy) when ``tok`` is a role head noun, else None. Titles (president,
    minister, head ...) have their own concepts; an occupation (``professions.txt``:
    musician, judge, colonel ...) is its own concept, unless ``titles_only``."""
    low = tok.low
    if language == "ru":
        deputy = False
        if low.startswith("вице-"):
            low, deputy = low[5:], True
        for stem, concept, endings in _RU_HEADS:
            if low.startswith(stem) and low[len(stem):] in endings:
                if concept.endswith("*"):
                    return concept[:-1], True
                return concept, deputy
        if titles_only or tok.pos not in ("NOUN", "PROPN", "X"):
            return None
        prof = ru_profession(low)
        return (prof, deputy) if prof else None
    if low.startswith("vice-"):
        low = low[5:]
    head = EN_HEADS.get(low)
    if head is None:
        if titles_only or tok.pos not in ("NOUN", "PROPN", "X") or (
                tok.pos == "PROPN" and tok.text[:1].isupper()):
            return None
        prof = en_profession(low)
        return (prof, False) if prof else None
    if head == "minister" and prev_low == "prime":
        return "premier", False
    return head, False


def is_deputy_marker(tok: Tok, language: str) -> bool:
    if language == "ru":
        return tok.low.startswith(_RU_DEPUTY_STEMS) and tok.low not in ("первый", "первого")
    return tok.low in _EN_DEPUTY and tok.low != "first"


_DEMONYM_EN = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ic|an|i)$")
_DEMONYMS = frozenset({
    "russian", "belarusian", "belarussian", "byelorussian", "ukrainian", "american",
    "british", "chinese", "french", "german", "polish", "kazakh", "georgian", "armenian",
    "lithuanian", "latvian", "estonian", "moldovan", "turkish", "iranian", "israeli",
    "syrian", "european", "western", "soviet", "белорус", "белоруска", "русский",
    "россиянин", "украинец",
})


def is_demonym(word: str, place_keys: set[str]) -> bool:
    low = word.lower()
    if low in _DEMONYMS:
        return True
    if " " in word:
        return False
    if _DEMONYM_EN.match(word):
        key = place_key(word)
        return key in place_keys or key in COUNTRY_KEYS
    return False


# --- roles and descriptions ----------------------------------------------------------------


@dataclass(slots=True)
class Role:
    """A title the text gives a person, read for matching."""

    text: str  # normalised role text
    start: int
    end: int
    concepts: tuple[str, ...]
    deputy: bool
    keys: frozenset[str]
    qualifiers: frozenset[str]  # lower-case content words (e.g. "opposition")
    how: str  # "apposition", "speaker label", "counterpart", "appointment"

    @property
    def primary(self) -> str:
        return self.concepts[0]


@dataclass(slots=True)
class Phrase:
    start: int
    end: int
    concept: str
    deputy: bool
    keys: frozenset[str]
    qualifiers: frozenset[str]
    head_index: int
    first_head: int
    region_scope: bool
    state_scope: bool
    govt_scope: bool


def role_concepts(concept: str, ph: Phrase) -> tuple[str, ...]:
    country = any(k in COUNTRY_KEYS for k in ph.keys)
    if concept == "president":
        return ("president", "head_of_state", "leader")
    if concept == "premier":
        return ("premier", "head_of_government", "leader")
    if concept == "monarch":
        return ("monarch", "head_of_state", "leader")
    if concept == "head":
        if ph.state_scope:
            return ("head_of_state", "leader", "head")
        if ph.govt_scope:
            return ("head_of_government", "premier", "leader", "head")
        if ph.region_scope or (ph.keys and not country and not ph.qualifiers):
            return ("region_head", "head")
        return ("head",)
    if concept == "governor":
        return ("governor", "region_head")
    if concept in ("chairman", "director"):
        if ph.region_scope:
            return (concept, "region_head", "head")
        return (concept, "head")
    if concept == "leader":
        return ("leader",)
    return (concept,)


def _word_keys(words: Iterable[Tok], language: str) -> tuple[set[str], set[str], bool, bool,
                                                               bool]:
    keys: set[str] = set()
    quals: set[str] = set()
    region = state = govt = False
    for t in words:
        low = t.low
        if any(low.startswith(s) for s in _SCOPE_STATE):
            state = True
        if any(low.startswith(s) for s in _SCOPE_GOVT):
            govt = True
        if low.startswith(_SCOPE_REGION_PREFIXES) and (
                not low.startswith("кра") or low in ("край", "края", "краю")):
            region = True
        if low in GENERIC_WORDS or role_head(t, language) or is_deputy_marker(t, language):
            continue
        if not any(ch.isalpha() for ch in t.text):
            continue
        capital = t.text[:1].isupper()
        adjective = t.pos == "ADJ" or (language == "ru" and re.search(
            r"(?:ск|цк)(?:ий|ой|ая|ое|ие|ого|ому|им|ом|ую|ых|их|ей)$", low) is not None)
        if capital or (language == "ru" and adjective):
            keys.add(place_key(t.text))
        elif t.pos in ("NOUN", "ADJ", "X"):
            quals.add(place_key(t.text))
    return keys, quals, region, state, govt


class DocContext:
    """Per-document state shared by the steps."""

    def __init__(self, text: str, annotation: Annotation) -> None:
        self.text = text
        self.language = "ru" if annotation.language == "ru" else "en"
        self.toks = _tokens(text, annotation)
        self.starts = [t.start for t in self.toks]
        self.sent_starts = sorted(s for s, _ in annotation.sentences) or [0]
        self.para_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n|\n", text)]
        self.native = annotation.native

    def tok_index(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def sentence(self, offset: int) -> int:
        return bisect_right(self.sent_starts, offset) - 1

    def paragraph(self, offset: int) -> int:
        return bisect_right(self.para_starts, offset) - 1

    def sentence_start(self, offset: int) -> int:
        return self.sent_starts[max(0, self.sentence(offset))]


def read_phrase(ctx: DocContext, i: int, j: int) -> Phrase | None:
    """Read tokens ``i..j-1`` as a role phrase: its first role head decides the concept."""
    lang = ctx.language
    toks = ctx.toks
    deputy = False
    head: tuple[str, bool] | None = None
    head_index = -1
    first_head = -1
    for k in range(i, j):
        if is_deputy_marker(toks[k], lang):
            deputy = True
            first_head = k if first_head < 0 else first_head
            continue
        h = role_head(toks[k], lang, toks[k - 1].low if k > 0 else "")
        if h is not None:
            if head is not None and head[0] == "head" and h[0] != "head" and k == head_index + 1:
                head, head_index = h, k  # "head coach"-like compounds: keep the later noun
            elif head is None:
                head, head_index = h, k
                first_head = k if first_head < 0 else first_head
            elif h[0] == "minister" and head[0] in ("minister", "premier"):
                pass
    if head is None:
        return None
    keys, quals, region, state, govt = _word_keys(toks[i:j], lang)
    return Phrase(toks[i].start, toks[j - 1].end, head[0], deputy or head[1], frozenset(keys),
                   frozenset(quals), head_index, first_head, region, state, govt)


def phrase_text(ctx: DocContext, ph: Phrase, i: int, j: int) -> str:
    text = ctx.text[ctx.toks[i].start : ctx.toks[j - 1].end]
    text = " ".join(text.split())
    if ctx.language == "ru":
        words = text.split(" ")
        lemmas = _ru_lemmas(ctx, i, ph.first_head)
        if lemmas:
            words = lemmas + words[len(lemmas):]
        text = " ".join(words)
        if text[:1].isupper() and not text[:2].isupper():
            text = text[0].lower() + text[1:]
    return text


def _ru_lemmas(ctx: DocContext, i: int, head_index: int) -> list[str]:
    """Nominative forms of the words up to the role head (natasha morphology)."""
    native = ctx.native
    if native is None or getattr(native, "tokens", None) is None:
        return []
    try:
        from presswatch.nlp.natasha_backend import natasha_models

        vocab = natasha_models().morph_vocab
        out = []
        for k in range(i, head_index + 1):
            t = ctx.toks[k]
            if " " in t.text:
                return []
            if t.pos in ("NOUN", "ADJ", "PROPN") and t.case not in (None, "Nom"):
                lemma = vocab.lemmatize(t.text, t.pos, {"Case": t.case, "Number": "Sing"})
                out.append(lemma if not t.text[:1].isupper() else lemma.capitalize())
            else:
                out.append(t.text)
        return out
    except Exception:  # morphology is a nicety; never lose the role over it
        return []


def title_head_word(role_text: str, language: str) -> str:
    for w in role_text.split():
        if language == "en" and w.lower() in EN_HEADS:
            return w
    return ""


def description_concept(ph: Phrase) -> str:
    if ph.concept == "head":
        if ph.state_scope:
            return "head_of_state"
        if ph.govt_scope:
            return "head_of_government"
        if ph.region_scope:
            return "region_head"
        if ph.keys and not any(k in COUNTRY_KEYS for k in ph.keys) and not ph.qualifiers:
            return "region_head"
    return ph.concept


def compat(ph: Phrase, concept: str, r: Role) -> float | None:
    if ph.deputy != r.deputy:
        return None
    if concept == "counterpart":
        if not ph.keys or not r.keys:
            return None
        if not all(any(keys_match(k, rk) for rk in r.keys) for k in ph.keys):
            return None
        return 0.75
    if concept not in r.concepts:
        return None
    if concept == r.primary:
        score = 0.85
    elif concept == "leader":
        score = 0.8
    else:
        score = 0.75
    if ph.keys:
        if r.keys:
            if not all(any(keys_match(k, rk) for rk in r.keys) for k in ph.keys):
                return None
            score += 0.05
        else:
            score -= 0.2
    quals = {q for q in ph.qualifiers if q not in ("head",)}
    if quals and not all(any(keys_match(q, rq) for rq in r.qualifiers | r.keys) for q in quals):
        return None
    if r.qualifiers - ph.qualifiers and r.primary == concept and concept == "leader":
        score -= 0.15
    return score
