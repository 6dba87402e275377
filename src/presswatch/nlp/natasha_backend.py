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
            entities.append(Span(span.start, span.stop, span.type, span.text, normal))
        sentences = [(sent.start, sent.stop) for sent in doc.sents]
        return Annotation(language=self.language, sentences=sentences, entities=entities,
                          native=doc)

    def annotate(self, texts: Iterable[str]) -> Iterator[Annotation]:
        """One Annotation per text, in order, computed lazily as the caller iterates."""
        for text in texts:
            yield self.annotate_one(text)

    def __repr__(self) -> str:
        return f"NatashaBackend(syntax={self.syntax})"
