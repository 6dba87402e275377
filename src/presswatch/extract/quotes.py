"""Who said what: direct, indirect and transcript quotes of one document (EN and RU).

``extract_quotes(text, annotation, people)`` reads the backend's syntax (a spaCy ``Doc``
for English, a natasha ``Doc`` for Russian; both are turned into one small token view,
:class:`Tok`) and the document's entities through :class:`EntityLookup`.

Kinds and rules (docs/quality.md, "Quotes", has the figures):

* **direct**: text between quote marks (straight ``"``, ``“ ”``, ``« »`` with nesting,
  ``„ “``), or Russian dialogue dashes (``— Текст, — сказал он. — Текст.``). One
  :class:`~presswatch.model.Quote` per contiguous quoted segment: a quote interrupted by its
  attribution (``"A," he said, "B."``) gives two quotes with the same speaker and cue.
  A quote that runs over several paragraphs (only the opening mark repeated at each
  paragraph start) gives one quote per paragraph, all with the chain's speaker. An opening
  mark never closed in its paragraph (and not continued by the next paragraph) is bounded
  by the paragraph end and kept only when an attribution introduces it: a stray mark never
  swallows the article. The attribution is looked for right after the closing mark
  (``,” Putin said``; ``», — заявил он``) and then right before the opening mark (``Putin
  said: “…``, ``He agreed with X that “…``, ``the President set the task: “…``); a
  segment with neither inherits from its neighbour in the paragraph or from the
  paragraph before (continued quoting); short unattributed segments (names, scare
  quotes, «Газпром») are not quotes. Quoted words inside a sentence ("said it was “a
  mistake”", "called him “disgusting”") take the cue that governs them in the parse;
  when they are only part of its reported clause or object, that clause or object is the
  quote (indirect, holding the quoted words); a title in marks inside a sentence ("on
  CBS's “Face the Nation”") is no quote. A label opening a paragraph or a quote
  ("PENCE: …", "Путин: …") gives its speaker (transcript; a headline's claim is
  indirect). Editorial inserts inside the marks
  (``(we must. – Ed.)``) stay in the text. ``Quote.text`` is ``text[start:end]``: the
  words between the marks, without the comma that belongs to the attribution.
* **indirect**: a reporting verb with a clausal complement (``noted that …``, ``said
  …``, ``заявил, что …``, ``сообщил о том, что …``), a parenthetical (``To do this, he
  said, it is …``, ``утверждает Пастухов``) or ``according to X, …`` / ``по словам X,
  …``; the span is the reported clause without the complementiser and final punctuation.
  Speech already inside a direct quote is not repeated as indirect.
* **transcript**: a speaker label line (``Alexander Lukashenko, President of the Republic
  of Belarus:`` / ``Имя Фамилия, должность:``: a line ending with a colon whose first
  comma-separated part is a person's name) followed by the speech: the next paragraph
  always (quoted or not; when it carries its own attribution it is read as direct quotes
  instead), then each further paragraph while it is speech (it has first- or
  second-person words) and is not a headline (a short line without final punctuation) nor
  another label. A label with nothing after it (a truncated page) gives no quote.

Speaker: the syntactic subject (``nsubj``) of the cue verb (climbing from ``adding`` /
``добавив`` to the verb it depends on when it has none), resolved through
:class:`EntityLookup`: a name or description that the lookup maps to an entity gives the
entity's canonical name and id; a pronoun, or a title the lookup does not know ("the
head of state"), is resolved as an anaphor (``resolve_pronoun``) with the most recent
speaker or person subject as the preferred antecedent; "it" / "the company" is the
organisation before it (one whose name holds the noun, else a subject, else the last one;
with none tagged, an untagged subject that is an organisation tagged elsewhere, or a proper
noun given by name); an English title naming a place never takes a person whose role names
only other places; an unresolved name that looks like
a person's gives that name with ``speaker_id=None``; anything else gives ``None`` (never a
pronoun or a bare title). Cue: the reporting verb as written (with its particle: "summed
up"; with its object for set phrases: "set the task", "drew attention"), ``according
to`` / ``по словам``, or the label line for transcripts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from presswatch.model import Annotation, Entity, Quote
from presswatch.nlp.tokens import Tok, token_view

__all__ = [
    "EntityLookup",
    "QuoteRecord",
    "SimpleLookup",
    "extract_quote_records",
    "extract_quotes",
]


class EntityLookup(Protocol):
    """What the quote extractor needs from identity resolution."""

    entities: list[Entity]

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity a span (name, surname, description, pronoun) refers to."""
        ...

    def resolve_pronoun(self, offset: int, prefer_speaker: Entity | None = None) -> Entity | None:
        """The person a pronoun (or an unresolved title) at ``offset`` refers to."""
        ...


class SimpleLookup:
    """A minimal :class:`EntityLookup` over a document's entities.

    ``entity_at``: the entity with a mention overlapping the span (PERSON first, then the
    longest overlap). ``resolve_pronoun``: ``prefer_speaker`` when given, else the person
    mentioned last before ``offset``."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        self._mentions: list[tuple[int, int, Entity]] = sorted(
            ((s, e, ent) for ent in self.entities for s, e in ent.mentions),
            key=lambda m: (m[0], m[1]),
        )
        self._starts = [m[0] for m in self._mentions]
        self._longest = max((e - s for s, e, _ in self._mentions), default=0)

    def entity_at(self, start: int, end: int) -> Entity | None:
        best: tuple[int, int, Entity] | None = None
        k = bisect_left(self._starts, start - self._longest)
        for s, e, ent in self._mentions[k:]:
            if s >= end:
                break
            overlap = min(e, end) - max(s, start)
            if overlap <= 0:
                continue
            key = (int(ent.type == "PERSON"), overlap)
            if best is None or key > best[:2]:
                best = (key[0], key[1], ent)
        return best[2] if best else None

    def resolve_pronoun(self, offset: int, prefer_speaker: Entity | None = None) -> Entity | None:
        if prefer_speaker is not None:
            return prefer_speaker
        last: Entity | None = None
        for s, _e, ent in self._mentions:
            if s >= offset:
                break
            if ent.type == "PERSON":
                last = ent
        return last


# --- a language-neutral token view ---------------------------------------------------


def _tokens(annotation: Annotation, text: str | None = None) -> list[Tok]:
    """The shared token view (:func:`presswatch.nlp.tokens.token_view`); a Russian
    annotation without a natasha doc has none here."""
    doc = annotation.native
    if doc is not None and annotation.language == "ru" and not hasattr(doc, "tokens"):
        return []
    return token_view(annotation, text)


# --- lexicons -----------------------------------------------------------------------

EN_CUES = frozenset({
    "say", "tell", "add", "note", "stress", "emphasize", "emphasise", "explain", "state",
    "assure", "recall", "remark", "comment", "declare", "announce", "insist", "warn", "argue",
    "claim", "write", "ask", "reply", "respond", "answer", "continue", "conclude", "admit",
    "acknowledge", "agree", "suggest", "believe", "think", "report", "confirm", "deny",
    "promise", "vow", "predict", "complain", "urge", "tweet", "post", "joke", "observe",
    "mention", "underline", "highlight", "summarize", "summarise", "reiterate", "estimate",
    "indicate", "point", "sum", "set", "express", "caution", "concede", "contend", "maintain",
    "assert", "allege", "testify", "tout", "boast", "charge", "counter", "quip", "recount",
    "describe", "disclose", "reveal", "accuse", "blame", "praise", "hope",
    "fear", "worry", "feel", "know", "expect", "guess", "recommend", "propose", "demand",
    "call", "shout", "scream", "cry", "whisper", "muse", "wonder", "question", "wrote",
    "speculate", "forecast", "show", "find", "cite", "pledge", "signal", "learn",
    "reckon", "figure", "insinuate", "imply",
    "proclaim", "lament", "retort", "notice", "determine", "rule",
    "assume", "doubt", "read", "suspect", "threaten", "advise", "inform",
    "remind", "convince", "persuade", "reassure", "hint",
    "yell", "chant", "exclaim", "sing",
    # judging words: cues of the quoted words they take ("dismissed it as “a hoax”")
    "bemoan", "decry", "denounce", "condemn", "dub", "label", "brand", "characterize",
    "characterise", "dismiss", "criticize", "criticise", "blast", "slam", "mock", "deride",
    "laud", "hail",
})
EN_NOUN_CUES = frozenset({
    "claim", "statement", "assertion", "argument", "allegation", "belief", "view",
    "suggestion", "insistence", "warning", "promise", "pledge", "announcement", "report",
    "finding", "conclusion", "assessment", "accusation", "charge", "contention", "notion",
    "admission", "acknowledgment", "acknowledgement", "declaration", "testimony",
    "prediction", "remark", "comment", "complaint", "concern", "fear", "hope", "idea",
    "message", "opinion", "position", "reassurance", "assurance", "denial", "theory",
})
EN_CLAUSE_ONLY = frozenset({"hope", "fear", "worry", "feel", "know", "expect", "guess",
                            "believe", "think", "describe", "call", "praise", "blame",
                            "accuse", "continue", "set", "express", "point", "sum",
                            "question", "wonder", "show", "find", "learn", "notice",
                            "determine", "assume", "doubt", "suspect", "convince",
                            "persuade", "imply", "reckon", "figure", "sing", "bemoan",
                            "decry", "denounce", "condemn", "dub", "label", "brand",
                            "characterize", "characterise", "dismiss", "criticize",
                            "criticise", "blast", "slam", "mock", "deride", "laud", "hail"})
# how quoted words may hang on the cue that governs them (the last step of the path):
# as its object or complement, never as its subject nor in an adjunct ("said on
# “Face the Nation”", "заявил в интервью «Известиям»")
_GOVERNED_DEPS = frozenset({"dobj", "obj", "ccomp", "xcomp", "oprd", "attr", "acomp",
                            "parataxis"})
_GOVERNED_PREPS = frozenset({"as", "like"})  # "described it as “unhinged”"
_AFTER_QUOTE_OK = frozenset({"set", "express", "point", "sum", "continue"})
# Verbs whose object makes the cue a set phrase, as written: "set the task".
EN_PHRASES = {"set": {"task", "goal", "objective"}, "draw": {"attention"},
              "express": {"hope", "confidence", "concern", "regret", "conviction"},
              "make": {"statement", "point"}, "pay": {"attention"}}

RU_CUE_STEMS = (
    "заяв", "сказа", "говор", "отмет", "отмеча", "подчеркн", "подчерки", "сообщ", "добав",
    "поясн", "поясня", "объясн", "уточн", "указа", "указыва", "призна", "рассказ",
    "напомн", "напомина", "завер", "увер", "счита", "полага", "утвержд", "отвеч", "ответи",
    "спрос", "предупред", "предупрежда", "констатир", "резюмир", "выраз", "выража",
    "написа", "пишет", "пишут", "цитир", "замет", "замеча", "продолжи", "высказ",
    "призва", "призыва", "обеща", "пообеща", "акцентир", "заключи", "подытож", "обрати",
    "убежд", "увере", "добавля", "сетова", "посетова", "жалова", "пожалова", "возраз",
    "возража", "парирова", "допуска", "допусти", "предполож", "предполага", "оценил",
    "оценива", "прогнозир", "предрек", "поделил", "делится", "информир", "объяви",
    "объявля", "провозгласи", "подтверди", "подтвержда", "опроверг", "отрица", "настаива",
    "настоя", "потребова", "требова", "согласи", "соглаша", "признава", "помни",
    "вспомина", "вспомни", "передал", "передает", "передаёт", "сформулирова", "поставил",
    "уверя", "резюмирова", "процитирова", "сообща", "твитну", "обратил", "рассуждал",
    "рассужда", "размышля", "описа", "описыва", "верит", "думает", "думал", "знает",
    "доложи", "доклады", "признал", "призналась",
    "надеет", "надеял", "опасает", "опасал", "ожидает",
)
RU_PHRASES = {"обрати": {"внимание"}, "выраз": {"надежду", "уверенность"},
              "постави": {"задачу"}}
_RU_CUE = re.compile("^(?:" + "|".join(sorted(RU_CUE_STEMS, key=len, reverse=True)) + ")")

EN_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"})
RU_PRONOUNS = frozenset({"он", "она", "они", "оно", "я", "мы", "вы", "ты", "его", "ее",
                         "её", "их", "ему", "ей", "им"})
EN_TITLES = frozenset({
    "president", "leader", "minister", "head", "chairman", "chairwoman", "chair", "governor",
    "ambassador", "spokesman", "spokeswoman", "spokesperson", "secretary", "director", "chief",
    "official", "mayor", "premier", "chancellor", "senator", "candidate", "nominee", "king",
    "queen", "prince", "general", "commander", "envoy", "diplomat", "deputy", "manager",
    "executive", "founder", "ceo", "speaker", "representative", "adviser", "advisor", "aide",
    "prosecutor", "judge", "lawyer", "attorney", "economist", "analyst", "expert", "officer",
    "councillor", "governor-general", "counterpart", "politician", "lawmaker", "congressman",
    "congresswoman",
})
RU_TITLES = (
    "президент", "лидер", "министр", "глав", "председател", "губернатор", "посол",
    "премьер", "директор", "руководител", "замминистр", "заместител", "спикер", "мэр",
    "представител", "секретар", "генерал", "командующ", "эксперт", "аналитик",
    "советник", "помощник", "депутат", "сенатор", "губернатор", "начальник", "канцлер",
    "шеф", "прокурор", "судья", "адвокат", "дипломат", "коллег", "собеседник", "политик",
)
# English first names by gender, for "she"/"he" (a pronoun never picks a person of the
# other gender); honorifics ("Mr.", "Mrs.", "Ms.") before a mention decide first.
_FEMALE_WORDS = """
    hillary melania ivanka chelsea kellyanne loretta nancy elizabeth sarah sara palin
    michelle jill jennifer megan maria mary patricia linda barbara susan jessica karen lisa
    betty margaret sandra ashley kimberly emily donna carol amanda melissa deborah
    stephanie rebecca laura helen sharon cynthia kathleen amy shirley angela anna brenda
    pamela nicole ruth katherine catherine christine samantha debra rachel carolyn janet
    virginia heather diane julie joyce victoria kelly christina joan evelyn lauren judith
    olivia martha cheryl megyn andrea hannah jacqueline gloria teresa ann kathryn sophia
    alice julia grace judy theresa madison beverly denise marilyn amber danielle rose
    brittany diana abigail jane natalie lori tiffany alexis kayla marie hope condoleezza
    nikki kamala tulsi elena sonia dianne kirsten tammy debbie dana huma gwen maxine marsha
    susana marine ursula irina olga natalia tatiana svetlana yulia ekaterina valentina
    lyudmila galina veronica adriana esther azucena carla krystal jacklyn melanie ellen
    kate katie alicia gennifer juanita paula lena
