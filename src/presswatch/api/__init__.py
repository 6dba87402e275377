"""The REST API (and the web UI it serves): :func:`presswatch.api.app.create_app`."""

from presswatch.api.app import create_app

__all__ = ["create_app"]
