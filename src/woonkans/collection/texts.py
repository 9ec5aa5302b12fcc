"""Standard message texts to tenants, in plain Dutch (taalniveau B1).

These are addressed to households and are therefore written in Dutch directly (not
translated UI text). A step may replace them with its own ``message_text``; the same
placeholders work there: ``{corporatie}``, ``{bedrag}``, ``{contract}``. Texts name no
person: a phone may be shared or read by someone else.
"""

from __future__ import annotations

import re
from decimal import Decimal

SMS = (
    "Beste huurder, uw huur is nog niet betaald. Er staat nog € {bedrag} open. "
    "Wilt u dit snel betalen? Lukt dat niet? Neem dan contact met ons op. "
    "Samen zoeken we een oplossing. Groet, {corporatie}"
)

WHATSAPP = (
    "Hallo, dit is {corporatie}. Uw huur is nog niet helemaal betaald. "
    "Er staat nog € {bedrag} open.\n\n"
    "Kunt u dit betalen? Lukt het niet? Stuur ons een bericht of bel ons. "
    "We helpen u graag. Bijvoorbeeld met een betalingsregeling."
)

EMAIL_SUBJECT = "Uw huur is nog niet betaald"

EMAIL = """Beste huurder,

Uw huur is nog niet helemaal betaald. Er staat nog € {bedrag} open.
Dit gaat over huurcontract {contract}.

Wilt u dit bedrag zo snel mogelijk betalen?

Lukt betalen niet? Neem dan contact met ons op. Dan zoeken we samen een oplossing.
Bijvoorbeeld een betalingsregeling: u betaalt dan elke maand een deel.

Heeft u ook andere zorgen over geld? Dan helpen we u op weg naar gratis hulp.
U staat er niet alleen voor.

Met vriendelijke groet,

{corporatie}
"""

DEFAULT_TEXTS = {"sms": SMS, "whatsapp": WHATSAPP, "email": EMAIL}

_PLACEHOLDER = re.compile(r"\{(corporatie|bedrag|contract)\}")


def euro(amount: Decimal) -> str:
    """Dutch notation without the sign: ``1234.5`` → ``1.234,50``."""
    whole, _sep, cents = f"{amount.quantize(Decimal('0.01')):,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents}"


def render(template: str, *, corporatie: str, bedrag: Decimal, contract: str) -> str:
    """Fill the placeholders; any other braces in the text stay as they are."""
    values = {"corporatie": corporatie, "bedrag": euro(bedrag), "contract": contract}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
