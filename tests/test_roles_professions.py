"""Occupations as roles (lang/*/professions.txt) and the Russian role-phrase rules:
case agreement between a title and its name, titles shared by a list of names, listed
titles, a dash or a copula before the title."""

from __future__ import annotations

import pytest

from presswatch.extract.identity import DocumentIdentities, resolve_document
from presswatch.extract.roles import en_profession, ru_profession
from presswatch.model import Entity
from presswatch.nlp import Backend


def resolve(backend: Backend, text: str) -> DocumentIdentities:
    return resolve_document(text, next(iter(backend.annotate([text]))))


def roles_of(ids: DocumentIdentities, surname: str) -> list[str]:
    found: list[Entity] = [e for e in ids.entities if e.type == "PERSON"
                           and any(surname in ids.text[s:t] for s, t in e.mentions)]
    assert found, [e.name for e in ids.entities]
    return [r for e in found for r in e.roles]


@pytest.mark.parametrize(("word", "lemma"), [
    ("музыкантами", "музыкант"), ("певицы", "певица"), ("писателем", "писатель"),
    ("певцом", "певец"), ("хип-хоп-исполнителю", "исполнитель"), ("футболиста", "футболист"),
    ("судья", "судья"), ("полковника", "полковник"), ("журналистке", "журналистка"),
])
def test_ru_profession_reads_inflected_forms(word: str, lemma: str) -> None:
    assert ru_profession(word) == lemma


@pytest.mark.parametrize("word", ["критика", "дом", "заявил", "москва", "стол"])
def test_ru_profession_rejects_other_words(word: str) -> None:
    assert ru_profession(word) is None


def test_en_profession_singular_and_plural() -> None:
    assert en_profession("journalists") == "journalist"
    assert en_profession("pianist") == "pianist"
    assert en_profession("yesterday") is None


def test_ru_occupation_before_a_name(ru: Backend) -> None:
    ids = resolve(ru, "Вчера в Москве выступил пианист Евгений Кисин.")
    assert "пианист" in roles_of(ids, "Кисин")


def test_ru_title_agrees_with_its_name_in_case(ru: Backend) -> None:
    ids = resolve(ru, "Об этом сообщил адвокат Александра Кокорина Игорь Бушманов.")
    assert not any("адвокат" in r for r in roles_of(ids, "Кокорин"))
    ids = resolve(ru, "Это сказал Джо Локхарт, пресс-секретарь экс-президента США "
                      "Билла Клинтона.")
    assert not any("пресс-секретарь" in r for r in roles_of(ids, "Клинтон"))


def test_ru_plural_title_over_a_list_of_names(ru: Backend) -> None:
    ids = resolve(ru, "На концерте выступили музыканты Юрий Царёв, Алексей Борисов и "
                      "Павел Шевелёв.")
    for name in ("Царёв", "Борисов", "Шевел"):
        assert any("музыкант" in r for r in roles_of(ids, name)), name


def test_ru_listed_titles_before_a_name(ru: Backend) -> None:
    ids = resolve(ru, "Писатель, поэт и журналист Дмитрий Быков родился в Москве.")
    roles = roles_of(ids, "Быков")
    for title in ("писатель", "поэт", "журналист"):
        assert any(title in r.lower() for r in roles), roles


def test_ru_title_after_a_dash_and_after_a_copula(ru: Backend) -> None:
    ids = resolve(ru, "Андрей Варичев — российский менеджер и предприниматель.")
    assert any("менеджер" in r for r in roles_of(ids, "Варичев"))
    ids = resolve(ru, "В молодости Иван Петров работал журналистом.")
    assert any("журналист" in r for r in roles_of(ids, "Петров"))
    ids = resolve(ru, "Тогда Иван Петров был министром финансов.")
    assert any("министр" in r for r in roles_of(ids, "Петров"))


def test_en_occupation_before_a_name(en: Backend) -> None:
    ids = resolve(en, "The concert was opened by pianist Evgeny Kissin on Monday.")
    assert "pianist" in roles_of(ids, "Kissin")
