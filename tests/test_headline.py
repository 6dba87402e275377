"""Names in the headline: linked to the body's entities (``title_mentions``, offsets into
the title), an identity only the headline names kept as its own entity, Title Case
headlines trusted only where the body confirms them; through ingest and export on both
database backends."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from presswatch.extract.headline import attach_headline, is_title_case
from presswatch.extract.identity import resolve_document
from presswatch.nlp import Backend
from presswatch.pipeline.reduce import ingest
from presswatch.query import Corpus
from presswatch.store import open_store


def headline(backend: Backend, title: str, body: str):
    body_ann, title_ann = backend.annotate([body, title])
    return attach_headline(title, title_ann, resolve_document(body, body_ann).entities)


def named(ents, title: str) -> dict[str, list[str]]:
    return {e.name: [title[a:b] for a, b in e.title_mentions] for e in ents if e.title_mentions}


def test_russian_headline_names_join_the_body_in_any_case(ru: Backend) -> None:
    title = "Семёнову предложили возглавить завод в Казани"
    body = ("Совет директоров предложил Игорю Семёнову пост генерального директора. "
            "Игорь Семёнов двадцать лет работал на предприятиях Татарстана. "
            "Решение примут в Казани в понедельник.")
    ents = headline(ru, title, body)
    semenov = [e for e in ents if e.type == "PERSON" and "Семенов" in e.name]
    assert len(semenov) == 1 and semenov[0].mentions  # the body's person
    assert [title[a:b] for a, b in semenov[0].title_mentions] == ["Семёнову"]
    kazan = [e for e in ents if "Казан" in e.name]
    assert len(kazan) == 1 and [title[a:b] for a, b in kazan[0].title_mentions] == ["Казани"]


def test_a_name_only_the_headline_gives_is_an_entity_of_its_own(ru: Backend) -> None:
    title = "Норвегия закрыла границу для туристов"
    body = "Власти страны объявили, что въезд будет ограничен до конца месяца."
    ents = headline(ru, title, body)
    only = [e for e in ents if e.title_mentions and not e.mentions]
    assert [(e.name, e.type) for e in only] == [("Норвегия", "GPE")]
    assert not only[0].roles and not only[0].role_spans


def test_title_case_headline_keeps_only_what_the_body_confirms(en: Backend) -> None:
    title = "Harlan Pike Sells Riverside Stadium To Investors"
    body = ("The owner Harlan Pike agreed on Monday to sell the ground, the club said. "
            "Pike bought it in 2004.")
    assert is_title_case(title) and not is_title_case("Pike sells stadium to investors")
    ents = headline(en, title, body)
    assert all(e.mentions for e in ents)  # nothing the headline alone names
    assert named(ents, title).get("Harlan Pike") == ["Harlan Pike"]


def test_sentence_case_english_headline_adds_its_places(en: Backend) -> None:
    title = "Floods close schools across Bavaria"
    body = "Heavy rain forced dozens of schools to shut on Tuesday, officials said."
    ents = headline(en, title, body)
    assert any(e.name == "Bavaria" and not e.mentions for e in ents)


def test_no_title_or_no_annotation_changes_nothing(ru: Backend) -> None:
    body = "Игорь Семёнов возглавил завод."
    ents = resolve_document(body, ru.annotate_one(body)).entities
    assert attach_headline(None, None, ents) == ents
    assert attach_headline("Семёнов возглавил завод", None, ents) == ents
    assert all(not e.title_mentions for e in ents)


def test_headline_mentions_through_ingest_and_export(tmp_path: Path, db_target,
                                                     contract_schema: dict) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "Семёнову предложили возглавить завод в Казани\n\n"
        "Совет директоров предложил Игорю Семёнову пост генерального директора. Игорь "
        "Семёнов двадцать лет работал на предприятиях Татарстана.\n", encoding="utf-8")
    ingest([src], db_target)
    with open_store(db_target) as store:
        docs = [d.to_contract() for d in Corpus(store).documents()]
    assert len(docs) == 1
    doc = docs[0]
    jsonschema.Draft202012Validator(contract_schema).validate(json.loads(json.dumps(doc)))
    assert doc["title"] == "Семёнову предложили возглавить завод в Казани"
    assert "Семёнову предложили" not in doc["text"]
    in_title = {doc["title"][a:b]: e for e in doc["entities"]
                for a, b in e.get("title_mentions", [])}
    assert set(in_title) == {"Семёнову", "Казани"}
    assert in_title["Семёнову"]["mentions"]  # the body's person, one entity
    assert not in_title["Казани"]["mentions"]  # only the headline names the city
    people = [e for e in doc["entities"] if e["type"] == "PERSON"]
    assert len(people) == 1


def test_headline_first_word_is_no_part_of_a_name(ru: Backend) -> None:
    title = "Поп-звезда Мадонна дала концерт в Лиссабоне"
    ents = headline(ru, title, "Певица выступила перед фанатами. Мадонна исполнила новые песни.")
    assert named(ents, title).get("Мадонна") == ["Мадонна"]
    title = "Свергнутый министр покинул Лиссабон"
    ents = headline(ru, title, "Бывший глава ведомства уехал из страны в пятницу.")
    assert [title[a:b] for e in ents for a, b in e.title_mentions] == ["Лиссабон"]
