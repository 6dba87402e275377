"""The REST API and the web UI: one FastAPI app over :class:`presswatch.query.Corpus`.

* JSON everywhere (``/api/...``); listings page with ``limit``/``offset`` and answer
  ``{total, limit, offset, items}``; tables also as CSV (``format=csv``).
* One error shape for every failure, whoever raises it (the query layer, request
  validation, an unknown route)::

      {"error": {"type": "invalid_query", "message": "...", "status": 422,
                 "field": "since", "candidates": []}}

* Read-only by default: corrections (rename, alias, split, merge) need
  ``Authorization: Bearer $PRESSWATCH_TOKEN`` and are refused when no token is set.
* OpenAPI at ``/openapi.json``, Swagger UI at ``/docs`` with its assets served from the
  ``fastapi-offline`` package (no CDN); the web UI at ``/`` (:mod:`presswatch.web`).
* A strict Content-Security-Policy on every answer: scripts, styles and data only from
  this server, no inline script, no framing.

On SQLite each worker thread keeps its own connection (a connection is not shared
between threads). On PostgreSQL each request borrows a connection from a pool
(:class:`~presswatch.store.postgres.pool.StorePool`, at most ``pool_size`` open: setting
``Settings.pool_size``, ``PRESSWATCH_POOL_SIZE``, ``presswatch serve --pool-size``),
read-only unless corrections are allowed, and gives it back when it is answered; the pool
closes when the app shuts down.
"""

from __future__ import annotations

import csv
import hmac
import io
import os
import threading
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from presswatch import __version__
from presswatch.config import DEFAULT
from presswatch.errors import Forbidden, InvalidQuery, NotFound, PresswatchError
from presswatch.query import Corpus
from presswatch.query import network as qn
from presswatch.query.params import FIGURE_KINDS, INTERVALS, MAX_LIMIT, QUOTE_KINDS
from presswatch.query.safe import csv_cell, json_text
from presswatch.store import is_url

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """Pure ASGI middleware adding :data:`SECURITY_HEADERS` to every answer (cheaper than
    an ``@app.middleware("http")`` function, which wraps each request in a task)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in self.headers if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


class ErrorDetail(BaseModel):
    type: str
    message: str
    status: int
    field: str | None = None
    candidates: list[dict[str, Any]] = []


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


class RenameBody(BaseModel):
    name: str


class AliasBody(BaseModel):
    alias: str


class MergeBody(BaseModel):
    refs: list[str]
    into: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": desc}
    for code, desc in ((400, "A malformed request body"),
                       (404, "No such document or entity"),
                       (409, "An ambiguous name: candidates listed"),
                       (422, "A bad filter or paging value"))
}


def json_response(value: Any, status: int = 200) -> Response:
    return Response(json_text(value), status_code=status, media_type="application/json")


def error_response(exc: PresswatchError) -> Response:
    return json_response(exc.to_dict(), exc.status)


def csv_response(rows: Iterable[dict[str, Any]], fields: Sequence[str]) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    for row in rows:
        w.writerow([csv_cell(row.get(f)) for f in fields])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8")


def _plain(item: Any) -> dict[str, Any]:
    return item.to_dict() if hasattr(item, "to_dict") else item


# Shared query parameters, documented once.
Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description="At most this many (0: all).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many first.")]
Since = Annotated[str | None, Query(description="From this date: YYYY-MM-DD, YYYY-MM, YYYY.",
                                    max_length=10)]
Until = Annotated[str | None, Query(description="Up to this date: YYYY-MM-DD, YYYY-MM, YYYY.",
                                    max_length=10)]
EntityRef = Annotated[str | None, Query(description="Entity id, name or alias (any script).",
                                        max_length=500)]
Text = Annotated[str | None, Query(max_length=500)]
TableFormat = Annotated[str, Query(pattern="^(json|csv)$", description="json or csv.")]

FigureKind = Annotated[str | None, Query(description=", ".join(FIGURE_KINDS))]
RefPath = Annotated[str, PathParam(max_length=500)]


class ThreadCorpus:
    """Stands for the Corpus of whichever thread uses it: FastAPI may resolve a dependency
    in one worker thread and run the endpoint in another, and a SQLite connection must
    stay in the thread that opened it, so each call goes to the calling thread's own."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.local = threading.local()

    def corpus(self) -> Corpus:
        c = getattr(self.local, "corpus", None)
        if c is None:
            c = self.local.corpus = Corpus.open(self.path, must_exist=True)
        return c

    def __getattr__(self, name: str) -> Any:
        return getattr(self.corpus(), name)


