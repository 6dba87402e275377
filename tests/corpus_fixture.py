"""A small stored corpus written straight through the store (no NLP: fast), for the query
layer, the CLI listings, the REST API and the web UI. One article is hostile: markup,
HTML, control characters and spreadsheet formulas in its title, text, names and quotes.
"""

from __future__ import annotations

from pathlib import Path

from presswatch.model import Document, Entity, Event, Figure, Quote
from presswatch.store.sqlite import SQLiteStore

HOSTILE_TITLE = "<script>window.__pwned=1</script>[bold red]x[/]"
HOSTILE_NAME = "[/]Evil\x1b[31m Corp"
HOSTILE_QUOTE = '=HYPERLINK("http://evil.example","click")'
HOSTILE_TEXT = (
    "The Evil Corp said =HYPERLINK(\"http://evil.example\",\"click\") on Monday. "
    "<img src=x onerror=\"window.__pwned=2\"> \x1b]0;pwned\x07 [link=file:///etc]y[/link] "
    "Lukashenko denied it."
)


def _ent(eid: str, name: str, typ: str, text: str, forms: list[str]) -> Entity:
    mentions = []
    for form in forms:
        i = text.find(form)
        if i >= 0:
            mentions.append((i, i + len(form)))
    return Entity(id=eid, name=name, type=typ, mentions=mentions or [(0, 1)],
                  aliases=forms, resolution="test fixture")


def _span(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


def documents() -> list[Document]:
    t1 = ("Talks in Minsk\n\nAlexander Lukashenko met Vladimir Putin in Minsk on Tuesday. "
          "Trade between the countries grew to $5 billion in 2023, Lukashenko said.")
    q1 = "Trade between the countries grew to $5 billion in 2023"
    f1 = "$5 billion"
    d1 = Document(
        id="doc1", source="fixture/en1.txt", text=t1, language="en", title="Talks in Minsk",
        outlet="Minsk Daily", published="2024-03-10",
        published_evidence="header line: date 2024-03-10",
        entities=[_ent("E1", "Alexander Lukashenko", "PERSON", t1,
                       ["Alexander Lukashenko", "Lukashenko"]),
                  _ent("E2", "Vladimir Putin", "PERSON", t1, ["Vladimir Putin"]),
                  _ent("E3", "Minsk", "GPE", t1, ["Minsk"])],
        quotes=[Quote(q1, *_span(t1, q1), speaker="Alexander Lukashenko", kind="indirect",
                      speaker_id="E1", cue="said")],
        figures=[Figure(f1, *_span(t1, f1), 5e9, "USD", "trade between the countries",
                        "2023", "Alexander Lukashenko", "actual", "E1")],
        events=[Event("meeting", ["Alexander Lukashenko", "Vladimir Putin"],
                      *_span(t1, "met Vladimir Putin"), place="Minsk", date="2024-03-05",
                      participant_ids=["E1", "E2"])],
    )
    t2 = ("Переговоры в Минске\n\nЛукашенко провёл переговоры с Путиным в Минске. "
          "Товарооборот вырос на 12 процентов, заявил Лукашенко.")
    q2 = "Товарооборот вырос на 12 процентов"
    d2 = Document(
        id="doc2", source="fixture/ru1.txt", text=t2, language="ru",
        title="Переговоры в Минске", outlet="БелТА", published="2024-04-02",
        entities=[_ent("E1", "Alexander Lukashenko", "PERSON", t2, ["Лукашенко"]),
                  _ent("E2", "Vladimir Putin", "PERSON", t2, ["Путиным"]),
                  _ent("E3", "Minsk", "GPE", t2, ["Минске"])],
        quotes=[Quote(q2, *_span(t2, q2), speaker="Alexander Lukashenko", kind="indirect",
                      speaker_id="E1", cue="заявил")],
        figures=[Figure("12 процентов", *_span(t2, "12 процентов"), 12.0, "percent",
                        "товарооборот", "2024", "Alexander Lukashenko", "actual", "E1")],
        events=[Event("talks", ["Alexander Lukashenko", "Vladimir Putin"],
                      *_span(t2, "провёл переговоры"), place="Minsk", date="2024-04-01",
                      participant_ids=["E1", "E2"])],
    )
    t3 = HOSTILE_TITLE + "\n\n" + HOSTILE_TEXT
    d3 = Document(
        id="doc3", source="fixture/hostile.html", text=t3, language="en",
        title=HOSTILE_TITLE, outlet="=cmd|' /C calc'!A0", published="2024-05-01",
        entities=[_ent("E4", HOSTILE_NAME, "ORG", t3, ["Evil Corp"]),
                  _ent("E1", "Alexander Lukashenko", "PERSON", t3, ["Lukashenko"])],
        quotes=[Quote(HOSTILE_QUOTE, *_span(t3, HOSTILE_QUOTE), speaker=HOSTILE_NAME,
                      kind="direct", speaker_id="E4", cue="said")],
        figures=[],
        events=[Event("meeting", [HOSTILE_NAME, "Alexander Lukashenko"],
                      *_span(t3, "Lukashenko denied"), date="2024-05-01",
                      participant_ids=["E4", "E1"])],
    )
    return [d1, d2, d3]


def build(path: Path) -> Path:
    with SQLiteStore(path) as store:
        store.write_documents(documents())
    return path
