"""HTML quality and speed: presswatch's HTML cleaner beside bare trafilatura and htmldate.

One run measures, on the same pages with the shared scoring code
(``../shared/eval/scoring/body_extraction.py`` and ``pubdate.py``, imported, never
copied):

* body extraction on ``article_extraction_benchmark`` (181 pages): presswatch
  (``presswatch.clean.html.extract``: trafilatura plus the tail pass) beside bare
  ``trafilatura.extract(html, include_comments=False)``, and presswatch without its
  tail pass (to show what the pass adds);
* publication dates on ``htmldate_mediacloud2020`` (200 pages, 13 Russian): presswatch's
  ``published`` beside bare ``htmldate.find_date(html, original_date=True,
  extensive_search=True)`` (and with ``url=``, since presswatch gets the page URL too);
  Russian pages (``.ru`` hosts or Cyrillic titles) are also reported apart;
* speed: pages per second of ``extract`` (one parse, meta + JSON-LD + trafilatura with
  its metadata, htmldate included) beside bare ``trafilatura.extract`` followed by bare
  ``htmldate.find_date`` on the same page (the combined cost a user pays), single process,
  before any NLP.

Prediction files in the scorers' ``--pred`` formats go to ``bench/out/`` so the scripts
themselves can re-score them::

    TZ=Europe/Berlin .venv/bin/python bench/html_extraction.py [--out bench/out/html.json]
    python ../shared/eval/scoring/body_extraction.py --pred bench/out/html_body.pred.json
    TZ=Europe/Berlin python ../shared/eval/scoring/pubdate.py --pred bench/out/html_dates.pred.json
"""

from __future__ import annotations

import sys
from pathlib import Path

# This script is named like the standard library's ``html``: keep its folder off the
# import path so that ``import html`` (trafilatura needs it) finds the real module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]

import argparse  # noqa: E402
import contextlib  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORING = SHARED / "eval" / "scoring"
BODY_SET = SHARED / "eval" / "article_extraction_benchmark"
DATE_SET = SHARED / "eval" / "htmldate_mediacloud2020"
OUT = ROOT / "bench" / "out"

sys.path.insert(0, str(SCORING))


def load_body_pages() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    gt = json.loads((BODY_SET / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for path in sorted((BODY_SET / "html").glob("*.html.gz")):
        with gzip.open(path, "rt", encoding="utf8") as fh:
            pages[path.name.split(".")[0]] = fh.read()
    gold = {k: v.get("articleBody", "") for k, v in gt.items()}
    urls = {k: v.get("url", "") for k, v in gt.items()}
    return pages, gold, urls


def near_exact(gold: dict[str, str], pred: dict[str, str | None], floor: float = 0.95) -> float:
    """Share of pages whose shingle F1 against the gold body is at least ``floor``."""
    from body_extraction import doc_tp_fp_fn

    hits = 0
    for key, text in gold.items():
        tp, fp, fn = doc_tp_fp_fn(text, pred.get(key))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        hits += f1 >= floor
    return round(hits / len(gold), 4)


def bench_body(limit: int | None) -> dict:
    import trafilatura
    from body_extraction import score_bodies

    from presswatch.clean.html import extract

    pages, gold, urls = load_body_pages()
    keys = sorted(pages)[:limit] if limit else sorted(pages)
    gold = {k: gold[k] for k in keys}
    bare = {k: trafilatura.extract(pages[k], include_comments=False) for k in keys}
    ours: dict[str, str | None] = {}
    no_pass: dict[str, str | None] = {}
    for k in keys:
        page = extract(pages[k], urls.get(k) or None)
        ours[k] = page.text if page else None
        page = extract(pages[k], urls.get(k) or None, second_pass=False)
        no_pass[k] = page.text if page else None
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "html_body.pred.json").write_text(
        json.dumps({k: {"articleBody": v or ""} for k, v in ours.items()}, ensure_ascii=False),
        encoding="utf-8",
    )
    result = {}
    for name, pred in (("trafilatura", bare), ("presswatch", ours),
                       ("presswatch_no_tail_pass", no_pass)):
        m = score_bodies(gold, pred, n_bootstrap=200)
        m["near_exact_f1_0.95"] = near_exact(gold, pred)
        result[name] = m
    return result


def load_date_pages() -> tuple[dict[str, object], dict[str, str | None], dict[str, bool]]:
    from pubdate import load_gold, load_page

    gold_full = load_gold()
    pages = {k: load_page(DATE_SET / "pages" / v["file"]) for k, v in gold_full.items()}
    gold = {k: v["date"] for k, v in gold_full.items()}
    russian = {}
    for k, html in pages.items():
        host = re.sub(r"^https?://", "", k).split("/")[0]
        head = html[:20000] if isinstance(html, str) else ""
        title = re.search(r"<title[^>]*>(.*?)</title>", head, re.S | re.I)
        cyr = bool(title and re.search(r"[а-яё]{3}", title.group(1), re.I))
        russian[k] = host.endswith(".ru") or cyr
    return pages, gold, russian


def _subset(m_pred: dict, gold: dict, keys: list[str]) -> dict:
    from pubdate import score_dates

    m = score_dates({k: gold[k] for k in keys}, {k: m_pred.get(k) for k in keys})
    m.pop("_wrong")
    return m


def bench_dates(limit: int | None) -> dict:
    from htmldate import find_date
    from pubdate import score_dates

    from presswatch.clean.html import extract

    pages, gold, russian = load_date_pages()
    keys = sorted(pages)[:limit] if limit else sorted(pages)
    gold = {k: gold[k] for k in keys}
    bare: dict[str, str | None] = {}
    bare_url: dict[str, str | None] = {}
    ours: dict[str, str | None] = {}
    evidence: dict[str, str | None] = {}
    for k in keys:
        try:
            bare[k] = find_date(pages[k], original_date=True, extensive_search=True)
            bare_url[k] = find_date(pages[k], url=k, original_date=True, extensive_search=True)
        except Exception:  # a bad page must not stop the run, as in the scorer
            bare[k] = bare_url[k] = None
        page = extract(pages[k], k)
        ours[k] = page.published[:10] if page and page.published else None
        evidence[k] = page.published_evidence if page else None
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "html_dates.pred.json").write_text(json.dumps(ours, indent=1), encoding="utf-8")
    result = {}
    ru_keys = [k for k in keys if russian[k]]
    for name, pred in (("htmldate", bare), ("htmldate_with_url", bare_url),
                       ("presswatch", ours)):
        m = score_dates(gold, pred)
        wrong = m.pop("_wrong")
        m["russian"] = _subset(pred, gold, ru_keys)
        if name == "presswatch":
            m["misses"] = [
                {"url": u, "gold": g, "pred": p, "evidence": evidence.get(u)} for u, g, p in wrong
            ] + [
                {"url": u, "gold": gold[u], "pred": None, "evidence": None}
                for u in keys if ours.get(u) is None and gold[u]
            ]
        result[name] = m
    return result


