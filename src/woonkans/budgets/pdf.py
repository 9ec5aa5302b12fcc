"""The quarterly financial summary as a PDF (WeasyPrint, like the letters in
``woonkans.documents.rendering``): nothing is fetched from outside, fonts from the machine."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from woonkans.core.pdf import html_to_pdf

from .models import QuarterlySummary


def summary_html(summary: QuarterlySummary) -> str:
    return render_to_string(
        "budgets/pdf/summary.html",
        {"summary": summary, "lang": translation.get_language() or "nl"},
    )


def summary_pdf(summary: QuarterlySummary) -> bytes:
    return html_to_pdf(summary_html(summary), [render_to_string("budgets/pdf/summary.css")])