def get_corpus(request: Request) -> Iterator[Corpus]:
    """The request's Corpus: over a connection borrowed from the pool (PostgreSQL) and
    given back after the answer, or the calling thread's own (SQLite)."""
    pool = request.app.state.pool
    if pool is None:
        yield request.app.state.corpus  # a ThreadCorpus, used as a Corpus
        return
    with pool.store() as store:
        yield Corpus(store)


def pool_size_from_env(default: int = DEFAULT.pool_size) -> int:
    """``PRESSWATCH_POOL_SIZE`` (a whole number, at least 1), else ``default``."""
    raw = os.environ.get("PRESSWATCH_POOL_SIZE", "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"PRESSWATCH_POOL_SIZE must be a whole number >= 1, not {raw!r}")
    return int(raw)


C = Annotated[Corpus, Depends(get_corpus)]
JSON_OR_CSV: dict[int | str, dict[str, Any]] = {
    200: {"description": "A page: {total, limit, offset, items}, or CSV with format=csv",
          "content": {"application/json": {}, "text/csv": {}}}}
NETWORK_TYPES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The network in the format asked for",
          "content": {"application/json": {}, "text/csv": {}, "application/xml": {}}}}

QUOTE_FIELDS = ["doc_id", "ord", "published", "speaker", "speaker_id", "cue", "kind", "text",
                "start", "end", "title", "source"]
FIGURE_FIELDS = ["doc_id", "ord", "published", "value", "value_max", "unit", "metric",
                 "period", "claimant", "claimant_id", "kind", "text", "start", "end", "title"]
EVENT_FIELDS = ["id", "date", "type", "participants", "participant_ids", "place",
                "first_date", "last_date"]
DOCUMENT_FIELDS = ["id", "published", "language", "outlet", "title", "source", "people",
                   "duplicate_of"]


