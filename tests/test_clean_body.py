"""Body extraction: boilerplate goes, article paragraphs stay (English and Russian)."""

from __future__ import annotations

from presswatch.clean import clean
from presswatch.clean.body import clean_body, corpus_candidate, line_key, split_units
from presswatch.model import RawItem

EN_PAGE = """ date 2021-03-04 Economy

Ukraine and Poland agree on a new grain corridor

Photo of Jane Roe Jane Roe Send an email 12 mins ago
4 minutes read
\u00a0 Facebook \u00a0 Telegram \u00a0 Copy link \u00a0 Print




KYIV, March 4 – Interfax. Ukraine and Poland agreed on Thursday to open a grain corridor \
through the port of Gdansk, the agriculture ministry said.
The corridor will carry up to two million tonnes a year.

“This is a practical step that both of our farmers have waited for,” the minister said. \
the official noted. Poland.
09:12

Hungary extends its ban on Ukrainian wheat imports

Rail operators will add forty wagons a day to the route, according to the ministry.

Logistics on the western border

The border crossings at Dorohusk and Yahodyn will get extra customs staff.

Mykola Solsky, Minister of Agrarian Policy:

We expect the first trains to leave next week and we will report on the volumes every month.
March 2, 18:20Council of Ministers of Ukraine

Cabinet approves new rules for export licences

Exporters welcomed the decision and said costs would fall.

Translation by KX17

Disclaimer: Via Interfax – Checked

\u00a0 Facebook \u00a0 Telegram \u00a0 Copy link \u00a0 Print

Tags
Related Articles

Farmers in Volyn report record rapeseed harvest

3 hours ago

Adblock Detected.

Please disable your AdBlock to read free content.
"""

RU_PAGE = """Опубликовано: 12.03.2021 09:30

Политика

Беларусь и Казахстан подписали соглашение о поставках удобрений

Фото: Иван Петров
5 мин чтения
2 часа назад

Минск, 12 марта /БЕЛТА/. Беларусь и Казахстан подписали соглашение о поставках калийных \
удобрений на пять лет, сообщили в министерстве промышленности.

Объем поставок составит до 300 тысяч тонн в год.
16 марта, 11:47

Казахстан запускает новый терминал в Актау

«Мы рассчитываем на долгосрочное сотрудничество», — отметил министр.

Соглашение вступит в силу после ратификации.

Перевод: Анна Смирнова

Читайте также

В Гомеле открылся новый логистический центр

Отключите AdBlock, чтобы читать сайт бесплатно.
"""

EN_GONE = [
    "Economy",
    "Photo of Jane Roe",
    "4 minutes read",
    "Facebook",
    "09:12",
    "Hungary extends its ban on Ukrainian wheat imports",
    "March 2, 18:20",
    "Council of Ministers of Ukraine",
    "Cabinet approves new rules for export licences",
    "Translation by KX17",
    "Disclaimer",
    "Tags",
    "Related Articles",
    "Farmers in Volyn",
    "3 hours ago",
    "Adblock",
    "AdBlock",
    "date 2021-03-04",
]
EN_KEPT = [
    "KYIV, March 4 – Interfax. Ukraine and Poland agreed on Thursday",
    "The corridor will carry up to two million tonnes a year.",
    "the minister said. the official noted. Poland.",
    "Rail operators will add forty wagons a day",
    "Logistics on the western border",  # a subheading, no timestamp before it
    "Mykola Solsky, Minister of Agrarian Policy:",  # a transcript speaker label
    "We expect the first trains to leave next week",
    "Exporters welcomed the decision and said costs would fall.",
]
RU_GONE = [
    "Опубликовано",
    "Политика",
    "Фото: Иван Петров",
    "5 мин чтения",
    "2 часа назад",
    "16 марта, 11:47",
    "Казахстан запускает новый терминал в Актау",
    "Перевод: Анна Смирнова",
    "Читайте также",
    "В Гомеле открылся",
    "Отключите AdBlock",
]
RU_KEPT = [
    "Минск, 12 марта /БЕЛТА/. Беларусь и Казахстан подписали соглашение",
    "Объем поставок составит до 300 тысяч тонн в год.",
    "«Мы рассчитываем на долгосрочное сотрудничество», — отметил министр.",
    "Соглашение вступит в силу после ратификации.",
]


def test_english_page_loses_boilerplate_and_keeps_body() -> None:
    body = clean_body(EN_PAGE)
    for line in EN_GONE:
        assert line not in body.text, line
    for line in EN_KEPT:
        assert line in body.text, line
    assert body.title == "Ukraine and Poland agree on a new grain corridor"
    assert body.title not in body.text


def test_russian_page_loses_boilerplate_and_keeps_body() -> None:
    body = clean_body(RU_PAGE)
    for line in RU_GONE:
        assert line not in body.text, line
    for line in RU_KEPT:
        assert line in body.text, line
    assert body.title == "Беларусь и Казахстан подписали соглашение о поставках удобрений"


