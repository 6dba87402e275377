"""Who said what: direct, indirect and transcript quotes of one document (EN and RU).

``extract_quotes(text, annotation, people)`` reads the backend's syntax (a spaCy ``Doc``
for English, a natasha ``Doc`` for Russian; both are turned into one small token view,
:class:`Tok`) and the document's entities through :class:`EntityLookup`.

Kinds and rules (docs/quality.md, "Quotes", has the figures):

* **direct**: text between quote marks (straight ``"``, ``“ ”``, ``« »`` with nesting,
  ``„ “``), or Russian dialogue dashes (``— Текст, — сказал он. — Текст.``). One
  :class:`~presswatch.model.Quote` per statement: a quote interrupted by its attribution
  (``"A," he said, "B."``, ``«A, — сказал он. — B»``, or only by marks: ``"A." "B," he
  said``) is one quote spanning the pieces, whose ``text`` is the pieces joined by " … "
  (the attribution left out; :data:`~presswatch.extract.quote_model.PIECE_JOIN`); pieces
  with a second reporting verb between them ("…,” he said, adding that …") stay apart
  (module :mod:`~presswatch.extract.quote_pieces`).
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
  mistake”", "called him “disgusting”") take the cue that governs them in the parse
  (in their own paragraph);
  when they are only part of its reported clause or object, that clause or object is the
  quote (indirect, holding the quoted words); a title in marks inside a sentence ("on
  CBS's “Face the Nation”") is no quote. A label opening a paragraph or a quote
  ("PENCE: …", "Путин: …") gives its speaker (transcript; a headline's claim is
  indirect). Editorial inserts inside the marks
  (``(we must. – Ed.)``) stay in the text. ``Quote.text`` is ``text[start:end]`` (or the
  pieces joined): the words between the marks, without the comma that belongs to the
  attribution.
* **indirect**: a reporting verb with a clausal complement (``noted that …``, ``said
  …``, ``заявил, что …``, ``сообщил о том, что …``), a parenthetical (``To do this, he
  said, it is …``, ``утверждает Пастухов``), an aside (``As Novak said, …``, ``Как
  рассказал Новак, …``), ``according to X, …`` / ``по словам X, …``; an object-taking
  cue with its object, infinitive or prepositional complement of three words or more
  (``called for …``, ``pledged to …``, ``urged X to …``, ``призвал стороны к …``,
  ``выступил против …``); a multi-word cue (``let it be known that``, ``made it clear
  that``, ``дал понять, что``); a reporting noun with its clause or object (``his claim
  that …``, ``his attacks on …``, ``the decision to …``). The span is the reported
  clause without the complementiser and final punctuation; a condition inside it stays
  (``said that if …, he …``, ``отметил, что если …, то …``), and a clause ending inside
  quoted words keeps the closing mark. Speech already inside a direct quote is not
  repeated as indirect. Module :mod:`~presswatch.extract.quote_indirect`.
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
pronoun or a bare title). A bare title falls back to the person before it only when it may
stand for them: not someone else's ("Svoboda's spokesman"), not indefinite ("a senior
official"), not plural; a writer for an outlet ("the BBC's correspondent") never takes the
outlet's name. ``speaker_text`` / ``speaker_span`` are the subject as written (a name, a
description or a pronoun) whether or not it resolves. Module
:mod:`~presswatch.extract.quote_speakers`.

Vocabulary (cue verbs and phrases, reporting nouns, prepositions, titles, pronouns, first
names, abbreviations) is language data in ``lang/<code>/`` read by
:mod:`~presswatch.extract.quote_lexicon`; quote-mark segmentation (including ``''…''`` and a
closing mark typed at a paragraph start) is :mod:`~presswatch.extract.quote_text`.

Cue: the reporting verb as written (with its particle: "summed
up"; with its object for set phrases: "set the task", "drew attention"), ``according
to`` / ``по словам``, or the label line for transcripts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Literal

from presswatch.extract.quote_indirect import IndirectRules
from presswatch.extract.quote_lexicon import lexicon
from presswatch.extract.quote_model import EntityLookup, QuoteRecord, SimpleLookup, _Attribution
from presswatch.extract.quote_pieces import InterruptionRules
from presswatch.extract.quote_speakers import SpeakerRules
from presswatch.extract.quote_text import (
    _DASHES,
    _FIRST_SECOND,
    _INLINE_LABEL,
    _INNER_ATT,
    _LABEL,
    _LEAD_PUNCT,
    _NAME_WORD,
    _OPENERS,
    _clause_end,
    _dialogue_start,
    _embedded,
    _is_headline,
    _paragraphs,
    _quote_segments,
    _sentence_ends,
    _sentence_like,
    _starts_with_opener,
    _strip_marks,
    _title_like,
    _tokens,
    _trim_name,
    _whole_paragraph,
    o_is_para_start,
)
from presswatch.model import Annotation, Quote
from presswatch.nlp.tokens import Tok

__all__ = [
    "EntityLookup",
    "QuoteExtractor",
    "QuoteRecord",
    "SimpleLookup",
    "extract_quote_records",
    "extract_quotes",
]

# how quoted words may hang on the cue that governs them (the last step of the path):
# as its object or complement, never as its subject nor in an adjunct ("said on
# “Face the Nation”", "заявил в интервью «Известиям»")
_GOVERNED_DEPS = frozenset({"dobj", "obj", "ccomp", "xcomp", "oprd", "attr", "acomp",
                            "parataxis"})


class QuoteExtractor(SpeakerRules, IndirectRules, InterruptionRules):
    """One document's quote extraction (:meth:`run`); :meth:`resolve` gives the speaker of a
    cue from its subject token, as the rules do (the learned attributions of
    :mod:`presswatch.extract.attribution` use it too)."""

    def __init__(self, text: str, annotation: Annotation, people: EntityLookup) -> None:
        self.text = text
        self.lang = annotation.language
        self.lex = lexicon(self.lang)
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
        self.phrase_start = self._phrase_cues()

    # tokens ---------------------------------------------------------------------------
    def toks_in(self, start: int, end: int) -> list[Tok]:

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
        if t.i in self.phrase_start:
            return True
        return t.pos in ("VERB", "AUX") and self.lex.is_cue(t.lemma, t.lower)

    def _phrase_cues(self) -> dict[int, int]:
        """Multi-word cues ("let it be known", "made it clear", "дал понять"): the index
        of the phrase's last token -> its first token."""
        out: dict[int, int] = {}
        toks = self.toks
        for phrase in self.lex.multiword:
            n = len(phrase)
            for k in range(len(toks) - n + 1):
                if all(_word_matches(toks[k + j], phrase[j]) for j in range(n)) and \
                        toks[k].sent == toks[k + n - 1].sent:
                    out[k + n - 1] = k
        return out

    # records --------------------------------------------------------------------------
    def add(self, start: int, end: int, kind: str, att: _Attribution | None, group: int,
            marks: tuple[int, int] | None = None) -> QuoteRecord | None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1
        if end - start < 2:
            return None
        if kind == "indirect":
            end = _close_partial_quote(self.text, start, end)
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
                    label_att, start = lab
                    kind = "indirect" if k == 0 or _is_headline(self.text[ps:pe]) \
                        else "transcript"
                    self.note_speaker(ps, label_att.speaker)
                    self.add(start, pe, kind, label_att, self.new_group(), marks=(start, pe))
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
        src = self._source_phrase(toks)
        if src is not None:
            return src
        # a long apposition may sit between the name and the verb ("Scott Pruitt, the
        # Republican attorney general of Oklahoma, said")
        toks = toks[:32]
        for n, t in enumerate(toks):
            if t.i in self.used_cues or not self.is_cue(t):
                continue
            if self.lex.clause_only.has(t.lemma) and not self.lex.after_quote.has(t.lemma):
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

    def _source_phrase(self, toks: list[Tok]) -> _Attribution | None:
        """"…,” according to Mr Novak" / "«…», по словам Новака": the phrase right after
        the quote gives its speaker."""
        if len(toks) < 3:
            return None
        a, b, who = toks[0], toks[1], toks[2]
        cue_end = b.end
        if self.ru:
            if a.lower != "по":
                return None
            if b.lower in ("его", "ее", "её", "их") and toks[2].lower in \
                    self.lex.according_nouns:
                who, cue_end = b, toks[2].end  # "по его словам"
            elif b.lower not in self.lex.according_nouns:
                return None
        else:
            if not (a.lower == "according" and b.lower == "to"):
                return None
            who = next((self.toks[c] for c in b.children if self.toks[c].dep == "pobj"), who)
        if who.pos not in ("PROPN", "NOUN", "PRON") and who is not b:
            return None
        att = self.resolve(who, a.start, None)
        if att.speaker is None and att.speaker_name is None:
            att.speaker = self.people.entity_at(who.start, who.end)
        att.cue, att.cue_span = self.text[a.start:cue_end], (a.start, cue_end)
        return att

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
        # the cue is in the quote's paragraph: a parse that runs a sentence over a
        # paragraph break ("…autumn.”\n\nKairys added that …") gives no governor
        ps, pe = self.para_span(s)
        for _ in range(6):
            if cur.i in seen or self.in_quote(cur.start) or not ps <= cur.start < pe:
                return None
            seen.add(cur.i)
            if cur.pos == "ADP":
                if cur.lower not in self.lex.governing_preps or cur.head == cur.i:
                    return None
                dep, prev, cur = "as", cur, self.toks[cur.head]
                continue
            if self.is_cue(cur) and (dep in _GOVERNED_DEPS or dep == "as"):
                subj = self.subject_of(cur)
                if subj is not None and subj.lower not in self.lex.relatives:
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
                          ) -> tuple[int, int] | Literal[False] | None:
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
        return self._join_interrupted(out)

def _close_partial_quote(text: str, start: int, end: int) -> int:
    """A reported clause that ends inside quoted words ("The talks were “very hard”, says
    Mr Novak"): the end moves past the closing mark right after it."""
    span = text[start:end]
    if end < len(text) and text[end] in "”»\"" and (
            span.count("“") > span.count("”") or span.count("«") > span.count("»")
            or span.count('"') % 2 == 1):
        return end + 1
    return end


def _word_matches(t: Tok, word: str) -> bool:
    """A phrase word: the token's lemma or form, or a stem ending with ``*``."""
    if word.endswith("*"):
        return t.lower.startswith(word[:-1])
    return word in (t.lemma, t.lower)


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

