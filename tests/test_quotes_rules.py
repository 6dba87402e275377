"""Quote rules of the 2026-11 round (extract/quotes.py): quoted words inside a sentence,
subjects never taken from inside a quote, inline speaker labels, names in marks, colon
introductions, relative and passive subjects. Texts written for these tests."""

from __future__ import annotations

from presswatch.extract.identity import resolve_document
from presswatch.extract.quotes import extract_quotes
from presswatch.model import Quote
from presswatch.nlp import backend_for
from tests.quote_checks import assert_quoted_words


def run(text: str, lang: str = "en") -> list[Quote]:
    ann = next(backend_for(lang).annotate([text]))
    quotes = extract_quotes(text, ann, resolve_document(text, ann))
    for q in quotes:
        assert_quoted_words(text, q)
    return quotes


def test_quoted_words_in_a_reported_clause_take_its_cue() -> None:
    # the words are the complement of "said" before them, not of "warned" after them
    text = ("Senator Laura Brennan met the farmers in Topeka on Monday.\n\n"
            "Laura Brennan said the tariff plan was “a slow disaster” for growers, and the "
            "agriculture secretary warned that prices would fall.\n")
    qs = run(text)
    q = next(q for q in qs if "slow disaster" in q.text)
    assert q.speaker == "Laura Brennan" and q.cue == "said"
    assert q.kind == "indirect" and q.text.startswith("the tariff plan was")


def test_quoted_words_as_an_object_give_one_quote() -> None:
    text = ("Governor Tom Walsh spoke in Dayton.\n\n"
            "Tom Walsh called the new budget a “reckless gamble” and a “betrayal of "
            "taxpayers” during the rally.\n")
    qs = [q for q in run(text) if "gamble" in q.text or "betrayal" in q.text]
    assert len(qs) == 1
    assert qs[0].speaker == "Tom Walsh" and qs[0].cue == "called"
    assert "reckless gamble" in qs[0].text and "betrayal" in qs[0].text


def test_names_in_marks_inside_a_sentence_are_not_quotes() -> None:
    text = ("“We will keep the plant open,” Mayor Dana Ortiz said on NBC’s “Meet the "
            "Press.”\n\nShe spoke before the “Great Lakes Forum” opened in Toledo.\n")
    qs = run(text)
    assert [q.text for q in qs] == ["We will keep the plant open"]
    assert qs[0].speaker == "Dana Ortiz"


def test_cue_without_a_subject_gives_way_to_the_one_before() -> None:
    # "suggesting" hangs on a verb inside the quote: its subject is not searched there,
    # and the attribution falls back to "Baxter said"
    text = ("“We do not agree with him,” Baxter said, suggesting a few questions, including, "
            "“Mr. Mayor, do you really think we need this?”\n")
    qs = run(text)
    assert len(qs) == 2 and all(q.speaker == "Baxter" for q in qs)


def test_inline_transcript_labels() -> None:
    text = ("Interview with the candidates.\n\n"
            "MORGAN: Will you raise taxes on the middle class?\n\n"
            "HAYES: No. I will cut them, and I have said so for a year.\n\n"
            "MORGAN: Then how will you pay for the new bridges?\n\n"
            "HAYES: We will close loopholes for the largest companies.\n")
    qs = run(text)
    assert [q.speaker for q in qs] == ["Morgan", "Hayes", "Morgan", "Hayes"]
    assert qs[1].text.startswith("No. I will cut them")
    assert all(q.kind == "transcript" and q.cue and q.cue.endswith(":") for q in qs)


def test_inline_label_inside_a_quoted_paragraph() -> None:
    text = ("Senator Ann Kowalski was asked about the budget.\n\n"
            "“KOWALSKI: We will not vote for a budget that cuts schools.\n\n"
            "“KOWALSKI: And we will say so on the floor tomorrow.\n")
    qs = run(text)
    assert qs and all(q.speaker == "Ann Kowalski" for q in qs)
    assert qs[0].text.startswith("We will not vote")


def test_headline_label_is_the_speakers_claim() -> None:
    text = ("Vladimir Putin: Russia will answer the new sanctions.\n\n"
            "Vladimir Putin spoke in Moscow on Friday about the measures.\n")
    qs = run(text)
    assert qs and qs[0].speaker == "Vladimir Putin"
    assert qs[0].text == "Russia will answer the new sanctions."


def test_russian_headline_label() -> None:
    text = ("Сергей Лавров: Москва ответит на новые санкции.\n\n"
            "Министр иностранных дел Сергей Лавров выступил в Москве в пятницу.\n")
    qs = run(text, "ru")
    assert qs and qs[0].speaker == "Сергей Лавров"
    assert qs[0].text.startswith("Москва ответит")


def test_russian_colon_introduces_unquoted_speech() -> None:
    text = ("Министр обороны Сергей Шойгу недавно сказал так: армия будет готова к любым "
            "испытаниям.\n")
    qs = run(text, "ru")
    assert qs and qs[0].speaker == "Сергей Шойгу"
    assert qs[0].text.startswith("армия будет готова")


def test_who_resolves_to_its_antecedent() -> None:
    text = ("Anna Berg opened the hearing in Boise, and Anna Berg said the bill was weak. "
            "It was defended by Victor Hale, who argued that the money is there.\n")
    q = next(q for q in run(text) if q.cue == "argued")
    assert q.speaker == "Victor Hale"


def test_passive_cue_with_an_agent() -> None:
    text = ("The poem was read at the funeral.\n\n"
            "“Do not stand at my grave and weep” was written by Mary Frye in the 1930s.\n")
    qs = run(text)
    assert qs and qs[0].speaker == "Mary Frye"


def test_participle_cue_takes_the_subject_of_its_clause() -> None:
    text = ("Senator Joan Pike spoke at the rally in Reno.\n\n"
            "Joan Pike thanked the crowd before asking, “Who will fix these roads if we "
            "don’t?”\n")
    qs = run(text)
    assert qs and qs[0].speaker == "Joan Pike"
