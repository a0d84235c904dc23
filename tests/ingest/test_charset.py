"""Web pages are read in the charset their bytes are in, whatever they declare, and the
decision is kept with the article (``Source.encoding``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest import ingest, read_inputs, to_article
from dateline.ingest.charset import PageDecodeError, decode_page
from dateline.model import Article, IngestError
from dateline.store import SQLiteStore

CHARSETS = Path(__file__).resolve().parent.parent / "fixtures" / "charsets"
MOJIBAKE = ("Ã", "Â", "\ufffd")


def article_of(name: str) -> Article:
    (raw,) = read_inputs([str(CHARSETS / name)])
    article = to_article(raw)  # type: ignore[arg-type]
    assert isinstance(article, Article), article
    return article


def text_of(article: Article) -> str:
    return " ".join((article.title or "", *article.paragraphs))


@pytest.mark.parametrize(("name", "words", "declared"), [
    ("de_utf8_declares_latin1.html", ("für", "Datenschutzbehörde", "Bußgeldern"), "iso-8859-1"),
    ("es_utf8_declares_cp1252.html", ("sanción", "compañía", "«La sanción"), "windows-1252"),
])
def test_utf8_page_declaring_latin1_is_read_as_utf8(name: str, words: tuple[str, ...],
                                                     declared: str) -> None:
    article = article_of(name)
    text = text_of(article)
    assert all(word in text for word in words)
    assert not any(bad in text for bad in MOJIBAKE)
    assert article.source.encoding == f"utf-8 (valid UTF-8; declared {declared} ignored)"


def test_stray_latin1_bytes_do_not_reject_the_page() -> None:
    article = article_of("en_utf8_stray_bytes.html")
    text = text_of(article)
    assert "café near the clock tower" in text and "déjà vu" in text  # the strays, read right
    assert "market’s stalls" in text  # and the page's real UTF-8 as UTF-8
    assert article.source.encoding == "utf-8 (3 stray bytes read as windows-1252)"


def test_genuine_windows_1252_page_declared() -> None:
    article = article_of("es_windows1252.html")
    assert "sanción de 3,2 millones" in text_of(article)
    assert "«La sanción es la más alta" in text_of(article)
    assert article.source.encoding == "windows-1252 (declared windows-1252 in <meta>)"


def test_genuine_windows_1252_page_undeclared_is_detected() -> None:
    article = article_of("de_windows1252_undeclared.html")
    text = text_of(article)
    assert "Regeln für Cookies" in text and "„Ein Klick auf ‚Alle akzeptieren‘" in text
    assert article.source.encoding == "windows-1252 (detected)"


def test_http_header_comes_before_meta_and_iso_8859_1_means_windows_1252() -> None:
    body = ("<html><head><meta charset='utf-8'></head><body><p>Sanci\u00f3n \u201cfirme\u201d"
            "</p></body></html>").encode("cp1252")
    page = decode_page(body, declared="ISO-8859-1")
    assert "Sanción “firme”" in page.text  # 0x93/0x94 are windows-1252's quotes
    assert page.encoding == "windows-1252 (declared iso-8859-1 in the HTTP header)"


def test_cyrillic_page_is_detected_as_such() -> None:
    text = ("<html><body><p>Сирийские демократические силы заявили во вторник, что вошли в "
            "Ракку с востока после недель тяжёлых боёв.</p></body></html>")
    page = decode_page(text.encode("cp1251"))
    assert "демократические силы" in page.text
    assert page.encoding == "cp1251 (detected)"


def test_byte_order_mark_wins() -> None:
    page = decode_page("\ufeff<p>Raqqa f\u00fcr</p>".encode("utf-16-le"))
    assert page.text == "<p>Raqqa für</p>" and page.encoding == "utf-16-le (byte order mark)"


def test_binary_data_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(PageDecodeError, match="binary data"):
        decode_page(b"<html>\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    page = tmp_path / "image.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (error,) = read_inputs([str(page)])
    assert isinstance(error, IngestError) and error.reason == "unknown encoding"
    assert "NUL byte" in error.detail


def test_the_decision_is_stored_with_the_article(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "charsets.db")
    report = ingest(store, [str(CHARSETS)])
    assert report.read == 5 and not report.errors
    # read right, a page and its windows-1252 twin are the same text: one article
    assert store.count_articles() == 3
    encodings = {a.source.path: a.source.encoding for a in store.iter_articles()}
    assert encodings[str(CHARSETS / "de_utf8_declares_latin1.html")] == (
        "utf-8 (valid UTF-8; declared iso-8859-1 ignored)")


@given(st.binary(max_size=400).filter(lambda data: b"\x00" not in data),
       st.sampled_from([None, "utf-8", "iso-8859-1", "shift_jis", "no-such-charset"]))
def test_any_bytes_without_nul_decode(data: bytes, declared: str | None) -> None:
    page = decode_page(data, declared)
    assert isinstance(page.text, str) and page.encoding


def test_a_megabyte_line_without_non_ascii_bytes_is_no_trap() -> None:
    """The detector's sample was one regex that backtracked quadratically on a long line of
    ASCII (a 1 MB attribute; found by bench/fuzz.py): it ran for hours."""
    page = (b'<html><head><meta charset="utf-8"></head><body><div data-x="' + b"A" * 1_000_000
            + b'"></div><p>Neue Regeln f\xfcr Cookies</p></body></html>')
    decoded = decode_page(page)
    assert "Regeln für Cookies" in decoded.text
    assert decoded.encoding == "windows-1252 (detected; declared utf-8 does not fit)"
