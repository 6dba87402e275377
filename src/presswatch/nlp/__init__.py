"""Language backends behind one interface: English with spaCy, Russian with natasha.

A backend is loaded once per process (``backend_for`` caches it) and annotates texts in
a stream, as ``nlp.pipe`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from presswatch.config import DEFAULT, Settings
from presswatch.model import Annotation


class Backend(Protocol):
    language: str

    def annotate(self, texts: Iterable[str]) -> Iterator[Annotation]:
        """One Annotation per text, in order; offsets index into each text."""
        ...


def backend_for(language: str, settings: Settings = DEFAULT) -> Backend | None:
    """The backend for an ISO 639-1 language code, or None when there is none."""
    raise NotImplementedError
