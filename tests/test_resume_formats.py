"""Every reader is resumable and idempotent: an ingest killed after its first chunk and run
again ends with exactly the documents of one clean run, and a third run adds nothing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import presswatch
from presswatch.config import Settings

from .test_readers_formats import PAGE, _warc

ARTICLES = [
    ("Rail freight between Brest and Smolensk grows",
     "Railway operators in Brest said on Monday that container traffic to Smolensk rose by "
     "12 percent this spring. Chief engineer Marina Kovalchuk said new terminals would open."),
    ("В Казани открылся форум промышленников",
     "Губернатор Игорь Соловьев открыл в Казани форум промышленников. По его словам, в "
     "работе форума участвуют более 300 предприятий из Беларуси и России."),
    ("Grodno and Pskov sign a tourism memorandum",
     "Officials of Grodno and Pskov signed a memorandum on border tourism on Friday, "
     "Deputy Governor Alexei Ryabov told reporters after the ceremony in Grodno."),
]


def _html_folder(root: Path) -> list[Path]:
    folder = root / "pages"
    folder.mkdir()
    for n, (title, body) in enumerate(ARTICLES):
        lead = "Belarusian Industry Minister Pavel Savchenko held talks"
        page = PAGE.replace("Talks in Kazan", title).replace(lead, f"{body} Officials held talks")
        (folder / f"{n}.html").write_text(page, encoding="utf-8")
    return [folder]


def _jsonl(root: Path) -> list[Path]:
    path = root / "export.jsonl"
    path.write_text("\n".join(
        json.dumps({"title": t, "text": b, "date": f"2024-05-0{n + 1}"})
        for n, (t, b) in enumerate(ARTICLES)
    ), encoding="utf-8")
    return [path]


def _csv(root: Path) -> list[Path]:
    path = root / "export.csv"
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["title", "text", "date"])
    for n, (t, b) in enumerate(ARTICLES):
        writer.writerow([t, b, f"2024-05-0{n + 1}"])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return [path]


def _feed(root: Path) -> list[Path]:
    entries = "".join(
        f"<item><title>{t}</title><link>https://example.org/{n}</link>"
        f"<pubDate>Tue, 0{n + 1} May 2024 10:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{b}</p><p>{b}</p>]]></content:encoded></item>"
        for n, (t, b) in enumerate(ARTICLES)
    )
    path = root / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Border Courier</title>{entries}</channel></rss>",
        encoding="utf-8",
    )
    return [path]


def _warc_file(root: Path) -> list[Path]:
    path = root / "crawl.warc.gz"
    _warc(path)
    return [path, *_html_folder(root)]


def _text(root: Path) -> list[Path]:
    folder = root / "dumps"
    folder.mkdir()
    for n, (t, b) in enumerate(ARTICLES):
        (folder / f"{n}.txt").write_text(f"{t}\n\n{b}\n", encoding="utf-8")
    return [folder]


MAKERS: dict[str, Callable[[Path], list[Path]]] = {
    "text": _text, "html": _html_folder, "jsonl": _jsonl, "csv": _csv, "feed": _feed,
    "warc": _warc_file,
}


def _export(db: Path) -> list[dict]:
    buf = io.StringIO()
    with presswatch.open(db) as corpus:
        corpus.export(buf)
    return sorted(map(json.loads, buf.getvalue().splitlines()), key=lambda r: r["id"])


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_killed_ingest_resumes_to_the_clean_result(fmt: str, tmp_path: Path) -> None:
    inputs = MAKERS[fmt](tmp_path)
    settings = Settings(chunk_size=1)
    clean, broken = tmp_path / "clean.db", tmp_path / "broken.db"
    presswatch.ingest(inputs, db=clean, settings=settings)
    expected = _export(clean)
    assert len(expected) >= 3

    def die(n: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        presswatch.ingest(inputs, db=broken, settings=settings, progress=die)
    assert len(_export(broken)) == 1
    presswatch.ingest(inputs, db=broken, settings=settings)
    assert _export(broken) == expected
    again = presswatch.ingest(inputs, db=broken, settings=settings)
    assert again.ingested == 0 and again.duplicates == 0
    assert _export(broken) == expected
