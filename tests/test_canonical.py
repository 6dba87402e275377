"""Identity across documents: transliteration keys, matching rules, corrections."""

from __future__ import annotations

from presswatch.extract.canonical import IdentityIndex, person_name
from presswatch.extract.translit import fold
from presswatch.model import Document, Entity
from presswatch.store.sqlite import SQLiteStore


def ent(name: str, type_: str = "PERSON", *aliases: str) -> Entity:
    return Entity(id="", name=name, type=type_, mentions=[(0, 1)], aliases=list(aliases))


def test_fold_spelling_variants() -> None:
    for group in (
        ["Lukashenko", "Lukashenka", "Лукашенко"],
        ["Aleksandr", "Alexander", "Александр", "Alexandr"],
        ["Yury", "Yuri", "Yuriy", "Юрий"],
        ["Andrei", "Andrey", "Андрей"],
        ["Sergei", "Sergey", "Сергей"],
        ["Dmitry", "Dmitri", "Dmitriy", "Дмитрий"],
        ["Zhukovsky", "Zhukovskiy", "Zhukovskii", "Жуковский"],
        ["Mikhail", "Mihail", "Михаил"],
        ["Yermakov", "Ermakov", "Ермаков"],
        ["Pyotr", "Petr", "Пётр"],
    ):
        assert len({fold(x) for x in group}) == 1, group


def test_person_name_orders() -> None:
    assert person_name("Лукашенко Александр Григорьевич") == person_name("Alexander Lukashenko")
    assert person_name("A. Lukashenko").first == "a"
    assert person_name("Лукашенко").first == ""


def test_cross_language_people() -> None:
    index = IdentityIndex()
    [ru] = index.resolve([ent("Александр Лукашенко")], "ru")
    [en] = index.resolve([ent("Alexander Lukashenko")], "en")
    [be] = index.resolve([ent("Aliaksandr Lukashenka")], "en")
    [bare] = index.resolve([ent("Лукашенко")], "ru")
    index.finish()
    assert ru.id == en.id == be.id == bare.id
    assert en.resolution.startswith("spelling variant of 'Alexander Lukashenko'")
    assert "only identity" in bare.resolution
    index.finish()
    assert index.get(ru.id).name == "Alexander Lukashenko"  # English display name


def test_surname_alone_is_not_forced_when_ambiguous() -> None:
    index = IdentityIndex()
    a = index.resolve([ent("Viktor Lukashenko")], "en")[0].id
    b = index.resolve([ent("Alexander Lukashenko")], "en")[0].id
    bare = index.resolve([ent("Lukashenko")], "en")[0]
    assert a != b and bare.id not in (a, b)
    assert "ambiguous" in bare.resolution or bare.resolution == "new identity"
    # a different first name is a different person
    assert index.resolve([ent("Sergei Lukashenko")], "en")[0].id not in (a, b)


def test_initial_matches_full_name() -> None:
    index = IdentityIndex()
    a = index.resolve([ent("Dmitry Peskov")], "en")[0].id
    assert index.resolve([ent("D. Peskov")], "en")[0].id == a


def test_places_and_organisations() -> None:
    index = IdentityIndex()
    pairs = [("Минск", "Minsk", "GPE"), ("Москва", "Moscow", "GPE"),
             ("Белоруссия", "Belarus", "GPE"), ("Республика Беларусь", "Belarus", "GPE"),
             ("Госдума", "State Duma", "ORG"), ("Государственная дума", "State Duma", "ORG"),
             ("ОДКБ", "CSTO", "ORG"), ("Киев", "Kyiv", "GPE"), ("Kiev", "Kyiv", "GPE")]
    for ru, en, type_ in pairs:
        [a] = index.resolve([ent(ru, type_)], "ru")
        [b] = index.resolve([ent(en, type_)], "en")
        index.finish()
        assert a.id == b.id, (ru, en)
        assert a.name == en, (ru, a.name)


def test_org_tagged_city_joins_the_place() -> None:
    index = IdentityIndex()
    city = index.resolve([ent("Minsk", "GPE")], "en")[0]
    dateline = index.resolve([ent("MINSK", "ORG")], "en")[0]
    assert dateline.id == city.id and dateline.type == "GPE"


def test_display_language_ru() -> None:
    index = IdentityIndex(display_language="ru")
    index.resolve([ent("Alexander Lukashenko")], "en")
    [ru] = index.resolve([ent("Александр Лукашенко")], "ru")
    index.finish()
    assert ru.name == "Александр Лукашенко"


def _doc(doc_id: str, language: str, *entities: Entity) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text="x" * 10, language=language,
                    entities=list(entities))


