"""Quote rules of the 2026-12 round: cue vocabulary beyond "said" (lang/*/cues*.txt),
object-taking cues, multi-word cues, tags after and inside partial quotes, "according to"
after a quote, conditions inside a reported clause, speakers that are descriptions, and
writers over their outlets. Texts written for these tests."""

from __future__ import annotations

from presswatch import lang
from presswatch.extract.identity import resolve_document
from presswatch.extract.quote_lexicon import lexicon
from presswatch.extract.quotes import extract_quotes
from presswatch.model import Quote
from presswatch.nlp import backend_for
from tests.quote_checks import assert_quoted_words

INTRO = "Jan Novak met Petr Svoboda in Prague on Monday.\n\n"
RU_INTRO = "Ян Новак встретился с Петром Свободой в Праге в понедельник.\n\n"


def run(text: str, lang_code: str = "en") -> list[Quote]:
    ann = next(backend_for(lang_code).annotate([text]))
    quotes = extract_quotes(text, ann, resolve_document(text, ann))
    for q in quotes:
        assert_quoted_words(text, q)
        if q.speaker_span is not None:
            assert text[q.speaker_span[0]:q.speaker_span[1]] == q.speaker_text
    return quotes


def one(quotes: list[Quote], part: str) -> Quote:
    found = [q for q in quotes if part in q.text]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


def test_cue_lists_are_language_data() -> None:
    for code in ("en", "ru"):
        for name in ("cues", "cues_object", "content_preps", "cue_multiword",
                     "conditional_marks", "correspondent_nouns"):
            assert name in lang.available(code), (code, name)
    en, ru = lexicon("en"), lexicon("ru")
    assert en.is_cue("confide", "confided") and en.is_cue("warn", "warned")
    assert en.is_cue("call", "called") and en.preps_for("push", "pushed") == {"for"}
    assert ru.is_cue("говорить", "говорит") and ru.is_cue("признаться", "признался")
    assert ru.is_cue("подчеркнуть", "подчеркнул") and ru.is_cue("считать", "считает")
    assert not en.is_cue("eat", "ate") and not ru.is_cue("есть", "ел")


def test_reporting_verbs_beyond_said() -> None:
    text = INTRO + ("Mr Novak has confided to friends that he will not run again. "
                    "Svoboda denied that the army had been deployed. "
                    "Novak insisted that the budget was sound.\n")
    qs = run(text)
    assert one(qs, "not run again").cue == "confided"
    assert one(qs, "army had been").speaker == "Petr Svoboda"
    assert one(qs, "budget was sound").cue == "insisted"


def test_russian_reporting_verbs() -> None:
    text = RU_INTRO + ("Новак говорит, что переговоры продолжатся. Свобода подчеркнул, что "
                       "решение уже принято. Новак считает, что рубль укрепится.\n")
    qs = run(text, "ru")
    assert [q.cue for q in qs] == ["говорит", "подчеркнул", "считает"]
    assert one(qs, "переговоры").speaker_text == "Новак"
    assert one(qs, "решение").speaker_text == "Свобода"


def test_let_it_be_known_takes_the_subject_of_let() -> None:
    qs = run(INTRO + "Novak let it be known that he would not run again.\n")
    q = one(qs, "not run again")
    assert q.cue == "let it be known" and q.speaker == "Jan Novak"
    assert q.speaker_text == "Novak"


def test_object_cues_give_what_was_called_for_or_promised() -> None:
    text = INTRO + ("Novak called for an immediate review of the rail contracts. "
                    "Svoboda pledged to cut taxes for small firms. "
                    "Novak praised the talks.\n")
    qs = run(text)
    q = one(qs, "review of the rail")
    assert q.kind == "indirect" and q.cue == "called" and q.speaker == "Jan Novak"
    assert q.text == "for an immediate review of the rail contracts"
    assert one(qs, "cut taxes").speaker == "Petr Svoboda"
    assert not [q for q in qs if q.text == "the talks"]  # two words of object: no quote


def test_russian_object_cues() -> None:
    text = RU_INTRO + ("Новак призвал стороны к немедленному прекращению огня. "
                       "Свобода выступил против повышения пенсионного возраста. "
                       "Новак выступил в парламенте во вторник.\n")
    qs = run(text, "ru")
    assert one(qs, "прекращению огня").cue == "призвал"
    assert one(qs, "пенсионного").text == "против повышения пенсионного возраста"
    assert not [q for q in qs if "парламенте" in q.text]  # a place is not what is said


def test_tag_after_a_partial_quote_keeps_the_mark_and_the_speaker() -> None:
    qs = run(INTRO + 'The talks were "very hard", says Mr Novak, "but useful".\n')
    first = one(qs, "very hard")
    assert first.text == 'The talks were "very hard"'
    assert first.speaker == "Jan Novak" and first.speaker_text == "Mr Novak"
    assert one(qs, "but useful").speaker == "Jan Novak"


