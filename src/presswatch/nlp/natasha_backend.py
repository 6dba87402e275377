"""Russian backend: natasha (razdel segmentation, slovnet morphology, syntax and NER).

The models ship inside the natasha/slovnet wheels; they are built once per process and
shared by every :class:`NatashaBackend`. Each text is segmented, morph-tagged,
syntax-parsed (quote attribution uses the dependency tree later), NER-tagged, and its
entity spans normalised to nominative form (``"Александром Лукашенко"`` ->
``"Александр Лукашенко"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from presswatch.model import Annotation, Span
from presswatch.nlp.runs import costly_runs, pieces


@dataclass(frozen=True, slots=True)
class NatashaModels:
    segmenter: Any
    morph_vocab: Any
    morph_tagger: Any
    syntax_parser: Any
    ner_tagger: Any


@lru_cache(maxsize=1)
def natasha_models() -> NatashaModels:
    """The natasha components, built on first use and then shared."""
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    emb = NewsEmbedding()
    return NatashaModels(
        segmenter=Segmenter(),
        morph_vocab=MorphVocab(),
        morph_tagger=NewsMorphTagger(emb),
        syntax_parser=NewsSyntaxParser(emb),
        ner_tagger=NewsNERTagger(emb),
    )


# slovnet's syntax parser and tagger cost grows with the square of a sentence's length
# (a run of 5,000 quote marks is one 5,000-token "sentence": 20 s); sentences longer than
# this are cut into pieces of this many tokens before tagging. Real sentences are far
# shorter.
MAX_SENTENCE_TOKENS = 250


# Adjacent identical punctuation marks razdel splits one per token ("""""""): a run of
# this many or more becomes one token, so that a run of 100,000 quote marks costs what one
# word does rather than 100,000 tokens of tagging.
MARK_RUN = 4


def merge_mark_runs(doc: Any, least: int = MARK_RUN) -> None:
    """Merge runs of at least ``least`` adjacent one-character tokens of the same
    punctuation mark (no space between them) into one token, in a segmented ``Doc``."""
    tokens = doc.tokens
    if len(tokens) < least:
        return
    from natasha.doc import DocToken

    out: list[Any] = []
    i = 0
    changed = False
    while i < len(tokens):
        tok = tokens[i]
        j = i + 1
        if len(tok.text) == 1 and not tok.text.isalnum():
            while (j < len(tokens) and tokens[j].text == tok.text
                   and tokens[j].start == tokens[j - 1].stop):
                j += 1
        if j - i >= least:
            start, stop = tok.start, tokens[j - 1].stop
            out.append(DocToken(start, stop, doc.text[start:stop]))
            changed = True
        else:
            out.extend(tokens[i:j])
        i = j
    if changed:
        doc.tokens = out
        doc.envelop_sent_tokens()


def merge_costly_runs(doc: Any) -> None:
    """Hand the runs :func:`~presswatch.nlp.runs.costly_runs` finds (a short unit
    repeated: ``«х, «х, «х, ...``; whitespace-free runs) to the taggers as tokens of at most
    :data:`~presswatch.nlp.runs.LONG_RUN` characters, in a segmented ``Doc``."""
    runs = costly_runs(doc.text)
    if not runs:
        return
    from natasha.doc import DocToken

    out: list[Any] = []
    tokens = doc.tokens
    i = 0
    for start, end in runs:
        while i < len(tokens) and tokens[i].stop <= start:
            out.append(tokens[i])
            i += 1
        first = i
        while i < len(tokens) and tokens[i].start < end:
            i += 1
        if i == first:
            continue
        span_start, span_end = tokens[first].start, tokens[i - 1].stop
        out.extend(DocToken(a, b, doc.text[a:b]) for a, b in pieces(span_start, span_end))
    out.extend(tokens[i:])
    doc.tokens = out
    doc.envelop_sent_tokens()


def split_long_sentences(doc: Any, limit: int = MAX_SENTENCE_TOKENS) -> None:
    """Cut every sentence of a segmented natasha ``Doc`` longer than ``limit`` tokens into
    consecutive sentences of at most ``limit`` tokens."""
    if not any(len(sent.tokens or ()) > limit for sent in doc.sents):
        return
    from natasha.doc import DocSent

    sents = []
    for sent in doc.sents:
        tokens = sent.tokens or []
        if len(tokens) <= limit:
            sents.append(sent)
            continue
        for i in range(0, len(tokens), limit):
            piece = tokens[i:i + limit]
            start, stop = piece[0].start, piece[-1].stop
            sents.append(DocSent(start, stop, doc.text[start:stop], piece))
    doc.sents = sents


# Grammemes of pymorphy's parses that make a word a possible name part.
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init"})
_COMMON_POS = frozenset({"ADJF", "ADJS", "PRTF"})  # and animate nouns
_SENTENCE_END = ".!?…»\"\n"


def place_lemma(word: str, vocab: Any) -> str | None:
    """The dictionary's nominative of a one-word place name the normaliser left as
    written ("Нидерландах" -> "Нидерланды", "Багамах" -> "Багамы"), in the word's
    capitals; None when the dictionary knows no place of that form."""
    if not word[:1].isupper() or not any("а" <= ch <= "я" for ch in word.lower()):
        return None
    try:
        parses = vocab.parse(word.lower())
    except Exception:  # the dictionary's hiccup keeps the word as it is
        return None
    lemma = next((p.normal for p in parses if "Geox" in str(p.tag)), None)
    if not lemma or lemma == word.lower():
        return None
    return lemma.upper() if word.isupper() else lemma[:1].upper() + lemma[1:]


_FUNCTION_POS = frozenset({"CONJ", "NPRO", "PREP", "PRCL", "INTJ"})


def trailing_function_words(words: list[str], vocab: Any) -> int:
    """How many trailing words of a person span are function words (a conjunction, a
    pronoun, a preposition or a particle: "Мухаммед Если Вы", capitalised at the start of
    the next sentence and tagged with the name); at least one word is left."""
    cut = 0
    for word in reversed(words[1:]):
        try:
            parses = vocab.parse(word.lower())
        except Exception:  # the dictionary's hiccup keeps the word
            break
        if not parses or not all(getattr(p, "is_known", False) for p in parses) or any(
                not set(str(p.tag).replace(" ", ",").split(",")) & _FUNCTION_POS
                for p in parses):
            break
        cut += 1
    return min(cut, len(words) - 1)


def starts_sentence(text: str, start: int) -> bool:
    """Whether ``start`` begins the text or a sentence (only spaces and quote marks after
    a full stop, a line break or the start)."""
    k = start - 1
    while k >= 0 and text[k] in " \t«\"„“(":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_END


def leading_common_words(words: list[str], vocab: Any, most: int = 2) -> int:
    """How many leading words of a person span that starts a sentence (or a headline) are
    dictionary words that are never a name part: a person noun or an adjective,
    capitalised only because it starts the sentence and tagged with the name
    ("Христианку Асию Биби", "Поп-звезда Мадонна", "Предшественник Кравцова"). Words that
    may be names ("Роза", "Лев", "Путин"), short words ("Пан Ги Мун", "Ар Келли"),
    inanimate nouns ("Франк"), and words the dictionary does not know stay; at least one
    word is left."""
    cut = 0
    for k, word in enumerate(words[: min(most, len(words) - 1)]):
        if len(word) < 5 or not word[:1].isupper() or not words[k + 1][:1].isupper():
            break
        try:
            parses = vocab.parse(word.lower())
        except Exception:  # the dictionary's hiccup keeps the word
            break
        if not parses or not all(getattr(p, "is_known", False) for p in parses):
            break
        grams = [set(str(p.tag).replace(" ", ",").split(",")) for p in parses]
        if any(g & _NAME_GRAMMEMES or not (g & _COMMON_POS or {"NOUN", "anim"} <= g)
               for g in grams):
            break
        cut = k + 1
    return cut


class NatashaBackend:
    """Annotates Russian texts with natasha; labels are natasha's PER, LOC, ORG."""

    language = "ru"

    def __init__(self, syntax: bool = True) -> None:
        # ``syntax=False`` skips the dependency parse, for callers that only need entities.
        self.syntax = syntax
        self.models = natasha_models()

    def annotate_one(self, text: str) -> Annotation:
        from natasha import Doc

        m = self.models
        doc = Doc(text)
        doc.segment(m.segmenter)
        merge_mark_runs(doc)
        merge_costly_runs(doc)
        split_long_sentences(doc)
        if not doc.tokens:  # nothing to tag (empty or blank text); slovnet needs a token
            doc.spans = []
            return Annotation(language=self.language, native=doc)
        doc.tag_morph(m.morph_tagger)
        if self.syntax:
            doc.parse_syntax(m.syntax_parser)
        doc.tag_ner(m.ner_tagger)
        entities = []
        for span in doc.spans:
            normal = None
            if span.tokens:
                try:
                    span.normalize(m.morph_vocab)
                    normal = span.normal or None
                except Exception:  # a normaliser hiccup must not lose the mention
                    normal = None
            start = span.start
            if span.type == "LOC" and len(span.tokens) == 1 and (
                    not normal or normal.lower() == span.text.lower()):
                normal = place_lemma(span.text, m.morph_vocab) or normal
            if span.type == "PER" and len(span.tokens) > 1 and starts_sentence(text, start):
                cut = leading_common_words([t.text for t in span.tokens], m.morph_vocab)
                if cut:
                    start = span.tokens[cut].start
                    words = (normal or "").split()
                    dropped = len(text[span.start:start].split())
                    same = len(words) == len(span.text.split())
                    normal = " ".join(words[dropped:]) if same and normal else None
            stop = span.stop
            if span.type == "PER" and len(span.tokens) > 1:
                cut = trailing_function_words([t.text for t in span.tokens], m.morph_vocab)
                if cut:
                    stop = span.tokens[len(span.tokens) - cut - 1].stop
                    if stop <= start:
                        stop = span.stop
                    else:
                        words = (normal or "").split()
                        dropped = len(text[stop:span.stop].split())
                        same = len(words) == len(span.text.split())
                        normal = " ".join(words[:len(words) - dropped]) if same and normal \
                            else None
            entities.append(Span(start, stop, span.type, text[start:stop], normal))
        sentences = [(sent.start, sent.stop) for sent in doc.sents]
        return Annotation(language=self.language, sentences=sentences, entities=entities,
                          native=doc)

    def annotate(self, texts: Iterable[str]) -> Iterator[Annotation]:
        """One Annotation per text, in order, computed lazily as the caller iterates."""
        for text in texts:
            yield self.annotate_one(text)

    def __repr__(self) -> str:
        return f"NatashaBackend(syntax={self.syntax})"
