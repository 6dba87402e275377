"""Build ``tests/data/quotes_gold.json`` from ``tests/data/quotes_gold_src.txt`` and check it.

The source marks each gold quote inline as ``⟦kind|speaker|cue|content⟧`` (kind ``d``
direct, ``i`` indirect, ``t`` transcript; an empty speaker is null). A kind written with
``+`` (``⟦d+|…⟧``) continues the quote before it: an interrupted quote ("“A,” she said,
“B.”") is one quote whose span runs from A's start to B's end, whose ``pieces`` are the
spans of A and B, and whose text is the pieces joined by " … ". The markup is removed to
give each document's text; the quotes get offsets into that text, and every offset is
checked (``text[start:end] == quote text``, or the pieces joined) before the file is
written.

    python bench/quotes_gold.py [--check]   # --check: verify the JSON only
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "tests" / "data" / "quotes_gold_src.txt"
OUT = ROOT / "tests" / "data" / "quotes_gold.json"
KINDS = {"d": "direct", "i": "indirect", "t": "transcript"}
MARK = re.compile(r"⟦([dit])(\+?)\|([^|⟧]*)\|([^|⟧]*)\|([^⟧]*)⟧")
JOIN = " … "  # presswatch.extract.quote_model.PIECE_JOIN


def build() -> dict:
    docs = []
    cur: dict | None = None
    lines: list[str] = []

    def flush() -> None:
        if cur is None:
            return
        raw = "\n".join(lines).strip("\n") + "\n"
        text, quotes, pos, last = [], [], 0, 0
        for m in MARK.finditer(raw):
            text.append(raw[last:m.start()])
            pos += m.start() - last
            content = m.group(5)
            if m.group(2) and quotes:  # a further piece of an interrupted quote
                q = quotes[-1]
                q["pieces"] = [*q.get("pieces", [[q["start"], q["end"]]]),
                               [pos, pos + len(content)]]
                q["end"] = pos + len(content)
                q["text"] += JOIN + content
            else:
                quotes.append({"start": pos, "end": pos + len(content), "text": content,
                               "kind": KINDS[m.group(1)], "speaker": m.group(3) or None,
                               "cue": m.group(4) or None})
            text.append(content)
            pos += len(content)
            last = m.end()
        text.append(raw[last:])
        cur["text"] = "".join(text)
        cur["quotes"] = quotes
        docs.append(cur)

    for line in SRC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and cur is None:
            continue
        if line.startswith("=== "):
            flush()
            _, doc_id, lang = line.split()
            cur, lines = {"id": doc_id, "language": lang}, []
            continue
        lines.append(line)
    flush()
    return {"source": "tests/data/quotes_gold_src.txt (texts written for presswatch)",
            "documents": docs}


def quoted_words(text: str, q: dict) -> str:
    """A gold quote's words: its span, or its pieces joined (an interrupted quote)."""
    pieces = q.get("pieces")
    if not pieces:
        return text[q["start"]:q["end"]]
    if pieces[0][0] != q["start"] or pieces[-1][1] != q["end"]:
        return ""
    return JOIN.join(text[s:e] for s, e in pieces)


def check(data: dict) -> int:
    bad = 0
    for doc in data["documents"]:
        for q in doc["quotes"]:
            if quoted_words(doc["text"], q) != q["text"]:
                print(f"offset mismatch in {doc['id']}: {q['text'][:40]!r}", file=sys.stderr)
                bad += 1
    return bad


def main() -> int:
    data = json.loads(OUT.read_text(encoding="utf-8")) if "--check" in sys.argv else build()
    bad = check(data)
    if bad:
        return 1
    if "--check" not in sys.argv:
        OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for doc in data["documents"]:
        for q in doc["quotes"]:
            key = f"{doc['language']}/{q['kind']}"
            counts[key] = counts.get(key, 0) + 1
    print(json.dumps({"documents": len(data["documents"]), "quotes": sum(counts.values()),
                      **dict(sorted(counts.items()))}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
