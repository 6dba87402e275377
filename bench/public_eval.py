"""Public-route evaluation: every quality figure through ``presswatch ingest`` + ``export``.

For each evaluation set in ``../shared/eval`` this script

1. prepares the raw inputs in a temporary folder outside the repository (text files, HTML
   pages; the CoNLL documents are the scorer's own ``doc_text()``, dumped with
   ``--dump-text``);
2. runs the installed CLI as subprocesses: ``python -m presswatch ingest DIR --db X`` then
   ``python -m presswatch export --db X --format jsonl``;
3. converts the export into the shared scorer's ``--pred`` format (offsets into the
   exported cleaned ``text`` are mapped back onto the raw input by locating each exported
   paragraph in it, see :class:`Aligner`), or hands the export itself to the scorers that
   read it (``bsnlp_ru.py``, ``nerel_events.py``, ``polnear_quotes.py``);
4. runs the shared scorer on it and, in the same run, the scorer bare (the off-the-shelf
   library), parses both sets of figures and writes ``bench/out/public_eval.json`` and
   ``bench/out/public_eval.md``.

Nothing here calls presswatch's internals: a figure counts only when it comes out of the
export. ``--check`` re-measures and fails when a figure is below its floor in
``tests/quality_floors.json``; ``--update-floors`` writes the measured figures as floors
(never lower without ``--allow-lower``).

    python bench/public_eval.py [--set NAME ...] [--split dev|test] [--limit N] [--no-bare]
                                [--check] [--update-floors [--allow-lower]]
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds modules named like stdlib ones (html.py): keep it off the import path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
SCORING = EVAL / "scoring"
OUT = ROOT / "bench" / "out"
FLOORS = ROOT / "tests" / "quality_floors.json"
NICE = ["nice", "-n", "10"] if shutil.which("nice") else []
# every subprocess (ingest of a set, a scorer) is bounded
STEP_TIMEOUT = int(os.environ.get("PUBLIC_EVAL_TIMEOUT", "2400"))


# ----------------------------------------------------------------- running things
def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # this tree's presswatch first, whichever interpreter runs the CLI
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).strip(
        os.pathsep)
    env.setdefault("TZ", "Europe/Berlin")  # pubdate.py's reproducible setting
    env.update(extra or {})
    return env


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
        log: list[str] | None = None, ok_codes: Iterable[int] = (0,)) -> str:
    """Run a bounded, niced subprocess; return its stdout; raise with its stderr tail."""
    if log is not None:
        log.append(" ".join(_short(c) for c in cmd))
    proc = subprocess.run(NICE + cmd, cwd=cwd, env=env or _env(), capture_output=True,
                          text=True, timeout=STEP_TIMEOUT)
    if proc.returncode not in tuple(ok_codes):
        raise RuntimeError(f"{' '.join(cmd[:4])}... exited {proc.returncode}: "
                           f"{proc.stderr[-1500:]}")
    return proc.stdout


def _short(arg: str) -> str:
    for base, name in ((str(SCORING), "$SCORING"), (str(EVAL), "$EVAL"),
                       (sys.executable, "python")):
        arg = arg.replace(base, name)
    return re.sub(r"/tmp/[^/\s]+/", "$WORK/", arg)


def cli() -> list[str]:
    """The CLI: ``python -m presswatch`` with the interpreter running this script."""
    return [sys.executable, "-m", "presswatch"]


def ingest_export(inputs: list[Path], work: Path, log: list[str],
                  extra: list[str] | None = None) -> tuple[Path, list[dict[str, Any]]]:
    db, export = work / "pw.db", work / "export.jsonl"
    # exit codes 0..3 are success with rejected or skipped inputs (see `presswatch ingest`)
    run([*cli(), "ingest", *map(str, inputs), "--db", str(db), "-q", *(extra or [])], work,
        log=log, ok_codes=range(4))
    run([*cli(), "export", "--db", str(db), "--format", "jsonl", "--out", str(export)], work,
        log=log)
    docs = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return export, docs


def scorer(script: str, args: list[str], work: Path, log: list[str],
           patch: dict[str, str] | None = None) -> tuple[str, dict[str, Any]]:
    """Run a shared scorer; return (stdout, the figures it merged into its results file).

    ``patch`` points a scorer's data loader at another file of the same format (CoNLL++,
    a dev split): {"function name": "path"} replaces that function's default argument.
    """
    results = work / f"scoring-{script.removesuffix('.py')}-{len(log)}.json"
    env = _env({"SCORING_RESULTS": str(results)})
    path = str(SCORING / script)
    if patch:
        code = ("import runpy, sys; from pathlib import Path; "
                f"sys.path.insert(0, {str(SCORING)!r}); "
                f"m = __import__({script.removesuffix('.py')!r}); "
                + "".join(f"m.{fn}.__defaults__ = (Path({p!r}),) + "
                          f"(m.{fn}.__defaults__ or ())[1:]; " for fn, p in patch.items())
                + f"sys.argv = [{path!r}] + {args!r}; m.main()")
        out = run([sys.executable, "-c", code], work, env=env, log=log)
    else:
        out = run([sys.executable, path, *args], work, env=env, log=log)
    data = json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}
    return out, data


def json_tail(stdout: str) -> dict[str, Any]:
    """The JSON object a scorer printed (the last top-level one)."""
    start = stdout.find("{")
    if start < 0:
        raise ValueError("scorer printed no JSON")
    return json.loads(stdout[start:stdout.rfind("}") + 1])


# ----------------------------------------------------------------- offsets
class Aligner:
    """Map offsets in an exported ``text`` (the cleaned body) onto the raw input.

    The cleaner may drop a title, header lines or boilerplate and normalises text (NFC,
    line ends), so each exported paragraph (a run of text between newlines) is located in
    the raw text after the previous one: an exact find first, else a character alignment
    (difflib) against a window of the raw text after the previous paragraph.
    """

    def __init__(self, raw: str, text: str, start: int = 0) -> None:
        self.raw = raw
        self.pos: list[int] = [-1] * len(text)
        cursor = start  # where the text starts in the raw input (after its title)
        for m in re.finditer(r"[^\n]+", text):
            para = m.group()
            lead = len(para) - len(para.lstrip())
            body = para.strip()
            if not body:
                continue
            off = m.start() + lead
            at = raw.find(body, cursor)
            if at < 0 and len(body) >= 20:
                at = raw.find(body)
            if at >= 0:
                for k in range(len(body)):
                    self.pos[off + k] = at + k
                cursor = at + len(body)
                continue
            window = raw[cursor:cursor + 2 * len(body) + 200]
            blocks = SequenceMatcher(None, body, window, autojunk=False).get_matching_blocks()
            last = cursor
            for a, b, n in blocks:
                for k in range(n):
                    self.pos[off + a + k] = cursor + b + k
                if n:
                    last = cursor + b + n
            cursor = last

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Raw [start, end) of the exported [start, end); None when nothing maps."""
        mapped = [p for p in self.pos[max(0, start):max(0, end)] if p >= 0]
        if not mapped:
            return None
        return mapped[0], mapped[-1] + 1


