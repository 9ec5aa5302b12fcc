"""What the corporation may learn of the municipality's outcome: a pure function.

Under the Convenant Vroegsignalering feedback to the signal partner is limited. The GGM
end-result list says which results are fed back to the partner as such: a repeated or an
unjustified signal, the resident died, or is no (longer a) resident. For "not picked up:
other reason" the partner may only know that the signal was not picked up. For every other
result the partner learns that the municipality picked the signal up and closed it. The
municipality's note is never shown to the partner.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import EndResult

#: End results the partner sees as they are.
SHOWN_AS_IS = frozenset(
    {
        EndResult.NIET_OPGEPAKT_HERHAALDE_MELDING,
        EndResult.NIET_OPGEPAKT_ONTERECHT_SIGNAAL,
        EndResult.INWONER_IS_OVERLEDEN,
        EndResult.PERSOON_IS_GEEN_INWONER_MEER_IN_DE_GEMEENTE,
    }
)

NOT_PICKED_UP = _("Not picked up by the municipality")
PICKED_UP = _("Picked up and closed by the municipality")


def partner_feedback(result: str) -> str:
    """The label of ``result`` as the corporation may see it."""
    if result in SHOWN_AS_IS:
        return str(EndResult(result).label)
    if result == EndResult.NIET_OPGEPAKT_ANDERE_REDEN:
        return str(NOT_PICKED_UP)
    if result in EndResult.values:
        return str(PICKED_UP)
    raise ValueError(f"Unknown end result {result!r}")