def test_paragraphs_separated_by_blank_lines_and_trimmed() -> None:
    text = clean(RawItem(source="x", text=EN_PAGE)).text
    assert text == text.strip()
    assert "\n\n" in text
    assert "\n\n\n" not in text
    assert all(p == p.strip() and p for p in text.split("\n\n"))


def test_header_lead_sentence_stays_as_first_paragraph() -> None:
    raw = (
        " date 2020-07-01 The city council approved the new budget on Wednesday."
        "\n\nMore text follows here today."
    )
    body = clean_body(raw)
    assert body.paragraphs[0] == "The city council approved the new budget on Wednesday."
    assert body.title is None


def test_corpus_repeated_lines_are_dropped_but_prose_is_not() -> None:
    raw = (
        "Grodno gets a new bridge\n\nSubscribe to Grodno Daily\n\n"
        "The bridge over the Neman opened on Monday after two years of work.\n\n"
        "Grodno Daily newsroom\n"
    )
    repeated = {line_key("Grodno Daily newsroom"), line_key("The bridge over the Neman opened")}
    body = clean_body(raw, repeated=repeated)
    assert "Grodno Daily newsroom" not in body.text
    assert "The bridge over the Neman opened on Monday" in body.text


def test_lines_repeated_within_document_are_dropped() -> None:
    raw = (
        "Tallinn port traffic grows\n\nLatest | World | Business\n\n"
        "Cargo volumes at the port of Tallinn grew by six percent in May, the port said.\n\n"
        "Container traffic rose fastest, while bulk cargo was flat over the month.\n\n"
        "Latest | World | Business\n"
    )
    body = clean_body(raw)
    assert "Latest" not in body.text
    assert len(body.paragraphs) == 2


def test_speaker_labels_repeated_in_a_transcript_stay() -> None:
    raw = (
        "Ilham Aliyev, President of Azerbaijan:\n\nWe will open the new route this year.\n\n"
        "Ilham Aliyev, President of Azerbaijan:\n\nThe talks were useful for both sides.\n"
    )
    assert clean_body(raw).text.count("Ilham Aliyev, President of Azerbaijan:") == 2


def test_mid_body_read_also_drops_only_the_teaser() -> None:
    raw = (
        "The regional parliament met on Tuesday to discuss the water supply plan.\n\n"
        "Read also:\n\nFloods hit three districts in the south\n\n"
        "Deputies voted for the plan after a long debate in the chamber.\n\n"
        "The plan will be funded from the regional budget and federal grants.\n\n"
        "The first pipes will be laid in the spring, officials said on Tuesday.\n"
    )
    body = clean_body(raw)
    assert "Floods hit" not in body.text
    assert "Read also" not in body.text
    assert "The first pipes will be laid" in body.text
    assert len(body.paragraphs) == 4


def test_question_headline_is_the_title() -> None:
    raw = (
        "Can the league survive a second lockdown?\n\n"
        "Clubs lost a third of their income last season, figures show.\n"
    )
    body = clean_body(raw)
    assert body.title == "Can the league survive a second lockdown?"
    assert body.text.startswith("Clubs lost")


def test_hard_wrapped_text_is_unwrapped_into_paragraphs() -> None:
    raw = (
        "OSLO, May 3 - The central bank left its key rate unchanged on\n"
        "Thursday, as expected by most analysts polled in the week before\n"
        "the decision, and said it saw no reason to move before autumn.\n"
        "    The governor said inflation had slowed more quickly than the\n"
        "bank had forecast in March, helped by lower electricity prices\n"
        "and a stronger crown against the euro over the spring months.\n"
        " Reuter\n"
    )
    body = clean_body(raw)
    assert len(body.paragraphs) == 2
    assert body.paragraphs[0].startswith(
        "OSLO, May 3 - The central bank left its key rate unchanged on Thursday,"
    )
    assert "Reuter" not in body.text
    assert body.signoff == "Reuters"


def test_split_units_normalises_spaces() -> None:
    units = split_units("a\u00a0 b\r\n\r\nc\u200bd")
    assert [u.text for u in units] == ["a b", "cd"]


def test_line_key() -> None:
    assert line_key("  Fact-checking   Autentic  ") == "fact checking autentic"
    assert line_key("December 16, 11:47") == "december 00 00 00"
    assert line_key("Читайте ТАКЖЕ:") == "читайте также"
    assert line_key("15:39") == line_key("01:05")


def test_corpus_candidate() -> None:
    assert corpus_candidate("\u00a0 Share \u00a0 Tweet \u00a0 Email")
    assert corpus_candidate("3 minutes read")
    assert corpus_candidate("Adblock Detected.")
    assert not corpus_candidate("Alexander Lukashenko, President of Belarus:")
    assert not corpus_candidate("The minister said the talks would continue next week.")
    assert not corpus_candidate("")
    assert not corpus_candidate("x " * 40)
