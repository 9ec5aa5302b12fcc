"""PDF from our own HTML templates (WeasyPrint), with nothing fetched from outside."""

from __future__ import annotations

from collections.abc import Sequence


def offline_fetcher():
    """A WeasyPrint URL fetcher that loads only ``data:`` URLs (images embedded in a
    document). Any other address — web, file — is refused; WeasyPrint then leaves that
    resource out with a warning instead of loading it."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def html_to_pdf(html: str, stylesheets: Sequence[str]) -> bytes:
    """A tagged PDF (PDF/UA-1) of ``html`` laid out with the given CSS texts;
    deterministic for the same input."""
    import weasyprint

    fetcher = offline_fetcher()
    sheets = [weasyprint.CSS(string=css, url_fetcher=fetcher) for css in stylesheets]
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, pdf_variant="pdf/ua-1")
