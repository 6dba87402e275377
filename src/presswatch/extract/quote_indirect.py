"""Indirect speech of the quote extractor (a mixin of
:class:`~presswatch.extract.quotes.QuoteExtractor`): a cue with its reported clause
("noted that …", "заявил, что …"), its object or infinitive for the cues that take one
("called for …", "pledged to …"), a parenthetical ("…, he said, …"), a reporting noun
("his claim that …"), a colon introduction, and "according to X" / "по словам X". The
reported clause runs to the end of its sentence: a condition or a comma inside it
("noted that if …, then …") never cuts it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from presswatch.extract.quote_model import _Attribution
from presswatch.extract.quote_text import _DASHES, _OPENERS, _sentence_ends
from presswatch.nlp.tokens import Tok

if TYPE_CHECKING:
    from presswatch.extract.quote_lexicon import Lexicon
    from presswatch.extract.quote_model import EntityLookup, QuoteRecord
    from presswatch.model import Entity

# the complements of an object-taking cue that carry what is said
_OBJECT_DEPS = frozenset({"dobj", "obj", "xcomp", "ccomp", "oprd", "attr", "acomp", "iobj"})
class IndirectRules:
    """Reported speech without quote marks."""

    # what the host class (QuoteExtractor, with SpeakerRules) provides
    text: str
    ru: bool
    lex: Lexicon
    people: EntityLookup
    toks: list[Tok]
    covered: list[tuple[int, int]]
    used_cues: set[int]
    phrase_start: dict[int, int]

    if TYPE_CHECKING:
        def add(self, start: int, end: int, kind: str, att: _Attribution | None, group: int,
                marks: tuple[int, int] | None = None) -> QuoteRecord | None: ...
        def new_group(self) -> int: ...
        def is_cue(self, t: Tok) -> bool: ...
        def para_span(self, offset: int) -> tuple[int, int]: ...
        def salient(self, offset: int) -> Entity | None: ...
        def subject_of(self, v: Tok) -> Tok | None: ...
        def _agent(self, v: Tok) -> Tok | None: ...
        def resolve(self, subj: Tok | None, offset: int,
                    prefer: Entity | None) -> _Attribution: ...
        def attribution(self, v: Tok, prefer: Entity | None) -> _Attribution: ...

    def indirect(self) -> None:
        toks = self.toks
        inverted = self._inverted_clauses()
        for t in toks:
            if t.i in self.used_cues or not self.is_cue(t) or self._inside_covered(t.start):
                continue
            if t.i in inverted.values():
                continue  # its "ccomp" is the attribution itself (a misparse)
            if t.i in inverted:
                content = self._after_mark(toks[inverted[t.i]])
            else:
                content = self._complement(t) or self._colon_speech(t) or \
                    self._object_content(t)
                if content is None and t.i in self.phrase_start:
                    # "As the memo put it, …": the phrase's verb carries the clause
                    content = self._complement(toks[self.phrase_start[t.i]])
            if content is not None and t.i in self.phrase_start and content[0] < t.end:
                # "made it clear that …": what follows the phrase, not its own words
                k = t.i + 1
                while k < len(toks) and (toks[k].pos == "PUNCT" or toks[k].lower in (
                        "that", "что")):
                    k += 1
                content = self._trim((toks[k].start, content[1])) if k < len(toks) and \
                    toks[k].start < content[1] else None
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

    def _inverted_clauses(self) -> dict[int, int]:
        """A parse turned inside out ("The nominee continues to insist, most recently in
        an interview, that he really wants …": "wants" the root, the attribution its
        clause before it): a verb with its own "that" whose clausal child before it holds
        a cue. Returns cue index -> the verb of the reported clause."""
        toks = self.toks
        out: dict[int, int] = {}
        for v in toks:
            if v.pos not in ("VERB", "AUX") or not any(
                    toks[c].dep == "mark" and toks[c].lower in ("that", "что") and c < v.i
                    for c in v.children):
                continue
            for c in v.children:
                ct = toks[c]
                if ct.dep != "ccomp" or c > v.i:
                    continue
                lo, hi = self._subtree(c)
                cue = next((toks[k] for k in range(hi, lo - 1, -1) if self.is_cue(toks[k])
                            and toks[k].sent == v.sent), None)
                if cue is not None and cue.i not in out:
                    out[cue.i] = v.i
        return out

    def _after_mark(self, v: Tok) -> tuple[int, int] | None:
        """The clause of ``v`` from its "that" on (without what precedes the mark)."""
        mark = min(c for c in v.children if self.toks[c].dep == "mark")
        _lo, hi = self._subtree(v.i)
        while hi > mark and self.toks[hi].pos == "PUNCT":
            hi -= 1
        if hi <= mark:
            return None
        return self._trim((self.toks[mark + 1].start, self.toks[hi].end))

    def _noun_cues(self) -> None:
        """A reporting noun with its "that" clause: "his claim that …", "a statement
        that …", "the report's finding that …". Speaker: the possessor, else the subject
        of the verb the noun hangs on ("Trump repeated his claim that")."""
        toks = self.toks
        for t in toks:
            if t.pos != "NOUN" or self._inside_covered(t.start):
                continue
            that = self.lex.cue_nouns.has(t.lemma)
            prep = self.lex.prep_nouns.has(t.lemma)
            if not (that or prep):
                continue
            clause = next((toks[c] for c in t.children if toks[c].dep in ("acl", "ccomp")
                           and toks[c].i > t.i and any(
                               toks[x].lower == "that" and toks[x].dep == "mark"
                               for x in toks[c].children)), None) if that else None
            span = self._clause_span(clause) if clause is not None else None
            if span is None and prep:
                # "his attacks on Machado", "criticism of the deal", "calls for reform"
                pobj = next((toks[c] for c in t.children if toks[c].i > t.i and toks[c].dep
                             == "prep" and toks[c].lower in self.lex.content_preps), None)
                if pobj is not None and pobj.children:
                    lo, hi = self._subtree(max(pobj.children))
                    span = self._trim((toks[lo].start, toks[hi].end))
                inf = next((toks[c] for c in t.children if toks[c].i > t.i and toks[c].dep in (
                    "acl", "relcl") and any(toks[x].lower == "to" and toks[x].dep == "aux"
                                            for x in toks[c].children)), None)
                if span is None and inf is not None:
                    # "his promise to cut taxes", "the decision to withdraw"
                    lo, hi = self._subtree(inf.i)
                    span = self._trim((toks[lo].start, toks[hi].end))
            if span is None:
                continue
            c0, c1 = self._in_paragraph(t.start, *span)
            if len(self.text[c0:c1].split()) < 3 or self._overlaps_covered(c0, c1):
                continue
            who = next((toks[c] for c in t.children if toks[c].dep == "poss"), None)
            if who is None and clause is None and t.dep not in ("dobj", "obj", "pobj"):
                continue  # a subject noun phrase ("Criticism of X grew"): no one's words
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

    def _object_content(self, v: Tok) -> tuple[int, int] | None:
        """What an object-taking cue says ("called for more school investment", "pledged
        to push for …", "urged Trump to make …", "accused her of being …", "призвал
        стороны к диалогу"): its objects, infinitive and prepositional complements after
        it, as one span. Only for a cue with a subject of its own (not a passive nor a
        participle modifying a noun), and never a bare pronoun object ("denied it")."""
        plain = self.lex.object_cues.has(v.lemma, v.lower)
        preps = frozenset() if plain else self.lex.preps_for(v.lemma, v.lower)
        if not (preps or plain) or \
                v.dep in ("amod", "acl", "relcl"):
            return None
        toks = self.toks
        if not any(toks[c].dep in ("nsubj", "nsubj:pass", "nsubjpass") for c in v.children) and \
                v.dep not in ("conj", "xcomp", "advcl"):
            return None
        if any(toks[c].dep in ("nsubjpass", "nsubj:pass", "auxpass", "aux:pass")
               for c in v.children):
            # "the plan was criticized by the unions": with an agent, the subject is what
            # was said about
            subj = next((toks[c] for c in v.children if toks[c].dep in (
                "nsubjpass", "nsubj:pass")), None)
            if subj is None or self._agent(v) is None or subj.pos == "PRON" or preps:
                return None
            lo, hi = self._subtree(subj.i)
            if hi - lo < 2:
                return None
            return self._trim((toks[lo].start, toks[hi].end))
        kids = [toks[c] for c in v.children if toks[c].i > v.i]
        if preps:
            # "called for", "pushed for", "spoke of", "выступил против": only so
            parts = [t for t in kids if self._prep_of(t) in preps]
        else:
            parts = [t for t in kids if (t.dep in _OBJECT_DEPS and not self._prep_of(t)) or
                     self._prep_of(t) in self.lex.content_preps]
        # "declined to 55 percent": a quantity after a preposition is no content
        parts = [t for t in parts if not (self._prep_of(t) and self._quantity(t))]
        if not parts:
            return None
        if len(parts) == 1 and parts[0].pos == "PRON" and not parts[0].children:
            return None
        lo = min(self._subtree(t.i)[0] for t in parts)
        hi = max(self._subtree(t.i)[1] for t in parts)
        while hi > lo and toks[hi].sent != v.sent:
            hi -= 1
        if hi - lo < 2 and not any(toks[k].pos in ("VERB", "AUX") for k in range(lo, hi + 1)):
            return None  # "praised the talks": a bare object of two words says nothing
        return self._trim((toks[lo].start, toks[hi].end))

    def _quantity(self, t: Tok) -> bool:
        """A prepositional phrase whose object is a number ("to 55 percent")."""
        obj = t if t.dep in ("obl", "nmod", "obj", "iobj") else next(
            (self.toks[c] for c in t.children if self.toks[c].dep == "pobj"), None)
        return obj is not None and (obj.pos == "NUM" or any(
            self.toks[c].pos == "NUM" and self.toks[c].dep in ("nummod", "quantmod")
            for c in obj.children))

    def _prep_of(self, t: Tok) -> str:
        """The preposition that makes ``t`` a prepositional complement: ``t`` itself
        (English ``prep``) or its ``case`` child (Universal Dependencies: "против
        повышения"); "" for a bare object."""
        if t.dep in ("prep", "dative", "prt", "agent"):
            return t.lower
        if t.dep in ("obl", "nmod", "obj", "iobj"):
            for c in t.children:
                if self.toks[c].dep == "case" and self.toks[c].i < t.i:
                    return self.toks[c].lower
        return ""

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
        """The reported clause of ``c`` without its complementiser ("that", "что") and
        edge punctuation. A condition opening the clause ("noted that if …, then …",
        "отметил, что если …, то …") stays: only the clause's own marks are dropped."""
        lo, hi = self._subtree(c.i)
        toks = self.toks
        marks = 0
        while lo <= hi:
            t = toks[lo]
            if t.pos == "PUNCT":
                lo += 1
                continue
            if t.lower in self.lex.conditionals and (marks or t.head != c.i):
                break  # "that if …": the condition belongs to what is said ("asked if": not)
            if t.pos == "SCONJ" or t.lower in ("that", "что", "чтобы", "whether"):
                lo += 1
                marks += 1
                continue
            break
        while hi >= lo and toks[hi].pos == "PUNCT":
            hi -= 1
        if hi < lo or hi - lo < 1:
            return None
        return toks[lo].start, toks[hi].end

    def _complement(self, v: Tok) -> tuple[int, int] | None:
        toks = self.toks
        # a clause after the cue first ("…, Barabak noted that …": not the misparsed
        # clause before it)
        for c in sorted(v.children, key=lambda c: (c < v.i, c)):
            ct = toks[c]
            if ct.dep == "ccomp" and self._is_clause(ct):
                return self._clause_span(ct)
        if v.dep == "xcomp" and v.head != v.i:
            # "continues to insist, …, that …": the clause hung on the verb above
            for c in toks[v.head].children:
                ct = toks[c]
                if c > v.i and ct.dep in ("ccomp", "advcl") and any(
                        toks[x].dep == "mark" and toks[x].lower in ("that", "что")
                        for x in ct.children):
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
        aside = v.dep == "advcl" and any(
            toks[c].dep == "mark" and toks[c].lower in self.lex.aside_marks and c < v.i
            for c in v.children)  # "As Novak said, …", "Как рассказал Новак, …"
        if (v.dep == "parataxis" or aside) and v.head != v.i:
            head = toks[v.head]
            # a parenthetical "he said" / "утверждает Пастухов": the host clause
            lo, hi = self._subtree(head.i)
            vlo, vhi = self._subtree(v.i)
            span: tuple[int, int] | None
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
            elif self.ru and t.lower == "по" and nxt_low in self.lex.according_nouns:
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
                who = objs[0] if objs else poss[0] if poss else None
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

