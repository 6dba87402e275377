"""Event extraction (issue 7) with the real backends: rules, dates, and the gold figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from presswatch.extract.events import extract_events
from presswatch.extract.identity import resolve_document
from presswatch.nlp import backend_for
from tests.floors import floor

ROOT = Path(__file__).resolve().parents[1]


def events(lang: str, text: str, published: str | None = None, dl_date: str | None = None,
           dl_place: str | None = None):
    ann = next(backend_for(lang).annotate([text]))
    return extract_events(text, ann, resolve_document(text, ann), published, dl_date, dl_place)


def test_subject_conjuncts_talks_place():
    [ev] = events("en", "Russian President Vladimir Putin and his Belarusian counterpart "
                        "Alexander Lukashenko started negotiations in Minsk.", "2022-12-19")
    assert ev.type == "talks"
    assert ev.participants == ["Vladimir Putin", "Alexander Lukashenko"]
    assert ev.place == "Minsk"


def test_appointment_date_inferred_from_published():
    text = ("Let us recall that on June 27, Alexander Lukashenko carried out a personnel "
            "reshuffle: Dmitry Krutoy was appointed head of the Presidential Administration.")
    evs = [e for e in events("en", text, "2019-12-13") if e.type == "appointment"]
    assert evs and "Dmitry Krutoy" in evs[0].participants
    assert "Presidential Administration" not in evs[0].participants
    assert evs[0].date == "2019-06-27"
    assert evs[0].start == 0 and evs[0].end == len(text)


def test_no_anchor_no_date_and_no_pronoun_participants():
    evs = events("en", "On June 27, Anna Petrova met with Oleg Ivanov.")
    assert [e.date for e in evs] == [None]
    assert set(evs[0].participants) == {"Anna Petrova", "Oleg Ivanov"}


def test_today_and_dateline_place():
    [ev] = events("en", "Anna Petrova held talks with Oleg Ivanov today.", "2024-04-10",
                  "--04-10", "MINSK")
    assert ev.date == "2024-04-10" and ev.place == "Minsk"


def test_russian_talks_meeting_phone_agreement():
    evs = events("ru", "Владимир Путин и Александр Лукашенко провели переговоры в Минске. "
                       "Губернатор Олег Воронцов встретился с Павлом Савченко 5 июня. "
                       "Состоялся телефонный разговор Владимира Путина с Касым-Жомартом "
                       "Токаевым.", "2024-06-10")
    by_type = {e.type: e for e in evs}
    assert by_type["talks"].place == "Минск"
    assert set(by_type["talks"].participants) == {"Владимир Путин", "Александр Лукашенко"}
    assert set(by_type["meeting"].participants) == {"Олег Воронцов", "Павел Савченко"}
    assert by_type["meeting"].date == "2024-06-05"
    assert "Касым-Жомарт Токаев" in by_type["phone_call"].participants


def test_russian_appointment_and_signing():
    evs = events("ru", "Андрей Мельник назначен послом Беларуси в России. Николай Белов и "
                       "Константин Ермаков подписали в Минске соглашение о сетях.")
    types = {e.type: e for e in evs}
    assert types["appointment"].participants == ["Андрей Мельник"]
    assert set(types["agreement"].participants) == {"Николай Белов", "Константин Ермаков"}


def test_mentions_merge_within_document():
    evs = events("en", "Pavel Savchenko held talks in Kazan with Rustem Galiev. "
                       "\"We want more,\" Pavel Savchenko said after the meeting.")
    assert [e.type for e in evs] == ["talks"]


def test_delegation_list_joins_the_talks():
    evs = events("en", "Alexei Voronin and Piotr Parkhomchik started negotiations in Moscow. "
                       "The Belarusian delegation includes Pavel Savchenko and Nikolai Belov.")
    assert len(evs) == 1
    assert {"Pavel Savchenko", "Nikolai Belov"} <= set(evs[0].participants)


def records(lang: str, text: str, published: str | None = None, dl_date: str | None = None,
            dl_place: str | None = None):
    """As ingest sees them: the entities through a cross-document identity index first
    (canonical ids, English display names)."""
    from presswatch.extract.canonical import IdentityIndex
    from presswatch.extract.events import extract_event_records

    ann = next(backend_for(lang).annotate([text]))
    people = resolve_document(text, ann)
    index = IdentityIndex()
    index.resolve(people.entities, lang)
    index.finish()
    return extract_event_records(text, ann, people, published, dl_date, dl_place)


def by_type(recs):
    return {r.type: r for r in recs}


def test_places_in_display_form_both_languages():
    [ru] = records("ru", "Губернатор Ирина Коваленко встретилась с Павлом Савченко в Гродно.",
                   "2023-10-03")
    assert ru.place == "Grodno"
    [ru2] = records("ru", "Ирина Коваленко провела переговоры с Павлом Савченко в городе "
                          "Гродно.", "2023-10-03")
    assert ru2.place == "Grodno"
    [en] = records("en", "Irina Kovalenko met with Pavel Savchenko in the city of Grodno.",
                   "2023-10-03")
    assert en.place == "Grodno"


def test_dateline_place_resolved_through_the_entities():
    text = ("ГРОДНО, 3 октября – Неман-Информ. Ирина Коваленко встретилась с Павлом "
            "Савченко. Гродно принимает форум регионов.")
    found = records("ru", text, "2023-10-03", "--10-03", "ГРОДНО")
    [ev] = [r for r in found if r.type == "meeting"]
    assert ev.place == "Grodno" and not ev.explicit_place
    # the forum Grodno hosts is a gathering without named people, at the same place
    assert [(r.participants, r.place) for r in found if r.type == "forum"] == [([], "Grodno")]


def test_facility_keeps_its_name_and_the_stated_city():
    en = by_type(records("en", "Roman Golovchenko and Abdulla Aripov held talks at the Palace "
                               "of Independence in Minsk on May 15.", "2024-05-16"))
    assert en["talks"].place == "Palace of Independence, Minsk"
    ru = by_type(records("ru", "Роман Головченко и Абдулла Арипов 15 мая провели переговоры "
                               "во Дворце Независимости в Минске.", "2024-05-16"))
    assert ru["talks"].place.endswith(", Minsk")
    # no city in the phrase: the facility alone (the dateline city is not appended)
    [v] = records("en", "Levon Arakelyan visited the Minsk Tractor Works.", "2024-04-10",
                  "--04-10", "MINSK")
    assert v.place == "Minsk Tractor Works"


def test_received_and_consultations():
    en = by_type(records("en", "Vladimir Putin received Ambassador Pavel Utyupin in the Kremlin. "
                               "Sergei Lavrov held consultations with Yevgeny Shestakov.",
                         "2024-03-15"))
    assert set(en["meeting"].participant_names()) == {"Vladimir Putin", "Pavel Utyupin"}
    assert set(en["talks"].participant_names()) == {"Sergei Lavrov", "Yevgeny Shestakov"}
    ru = by_type(records("ru", "Владимир Путин принял в Кремле посла Павла Утюпина. Сергей "
                               "Лавров провел консультации с Евгением Шестаковым.",
                         "2024-03-15"))
    assert len(ru["meeting"].participants) == 2 and len(ru["talks"].participants) == 2
    assert not records("en", "Vladimir Putin received a letter from the committee.")
    assert not records("ru", "Владимир Путин принял закон о бюджете.")


def test_became_ambassador_both_languages():
    [en] = records("en", "Industry Minister Alexander Rogozhnik became an ambassador to Russia.")
    assert en.type == "appointment" and en.participant_names() == ["Alexander Rogozhnik"]
    [ru] = records("ru", "Бывший министр Виктор Лисовский стал послом Беларуси в Латвии.")
    assert ru.type == "appointment" and ru.participant_names() == ["Viktor Lisovsky"]
    assert not records("en", "Alexander Rogozhnik became famous.")


def test_conversation_with_and_the_clause_actor():
    [ev] = records("en", "Alexander Lukashenko spoke to reporters. In a conversation with "
                         "Dmitry Krutoy and Alexander Rogozhnik, Alexander Lukashenko noted "
                         "the importance of the Russian track.")
    assert ev.type == "meeting"
    assert set(ev.participant_names()) == {"Alexander Lukashenko", "Dmitry Krutoy",
                                           "Alexander Rogozhnik"}
    assert not records("en", "In a conversation with journalists, Ivan Petrov was calm.")


def test_signing_ceremony_both_languages():
    [en] = records("en", "Deputy Prime Minister Viktor Karankevich took part in the signing "
                         "ceremony of the agreement.")
    assert en.type == "agreement" and en.participant_names() == ["Viktor Karankevich"]
    [ru] = records("ru", "Вице-премьер Виктор Каранкевич принял участие в церемонии подписания "
                         "соглашения.")
    assert ru.type == "agreement" and ru.participant_names() == ["Viktor Karankevich"]


def test_planned_events_are_kept_apart_from_reported_ones():
    recs = records("en", "Sergei Lavrov met with Vladimir Makei in Moscow on November 9. They "
                         "will meet again in Minsk on December 1.", "2022-11-10")
    assert [(r.status, r.date, r.place) for r in recs] == [
        ("happened", "2022-11-09", "Moscow"), ("planned", "2022-12-01", "Minsk")]
    ru = records("ru", "Арипов планирует посетить Минский тракторный завод.", "2024-05-16",
                 "--05-16")
    assert [(r.type, r.status, r.date) for r in ru] == [("visit", "planned", None)]


def test_bare_title_subject_is_the_documents_one_holder():
    text = ("President held talks with head of Sakha Republic. Alexander Lukashenko noted the "
            "potential of the region. Alexander Lukashenko thanked the guests, and Alexander "
            "Lukashenko said Belarus could supply equipment.")
    talks = [r for r in records("en", text, "2019-12-13") if r.type == "talks"]
    assert talks and talks[0].participant_names() == ["Alexander Lukashenko"]


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import events as bench_events  # bench/events.py
    finally:
        sys.path.pop(0)
    return bench_events


def test_gold_file_is_current_and_large_enough(bench):
    import json

    gold = bench.build_gold()
    stored = json.loads((ROOT / "tests" / "data" / "events_gold.json").read_text("utf-8"))
    assert stored == json.loads(json.dumps(gold))
    n = sum(len(d["events"]) for d in gold["documents"])
    langs = {d["language"] for d in gold["documents"]}
    assert n >= 125 and langs == {"en", "ru"}


def test_gold_figures(bench):
    result = bench.run_extraction(bench.load_docs(bench.build_gold()))
    ours, base = result["events"], result["baseline"]
    assert ours["exact"]["f1"] >= floor("events_gold", "exact F1"), ours
    assert ours["relaxed"]["f1"] >= floor("events_gold", "relaxed F1"), ours
    assert ours["exact"]["f1"] > base["exact"]["f1"] + 0.1, (ours, base)
    assert ours["date_acc"] >= floor("events_gold", "date accuracy"), ours
    assert ours["place_acc"] >= floor("events_gold", "place accuracy"), ours
    assert ours["status_acc"] >= floor("events_gold", "status accuracy"), ours
    assert ours["status_n"] >= 20, ours
    assert result["events_en"]["exact"]["f1"] >= floor("events_gold", "en exact F1"), result
    assert result["events_ru"]["exact"]["f1"] >= floor("events_gold", "ru exact F1"), result


def test_cross_document_join(bench):
    result = bench.run_join()
    assert result["pairwise"]["p"] >= floor("events_join", "pairwise precision"), result
    assert result["pairwise"]["r"] >= floor("events_join", "pairwise recall"), result


# --- court decisions, interviews, statements, gatherings, partial dates, planned ---------


@pytest.mark.parametrize(("lang", "text", "defendant", "place"), [
    ("en", "A district court in Grodno sentenced blogger Pavel Lisitsky to five years in "
           "prison on Tuesday.", "Pavel Lisitsky", "Grodno"),
    ("ru", "Районный суд Гродно во вторник приговорил блогера Павла Лисицкого к пяти годам "
           "лишения свободы.", "Павел Лисицкий", "Гродно"),
])
def test_a_sentence_is_a_sentencing_not_a_dismissal(lang, text, defendant, place):
    evs = events(lang, text, "2023-03-15")
    assert [e.type for e in evs] == ["sentencing"]
    assert evs[0].participants == [defendant]
    assert evs[0].place == place
    assert evs[0].date == "2023-03-14"


def test_release_from_prison_is_no_dismissal():
    evs = events("ru", "Суд распорядился об освобождении из тюрьмы Ивана Петрова.")
    assert "dismissal" not in [e.type for e in evs]


@pytest.mark.parametrize(("lang", "text", "who"), [
    ("en", "In an interview with the newspaper Zvyazda, Justice Minister Oleg Slizhevsky "
           "said the ruling was lawful.", {"Oleg Slizhevsky", "Zvyazda"}),
    ("ru", "В интервью газете «Звязда» министр юстиции Олег Слижевский заявил, что решение "
           "законно.", {"Олег Слижевский", "Звязда"}),
])
def test_interview_with_its_outlet(lang, text, who):
    [ev] = events(lang, text)
    assert ev.type == "interview"
    assert set(ev.participants) == who


@pytest.mark.parametrize(("lang", "text", "who"), [
    ("en", "Lawyer Anna Rudak told reporters that the defence would appeal.", "Anna Rudak"),
    ("ru", "Адвокат Анна Рудак заявила журналистам, что защита обжалует приговор.",
     "Анна Рудак"),
])
def test_statement_to_the_press(lang, text, who):
    assert [(e.type, e.participants) for e in events(lang, text)] == [("statement", [who])]


def test_said_alone_is_no_statement():
    assert events("ru", "Анна Рудак заявила, что защита обжалует приговор.") == []


def test_a_gathering_without_named_people_is_an_event_once():
    evs = events("en", "The Forum of Regions opened in Mogilev on November 20. Governor "
                       "Irina Kovalenko spoke at the forum.", "2023-11-22")
    forums = [e for e in evs if e.type == "forum"]
    assert len(forums) == 1 and forums[0].participants == ["Irina Kovalenko"]
    [alone] = events("ru", "В 1988 году на Всесоюзной партийной конференции обсуждали "
                           "перестройку.")
    assert (alone.type, alone.participants, alone.date) == ("forum", [], "1988")


def test_partial_dates_and_an_implicit_subject():
    evs = events("ru", "Андрей Варичев родился в Москве. В апреле 2010 года подписал "
                       "контракт с агентством Ford Models.", "2020-01-01")
    [ev] = [e for e in evs if e.type == "agreement"]
    assert "Андрей Варичев" in ev.participants and ev.date == "2010-04"


def test_planned_is_exported_from_the_status():
    evs = events("en", "Russian Foreign Minister Sergei Lavrov met with his Belarusian "
                       "counterpart Vladimir Makei in Moscow on November 9. They will meet "
                       "again in Minsk on December 1.", "2022-11-10")
    assert [(e.date, e.planned) for e in evs] == [("2022-11-09", False), ("2022-12-01", True)]
