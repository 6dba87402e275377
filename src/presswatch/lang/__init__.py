"""Per-language rule data: one folder per language, one file per concern, one loader.

The extractors never spell out a language's words; they ask this module. A language is a
folder ``lang/<code>/`` beside this file holding plain data files:

* ``<name>.txt``: a word list, one entry per line (a phrase may contain spaces);
* ``<name>.tsv``: a table, one ``key<TAB>value[<TAB>value...]`` row per line.

In both, ``#`` starts a comment line and blank lines are skipped; entries keep their case
(callers fold as they need). Adding a third language is a new folder with the same file
names: no extractor changes. :func:`available` lists what a language has, so a missing
file is an empty list, never an error at import time.

Loading is lazy and cached per process: nothing is read until an extractor first asks.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["available", "languages", "table", "table_rows", "word_list", "words"]


def _read(lang: str, filename: str) -> list[str]:
    root = resources.files(__package__).joinpath(lang, filename)
    if not root.is_file():
        return []
    rows = []
    for raw in root.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(line.strip() if "\t" not in line else line.strip(" "))
    return rows


@cache
def languages() -> tuple[str, ...]:
    """The language codes that have a data folder."""
    base = resources.files(__package__)
    return tuple(
        sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("_"))
    )


@cache
def available(lang: str) -> tuple[str, ...]:
    """The data names (file stems) a language defines."""
    folder = resources.files(__package__).joinpath(lang)
    if not folder.is_dir():
        return ()
    files = (p.name for p in folder.iterdir() if p.name.endswith((".txt", ".tsv")))
    return tuple(sorted({name.rsplit(".", 1)[0] for name in files}))


@cache
def words(lang: str, name: str) -> frozenset[str]:
    """The word list ``lang/<lang>/<name>.txt`` as a set (empty when absent)."""
    return frozenset(_read(lang, f"{name}.txt"))


@cache
def word_list(lang: str, name: str) -> tuple[str, ...]:
    """The word list in file order (for ordered alternations, longest-first patterns)."""
    return tuple(_read(lang, f"{name}.txt"))


@cache
def table_rows(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """Every row of ``lang/<lang>/<name>.tsv`` as a tuple of cells, in file order."""
    rows = _read(lang, f"{name}.tsv")
    return tuple(tuple(cell.strip() for cell in row.split("\t")) for row in rows)


@cache
def table(lang: str, name: str) -> dict[str, str]:
    """The two-column table ``lang/<lang>/<name>.tsv`` as a mapping (first cell -> second)."""
    return {row[0]: (row[1] if len(row) > 1 else "") for row in table_rows(lang, name)}
