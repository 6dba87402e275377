"""Cleaning and dating: raw text -> :class:`~presswatch.model.Article`.

One module per concern: ``body`` (boilerplate), ``title``, ``dateline`` (place, date,
outlet), ``dates`` (publication date, evidence, warnings), ``language``.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from presswatch.clean.body import Unit, clean_body
from presswatch.clean.dateline import credited_outlet, find_dateline
from presswatch.clean.dates import (
    content_year_warning,
    disagreement_warning,
    first_lines_date,
    parse_date,
    parse_meta_date,
    resolve_year,
)
from presswatch.clean.language import detect_language
from presswatch.config import DEFAULT, Settings
from presswatch.model import Article, Dateline, RawItem

NO_DATE = "no publication date found"


class TooLarge(ValueError):
    """A text over the per-document size bounds; the message is the rejection reason."""


def too_long(chars: int, limit: int) -> str:
    return f"text too long: {chars} characters > limit {limit}"


def check_bounds(raw: RawItem, settings: Settings = DEFAULT) -> None:
    """Refuse, before any work, a plain text over ``settings.max_chars`` characters or
    ``settings.max_lines`` lines (HTML is bounded by its bytes; its extracted text is
    checked after extraction)."""
    if (raw.meta or {}).get("format") == "html":
        return
    if len(raw.text) > settings.max_chars:
        raise TooLarge(too_long(len(raw.text), settings.max_chars))
    lines = raw.text.count("\n") + 1
    if lines > settings.max_lines:
        raise TooLarge(f"text too long: {lines} lines > limit {settings.max_lines}")


def _byline_date(units: Iterable[Unit], look: int = 8) -> tuple[str | None, str | None]:
    """A full date on a byline line above the body ("By Jane Roe | 5 May 2021")."""
    for unit in list(units)[:look]:
        if unit.drop == "byline":
            parts = parse_date(unit.text)
            if parts is not None and parts.year is not None:
                return parts.iso(), f"byline: {unit.text.strip()}"
    return None, None


def clean(
    raw: RawItem,
    *,
    repeated: Container[str] = frozenset(),
    settings: Settings = DEFAULT,
) -> Article:
    """Clean one raw item. ``repeated`` holds line keys (see ``body.line_key``) that the
    corpus shows to be boilerplate for this item's group. Raises :class:`TooLarge` for a
    text over the size bounds (:func:`check_bounds`)."""
    check_bounds(raw, settings)
    meta = raw.meta or {}
    if meta.get("format") == "html":
        from presswatch.clean.html import clean_html

        return clean_html(raw, repeated=repeated, settings=settings)
    body = clean_body(raw.text, repeated=repeated, meta_title=meta.get("title"))
    text = body.text
    warnings: list[str] = []

    published: str | None = None
    evidence: str | None = None
    stated = (meta.get("published") or "").strip()
    if stated:
        published = parse_meta_date(stated)
        if published is None:
            warnings.append(f"unreadable publication date in metadata: {stated!r}")
        else:
            evidence = "metadata: published"
    if published is None and body.header is not None:
        published, evidence = body.header.published, body.header.evidence
    if published is None and body.lead_date is not None:
        published, evidence = body.lead_date[0], f"lead date: {body.lead_date[1]}"
    if published is None:
        published, evidence = _byline_date(body.units)

    found = find_dateline(body.paragraphs)
    dateline: Dateline | None = None
    if found is not None:
        date = resolve_year(found.parts, published) if found.parts else None
        dateline = Dateline(found.place, date)
        if date is not None and published is not None:
            doubt = disagreement_warning(published, date)
            if doubt:
                warnings.append(doubt)
        if published is None and found.parts is not None and found.parts.year is not None:
            published, evidence = found.parts.iso(), f"dateline: {found.text}"
    if published is None:
        early = first_lines_date(body.paragraphs)
        if early is not None:
            published, evidence = early
    block = body.metadata
    if published is None and block is not None and block.url_date() is not None:
        published, evidence = block.url_date(), f"URL: {block.url}"
    if published is None:
        warnings.append(NO_DATE)
    else:
        doubt = content_year_warning(published, text)
        if doubt:
            warnings.append(doubt)

    outlet = (meta.get("outlet") or "").strip() or None
    if outlet is None and found is not None:
        outlet = found.outlet
    if outlet is None:
        outlet = credited_outlet(u.text for u in body.units)
    if outlet is None:
        outlet = body.signoff
    if outlet is None and block is not None:
        outlet = block.outlet()
    language = detect_language(text or (body.title or ""), settings)
    if block is not None and block.language in settings.detect_languages:
        language = block.language

    return Article(
        source=raw.source,
        text=text,
        title=body.title,
        outlet=outlet,
        dateline=dateline,
        published=published,
        published_evidence=evidence,
        language=language,
        warnings=warnings,
        group=raw.group,
    )
