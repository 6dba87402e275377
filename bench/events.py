"""Event extraction and cross-document joining, measured (docs/quality.md, "Events").

    python bench/events.py [--out bench/out/events.json] [--raw-names]

1. **Extraction** on ``tests/data/events_gold_src.txt`` (texts written for presswatch,
   EN and RU, plus the sample corpus and the seeds, cleaned by ``presswatch.clean``):
   P/R/F1 of document-level events, *exact* (type equal and participant sets equal) and
   *relaxed* (type equal and participants overlapping), and accuracy of place and date
   on the exactly matched pairs whose gold value is scored (``?`` = not scored). Beside
   it, in the same run, a trigger-keyword baseline: a sentence containing an event keyword
   gives an event of that type with every PERSON entity of the sentence (place: the first
   place entity of the sentence, else the dateline; date: the dateline date), merged
   within the document the same way.
2. **Joining** on ``tests/data/events_xdoc/`` (articles about the same events, EN and RU):
   pairwise P/R/F1 of the joined clusters against ``gold.json`` (cluster -> [doc:type]).

Names are compared as the pipeline shows them: each document's entities go through a fresh
:class:`~presswatch.extract.canonical.IdentityIndex` (display names in English, as at
ingest: "Гродно" -> "Grodno"); ``--raw-names`` skips it (the document-level names of
``identity.resolve_document``, the figures before 2025-06). Participant names match when
their :func:`~presswatch.extract.translit.fold` keys are equal (case, ``ё``, script and
East Slavic spelling variants folded: "Владимир Путин" = "Vladimir Putin"), or when one is
a lone surname equal to the other's last word (a text that only says "Lukashenko"); places
likewise (a Russian case ending is tolerated).

Optional sixth field of a gold event line: ``planned`` (announced, not yet happened) or
``happened``; the status accuracy is over exactly matched pairs whose gold line has one.
"""

from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# bench/html.py would shadow the standard library's html (natasha imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
GOLD_SRC = ROOT / "tests" / "data" / "events_gold_src.txt"
GOLD_JSON = ROOT / "tests" / "data" / "events_gold.json"
XDOC = ROOT / "tests" / "data" / "events_xdoc"
SHARED = ROOT.parent / "shared"


# --- gold ------------------------------------------------------------------------------


def build_gold(src: Path = GOLD_SRC) -> dict[str, Any]:
    """Parse the gold source into ``{"documents": [...]}``. Written texts carry their
    events with ``start``/``end`` offsets (of the evidence); corpus documents carry the
    evidence string, located in the cleaned text at evaluation time."""
    docs: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    lines: list[str] = []

    def flush() -> None:
        if cur is None:
            return
        if "path" not in cur:
            cur["text"] = "\n".join(lines).strip("\n") + "\n"
        for ev in cur["events"]:
            if "text" in cur:
                pos = cur["text"].find(ev["evidence"])
                if pos < 0:
                    raise ValueError(f"{cur['id']}: evidence {ev['evidence']!r} not in text")
                ev["start"], ev["end"] = pos, pos + len(ev["evidence"])
        docs.append(cur)

    for line in src.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("=== "):
            flush()
            ident, language, *rest = line[4:].split(maxsplit=2)
            cur = {"id": ident, "language": language, "events": []}
            # key=value pairs; a value may hold spaces ("dateline=St. Petersburg|...")
            for key, value in re.findall(r"(\w+)=(.*?)(?=\s+\w+=|$)", rest[0] if rest else ""):
                if key == "dateline":
                    place, _, date = value.partition("|")
                    cur["dateline_place"], cur["dateline_date"] = place or None, date or None
                else:
                    cur[key] = value
            lines = []
            continue
        if line.startswith("@ ") and cur is not None:
            fields = [p.strip() for p in line[2:].split("|")]
            type_, people, place, date, evidence = fields[:5]
            ev = {"type": type_,
                  "participants": [p.strip() for p in people.split(";") if p.strip()],
                  "place": place or None, "date": date or None, "evidence": evidence}
            if len(fields) > 5 and fields[5]:
                ev["status"] = fields[5]
            cur["events"].append(ev)
            continue
        if cur is not None:
            lines.append(line)
    flush()
    return {"source": "tests/data/events_gold_src.txt", "documents": docs}


@dataclass
class GoldDoc:
    id: str
    language: str
    text: str
    published: str | None
    dateline_place: str | None
    dateline_date: str | None
    events: list[dict[str, Any]] = field(default_factory=list)


def load_docs(gold: dict[str, Any]) -> list[GoldDoc]:
    """Gold documents with their texts (corpus files read and cleaned); a corpus file
    that is absent (no ../shared) is skipped."""
    from presswatch import readers
    from presswatch.clean import clean

    out: list[GoldDoc] = []
    for d in gold["documents"]:
        if "path" in d:
            path = (SHARED / d["path"]) if d["path"].startswith("seeds/") else ROOT / d["path"]
            if not path.exists():
                continue
            item = next(x for x in readers.read([str(path)]) if hasattr(x, "text"))
            art = clean(item)
            dl = art.dateline
            out.append(GoldDoc(d["id"], d["language"], art.text, art.published,
                               dl.place if dl else None, dl.date if dl else None,
                               d["events"]))
        else:
            out.append(GoldDoc(d["id"], d["language"], d["text"], d.get("published"),
                               d.get("dateline_place"), d.get("dateline_date"), d["events"]))
    return out


