"""The identity side of the SQLite store (both backends run it): identities, their
aliases and user corrections, entity listings and lookups. Names are looked up through
their indexed keys (``entities.name_key``, ``entity_aliases.alias_key`` and ``last_key``,
see :mod:`presswatch.store.keys`); listings read the ``entities_rank`` index (documents,
mentions, name), whose counts ``write_documents`` keeps."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from presswatch.extract.translit import fold
from presswatch.store import identitykeys, keys

# Ids per "IN (...)" query: far below SQLite's limit on bound parameters.
CHUNK = 500


def _chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _alias_keys(alias: str) -> tuple[str, str]:
    """(alias_key, last_key) of a name form."""
    key = fold(alias)
    return key, key.rsplit(" ", 1)[-1]


class IdentityMixin:
    """Identity methods of :class:`~presswatch.store.sqlite.SQLiteStore`."""

    _db: sqlite3.Connection

    def _transaction(self) -> Any:  # provided by the store
        raise NotImplementedError

    def _upsert_rows(self, db: Any, table: str, columns: Sequence[str],
                     rows: Sequence[Sequence[Any]], conflict: str) -> None:
        raise NotImplementedError  # provided by the store

    def _count_aliases(
        self, db: sqlite3.Connection, counts: Mapping[tuple[str, str, str], int]
    ) -> None:
        """Add ``counts`` ((entity, alias, language) -> documents, negative to take back)
        to the alias rows, in one statement per batch; rows that drop to zero go, unless a
        user added them. Only the rows touched are looked at (never the whole table: the
        cost of a batch does not grow with the database)."""
        changed = [(e, a, lang, *_alias_keys(a), n) for (e, a, lang), n in counts.items() if n]
        self._upsert_rows(
            db, "entity_aliases",
            ("entity_id", "alias", "language", "alias_key", "last_key", "count"),
            changed, """ON CONFLICT (entity_id, alias, language) DO UPDATE SET
                count = max(0, count + excluded.count)""")
        db.executemany(
            """DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ? AND language = ?
            AND count <= 0 AND language != 'user'""",
            [(e, a, lang) for e, a, lang, _, _, n in changed if n < 0],
        )
        identitykeys.refresh(db, [e for e, _, _, _, _, n in changed if n < 0])

    def identity_state(self) -> dict[str, Any]:
        """What :class:`~presswatch.extract.canonical.IdentityIndex` loads: every
        identity (id, name, type, locked), alias (entity_id, alias, language, count) and
        correction ({id, kind, args, at}), in order."""
        entities = self._db.execute("SELECT id, name, type, locked FROM entities").fetchall()
        aliases = self._db.execute(
            "SELECT entity_id, alias, language, count FROM entity_aliases"
        ).fetchall()
        # An identity without alias rows (written before identities) goes by its name.
        with_alias = {row[0] for row in aliases}
        aliases += [(i, name, "und", 1) for i, name, _, _ in entities if i not in with_alias]
        return {"entities": entities, "aliases": aliases, "corrections": self.corrections()}

    # Look-ups by key for a lazily loading IdentityIndex (store/identitykeys.py).
    def identity_clock(self) -> int:
        """The latest arrival clock an identity index stored (0: none)."""
        return identitykeys.clock(self._db)

    def identity_candidates(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """key -> ids of the identities with that look-up key."""
        return identitykeys.candidates(self._db, keys)

    def identity_key_counts(self, keys: Iterable[str]) -> dict[str, int]:
        """key -> how many identities have that look-up key."""
        return identitykeys.key_counts(self._db, keys)

    def identity_records(self, ids: Sequence[str]
                         ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The entity and alias rows of ``ids``, with their arrivals."""
        return identitykeys.records(self._db, ids)

    def known_entity_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` that are stored identities."""
        return identitykeys.known(self._db, ids)

    def set_identity_arrivals(
        self, aliases: Sequence[tuple[str, str, str, int]],
        entities: Sequence[tuple[str, str, int | None, int, str | None]],
    ) -> None:
        """Record when name forms and identities arrived (in the chunk's transaction)."""
        with self._transaction() as db:
            identitykeys.set_arrivals(db, aliases, entities)

    def corrections(self) -> list[dict[str, Any]]:
        """Every user correction, oldest first: [{id, kind, args, at}]."""
        return [
            {"id": i, "kind": kind, "args": json.loads(args), "at": at}
            for i, kind, args, at in self._db.execute(
                "SELECT id, kind, args, at FROM entity_corrections ORDER BY id"
            )
        ]

    def record_correction(self, kind: str, args: Mapping[str, Any]) -> int:
        """Append a correction (``merge``, ``split``, ``alias`` or ``rename`` with its
        JSON-able ``args``); its id."""
        cur = self._db.execute(
            "INSERT INTO entity_corrections (kind, args, at) VALUES (?, ?, ?)",
            (kind, json.dumps(dict(args), ensure_ascii=False), _now()),
        )
        return int(cur.lastrowid or 0)

    def entity_summaries(
        self, type_: str | None = None, name: str | None = None, limit: int | None = None,
        ids: Sequence[str] | None = None, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """[{id, name, type, documents, mentions, aliases}], most documents first."""
        return self.entity_page(type_, name, limit, ids, offset)[1]

    def entity_page(
        self, type_: str | None = None, name: str | None = None, limit: int | None = None,
        ids: Sequence[str] | None = None, offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total, one page of :meth:`entity_summaries`): read in the order of the
        ``entities_rank`` index (documents, mentions, name), ``LIMIT`` in SQL. ``name``
        keeps the identities one of whose names (display name or alias, folded) starts
        with the folded ``name``, or one of whose aliases has a last word that does."""
        where, params = ["1 = 1"], []
        if type_:
            where.append("e.type = ?")
            params.append(type_.upper())
        if name is not None:
            key = fold(name)
            if not key:
                return 0, []
            lo, hi = keys.key_prefix_range(key)
            where.append(
                "e.id IN (SELECT id FROM entities WHERE name_key >= ? AND name_key < ?"
                " UNION SELECT entity_id FROM entity_aliases WHERE alias_key >= ?"
                " AND alias_key < ? UNION SELECT entity_id FROM entity_aliases"
                " WHERE last_key >= ? AND last_key < ?)")
            params += [lo, hi, lo, hi, lo, hi]
        if ids is not None:
            if not ids:
                return 0, []
            where.append(f"e.id IN ({_marks(len(ids))})")
            params += list(ids)
        cond = " AND ".join(where)
        if len(where) == 1:
            total = self._db.execute("SELECT count(*) FROM entities").fetchone()[0]
        else:
            total = self._db.execute(f"SELECT count(*) FROM entities e WHERE {cond}",
                                     params).fetchone()[0]
        sql = f"""SELECT e.id, e.name, e.type, e.documents, e.mentions,
                (SELECT count(*) FROM entity_aliases WHERE entity_id = e.id)
            FROM entities e WHERE {cond}
            ORDER BY e.documents DESC, e.mentions DESC, e.name"""
        if limit or offset:
            sql += f" LIMIT {int(limit) if limit else -1} OFFSET {int(offset)}"
        return int(total), [
            {"id": i, "name": n, "type": t, "documents": d, "mentions": m, "aliases": a}
            for i, n, t, d, m, a in self._db.execute(sql, params)
        ]

    def entity_detail(self, ent_id: str, documents: int | None = None
                      ) -> dict[str, Any] | None:
        """One identity with its aliases, roles, documents (newest first) and resolution
        reasons; with ``documents``, the newest that many documents (roles and reasons
        are counted over them)."""
        summary = self.entity_summaries(ids=[ent_id])
        if not summary:
            return None
        out = summary[0]
        out["locked"] = bool(self._db.execute(
            "SELECT locked FROM entities WHERE id = ?", (ent_id,)
        ).fetchone()[0])
        out["alias_list"] = [
            {"alias": a, "language": lang, "count": n}
            for a, lang, n in self._db.execute(
                "SELECT alias, language, count FROM entity_aliases WHERE entity_id = ? "
                "ORDER BY count DESC, language, alias",
                (ent_id,),
            )
        ]
        roles: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        docs = []
        page = f" LIMIT {int(documents)}" if documents is not None else ""
        for doc_id, title, published, language, source, role_json, why in self._db.execute(
            """SELECT d.id, d.title, d.published, d.language, d.source, de.roles,
                de.resolution
            FROM doc_entities de JOIN documents d ON d.id = de.doc_id
            WHERE de.entity_id = ? ORDER BY de.doc_key DESC""" + page,
            (ent_id,),
        ):
            roles.update(json.loads(role_json))
            if why:
                reasons[why] += 1
            docs.append({"id": doc_id, "title": title, "published": published,
                         "language": language, "source": source, "resolution": why})
        out["roles"] = [{"role": r, "count": n} for r, n in roles.most_common()]
        out["resolutions"] = [{"reason": r, "count": n} for r, n in reasons.most_common()]
        out["document_list"] = docs
        out["corrections"] = [
            c for c in self.corrections()
            if ent_id in json.dumps(c["args"], ensure_ascii=False)
        ]
        return out

    def find_entities(self, text: str) -> list[str]:
        """Ids of identities called ``text`` (id, display name or alias; exact match,
        case-insensitive, or the same folded key), most documents first: lookups of
        the indexed key columns only."""
        key = fold(text)
        rows = self._db.execute(
            """SELECT id FROM entities WHERE id = ? UNION SELECT id FROM entities
            WHERE name_key = ? UNION SELECT entity_id FROM entity_aliases
            WHERE alias_key = ?""",
            (text, key, key),
        ).fetchall()
        ids = [r[0] for r in rows]
        return [s["id"] for s in self.entity_summaries(ids=ids)] if ids else []

    def documents_with_entities(self, ids: Sequence[str]) -> list[str]:
        """Ids of the documents that mention any of the identities ``ids``."""
        found: list[str] = []
        for chunk in _chunks(list(ids)):
            found += [r[0] for r in self._db.execute(
                f"SELECT DISTINCT doc_id FROM doc_entities WHERE entity_id IN "
                f"({_marks(len(chunk))})",
                chunk,
            )]
        return list(dict.fromkeys(found))

    def upsert_entity(self, ent_id: str, name: str, type_: str, locked: bool = False) -> None:
        """Create or update an identity's row (a lock, once set, stays)."""
        self._db.execute(
            """INSERT INTO entities (id, name, type, locked, name_key) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,
                name_key = excluded.name_key,
                locked = max(entities.locked, excluded.locked)""",
            (ent_id, name, type_, int(locked), fold(name)),
        )
        identitykeys.refresh(self._db, [ent_id])

    def move_aliases(self, src: str, dst: str, alias: str | None = None) -> None:
        """Move the alias rows of ``src`` (all, or those whose key is ``alias``'s) to
        ``dst``, adding counts."""
        with self._transaction() as db:
            cond, params = "entity_id = ?", [src]
            if alias is not None:
                cond += " AND (alias_key = ? OR lower(alias) = lower(?))"
                params += [fold(alias), alias]
            rows = db.execute(
                "SELECT alias, language, alias_key, last_key, count FROM entity_aliases"
                f" WHERE {cond}",
                params,
            ).fetchall()
            db.executemany(
                """INSERT INTO entity_aliases (entity_id, alias, language, alias_key,
                last_key, count) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity_id, alias,
                language) DO UPDATE SET count = count + excluded.count""",
                [(dst, *row) for row in rows],
            )
            db.execute(f"DELETE FROM entity_aliases WHERE {cond}", params)
            identitykeys.refresh(db, [src, dst])

    def add_alias(self, ent_id: str, alias: str, language: str = "user") -> None:
        """Give an identity a name form (count 0: a user's alias counts no documents and
        is never removed by a rewrite)."""
        with self._transaction() as db:
            db.execute(
                """INSERT OR IGNORE INTO entity_aliases (entity_id, alias, language,
                alias_key, last_key, count) VALUES (?, ?, ?, ?, ?, 0)""",
                (ent_id, alias, language, *_alias_keys(alias)),
            )
            identitykeys.refresh(db, [ent_id])

    def rename_entity(self, ent_id: str, name: str) -> None:
        """Set an identity's display name and lock it (ingest no longer renames it)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE entities SET name = ?, name_key = ?, locked = 1 WHERE id = ?",
                (name, fold(name), ent_id))
            identitykeys.refresh(db, [ent_id])

    def delete_unused_entities(self, ids: Sequence[str]) -> None:
        """Delete those of ``ids`` no document mentions any more, with their aliases."""
        for ent_id in ids:
            used = self._db.execute(
                "SELECT 1 FROM doc_entities WHERE entity_id = ? LIMIT 1", (ent_id,)
            ).fetchone()
            if not used:
                self._db.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (ent_id,))
                self._db.execute("DELETE FROM entities WHERE id = ?", (ent_id,))
                self._db.execute("DELETE FROM identity_keys WHERE entity_id = ?", (ent_id,))

    def entities_by_surname(self, key: str) -> list[str]:
        """Identities one of whose name forms ends in the folded word ``key``
        (:func:`~presswatch.extract.translit.fold`), most documents first."""
        rows = self._db.execute(
            "SELECT entity_id, sum(count) AS n FROM entity_aliases WHERE last_key = ?"
            " AND alias_key != last_key GROUP BY entity_id ORDER BY n DESC",
            (key,),
        ).fetchall()
        return [row[0] for row in rows]
