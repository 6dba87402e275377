"""The models a pool's workers share, loaded once in the forkserver before it forks them.

A pool's workers are forked from one server process (``multiprocessing``'s forkserver),
which imports this module first. With :data:`ENV` set (by
:class:`~presswatch.pipeline.executors.ProcessPool`, for the one moment the server
starts) it loads the language detector, the English spaCy pipeline of those settings and
the built-in gazetteer there, and maps one sample article (which compiles what is compiled
on first use), so that every worker starts with them (copy-on-write) instead of each
loading its own: N workers cost one load, not N. None of it leaves a thread behind, so
forking after it is safe. Anything that fails here is left to the workers, which load what they need
themselves and report what fails for the document that needs it.
"""

from __future__ import annotations

import gc
import json
import os
from dataclasses import replace

from presswatch.config import DEFAULT, Settings

ENV = "PRESSWATCH_FORKSERVER_MODELS"
# Latin script: lingua loads a language's model the first time a text could be in it
# (those of Cyrillic script load in the worker that first meets a Cyrillic text).
SAMPLES = ("The minister said on Tuesday that the talks would resume in London.",)
ARTICLE = (
    "Ministers agree new trade talks\n\n"
    "LONDON, 12 March (Reuters) - Trade Secretary Liam Fox met his French counterpart in "
    "Paris on Monday to discuss a deal worth £4.5bn, the Department for International "
    "Trade said.\n\n"
    "\"We have made real progress,\" Mr Fox told reporters. Exports to France rose by 12% "
    "last year to 31,000 tonnes, according to the Office for National Statistics.\n\n"
    "The two ministers will meet again in Brussels next month, officials said.\n"
)


def spec(settings: Settings) -> str:
    """What the server needs to know of ``settings`` to load their models."""
    return json.dumps({"english_model": settings.english_model,
                       "batch_size": settings.batch_size,
                       "detect_languages": list(settings.detect_languages)})


def load(text: str) -> None:
    """Load the models that ``text`` (from :func:`spec`) names; never raises."""
    try:
        data = json.loads(text)
        settings = replace(DEFAULT, english_model=str(data["english_model"]),
                           batch_size=int(data["batch_size"]),
                           detect_languages=tuple(str(c) for c in data["detect_languages"]))
        from presswatch.clean.language import detect_language

        for sample in SAMPLES:
            detect_language(sample, settings)
        from presswatch.extract.canonical import gazetteer

        gazetteer()
        if "en" in settings.detect_languages:
            from presswatch.model import RawItem
            from presswatch.pipeline.map import Context, MapTask, run_map

            run_map(MapTask([RawItem(source="warm-up", text=ARTICLE)]), Context(settings))
        # What is loaded now stays out of the workers' garbage collections: they neither
        # spend time walking it nor copy its pages by touching it.
        gc.collect()
        gc.freeze()
    except Exception:  # the workers load what they need and report what fails
        return


if os.environ.get(ENV):
    load(os.environ[ENV])