def bench_speed(limit: int | None, repeat: int) -> dict:
    import trafilatura
    from htmldate import find_date

    from presswatch.clean.html import extract

    pages, _, urls = load_body_pages()
    dpages, _, _ = load_date_pages()
    texts = [(pages[k], urls.get(k) or None) for k in sorted(pages)]
    texts += [(v, k) for k, v in sorted(dpages.items()) if isinstance(v, str)]
    if limit:
        texts = texts[:limit]
    extract(*texts[0])  # warm-up (imports, caches)
    trafilatura.extract(texts[0][0])
    timings: dict[str, float] = {"presswatch": 0.0, "trafilatura+htmldate": 0.0,
                                 "trafilatura": 0.0, "htmldate": 0.0}
    for _ in range(repeat):
        t0 = time.perf_counter()
        for html, url in texts:
            extract(html, url)
        timings["presswatch"] += time.perf_counter() - t0
        t_traf = t_date = 0.0
        for html, _url in texts:
            t0 = time.perf_counter()
            trafilatura.extract(html, include_comments=False)
            t1 = time.perf_counter()
            with contextlib.suppress(Exception):  # as the scorer: a bad page must not stop
                find_date(html, original_date=True, extensive_search=True)
            t_date += time.perf_counter() - t1
            t_traf += t1 - t0
        timings["trafilatura"] += t_traf
        timings["htmldate"] += t_date
        timings["trafilatura+htmldate"] += t_traf + t_date
    n = len(texts) * repeat
    out = {name: round(n / secs, 2) for name, secs in timings.items()}
    out["pages"] = len(texts)
    out["repeat"] = repeat
    out["ratio_presswatch_to_combined"] = round(
        out["presswatch"] / out["trafilatura+htmldate"], 3
    )
    return {"pages_per_second": out}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT / "html.json")
    ap.add_argument("--limit", type=int, help="first N pages of each set (quick run)")
    ap.add_argument("--repeat", type=int, default=2, help="speed: passes over the pages")
    ap.add_argument("--only", choices=("body", "dates", "speed"), action="append")
    args = ap.parse_args()
    if not SCORING.exists():
        sys.exit(f"no scoring code at {SCORING}")
    import htmldate
    import trafilatura

    only = set(args.only or ("body", "dates", "speed"))
    result: dict = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python "
                   f"{platform.python_version()}",
        "tz": os.environ.get("TZ"),
        "today": date.today().isoformat(),
        "trafilatura": trafilatura.__version__,
        "htmldate": htmldate.__version__,
        "command": " ".join(sys.argv),
    }
    if "body" in only:
        result["body"] = bench_body(args.limit)
        for name, m in result["body"].items():
            print(f"body  {name:26s} P={m['precision']:.3f} R={m['recall']:.3f} "
                  f"F1={m['f1']:.3f}±{m['f1_std']:.3f} acc={m['accuracy']:.3f} "
                  f"near-exact={m['near_exact_f1_0.95']:.3f}")
    if "dates" in only:
        result["dates"] = bench_dates(args.limit)
        for name, m in result["dates"].items():
            ru = m["russian"]
            print(f"dates {name:26s} acc={m['accuracy']:.3f} dated={m['accuracy_dated']:.3f} "
                  f"cov={m['coverage']:.3f} P={m['precision']:.3f} R={m['recall']:.3f} | "
                  f"ru {ru['tp'] + ru['tn']}/{ru['pages']}")
    if "speed" in only:
        result["speed"] = bench_speed(args.limit, args.repeat)
        print("speed", json.dumps(result["speed"]["pages_per_second"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
