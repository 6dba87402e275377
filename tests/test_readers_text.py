"""Raw text reader: encodings, folders, and every way an item can be rejected."""

from __future__ import annotations

import io
import os
import random
import sys
from pathlib import Path

import pytest

from presswatch.config import Settings
from presswatch.model import RawItem, Rejection
from presswatch.readers.text import DecodeError, decode_bytes, read_path, read_stdin

RUSSIAN = [
    "Президент России Владимир Путин провёл переговоры с Александром Лукашенко в Минске.",
    "Москва, 5 марта. Товарооборот между странами вырос на 10 процентов.",
    "ЦБ повысил ключевую ставку",
    "Привет, мир!",
    "ООО «Газпром» сообщило о росте прибыли на 15%.",
    "Лукашенко: «Беларусь никогда не станет врагом России»",
    "Температура воздуха +25°C, ветер 5 м/с.",
    "№ 5 от 12.03.2024. Об этом сообщает ТАСС.",
    "Минобороны РФ",
    "съезд",
    "Ёлка",
    "Да",
]
ENGLISH = "Belarusian President Alexander Lukashenko met Vladimir Putin in Minsk on Friday."


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- decode_bytes ------------------------------------------------------------------------


def test_utf8() -> None:
    assert decode_bytes("Héllo — «мир»".encode()) == ("Héllo — «мир»", "utf-8")


def test_utf8_bom_is_stripped() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + "Привет".encode()) == ("Привет", "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    data = bom + f"{ENGLISH}\n{RUSSIAN[0]}".encode(codec)
    assert decode_bytes(data) == (f"{ENGLISH}\n{RUSSIAN[0]}", "utf-16")


def test_utf32_with_bom() -> None:
    assert decode_bytes(RUSSIAN[0].encode("utf-32")) == (RUSSIAN[0], "utf-32")


def test_bad_utf16_after_bom() -> None:
    with pytest.raises(DecodeError, match="undecodable bytes"):
        decode_bytes(b"\xff\xfe" + b"\x00\xd8a\x00")  # a lone surrogate


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ENGLISH, RUSSIAN[0], "Добрыйдень"])
def test_utf16_without_bom(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec)) == (text, codec)


@pytest.mark.parametrize("text", RUSSIAN)
def test_cp1251_russian(text: str) -> None:
    assert decode_bytes(text.encode("cp1251")) == (text, "cp1251")


@pytest.mark.parametrize("text", [t for t in RUSSIAN if not set(t) & set("№«»")])
def test_koi8r_russian(text: str) -> None:
    assert decode_bytes(text.encode("koi8-r")) == (text, "koi8-r")


def test_cp1251_long_article() -> None:
    article = "\n\n".join(RUSSIAN) * 20
    assert decode_bytes(article.encode("cp1251")) == (article, "cp1251")


@pytest.mark.parametrize("text", ["café crème brûlée", "Größe und Maß", "Zürich €5"])
def test_western_code_page(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_newlines_normalised_and_nfc() -> None:
    data = "a\r\nb\rc\nd e\u0301".encode()
    text, _ = decode_bytes(data)
    assert text == "a\nb\nc\nd \u00e9"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + random.Random(1).randbytes(300),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + random.Random(2).randbytes(300),
        random.Random(3).randbytes(4096),
        bytes(random.Random(4).choices(range(1, 256), k=40)),
        b"text with \x01\x02\x03\x04\x05\x06 control characters \x07\x08\x1b",
    ],
)
def test_binary(data: bytes) -> None:
    with pytest.raises(DecodeError, match="binary file"):
        decode_bytes(data)


def test_undecodable() -> None:
    rng = random.Random(5)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(300))
    with pytest.raises(DecodeError, match="undecodable bytes"):
        decode_bytes(data)


def test_utf8_read_as_code_page_is_not_accepted() -> None:
    # Cyrillic utf-8 cut into garbage: not a plausible cp1251/koi8-r text either.
    data = "Привет мир".encode()[:-1] + b"\xff\xfe\xfd" + bytes(range(0x80, 0xA0))
    with pytest.raises(DecodeError, match="undecodable bytes"):
        decode_bytes(data)