"""
_FEMALE_NAMES = frozenset(_FEMALE_WORDS.split())
_MALE_WORDS = """
    donald barack bill bernie joe mike michael tim paul john james robert david william
    richard joseph thomas charles christopher daniel matthew anthony mark steven andrew
    kenneth joshua kevin brian george edward ronald timothy jason jeffrey ryan jacob gary
    nicholas eric jonathan stephen larry justin scott brandon benjamin samuel frank gregory
    raymond alexander patrick jack dennis jerry tyler aaron jose adam henry nathan douglas
    zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald carl
    terry sean austin arthur lawrence jesse dylan bryan jordan billy bruce albert willie
    gabriel logan alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby
    philip johnny ted marco rand chris newt rudy reince mitch harry chuck jeb ben lindsey
    rick jim al dick vladimir alexei alexey sergei sergey dmitry dmitri igor ivan nikolai
    andrei andrey yuri oleg boris viktor pavel mikhail aleksandr evgeny yevgeny maxim anton
    kim xi abe francois emmanuel angel carlos jorge francisco oscar steve vann jared kerr
    pat
"""
_MALE_NAMES = frozenset(_MALE_WORDS.split())
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Madam|Sir|Lord|Lady)\.?\s+$")

# "the company said": the organisation named last before it
_ORG_NOUNS = frozenset({"company", "ministry", "agency", "firm", "bank", "plant", "factory",
                        "administration", "government", "committee", "association",
                        "union", "organisation", "organization", "group", "department",
                        "office", "council", "service", "corporation", "campaign",
                        "newspaper", "paper", "network", "channel", "party", "embassy"})
_RU_ORG_NOUNS = ("компани", "министерств", "ведомств", "агентств", "завод", "предприяти",
                 "облисполком", "администраци", "правительств", "банк", "концерн")
SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "OTHER"})
_FIRST_SECOND = re.compile(
    r"(?i)\b(?:i|i'm|i've|i'd|me|my|we|we're|we've|us|our|ours|you|your)\b"
    r"|(?<![а-яё])(?:я|меня|мне|мной|мы|нас|нам|нами|наш\w*|вы|вас|вам|ваш\w*|мой|моя|моё|мое|мои)(?![а-яё])"
)

_PO_SLOVAM = frozenset({"его", "ее", "её", "их", "словам", "мнению", "данным", "утверждению",
                        "оценке", "оценкам", "заявлению", "информации", "сообщению"})
_OPEN_CLOSE: dict[str, tuple[str, ...]] = {
    "“": ("”", '"'),
    "«": ("»",),
    "„": ("“", "”"),
    '"': ('"', "”"),
}
_OPENERS = frozenset(_OPEN_CLOSE)
_RELATIVE = frozenset({"who", "which", "that", "what", "whom", "который", "которая",
                       "которые", "кто", "что"})
_SENT_END = re.compile(r"[.!?…](?=\s|$)")
# a period after these is not a sentence end ("Mr. King added", "Sen. Tester said")
_ABBREV = frozenset({
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "lt", "gen", "col", "sgt", "capt", "prof",
    "rev", "st", "jr", "sr", "mt", "ft", "gens", "reps", "sens", "u.s", "u.n", "u.k", "d.c",
    "no", "vs", "inc", "co", "corp", "ltd", "pres", "atty", "supt", "cmdr", "adm", "maj",
    "г", "гг", "им", "т.е", "т.к", "др", "пр", "ул", "проф", "акад", "ген",
})


def _sentence_ends(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Sentence ends in ``text[start:end]`` ([.!?…] before a space), not after a title
    abbreviation ("Mr.", "Sen.") or an initial ("J.")."""
    out = []
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == ".":
            w = re.search(r"([\w.]+)$", text[max(start, m.start() - 12):m.start()])
            word = w.group(1).lower() if w else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()
                                   and text[m.start() - 1].isupper()):
                continue
        out.append(m)
    return out
_DASHES = "—–-"
_LEAD_PUNCT = set(",.;:!?…―" + _DASHES + " \t\u00a0")
_INNER_ATT = re.compile(r"[,!?…]\s+[–—]\s+([а-яёa-z][^«»“”\"–—\n]{2,80}?)[.,:]\s+[–—]\s+(?=\S)")
_INLINE_LABEL = re.compile(
    r"(?P<name>[A-ZА-ЯЁ][\w'’.-]*(?: [A-ZА-ЯЁ][\w'’.-]*){0,3})(?P<colon>\s?:)\s+(?=\S)")
