"""One error hierarchy for every interface.

The query layer raises these; the CLI maps them to exit codes once
(:func:`presswatch.cli.common.run_query`) and the REST API to HTTP statuses once
(:mod:`presswatch.api.app`), with one JSON shape::

    {"error": {"type": "invalid_query", "message": "...", "status": 422,
               "field": "since", "candidates": []}}

``exit_code`` and ``status`` live on the class, so a new error type says in one place how
each interface reports it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AmbiguousEntity",
    "EntityNotFound",
    "Forbidden",
    "InvalidQuery",
    "NoDatabase",
    "NotFound",
    "PresswatchError",
]


class PresswatchError(Exception):
    """Base of every error presswatch reports to a user."""

    code = "error"
    exit_code = 1
    status = 500

    def __init__(self, message: str, *, field: str | None = None,
                 candidates: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.candidates = list(candidates or [])

    def to_dict(self) -> dict[str, Any]:
        """The one error shape of the REST API (pinned by tests/test_api.py)."""
        return {"error": {"type": self.code, "message": self.message, "status": self.status,
                          "field": self.field, "candidates": self.candidates}}


class InvalidQuery(PresswatchError):
    """A filter or paging value is malformed or out of range (a bad date, kind, limit)."""

    code = "invalid_query"
    exit_code = 2
    status = 422


class NotFound(PresswatchError, LookupError):
    """No such document, entity or page."""

    code = "not_found"
    exit_code = 1
    status = 404


class EntityNotFound(NotFound):
    """No identity goes by that id, name or alias."""

    code = "entity_not_found"


class AmbiguousEntity(PresswatchError, LookupError):
    """A name several identities go by: ``candidates`` lists them (id, name, type,
    documents) so the caller can pick one by id."""

    code = "ambiguous_entity"
    exit_code = 1
    status = 409


class NoDatabase(PresswatchError):
    """The database file does not exist (a mistyped path never creates an empty one)."""

    code = "no_database"
    exit_code = 1
    status = 503


class Forbidden(PresswatchError):
    """A write (a correction) without the right token."""

    code = "forbidden"
    exit_code = 1
    status = 403