def mention_spans(raw: str, doc: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Raw (start, end, contract type) of every entity mention of an exported document:
    ``mentions`` (offsets into ``text``) and ``title_mentions`` (offsets into ``title``;
    the headline is located in the raw input the same way as the paragraphs, and the body
    after it)."""
    out: list[tuple[int, int, str]] = []
    title = doc.get("title") or ""
    head = Aligner(raw, title) if title else None
    # the body is located after the title: a caption repeating a name of the headline
    # ("Anna Petrova" under "Anna Petrova wins") is not the headline's words
    at = raw.find(title.strip()) if title.strip() else -1
    body = Aligner(raw, doc.get("text") or "", at + len(title.strip()) if at >= 0 else 0)
    for e in doc.get("entities") or []:
        for key, al in (("mentions", body), ("title_mentions", head)):
            for s, t_end in (e.get(key) or []) if al is not None else ():
                sp = al.span(s, t_end)
                if sp:
                    out.append((sp[0], sp[1], e["type"]))
    return out


def by_stem(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for d in docs:
        name = Path(str(d.get("source", "")).split("#")[0]).name
        for suffix in (".gz", ".html", ".htm", ".txt"):
            name = name.removesuffix(suffix)
        out.setdefault(name, d)
    return out


# ----------------------------------------------------------------- sets
@dataclass
class Ctx:
    split: str
    limit: int | None
    bare: bool
    work: Path
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    presswatch: dict[str, float] = field(default_factory=dict)
    bare: dict[str, float] = field(default_factory=dict)
    bare_tool: str = ""
    docs: int = 0
    commands: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: list[Path] = field(default_factory=list)


def _limit(items: list[Any], ctx: Ctx) -> list[Any]:
    return items[:ctx.limit] if ctx.limit else items


def _f(x: Any) -> float:
    return round(float(x), 4)


# -- English NER ------------------------------------------------------------------------
EN_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
            "NORP": "MISC", "EVENT": "MISC", "OTHER": "MISC"}
RU_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def _conll(ctx: Ctx, res: Result, data: Path, key: str) -> None:
    work = ctx.work / key
    raw_dir = work / "raw"
    work.mkdir(parents=True)
    patch = {"load_conll": str(data)}
    scorer("ner_en_conll.py", ["--dump-text", str(raw_dir)], work, res.commands, patch)
    files = sorted(raw_dir.glob("doc_*.txt"))
    keep = set(_limit(files, ctx))
    for f in files:
        if f not in keep:
            f.unlink()
    _, docs = ingest_export([raw_dir], work, res.commands)
    res.docs = len(keep)
    exported = by_stem(docs)
    pred = work / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for f in files:
            i = int(f.stem.split("_")[1])
            d = exported.get(f.stem)
            ents: list[list[Any]] = []
            if d is not None:
                raw = f.read_text(encoding="utf-8")
                ents.extend([a, b, EN_TYPES[t]] for a, b, t in mention_spans(raw, d)
                            if t in EN_TYPES)
            out.write(json.dumps({"doc": i, "entities": ents}) + "\n")
    m = json_tail(scorer("ner_en_conll.py", ["--pred", str(pred)], work, res.commands,
                         patch)[0])
    res.presswatch = {f"{t} F1": _f(m[t]["f1"]) for t in ("PER", "LOC", "ORG", "MISC")}
    res.presswatch["micro F1"] = _f(m["micro"]["f1"])
    res.data = [data]
    if ctx.bare:
        _, saved = scorer("ner_en_conll.py", [], work, res.commands, patch)
        b = saved["ner_en_conll2003"]
        res.bare_tool = b["tool"]
        res.bare = {f"{t} F1": _f(b["scores"][t]["f1"]) for t in ("PER", "LOC", "ORG", "MISC")}
        res.bare["micro F1"] = _f(b["scores"]["micro"]["f1"])


def set_conll(ctx: Ctx) -> Result:
    res = Result()
    data = EVAL / "conll2003" / ("valid.txt" if ctx.split == "dev" else "test.txt")
    _conll(ctx, res, data, "conll")
    return res


def set_conllpp(ctx: Ctx) -> Result:
    res = Result()
    if ctx.split == "dev":
        res.notes.append("CoNLL++ has a test set only")
        return res
    _conll(ctx, res, EVAL / "conllpp2020" / "dataset" / "conllpp.txt", "conllpp")
    return res


# -- Russian NER ------------------------------------------------------------------------
_RU_LINE = re.compile(r"^\s+(PER|LOC|ORG): naeval token F1=([\d.]+).*exact span F1=([\d.]+)",
                      re.MULTILINE)
_RU_MICRO = re.compile(r"micro exact span F1=([\d.]+)")


def _ru_figures(stdout: str) -> dict[str, float]:
    out = {f"{t} naeval F1": _f(f) for t, f, _ in _RU_LINE.findall(stdout)}
    out.update({f"{t} exact F1": _f(x) for t, _, x in _RU_LINE.findall(stdout)})
    micro = _RU_MICRO.search(stdout)
    if micro:
        out["micro exact F1"] = _f(micro.group(1))
    return out


def _ner_ru(ctx: Ctx, res: Result, folder: Path, dataset: str, loader: str) -> None:
    work = ctx.work / dataset
    raw_dir = work / "raw"
    raw_dir.mkdir(parents=True)
    files = _limit(sorted(folder.glob("book_*.txt" if dataset == "factru" else "*.txt")), ctx)
    for f in files:
        shutil.copy(f, raw_dir / f.name)
    _, docs = ingest_export([raw_dir], work, res.commands)
    ctx.cache[f"export:{folder}"] = (work / "export.jsonl", docs)
    res.docs = len(files)
    exported = by_stem(docs)
    pred = work / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for f in files:
            d = exported.get(f.stem)
            spans: list[list[Any]] = []
            if d is not None:
                with open(f, encoding="utf-8") as fh:  # universal newlines, as the scorer
                    raw = fh.read()
                spans.extend([a, b, RU_TYPES[t]] for a, b, t in mention_spans(raw, d)
                             if t in RU_TYPES)
            out.write(json.dumps({"doc": f.stem, "spans": spans}, ensure_ascii=False) + "\n")
    patch = {loader: str(folder)}
    out_text, _ = scorer("ner_ru.py", ["--pred", str(pred), "--dataset", dataset], work,
                         res.commands, patch)
    res.presswatch = _ru_figures(out_text)
    res.data = [folder]
    if ctx.bare and ctx.split == "test":
        if "ner_ru_bare" not in ctx.cache:
            _, saved = scorer("ner_ru.py", [], work, res.commands)
            ctx.cache["ner_ru_bare"] = saved["ner_ru"]
        b = ctx.cache["ner_ru_bare"]
        key = "factrueval2016_test" if dataset == "factru" else "nerel_test_toplevel_targets"
        res.bare_tool = b["tool"]
        res.bare = {f"{t} naeval F1": _f(b[key]["naeval_token_level"][t]["f1"])
                    for t in ("PER", "LOC", "ORG")}
        res.bare.update({f"{t} exact F1": _f(b[key]["exact_span"][t]["f1"])
                         for t in ("PER", "LOC", "ORG")})
        res.bare["micro exact F1"] = _f(b[key]["exact_span"]["micro"]["f1"])
    elif ctx.bare:
        res.notes.append("ner_ru.py runs its bare library on the test sets only")


def set_factru(ctx: Ctx) -> Result:
    res = Result()
    folder = EVAL / "factrueval2016" / ("devset" if ctx.split == "dev" else "testset")
    _ner_ru(ctx, res, folder, "factru", "load_factru")
    return res


def set_nerel(ctx: Ctx) -> Result:
    res = Result()
    _ner_ru(ctx, res, EVAL / "nerel" / ctx.split, "nerel", "load_nerel")
    return res


# -- scorers that read the export --------------------------------------------------------
def set_bsnlp(ctx: Ctx) -> Result:
    res = Result()
    work = ctx.work / "bsnlp"
    work.mkdir()
    splits = [line.split("\t") for line in
              (EVAL / "bsnlp2021_ru" / "splits.tsv").read_text(encoding="utf-8").splitlines()[1:]
              if line.strip()]
    rows = [r for r in splits if r[4].strip() == ctx.split]
    topics = sorted({r[0] for r in rows})
    shared_inputs = [EVAL / "bsnlp2021_ru" / "raw" / t for t in topics]
    inputs = shared_inputs
    if ctx.limit:
        raw_dir = work / "raw"
        for topic in topics:
            (raw_dir / topic).mkdir(parents=True)
            for f in sorted((EVAL / "bsnlp2021_ru" / "raw" / topic).glob("*.txt"))[:ctx.limit]:
                shutil.copy(f, raw_dir / topic / f.name)
        inputs = [raw_dir / t for t in topics]
    export, docs = ingest_export(inputs, work, res.commands)
    res.docs = len(docs)
    args = ["--split", ctx.split, "--errors", "0"]
    _, saved = scorer("bsnlp_ru.py", ["--pred", str(export), *args], work, res.commands)
    res.presswatch = _bsnlp_figures(saved[f"bsnlp2021_ru_{ctx.split}_pred"])
    res.data = [*shared_inputs, EVAL / "bsnlp2021_ru" / "annotated",
                EVAL / "bsnlp2021_ru" / "splits.tsv"]
    if ctx.bare:
        _, saved = scorer("bsnlp_ru.py", args, work, res.commands)
        b = saved[f"bsnlp2021_ru_{ctx.split}"]
        res.bare_tool = b.get("tool", "natasha")
        res.bare = _bsnlp_figures(b)
    return res


def _bsnlp_figures(r: dict[str, Any]) -> dict[str, float]:
    ner = r["ner_typed"]
    out = {f"{t} F1": _f(ner[t]["f1"]) for t in ("PER", "LOC", "ORG")}
    out["micro F1"] = _f(ner["micro"]["f1"])
    out["PER base form exact"] = _f(r["base_forms_PER"]["exact_folded"])
    # the measure: a contract name is the canonical full name, so the base form
    # counts when it is the whole name or its last tokens
    out["PER base form in name"] = _f(r["base_forms_PER"]["in_name_folded"])
    out["identity B3 F1"] = _f(r["identity_bcubed"]["f1"])
    return out


def set_nerel_events(ctx: Ctx) -> Result:
    res = Result()
    folder = EVAL / "nerel" / ctx.split
    cached = ctx.cache.get(f"export:{folder}")
    if cached and not ctx.limit:
        export, docs = cached
        res.notes.append("the export of the nerel set's ingest (same files) is reused")
    else:
        work = ctx.work / "nerel_events"
        raw_dir = work / "raw"
        raw_dir.mkdir(parents=True)
        for f in _limit(sorted(folder.glob("*.txt")), ctx):
            shutil.copy(f, raw_dir / f.name)
        export, docs = ingest_export([raw_dir], work, res.commands)
    res.docs = len(docs)
    args = ["--split", ctx.split, "--errors", "0"]
    work = ctx.work / "nerel_events_scoring"
    work.mkdir()
    _, saved = scorer("nerel_events.py", ["--pred", str(export), *args], work, res.commands)
    res.presswatch = _events_figures(saved[f"nerel_events_{ctx.split}_pred"])
    res.data = [folder]
    if ctx.bare:
        _, saved = scorer("nerel_events.py", args, work, res.commands)
        b = saved[f"nerel_events_{ctx.split}"]
        res.bare_tool = b.get("tool", "")
        res.bare = _events_figures(b)
    return res


def _events_figures(r: dict[str, Any]) -> dict[str, float]:
    w = r["roles_works_as"]
    return {"events F1": _f(r["events"]["f1"]), "participants F1": _f(r["participants"]["f1"]),
            "place accuracy": _f(r["place_accuracy"]["accuracy"]),
            "date accuracy": _f(r["date_accuracy"]["accuracy"]),
            "WORKS_AS recall (overlap)": _f(w["recall_overlap"]),
            "role precision (overlap)": _f(w["precision_overlap"])}


def set_polnear(ctx: Ctx) -> Result:
    res = Result()
    work = ctx.work / "polnear"
    raw_dir = work / "raw"
    raw_dir.mkdir(parents=True)
    folder = EVAL / "polnear" / "data" / ctx.split / "text"
    files = _limit(sorted(folder.glob("*.txt")), ctx)
    for f in files:
        shutil.copy(f, raw_dir / f.name)
    export, _ = ingest_export([raw_dir], work, res.commands)
    res.docs = len(files)
    m = json_tail(run([sys.executable, str(SCORING / "polnear_quotes.py"), str(export),
                       "--split", ctx.split], work, log=res.commands))
    res.presswatch = {"overlap F1": _f(m["overlap_any"]["f1"]),
                      "overlap 1:1 F1": _f(m["overlap_one_to_one"]["f1"]),
                      "exact F1": _f(m["exact"]["f1"]),
                      "direct-quote recall": _f(m["recall_direct_gold"]),
                      "speaker accuracy": _f(m["speaker_acc_all"]),
                      "speaker accuracy (named sources)": _f(m["speaker_acc_named_sources"])}
    res.data = [EVAL / "polnear" / "data" / ctx.split]
    res.notes.append("polnear_quotes.py has no bare run (bench/quotes.py runs textacy, "
                     "internally)")
    return res


def set_adaq(ctx: Ctx) -> Result:
    res = Result()
    res.notes.append("skipped: ../shared/eval/scoring has no scorer for ADAQ through the "
                     "export")
    return res


# -- publication dates -------------------------------------------------------------------
def set_pubdate(ctx: Ctx) -> Result:
    res = Result()
    if ctx.split == "dev":
        res.notes.append("the MediaCloud set has no dev split")
        return res
    base = EVAL / "htmldate_mediacloud2020"
    gold = json.loads((base / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    items = _limit(sorted(gold.items(), key=lambda kv: kv[1]["file"]), ctx)
    work = ctx.work / "pubdate"
    crawl = work / "crawl"
    crawl.mkdir(parents=True)
    url_of = {}
    for url, v in items:
        shutil.copy(base / "pages" / v["file"], crawl / v["file"])
        url_of[Path(v["file"]).stem] = url
    _, docs = ingest_export([crawl], work, res.commands)  # one crawl: one folder, one ingest
    res.docs = len(items)
    pred = {url: None for url in url_of.values()}
    for stem, d in by_stem(docs).items():
        if stem in url_of:
            pred[url_of[stem]] = (d.get("published") or None) and d["published"][:10]
    pred_path = work / "pred.json"
    pred_path.write_text(json.dumps(pred, indent=0), encoding="utf-8")
    m = json_tail(scorer("pubdate.py", ["--pred", str(pred_path)], work, res.commands)[0])
    res.presswatch = {k: _f(m[k]) for k in ("accuracy", "accuracy_dated", "coverage", "f1")}
    res.data = [base]
    if ctx.bare:
        _, saved = scorer("pubdate.py", [], work, res.commands)
        b = saved["pubdate"]
        res.bare_tool = f"{b['tool']} extensive_search=True (fast: accuracy " \
                        f"{b['fast']['accuracy']:.3f})"
        res.bare = {k: _f(b["extensive"][k]) for k in ("accuracy", "accuracy_dated",
                                                        "coverage", "f1")}
    return res


# -- quantities --------------------------------------------------------------------------
# contract unit -> NewsQuant's normalised unit name
ISO_NAMES = {
    "USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen",
    "CNY": "chinese yuan", "AUD": "australian dollar", "HKD": "hong kong dollar",
    "CAD": "canadian dollar", "INR": "indian rupee", "MYR": "malaysian ringgit",
    "ILS": "shekel", "RUB": "russian ruble", "BYN": "belarusian ruble", "KRW": "south korean won",
    "NZD": "new zealand dollar", "SGD": "singapore dollar", "DKK": "danish krone",
    "SEK": "swedish krona", "NOK": "norwegian krone", "CZK": "czech koruna",
    "CHF": "swiss franc", "MYR_SEN": "sen", "percent": "percentage",
    "percentage point": "percentage", "times": "count",
    "part per billion": "parts-per-billion", "tonne": "metric ton",
    "pound-foot": "foot pound-force", "metric horsepower": "horsepower",
    "wireless generation": "generation wireless",
    # NewsQuant annotates share prices in pence ("rose 6.5% to 164p") as points
    "pence": "point",
}
# NewsQuant's change notation from the figure's own words when the contract's change is
# null: a qualifier ("about", "more than", "up to") is no change in the contract
_QUALIFIERS = (
    ("~", re.compile(r"^(?:~|some(?=\s+\d)|(?:about|around|approximately|roughly|nearly|almost|an? "
                     r"estimated|close to|circa|just over)\b)", re.I)),
    (">", re.compile(r"^(?:more than|over|above|at least|upwards of|in excess of|"
                     r"greater than|exceeding|no less than|no fewer than|a minimum of)\b",
                     re.I)),
    ("<", re.compile(r"^(?:(?:less than|under|below|up to|fewer than|at most|no more than|"
                     r"just under|a maximum of|as (?:many|much|high|long) as)\b|sub-(?=\d))",
                     re.I)),
)
_SINGULAR_KEEP = re.compile(r"(?:ss|us|is|people|series|news|species)$")
_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
              "mice": "mouse", "geese": "goose"}
_IRREGULAR_PLURAL = re.compile(r"(?:women|(?<![aeiou])men|children|feet|teeth|mice|geese)$")


def singular(word: str) -> str:
    """An English noun's singular by the regular rules (the scorer's units are lemmas)."""
    w = word.lower()
    if len(w) < 4 or _SINGULAR_KEEP.search(w):
        return w
    irregular = _IRREGULAR_PLURAL.search(w)
    if irregular:  # "fishermen", "children", "businesswomen"
        return w[:irregular.start()] + _IRREGULAR[irregular.group()]
    if w.endswith("ies"):
        return w[:-3] + "y"
    if re.search(r"(?:ches|shes|xes|zes|sses)$", w) or re.search(r"[^aeiou]uses$", w):
        return w[:-2]  # "matches", "boxes", "viruses", "bonuses" (not "causes", "houses")
    if w.endswith("s"):
        return w[:-1]
    return w


def quantity_unit(f: dict[str, Any]) -> str:
    """NewsQuant's unit for one exported figure."""
    unit = str(f.get("unit") or "")
    if unit == "fraction":
        return "% -"  # NewsQuant: "% <what it is a fraction of>"; the export names no whole
    if unit == "count":
        words = [w for w in re.findall(r"[\w'’-]+", str(f.get("quantity") or ""))
                 if w.lower() not in _NOT_IN_UNIT]
        if not words:
            return "-"
        last = words[-1]
        # NewsQuant's units are lemmas: a common noun's singular, a proper noun as written
        # (a capitalised plural too: "Americans", "World Cups"; not "Model 3s", "GOPs")
        head = last if last[:1].isupper() and not re.fullmatch(r"[A-Z][a-z]+s", last) \
            else singular(last)
        return " ".join([*(w.lower() for w in words[:-1]), head.lower()])
    if " per " in unit and unit not in ISO_NAMES:  # "part per billion" is one unit
        num, den = unit.split(" per ", 1)
        return f"{ISO_NAMES.get(num, num)} per {den}"
    return ISO_NAMES.get(unit, unit)