_LABEL = re.compile(r"^\s*(?P<body>[^:\n]{2,160}?)\s*:\s*$")
_NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁ][\w'’.-]*|[A-ZА-ЯЁ]\.)$")


@dataclass(slots=True)
class QuoteRecord:
    """A quote with the spans it was read from (for evaluation and debugging)."""

    start: int
    end: int
    kind: str
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    subject_span: tuple[int, int] | None = None
    speaker: Entity | None = None
    speaker_name: str | None = None
    group: int = -1  # segments of one quote chain / interrupted quote share a group
    marks: tuple[int, int] | None = None  # span including the quote marks

    def to_quote(self, text: str) -> Quote:
        name = self.speaker.name if self.speaker else self.speaker_name
        sid = self.speaker.id if self.speaker else None
        span = self.subject_span
        return Quote(text=text[self.start:self.end], start=self.start, end=self.end,
                     speaker=name, kind=self.kind, speaker_id=sid, cue=self.cue,
                     speaker_text=text[span[0]:span[1]] if span else None,
                     speaker_span=span)


@dataclass(slots=True)
class _Attribution:
    cue: str | None
    cue_span: tuple[int, int] | None
    subject_span: tuple[int, int] | None
    speaker: Entity | None
    speaker_name: str | None
    clause_of: int = -1  # quoted words inside this cue's reported clause (token index)
    content: tuple[int, int] | None = None  # that clause (or object) span


# --- the extractor ---------------------------------------------------------------------


class QuoteExtractor:
    """One document's quote extraction (:meth:`run`); :meth:`resolve` gives the speaker of a
    cue from its subject token, as the rules do (the learned attributions of
    :mod:`presswatch.extract.attribution` use it too)."""

    def __init__(self, text: str, annotation: Annotation, people: EntityLookup) -> None:
        self.text = text
        self.lang = annotation.language
        self.ru = self.lang == "ru"
        self.people = people
        self.toks = _tokens(annotation, text)
        self.starts = [t.start for t in self.toks]
        self.paras = _paragraphs(text)
        self.records: list[QuoteRecord] = []
        self.group = 0
        self.covered: list[tuple[int, int]] = []  # direct/transcript spans incl. marks
        # every closed quoted segment (the words between the marks): a subject found
        # there is never the speaker of a cue outside it
        self.quoted: list[tuple[int, int]] = sorted(
            (s, e) for ps, pe in self.paras for _o, s, e, _c, closed in
            _quote_segments(text, ps, pe) if closed)
        self._quoted_starts = [q[0] for q in self.quoted]
        self.used_cues: set[int] = set()
        self.para_starts = [p[0] for p in self.paras]
        self._person_mentions = sorted(
            ((s, e, ent) for ent in people.entities if ent.type == "PERSON"
             for s, e in ent.mentions), key=lambda m: (m[0], m[1]))
        self._subject_events = self._person_subjects()
        self._org_mentions = sorted(
            (s, e, ent) for ent in people.entities if ent.type == "ORG"
            for s, e in ent.mentions)
        self._genders: dict[int, bool | None] = {}

    # tokens ---------------------------------------------------------------------------
    def toks_in(self, start: int, end: int) -> list[Tok]:
        from bisect import bisect_left

        k = bisect_left(self.starts, start)
        out = []
        while k < len(self.toks) and self.toks[k].start < end:
            if self.toks[k].end <= end:
                out.append(self.toks[k])
            k += 1
        return out

    def tok_at(self, offset: int) -> Tok | None:
        from bisect import bisect_right

        k = bisect_right(self.starts, offset) - 1
        if 0 <= k < len(self.toks) and self.toks[k].start <= offset < self.toks[k].end:
            return self.toks[k]
        return None

    def is_cue(self, t: Tok) -> bool:
        if self.ru:
            return t.pos in ("VERB", "AUX") and bool(_RU_CUE.match(t.lower))
        return t.pos in ("VERB", "AUX") and t.lemma in EN_CUES and t.lemma not in ("be", "have")

    # speakers -------------------------------------------------------------------------
    def _person_subjects(self) -> list[tuple[int, Entity]]:
        events = []
        for t in self.toks:
            if t.dep.startswith("nsubj") and t.pos in ("PROPN", "NOUN"):
                ent = self.person_in(t)
                if ent is not None:
                    events.append((t.start, ent))
        return events

    def para_span(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        k = bisect_right(self.para_starts, offset) - 1
        if k < 0:
            return (0, 0)
        return self.paras[k]

    def person_in(self, t: Tok, depth: int = 2) -> Entity | None:
        """The person a subject names: the token itself, or a name in apposition to a
        title ("председатель облисполкома Ирина Коваленко", "Minister Pavel Savchenko")."""
        ent = self.people.entity_at(t.start, t.end)
        if ent is not None:
            return ent if ent.type == "PERSON" else None
        if depth == 0:
            return None
        for c in t.children:
            ct = self.toks[c]
            if ct.dep in ("appos", "flat", "flat:name", "nmod", "compound", "conj") and (
                    ct.pos == "PROPN" or ct.dep == "appos"):
                if ct.dep == "conj":
                    continue
                ent = self.person_in(ct, depth - 1)
                if ent is not None:
                    return ent
        return None

    def salient(self, offset: int) -> Entity | None:
        # one person named earlier in the same paragraph: the antecedent
        ps, _pe = self.para_span(offset)
        here = {ent.id: ent for s, e, ent in self._person_mentions if ps <= s and e <= offset}
        if len(here) == 1:
            return next(iter(here.values()))
        best: tuple[int, Entity] | None = None
        for pos, ent in self._subject_events:
            if pos < offset and (best is None or pos >= best[0]):
                best = (pos, ent)
        return best[1] if best else None

    def note_speaker(self, offset: int, ent: Entity | None) -> None:
        if ent is not None and ent.type == "PERSON":
            self._subject_events.append((offset, ent))

    def in_quote(self, offset: int) -> tuple[int, int] | None:
        """The quoted segment (words between the marks) holding ``offset``, if any."""
        k = bisect_left(self._quoted_starts, offset + 1) - 1
        if k >= 0 and self.quoted[k][0] <= offset < self.quoted[k][1]:
            return self.quoted[k]
        return None

    def subject_of(self, v: Tok) -> Tok | None:
        """The subject of a cue verb: its ``nsubj``, else the subject of the verb it hangs
        on ("adding", "добавив", "and stressed", "before asking"); a participle modifying a
        noun has that noun ("footage of Clinton asking", "заявивший министр"). A subject
        inside quoted words is never the speaker of a cue outside them: the search stops
        there. A passive cue with an agent has the agent ("was written by Springsteen")."""
        cur = v
        home = self.in_quote(v.start)
        para = self.para_span(v.start)
        for _ in range(5):
            for c in cur.children:
                ct = self.toks[c]
                if ct.dep in ("nsubj", "nsubj:pass", "nsubjpass") and any(
                        ch.isalnum() for ch in ct.text):
                    if ct.dep != "nsubj":
                        agent = self._agent(cur)
                        if agent is not None:
                            return agent
                    if self.in_quote(ct.start) != home or not para[0] <= ct.start < para[1]:
                        continue  # a subject inside the quoted words: look further
                    return ct
            if cur.head == cur.i:
                return None
            head = self.toks[cur.head]
            if self.in_quote(head.start) != home or not para[0] <= head.start < para[1]:
                return None
            if cur.dep in ("acl", "amod") and cur.pos in ("VERB", "AUX") and \
                    head.pos in ("NOUN", "PROPN") and head.i < cur.i and \
                    (self.ru or not cur.tense):
                return head
            if cur.dep in ("advcl", "xcomp", "conj", "acl"):
                cur = head
                continue
            # a non-finite cue under a preposition: "before asking her", "after saying"
            if cur.dep == "pcomp" and not cur.tense and head.pos == "ADP" and \
                    head.head != head.i:
                cur = self.toks[head.head]
                continue
            return None
        return None

    def _agent(self, v: Tok) -> Tok | None:
        """The agent of a passive verb: "by X" (English ``agent``)."""
        for c in v.children:
            ct = self.toks[c]
            if ct.dep == "agent":
                for cc in ct.children:
                    if self.toks[cc].dep == "pobj":
                        return self.toks[cc]
        return None

    def span_of_subject(self, s: Tok) -> tuple[int, int]:
        keep = {s.i}
        for c in s.children:
            ct = self.toks[c]
            if ct.dep in ("compound", "flat", "flat:name", "flat:foreign", "amod", "det",
                          "poss", "nmod", "nummod", "appos") or (ct.dep == "prep" and not self.ru):
                if ct.dep == "appos":
                    continue
                stack = [c]
                while stack:
                    x = stack.pop()
                    keep.add(x)
                    stack.extend(self.toks[x].children)
        lo = min(keep)
        hi = max(keep)
        # contiguous span around the head only
        while lo < s.i and self.toks[lo].pos == "PUNCT":
            lo += 1
        while hi > s.i and self.toks[hi].pos == "PUNCT":
            hi -= 1
        return self.toks[lo].start, self.toks[hi].end

    def antecedent(self, subj: Tok) -> Tok | None:
        """The noun a relative pronoun stands for ("Mr. Kamin, who emphasized …")."""
        if subj.lower not in _RELATIVE or subj.head == subj.i:
            return None
        v = self.toks[subj.head]
        if v.dep in ("relcl", "acl:relcl") and v.head != v.i and \
                self.toks[v.head].pos in ("NOUN", "PROPN") and v.head < subj.i:
            return self.toks[v.head]
        return None

    def resolve(self, subj: Tok | None, offset: int, prefer: Entity | None) -> _Attribution:
        if subj is None:
            return _Attribution(None, None, None, None, None)
        ante = self.antecedent(subj)
        if ante is not None:
            # the speaker is the antecedent; the subject as written stays "who"
            att = self.resolve(ante, offset, prefer)
            att.subject_span = (subj.start, subj.end)
            return att
        span = self.span_of_subject(subj)
        words = self.text[span[0]:span[1]]
        salient = self.salient(offset)
        prefer = prefer or salient
        low = subj.lower
        pronouns = RU_PRONOUNS if self.ru else EN_PRONOUNS
        if subj.pos == "PRON" or low in pronouns:
            if low in ("it", "оно") :
                return self.org_attribution(subj, span)
            if low in ("i", "we", "я", "мы", "you", "вы", "it", "оно", "они", "they"):
                ent = self.people.entity_at(subj.start, subj.end)
                return _Attribution(None, None, span, ent, None)
            ent = self.people.resolve_pronoun(subj.start, prefer_speaker=prefer)
            if low in ("he", "she") and not self.ru:
                ent = self.gendered(ent, low == "she", subj.start)
            return _Attribution(None, None, span, ent, None)
        ent = None
        if not self.ru and subj.pos == "NOUN" and self._is_title(subj) and not any(
                self.toks[c].pos == "PROPN" for c in subj.children):
            # "the Belarusian foreign minister": the person whose roles fit it best
            ent = self.title_person(span, subj.start)
        ent = ent or self.people.entity_at(subj.start, subj.end)
        if ent is not None and ent.type not in SPEAKER_TYPES:
            ent = None
        if ent is None:
            ent = self.person_in(subj)
        if ent is not None:
            return _Attribution(None, None, span, ent, None)
        if self._is_title(subj):
            ent = self.title_person(span, subj.start) or self.people.resolve_pronoun(
                subj.start, prefer_speaker=prefer)
            return _Attribution(None, None, span, ent, None)
        if subj.lemma in _ORG_NOUNS or (self.ru and subj.lower.startswith(_RU_ORG_NOUNS)):
            return self.org_attribution(subj, span)
        if self._looks_like_name(subj, span):
            name = _trim_name(words)
            ent = self.by_surname(name)
            if ent is None and len(name.split()) == 1:
                # a surname alone the tagger missed earlier too: its full form in the text
                full = re.search(r"\b([A-ZА-ЯЁ][a-zа-яё]+) " + re.escape(name) + r"\b", self.text)
                if full and not self._is_title_word(full.group(1)):
                    name = full.group(0)
            return _Attribution(None, None, span, ent, name)
        return _Attribution(None, None, span, None, None)

    def by_surname(self, name: str) -> Entity | None:
        """The one person of the document whose name ends with this name's last word
        ("Seredyuk" the tagger missed, "Ilya Seredyuk" it found)."""
        last = name.split()[-1].lower() if name.split() else ""
        found = {e.id: e for e in self.people.entities if e.type == "PERSON" and e.name
                 and e.name.split()[-1].lower() == last}
        return next(iter(found.values())) if len(found) == 1 else None

    def title_person(self, span: tuple[int, int], offset: int) -> Entity | None:
        """A title as subject ("the governor", "the Belarusian foreign minister"): the
        person whose roles in this text share the most of its words (five-letter keys),
        the latest subject or mention before ``offset`` among equals."""
        keys = {w[:5] for w in re.findall(r"\w{3,}", self.text[span[0]:span[1]].lower())
                if w not in ("the", "this", "that")}
        if not keys:
            return None
        last_seen: dict[str, int] = {}
        for pos, ent in self._subject_events:
            if pos < offset:
                last_seen[ent.id] = max(last_seen.get(ent.id, -1), pos + 10**6)
        for s, _e, ent in self._person_mentions:
            if s < offset:
                last_seen[ent.id] = max(last_seen.get(ent.id, -1), s)
        best: tuple[int, int, Entity] | None = None
        places = {w[:5] for e in self.people.entities if e.type in ("GPE", "NORP", "LOC")
                  for a in e.aliases or [e.name] for w in re.findall(r"\w{3,}", a.lower())}
        role_keys = {e.id: {w[:5] for r in e.roles for w in re.findall(r"\w{3,}", r.lower())}
                     for e in self.people.entities if e.type == "PERSON" and e.roles}
        # English: a place the title names rules out a role naming only other places
        # ("the Belarusian foreign minister" is not the "Russian Foreign Minister")
        want_places = keys & places if not self.ru else set()
        for ent in self.people.entities:
            if ent.type != "PERSON" or not ent.roles or ent.id not in last_seen:
                continue
            rkeys = set(role_keys[ent.id])
            own_places = rkeys & places
            if want_places and own_places and not want_places & own_places:
                continue
            if rkeys & {"count", "колле"}:  # "his Belarusian counterpart": the other's role
                for other, ok in role_keys.items():
                    if other != ent.id:
                        rkeys |= ok - places
            score = len(keys & rkeys)
            if score == 0:
                continue
            key = (score, last_seen[ent.id])
            if best is None or key > best[:2]:
                best = (key[0], key[1], ent)
        return best[2] if best else None

    def female(self, ent: Entity) -> bool | None:
        """English: an honorific before a mention ("Mrs. Clinton"), else the first name;
        else what a pronoun resolved to it said before."""
        key = id(ent)
        if key in self._genders:
            return self._genders[key]
        g: bool | None = None
        for s, _e in ent.mentions:
            m = _HONORIFIC.search(self.text[max(0, s - 8):s])
            if m:
                g = m.group(1).lower() in ("mrs", "ms", "miss", "madam", "lady")
                break
        if g is None and ent.name:
            first = ent.name.split()[0].lower()
            g = True if first in _FEMALE_NAMES else False if first in _MALE_NAMES else None
        self._genders[key] = g
        return g

    def gendered(self, ent: Entity | None, want: bool, offset: int) -> Entity | None:
        """``ent`` when its gender fits the pronoun; else the nearest person mentioned
        before ``offset`` whose gender fits (known first, then unknown)."""
        if ent is not None and self.female(ent) in (None, want):
            if self.female(ent) is None:
                self._genders[id(ent)] = want  # "she" said it: she
            return ent
        unknown: Entity | None = None
        k = bisect_left(self._person_mentions, (offset, -1))
        for s, _e, cand in reversed(self._person_mentions[:k]):
            if offset - s > 3000:
                break
            g = self.female(cand)
            if g == want:
                return cand
            if g is None and unknown is None:
                unknown = cand
        if unknown is not None:
            self._genders[id(unknown)] = want
        return unknown

    def org_antecedent(self, offset: int, noun: str = "") -> Entity | None:
        """"it said", "the company said": among the organisations mentioned before
        ``offset`` in this paragraph or the one before, the last one whose name holds the
        noun ("the ministry" -> "Finance Ministry"), else the last one that is a subject
        ("Belshina shipped …, the Bobruisk company announced": not the modifier
        "Bobruisk"), else the last one."""
        k = bisect_left(self.para_starts, offset)
        lo = self.para_starts[max(0, k - 2)] if self.para_starts else 0
        last = named = subject = None
        stem = noun[:5]
        for s, e, ent in self._org_mentions:
            if s >= offset:
                break
            if s < lo:
                continue
            last = ent
            if stem and any(w.lower().startswith(stem) for w in self.text[s:e].split()):
                named = ent
            if self._is_subject_span(s, e):
                subject = ent
        return named or subject or last

    def _is_subject_span(self, s: int, e: int) -> bool:
        """Whether a mention is (the head of) a clause's subject."""
        for t in self.toks_in(s, e):
            if t.dep.startswith("nsubj") and not (s <= self.toks[t.head].start < e):
                return True
        return False

    def org_attribution(self, subj: Tok, span: tuple[int, int]) -> _Attribution:
        """"it" / "the company" as subject: an organisation before it (org_antecedent);
        with none tagged there, a subject before it in this paragraph or the one before
        that the tagger missed: an untagged occurrence of an organisation tagged
        elsewhere in the text (that entity), else an untagged proper noun, given by name
        ("Gazprom and the government agreed …, the company said")."""
        noun = "" if subj.pos == "PRON" else subj.lower
        ent = self.org_antecedent(span[0], noun)
        if ent is not None:
            return _Attribution(None, None, span, ent, None)
        if any(self.toks[c].dep in ("poss", "nmod:poss") for c in subj.children):
            return _Attribution(None, None, span, None, None)  # "Sokol's office"
        k = bisect_left(self.para_starts, span[0])
        lo = self.para_starts[max(0, k - 2)] if self.para_starts else 0
        orgs = {a.lower(): e for e in self.people.entities if e.type == "ORG"
                for a in (e.aliases or [e.name])}
        found: tuple[Entity | None, str | None] = (None, None)
        for t in self.toks_in(lo, span[0]):
            if not (t.dep.startswith("nsubj") and t.pos in ("PROPN", "NOUN")
                    and _NAME_WORD.match(t.text) and not self._is_title(t)
                    and self.toks[t.head].pos in ("VERB", "AUX")):
                continue
            ps, pe = self.para_span(t.start)
            if _is_headline(self.text[ps:pe]):
                continue
            s0, e0 = self.span_of_subject(t)
            if self.people.entity_at(t.start, t.end) is not None or any(
                    s0 < e1 and s1 < e0 for s1, e1, _ent in self._person_mentions):
                continue
            words = [w for w in self.text[s0:e0].split() if _NAME_WORD.match(w)]
            if not words:
                continue
            name = " ".join(words)
            if name.lower() in orgs:
                found = (orgs[name.lower()], None)
            elif t.pos == "PROPN" and words[0].lower() not in _MALE_NAMES | _FEMALE_NAMES:
                found = (None, name)
        return _Attribution(None, None, span, found[0], found[1])

    def _is_title_word(self, word: str) -> bool:
        low = word.lower()
        return low.startswith(RU_TITLES) if self.ru else low in EN_TITLES

    def _is_title(self, t: Tok) -> bool:
        if self.ru:
            return t.lower.startswith(RU_TITLES)
        return t.lemma in EN_TITLES or t.lower in EN_TITLES

    def _looks_like_name(self, t: Tok, span: tuple[int, int]) -> bool:
        if t.pos != "PROPN":
            return False
        words = self.text[span[0]:span[1]].split()
        return 1 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)

    def cue_text(self, v: Tok) -> tuple[str, tuple[int, int]]:
        end = v.end
        for c in v.children:
            ct = self.toks[c]
            if ct.dep in ("prt", "compound:prt") and ct.i == v.i + 1:
                end = ct.end
        objs = EN_PHRASES.get(v.lemma) if not self.ru else next(
            (words for stem, words in RU_PHRASES.items() if v.lower.startswith(stem)), None)
        if objs:
            for c in v.children:
                ct = self.toks[c]
                if ct.lower in objs and ct.i > v.i and ct.i - v.i <= 3:
                    end = max(end, ct.end)
        return self.text[v.start:end], (v.start, end)

    def attribution(self, v: Tok, prefer: Entity | None) -> _Attribution:
        subj = self.subject_of(v)
        if subj is None:
            # a misparse without nsubj: a name right before ("… Ирина Коваленко заявила")
            # or right after ("said Putin") the verb
            # (or an adverb away: "Шувалов недавно признал")
            for k in (v.i - 1, v.i + 1, v.i - 2):
                if k == v.i - 2 and self.toks[v.i - 1].pos != "ADV":
                    continue
                if 0 <= k < len(self.toks) and self.toks[k].pos == "PROPN" and \
                        self.toks[k].sent == v.sent and self.person_in(self.toks[k]):
                    subj = self.toks[k]
                    break
        att = self.resolve(subj, v.start, prefer)
        att.cue, att.cue_span = self.cue_text(v)
        return att

    # records --------------------------------------------------------------------------
    def add(self, start: int, end: int, kind: str, att: _Attribution | None, group: int,
            marks: tuple[int, int] | None = None) -> QuoteRecord | None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1
        if end - start < 2:
            return None
        rec = QuoteRecord(start, end, kind, group=group, marks=marks or (start, end))
        if att is not None:
            rec.cue, rec.cue_span, rec.subject_span = att.cue, att.cue_span, att.subject_span
            rec.speaker, rec.speaker_name = att.speaker, att.speaker_name
            if att.speaker is not None and att.cue_span is not None:
                self.note_speaker(att.cue_span[0], att.speaker)
        self.records.append(rec)
        return rec

    def new_group(self) -> int:
        self.group += 1
        return self.group

    # transcripts ----------------------------------------------------------------------
    def label_speaker(self, ps: int, pe: int) -> _Attribution | None:
        line = self.text[ps:pe]
        m = _LABEL.match(line)
        if not m:
            return None
        body = m.group("body")
        b0 = ps + m.start("body")
        head = body.split(",")[0].strip()
        if not head or len(body.split()) > 25:
            return None
        h0 = b0 + body.index(head)
        h1 = h0 + len(head)
        ent = self.people.entity_at(h0, h1)
        words = head.split()
        if ent is not None and ent.type != "PERSON":
            ent = None
        namey = 1 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)
        if ent is None and not namey:
            return None
        # a label has no reporting verb of its own ("Lukashenko said:" is an introduction)
        if any(self.is_cue(t) for t in self.toks_in(h0, h1)):
            return None
        cue = line.strip()
        c0 = ps + line.index(cue)
        if ent is None:
            # an entity mention inside the head (a title before the name)
            return _Attribution(cue, (c0, c0 + len(cue)), (h0, h1), None, _trim_name(head))
        return _Attribution(cue, (c0, c0 + len(cue)), (h0, h1), ent, None)

    def inline_label(self, s: int, e: int) -> tuple[_Attribution, int] | None:
        """A speaker label opening a paragraph or a quote, with the speech after it on
        the same line ("PENCE: Well, look …", "Putin: Russia will respond", "ПУТИН: …"):
        the label's name must be a person or organisation of the text, or written in
        capitals and used as a label at least twice (a transcript). Returns the
        attribution and where the speech starts."""
        m = _INLINE_LABEL.match(self.text, s, e)
        if m is None:
            return None
        h0, h1 = m.span("name")
        head = m.group("name")
        words = head.split()
        if any(self._is_title_word(w) for w in words[-1:]) or any(
                self.is_cue(t) for t in self.toks_in(h0, h1)):
            return None
        ent = self.people.entity_at(h0, h1)
        if ent is not None and ent.type not in ("PERSON", "ORG"):
            return None
        caps = all(w.isupper() and len(w) > 1 for w in words)
        if ent is None and caps:
            ent = self.by_surname(head.title())
            if ent is None and self._label_count.get(head, 0) < 2:
                return None
        if ent is None and not caps:
            return None
        att = _Attribution(head + ":", (h0, m.end("colon")), (h0, h1), ent,
                           None if ent else head.title())
        return att, m.end()

    def transcripts(self) -> set[int]:
        """Find label lines and their speech; returns the indexes of paragraphs used."""
        used: set[int] = set()
        paras = self.paras
        self._label_count: dict[str, int] = {}
        for ps, pe in paras:
            m = _INLINE_LABEL.match(self.text, ps + int(self.text[ps] in _OPENERS), pe)
            if m is not None:
                self._label_count[m.group("name")] = self._label_count.get(m.group("name"), 0) + 1
        for k, (ps, pe) in enumerate(paras):
            if self.text[ps] not in _OPENERS and not _quote_segments(self.text, ps, pe)[:1]:
                lab = self.inline_label(ps, pe)
                if lab is not None:
                    # "Clinton: We will win" (a transcript line), "Putin: Russia will
                    # respond" (a headline: its claim, indirect)
                    att, start = lab
                    kind = "indirect" if k == 0 or _is_headline(self.text[ps:pe]) \
                        else "transcript"
                    self.note_speaker(ps, att.speaker)
                    self.add(start, pe, kind, att, self.new_group(), marks=(start, pe))
                    self.covered.append((ps, pe))
                    used.add(k)
                    continue
            if not self.text[ps:pe].rstrip().endswith(":"):
                continue
            att = self.label_speaker(ps, pe)
            if att is None:
                # "He said:" closing a paragraph introduces the quoted paragraph after it
                cues = [t for t in self.toks_in(ps, pe) if self.is_cue(t)]
                if cues and k + 1 < len(paras):
                    self.used_cues.add(cues[-1].i)
                    self.label_hint[k + 1] = self.attribution(cues[-1], None)
                continue
            used.add(k)
            self.note_speaker(ps, att.speaker)
            group = self.new_group()
            j = k + 1
            first = True
            while j < len(paras):
                qs, qe = paras[j]
                para = self.text[qs:qe]
                if _is_headline(para) or self.label_speaker(qs, qe) is not None:
                    break
                if not first and not _FIRST_SECOND.search(para):
                    break
                if first and self._has_own_attribution(qs, qe):
                    # quoted speech with its own cue: direct quotes; the label is the hint
                    self.label_hint[j] = att
                    break
                s, e = _strip_marks(self.text, qs, qe)
                self.add(s, e, "transcript", att, group, marks=(qs, qe))
                self.covered.append((qs, qe))
                used.add(j)
                first = False
                j += 1
        return used

    def _has_own_attribution(self, ps: int, pe: int) -> bool:
        segs = _quote_segments(self.text, ps, pe)
        if not segs:
            return False
        outside = []
        last = ps
        for s0, _s, _e, e1, _closed in segs:
            outside.append((last, s0))
            last = e1
        outside.append((last, pe))
        return any(self.is_cue(t) for a, b in outside for t in self.toks_in(a, b))

    # direct quotes --------------------------------------------------------------------
    def direct(self, skip: set[int]) -> None:
        text = self.text
        chain: tuple[int, _Attribution | None] | None = None  # (group, attribution)
        prev_para_att: _Attribution | None = None
        for k, (ps, pe) in enumerate(self.paras):
            if k in skip:
                chain = None
                prev_para_att = None
                continue
            segs = self._split_inner_attributions(_quote_segments(text, ps, pe))
            dialogue = self.ru and not segs and _dialogue_start(text, ps, pe) is not None
            if dialogue:
                self.dialogue(ps, pe)
                chain = None
                prev_para_att = None
                continue
            if not segs:
                chain = None
                if self.text[ps:pe].strip():
                    prev_para_att = None
                continue
            atts: list[_Attribution | None] = []
            titles: set[int] = set()
            cont_next = k + 1 < len(self.paras) and _starts_with_opener(text, *self.paras[k + 1])
            for n, (o, s, e, c, closed) in enumerate(segs):
                nxt_open = segs[n + 1][0] if n + 1 < len(segs) else pe
                prv_close = segs[n - 1][3] if n > 0 else ps
                att = None
                # quoted words inside a sentence ("said it was “a mistake”"): the cue
                # that governs them first, a cue after them only when the quote closes
                # its clause ("“…,” she said")
                embedded = closed and _embedded(text, ps, o)
                if embedded:
                    att = self.governing(s, e)
                    before = self.toks_in(max(ps, o - 12), o)[-1:]
                    if _title_like(text[s:e]) and (att is None or (before and (
                            before[0].pos == "ADP" or before[0].lower in ("'s", "’s")))):
                        # a name in marks inside a sentence ("on CBS's “Face the
                        # Nation,”", "during a “Commander-in-Chief Forum”"): no quote
                        titles.add(n)
                if att is None and closed and not (embedded and not _clause_end(text, s, e, c)):
                    att = self.post_attribution(s, e, c, nxt_open)
                if att is None:
                    att = self.pre_attribution(prv_close, o)
                if att is None and closed and not embedded:
                    att = self.governing(s, e)
                if att is None and n == 0 and k in self.label_hint:
                    att = self.label_hint[k]
                lab = self.inline_label(s, e)
                if lab is not None:
                    # "“PENCE: Well, look, …": the label speaks
                    att, s = lab
                    segs[n] = (o, s, e, c, closed)
                atts.append(att)
            # unclosed segments: continued by the next paragraph, or bounded here
            for n in range(1, len(segs)):
                if atts[n] is None and atts[n - 1] is not None:
                    atts[n] = atts[n - 1]
            for n in range(len(segs) - 1, -1, -1):
                if atts[n] is None and n + 1 < len(segs) and atts[n + 1] is not None:
                    atts[n] = atts[n + 1]
            in_chain = chain is not None and o_is_para_start(text, ps, segs[0][0])
            group = chain[0] if in_chain and chain else self.new_group()
            for n, (o, s, e, c, closed) in enumerate(segs):
                att = atts[n]
                if att is None and n == 0 and in_chain and chain:
                    att = chain[1]
                if att is None and prev_para_att is not None and _whole_paragraph(
                        text, ps, pe, o, c):
                    att = prev_para_att
                if not closed and not (n == len(segs) - 1 and cont_next) and atts[n] is None:
                    continue  # a stray mark: nothing introduces it
                if n in titles:
                    continue
                words = len(text[s:e].split())
                if att is None and (words < 5 or not _sentence_like(text[s:e])):
                    continue
                if att is None and words < 8 and not _whole_paragraph(text, ps, pe, o, c):
                    continue
                if att is not None and att.cue_span is None:
                    att = None
                if att is not None and att.clause_of >= 0:
                    # words quoted inside a reported clause or object: that is the quote
                    if att.clause_of not in self._clauses_done and att.content:
                        self._clauses_done.add(att.clause_of)
                        self.add(*att.content, "indirect", att, self.new_group())
                    continue
                self.add(s, e, "direct", att, group, marks=(o, c))
                self.covered.append((o, c))
                if atts[n] is not None and atts[n] is not prev_para_att:
                    pass
            last_att = next((a for a in reversed(atts) if a is not None), None)
            if last_att is not None:
                prev_para_att = last_att
            elif not segs:
                prev_para_att = None
            last = segs[-1]
            if not last[4] and cont_next:
                chain = (group, last_att or (chain[1] if in_chain and chain else None))
            else:
                chain = None

    def _split_inner_attributions(self, segs: list[tuple[int, int, int, int, bool]]
                                  ) -> list[tuple[int, int, int, int, bool]]:
        """«A, – добавил он. – B»: an attribution between dashes inside one pair of
        marks splits it into two quoted segments (an interrupted quote)."""
        out = []
        for seg in segs:
            o, s, e, c, closed = seg
            m = _INNER_ATT.search(self.text, s, e)
            if m and closed and any(self.is_cue(t) for t in self.toks_in(m.start(1), m.end(1))):
                out.append((o, s, m.start(), m.start() + 1, True))
                out.append((m.end() - 1, m.end(), e, c, True))
            else:
                out.append(seg)
        return out

    def post_attribution(self, s: int, e: int, c: int, limit: int) -> _Attribution | None:
        text = self.text
        inner_last = text[s:e].rstrip()[-1:] if text[s:e].strip() else ""
        j = c
        while j < limit and text[j] in _LEAD_PUNCT:
            j += 1
        region_start = j
        ends = _sentence_ends(text, region_start, limit)
        end = ends[0].start() if ends else limit
        if end <= region_start:
            return None
        lead = text[c:region_start]
        if any(p in lead for p in ".!?…"):
            return None  # a new sentence starts after the quote
        if any(d in lead for d in "―—–"):
            # "…” ― Martha Aguilar": a name alone after a dash signs the quote
            sign_end = min([limit, *(m.start() for m in _sentence_ends(
                text, region_start, limit)[:1])])
            nl = text.find("\n", region_start, sign_end)
            sign = text[region_start:nl if nl >= 0 else sign_end].strip().rstrip(".")
            words = sign.split()
            if 1 < len(words) <= 4 and all(_NAME_WORD.match(w) for w in words):
                ent = self.people.entity_at(region_start, region_start + len(sign))
                return _Attribution(None, (region_start, region_start), (
                    region_start, region_start + len(sign)), ent,
                    None if ent else _trim_name(sign))
        if (inner_last == "." and "," not in lead and not any(d in lead for d in _DASHES)
                and text[region_start].isupper()):
            return None
        toks = self.toks_in(region_start, end)
        # a long apposition may sit between the name and the verb ("Scott Pruitt, the
        # Republican attorney general of Oklahoma, said")
        toks = toks[:32]
        for n, t in enumerate(toks):
            if t.i in self.used_cues or not self.is_cue(t):
                continue
            if not self.ru and t.lemma in EN_CLAUSE_ONLY and t.lemma not in _AFTER_QUOTE_OK:
                continue  # "…,” he hoped": a belief verb after a quote is rarely its cue
            if n > 14 and not self._apposition_run(toks[:n]):
                # a long apposition holding a clause ("Scott Pruitt, the attorney
                # general of Oklahoma, one of the states suing the EPA, said"): the
                # cue's own subject opens the region
                subj = self.subject_of(t)
                if subj is None or not 0 <= subj.i - toks[0].i <= 3:
                    break
            # the verb must be the attribution's own (not inside a following clause)
            self.used_cues.add(t.i)
            att = self.attribution(t, None)
            sp = att.subject_span
            if sp is None or sp[0] < region_start or sp[1] > end:
                # the parser took a subject inside the quote ("… Congress," Rep. X said;
                # "…,” said Leslie Wimes): the noun phrase next to the verb in this region
                alt = self._region_subject(toks[:n], toks[n + 1:], t)
                if alt is not None:
                    new = self.resolve(alt, t.start, None)
                    new.cue, new.cue_span = att.cue, att.cue_span
                    return new
            return att
        return None

    def governing(self, s: int, e: int) -> _Attribution | None:
        """Quoted words inside a sentence ("said it was “a mistake”", "called him
        “disgusting”", "ruled that it is “true,” but …"): the nearest cue verb above them
        in the parse, reached through complements (and "as"), not through a subject, a
        preposition or another quote; a cue in a relative clause without a subject of its
        own is passed over."""
        inside = self.toks_in(s, e)
        idx = {t.i for t in inside}
        top = next((t for t in inside if t.head not in idx and t.head != t.i
                    and t.pos != "PUNCT"), None)
        if top is None:
            return None
        cur, dep, prev = self.toks[top.head], top.dep, top
        seen = {top.i}
        for _ in range(6):
            if cur.i in seen or self.in_quote(cur.start):
                return None
            seen.add(cur.i)
            if cur.pos == "ADP":
                if cur.lower not in _GOVERNED_PREPS or cur.head == cur.i:
                    return None
                dep, prev, cur = "as", cur, self.toks[cur.head]
                continue
            if self.is_cue(cur) and (dep in _GOVERNED_DEPS or dep == "as"):
                subj = self.subject_of(cur)
                if subj is not None and subj.lower not in _RELATIVE:
                    content = self._governed_content(cur, prev, s, e)
                    if content is False:
                        return None  # the addressee: "told MSNBC’s “Morning Joe” that …"
                    self.used_cues.add(cur.i)
                    att = self.resolve(subj, cur.start, None)
                    att.cue, att.cue_span = self.cue_text(cur)
                    if content is not None:
                        att.clause_of, att.content = cur.i, content
                    return att
            if dep.startswith(("nsubj", "csubj")) and self.is_cue(cur):
                return None
            if cur.head == cur.i:
                return None
            dep, prev, cur = cur.dep, cur, self.toks[cur.head]
        return None

    def _governed_content(self, v: Tok, child: Tok, s: int, e: int
                          ) -> tuple[int, int] | bool | None:
        """What a cue says when quoted words ``s:e`` hang on it through ``child``: its
        reported clause holding them ("said it was “a mistake”"), else its object with
        the words ("called Trump a “pathological liar” who is “utterly amoral”"); None
        when the words are all of it (a direct quote); False when they are the addressee
        beside a clause ("told MSNBC’s “Morning Joe” that …")."""
        toks = self.toks
        comp = self._complement(v)
        if comp is None and self.cue_text(v)[1][1] >= child.end:
            # a set phrase ("expressed hope that …"): the clause on its noun
            clause_child = next((toks[c] for c in child.children if toks[c].dep in (
                "acl", "ccomp") and toks[c].i > child.i), None)
            if clause_child is not None:
                comp = self._clause_span(clause_child)
        inside = self.toks_in(s, e)
        idx = {t.i for t in inside}
        # a whole quoted clause (its own verb and subject) is a direct quote even with a
        # word or two around it ("hope that “the voice of reason will prevail” in
        # Brussels"); quoted words inside a paraphrase are not
        clause = any(t.pos in ("VERB", "AUX") and any(
            toks[c].dep.startswith("nsubj") and c in idx for c in t.children) for t in inside)
        if comp is not None:
            if comp[0] <= s and e <= comp[1] + 1:
                if (comp[0] >= s - 2 and comp[1] <= e + 2) or (
                        clause and e - s >= 0.6 * (comp[1] - comp[0])):
                    return None
                return comp
            if child.dep in ("dobj", "obj", "dative", "iobj"):
                return False
        parts = [toks[c] for c in v.children if toks[c].i > v.i and (
            toks[c].dep in ("dobj", "obj", "oprd", "attr", "acomp", "xcomp", "ccomp")
            or toks[c].i == child.i)]
        if not parts:
            return None
        lo = min(self._subtree(t.i)[0] for t in parts)
        hi = max(self._subtree(t.i)[1] for t in parts)
        span = self._trim((toks[lo].start, toks[hi].end))
        if span is None or (span[0] >= s - 2 and span[1] <= e + 2) or (
                clause and e - s >= 0.6 * (span[1] - span[0])):
            return None
        ps, pe = self.para_span(v.start)
        return max(span[0], ps), min(span[1], pe)

    def _apposition_run(self, toks: list[Tok]) -> bool:
        """Tokens before a late cue are one noun phrase with its apposition (no verb)."""
        return not any(t.pos in ("VERB", "AUX") for t in toks)

    def _region_subject(self, before: list[Tok], after: list[Tok], v: Tok) -> Tok | None:
        """The speaker's head token in an attribution region: a nominal before the verb
        (the root of that phrase: its head lies outside it), else the first nominal after
        the verb ("said Mulgrew")."""
        nominal = ("PROPN", "NOUN", "PRON")
        if before:
            idx = {t.i for t in before}
            for t in before:
                if t.pos in nominal and t.head not in idx:
                    return t
            # a misparsed name ("Tulsa police Chief Chuck Jordan said", "Tulsa" a verb):
            # the proper noun next to the verb
            for t in reversed(before):
                if t.pos == "PROPN":
                    return t
            return None
        for t in after:
            if t.pos == "PUNCT":
                break
            if t.pos in nominal:
                # the head of a flat name is its first word; climb to the phrase root
                climbed = {t.i}  # a parse may hold cycles: never revisit a token
                while t.head != t.i and self.toks[t.head].i > v.i and \
                        t.head not in climbed and \
                        self.toks[t.head].pos in ("PROPN", "NOUN") and t.dep in (
                            "compound", "flat", "amod"):
                    t = self.toks[t.head]
                    climbed.add(t.i)
                return t
        return None

    def pre_attribution(self, start: int, o: int) -> _Attribution | None:
        text = self.text
        # the region: from the last sentence end (or previous quote) to the opening mark
        seg = text[start:o]
        cut = start
        for m in _sentence_ends(seg, 0, len(seg)):
            if m.end() < len(seg.rstrip()):
                cut = start + m.end()
        region = text[cut:o].rstrip()
        if not region:
            return None
        tail = region.rstrip()
        last_char = tail[-1]
        toks = self.toks_in(cut, o)
        if not toks:
            return None
        last_word = toks[-1].lower
        ok = last_char in ":," or last_word in ("that", "что", "как", "saying", "said", "says")
        if not ok:
            # "Putin said “…”": a cue verb right before the mark
            ok = self.is_cue(toks[-1]) or (len(toks) > 1 and toks[-1].pos in ("PUNCT",)
                                           and self.is_cue(toks[-2]))
        if not ok:
            return None
        first: _Attribution | None = None
        for t in reversed(toks):
            if self.is_cue(t):
                # "Lynch said she recalled thinking, “…”", "Sanders said, suggesting …
                # including, “…”": a cue with no subject gives way to the one before
                att = self.attribution(t, None)
                if att.subject_span is not None or first is None:
                    self.used_cues.add(t.i)
                if att.subject_span is not None:
                    return att
                first = first or att
        return first

    def dialogue(self, ps: int, pe: int) -> None:
        """Russian dialogue: ``— Текст, — сказал он. — Текст.``"""
        text = self.text
        s = _dialogue_start(text, ps, pe)
        if s is None:
            return
        group = self.new_group()
        pieces: list[tuple[int, int]] = []
        att: _Attribution | None = None
        pos = s
        for m in re.finditer(r"(?<=[,!?…])\s+[—–-]\s+(?=[а-яёa-z])", text[s:pe]):
            a0 = s + m.end()
            pieces.append((pos, s + m.start()))
            rest = re.search(r"(?:[.:,]\s+[—–-]\s+)|$", text[a0:pe])
            a1 = a0 + (rest.start() if rest else pe - a0)
            if att is None:
                for t in self.toks_in(a0, a1):
                    if self.is_cue(t):
                        self.used_cues.add(t.i)
                        att = self.attribution(t, None)
                        break
            pos = a0 + (rest.end() if rest else pe - a0)
            if pos >= pe:
                break
        else:
            pass
        if pos < pe and pieces:
            pieces.append((pos, pe))
        if att is None or not pieces:
            return
        for p0, p1 in pieces:
            if p1 > p0:
                self.add(p0, p1, "direct", att, group, marks=(p0, p1))
                self.covered.append((p0, p1))

    # indirect speech ------------------------------------------------------------------
    def indirect(self) -> None:
        toks = self.toks
        for t in toks:
            if t.i in self.used_cues or not self.is_cue(t) or self._inside_covered(t.start):
                continue
            content = self._complement(t) or self._colon_speech(t)
            if content is None:
                continue
            c0, c1 = self._in_paragraph(t.start, *content)
            if len(self.text[c0:c1].split()) < 2 or self._overlaps_covered(c0, c1):
                continue
            if self.people.entity_at(c0, c1) is not None and self._inside_name(c0, c1):
                continue
            att = self.attribution(t, None)
            if content != self._complement(t) and att.subject_span and \
                    c0 <= att.subject_span[0] < c1:
                # the parser took a word of the speech for the subject ("отвечал: это …")
                att.subject_span = att.speaker = att.speaker_name = None
            self.add(c0, c1, "indirect", att, self.new_group())
        if not self.ru:
            self._noun_cues()
        self._according_to()

    def _noun_cues(self) -> None:
        """A reporting noun with its "that" clause: "his claim that …", "a statement
        that …", "the report's finding that …". Speaker: the possessor, else the subject
        of the verb the noun hangs on ("Trump repeated his claim that")."""
        toks = self.toks
        for t in toks:
            if t.pos != "NOUN" or t.lemma not in EN_NOUN_CUES or self._inside_covered(t.start):
                continue
            clause = next((toks[c] for c in t.children if toks[c].dep in ("acl", "ccomp")
                           and toks[c].i > t.i and any(
                               toks[x].lower == "that" and toks[x].dep == "mark"
                               for x in toks[c].children)), None)
            if clause is None:
                continue
            span = self._clause_span(clause)
            if span is None:
                continue
            c0, c1 = self._in_paragraph(t.start, *span)
            if len(self.text[c0:c1].split()) < 3 or self._overlaps_covered(c0, c1):
                continue
            who = next((toks[c] for c in t.children if toks[c].dep == "poss"), None)
            h, climbed = t, {t.i}
            while (who is None and h.head != h.i and h.head not in climbed
                   and h.pos not in ("VERB", "AUX")):
                h = toks[h.head]  # "said in a statement that": through the preposition
                climbed.add(h.i)
            if who is None and h is not t:
                who = self.subject_of(h)
            att = self.resolve(who, t.start, None)
            att.cue, att.cue_span = t.text, (t.start, t.end)
            self.add(c0, c1, "indirect", att, self.new_group())

    def _in_paragraph(self, offset: int, c0: int, c1: int) -> tuple[int, int]:
        """A content span clipped to the paragraph of its cue at ``offset``."""
        ps, pe = self.para_span(offset)
        return max(c0, ps), min(c1, pe)

    def _colon_speech(self, v: Tok) -> tuple[int, int] | None:
        """Unquoted speech introduced by a colon ("He put it this way: we will …",
        "сказал так: неизвестно, …"): the rest of the sentence after the colon, when the
        colon follows the cue within a few words (its object, "so", "this way")."""
        toks = self.toks
        for k in range(v.i + 1, min(len(toks), v.i + 5)):
            t = toks[k]
            if t.text == ":":
                if k + 1 >= len(toks) or toks[k + 1].text[:1] in _OPENERS or \
                        "\n" in self.text[t.end:toks[k + 1].start]:
                    return None
                _ps, pe = self.para_span(t.start)
                ends = _sentence_ends(self.text, toks[k + 1].start, pe)
                end = ends[0].start() if ends else pe
                return self._trim((toks[k + 1].start, end))
            if t.pos in ("VERB", "AUX", "PUNCT") or t.sent != v.sent:
                return None
        return None

    def _inside_name(self, c0: int, c1: int) -> bool:
        """The content is mostly a name (a misparse such as "Duma Vyacheslav Volodin")."""
        named = sum(min(e, c1) - max(s, c0) for ent in self.people.entities
                    for s, e in ent.mentions if min(e, c1) > max(s, c0))
        return named >= 0.6 * (c1 - c0)

    def _inside_covered(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.covered)

    def _overlaps_covered(self, s: int, e: int) -> bool:
        return any(min(e, b) - max(s, a) > 0 for a, b in self.covered)

    def _subtree(self, i: int) -> tuple[int, int]:
        # natasha's syntax may contain cycles: visit each token once.
        lo = hi = i
        stack = [i]
        seen = {i}
        while stack:
            x = stack.pop()
            lo = min(lo, x)
            hi = max(hi, x)
            for child in self.toks[x].children:
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return lo, hi

    def _clause_span(self, c: Tok) -> tuple[int, int] | None:
        lo, hi = self._subtree(c.i)
        toks = self.toks
        while lo <= hi and (toks[lo].pos in ("PUNCT", "SCONJ") or toks[lo].lower in (
                "that", "что", "чтобы", "whether", "if", "ли")):
            if toks[lo].pos == "SCONJ" or toks[lo].lower in ("that", "что", "чтобы", "whether"):
                lo += 1
                continue
            if toks[lo].pos == "PUNCT":
                lo += 1
                continue
            break
        while hi >= lo and toks[hi].pos == "PUNCT":
            hi -= 1
        if hi < lo or hi - lo < 1:
            return None
        return toks[lo].start, toks[hi].end

    def _complement(self, v: Tok) -> tuple[int, int] | None:
        toks = self.toks
        for c in v.children:
            ct = toks[c]
            if ct.dep == "ccomp" and self._is_clause(ct):
                return self._clause_span(ct)
        if self.ru:
            # "сообщил о том, что …": the clause hangs on "том"
            for c in v.children:
                ct = toks[c]
                if ct.lower in ("том", "то") and ct.dep in ("obl", "obj", "nmod"):
                    for cc in ct.children:
                        cct = toks[cc]
                        if cct.dep in ("acl", "ccomp", "acl:relcl", "advcl") and cct.i > ct.i:
                            return self._clause_span(cct)
        if v.dep == "parataxis" and v.head != v.i:
            head = toks[v.head]
            # a parenthetical "he said" / "утверждает Пастухов": the host clause
            lo, hi = self._subtree(head.i)
            vlo, vhi = self._subtree(v.i)
            if vhi < hi and vlo > lo:
                span = (toks[lo].start, toks[hi].end)
            elif vlo <= lo:
                span = (toks[vhi + 1].start, toks[hi].end) if vhi + 1 <= hi else None
            else:
                span = (toks[lo].start, toks[vlo - 1].end) if vlo - 1 >= lo else None
            if span is None:
                return None
            return self._trim(span)
        return None

    def _is_clause(self, c: Tok) -> bool:
        """A complement with a verb and a subject of its own (not "stated this")."""
        if c.pos not in ("VERB", "AUX", "ADJ", "NOUN", "PROPN", "PRON"):
            return False
        if c.pos in ("VERB", "AUX"):
            return any(self.toks[x].dep.startswith(("nsubj", "expl", "csubj"))
                       for x in c.children) or self.ru
        return any(self.toks[x].dep.startswith(("nsubj", "cop")) for x in c.children)

    def _trim(self, span: tuple[int, int]) -> tuple[int, int] | None:
        s, e = span
        t = self.text
        while s < e and (t[s].isspace() or t[s] in ",;:" + _DASHES):
            s += 1
        while e > s and (t[e - 1].isspace() or t[e - 1] in ",;:.!?" + _DASHES):
            e -= 1
        return (s, e) if e - s > 3 else None

    def _according_to(self) -> None:
        toks = self.toks
        text = self.text
        for t in toks:
            cue_end = None
            who: Tok | None = None
            nxt_low = toks[t.i + 1].lower if t.i + 1 < len(toks) else ""
            if not self.ru and t.lower == "according" and nxt_low == "to":
                to = toks[t.i + 1]
                objs = [toks[c] for c in to.children if toks[c].dep == "pobj"]
                if not objs:
                    continue
                who = objs[0]
                cue_end = to.end
            elif self.ru and t.lower == "по" and nxt_low in _PO_SLOVAM:
                w = toks[t.i + 1]
                objs = [toks[c] for c in w.children if toks[c].dep in ("nmod", "det", "obl")]
                poss = [toks[c] for c in w.children if toks[c].lower in ("его", "ее", "её", "их")]
                if t.i + 2 < len(toks) and toks[t.i + 1].lower in ("его", "ее", "её", "их"):
                    w = toks[t.i + 2]
                    poss = [toks[t.i + 1]]
                    objs = []
                    if w.lower not in ("словам", "мнению", "утверждению", "оценке", "данным"):
                        continue
                if not objs and not poss and t.i + 2 < len(toks):
                    nxt = toks[t.i + 2]
                    if nxt.pos in ("PROPN", "NOUN", "PRON"):
                        objs = [nxt]
                who = (objs or poss or [None])[0]
                cue_end = w.end
            else:
                continue
            if who is None or self._inside_covered(t.start):
                continue
            # the content: the rest of the sentence after the phrase (or before it)
            ps, pe = self.para_span(t.start)
            sent = [x for x in toks if x.sent == t.sent and ps <= x.start and x.end <= pe]
            phrase_lo, phrase_hi = self._subtree(who.i)
            phrase_lo = min(phrase_lo, t.i)
            if self.ru:
                phrase_hi = max(phrase_hi, w.i)
            after = [x for x in sent if x.i > phrase_hi]
            before = [x for x in sent if x.i < phrase_lo]
            if before and after and len(before) > 1:
                span = self._trim((sent[0].start, sent[-1].end))  # a parenthetical: all
            elif len(after) >= len(before) and after:
                span = self._trim((after[0].start, after[-1].end))
            elif before:
                span = self._trim((before[0].start, before[-1].end))
            else:
                span = None
            if span is None or self._overlaps_covered(*span):
                continue
            if who.lower in ("его", "ее", "её", "их"):
                ent = self.people.resolve_pronoun(who.start, prefer_speaker=self.salient(who.start))
                att = _Attribution(None, None, (who.start, who.end), ent, None)
            else:
                att = self.resolve(who, t.start, None)
                if att.speaker is None and att.speaker_name is None:
                    ent = self.people.entity_at(who.start, who.end)
                    att.speaker = ent
            att.cue = text[t.start:cue_end]
            att.cue_span = (t.start, cue_end)
            self.add(span[0], span[1], "indirect", att, self.new_group())

    # ----------------------------------------------------------------------------------
    def run(self) -> list[QuoteRecord]:
        self.label_hint: dict[int, _Attribution] = {}
        self._clauses_done: set[int] = set()
        used = self.transcripts()
        self.direct(used)
        self.indirect()
        # a quote chain (several paragraphs) or an interrupted quote: one attribution
        by_group: dict[int, QuoteRecord] = {}
        for r in self.records:
            if r.cue_span is not None and r.group not in by_group:
                by_group[r.group] = r
        for r in self.records:
            src = by_group.get(r.group)
            if r.cue_span is None and src is not None:
                r.cue, r.cue_span, r.subject_span = src.cue, src.cue_span, src.subject_span
                r.speaker, r.speaker_name = src.speaker, src.speaker_name
        recs = sorted(self.records, key=lambda r: (r.start, r.end))
        out: list[QuoteRecord] = []
        for r in recs:
            if out and r.start < out[-1].end:  # overlapping: keep the first (direct/transcript)
                if out[-1].kind == "indirect" and r.kind != "indirect":
                    out[-1] = r
                continue
            out.append(r)
        return out


