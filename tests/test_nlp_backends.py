"""Language backends: offsets, sentence coverage, streaming order, caching, errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from presswatch.config import Settings
from presswatch.model import Annotation
from presswatch.nlp import Backend, backend_for

EN_TEXTS = [
    "Prime Minister Jacinda Ardern visited Wellington on Friday. She met officials "
    "from the World Health Organization.\n\nThe talks lasted two hours.",
    "",
    "Apple opened a new office in Dublin, Ireland. Tim Cook said the company would hire "
    "300 people.",
    "Short line",
]
RU_TEXTS = [
    "Премьер-министр Японии Фумио Кисида прибыл в Токио. Он провёл встречу с "
    "представителями компании «Тойота».\n\nПереговоры длились два часа.",
    "",
    "Мэр Новосибирска Анатолий Локоть открыл новый мост через Обь. Об этом сообщает "
    "агентство ТАСС.",
    "   ",
]


def check_annotation(text: str, ann: Annotation) -> None:
    for span in ann.entities:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    previous_end = 0
    covered = [False] * len(text)
    for start, end in ann.sentences:
        assert previous_end <= start < end <= len(text)
        previous_end = end
        covered[start:end] = [True] * (end - start)
    uncovered = [ch for ch, c in zip(text, covered, strict=True) if not c and not ch.isspace()]
    assert uncovered == [], f"characters outside every sentence: {uncovered!r}"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_offsets_and_sentences(lang: str, en: Backend, ru: Backend) -> None:
    backend, texts = (en, EN_TEXTS) if lang == "en" else (ru, RU_TEXTS)
    anns = list(backend.annotate(texts))
    assert len(anns) == len(texts)
    for text, ann in zip(texts, anns, strict=True):
        assert ann.language == lang
        assert ann.native is not None
        check_annotation(text, ann)
    assert len(anns[0].sentences) >= 3
    assert anns[0].entities, "a text full of names yields entity spans"
    assert anns[1].sentences == [] and anns[1].entities == []


def test_english_labels_and_native_doc(en: Backend) -> None:
    ann = next(iter(en.annotate([EN_TEXTS[2]])))
    labels = {(s.text, s.label) for s in ann.entities}
    assert ("Tim Cook", "PERSON") in labels
    assert ("Dublin", "GPE") in labels
    doc = ann.native
    assert doc.has_annotation("DEP"), "the parser runs: quotes need the dependency tree"


def test_russian_labels_normal_forms_and_syntax(ru: Backend) -> None:
    ann = next(iter(ru.annotate([RU_TEXTS[2]])))
    found = {(s.text, s.label, s.normal) for s in ann.entities}
    assert ("Анатолий Локоть", "PER", "Анатолий Локоть") in found
    assert ("Новосибирска", "LOC", "Новосибирск") in found
    tokens = ann.native.tokens
    assert tokens and all(t.rel for t in tokens), "the syntax parser runs"
    assert all(t.pos for t in tokens), "the morph tagger runs"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_streams_lazily_in_order(lang: str, en: Backend, ru: Backend) -> None:
    backend, texts = (en, EN_TEXTS) if lang == "en" else (ru, RU_TEXTS)
    pulled: list[int] = []

    def source() -> Iterator[str]:
        for i in range(200):
            pulled.append(i)
            yield texts[i % len(texts)] + f" Item {i}."

    stream = backend.annotate(source())
    first = next(stream)
    assert len(pulled) < 200, "annotate must not consume the whole input up front"
    anns = [first, *stream]
    assert len(anns) == 200
    for i, ann in enumerate(anns):
        assert ann.native.text.endswith(f" Item {i}.")


def test_backend_cache_and_unknown_language() -> None:
    assert backend_for("en") is backend_for("en")
    assert backend_for("ru") is backend_for("ru")
    assert backend_for("en", Settings(batch_size=8)) is backend_for("en", Settings(batch_size=8))
    assert backend_for("de") is None
    assert backend_for("und") is None


def test_uninstalled_spacy_pipeline_is_a_clear_error() -> None:
    name = "en_core_web_missing_pipeline"
    with pytest.raises(ValueError, match=name) as info:
        backend_for("en", Settings(english_model=name))
    assert "install" in str(info.value)