def test_index_reloads_from_store_and_follows_corrections(tmp_path) -> None:
    from presswatch.query import entities as q

    store = SQLiteStore(tmp_path / "x.db")
    index = IdentityIndex(store)
    d1 = _doc("d1", "en", *index.resolve([ent("Sergei Lapin"), ent("Minsk", "GPE")], "en"))
    d2 = _doc("d2", "ru", *index.resolve([ent("Олег Воронцов")], "ru"))
    index.finish()
    store.write_documents([d1, d2])
    lapin, voron = d1.entities[0].id, d2.entities[0].id

    # a new process sees the same identities
    again = IdentityIndex(store)
    assert again.resolve([ent("Сергей Лапин")], "ru")[0].id == lapin

    # merge, alias, rename, split: recorded and followed by later resolutions
    q.merge(store, [voron], lapin)
    assert store.find_entities(voron) == []
    [merged] = [e for e in next(iter(store.documents(["d2"]))).entities]
    assert merged.id == lapin and merged.resolution.startswith("user merge #")
    after = IdentityIndex(store)
    assert after.resolve([ent("Oleg Vorontsov")], "en")[0].id == lapin

    q.add_alias(store, lapin, "S. L.")
    q.rename(store, lapin, "Lapin (deputy minister)")
    after = IdentityIndex(store)
    [x] = after.resolve([ent("Sergey Lapin")], "en")
    after.finish()
    assert x.name == "Lapin (deputy minister)"

    r = q.split(store, lapin, "Олег Воронцов")
    assert r["documents"] == 1
    [moved] = next(iter(store.documents(["d2"]))).entities
    assert moved.id == r["new"] and moved.resolution.startswith("user split #")
    after = IdentityIndex(store)
    assert after.resolve([ent("Олег Воронцов")], "ru")[0].id == r["new"]
    assert [c["kind"] for c in store.corrections()] == ["merge", "alias", "rename", "split"]
    store.close()


def test_kept_display_names_equal_the_reference_definition() -> None:
    """The display names the index keeps up to date as aliases arrive are those
    :func:`_display` computes from all aliases (ties: the first alias seen)."""
    from presswatch.extract.canonical import _display

    for language in ("en", "ru"):
        index = IdentityIndex(display_language=language)
        docs = [
            ("ru", [ent("Александр Лукашенко", "PERSON", "Лукашенко"), ent("Минск", "GPE")]),
            ("en", [ent("Alexander Lukashenko"), ent("Minsk", "GPE"), ent("Belaz", "ORG")]),
            ("en", [ent("Aliaksandr Lukashenka"), ent("Lukashenka"), ent("BELAZ", "ORG")]),
            ("ru", [ent("Лукашенко"), ent("Белаз", "ORG"), ent("Жодино", "GPE")]),
            ("ru", [ent("Белаз", "ORG"), ent("Zhodino", "GPE"), ent("Ivan Petrov")]),
            ("en", [ent("I. Petrov"), ent("Иван Петров"), ent("Petrov")]),
        ]
        for lang, ents in docs * 2:
            index.resolve([Entity(e.id, e.name, e.type, mentions=[(0, 1)],
                                  aliases=list(e.aliases)) for e in ents], lang)
        index.finish()
        for ident in index.identities.values():
            assert index._show(ident) == _display(ident, language), ident.aliases


def test_alias_rows_follow_rewrites(tmp_path) -> None:
    """Rewriting a document takes back its alias counts; rows at zero go (only those the
    batch touched are looked at), a user's alias stays."""
    store = SQLiteStore(tmp_path / "x.db")
    index = IdentityIndex(store)
    doc = _doc("d1", "en", *index.resolve([ent("Sergei Lapin", "PERSON", "Lapin")], "en"))
    index.finish()
    store.write_documents([doc])
    lapin = doc.entities[0].id
    store.add_alias(lapin, "S. L.")
    rows = {a for _, a, _, _ in store.identity_state()["aliases"]}
    assert {"Sergei Lapin", "Lapin", "S. L."} <= rows
    doc.entities[0].aliases = ["Sergei Lapin"]
    store.write_documents([doc])
    rows = {a: n for _, a, _, n in store.identity_state()["aliases"]}
    assert rows == {"Sergei Lapin": 1, "S. L.": 0}
    store.close()


def test_store_protocol_covers_the_sqlite_entity_methods() -> None:
    import inspect

    from presswatch.store import Store

    for name in ("identity_state", "corrections", "record_correction", "entity_summaries",
                 "entity_detail", "find_entities", "entities_by_surname",
                 "documents_with_entities", "upsert_entity", "move_aliases", "add_alias",
                 "rename_entity", "delete_unused_entities"):
        proto, impl = getattr(Store, name), getattr(SQLiteStore, name)
        assert proto.__doc__, name
        assert list(inspect.signature(proto).parameters) == list(
            inspect.signature(impl).parameters), name


def test_cyrillic_city_names_without_far_away_collisions() -> None:
    """Cyrillic alternate names come from towns of the Russian-writing countries and from
    big cities elsewhere; a small far-away town's Cyrillic name ("Каама", Angola) no longer
    turns the river "Kama" into that town."""
    from presswatch.extract.canonical import gazetteer

    gaz = gazetteer()
    assert gaz.lookup("PLACE", "Kama") is None
    assert gaz.lookup("PLACE", "Витебск") == "Vitebsk"
    assert gaz.lookup("PLACE", "Париж") == "Paris"
    assert gaz.lookup("PLACE", "Нью-Йорк") == "New York City"


def test_display_name_does_not_depend_on_the_order_of_arrival() -> None:
    """Two spellings seen equally often: the same display name whichever came first."""
    names = []
    for order in (["СП-2", "СП–2"], ["СП–2", "СП-2"]):
        index = IdentityIndex(display_language="ru")
        for form in order:
            index.resolve([ent(form, "ORG")], "ru")
            index.finish()
        [e] = index.resolve([ent(order[0], "ORG")], "ru")
        index.finish()
        [again] = index.resolve([ent(order[1], "ORG")], "ru")
        index.finish()
        assert e.id == again.id
        names.append(again.name)
    assert names[0] == names[1]