# --- helpers -------------------------------------------------------------------------


def _trim_name(s: str) -> str:
    return s.strip(" ,.;:\"'“”«»")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _is_headline(para: str) -> bool:
    p = para.strip()
    if not p:
        return False
    if p[-1] in ".!?…\"”»:":
        return False
    return len(p.split()) <= 18


def _opens(text: str, i: int, ps: int) -> bool:
    ch = text[i]
    if ch != '"':
        return ch in _OPENERS
    prev = text[i - 1] if i > ps else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-:/«„“") and not nxt.isspace()


def _quote_segments(text: str, ps: int, pe: int) -> list[tuple[int, int, int, int, bool]]:
    """Quoted segments of one paragraph: (open, start, end, close_end, closed)."""
    segs = []
    i = ps
    while i < pe:
        ch = text[i]
        if ch in _OPENERS and _opens(text, i, ps):
            closers = _OPEN_CLOSE[ch]
            depth = 0
            j = i + 1
            close = None
            while j < pe:
                cj = text[j]
                if ch == "«" and cj == "«":
                    depth += 1
                elif cj in closers and not (cj == '"' and ch == '"' and j + 1 < pe
                                            and text[j + 1].isalnum() and text[j - 1].isspace()):
                    if ch == "«" and depth > 0:
                        depth -= 1
                    else:
                        close = j
                        break
                j += 1
            if close is None:
                segs.append((i, i + 1, pe, pe, False))
                break
            segs.append((i, i + 1, close, close + 1, True))
            i = close + 1
            continue
        i += 1
    return segs