# --- matching ------------------------------------------------------------------------


def _norm(name: str) -> str:
    from presswatch.extract.translit import fold

    return " ".join(fold(name.replace("ё", "е")).split()) or name.casefold()


def same_person(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    return (len(wa) == 1 and wa[0] == wb[-1]) or (len(wb) == 1 and wb[0] == wa[-1])


def _overlap(ps: list[str], gs: list[str]) -> int:
    return sum(1 for g in gs if any(same_person(p, g) for p in ps))


def _exact(ps: list[str], gs: list[str]) -> bool:
    return len(ps) == len(gs) and _overlap(ps, gs) == len(gs) == _overlap(gs, ps)


def _place_ok(p: str | None, g: str | None) -> bool:
    if p is None or g is None:
        return p is g
    a, b = _norm(p), _norm(g)
    if a == b or a.rstrip("aeiouy") == b.rstrip("aeiouy"):
        return True
    from presswatch.extract.canonical import gazetteer  # "Санкт-Петербург" = "Saint Petersburg"

    ga, gb = gazetteer().lookup("PLACE", p), gazetteer().lookup("PLACE", g)
    return ga is not None and ga == gb


def score(pairs: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> dict[str, Any]:
    """pairs: per document (predicted events, gold events), events as dicts with type,
    participants, place, date."""
    tp_e = tp_r = n_pred = n_gold = 0
    place_n = place_ok = date_n = date_ok = status_n = status_ok = 0
    for pred, gold in pairs:
        n_pred += len(pred)
        n_gold += len(gold)
        for relaxed in (False, True):
            used: set[int] = set()
            for g in gold:
                for k, p in enumerate(pred):
                    if k in used or p["type"] != g["type"]:
                        continue
                    ok = (_overlap(p["participants"], g["participants"]) > 0 if relaxed
                          else _exact(p["participants"], g["participants"]))
                    if not ok:
                        continue
                    used.add(k)
                    if relaxed:
                        tp_r += 1
                    else:
                        tp_e += 1
                        if g["place"] != "?":
                            place_n += 1
                            place_ok += _place_ok(p["place"], g["place"])
                        if g["date"] != "?":
                            date_n += 1
                            date_ok += p["date"] == g["date"]
                        if g.get("status") and "status" in p:
                            status_n += 1
                            status_ok += p["status"] == g["status"]
                    break

    def prf(tp: int) -> dict[str, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return {"p": round(p, 3), "r": round(r, 3),
                "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    return {"gold": n_gold, "predicted": n_pred, "exact": prf(tp_e), "relaxed": prf(tp_r),
            "place_acc": round(place_ok / place_n, 3) if place_n else None,
            "place_n": place_n,
            "date_acc": round(date_ok / date_n, 3) if date_n else None, "date_n": date_n,
            "status_acc": round(status_ok / status_n, 3) if status_n else None,
            "status_n": status_n}


# --- systems -------------------------------------------------------------------------

_KEYWORDS = re.compile(
    r"(?i)\b(?:(talks|negotiat\w*|consultations)|(meet\w*|met|summit|received)|(visit\w*"
    r"|arriv\w*)|(phone|telephone)|(appoint\w*|became)|(dismiss\w*|relieved)|(forum)"
    r"|(press conference|briefing)|(address)|(sign\w*))\b"
    r"|(переговор\w*|консультац\w*)|(встре\w*|принял)|(визит\w*|посет\w*|прибыл\w*)"
    r"|(телефонн\w*)|(назнач\w*)|(освобожд\w*|уволен\w*)|(форум\w*)|(пресс-конференц\w*)"
    r"|(обращени\w*|видеообращени\w*)|(подпис\w*)")
_KW_TYPES = ["talks", "meeting", "visit", "phone_call", "appointment", "dismissal", "forum",
             "press_conference", "address", "agreement"] * 2


def baseline(doc: GoldDoc, annotation: Any, people: Any) -> list[dict[str, Any]]:
    from presswatch.extract.events import _dateline_place, _Mention, _merge

    mentions = []
    place_dl = _dateline_place(doc.dateline_place)
    date_dl = doc.dateline_date if doc.dateline_date and doc.dateline_date[:1] != "-" else None
    for s, e in annotation.sentences:
        sentence = doc.text[s:e]
        m = _KEYWORDS.search(sentence)
        if not m:
            continue
        type_ = _KW_TYPES[next(i for i, g in enumerate(m.groups()) if g)]
        persons, place = [], None
        for ent in people.entities:
            if any(s <= a < e for a, _b in ent.mentions):
                if ent.type == "PERSON" and ent not in persons:
                    persons.append(ent)
                elif ent.type in ("GPE", "LOC", "FAC") and place is None:
                    place = ent.name
        if persons:
            mentions.append(_Mention(type_, persons, s, e, place or place_dl, date_dl,
                                     m.group(0), place is not None))
    return [_as_dict(r.to_event()) for r in _merge(mentions)]


def _as_dict(ev: Any) -> dict[str, Any]:
    return {"type": ev.type, "participants": ev.participants, "place": ev.place,
            "date": ev.date}


def run_extraction(docs: list[GoldDoc], display_names: bool = True) -> dict[str, Any]:
    """Extraction figures. ``display_names``: resolve each document's entities through a
    fresh identity index first, as ingest does (canonical English display names)."""
    from presswatch.extract import events as ev_mod
    from presswatch.extract.identity import resolve_document
    from presswatch.nlp import backend_for

    ours, base, per_lang, diffs = [], [], {"en": [], "ru": []}, []
    spent = 0.0
    for doc in docs:
        ann = next(backend_for(doc.language).annotate([doc.text]))
        people = resolve_document(doc.text, ann)
        if display_names:
            from presswatch.extract.canonical import IdentityIndex

            index = IdentityIndex()
            index.resolve(people.entities, doc.language)
            index.finish()
        t0 = time.perf_counter()
        if hasattr(ev_mod, "extract_event_records"):
            records = ev_mod.extract_event_records(doc.text, ann, people, doc.published,
                                                   doc.dateline_date, doc.dateline_place)
            pred = []
            for r in records:
                d = _as_dict(r.to_event())
                if hasattr(r, "status"):
                    d["status"] = r.status
                pred.append(d)
        else:
            pred = [_as_dict(e) for e in ev_mod.extract_events(
                doc.text, ann, people, doc.published, doc.dateline_date, doc.dateline_place)]
        spent += time.perf_counter() - t0
        ours.append((pred, doc.events))
        per_lang[doc.language].append((pred, doc.events))
        base.append((baseline(doc, ann, people), doc.events))
        diffs.append({"id": doc.id, "predicted": pred,
                      "gold": [{k: g.get(k) for k in ("type", "participants", "place", "date",
                                                       "status") if k in g}
                               for g in doc.events]})
    return {"documents": len(docs), "names": "display" if display_names else "raw",
            "events": score(ours), "events_en": score(per_lang["en"]),
            "events_ru": score(per_lang["ru"]), "baseline": score(base),
            "extract_ms_per_doc": round(1000 * spent / max(1, len(docs)), 2),
            "_diffs": diffs}


# --- cross-document joining ----------------------------------------------------------


def run_join(xdoc: Path = XDOC) -> dict[str, Any]:
    """Ingest the articles into a temporary database, extract and join, and compare the
    clusters with ``gold.json`` pairwise."""
    import tempfile

    import presswatch
    from presswatch.extract.eventjoin import join_events, rebuild_events
    from presswatch.store import open_store

    gold = json.loads((xdoc / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "x.db"
        presswatch.ingest([str(p) for p in sorted(xdoc.glob("*.txt"))], db=db)
        store = open_store(db)
        try:
            rebuild_events(store)
            clusters = join_events(store)
            src = {row[0]: Path(row[1]).name for row in store._db.execute(
                "SELECT id, source FROM documents")}
        finally:
            store.close()
    # gold: {"clusters": [["file.txt:type", ...], ...]}
    gold_of: dict[str, int] = {}
    for k, members in enumerate(gold["clusters"]):
        for key in members:
            gold_of[key] = k
    pred_of: dict[str, int] = {}
    for k, c in enumerate(clusters):
        for m in c.members:
            key = f"{src[m.doc_id]}:{m.type}"
            if key in gold_of:
                pred_of.setdefault(key, k)
    keys = sorted(gold_of)
    tp = fp = fn = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            same_g = gold_of[a] == gold_of[b]
            same_p = a in pred_of and b in pred_of and pred_of[a] == pred_of[b]
            tp += same_g and same_p
            fp += same_p and not same_g
            fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"articles": len(list(xdoc.glob("*.txt"))), "gold_clusters": len(gold["clusters"]),
            "gold_mentions": len(keys), "found_mentions": len(pred_of),
            "pairwise": {"p": round(p, 3), "r": round(r, 3),
                         "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}}


def main() -> int:
    out = ROOT / "bench" / "out" / "events.json"
    if "--out" in sys.argv:
        out = Path(sys.argv[sys.argv.index("--out") + 1])
    gold = build_gold()
    GOLD_JSON.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                         encoding="utf-8")
    result = run_extraction(load_docs(gold), display_names="--raw-names" not in sys.argv)
    diffs = result.pop("_diffs")
    result["join"] = run_join()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    out.with_name("events_diffs.json").write_text(
        json.dumps(diffs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