def quantity_change(f: dict[str, Any]) -> str:
    """NewsQuant's change for one exported figure: its qualifier words first ("rose about
    19 per cent" is "~" there), then the contract's movement or level reached, else "="."""
    for sign, rx in _QUALIFIERS:
        if rx.search(str(f.get("text") or "").strip()):
            return sign
    change = f.get("change")
    return change if change in ("up", "down", "=") else "="


# NewsQuant folds a change "from X to Y" into one quantity "X-Y" (but keeps "rose to Y
# from X" as two)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:up\s+to\s+)?$", re.IGNORECASE)
_TO_BETWEEN = re.compile(r"\s*(?:to|-|–)\s*", re.IGNORECASE)
# ... or with a short phrase after the first figure ("from $75 per barrel in October to
# $45.88", "from 208 pounds last year to 193"): a few words, no clause break
_TO_AFTER_PHRASE = re.compile(r"\s+(?:[^\s,;:()]+\s+){1,6}to\s+", re.IGNORECASE)
# words NewsQuant leaves out of a counted noun phrase (determiners, conjunctions,
# prepositions, "more"): "Kia and Hyundai vehicles" -> "kia hyundai vehicle"
_NOT_IN_UNIT = {"more", "other", "additional", "further", "another", "and", "or", "of",
                "the", "a", "an", "in", "on", "for", "with", "to", "at", "by", "from", "such",
                "very", "than", "its", "their", "his", "her", "our", "your", "my"}