def test_utf8_with_one_bad_byte_is_repaired() -> None:
    data = (RUSSIAN[0] * 3).encode() + b"\xff"
    assert decode_bytes(data) == (RUSSIAN[0] * 3 + "\ufffd", "utf-8")


# -- read_path ----------------------------------------------------------------------------


def test_read_file(in_tmp: Path) -> None:
    (in_tmp / "news").mkdir()
    (in_tmp / "news" / "a.txt").write_bytes(RUSSIAN[0].encode("cp1251"))
    [item] = read_path(Path("news/a.txt"))
    assert item == RawItem(
        source="news/a.txt", text=RUSSIAN[0], group="news", encoding="cp1251"
    )


def test_absolute_path_under_cwd_is_relative(in_tmp: Path) -> None:
    (in_tmp / "a.txt").write_text(ENGLISH, encoding="utf-8")
    [item] = read_path(in_tmp / "a.txt")
    assert isinstance(item, RawItem)
    assert item.source == "a.txt"
    assert item.group == "."


def test_path_outside_cwd_is_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "data" / "a.txt").write_text(ENGLISH, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "elsewhere")
    [item] = read_path(Path("../data/a.txt"))
    assert isinstance(item, RawItem)
    assert item.source == str(tmp_path / "data" / "a.txt")
    assert item.group == str(tmp_path / "data")


def test_sample_corpus_encodings() -> None:
    """The project's samples: their gold says which encoding each file is in."""
    import json

    root = Path(__file__).resolve().parents[1]
    gold = json.loads((root / "tests" / "data" / "sample_gold.json").read_text("utf-8"))
    for rel, expected in gold.items():
        [item] = read_path(root / rel)
        assert isinstance(item, RawItem), rel
        assert item.encoding == expected["encoding"], rel


def test_folder_recursive_sorted_hidden_skipped(in_tmp: Path) -> None:
    root = in_tmp / "corpus"
    (root / "b").mkdir(parents=True)
    (root / "a" / "z").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / "b" / ".draft.txt").write_text("draft", encoding="utf-8")
    for rel in ["c.txt", "a/2.txt", "a/10.txt", "a/z/x.txt", "b/1.txt"]:
        (root / rel).write_text(f"article {rel}", encoding="utf-8")
    items = list(read_path(root))
    assert all(isinstance(i, RawItem) for i in items)
    assert [i.source for i in items] == [
        "corpus/a/10.txt",
        "corpus/a/2.txt",
        "corpus/a/z/x.txt",
        "corpus/b/1.txt",
        "corpus/c.txt",
    ]
    assert [i.group for i in items] == ["corpus/a", "corpus/a", "corpus/a/z", "corpus/b", "corpus"]
    assert items[0].text == "article a/10.txt"


def test_hidden_file_given_directly_is_read(in_tmp: Path) -> None:
    (in_tmp / ".note.txt").write_text(ENGLISH, encoding="utf-8")
    [item] = read_path(Path(".note.txt"))
    assert isinstance(item, RawItem)


def test_current_directory(in_tmp: Path) -> None:
    (in_tmp / "a.txt").write_text(ENGLISH, encoding="utf-8")
    [item] = read_path(Path("."))
    assert isinstance(item, RawItem)
    assert (item.source, item.group) == ("a.txt", ".")


def test_symlink_loop_terminates(in_tmp: Path) -> None:
    root = in_tmp / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(ENGLISH, encoding="utf-8")
    os.symlink(root, root / "sub" / "loop")
    os.symlink(root / "sub" / "self", root / "sub" / "self")  # a link to itself
    items = list(read_path(root))
    raws = [i for i in items if isinstance(i, RawItem)]
    assert [i.source for i in raws] == ["corpus/sub/a.txt"]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [r.source for r in rejected] == ["corpus/sub/self"]
    assert rejected[0].reason.startswith("unreadable:")


def test_empty_and_whitespace_files(in_tmp: Path) -> None:
    (in_tmp / "empty.txt").write_bytes(b"")
    (in_tmp / "blank.txt").write_bytes(b" \n\t\r\n ")
    (in_tmp / "blank16.txt").write_bytes(b"\xff\xfe" + " \n \n".encode("utf-16-le"))
    items = list(read_path(in_tmp))
    assert items == [
        Rejection("blank.txt", "empty file"),
        Rejection("blank16.txt", "empty file"),
        Rejection("empty.txt", "empty file"),
    ]