def _embedded(text: str, ps: int, o: int) -> bool:
    """The opening mark continues a sentence: a word (not ":", ",", a dash or the
    paragraph start) right before it ("it was “a mistake”", "Trump’s “sex tape”")."""
    j = o - 1
    while j >= ps and text[j] in " \t\u00a0":
        j -= 1
    return j >= ps and (text[j].isalnum() or text[j] in "’'%)")


_TITLE_SMALL = frozenset({"of", "the", "and", "in", "on", "for", "a", "an", "to", "with",
                          "at", "by", "or", "from", "и", "в", "на", "с", "за", "по"})


def _title_like(s: str) -> bool:
    """A title or name in marks: a few words, each capitalised but the small ones
    ("Face the Nation", "State of the Union.", "Commander-in-Chief Forum")."""
    words = s.strip(" .,;:!?").split()
    if not 1 <= len(words) <= 6 or words[0] in ("I", "Я"):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL
               for w in words) and words[0][:1].isupper()


def _clause_end(text: str, s: int, e: int, c: int) -> bool:
    """A quote that closes its clause: punctuation at its end or right after the mark
    ("“…,” she said", "«…», — сказал он")."""
    inner = text[s:e].rstrip()
    after = text[c:c + 2].lstrip()
    return (bool(inner) and inner[-1] in ",.!?…") or (bool(after) and after[0] in ",;―—–-")


