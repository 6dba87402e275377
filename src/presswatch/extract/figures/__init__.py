"""Figures: the quantities an article claims, with what they measure, when, and who said so.

:func:`extract_figures` finds every quantity in a text (money, percent, percentage points,
fractions, multipliers, counts, physical and time units, temperatures, ranges) and fills
``metric`` (from the dependency tree of the annotation's native doc), ``period`` (resolved
against the publication date), ``claimant`` and ``kind``. It returns
:class:`FigureDetail` objects: plain :class:`~presswatch.model.Figure` s (same
``to_contract``) that also carry what the contract has no field for: the ``qualifier``
words ("more than", "около"), the ``change`` they imply (``= ~ > < up down``), the
``upper`` bound of a range and the counted ``noun``. ``change`` "reached" marks a level
reached after a movement ("rose 6.5% to 164p", "reached $40 billion"): the contract's "=";
"up" and "down" export as they are, the qualifiers as null.

Modules: ``quantities`` (numbers with their unit, qualifier, change and range),
``units`` (unit and currency words, from ``lang/<code>/units.tsv``, ``currencies.tsv``,
``currency_adjectives.tsv``), ``special`` (fractions, multipliers, vague plurals),
``exclusions`` (what is not a figure), ``periods``, ``claims`` (metric, kind, claimant),
``syntax`` (token and dependency views) and ``spans`` (the shared quantity record).

Decisions (see docs/quality.md, "Figures"):

- ``value`` is exact and in base units; qualifiers never change it. A range ("5–7%",
  "from 1 to 1.5 degrees", "от 5 до 7 процентов") has ``value`` = lower bound, ``upper``
  = upper bound and ``text`` spanning the whole range; "from X to Y" is a range unless a
  change verb governs it ("rose from X to Y": two figures, the old and the new level), and
  "by X to Y" is never a range.
- units: ISO 4217 for money; ``percent``; ``percentage point``; ``basis point``;
  ``fraction`` (0..1, "by a third"); ``times`` ("doubled", "в полтора раза");
  ``count`` (counted things and bare numbers); unit words for the rest (``kilometre``,
  ``tonne``, ``ton``, ``celsius``, ``year``, ``year of age``...); a rate is
  ``"<unit> per <denominator>"`` ("USD per barrel", "percent per year", "point per game").
- claimant: ``claimant_at`` (the quote's speaker) first; else the subject of a reporting
  verb or the name after "according to" / "по словам", as the canonical entity name when
  ``people`` (identity resolution) is given, None when it resolves to nothing.
- not figures: years and dates, clock times, ordinals, list numbering, phone numbers,
  numbers inside names ("COVID-19", "Section 427", "S&P 500", "iPhone 11 Pro"), street
  addresses, sports scores ("beat Charlton 2-1"), vague amounts without a value ("several
  times", "в несколько раз"), and the durations that name a period ("over the ten months
  of this year", "за девять месяцев").
- vague plurals are ranges of one order of magnitude ("dozens of people" 12-120, "tens of
  thousands of dollars", "тысячи рублей"), the vague words kept as the qualifier.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from presswatch.extract.figures.claims import (
    _claimant,
    _kind,
    _metric,
)
from presswatch.extract.figures.periods import (
    _Period,
    resolve_periods,
)
from presswatch.extract.figures.quantities import find_quantities
from presswatch.extract.figures.spans import _Q, _sentence_bounds
from presswatch.extract.figures.syntax import _syntax
from presswatch.extract.quotes import EntityLookup
from presswatch.model import Annotation, Figure, FigureDetail

__all__ = ["FigureDetail", "extract_figures", "find_quantities", "resolve_periods"]

ClaimantAt = Callable[[int, int], str | None]


def extract_figures(text: str, annotation: Annotation | None = None,
                    published: str | None = None,
                    claimant_at: ClaimantAt | None = None,
                    people: EntityLookup | None = None) -> list[Figure]:
    """The figures a text claims, in text order (each a :class:`FigureDetail`).

    ``annotation`` gives the language, sentences, entities and the parsed native doc
    (metric and kind need its syntax; without it they fall back to patterns).
    ``published`` (``YYYY-MM-DD``) resolves relative periods ("last year", "за девять
    месяцев"). ``claimant_at(start, end)`` names who claimed the figure at those offsets
    (quotes/identity layers); when it returns None the subject of a reporting verb in the
    same sentence is used: with ``people`` (the document's identity resolution,
    :class:`~presswatch.extract.quotes.EntityLookup`) the canonical name of the entity
    that span refers to (a name, a description such as "the head of state", a pronoun),
    else None; without ``people``, a PERSON or ORG entity of the annotation.
    """
    language = annotation.language if annotation is not None else "en"
    syn = _syntax(annotation.native) if annotation is not None else None
    quantities = find_quantities(text, language, syn)
    if not quantities:
        return []
    sentences = list(annotation.sentences) if annotation is not None and annotation.sentences \
        else []
    sent_starts = [s for s, _ in sentences]

    def sentence_of(pos: int) -> tuple[int, int]:
        if sentences:
            return sentences[max(bisect.bisect_right(sent_starts, pos) - 1, 0)]
        return _sentence_bounds(text, pos)

    spans = sorted({sentence_of(q.start) for q in quantities})
    periods = resolve_periods(text, published, spans)
    # durations and years that name a period are not figures ("за девять месяцев")
    quantities = [q for q in quantities
                  if not any(p.start <= q.start and q.end <= p.end for p in periods)]
    named = [e for e in (annotation.entities if annotation is not None else [])
             if e.label in ("PERSON", "PER", "ORG")]
    out: list[Figure] = []
    claimants: dict[tuple[int, int], str | None] = {}
    for q in quantities:
        sent = sentence_of(q.start)
        period = _nearest_period(periods, q, sent, text)
        metric = _metric(syn, q, text) if syn is not None else None
        claimant = claimant_at(q.start, q.end) if claimant_at is not None else None
        if claimant is None:
            if sent not in claimants:
                claimants[sent] = _claimant(syn, text, sent, named, people)
            claimant = claimants[sent]
        out.append(FigureDetail(
            text=text[q.start:q.end], start=q.start, end=q.end, value=q.value, unit=q.unit,
            metric=metric, period=period, claimant=claimant, kind=_kind(syn, q, text, sent),
            qualifier=q.qualifier, change=q.change, upper=q.upper, noun=q.noun,
        ))
    return out


# a period that is the base of a comparison is not the figure's period: "increased by ten
# percent compared to the base of last year", "рост к уровню прошлого года"
_BASELINE = re.compile(
    r"(?:compared\s+(?:to|with)|than|versus|vs\.?|against|from|(?:base|level)\s+of|"
    r"по\s+сравнению\s+с|против|относительно|к\s+уровню|к\s+аналогичному\s+периоду)"
    r"(?:\s+(?:the|a|an|that|those|its|their))*(?:\s+(?:base|level|period|same\s+period)"
    r"(?:\s+(?:of|in))?)?\s*(?:\w+\s+)?$",
    re.IGNORECASE)


def _nearest_period(periods: Sequence[_Period], q: _Q, sent: tuple[int, int],
                    text: str = "") -> str | None:
    best: tuple[int, str] | None = None
    for p in periods:
        if p.start >= sent[1] or p.end <= sent[0]:
            continue
        if p.start < q.end and q.start < p.end:
            continue
        a, b = (p.end, q.start) if p.end <= q.start else (q.end, p.start)
        if text and ("\n" in text[a:b] or _BASELINE.search(text, max(sent[0], p.start - 40),
                                                           p.start)):
            continue  # another paragraph, or the base of a comparison
        d = b - a
        if best is None or d < best[0]:
            best = (d, p.value)
    return best[1] if best else None

