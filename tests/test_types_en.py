"""English entity spans and types from the document's own evidence (extract/types_en.py)."""

from __future__ import annotations

from dataclasses import dataclass

from presswatch.extract.canonical import IdentityIndex
from presswatch.extract.entities import extract_entities
from presswatch.extract.types_en import (
    country_name,
    cut_at_dash,
    majority_types,
    non_person_type,
    retype_non_persons,
    split_caps_edge,
)
from presswatch.model import Annotation, Entity, Span


@dataclass
class M:
    start: int
    end: int
    type: str
    name: str
    surface: str = ""
    note: str = ""


@dataclass
class T:
    start: int
    end: int
    low: str
    pos: str


def test_byline_run_into_dateline_splits() -> None:
    text = "Ramthan Hussain SINGAPORE 1996-12-06 Singapore said"
    assert split_caps_edge(text, 0, 25) == [(0, 15, "PERSON"), (16, 25, "GPE")]
    # a surname in capitals, or capitals that are no known place, stay in the name
    assert split_caps_edge("Jean-Marie LE PEN", 0, 17) is None
    assert split_caps_edge("John Smith III", 0, 14) is None
    assert split_caps_edge("Putin", 0, 5) is None


def test_headline_label_cut_at_spaced_dash() -> None:
    text = "FEATURE - Singapore pins hopes"
    assert cut_at_dash(text, 0, 19) == (10, 19)
    assert cut_at_dash("Guinea-Bissau", 0, 13) == (0, 13)


def test_majority_type_and_countries() -> None:
    ms = [M(0, 1, "ORG", "Liverpool"), M(2, 3, "ORG", "Liverpool"),
          M(4, 5, "GPE", "Liverpool"), M(6, 7, "ORG", "Liverpool")]
    majority_types(ms)
    assert {m.type for m in ms} == {"ORG"}
    # a country tagged ORG is a place, and a majority of ORG does not make it one
    cs = [M(0, 1, "ORG", "Moldova"), M(2, 3, "ORG", "Moldova"), M(4, 5, "GPE", "Moldova")]
    majority_types(cs)
    assert {m.type for m in cs} == {"GPE"}
    assert country_name("United  Kingdom") and not country_name("Liverpool")
    # a tie, or a name typed PERSON somewhere, is left alone
    tie = [M(0, 1, "ORG", "Nice"), M(2, 3, "GPE", "Nice")]
    majority_types(tie)
    assert [m.type for m in tie] == ["ORG", "GPE"]
    held = [M(0, 1, "ORG", "Ford"), M(2, 3, "ORG", "Ford"), M(4, 5, "PERSON", "Ford")]
    majority_types(held)
    assert [m.type for m in held] == ["ORG", "ORG", "PERSON"]


def test_company_product_and_event_words_are_no_person() -> None:
    assert non_person_type("Gazprom Neft") == "ORG"
    assert non_person_type("Nord Stream") == "OTHER"
    assert non_person_type("Cingular Wireless") == "ORG"
    assert non_person_type("MSN Messenger") == "OTHER"
    assert non_person_type("Interactive Awards") == "EVENT"
    assert non_person_type("iPhone") == "OTHER"
    assert non_person_type("PayPal") == "ORG"
    for name in ("Ronald McDonald", "Delino DeShields", "Ghazi al-Gosaibi", "Sean O'Neill",
                 "Angela Merkel"):
        assert non_person_type(name) is None, name


def test_one_word_name_before_company_noun_is_an_org() -> None:
    # "Altria shares rose . Altria said ..." ; "Ford" has a full name: a person
    ms = [M(0, 6, "PERSON", "Altria", "Altria"), M(20, 26, "PERSON", "Altria", "Altria"),
          M(40, 51, "PERSON", "Henry Ford", "Henry Ford"), M(60, 64, "PERSON", "Ford", "Ford")]
    toks = [T(7, 13, "shares", "NOUN"), T(65, 71, "shares", "NOUN")]
    retype_non_persons(ms, toks)
    assert [m.type for m in ms] == ["ORG", "ORG", "PERSON", "PERSON"]
    # "shares" as a verb says nothing
    vs = [M(0, 5, "PERSON", "Smith", "Smith")]
    retype_non_persons(vs, [T(6, 12, "shares", "VERB")])
    assert vs[0].type == "PERSON"


def _ann(text: str, spans: list[tuple[str, str]]) -> Annotation:
    out, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        out.append(Span(start, start + len(surface), label, surface))
        pos = start + 1
    return Annotation("en", [(0, len(text))], out)


def test_document_level_types_through_extract_entities() -> None:
    text = ("Ramthan Hussain SINGAPORE 1996-12-06 Singapore wants freer trade. Singapore "
            "hosts the meeting. Gazprom Neft said Singapore was calm.")
    ann = _ann(text, [("Ramthan Hussain SINGAPORE", "PERSON"), ("Singapore", "GPE"),
                      ("Singapore", "GPE"), ("Gazprom Neft", "PERSON"), ("Singapore", "GPE")])
    ents = {e.name: e for e in extract_entities(text, ann)}
    assert ents["Ramthan Hussain"].type == "PERSON"
    assert ents["Gazprom Neft"].type == "ORG"
    places = [e for e in ents.values() if e.type == "GPE"]
    assert len(places) == 1 and len(places[0].mentions) == 4