def create_app(db: str | Path | None = None, token: str | None = None,
               pool_size: int | None = None) -> FastAPI:
    """The app over database ``db`` (default: ``$PRESSWATCH_DB``); corrections need
    ``token`` (default: ``$PRESSWATCH_TOKEN``; none: read-only). On PostgreSQL,
    ``pool_size`` connections at most (default: ``$PRESSWATCH_POOL_SIZE``, else
    ``Settings.pool_size``)."""
    target = db if db is not None else os.environ.get("PRESSWATCH_DB", "presswatch.db")
    path: Path | str = target if is_url(target) else Path(target)
    secret = token if token is not None else os.environ.get("PRESSWATCH_TOKEN") or None
    pool = None
    if isinstance(path, str):
        from presswatch.store.postgres.pool import StorePool

        pool = StorePool(path, size=pool_size or pool_size_from_env(),
                         read_only=secret is None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if app.state.pool is not None:
                app.state.pool.close()

    app = FastAPI(title="presswatch", version=__version__, docs_url=None, redoc_url=None,
                  description="News intelligence over one presswatch database: search, "
                  "documents, entities, quotes, figures, events, the network, timelines.",
                  responses=ERRORS, lifespan=lifespan)
    app.state.db = path
    app.state.pool = pool
    app.state.corpus = ThreadCorpus(path) if pool is None else None


    # -- errors: one shape -----------------------------------------------------------
    @app.exception_handler(PresswatchError)
    async def _presswatch_error(request: Request, exc: PresswatchError) -> Response:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = (exc.errors() or [{}])[0]
        loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body")]
        message = f"{'.'.join(loc) or 'request'}: {first.get('msg', 'invalid value')}"
        return error_response(InvalidQuery(message, field=loc[-1] if loc else None))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        error = NotFound(str(exc.detail)) if exc.status_code == 404 else PresswatchError(
            str(exc.detail))
        error.status = exc.status_code
        if exc.status_code != 404:
            error.code = "http_error"
        response = error_response(error)
        for key, value in (exc.headers or {}).items():  # e.g. Allow on a 405
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        error = PresswatchError("internal error")
        error.code = "internal"
        return error_response(error)

    app.add_middleware(SecurityHeaders)

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if secret is None:
            raise Forbidden("this server is read-only (start it with PRESSWATCH_TOKEN set "
                            "to allow corrections)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), secret.encode()):
            raise Forbidden("a correction needs Authorization: Bearer <PRESSWATCH_TOKEN>")

    # -- reading ---------------------------------------------------------------------
    @app.get("/api/stats", tags=["corpus"])
    def stats(c: C) -> Response:
        """Counts: documents, languages, outlets, entities, quotes, figures, events."""
        return json_response(c.stats())

    @app.get("/api/search", tags=["documents"])
    def search(c: C, q: Text = None, since: Since = None, until: Until = None,
               outlet: Text = None, language: Text = None, entity: EntityRef = None,
               limit: Limit = 20, offset: Offset = 0, facets: bool = True) -> Response:
        """Full-text search (both languages, BM25) with snippets (``highlights``: ranges
        in the snippet) and facets per outlet, language, month and entity. Past
        ``ranked`` matches (the newest, in rank order) the rest follow newest first;
        ``total`` is a lower bound when ``total_exact`` is false ("10,000+"); facets
        count ``facets_over`` documents (the ranked ones)."""
        result = c.search(q, since=since, until=until, outlet=outlet, language=language,
                          entity=entity, limit=limit, offset=offset, facets=facets)
        result["items"] = [h.to_dict() for h in result["items"]]
        if "facets" in result:
            result["facets"] = {k: [f.to_dict() for f in v]
                                for k, v in result["facets"].items()}
        return json_response(result)

    @app.get("/api/documents", responses=JSON_OR_CSV, tags=["documents"])
    def documents(c: C, since: Since = None, until: Until = None, outlet: Text = None,
                  language: Text = None, entity: EntityRef = None, limit: Limit = 20,
                  offset: Offset = 0, format: TableFormat = "json") -> Response:
        """Documents in ingest order (id, date, language, outlet, title, people)."""
        page = c.list_documents(since=since, until=until, outlet=outlet, language=language,
                                entity=entity, limit=limit, offset=offset)
        if format == "csv":
            return csv_response((_plain(d) for d in page.items), DOCUMENT_FIELDS)
        return json_response(page.to_dict())

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def document(c: C, doc_id: Annotated[str, PathParam(max_length=64)]) -> Response:
        """One document: text, entities, quotes, figures, events (offsets into the
        text) and the cleaning evidence."""
        return json_response(c.document(doc_id))

    @app.get("/api/entities", responses=JSON_OR_CSV, tags=["entities"])
    def entities(c: C, type: Text = None, name: Text = None, limit: Limit = 50,
                 offset: Offset = 0, format: TableFormat = "json") -> Response:
        """Identities, most documents first."""
        page = c.entities(type=type, name=name, limit=limit, offset=offset)
        if format == "csv":
            return csv_response((_plain(e) for e in page.items),
                                ["id", "name", "type", "documents", "mentions", "aliases"])
        return json_response(page.to_dict())

    @app.get("/api/entities/{ref}", tags=["entities"])
    def entity(c: C, ref: Annotated[str, PathParam(max_length=500)],
               limit: Annotated[int, Query(ge=0, le=1000)] = 20) -> Response:
        """An entity's profile: aliases in every script, roles, documents, quotes by and
        about it, figures claimed, events, co-mentioned and met entities."""
        return json_response(c.entity(ref, limit=limit))

    @app.get("/api/quotes", responses=JSON_OR_CSV, tags=["facts"])
    def quotes(c: C, speaker: EntityRef = None, mentions: EntityRef = None,
               since: Since = None, until: Until = None, words: Text = None,
               kind: Annotated[str | None, Query(description=", ".join(QUOTE_KINDS))] = None,
               document: Text = None, limit: Limit = 50, offset: Offset = 0,
               format: TableFormat = "json") -> Response:
        """Who said what."""
        page = c.quotes(speaker=speaker, mentions=mentions, since=since, until=until,
                        words=words, kind=kind, document=document, limit=limit,
                        offset=offset)
        if format == "csv":
            return csv_response((_plain(q) for q in page.items), QUOTE_FIELDS)
        return json_response(page.to_dict())

    @app.get("/api/figures", responses=JSON_OR_CSV, tags=["facts"])
    def figures(c: C, metric: Text = None, claimant: EntityRef = None, period: Text = None,
                unit: Text = None, kind: FigureKind = None, limit: Limit = 50,
                offset: Offset = 0, format: TableFormat = "json") -> Response:
        """Which figures were claimed (unit in any case; claimant by id, name, alias)."""
        page = c.figures(metric=metric, claimant=claimant, period=period, unit=unit,
                         kind=kind, limit=limit, offset=offset)
        if format == "csv":
            return csv_response((_plain(f) for f in page.items), FIGURE_FIELDS)
        return json_response(page.to_dict())

    @app.get("/api/figures/series", tags=["facts"])
    def figure_series(c: C, metric: Text = None, claimant: EntityRef = None,
                      period: Text = None, unit: Text = None, kind: FigureKind = None,
                      limit: Limit = 50, offset: Offset = 0) -> Response:
        """Figures grouped per metric, unit and claimant, each in publication order."""
        from presswatch.query.params import paged

        found = c.figure_series(metric=metric, claimant=claimant, period=period, unit=unit,
                                kind=kind)
        return json_response(paged(found, limit, offset).to_dict())

    @app.get("/api/events", responses=JSON_OR_CSV, tags=["facts"])
    def events(c: C, entity: EntityRef = None, type: Text = None, since: Since = None,
               until: Until = None, limit: Limit = 50, offset: Offset = 0,
               format: TableFormat = "json") -> Response:
        """Events joined across documents, newest first, with their sources."""
        page = c.events(entity=entity, type=type, since=since, until=until, limit=limit,
                        offset=offset)
        if format == "csv":
            return csv_response((_plain(e) for e in page.items), EVENT_FIELDS)
        return json_response(page.to_dict())

    @app.get("/api/network", responses=NETWORK_TYPES, tags=["network"])
    def network(c: C, entity: EntityRef = None,
                depth: Annotated[int, Query(ge=1, le=3)] = 1, since: Since = None,
                until: Until = None, type: Text = None,
                format: Annotated[str, Query(pattern="^(" + "|".join(qn.FORMATS) + ")$")]
                = "json") -> Response:
        """Who met or mentioned whom, as JSON, GEXF (time intervals), GraphML, node-link
        JSON or edge/node CSV."""
        net = c.network(entity=entity, depth=depth, since=since, until=until, type=type)
        if format == "json":
            return json_response(net.to_dict())
        return Response(qn.render(net, format), media_type=qn.MEDIA_TYPES[format])

    @app.get("/api/timeline", tags=["network"])
    def timeline(c: C, entity: EntityRef = None, q: Text = None,
                 interval: Annotated[str, Query(description=", ".join(INTERVALS))] = "month",
                 since: Since = None, until: Until = None) -> Response:
        """Mentions, quotes and events per day, week or month, of an entity or a query.
        A query's timeline counts its newest ``matches_over`` (TIMELINE_CAP) matching documents:
        ``complete`` is false when more match."""
        buckets = c.timeline(entity=entity, q=q, interval=interval, since=since, until=until)
        return json_response({"total": len(buckets), "interval": interval,
                              "complete": buckets.complete,
                              "matches_over": buckets.matches_over,
                              "items": [b.to_dict() for b in buckets]})

    # -- corrections (need the token) --------------------------------------------------
    W = [Depends(require_token)]

    @app.post("/api/entities/{ref}/rename", tags=["corrections"], dependencies=W,
              responses={403: {"model": ErrorBody}})
    def rename(c: C, ref: RefPath, body: Annotated[RenameBody, Body()]) -> Response:
        """Set an entity's display name; every quote, figure and event follows."""
        return json_response(c.rename(ref, body.name))

    @app.post("/api/entities/{ref}/alias", tags=["corrections"], dependencies=W,
              responses={403: {"model": ErrorBody}})
    def alias(c: C, ref: RefPath, body: Annotated[AliasBody, Body()]) -> Response:
        """Give an entity another name form."""
        return json_response(c.add_alias(ref, body.alias))

    @app.post("/api/entities/{ref}/split", tags=["corrections"], dependencies=W,
              responses={403: {"model": ErrorBody}})
    def split(c: C, ref: RefPath, body: Annotated[AliasBody, Body()]) -> Response:
        """Make one name form of an entity an entity of its own."""
        return json_response(c.split(ref, body.alias))

    @app.post("/api/merge", tags=["corrections"], dependencies=W,
              responses={403: {"model": ErrorBody}})
    def merge(c: C, body: Annotated[MergeBody, Body()]) -> Response:
        """Merge entities into one."""
        return json_response(c.merge(body.refs, body.into))

    # -- docs and the web UI -------------------------------------------------------------
    web = resources.files("presswatch.web")
    static = Path(str(web.joinpath("static")))
    app.mount("/static/web", StaticFiles(directory=static), name="web")
    # Swagger UI 5 (OpenAPI 3.1), as the fastapi-offline package ships it: no CDN.
    swagger = Path(str(resources.files("fastapi_offline").joinpath("static")))
    app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return FileResponse(static / "docs.html", media_type="text/html")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return FileResponse(static / "index.html", media_type="text/html")

    @app.get("/healthz", include_in_schema=False)
    def health() -> Response:
        return HTMLResponse("ok")

    return app