def test_according_to_after_a_quote() -> None:
    qs = run(INTRO + '"This is not a compromise, it is a surrender," according to Novak.\n')
    q = one(qs, "surrender")
    assert q.kind == "direct" and q.cue == "according to" and q.speaker == "Jan Novak"
    qs = run(RU_INTRO + "«Это не компромисс, а капитуляция», по его словам.\n", "ru")
    q = one(qs, "капитуляция")
    assert q.kind == "direct" and q.cue == "по его словам" and q.speaker_text == "его"


def test_condition_inside_a_reported_clause_is_kept() -> None:
    q = one(run(INTRO + "Novak said that if the plan fails, he will resign.\n"), "resign")
    assert q.text == "if the plan fails, he will resign"
    q = one(run(INTRO + "Novak asked if the plan would fail.\n"), "plan would fail")
    assert q.text == "the plan would fail"  # "asked if": the complementiser goes
    text = RU_INTRO + "Новак отметил, что если Запад не изменит позицию, то Прага ответит.\n"
    q = one(run(text, "ru"), "Запад")
    assert q.text == "если Запад не изменит позицию, то Прага ответит"


def test_someone_elses_title_is_not_the_person_before() -> None:
    qs = run(INTRO + "Svoboda's spokesman said the plan would fail.\n")
    q = one(qs, "plan would fail")
    assert q.speaker is None and q.speaker_text == "Svoboda's spokesman"
    qs = run(INTRO + "A senior official said the plan would fail.\n")
    q = one(qs, "plan would fail")
    assert q.speaker is None and q.speaker_text == "A senior official"


def test_description_only_source_is_named_in_speaker_text() -> None:
    text = INTRO + "The head of state said the deal was good. The newspaper reported that " \
        "the deal was signed.\n"
    qs = run(text)
    assert one(qs, "deal was good").speaker_text == "The head of state"
    q = one(qs, "was signed")
    assert q.speaker is None and q.speaker_text == "The newspaper"


def test_correspondent_over_the_outlet() -> None:
    text = ("Talks stalled in Geneva on Monday.\n\nSarah Rainsford, the BBC's correspondent "
            "in Moscow, said the Kremlin was unlikely to budge. The Guardian's correspondent "
            "said the talks would resume.\n")
    qs = run(text)
    assert one(qs, "Kremlin").speaker == "Sarah Rainsford"
    q = one(qs, "resume")
    assert q.speaker is None and q.speaker_text == "The Guardian's correspondent"
    text = ("Talks stalled in Geneva on Monday.\n\nThe Kremlin is unlikely to budge, said the "
            "BBC's Moscow correspondent, Sarah Rainsford.\n")
    assert one(run(text), "Kremlin").speaker == "Sarah Rainsford"


def test_multiword_cue_gives_what_follows_it() -> None:
    q = one(run(INTRO + "Novak made it clear that he would not run again.\n"), "run again")
    assert q.cue == "made it clear" and q.text == "he would not run again"
    text = INTRO + ("As a city memo put it, the primary requirement is a \"lawful source of "
                    "income,\" and nothing else.\n")
    q = one(run(text), "primary requirement")
    assert q.cue == "put it" and q.speaker_text == "a city memo"


def test_as_x_said_gives_the_host_clause() -> None:
    q = one(run(INTRO + "As Novak said on Monday, the plan will fail.\n"), "plan will fail")
    assert q.text == "the plan will fail" and q.speaker == "Jan Novak" and q.cue == "said"
    q = one(run(RU_INTRO + "Как рассказал Новак, встреча прошла хорошо.\n", "ru"), "встреча")
    assert q.text == "встреча прошла хорошо" and q.cue == "рассказал"


def test_inside_out_parse_keeps_the_reported_clause() -> None:
    text = INTRO + ("The mayor continues to insist, most recently in an interview with a local "
                    "radio station, that he really, really wants to release the files.\n")
    q = one(run(text), "release the files")
    assert q.cue == "insist" and q.text.startswith("he really, really wants")


def test_double_apostrophes_and_a_closing_mark_at_a_paragraph_start() -> None:
    text = INTRO + "He said, ''These are the stories that nobody knows,'' and left.\n"
    q = one(run(text), "stories")
    assert q.kind == "direct" and q.text == "These are the stories that nobody knows"
    assert q.speaker == "Jan Novak"
    text = INTRO + ("”Mr. Novak embodies the old city. He represents our greatest hope.” "
                    "― Sonya Herridge\n")
    q = one(run(text), "greatest hope")
    assert q.kind == "direct" and q.speaker_text == "Sonya Herridge"


def test_passive_cue_with_an_agent() -> None:
    qs = run(INTRO + "The new budget plan was criticized by Novak and his allies.\n")
    q = one(qs, "budget plan")
    assert q.text == "The new budget plan" and q.speaker == "Jan Novak"
    assert not run(INTRO + "The new budget plan was criticized on Monday.\n")