def ent(name: str, type_: str) -> Entity:
    return Entity(id="", name=name, type=type_, mentions=[(0, len(name))], aliases=[name])


def test_gazetteer_overrules_english_org_only_in_capitals() -> None:
    index = IdentityIndex()
    [club] = index.resolve([ent("Liverpool", "ORG")], "en")
    assert club.type == "ORG"
    [dateline] = index.resolve([ent("LONDON", "ORG")], "en")
    assert dateline.type == "GPE"


def test_first_word_of_a_full_name_alone_is_the_person() -> None:
    text = "Dissident Wang Donghai was held. Police said Wang was arrested. Wang is ill."
    ann = _ann(text, [("Wang Donghai", "PERSON"), ("Wang", "ORG"), ("Wang", "ORG")])
    [person] = extract_entities(text, ann)
    assert person.type == "PERSON" and len(person.mentions) == 3
    # a country is no first name: "Jordan" stays a place beside "Jordan Henderson"
    text = "Jordan Henderson scored. Jordan beat Iraq."
    ann = _ann(text, [("Jordan Henderson", "PERSON"), ("Jordan", "GPE"), ("Iraq", "GPE")])
    types = {e.name: e.type for e in extract_entities(text, ann)}
    assert types["Jordan"] == "GPE"


def test_titles_before_a_name_are_cut() -> None:
    from presswatch.extract.types_en import strip_titles

    for span, name in [("General Kutuzov", "Kutuzov"), ("Belgian King Baudouin", "Baudouin"),
                       ("Former President Bill Clinton", "Bill Clinton"),
                       ("John Major", "John Major"), ("King", "King")]:
        assert span[strip_titles(span, 0, len(span)):] == name


def test_org_tagged_name_in_a_place_context_is_a_place() -> None:
    from presswatch.extract.types_en import locative_places

    ms = [M(20, 25, "ORG", "Arbil", "Arbil"), M(40, 49, "ORG", "Barcelona", "Barcelona"),
          M(60, 66, "ORG", "Zorbex", "Zorbex"), M(80, 89, "ORG", "Barcelona", "Barcelona")]
    toks = [T(8, 12, "town", "NOUN"), T(16, 18, "of", "ADP"), T(20, 25, "arbil", "PROPN"),
            T(37, 39, "in", "ADP"), T(40, 49, "barcelona", "PROPN"),
            T(57, 59, "in", "ADP"), T(60, 66, "zorbex", "PROPN"),
            T(75, 79, "beat", "VERB"), T(80, 89, "barcelona", "PROPN"), T(90, 91, "2", "NUM")]
    locative_places(ms, toks)
    # "town of Arbil", "in Barcelona" (known place) are places; an unknown name after
    # "in" and the club "Barcelona 2" elsewhere keep ORG
    assert [m.type for m in ms] == ["GPE", "GPE", "ORG", "ORG"]
    # with no mention acting as a team or a company, the place's other mentions follow
    ms = [M(40, 49, "ORG", "Barcelona", "Barcelona"), M(80, 89, "ORG", "Barcelona", "Barcelona")]
    locative_places(ms, [*toks[3:8], T(90, 94, "said", "VERB")])
    assert [m.type for m in ms] == ["GPE", "GPE"]


def test_company_evidence_covers_its_full_name_and_its_org_mentions() -> None:
    text = ("Pernod Ricard bid on Monday. Pernod shares rose. Pernod said the bid stood. "
            "UFJ Holdings gained. UFJ said so.")
    ann = _ann(text, [("Pernod Ricard", "PERSON"), ("Pernod", "ORG"), ("Pernod", "PERSON"),
                      ("UFJ Holdings", "PERSON"), ("UFJ", "GPE")])
    types = {}
    for e in extract_entities(text, ann):
        types.setdefault(e.name, set()).add(e.type)
    assert "PERSON" not in {t for ts in types.values() for t in ts}, types


def test_region_name_tagged_org_is_a_place() -> None:
    from presswatch.extract.types_en import locative_places

    ms = [M(0, 15, "ORG", "Smolensk Region", "Smolensk Region"),
          M(20, 34, "ORG", "Regional Party", "Regional Party")]
    locative_places(ms, [])
    assert [m.type for m in ms] == ["GPE", "ORG"]


def test_full_name_tagged_org_twice_is_a_person_with_its_surname_tagged() -> None:
    text = ("Irina Kovalenko opened the hub. Irina Kovalenko said it cost $85 million. "
            "Kovalenko added more.")
    ann = _ann(text, [("Irina Kovalenko", "ORG"), ("Irina Kovalenko", "ORG"),
                      ("Kovalenko added", "PERSON")])
    ann.entities[-1] = Span(ann.entities[-1].start, ann.entities[-1].start + 9, "PERSON",
                            "Kovalenko")
    [person] = extract_entities(text, ann)
    assert person.type == "PERSON" and {(0, 15), (32, 47)} <= set(person.mentions)