def quantity_rows(text: str, figs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The scorer's rows for one sentence's exported figures, in NewsQuant's conventions:
    no multiplier verbs ("doubled": NewsQuant annotates none), a change "from X to Y" as
    one quantity [X, Y] (as written), a range as [value, value_max]."""
    figs = [f for f in sorted(figs, key=lambda f: f["start"])
            if not (f.get("unit") == "times"
                    and not re.search(r"\d|fold\b", str(f.get("text") or "")))]
    rows: list[dict[str, Any]] = []
    skip: set[int] = set()
    for i, f in enumerate(figs):
        if i in skip:
            continue
        row = quantity_row(f)
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        if nxt is not None and f.get("value_max") is None and nxt.get("value_max") is None:
            between = text[f["end"]:nxt["start"]]
            same = f.get("unit") == nxt.get("unit") or "count" in (f.get("unit"),
                                                                    nxt.get("unit"))
            if (_TO_BETWEEN.fullmatch(between) or _TO_AFTER_PHRASE.fullmatch(between)) \
                    and same and _FROM_BEFORE.search(
                    text[max(0, f["start"] - 20):f["start"]]):
                row = quantity_row(nxt if f.get("unit") == "count" else f)
                row["value"] = [quantity_row(f)["value"], quantity_row(nxt)["value"]]
                # the fold's change is the movement, if any: "up to 252" was no bound
                row["change"] = f.get("change") if f.get("change") in ("up", "down") else "="
                skip.add(i + 1)
        rows.append(row)
    return rows


def quantity_row(f: dict[str, Any]) -> dict[str, Any]:
    value: Any = f["value"]
    if f.get("unit") == "fraction":  # the exact ratio of a rounded fraction (0.333 -> 1/3)
        value = next((n / d for d in range(2, 13) for n in range(1, d)
                      if round(n / d, 3) == round(float(value), 3)), value)
    if f.get("value_max") is not None:
        value = [value, f["value_max"]]
    return {"value": value, "normalized_unit": quantity_unit(f),
            "change": quantity_change(f), "text": f.get("text")}


def set_newsquant(ctx: Ctx) -> Result:
    res = Result()
    data = json.loads((EVAL / "newsquant" / "NewsQuant.json").read_text(encoding="utf-8"))
    work = ctx.work / "newsquant"
    raw_dir = work / "raw"
    raw_dir.mkdir(parents=True)
    n = len(_limit(data, ctx))
    # One document, a paragraph per sentence, its title given apart (JSONL): a lone
    # sentence is too short for language detection ("Vecturas shares rose 6.5% to 164p."
    # reads as Portuguese) and one without a full stop reads as a title; the figures are
    # mapped back to their sentence by offset.
    starts, pos = [], 0
    for d in data[:n]:
        starts.append(pos)
        pos += len(d["text"].strip()) + 2
    raw = "\n\n".join(d["text"].strip() for d in data[:n])
    (raw_dir / "newsquant.jsonl").write_text(
        json.dumps({"title": "NewsQuant sentences", "text": raw}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    _, docs = ingest_export([raw_dir], work, res.commands)
    res.docs = n
    by_sentence: list[list[dict[str, Any]]] = [[] for _ in data]
    text = docs[0]["text"] if docs else ""
    al = Aligner(raw, text)
    for f in docs[0]["figures"] if docs else []:
        sp = al.span(f["start"], f["end"])
        if sp is not None:
            by_sentence[bisect.bisect_right(starts, sp[0]) - 1].append(f)
    preds = [quantity_rows(text, figs) for figs in by_sentence]
    pred_path = work / "pred.json"
    pred_path.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    m = json_tail(scorer("quantities.py", ["--pred", str(pred_path)], work, res.commands)[0])
    res.presswatch = {"value F1": _f(m["cqe"]["value"]["f1"]),
                      "value+unit F1": _f(m["cqe"]["value+unit"]["f1"]),
                      "one-to-one value F1": _f(m["one_to_one"]["value"]["f1"]),
                      "one-to-one value+unit F1": _f(m["one_to_one"]["value+unit"]["f1"])}
    res.presswatch.update(_newsquant_extra([d["quantities"] for d in data[:n]], preds[:n]))
    shutil.copy(pred_path, OUT / "public_eval_newsquant.pred.json")  # for analysis
    res.data = [EVAL / "newsquant" / "NewsQuant.json"]
    res.notes.append("value+change: the scorer's own CQE matching (score_cqe) with the change "
                     "in place of the unit; contract change up/down/'=' as is, null read as "
                     "'~', '>' or '<' from the figure's qualifier words, else '='")
    if ctx.bare:
        # quantulum3 without its classifier extra, as the scorer documents it: hide
        # scikit-learn (quantulum3's pickled model does not load on the installed one)
        work_b = work / "bare"
        work_b.mkdir()
        results = work_b / "r.json"
        path = str(SCORING / "quantities.py")
        code = ("import runpy, sys; sys.modules['sklearn'] = None; "
                f"sys.argv = [{path!r}]; runpy.run_path({path!r}, run_name='__main__')")
        run([sys.executable, "-c", code], work_b, env=_env({"SCORING_RESULTS": str(results)}),
            log=res.commands)
        b = json.loads(results.read_text(encoding="utf-8"))["quantities_newsquant"]
        res.bare_tool = b["tool"]
        res.bare = {"value F1": _f(b["cqe"]["value"]["f1"]),
                    "value+unit F1": _f(b["cqe"]["value+unit"]["f1"]),
                    "one-to-one value F1": _f(b["one_to_one"]["value"]["f1"]),
                    "one-to-one value+unit F1": _f(b["one_to_one"]["value+unit"]["f1"])}
    return res


def _newsquant_extra(gold: list[list[dict[str, Any]]],
                     preds: list[list[dict[str, Any]]]) -> dict[str, float]:
    """value+change on the whole set, and the three figures on each half (the rules are
    tuned on the first half), with the scorer's own ``score_cqe``."""
    sys.path.insert(0, str(SCORING))
    import quantities as qs  # type: ignore[import-not-found]

    def swap(rows: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        return [[{**q, "normalized_unit": q["change"]} for q in s] for s in rows]

    out = {"value+change F1": _f(qs.score_cqe(swap(gold), swap(preds),
                                              average_ranges=False)["value+unit"]["f1"])}
    half = (len(gold) + 1) // 2 if len(gold) < 590 else 295
    for name, sl in (("first half", slice(0, half)), ("second half", slice(half, None))):
        g, p = gold[sl], preds[sl]
        if not g:
            continue
        r = qs.score_cqe(g, p, average_ranges=False)
        c = qs.score_cqe(swap(g), swap(p), average_ranges=False)
        out[f"{name} value F1"] = _f(r["value"]["f1"])
        out[f"{name} value+unit F1"] = _f(r["value+unit"]["f1"])
        out[f"{name} value+change F1"] = _f(c["value+unit"]["f1"])
    return out


# -- body extraction ---------------------------------------------------------------------
def set_body(ctx: Ctx) -> Result:
    res = Result()
    if ctx.split == "dev":
        res.notes.append("the article-extraction-benchmark has no dev split")
        return res
    base = EVAL / "article_extraction_benchmark"
    work = ctx.work / "body"
    pages = work / "pages"
    pages.mkdir(parents=True)
    files = _limit(sorted((base / "html").glob("*.html.gz")), ctx)
    for f in files:
        (pages / f.name.removesuffix(".gz")).write_bytes(gzip.decompress(f.read_bytes()))
    _, docs = ingest_export([pages], work, res.commands)
    res.docs = len(files)
    ids = {f.name.removesuffix(".html.gz") for f in files}
    pred = {stem: {"articleBody": d.get("text") or ""} for stem, d in by_stem(docs).items()
            if stem in ids}
    pred_path = work / "pred.json"
    pred_path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    boot = "0" if ctx.limit else "200"  # a handful of documents cannot be resampled
    m = json_tail(scorer("body_extraction.py", ["--pred", str(pred_path), "--n-bootstrap",
                                                boot], work, res.commands)[0])
    res.presswatch = {k: _f(m[k]) for k in ("precision", "recall", "f1", "accuracy")}
    res.data = [base / "ground-truth.json", base / "html"]
    if ctx.bare:
        _, saved = scorer("body_extraction.py", ["--n-bootstrap", "200"], work, res.commands)
        b = saved["body_extraction"]
        res.bare_tool = b["tool"]
        res.bare = {k: _f(b[k]) for k in ("precision", "recall", "f1", "accuracy")}
    return res


SETS: dict[str, tuple[str, Callable[[Ctx], Result]]] = {
    "conll": ("CoNLL-2003 (ner_en_conll.py)", set_conll),
    "conllpp": ("CoNLL++ 2020 (ner_en_conll.py)", set_conllpp),
    "factru": ("factRuEval-2016 (ner_ru.py)", set_factru),
    "nerel": ("NEREL (ner_ru.py, top-level PER/LOC/ORG)", set_nerel),
    "bsnlp": ("BSNLP-2021 RU (bsnlp_ru.py)", set_bsnlp),
    "nerel_events": ("NEREL events and roles (nerel_events.py)", set_nerel_events),
    "polnear": ("PolNeAR quotes (polnear_quotes.py)", set_polnear),
    "adaq": ("ADAQ RU quotes", set_adaq),
    "pubdate": ("MediaCloud 2020 dates (pubdate.py)", set_pubdate),
    "newsquant": ("NewsQuant quantities (quantities.py)", set_newsquant),
    "body": ("article-extraction-benchmark bodies (body_extraction.py)", set_body),
}


# ----------------------------------------------------------------- data digests
def digest(paths: Iterable[Path]) -> str:
    """sha256 over the evaluation files (relative names and bytes), folders walked sorted."""
    h = hashlib.sha256()
    for p in sorted(paths):
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            h.update(str(f.relative_to(EVAL)).encode())
            h.update(b"\0")
            h.update(f.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def rel_data(paths: Iterable[Path]) -> list[str]:
    return sorted(str(p.relative_to(EVAL)) for p in paths)


# ----------------------------------------------------------------- floors
def set_command(name: str, split: str) -> str:
    return f"python bench/public_eval.py --set {name} --split {split} --no-bare"


def check_floors(results: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    """Figures below their floor (for the sets measured in this run)."""
    fails = []
    for key, entry in floors.get("public", {}).items():
        r = results["sets"].get(entry["set"])
        if r is None or entry["split"] != results["split"]:
            continue
        if r.get("data_sha256") != entry["data_sha256"]:
            fails.append(f"{key}: evaluation data changed since the floors were measured")
            continue
        for metric, floor in entry["floors"].items():
            got = r["presswatch"].get(metric)
            if got is None or got < floor:
                fails.append(f"{key} {metric}: {got} < floor {floor}")
    return fails


def update_floors(results: dict[str, Any], floors: dict[str, Any], allow_lower: bool,
                  margin: float) -> list[str]:
    """Write this run's figures (less ``margin``) as floors; refuse to lower one."""
    refused = []
    public = floors.setdefault("public", {})
    for name, r in results["sets"].items():
        if not r["presswatch"]:
            continue
        key = f"{name}/{results['split']}"
        old = public.get(key, {}).get("floors", {})
        new = {m: round(max(0.0, v - margin), 3) for m, v in r["presswatch"].items()}
        for m, v in new.items():
            if m in old and v < old[m] and not allow_lower:
                refused.append(f"{key} {m}: {v} < current floor {old[m]}")
                new[m] = old[m]
        public[key] = {"set": name, "split": results["split"],
                       "command": set_command(name, results["split"]),
                       "measured_at_commit": results["commit"],
                       "data": r["data"], "data_sha256": r["data_sha256"], "floors": new}
    return refused


# ----------------------------------------------------------------- report
def markdown(results: dict[str, Any]) -> str:
    lines = [f"Public route (`presswatch ingest` + `export --format jsonl`, shared scorers), "
             f"split {results['split']}, commit {results['commit']}, {results['date']}.",
             f"Command: `{results['command']}`", "",
             "| set | metric | presswatch | bare | bare library |", "|---|---|---|---|---|"]
    for name, r in results["sets"].items():
        label = SETS[name][0]
        if "error" in r:
            lines.append(f"| {label} | error | {r['error'][:120]} | | |")
            continue
        if not r["presswatch"]:
            lines.append(f"| {label} | — | {'; '.join(r['notes'])} | | |")
            continue
        for metric, v in r["presswatch"].items():
            b = r["bare"].get(metric)
            lines.append(f"| {label} | {metric} | {v:.3f} | "
                         f"{'' if b is None else f'{b:.3f}'} | {r['bare_tool']} |")
            label, r = "", {**r, "bare_tool": ""}
    return "\n".join(lines) + "\n"


def commit() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", choices=sorted(SETS), dest="sets",
                    help="a set to run (repeatable; default all)")
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    ap.add_argument("--limit", type=int, help="first N documents of each set (a quick run; "
                    "the scorers still count the whole gold, and no bare run)")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare library runs")
    ap.add_argument("--check", action="store_true",
                    help="fail when a figure is below its floor in tests/quality_floors.json")
    ap.add_argument("--update-floors", action="store_true",
                    help="write this run's figures as floors (less --margin)")
    ap.add_argument("--allow-lower", action="store_true", help="let --update-floors lower one")
    ap.add_argument("--margin", type=float, default=0.005,
                    help="floor = measured figure minus this (default 0.005)")
    ap.add_argument("--out", type=Path, default=OUT / "public_eval.json")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)
    if args.limit and (args.check or args.update_floors):
        ap.error("--check and --update-floors measure whole sets: drop --limit")
    names = args.sets or list(SETS)
    OUT.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="pw-public-eval-"))
    ctx = Ctx(split=args.split, limit=args.limit, bare=not args.no_bare and not args.limit,
              work=tmp)
    results: dict[str, Any] = {
        "command": "python bench/public_eval.py " + " ".join(argv or sys.argv[1:]),
        "commit": commit(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "split": args.split, "limit": args.limit,
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python "
                   f"{platform.python_version()}", "sets": {}}
    try:
        for name in names:
            t0 = time.perf_counter()
            print(f"== {name}: {SETS[name][0]}", file=sys.stderr, flush=True)
            try:
                r = SETS[name][1](ctx)
                entry: dict[str, Any] = {
                    "presswatch": r.presswatch, "bare": r.bare, "bare_tool": r.bare_tool,
                    "docs": r.docs, "notes": r.notes, "commands": r.commands,
                    "data": rel_data(r.data), "data_sha256": digest(r.data) if r.data else None}
            except (RuntimeError, OSError, ValueError, KeyError,
                    subprocess.TimeoutExpired) as exc:
                entry = {"presswatch": {}, "bare": {}, "bare_tool": "", "notes": [],
                         "error": f"{type(exc).__name__}: {exc}"[-2000:]}
            entry["seconds"] = round(time.perf_counter() - t0, 1)
            results["sets"][name] = entry
            print(json.dumps({k: entry[k] for k in ("presswatch", "bare")} |
                             ({"error": entry["error"]} if "error" in entry else {})),
                  file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"work folder kept: {tmp}", file=sys.stderr)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    md = markdown(results)
    args.out.with_suffix(".md").write_text(md, encoding="utf-8")
    print(md)
    status = 1 if any("error" in r for r in results["sets"].values()) else 0
    if args.check or args.update_floors:
        floors = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
        if args.update_floors:
            refused = update_floors(results, floors, args.allow_lower, args.margin)
            FLOORS.write_text(json.dumps(floors, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
            for line in refused:
                print(f"floor not lowered (use --allow-lower): {line}", file=sys.stderr)
            status = status or (1 if refused else 0)
        if args.check:
            fails = check_floors(results, floors)
            for line in fails:
                print(f"BELOW FLOOR: {line}", file=sys.stderr)
            status = status or (1 if fails else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
