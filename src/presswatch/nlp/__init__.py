"""Language backends behind one interface: English with spaCy, Russian with natasha.

A backend is loaded once per process (``backend_for`` caches it) and annotates texts in
a stream, as ``nlp.pipe`` does. Backends are imported lazily, so importing this package
loads no model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from presswatch.config import DEFAULT, Settings
from presswatch.model import Annotation

__all__ = ["LANGUAGES", "Backend", "backend_for"]

# Languages with a backend.
LANGUAGES: tuple[str, ...] = ("en", "ru")


class Backend(Protocol):
    language: str

    def annotate(self, texts: Iterable[str]) -> Iterator[Annotation]:
        """One Annotation per text, in order; offsets index into each text."""
        ...


_CACHE: dict[tuple[str, str, int], Backend] = {}


def backend_for(language: str, settings: Settings = DEFAULT) -> Backend | None:
    """The backend for an ISO 639-1 language code, or None when there is none.

    Cached per process per (language, model, batch size): repeated calls return the same
    object, and the model behind it is loaded once. Raises ``ValueError`` when the
    configured spaCy pipeline is not installed.
    """
    if language == "en":
        key = ("en", settings.english_model, settings.batch_size)
        backend = _CACHE.get(key)
        if backend is None:
            from presswatch.nlp.spacy_backend import SpacyBackend

            backend = _CACHE[key] = SpacyBackend(settings.english_model, settings.batch_size)
        return backend
    if language == "ru":
        key = ("ru", "natasha", 0)
        backend = _CACHE.get(key)
        if backend is None:
            from presswatch.nlp.natasha_backend import NatashaBackend

            backend = _CACHE[key] = NatashaBackend()
        return backend
    return None
