"""Quote extraction (extract/quotes.py): kinds, speakers, hard cases, gold figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presswatch.extract.identity import resolve_document
from presswatch.extract.quotes import extract_quotes
from presswatch.model import Document, Entity, Quote
from presswatch.nlp import backend_for
from presswatch.query.quotes import (
    find_quotes,
    quotes_between,
    quotes_by_speaker,
    quotes_mentioning,
    quotes_with_words,
)
from presswatch.store.sqlite import SQLiteStore
from tests.floors import floor
from tests.quote_checks import assert_quoted_words, gold_quoted_words

GOLD = Path(__file__).parent / "data" / "quotes_gold.json"


def run(text: str, lang: str = "en") -> list[Quote]:
    ann = next(backend_for(lang).annotate([text]))
    quotes = extract_quotes(text, ann, resolve_document(text, ann))  # as ingest does
    for q in quotes:
        assert_quoted_words(text, q)
        assert q.kind in ("direct", "indirect", "transcript")
    return quotes


def test_interrupted_quote_is_one_quote_with_its_pieces() -> None:
    """A quote interrupted by its attribution is one statement: one quote spanning the
    pieces, its text the pieces joined by " … " (the attribution left out)."""
    text = ("Governor Oleg Vorontsov spoke in Minsk.\n\n“We are ready to build a checkpoint,” "
            "Vorontsov said, “and we expect trucks next spring.”\n")
    qs = [q for q in run(text) if q.kind == "direct"]
    assert [q.text for q in qs] == ["We are ready to build a checkpoint … and we expect trucks "
                                    "next spring."]
    assert qs[0].speaker == "Oleg Vorontsov" and qs[0].cue == "said"
    assert text[qs[0].start:qs[0].end].startswith("We are ready")
    assert text[qs[0].start:qs[0].end].endswith("next spring.")


def test_interrupted_quote_over_two_sentences_and_after_marks_only() -> None:
    text = ("Mayor Ilse Brandt opened the bridge on Sunday.\n\n“It took us nine years,” she "
            "told reporters. “Nobody here will miss the ferry.”\n\n"
            "“The river was our border.” “Now it is our high street,” Brandt said.\n")
    qs = [q for q in run(text) if q.kind == "direct"]
    assert [q.text for q in qs] == ["It took us nine years … Nobody here will miss the ferry.",
                                    "The river was our border. … Now it is our high street"]
    assert {q.speaker for q in qs} == {"Ilse Brandt"}


def test_interrupted_quote_with_a_long_apposition_and_one_with_a_second_cue() -> None:
    text = ("Analysts doubted the plan.\n\n“The numbers do not add up,” said Petra Lindqvist, "
            "an economist who runs the budget office at Uppsala University, in an interview. "
            "“Somebody will have to pay.”\n\n"
            "“We will appeal,” Lindqvist said, adding that the court had ignored the "
            "evidence. “This is not over.”\n")
    qs = [q for q in run(text) if q.kind == "direct"]
    assert qs[0].text == "The numbers do not add up … Somebody will have to pay."
    assert "We will appeal" in [q.text for q in qs]  # "adding that …" between: apart


def test_two_attributions_in_a_paragraph_stay_two_quotes() -> None:
    """Pieces are joined only when the words between them are their one attribution: a
    second cue ("He recalled that …") starts another statement."""
    text = ("Minister Tomas Varga visited the port.\n\n“The cranes are old,” Varga said. He "
            "recalled that “three of them broke last winter.”\n")
    qs = run(text)
    assert [q.text for q in qs if q.cue == "said"] == ["The cranes are old"]
    assert any(q.cue == "recalled" for q in qs)


def test_pronoun_after_a_quote_and_subject_not_object() -> None:
    text = ("“Belarus is our ally,” Vladimir Putin said.\n\n"
            "He agreed with Alexander Lukashenko that “the economy is our priority.”\n")
    qs = run(text)
    agreed = next(q for q in qs if q.cue == "agreed")
    assert agreed.text == "the economy is our priority."
    assert agreed.speaker == "Vladimir Putin"


def test_editorial_insert_stays_and_title_resolves() -> None:
    text = ("Vladimir Putin met Alexander Lukashenko.\n\n“If some issues are unresolved, "
            "(we must. – Ed.) find these solutions,” the Russian leader said.\n")
    q = next(q for q in run(text) if q.kind == "direct")
    assert "(we must. – Ed.)" in q.text
    assert q.speaker != "Russian"


def test_transcript_label_and_truncated_label() -> None:
    text = ("Lukashenko met journalists\n\nAlexander Lukashenko, President of Belarus:\n\n"
            "We have a good tradition. I want to say that our dialogue is open.\n\n"
            "Our regions trade more every year, and you see it yourselves.\n\n"
            "The press conference lasted four hours.\n\n"
            "Viktor Karankevich, Deputy Prime Minister of Belarus:\n")
    qs = run(text)
    tr = [q for q in qs if q.kind == "transcript"]
    assert len(tr) == 2
    assert {q.speaker for q in tr} == {"Alexander Lukashenko"}
    assert all("Karankevich" not in (q.speaker or "") for q in qs)
    assert not any("press conference" in q.text for q in qs)


def test_unmatched_mark_does_not_swallow_the_article() -> None:
    text = ("Pavel Savchenko visited Kazan. He praised the “joint plants.\n\n"
            + "The talks went on for hours. " * 30 + "\n\n“Good,” Savchenko said.\n")
    qs = run(text)
    assert all(len(q.text) < 100 for q in qs)
    assert any(q.text == "Good" and q.speaker == "Pavel Savchenko" for q in qs)


def test_multi_paragraph_quote() -> None:
    text = ("Mikhail Orlov opened the route.\n\n“Our cities have shared history for centuries.\n\n"
            "“It would be strange not to link them by bus,” Mikhail Orlov said.\n")
    qs = [q for q in run(text) if q.kind == "direct"]
    assert len(qs) == 2
    assert {q.speaker for q in qs} == {"Mikhail Orlov"}


def test_russian_kinds() -> None:
    text = ("Министр промышленности Павел Савченко провел переговоры.\n\n"
            "«Мы приехали не за протоколами, а за заказами», – подчеркнул Павел Савченко.\n\n"
            "Он заявил, что белорусские машиностроители готовы увеличить поставки.\n\n"
            "— Мы готовы работать, — сказал Савченко. — Заводы ждут заказов.\n")
    qs = run(text, "ru")
    kinds = [q.kind for q in qs]
    assert kinds.count("direct") >= 2 and "indirect" in kinds
    # the dialogue interrupted by its tag is one quote
    assert any(q.text.startswith("Мы готовы работать … Заводы ждут заказов") for q in qs)
    ind = next(q for q in qs if q.kind == "indirect")
    assert ind.text == "белорусские машиностроители готовы увеличить поставки"
    assert ind.cue == "заявил"
    assert all(q.speaker == "Павел Савченко" for q in qs)


def test_no_speaker_is_never_a_pronoun() -> None:
    text = "“We will win,” he said.\n"
    for q in run(text):
        assert q.speaker is None or q.speaker.lower() not in ("he", "she", "они", "он")


def test_names_in_guillemets_are_not_quotes() -> None:
    assert run("Компания «Белшина» открыла завод в Бобруйске.\n", "ru") == []


def test_empty_text() -> None:
    assert run("") == []


# --- gold figures ----------------------------------------------------------------------


def _gold_figures() -> dict[str, dict[str, float]]:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    out: dict[str, dict[str, float]] = {}
    for lang in ("en", "ru", "all"):
        gold = found = speaker_ok = exact = pred = matched = 0
        for doc in data["documents"]:
            if lang != "all" and doc["language"] != lang:
                continue
            text = doc["text"]
            for g in doc["quotes"]:
                assert gold_quoted_words(text, g) == g["text"], g
            quotes = run(text, doc["language"])
            pred += len(quotes)
            for g in doc["quotes"]:
                gold += 1
                hit = [q for q in quotes if min(q.end, g["end"]) > max(q.start, g["start"])]
                if not hit:
                    continue
                found += 1
                exact += (hit[0].start, hit[0].end) == (g["start"], g["end"])
                speaker_ok += hit[0].speaker == g["speaker"]
            matched += sum(1 for q in quotes if any(
                min(q.end, g["end"]) > max(q.start, g["start"]) for g in doc["quotes"]))
        out[lang] = {"gold": gold, "recall": found / gold, "exact": exact / gold,
                     "speaker": speaker_ok / max(1, found), "precision": matched / max(1, pred)}
    return out


@pytest.fixture(scope="module")
def gold_figures() -> dict[str, dict[str, float]]:
    return _gold_figures()


def test_gold_size_and_floors(gold_figures: dict[str, dict[str, float]]) -> None:
    """The gold set's size, and floors just under today's figures (a regression guard)."""
    en, ru = gold_figures["en"], gold_figures["ru"]
    assert gold_figures["all"]["gold"] >= 200 and ru["gold"] >= 80, gold_figures
    for lang, fig in (("en", en), ("ru", ru)):
        for metric in ("recall", "exact", "precision", "speaker"):
            assert fig[metric] >= floor("quotes_gold", f"{lang} {metric}"), gold_figures


def test_gold_speaker_target(gold_figures: dict[str, dict[str, float]]) -> None:
    """The issue's target: speaker accuracy >= 0.95 on the own gold (both languages),
    and >= 0.93 in each language."""
    assert gold_figures["all"]["speaker"] >= floor("quotes_gold", "speaker (target)")
    assert gold_figures["en"]["speaker"] >= floor("quotes_gold", "en speaker (target)")
    assert gold_figures["ru"]["speaker"] >= floor("quotes_gold", "ru speaker (target)")


def test_editor_mark_is_not_a_person() -> None:
    """"(we must. – Ed.)" / "(Putin. – Ed.)" / "(… – Ред.)": "Ed" is no PERSON entity
    (identity.py drops name mentions inside an editor's mark after a dash in brackets)."""
    en = ("Vladimir Putin met Alexander Lukashenko.\n\n“If some issues are unresolved, "
          "(we must. – Ed.) find these solutions,” the Russian leader said. “The interruption "
          "of visits (Putin. – Ed.) to Minsk did not prevent contacts,” Lukashenko said.\n")
    ann = next(backend_for("en").annotate([en]))
    people = resolve_document(en, ann)
    names = {e.name for e in people.entities}
    assert "Ed" not in names and "Vladimir Putin" in names
    assert not any("Ed" in en[s:t] for e in people.entities for s, t in e.mentions)
    assert all(q.speaker != "Ed" for q in extract_quotes(en, ann, people))
    ru = ("Владимир Путин встретился с Александром Лукашенко.\n\n«Если вопросы не решены, "
          "(мы должны. – Ред.) найти решения», – сказал российский лидер. Перерыв в визитах "
          "(Путина. — Прим. ред.) не помешал контактам.\n")
    ann = next(backend_for("ru").annotate([ru]))
    people = resolve_document(ru, ann)
    assert not any(ru[s:t].lower().startswith(("ред", "прим")) for e in people.entities
                   for s, t in e.mentions)
    # an editor's mark is only that: a person named "Ed" elsewhere stays a person
    text = "Ed Miliband met Boris Johnson. (He did. – Ed.) Ed Miliband said it went well.\n"
    ann = next(backend_for("en").annotate([text]))
    assert any(e.name == "Ed Miliband" for e in resolve_document(text, ann).entities)


def test_pronoun_gender_and_organisation_speakers() -> None:
    text = ("Hillary Clinton spoke after Donald Trump left the stage.\n\n"
            "“We will not go back,” she said.\n\n"
            "Gazprom signed the deal with Belarus. It said that prices would stay the same.\n")
    qs = run(text)
    assert next(q for q in qs if q.cue == "said" and q.kind == "direct").speaker == \
        "Hillary Clinton"


def test_abbreviation_before_name_and_signature_line() -> None:
    text = ("Mr. King leads the group.\n\n\"It's all about creating enthusiasm around this "
            "race,\" Mr. King added.\n\n“He can’t even answer a question without scaring "
            "people first.” ― Esther Tapia  “Mostly he promotes ignorance and fear.” ― "
            "Carla Sanchez.  Getty/Instagram.\n")
    qs = [q for q in run(text) if q.kind == "direct"]
    assert [q.speaker for q in qs] == ["King", "Esther Tapia", "Carla Sanchez"]


def test_russian_interrupted_quote_inside_guillemets() -> None:
    text = ("Генеральный директор завода Виталий Вовк провел пресс-конференцию.\n\n"
            "«Мы не боимся конкуренции, – добавил он. – Мы боимся только плохих дорог».\n")
    qs = [q for q in run(text, "ru") if q.kind == "direct"]
    assert [q.text for q in qs] == ["Мы не боимся конкуренции … Мы боимся только плохих дорог"]
    assert {q.speaker for q in qs} == {"Виталий Вовк"}


def test_company_is_the_subject_organisation_not_a_modifier() -> None:
    """"the Minsk company said" after "MAZ delivered …": the organisation that is a
    subject, not "Minsk" (tagged ORG as the modifier of "company")."""
    text = ("MAZ delivered 300 trucks to Uzbekistan, the Minsk company said.\n\n"
            "The company added that it would open a service centre in Tashkent.\n")
    qs = run(text)
    assert [q.speaker for q in qs] == ["MAZ", "MAZ"]


def test_company_the_tagger_missed_before_the_description() -> None:
    """"Rosneft and the government agreed …, the company said": the first "Rosneft" is
    untagged, the organisation tagged later in the text is it."""
    text = ("Rosneft and the Indian government agreed on oil prices, the company said on "
            "Monday.\n\nRosneft said in a statement that prices would not change. It added "
            "that supplies would grow.\n")
    qs = run(text)
    assert [q.speaker for q in qs] == ["Rosneft"] * 3
    assert len({q.speaker_id for q in qs}) == 1 and qs[0].speaker_id


def test_title_with_a_place_takes_the_person_of_that_place() -> None:
    """"the Armenian foreign minister" is the Armenian counterpart, not the Russian
    Foreign Minister who spoke last."""
    text = ("Russian Foreign Minister Sergei Lavrov met his Armenian counterpart Ararat "
            "Mirzoyan in Yerevan.\n\n“We agreed on the schedule,” Lavrov said.\n\nLavrov "
            "praised the talks. “We are open to everyone,” the Armenian foreign minister "
            "said.\n")
    assert [q.speaker for q in run(text)] == ["Sergei Lavrov", "Ararat Mirzoyan"]


# --- queries ---------------------------------------------------------------------------


@pytest.fixture()
def store(tmp_path: Path):
    putin = Entity(id="p1", name="Vladimir Putin", type="PERSON", mentions=[(0, 5)])
    minsk = Entity(id="g1", name="Minsk", type="GPE", mentions=[(30, 35)])
    text = "Putin said that trade grew in Minsk a lot. Nothing else."
    docs = [
        Document(id="d1", source="a.txt", text=text, language="en", published="2023-05-01",
                 entities=[putin, minsk],
                 quotes=[Quote(text=text[16:41], start=16, end=41, speaker="Vladimir Putin",
                               speaker_id="p1", cue="said", kind="indirect")]),
        Document(id="d2", source="b.txt", text="«Рост», – сказал он.", language="ru",
                 published="2024-02-03",
                 quotes=[Quote(text="Рост", start=1, end=5, speaker=None, kind="direct",
                               cue="сказал")]),
    ]
    with SQLiteStore(tmp_path / "q.db") as s:
        s.write_documents(docs)
        yield s


def test_queries(store: SQLiteStore) -> None:
    assert [h.doc_id for h in quotes_by_speaker(store, "p1")] == ["d1"]
    assert [h.doc_id for h in quotes_by_speaker(store, "vladimir putin")] == ["d1"]
    assert [h.doc_id for h in quotes_mentioning(store, "Minsk")] == ["d1"]
    assert [h.doc_id for h in quotes_mentioning(store, "p1")] == []  # Putin is outside
    assert [h.doc_id for h in quotes_between(store, "2024-01-01", None)] == ["d2"]
    assert [h.doc_id for h in quotes_with_words(store, "TRADE minsk")] == ["d1"]
    assert [h.doc_id for h in quotes_with_words(store, "рост")] == ["d2"]
    assert find_quotes(store, kind="direct", date_to="2023-12-31") == []
    assert find_quotes(store, words="100%") == []
    # newest first by publication day (store/keys.py): the 2024 quote before 2023's
    assert find_quotes(store, limit=1)[0].to_dict()["doc_id"] == "d2"
    assert [q.doc_id for q in find_quotes(store)] == ["d2", "d1"]
