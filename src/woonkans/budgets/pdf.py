"""The quarterly financial summary as a PDF (WeasyPrint, like the letters in
``woonkans.documents.rendering``): nothing is fetched from outside, fonts from the machine."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .models import QuarterlySummary


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The summary loads nothing from outside: {url[:40]}")


def summary_html(summary: QuarterlySummary) -> str:
    return render_to_string(
        "budgets/pdf/summary.html",
        {"summary": summary, "lang": translation.get_language() or "nl"},
    )


def summary_pdf(summary: QuarterlySummary) -> bytes:
    import weasyprint

    css = weasyprint.CSS(
        string=render_to_string("budgets/pdf/summary.css"), url_fetcher=_refuse_fetch
    )
    document = weasyprint.HTML(string=summary_html(summary), url_fetcher=_refuse_fetch)
    return document.write_pdf(stylesheets=[css], pdf_variant="pdf/ua-1")
