"""The quote extractor's vocabulary for one language, read from ``presswatch.lang``.

Every word list lives in ``lang/<code>/`` (see each file's header comment):

* ``cues.txt``: reporting verbs, as lemmas or as stems ending with ``*`` (Russian);
* ``cue_multiword.txt``: multi-word cues, the words in order ("let it be know", "make it
  clear", "да* понять"); ``cue_phrases.tsv``: set phrases (a cue and the object words that
  belong to it as written: "set the task");
* ``cues_object.txt``: cues whose object or infinitive is what is said ("urge", "pledge",
  "призва*"), and ``verb preposition`` lines for cues only with that preposition ("push
  for", "выступи* против"); ``content_preps.txt``: the prepositions whose object is content;
* ``cues_clause_only.txt``, ``cues_after_quote.txt``: belief and judgment verbs that report
  only with a clause, and the few of them allowed after a quote;
* ``cue_nouns.txt``: reporting nouns with a clause ("his claim that"); ``cue_nouns_prep.txt``:
  with a prepositional object or an infinitive ("attacks on", "promise to");
* ``aside_marks.txt``: what makes a cue an aside on its host clause ("as", "как");
* ``governing_preps.txt``: prepositions through which quoted words hang on a cue ("as");
* ``conditional_marks.txt``: words that open a condition inside a reported clause
  ("if", "если"), which never end it;
* ``speaker_titles.txt``, ``org_nouns.txt``, ``speaker_pronouns.txt``,
  ``relative_pronouns.txt``, ``first_names.tsv``, ``according_nouns.txt``,
  ``abbreviations.txt``, ``correspondent_nouns.txt`` (a correspondent is the speaker, not
  the outlet named beside: "X, the BBC's correspondent, said").

A third language is a new folder with the same file names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from presswatch import lang

__all__ = ["Lexicon", "all_abbreviations", "lexicon"]


@dataclass(frozen=True, slots=True)
class _Vocab:
    """A word list of exact entries and ``stem*`` prefixes."""

    exact: frozenset[str]
    stems: tuple[str, ...]

    @classmethod
    def of(cls, entries: tuple[str, ...]) -> _Vocab:
        exact = frozenset(e.lower() for e in entries if not e.endswith("*"))
        stems = tuple(sorted({e[:-1].lower() for e in entries if e.endswith("*")},
                             key=len, reverse=True))
        return cls(exact, stems)

    def has(self, *forms: str) -> bool:
        return any(f in self.exact for f in forms) or any(
            f.startswith(self.stems) for f in forms if self.stems)


@dataclass(frozen=True, slots=True)
class Lexicon:
    code: str
    cues: _Vocab
    object_cues: _Vocab
    object_preps: dict[str, frozenset[str]]
    content_preps: frozenset[str]
    clause_only: _Vocab
    after_quote: _Vocab
    cue_nouns: _Vocab
    prep_nouns: _Vocab
    titles: _Vocab
    org_nouns: _Vocab
    correspondents: _Vocab
    pronouns: frozenset[str]
    relatives: frozenset[str]
    conditionals: frozenset[str]
    aside_marks: frozenset[str]
    according_nouns: frozenset[str]
    phrases: tuple[tuple[_Vocab, frozenset[str]], ...]
    multiword: tuple[tuple[str, ...], ...]
    governing_preps: frozenset[str]
    female: frozenset[str]
    male: frozenset[str]

    def is_cue(self, lemma: str, lower: str) -> bool:
        return self.cues.has(lemma, lower) or self.object_cues.has(lemma, lower) or bool(
            self.preps_for(lemma, lower))

    def preps_for(self, lemma: str, lower: str) -> frozenset[str]:
        """The prepositions a verb is a cue with only ("call for", "выступил против")."""
        got = self.object_preps.get(lemma) or self.object_preps.get(lower)
        if got:
            return got
        for key, preps in self.object_preps.items():
            if key.endswith("*") and (lower.startswith(key[:-1]) or lemma.startswith(key[:-1])):
                return preps
        return frozenset()

    def phrase_objects(self, lemma: str, lower: str) -> frozenset[str]:
        """The object words of a set phrase on this verb ("set" -> task, goal)."""
        for verb, objs in self.phrases:
            if verb.has(lemma, lower):
                return objs
        return frozenset()


@cache
def lexicon(code: str) -> Lexicon:
    """The vocabulary of language ``code`` (empty lists for a language without files)."""

    def vocab(name: str) -> _Vocab:
        return _Vocab.of(lang.word_list(code, name))

    def low(name: str) -> frozenset[str]:
        return frozenset(w.lower() for w in lang.word_list(code, name))

    phrases = tuple((_Vocab.of((row[0],)), frozenset(w.lower() for w in row[1:]))
                    for row in lang.table_rows(code, "cue_phrases") if len(row) > 1)
    multiword = tuple(tuple(p.lower().split()) for p in lang.word_list(code, "cue_multiword")
                      if len(p.split()) > 1)
    genders = lang.table(code, "first_names")
    return Lexicon(
        code=code,
        cues=vocab("cues"),
        object_cues=_Vocab.of(tuple(w for w in lang.word_list(code, "cues_object")
                                    if " " not in w)),
        object_preps=_object_preps(lang.word_list(code, "cues_object")),
        content_preps=low("content_preps"),
        clause_only=vocab("cues_clause_only"),
        after_quote=vocab("cues_after_quote"),
        cue_nouns=vocab("cue_nouns"),
        prep_nouns=vocab("cue_nouns_prep"),
        titles=vocab("speaker_titles"),
        org_nouns=vocab("org_nouns"),
        correspondents=vocab("correspondent_nouns"),
        pronouns=low("speaker_pronouns"),
        relatives=low("relative_pronouns"),
        conditionals=low("conditional_marks"),
        aside_marks=low("aside_marks"),
        according_nouns=low("according_nouns"),
        phrases=phrases,
        multiword=multiword,
        governing_preps=low("governing_preps"),
        female=frozenset(n for n, g in genders.items() if g == "f"),
        male=frozenset(n for n, g in genders.items() if g == "m"),
    )


def _object_preps(entries: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """``call for`` / ``speak of``: the verbs that are cues only with these prepositions."""
    out: dict[str, set[str]] = {}
    for e in entries:
        parts = e.lower().split()
        if len(parts) == 2:
            out.setdefault(parts[0], set()).add(parts[1])
    return {k: frozenset(v) for k, v in out.items()}


@cache
def all_abbreviations() -> frozenset[str]:
    """Words after which a period ends no sentence, in every language (the sentence
    splitter runs before a language is known)."""
    return frozenset(w.lower() for code in lang.languages()
                     for w in lang.word_list(code, "abbreviations"))