def test_binary_file_rejected(in_tmp: Path) -> None:
    (in_tmp / "logo.png").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(7).randbytes(512)
    )
    assert list(read_path(Path("logo.png"))) == [Rejection("logo.png", "binary file")]


def test_undecodable_file_rejected(in_tmp: Path) -> None:
    rng = random.Random(8)
    (in_tmp / "x.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(500)))
    [item] = read_path(Path("x.txt"))
    assert isinstance(item, Rejection)
    assert item.reason.startswith("undecodable bytes")


def test_large_file_rejected_without_reading(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = in_tmp / "dump.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: no disk used

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    import builtins

    monkeypatch.setattr(builtins, "open", no_open)
    items = list(read_path(big))
    assert items == [
        Rejection("dump.txt", "file too large: 52428800 bytes > limit 10485760")
    ]


def test_custom_size_limit(in_tmp: Path) -> None:
    (in_tmp / "a.txt").write_text("x" * 200, encoding="utf-8")
    [item] = read_path(Path("a.txt"), Settings(max_bytes=100))
    assert item == Rejection("a.txt", "file too large: 200 bytes > limit 100")


def test_missing_path(in_tmp: Path) -> None:
    [item] = read_path(Path("nope/missing.txt"))
    assert isinstance(item, Rejection)
    assert item.source == "nope/missing.txt"
    assert item.reason == "unreadable: No such file or directory"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads mode-000 files"
)
def test_permission_denied(in_tmp: Path) -> None:
    (in_tmp / "d").mkdir()
    secret = in_tmp / "d" / "secret.txt"
    secret.write_text(ENGLISH, encoding="utf-8")
    locked = in_tmp / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(ENGLISH, encoding="utf-8")
    secret.chmod(0)
    locked.chmod(0)
    try:
        items = list(read_path(in_tmp))
    finally:
        secret.chmod(0o644)
        locked.chmod(0o755)
    assert items == [
        Rejection("d/secret.txt", "unreadable: Permission denied"),
        Rejection("locked", "unreadable: Permission denied"),
    ]


def test_one_bad_file_does_not_stop_the_folder(in_tmp: Path) -> None:
    (in_tmp / "a.txt").write_bytes(b"")
    (in_tmp / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (in_tmp / "c.txt").write_text(ENGLISH, encoding="utf-8")
    items = list(read_path(in_tmp))
    assert [type(i).__name__ for i in items] == ["Rejection", "Rejection", "RawItem"]


# -- read_stdin ---------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, RUSSIAN[1].encode("cp1251"))
    assert list(read_stdin()) == [
        RawItem(source="<stdin>", text=RUSSIAN[1], group="<stdin>", encoding="cp1251")
    ]


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"  \n")
    assert list(read_stdin()) == [Rejection("<stdin>", "empty file")]


def test_stdin_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert list(read_stdin()) == [Rejection("<stdin>", "binary file")]


def test_stdin_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"x" * 101)
    [item] = read_stdin(Settings(max_bytes=100))
    assert isinstance(item, Rejection)
    assert item.reason.startswith("file too large")


def test_permission_denied_simulated(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above where chmod cannot block (root): the OS errors are raised."""
    import builtins

    (in_tmp / "d").mkdir()
    (in_tmp / "d" / "secret.txt").write_text(ENGLISH, encoding="utf-8")
    (in_tmp / "locked").mkdir()
    (in_tmp / "ok.txt").write_text(ENGLISH, encoding="utf-8")
    real_open, real_os_open, real_scandir = builtins.open, os.open, os.scandir

    def guarded_open(file: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_os_open(file: object, *args: object, **kwargs: object) -> int:
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)  # type: ignore[arg-type]

    def guarded_scandir(path: object = "."):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    monkeypatch.setattr(os, "scandir", guarded_scandir)
    items = list(read_path(in_tmp))
    assert items[:2] == [
        Rejection("d/secret.txt", "unreadable: Permission denied"),
        Rejection("locked", "unreadable: Permission denied"),
    ]
    assert isinstance(items[2], RawItem)
