"""The notice letter after a termination for non-cooperation (art. 10.5 of the agreement
model): written in plain Dutch (B1), printed as PDF through the documents rendering, and
e-mailed to every party through the jobs outbox.

The text is our own. It is addressed to the household; the partners get the same letter.
"""

from __future__ import annotations

from woonkans.documents.kinds import Layout
from woonkans.documents.placeholders import format_date_nl, format_euro
from woonkans.documents.rendering import RenderedLetter, _blocks, letter_pdf
from woonkans.households.models import Relation
from woonkans.jobs.services import email_queue
from woonkans.organisations.actor import Actor

from .models import Termination
from .selectors import coordinator_of, current_members

BODY = "\n\n".join(
    (
        "Beste {naam},",
        "U heeft met ons afspraken gemaakt over begeleiding en budgetbeheer. Die afspraken "
        "waren nodig om in uw huis te kunnen blijven wonen.",
        "Wij hebben gezien dat u niet meer meewerkt aan die afspraken. Daarom stoppen wij met "
        "het laatste-kanstraject. Dat gaat in op {datum}.{direct}",
        "# Waarom wij stoppen\n{redenen}",
        "# Wat betekent dit voor u?\n"
        "- De begeleiding en het budgetbeheer stoppen.\n"
        "- {corporatie} kan de stappen om het huurcontract te beëindigen weer oppakken. Dat "
        "kan betekenen dat u uw huis uit moet.\n"
        "- De huurachterstand blijft bestaan. U moet die nog steeds betalen.",
        "# Wat kunt u doen?\n"
        "Wilt u hierover praten? Bel of mail ons binnen 14 dagen. Dan kijken we samen of er "
        "nog iets mogelijk is. U kunt ook iemand meenemen die u vertrouwt.",
        "Deze brief sturen wij ook naar {corporatie}{sociaal_team}.",
    )
)


def _tenant_name(trajectory) -> str:
    tenant = (
        trajectory.household.members.filter(
            relation__in=(Relation.HOOFDHUURDER, Relation.MEDEHUURDER)
        )
        .order_by("pk")
        .first()
    )
    if tenant is None:
        return "bewoner"
    return f"{tenant.first_name} {tenant.last_name}"


def notice_letter(termination: Termination) -> RenderedLetter:
    trajectory = termination.trajectory
    care = trajectory.care_provider
    coordinator = coordinator_of(trajectory)
    reasons = "\n".join(
        f"- {line.strip()}" for line in termination.reasons.splitlines() if line.strip()
    )
    social_team = f" en {trajectory.social_team.name}" if trajectory.social_team else ""
    body = BODY.format(
        naam=_tenant_name(trajectory),
        datum=format_date_nl(termination.terminated_on),
        direct=" Dit gaat direct in." if termination.immediate else "",
        redenen=reasons or "- U werkte niet mee aan de begeleiding.",
        corporatie=trajectory.corporation.name,
        sociaal_team=social_team,
    )
    tenancy = trajectory.tenancy
    context: dict[str, str | bool] = {
        "corporatie": care.name if care else trajectory.corporation.name,
        "afzender_adres": care.city if care and care.city else "",
        "huurder.naam": _tenant_name(trajectory),
        "adres_straat": f"{tenancy.street} {tenancy.house_number}" if tenancy else "",
        "adres_postcode_plaats": f"{tenancy.postcode} {tenancy.city}" if tenancy else "",
        "datum": format_date_nl(termination.terminated_on),
        "overeenkomstnummer": tenancy.contract_number if tenancy else "",
        "contactpersoon": (
            (coordinator.user.get_full_name() or coordinator.user.get_username())
            if coordinator
            else "Coördinator laatste kans"
        ),
        "telefoon": "",
    }
    return RenderedLetter(
        kind="trajectory_termination",
        layout=Layout.LETTER,
        title="Wij stoppen met uw laatste-kanstraject",
        body=body,
        blocks=_blocks(body),
        context=context,
    )


def notice_pdf(letter: RenderedLetter) -> bytes:
    return letter_pdf(letter)


def recipients(termination: Termination) -> list[str]:
    """E-mail addresses of every party: the tenants, and the current members (coordinator,
    support worker, consultant, contact persons of every partner organisation)."""
    trajectory = termination.trajectory
    found: list[str] = []
    for person in trajectory.household.members.filter(
        relation__in=(Relation.HOOFDHUURDER, Relation.MEDEHUURDER)
    ).exclude(email=""):
        found.append(person.email)
    for member in current_members(trajectory, on_date=termination.terminated_on):
        if member.user.email:
            found.append(member.user.email)
    return sorted(set(found))


def send_notice(*, actor: Actor, termination: Termination, letter: RenderedLetter) -> list:
    trajectory = termination.trajectory
    damage = (
        f"\n\nVoor de partners: gedeelde schade {format_euro(termination.damage_total)}"
        f" (zorgaanbieder {format_euro(termination.care_provider_share)},"
        f" corporatie {format_euro(termination.corporation_share)})."
    )
    emails = []
    for address in recipients(termination):
        is_partner = not trajectory.household.members.filter(email=address).exists()
        emails.append(
            email_queue(
                actor=actor,
                to=address,
                subject=letter.title,
                body=letter.text + (damage if is_partner else ""),
                household_id=trajectory.household_id,
            )
        )
    # Nobody to mail still leaves the letter in the file (PDF on the trajectory page).
    return emails
