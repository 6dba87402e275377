"""``presswatch train-attribution``: learn an attribution model from brat annotations
(:mod:`presswatch.extract.attribution`). Needs scikit-learn (``pip install
'presswatch[learn]'``); using the model at ingest does not."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from presswatch.cli.common import err

train_app = typer.Typer(add_completion=False)


@train_app.command("train-attribution")
def train_attribution(
    brat_dir: Annotated[
        Path,
        typer.Argument(help="brat folder: text/NAME.txt + attributions/NAME_ANNOTATOR.ann "
                       "(PolNeAR's layout; first annotator file per article), or NAME.txt "
                       "beside NAME.ann."),
    ],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Model file to write (JSON).")],
    lang: Annotated[str, typer.Option("--lang", help="Language of the texts: en or ru.")] = "en",
    threshold: Annotated[
        float | None,
        typer.Option(help="Probability above which a candidate is an attribution "
                     "(default: the value tuned on PolNeAR dev)."),
    ] = None,
    c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength.")] = 0.3,
    limit: Annotated[int | None, typer.Option(help="Train on the first N articles.")] = None,
) -> None:
    """Train the learned attribution detector on brat Source/Cue/Content annotations."""
    from presswatch.extract import attribution
    from presswatch.nlp import backend_for

    if not brat_dir.is_dir():
        err.print(f"[red]error:[/] no folder at {brat_dir}")
        raise typer.Exit(1)
    try:
        backend = backend_for(lang)
    except ValueError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    if backend is None:
        err.print(f"[red]error:[/] no NLP backend for language {lang!r} (en, ru)")
        raise typer.Exit(2)
    articles = list(attribution.read_brat(brat_dir))[:limit]
    if not articles:
        err.print(f"[red]error:[/] no annotated article (.txt with .ann) in {brat_dir}")
        raise typer.Exit(1)
    t0 = time.perf_counter()
    texts = [text for _name, text, _gold in articles]
    docs = ((text, ann, gold) for (_n, text, gold), ann in
            zip(articles, backend.annotate(texts), strict=True))
    try:
        model = attribution.train(
            docs, language=lang, c=c,
            threshold=attribution.DEFAULT_THRESHOLD if threshold is None else threshold,
            meta={"source": str(brat_dir), "trained": time.strftime("%Y-%m-%d")})
    except (RuntimeError, ValueError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    model.save(out_file)
    m = model.meta
    err.print(f"trained on {m['documents']} articles ({m['positives']} attributions, "
              f"{m['features']} features) in {time.perf_counter() - t0:.1f}s -> {out_file}")
