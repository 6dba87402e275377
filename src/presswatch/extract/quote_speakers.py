"""Speaker resolution of the quote extractor (a mixin of
:class:`~presswatch.extract.quotes.QuoteExtractor`): the subject of a cue (climbing
participles and conjuncts, passive agents, relative pronouns), and what it names: an
entity of :class:`~presswatch.extract.quote_model.EntityLookup`, a pronoun's antecedent
(gender-checked), a title's holder, an organisation behind "it" / "the company", or a
name the tagger missed. The cue as written (particles, set phrases) comes from here too."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from presswatch.extract.quote_model import _Attribution
from presswatch.extract.quote_text import _NAME_WORD, _is_headline, _trim_name
from presswatch.model import Entity
from presswatch.nlp.tokens import Tok

if TYPE_CHECKING:
    from presswatch.extract.quote_lexicon import Lexicon
    from presswatch.extract.quote_model import EntityLookup

SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "OTHER"})
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Madam|Sir|Lord|Lady)\.?\s+$")


class SpeakerRules:
    """Who speaks: the subject of a cue and what it refers to."""

    text: str
    ru: bool
    lex: Lexicon
    people: EntityLookup
    toks: list[Tok]
    paras: list[tuple[int, int]]
    para_starts: list[int]
    quoted: list[tuple[int, int]]
    _quoted_starts: list[int]
    _person_mentions: list[tuple[int, int, Entity]]
    _org_mentions: list[tuple[int, int, Entity]]
    _subject_events: list[tuple[int, Entity]]
    _genders: dict[int, bool | None]
    phrase_start: dict[int, int]

    if TYPE_CHECKING:
        def toks_in(self, start: int, end: int) -> list[Tok]: ...

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
        if subj.lower not in self.lex.relatives or subj.head == subj.i:
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
        pronouns = self.lex.pronouns
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
        if ent is not None and ent.type != "PERSON" and \
                self.lex.correspondents.has(subj.lemma, subj.lower):
            ent = None  # "the BBC's correspondent": the writer, not the outlet
        if ent is None:
            ent = self.person_in(subj)
        if ent is not None:
            return _Attribution(None, None, span, ent, None)
        if self._is_title(subj):
            ent = self.title_person(span, subj.start)
            if ent is None and self._anaphoric_title(subj):
                ent = self.people.resolve_pronoun(subj.start, prefer_speaker=prefer)
            return _Attribution(None, None, span, ent, None)
        if self.lex.org_nouns.has(subj.lemma, subj.lower):
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
            g = True if first in self.lex.female else False if first in self.lex.male else None
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
            elif t.pos == "PROPN" and words[0].lower() not in self.lex.male | self.lex.female:
                found = (None, name)
        return _Attribution(None, None, span, found[0], found[1])

    def _anaphoric_title(self, subj: Tok) -> bool:
        """A bare title that may stand for someone named before ("the minister said",
        "министр заявил"); not someone else's ("Svoboda's spokesman", "the BBC's
        correspondent"), not an indefinite one ("a senior official", "an expert") and not
        a generic one ("экспертов", "officials")."""
        toks = self.toks
        for c in subj.children:
            ct = toks[c]
            if ct.dep in ("poss", "nmod:poss") or (ct.dep == "det" and ct.lower in (
                    "a", "an", "some", "another", "any", "one")):
                return False
            if ct.dep in ("nmod", "compound") and self.people.entity_at(ct.start, ct.end):
                return False  # "глава компании X", "BBC correspondent"
        if self.lex.correspondents.has(subj.lemma, subj.lower):
            return False
        return not (subj.lemma != subj.lower and subj.lower.endswith("s") and not self.ru)

    def _is_title_word(self, word: str) -> bool:
        return self.lex.titles.has(word.lower())

    def _is_title(self, t: Tok) -> bool:
        return self.lex.titles.has(t.lemma, t.lower)

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
        objs = self.lex.phrase_objects(v.lemma, v.lower)
        if objs:
            for c in v.children:
                ct = self.toks[c]
                if ct.lower in objs and ct.i > v.i and ct.i - v.i <= 3:
                    end = max(end, ct.end)
        return self.text[v.start:end], (v.start, end)

    def attribution(self, v: Tok, prefer: Entity | None) -> _Attribution:
        first = self.phrase_start.get(v.i)
        head = self.toks[first] if first is not None else v  # "let it be known": "let"
        subj = self.subject_of(head)
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
        if head is not v:
            att.cue, att.cue_span = self.text[head.start:v.end], (head.start, v.end)
        return att