def _starts_with_opener(text: str, ps: int, pe: int) -> bool:
    return pe > ps and text[ps] in _OPENERS


def o_is_para_start(text: str, ps: int, o: int) -> bool:
    return o == ps


def _whole_paragraph(text: str, ps: int, pe: int, o: int, c: int) -> bool:
    return o == ps and not text[c:pe].strip(" .,")


def _sentence_like(s: str) -> bool:
    s = s.strip()
    return bool(s) and (s[0].isupper() or s[0] in "…." or s[0].isdigit())


def _strip_marks(text: str, s: int, e: int) -> tuple[int, int]:
    if e - s >= 2 and text[s] in _OPENERS and text[e - 1] in "”»\"“":
        return s + 1, e - 1
    return s, e


def _dialogue_start(text: str, ps: int, pe: int) -> int | None:
    m = re.match(r"[—–-]\s+(?=\S)", text[ps:pe])
    if not m:
        return None
    return ps + m.end()


def extract_quote_records(
    text: str, annotation: Annotation, people: EntityLookup
) -> list[QuoteRecord]:
    """The quotes of ``text`` with the spans they were read from (see :func:`extract_quotes`)."""
    if not text or annotation.native is None:
        return []
    return QuoteExtractor(text, annotation, people).run()


def extract_quotes(text: str, annotation: Annotation, people: EntityLookup) -> list[Quote]:
    """Direct, indirect and transcript quotes of ``text``, in text order.

    ``annotation`` is the backend's annotation of ``text`` (its ``native`` doc carries the
    syntax); ``people`` resolves speaker spans to canonical entities."""
    return [r.to_quote(text) for r in extract_quote_records(text, annotation, people)]
