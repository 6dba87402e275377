"""Database-wide identities: list, show and correct them.

What ``presswatch entities ...`` (and later the REST API) call. Corrections are recorded
in ``entity_corrections`` and applied at once to the stored documents; the identity index
of every later ingest loads them (:class:`~presswatch.extract.canonical.IdentityIndex`),
so new documents follow them too.
"""

from __future__ import annotations

import re
from typing import Any

from presswatch.errors import AmbiguousEntity, EntityNotFound
from presswatch.extract.entities import stable_id
from presswatch.extract.translit import display_latin, fold
from presswatch.model import Document, Entity
from presswatch.store import reads
from presswatch.store.sqlite import connection

__all__ = ["AmbiguousEntity", "EntityNotFound", "add_alias", "list_entities", "merge",
           "profile", "rename", "resolve_ref", "show_entity", "split"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def list_entities(
    store: Any, type_: str | None = None, name: str | None = None, limit: int | None = 50
) -> list[dict[str, Any]]:
    """[{id, name, type, documents, mentions, aliases}], most documents first; ``name``
    matches a substring of the display name or of any alias."""
    return store.entity_summaries(type_=type_, name=name, limit=limit)


def candidates(store: Any, ids: list[str]) -> list[dict[str, Any]]:
    return [{"id": i, "name": n, "type": t, "documents": d}
            for i, n, t, d in reads.entity_candidates(connection(store), ids)]


def resolve_ref(store: Any, ref: str, strict: bool = True) -> str:
    """The id of the identity ``ref`` names: an id, a display name or an alias, in any
    script and case. When several identities go by it, the one whose display name it is
    wins; otherwise :class:`AmbiguousEntity` lists the candidates (with ``strict=False``:
    the one with most documents)."""
    if reads.entity_exists(connection(store), ref):  # an id: no name lookup needed
        return ref
    found = store.find_entities(ref)
    if not found:
        found = _by_last_name(store, ref)
    if not found:
        raise EntityNotFound(f"no entity {ref!r}", field="entity")
    if len(found) == 1 or not strict or ref in found:
        return ref if ref in found else found[0]
    exact = reads.entity_names_exact(connection(store), found, ref)
    if len(exact) == 1:
        return exact[0]
    options = candidates(store, found[:20])
    listed = "; ".join(f"{c['id']} {c['name']} ({c['type']}, {c['documents']} documents)"
                       for c in options)
    raise AmbiguousEntity(f"{ref!r} names {len(found)} entities, give one by id: {listed}",
                          field="entity", candidates=options)


def script_of(text: str) -> str:
    """"cyrillic", "latin" or "other": the script a name form is written in."""
    if _CYRILLIC.search(text):
        return "cyrillic"
    if _LATIN.search(text):
        return "latin"
    return "other"


def _by_last_name(store: Any, ref: str) -> list[str]:
    """Identities one of whose names ends in ``ref`` ("Kovalchuk" finds "Marina
    Kovalchuk"), in any spelling or script, the one with most documents first."""
    key = fold(ref)
    if not key or " " in key:
        return []
    return store.entities_by_surname(key)


# The newest documents of an identity its profile reads (roles and resolution reasons
# are counted over them).
PROFILE_DOCUMENTS = 500


def show_entity(store: Any, ref: str, documents: int | None = None) -> dict[str, Any]:
    """One identity (:meth:`~presswatch.store.sqlite.SQLiteStore.entity_detail`) with the
    script of each alias; ``documents``: the newest that many documents."""
    detail = store.entity_detail(resolve_ref(store, ref), documents)
    if detail is None:  # pragma: no cover - resolve_ref found it
        raise EntityNotFound(f"no entity {ref!r}")
    for alias in detail["alias_list"]:
        alias["script"] = script_of(alias["alias"])
    return detail


def profile(store: Any, ent_id: str, limit: int = 20) -> dict[str, Any]:
    """Everything about one identity: its summary, aliases (with language and script),
    roles (over its newest :data:`PROFILE_DOCUMENTS` documents), its newest documents,
    quotes by it and about it, figures it claimed, events it took part in (a page of
    each, newest first), the identities mentioned beside it (in its newest
    :data:`~presswatch.store.reads.CO_MENTION_DOCS` documents) and those it met (shared
    events). Every piece is one indexed read with its LIMIT in SQL."""
    from presswatch.query.events import events_page
    from presswatch.query.figures import figures_page
    from presswatch.query.network import build_network
    from presswatch.query.quotes import find_page

    detail = show_entity(store, ent_id, max(limit, PROFILE_DOCUMENTS))
    detail["document_list"] = detail["document_list"][:limit]  # all: "documents"
    detail["aliases_by_script"] = {}
    for alias in detail["alias_list"]:
        names = detail["aliases_by_script"].setdefault(alias["script"], [])
        if alias["alias"] not in names:  # one form may be counted in several languages
            names.append(alias["alias"])
    detail["quotes_by"] = find_page(store, speaker_id=ent_id, limit=limit).to_dict()
    detail["quotes_about"] = find_page(store, mentions_id=ent_id, limit=limit).to_dict()
    detail["figures"] = figures_page(store, claimant_id=ent_id, limit=limit).to_dict()
    detail["events"] = events_page(store, entity_id=ent_id, limit=limit).to_dict()
    detail["co_mentioned"] = [
        {"id": i, "name": n, "type": t, "documents": d}
        for i, n, t, d in reads.co_mentioned(connection(store), ent_id, limit)]
    net = build_network(store, entity_id=ent_id, mentions=False)
    met = []
    for e in net.edges:
        if e.kind == "mentions":
            continue
        other = e.target if e.source == ent_id else e.source
        met.append({"id": other, "name": net.nodes[other]["name"],
                    "type": net.nodes[other]["type"], "kind": e.kind, "weight": e.weight,
                    "first": e.first, "last": e.last})
    detail["met"] = met
    return detail


def _retarget(doc: Document, moved: dict[str, tuple[str, str]]) -> None:
    """Point the document's quotes, figures and events from the old identities in
    ``moved`` (old id -> (new id, name)) to the new ones, names included."""
    for q in doc.quotes:
        if q.speaker_id in moved:
            q.speaker_id, q.speaker = moved[q.speaker_id]
    for f in doc.figures:
        if f.claimant_id in moved:
            f.claimant_id, f.claimant = moved[f.claimant_id]
    for ev in doc.events:
        ids = list(ev.participant_ids)
        names = list(ev.participants)
        for i, pid in enumerate(ids):
            if pid in moved:
                ids[i] = moved[pid][0]
                if i < len(names):
                    names[i] = moved[pid][1]
        ev.participant_ids, ev.participants = ids, names


def _merge_within(doc: Document) -> None:
    """Entities of one document that now share an id become one."""
    merged: dict[str, Entity] = {}
    for ent in doc.entities:
        first = merged.get(ent.id)
        if first is None:
            merged[ent.id] = ent
            continue
        pairs = dict(zip(first.mentions, first.evidence or [""] * len(first.mentions),
                         strict=False))
        for m, ev in zip(ent.mentions, ent.evidence or [""] * len(ent.mentions),
                         strict=False):
            pairs.setdefault(m, ev)
        first.mentions = sorted(pairs)
        if first.evidence or ent.evidence:
            first.evidence = [pairs[m] for m in first.mentions]
        spans: list[tuple[int, int] | None] = list(ent.role_spans) or [None] * len(ent.roles)
        for role, span in zip(ent.roles, spans, strict=False):
            if role not in first.roles:
                first.roles.append(role)
                if span is not None and len(first.role_spans) == len(first.roles) - 1:
                    first.role_spans.append(span)
        first.aliases = list(dict.fromkeys([*first.aliases, *ent.aliases]))
        first.title_mentions = sorted({*first.title_mentions, *ent.title_mentions})
    doc.entities = sorted(merged.values(), key=lambda e: e.mentions[0] if e.mentions else (0, 0))


def merge(store: Any, refs: list[str], into: str) -> dict[str, Any]:
    """Merge identities ``refs`` into ``into``: stored documents are rewritten, and
    later mentions that would resolve to a merged identity go to ``into``."""
    target = resolve_ref(store, into)
    sources = [s for s in dict.fromkeys(resolve_ref(store, r) for r in refs) if s != target]
    if not sources:
        return {"correction": None, "into": target, "merged": [], "documents": 0}
    n = store.record_correction("merge", {"ids": sources, "into": target})
    [summary] = store.entity_summaries(ids=[target])
    docs = list(store.documents(store.documents_with_entities(sources)))
    moved = {src: (target, summary["name"]) for src in sources}
    for doc in docs:
        for ent in doc.entities:
            if ent.id in sources:
                ent.id, ent.name = target, summary["name"]
                ent.resolution = f"user merge #{n}"
        _merge_within(doc)
        _retarget(doc, moved)
    store.write_documents(docs)
    for src in sources:
        store.move_aliases(src, target)
    store.delete_unused_entities(sources)
    return {"correction": n, "into": target, "merged": sources, "documents": len(docs)}


def split(store: Any, ref: str, alias: str, display_language: str = "en") -> dict[str, Any]:
    """Make the name form ``alias`` of identity ``ref`` an identity of its own: the
    documents that use it move there, and later ones follow."""
    source = resolve_ref(store, ref)
    [summary] = store.entity_summaries(ids=[source])
    new_id = stable_id("E", f"{summary['type']}:split:{source}:{fold(alias)}")
    n = store.record_correction("split", {"from": source, "alias": alias, "new": new_id})
    name = display_latin(alias) if display_language == "en" else alias
    store.upsert_entity(new_id, name, summary["type"])
    key = fold(alias)
    docs = []
    for doc in store.documents(store.documents_with_entities([source])):
        moved = False
        for ent in doc.entities:
            if ent.id == source and any(fold(a) == key for a in ent.aliases):
                ent.id, ent.name, ent.resolution = new_id, name, f"user split #{n}"
                moved = True
        if moved:
            # In a document that uses the split name form, the facts of the old identity
            # are the new one's.
            _retarget(doc, {source: (new_id, name)})
            docs.append(doc)
    store.write_documents(docs)
    store.move_aliases(source, new_id, alias)
    store.add_alias(new_id, alias)
    return {"correction": n, "from": source, "new": new_id, "documents": len(docs)}


def add_alias(store: Any, ref: str, alias: str) -> dict[str, Any]:
    """Give identity ``ref`` another name form: later documents using it resolve here."""
    target = resolve_ref(store, ref)
    n = store.record_correction("alias", {"id": target, "alias": alias})
    store.add_alias(target, alias)
    return {"correction": n, "id": target, "alias": alias}


def rename(store: Any, ref: str, name: str) -> dict[str, Any]:
    """Set the display name of identity ``ref`` (it no longer follows its aliases)."""
    target = resolve_ref(store, ref)
    n = store.record_correction("rename", {"id": target, "name": name})
    store.rename_entity(target, name)
    docs = list(store.documents(store.documents_with_entities([target])))
    for doc in docs:
        for ent in doc.entities:
            if ent.id == target:
                ent.name = name
        _retarget(doc, {target: (target, name)})
    store.write_documents(docs)
    return {"correction": n, "id": target, "name": name}
