"""PDFs load nothing from outside: only data: URLs; any other address is left out of the
document (with WeasyPrint's warning), never fetched and never a crash."""

from __future__ import annotations

import base64

import pytest

from woonkans.core.pdf import html_to_pdf, offline_fetcher

# A 1x1 PNG.
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/logo.png", "https://example.invalid/x.css", "file:///etc/hostname"]
)
def test_the_fetcher_refuses_every_address_but_data(url):
    with pytest.raises(ValueError, match="disallowed protocol"):
        offline_fetcher().fetch(url)


def test_the_fetcher_reads_data_urls():
    response = offline_fetcher().fetch("data:text/plain,hallo")
    assert response.read() == b"hallo"


def test_a_document_pointing_outside_is_made_without_it(caplog):
    html = (
        '<html lang="nl"><head><title>Brief</title></head><body><p>Tekst</p>'
        '<img alt="" src="http://127.0.0.1:9/logo.png">'
        f'<img alt="" src="data:image/png;base64,{PIXEL}"></body></html>'
    )
    pdf = html_to_pdf(html, ["@import url('file:///etc/hostname'); p { color: #222; }"])
    assert pdf.startswith(b"%PDF-")
    assert "disallowed protocol" in caplog.text
