"""The demo data set: fictional organisations, users and households.

Everything here is invented. The six pilot households follow the *facts* of the six families
in the pilot report "Voorkomen Huisuitzetting" (household make-up, children's ages, arrears,
legal stage, contract form, guidance hours, income), but every name, address, date of birth,
phone number and e-mail address is made up. Phone numbers use the 0612345xxx range and
e-mail addresses the reserved ``example.invalid`` domain.

Ages are given in years and turned into dates of birth relative to the day the demo is
loaded, so that children stay children however late the demo is run.

This module is pure data: :mod:`woonkans.demo.services` loads it through the use cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import InvolvementKind, Relation
from woonkans.organisations.models import ExternalPartyKind, OrganisationKind, Role
from woonkans.organisations.policy import FieldGroup

# Slugs used by the loader and the tests.
DE_LINDE = "de-linde"
RIVIERLAND = "rivierland"
ONDERDAK = "onderdak"
CJG = "cjg-lindendorp"
SCHULDHULP = "schuldhulp-regio"
DEURWAARDER = "deurwaarder-noorderpoort"
BEWINDVOERDER = "bewind-zilverlinde"


# --- Organisations ----------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    kind: str
    city: str
    external_kind: str = ""
    number_of_homes: int | None = None
    has_budget_management_team: bool = False


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    # The small corporation: five of the six pilot families rent from it.
    OrganisationSpec(
        slug=DE_LINDE,
        name="Woonstichting De Linde",
        kind=OrganisationKind.WONINGCORPORATIE,
        city="Lindendorp",
        number_of_homes=7500,
    ),
    # The large corporation: works with an automated dialler and referred one family.
    OrganisationSpec(
        slug=RIVIERLAND,
        name="Stadswonen Rivierland",
        kind=OrganisationKind.WONINGCORPORATIE,
        city="Rivierstad",
        number_of_homes=50000,
    ),
    # The care provider: housing support, budget management and the last-chance coordinator.
    OrganisationSpec(
        slug=ONDERDAK,
        name="Stichting Onderdak & Begeleiding",
        kind=OrganisationKind.ZORGORGANISATIE,
        city="Stadsveen",
        has_budget_management_team=True,
    ),
    # The municipality's social team / Centrum Jeugd en Gezin in the small corporation's town.
    OrganisationSpec(
        slug=CJG,
        name="Sociaal Wijkteam / CJG Lindendorp",
        kind=OrganisationKind.GEMEENTE,
        city="Lindendorp",
    ),
    # Regional debt help, serving both towns.
    OrganisationSpec(
        slug=SCHULDHULP,
        name="Schuldhulp Regio Heuvelrand",
        kind=OrganisationKind.SCHULDHULPVERLENING,
        city="Lindendorp",
    ),
    OrganisationSpec(
        slug=DEURWAARDER,
        name="Deurwaarderskantoor Noorderpoort",
        kind=OrganisationKind.EXTERN,
        external_kind=ExternalPartyKind.DEURWAARDER,
        city="Rivierstad",
    ),
    OrganisationSpec(
        slug=BEWINDVOERDER,
        name="Bewindbureau Zilverlinde",
        kind=OrganisationKind.EXTERN,
        external_kind=ExternalPartyKind.BEWINDVOERDER,
        city="Lindendorp",
    ),
)


# --- Users --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    # (organisation slug, role) pairs
    memberships: tuple[tuple[str, str], ...]

    @property
    def email(self) -> str:
        return f"{self.username}@example.invalid"


USERS: tuple[UserSpec, ...] = (
    UserSpec("incasso.delinde", "Marieke", "Hoogeveen", ((DE_LINDE, Role.INCASSOMEDEWERKER),)),
    UserSpec("woonconsulent.delinde", "Jeroen", "Valkhof", ((DE_LINDE, Role.WOONCONSULENT),)),
    UserSpec("incasso.rivierland", "Priya", "Ramdinsing", ((RIVIERLAND, Role.INCASSOMEDEWERKER),)),
    UserSpec("woonconsulent.rivierland", "Tom", "Weidema", ((RIVIERLAND, Role.WOONCONSULENT),)),
    UserSpec("wijkconsulent.cjg", "Fatima", "Zwartveen", ((CJG, Role.WIJKCONSULENT),)),
    UserSpec("woonbegeleider", "Koen", "Lammertink", ((ONDERDAK, Role.WOONBEGELEIDER),)),
    UserSpec("consulent", "Esther", "Groenhuijzen", ((ONDERDAK, Role.FINANCIEEL_CONSULENT),)),
    # Two memberships, to show switching roles in the header.
    UserSpec(
        "coordinator",
        "Anouk",
        "Brederveld",
        ((ONDERDAK, Role.COORDINATOR), (ONDERDAK, Role.WOONBEGELEIDER)),
    ),
    UserSpec("schuldhulp", "Bram", "Stoutjesdijk", ((SCHULDHULP, Role.FINANCIEEL_CONSULENT),)),
    UserSpec("beleid", "Wendy", "Kolkman", ((DE_LINDE, Role.BELEIDSMEDEWERKER),)),
    # The small corporation's functional administrator: collection steps, letter texts and
    # settings, the early-signal policy.
    UserSpec("beheer.delinde", "Sietske", "Bolhuis", ((DE_LINDE, Role.FUNCTIONEEL_BEHEERDER),)),
    UserSpec("beheer", "Ruben", "Oosterwijk", ((ONDERDAK, Role.FUNCTIONEEL_BEHEERDER),)),
)


# --- The six pilot households ------------------------------------------------------------


class ContractForm:
    """How the last-chance conditions are laid down (see domain/processes.md §4)."""

    ADDENDUM = "addendum"
    OMKLAPCONTRACT = "omklapcontract"
    WOONBEGELEIDINGSOVEREENKOMST = "woonbegeleidingsovereenkomst"
    VASTSTELLINGSOVEREENKOMST = "vaststellingsovereenkomst"


@dataclass(frozen=True)
class PersonSpec:
    first_name: str
    last_name: str
    relation: str
    age: int
    birthday: tuple[int, int]  # (month, day); never 29 February
    phone: str = ""  # adults in the pilot households; they get an e-mail address too

    @property
    def email(self) -> str:
        if not self.phone:
            return ""
        return f"{self.first_name}.{self.last_name}@example.invalid".lower()


@dataclass(frozen=True)
class TenancySpec:
    contract_number: str
    street: str
    house_number: str
    postcode: str
    city: str
    district: str
    rent: Decimal
    years_ago: int  # the lease started this many years before the load date


@dataclass(frozen=True)
class InvolvementSpec:
    """An organisation involved before the last-chance referral (its own assignment or
    referral). The trajectory's involvements are not listed: the referral opens them, with
    the trajectory as their source, when the demo plays it."""

    organisation: str  # slug
    kind: str
    reason: str | Promise
    days_ago: int  # opened this many days before the load date


@dataclass(frozen=True)
class NoteSpec:
    """A timeline entry: what one of the partners wrote down about the case.

    ``by`` is the writing organisation's slug; empty means the household's corporation."""

    days_ago: int
    field_group: str
    summary: str | Promise  # may use %(arrears)s
    by: str = ""


@dataclass(frozen=True)
class PilotFacts:
    """The case facts from the report, kept as data for the capabilities that model them
    (arrears, agreements, trajectories). ``*_from_report`` is False where the report is
    silent and the demo fills in an illustrative value."""

    arrears: Decimal
    arrears_from_report: bool
    eviction_verdict: bool  # the court has granted the eviction order
    contract_form: str | None  # None: not signed yet
    guidance_hours: tuple[tuple[str, Decimal], ...]  # (activity, hours per week)
    debt_help: bool  # the regional debt help is involved
    bewindvoering: bool

    @property
    def guidance_hours_per_week(self) -> Decimal:
        return sum((hours for _activity, hours in self.guidance_hours), Decimal("0"))


@dataclass(frozen=True)
class PilotHousehold:
    key: str  # "A".."F", the report's case letter (F: the large corporation's family)
    reference: str
    name: str
    corporation: str  # slug
    people: tuple[PersonSpec, ...]
    tenancy: TenancySpec
    facts: PilotFacts
    involvements: tuple[InvolvementSpec, ...]
    notes: tuple[NoteSpec, ...] = field(default=())


BUDGET = "budget guidance"
CHILDREN = "talks with the children"
AMBULANT = "ambulant support"

CJG_PLAN = _("Indication and plan of approach (Plan van Aanpak)")
DEBT_SETTLEMENT = _("Debt settlement")
PROTECTIVE_ADMINISTRATION = _("Protective administration (bewindvoering)")

F = FieldGroup
PILOT_DISTRICT = "Lindendorp-Noord"

PILOT_HOUSEHOLDS: tuple[PilotHousehold, ...] = (
    # A: single mother with a 15-year-old daughter who has a disability and attends special
    # education. Lived in the home for many years, earlier with a violent ex-partner who
    # still lives nearby. About EUR 4,000 rent arrears; the eviction verdict was already
    # given. Zero-hours contract with little work; earlier fraud with social assistance
    # means her income could not be topped up. A bewindvoerder was appointed the year
    # before; the relationship with the bewindvoerder is poor. Last chance laid down in an
    # addendum; the collections department first wanted half the debt at once and the rest
    # in ten months, later aligned with the debt-help settlement. Guidance 4 h/week. She
    # does not see the need for guidance; the financial consultant stepped out once the
    # bewindvoering was working, and social assistance was granted after all.
    PilotHousehold(
        key="A",
        reference="DL-PILOT-A",
        name="Familie Kortenhoef",
        corporation=DE_LINDE,
        people=(
            PersonSpec("Sanne", "Kortenhoef", Relation.HOOFDHUURDER, 42, (3, 11), "0612345101"),
            PersonSpec("Lotte", "Kortenhoef", Relation.KIND, 15, (9, 2)),
        ),
        tenancy=TenancySpec(
            contract_number="DL-OVK-20051",
            street="Vlierstraat",
            house_number="14",
            postcode="3981 KV",
            city="Lindendorp",
            district=PILOT_DISTRICT,
            rent=Decimal("598.40"),
            years_ago=19,
        ),
        facts=PilotFacts(
            arrears=Decimal("4000.00"),
            arrears_from_report=True,
            eviction_verdict=True,
            contract_form=ContractForm.ADDENDUM,
            guidance_hours=((CHILDREN, Decimal("1")), (AMBULANT, Decimal("3"))),
            debt_help=True,
            bewindvoering=True,
        ),
        involvements=(
            InvolvementSpec(CJG, InvolvementKind.ASSIGNMENT, CJG_PLAN, days_ago=480),
            InvolvementSpec(SCHULDHULP, InvolvementKind.REFERRAL, DEBT_SETTLEMENT, days_ago=450),
            InvolvementSpec(
                BEWINDVOERDER, InvolvementKind.ASSIGNMENT, PROTECTIVE_ADMINISTRATION, days_ago=700
            ),
        ),
        notes=(
            NoteSpec(
                400,
                F.FINANCIAL,
                _(
                    "Rent arrears of about %(arrears)s. The court has granted the eviction "
                    "order. An earlier rent debt was once paid off by social services."
                ),
            ),
            NoteSpec(
                380,
                F.TENANCY,
                _(
                    "Last chance offered with an addendum to the lease: guidance and budget "
                    "management are conditions for staying."
                ),
            ),
            NoteSpec(
                370,
                F.CARE,
                _(
                    "Housing support started: 4 hours a week (1 hour of talks with the "
                    "daughter, 3 hours of ambulant support)."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                280,
                F.FINANCIAL,
                _(
                    "Intake with the financial consultant. A bewindvoerder manages the income; "
                    "the repayment of the arrears will follow the debt-help settlement instead "
                    "of half at once."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                250,
                F.FINANCIAL,
                _(
                    "Social assistance granted again. The relationship with the bewindvoerder "
                    "has improved."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                190,
                F.CARE,
                _(
                    "Budget management by the care provider ended: the bewindvoerder remains "
                    "in charge of the finances. Housing support continues."
                ),
                by=ONDERDAK,
            ),
        ),
    ),
    # B: single mother with two daughters of 8 and 6; their father lives in another city.
    # Depressed, avoids care and appointments, afraid of losing control; the home is
    # neglected. About EUR 3,000 rent arrears after an eviction verdict. The care provider
    # took over the lease with an omklapcontract. Budget management: income at the right
    # level, payment arrangements with several creditors, a savings buffer, funds for
    # glasses and the girls' hobbies, the food bank. Guidance 6 h/week. Still in budget
    # management: she needs someone who keeps trying to reach her.
    PilotHousehold(
        key="B",
        reference="DL-PILOT-B",
        name="Familie Oudeland",
        corporation=DE_LINDE,
        people=(
            PersonSpec("Mirjam", "Oudeland", Relation.HOOFDHUURDER, 35, (11, 23), "0612345102"),
            PersonSpec("Fenna", "Oudeland", Relation.KIND, 8, (4, 17)),
            PersonSpec("Isa", "Oudeland", Relation.KIND, 6, (1, 30)),
        ),
        tenancy=TenancySpec(
            contract_number="DL-OVK-20112",
            street="Hazelaarhof",
            house_number="7",
            postcode="3981 KP",
            city="Lindendorp",
            district=PILOT_DISTRICT,
            rent=Decimal("641.15"),
            years_ago=9,
        ),
        facts=PilotFacts(
            arrears=Decimal("3000.00"),
            arrears_from_report=True,
            eviction_verdict=True,
            contract_form=ContractForm.OMKLAPCONTRACT,
            guidance_hours=(
                (BUDGET, Decimal("1")),
                (CHILDREN, Decimal("1.5")),
                (AMBULANT, Decimal("3.5")),
            ),
            debt_help=False,
            bewindvoering=False,
        ),
        involvements=(InvolvementSpec(CJG, InvolvementKind.ASSIGNMENT, CJG_PLAN, days_ago=470),),
        notes=(
            NoteSpec(
                420,
                F.FINANCIAL,
                _("Rent arrears of about %(arrears)s. The court has granted the eviction order."),
            ),
            NoteSpec(
                400,
                F.TENANCY,
                _(
                    "Three-party agreement signed (omklapcontract): the care provider rents the "
                    "home and lets it to the tenant until the lease can be flipped back."
                ),
            ),
            NoteSpec(
                398,
                F.CARE,
                _(
                    "Housing support started: 6 hours a week (1 hour budget guidance, 1.5 hours "
                    "of talks with the children, 3.5 hours of ambulant support)."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                300,
                F.FINANCIAL,
                _(
                    "Payment arrangement for the rent arrears agreed; fixed charges are paid "
                    "on time and a savings buffer is being built up."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                150,
                F.CARE,
                _(
                    "New practitioner who visits at home. Help with the daily routine and the "
                    "house; contact with the school about the children."
                ),
                by=ONDERDAK,
            ),
        ),
    ),
    # C: single mother with a daughter of 4 and a son of 2. A violent ex-partner, now
    # abroad, ran up the debts; the rent arrears reached about EUR 7,000. Eviction
    # threatened; the last chance was laid down in a one-year addendum. Income at the
    # right level; she pays her fixed charges herself. Municipal debt help was already
    # being started and includes the rent debt. Volunteers and applies for paid work.
    # Guidance 4 h/week. Budget management may not be needed for long.
    PilotHousehold(
        key="C",
        reference="DL-PILOT-C",
        name="Familie Dijkhout",
        corporation=DE_LINDE,
        people=(
            PersonSpec("Romy", "Dijkhout", Relation.HOOFDHUURDER, 28, (6, 5), "0612345103"),
            PersonSpec("Noor", "Dijkhout", Relation.KIND, 4, (10, 12)),
            PersonSpec("Sem", "Dijkhout", Relation.KIND, 2, (2, 8)),
        ),
        tenancy=TenancySpec(
            contract_number="DL-OVK-20187",
            street="Meidoornpad",
            house_number="31",
            postcode="3981 MD",
            city="Lindendorp",
            district=PILOT_DISTRICT,
            rent=Decimal("587.90"),
            years_ago=5,
        ),
        facts=PilotFacts(
            arrears=Decimal("7000.00"),
            arrears_from_report=True,
            eviction_verdict=True,
            contract_form=ContractForm.ADDENDUM,
            guidance_hours=(
                (BUDGET, Decimal("1")),
                (CHILDREN, Decimal("1")),
                (AMBULANT, Decimal("2")),
            ),
            debt_help=True,
            bewindvoering=False,
        ),
        involvements=(
            InvolvementSpec(CJG, InvolvementKind.ASSIGNMENT, CJG_PLAN, days_ago=430),
            InvolvementSpec(SCHULDHULP, InvolvementKind.REFERRAL, DEBT_SETTLEMENT, days_ago=420),
        ),
        notes=(
            NoteSpec(
                390,
                F.FINANCIAL,
                _(
                    "Rent arrears of about %(arrears)s, run up by a former partner who no longer "
                    "lives here."
                ),
            ),
            NoteSpec(
                365,
                F.CARE,
                _(
                    "Housing support started: 4 hours a week (1 hour budget guidance, 1 hour of "
                    "talks with the children, 2 hours of ambulant support)."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                345,
                F.TENANCY,
                _(
                    "Addendum to the lease signed for one year: guidance and budget management "
                    "are conditions for staying."
                ),
            ),
            NoteSpec(
                330,
                F.FINANCIAL,
                _(
                    "Debts listed. Application for debt help submitted; the rent debt is part "
                    "of it."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                120,
                F.CARE,
                _("Does volunteer work helping others with forms and applies for paid work."),
                by=ONDERDAK,
            ),
        ),
    ),
    # D: married couple of 51 and 50 with three children living at home: a daughter of 25
    # on student finance, a son who just turned 18 and a daughter of one and a half. About
    # EUR 7,000 arrears from too little and unsteady income: she works in catering on a
    # zero-hours contract (in practice about 24 h/week), he takes odd cleaning jobs, later
    # an unemployment benefit while a doctor looks into his health. Strong tension in the
    # relationship. Earlier debt schemes failed. Payment arrangement of EUR 50 a month; the
    # corporation finds this too little and wants a better proposal. Guidance 4 h/week.
    # The report does not name the contract form or legal stage: the small corporation only
    # referred families with a verdict, so the demo uses a woonbegeleidingsovereenkomst.
    PilotHousehold(
        key="D",
        reference="DL-PILOT-D",
        name="Familie Brinkerink",
        corporation=DE_LINDE,
        people=(
            PersonSpec("Harold", "Brinkerink", Relation.HOOFDHUURDER, 51, (5, 19), "0612345104"),
            PersonSpec("Ineke", "Brinkerink", Relation.MEDEHUURDER, 50, (12, 3), "0612345105"),
            PersonSpec("Marloes", "Brinkerink", Relation.KIND, 25, (7, 21)),
            PersonSpec("Jesse", "Brinkerink", Relation.KIND, 18, (8, 14)),
            PersonSpec("Evi", "Brinkerink", Relation.KIND, 1, (3, 27)),
        ),
        tenancy=TenancySpec(
            contract_number="DL-OVK-19876",
            street="Kastanjeplein",
            house_number="3",
            postcode="3981 KC",
            city="Lindendorp",
            district=PILOT_DISTRICT,
            rent=Decimal("712.60"),
            years_ago=24,
        ),
        facts=PilotFacts(
            arrears=Decimal("7000.00"),
            arrears_from_report=True,
            eviction_verdict=True,
            contract_form=ContractForm.WOONBEGELEIDINGSOVEREENKOMST,
            guidance_hours=((BUDGET, Decimal("1")), (AMBULANT, Decimal("3"))),
            debt_help=False,
            bewindvoering=False,
        ),
        involvements=(InvolvementSpec(CJG, InvolvementKind.ASSIGNMENT, CJG_PLAN, days_ago=460),),
        notes=(
            NoteSpec(
                410,
                F.FINANCIAL,
                _(
                    "Rent arrears of about %(arrears)s: the household income has long been too "
                    "low and unsteady."
                ),
            ),
            NoteSpec(
                385,
                F.CARE,
                _(
                    "Housing support started: 4 hours a week (1 hour budget guidance, 3 hours "
                    "of ambulant support). Extra attention for the youngest child."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                330,
                F.FINANCIAL,
                _(
                    "The rent is paid again every month. Payment arrangement of €50 a month for "
                    "the arrears; the corporation asks for a better proposal later."
                ),
                by=ONDERDAK,
            ),
            NoteSpec(
                200,
                F.FINANCIAL,
                _(
                    "A small buffer absorbs the changes in income. A debt settlement cannot "
                    "start yet because the income is still unsteady."
                ),
                by=ONDERDAK,
            ),
        ),
    ),
    # E: father and mother (she is 27) with a son of 8 and a daughter of 2. The eviction
    # verdict came in January; the start conversation has not taken place yet. The report
    # gives no arrears amount: the demo uses an illustrative one.
    PilotHousehold(
        key="E",
        reference="DL-PILOT-E",
        name="Familie Wouterse",
        corporation=DE_LINDE,
        people=(
            PersonSpec("Dennis", "Wouterse", Relation.HOOFDHUURDER, 30, (10, 9), "0612345106"),
            PersonSpec("Kim", "Wouterse", Relation.PARTNER, 27, (4, 4), "0612345107"),
            PersonSpec("Daan", "Wouterse", Relation.KIND, 8, (6, 28)),
            PersonSpec("Saar", "Wouterse", Relation.KIND, 2, (11, 15)),
        ),
        tenancy=TenancySpec(
            contract_number="DL-OVK-20240",
            street="Berkenlaan",
            house_number="52",
            postcode="3981 BL",
            city="Lindendorp",
            district=PILOT_DISTRICT,
            rent=Decimal("655.25"),
            years_ago=6,
        ),
        facts=PilotFacts(
            arrears=Decimal("3850.00"),
            arrears_from_report=False,
            eviction_verdict=True,
            contract_form=None,
            guidance_hours=(),
            debt_help=False,
            bewindvoering=False,
        ),
        involvements=(InvolvementSpec(CJG, InvolvementKind.ASSIGNMENT, CJG_PLAN, days_ago=200),),
        notes=(
            NoteSpec(
                60,
                F.FINANCIAL,
                _("Rent arrears of about %(arrears)s. The court has granted the eviction order."),
            ),
            NoteSpec(
                40,
                F.IDENTITY,
                _(
                    "Discussed in the case conference: the household is a candidate for the "
                    "last-chance trajectory."
                ),
                by=CJG,
            ),
            NoteSpec(
                20,
                F.IDENTITY,
                _(
                    "Orientation conversation held by the corporation and the social team. The "
                    "start conversation still has to be planned."
                ),
            ),
        ),
    ),
    # F: the one family the large corporation referred. The report tells nothing about it
    # beyond that; this household follows the large corporation's route: the automated
    # dialler got no answer, the district team and regional debt help were brought in, the
    # verdict followed and the lease was dissolved, after which a settlement agreement
    # (vaststellingsovereenkomst) lets the family stay on condition of guidance and income
    # management. Composition, amounts and hours are illustrative.
    PilotHousehold(
        key="F",
        reference="RL-PILOT-F",
        name="Familie Tamminga",
        corporation=RIVIERLAND,
        people=(
            PersonSpec("Erik", "Tamminga", Relation.HOOFDHUURDER, 44, (1, 16), "0612345108"),
            PersonSpec("Joyce", "Tamminga", Relation.PARTNER, 41, (9, 30), "0612345109"),
            PersonSpec("Milan", "Tamminga", Relation.KIND, 12, (5, 7)),
            PersonSpec("Lieke", "Tamminga", Relation.KIND, 9, (12, 19)),
        ),
        tenancy=TenancySpec(
            contract_number="RL-HC-0884213",
            street="Stadsbeekkade",
            house_number="118",
            postcode="3825 SB",
            city="Rivierstad",
            district="Stadsbeek",
            rent=Decimal("689.70"),
            years_ago=11,
        ),
        facts=PilotFacts(
            arrears=Decimal("5200.00"),
            arrears_from_report=False,
            eviction_verdict=True,
            contract_form=ContractForm.VASTSTELLINGSOVEREENKOMST,
            guidance_hours=((BUDGET, Decimal("1")), (AMBULANT, Decimal("3"))),
            debt_help=True,
            bewindvoering=False,
        ),
        involvements=(
            InvolvementSpec(SCHULDHULP, InvolvementKind.REFERRAL, DEBT_SETTLEMENT, days_ago=260),
        ),
        notes=(
            NoteSpec(
                300,
                F.FINANCIAL,
                _(
                    "The automated dialler reached nobody after several attempts. Rent arrears "
                    "of about %(arrears)s."
                ),
            ),
            NoteSpec(
                270,
                F.FINANCIAL,
                _(
                    "District team and regional debt help asked to make contact; no lasting "
                    "solution found."
                ),
            ),
            NoteSpec(
                200,
                F.TENANCY,
                _(
                    "After the verdict the lease was dissolved. A settlement agreement lets the "
                    "family stay if they accept guidance and income management."
                ),
            ),
            NoteSpec(
                190,
                F.CARE,
                _(
                    "Housing support and budget management started: 4 hours a week (1 hour "
                    "budget guidance, 3 hours of ambulant support)."
                ),
                by=ONDERDAK,
            ),
        ),
    ),
)


# --- Background households -----------------------------------------------------------------


@dataclass(frozen=True)
class BackgroundSpec:
    """Ordinary tenants, generated deterministically so lists look realistic."""

    corporation: str
    count: int
    reference_prefix: str
    contract_prefix: str
    city: str
    postcode_digits: tuple[int, ...]
    districts: tuple[str, ...]
    streets: tuple[str, ...]
    seed: int
    first_phone: int  # main tenants get 0612345xxx numbers from here on


BACKGROUND: tuple[BackgroundSpec, ...] = (
    BackgroundSpec(
        corporation=DE_LINDE,
        count=200,
        reference_prefix="DL-",
        contract_prefix="DL-OVK-3",
        city="Lindendorp",
        postcode_digits=(3981, 3982, 3983),
        districts=(PILOT_DISTRICT, "Lindendorp-West", "Het Dorp", "De Brink", "Oosterpark"),
        streets=(
            "Beukenlaan",
            "Lijsterbeshof",
            "Wilgenstraat",
            "Populierendreef",
            "Eikenhorst",
            "Acaciastraat",
            "Esdoornplein",
            "Lindenring",
            "Elzenpad",
            "Hulstweg",
        ),
        seed=7500,
        first_phone=200,
    ),
    BackgroundSpec(
        corporation=RIVIERLAND,
        count=300,
        reference_prefix="RL-",
        contract_prefix="RL-HC-1",
        city="Rivierstad",
        postcode_digits=(3821, 3822, 3823, 3824, 3825),
        districts=("Stadsbeek", "Rivierwijk", "Molenveld", "De Horst", "Nieuwland", "Centrum"),
        streets=(
            "Veerkade",
            "Sluisweg",
            "Schippersstraat",
            "Molenwerf",
            "Dijkgraafplein",
            "Uiterwaardenlaan",
            "Kribbepad",
            "Zandplaat",
            "Brugstraat",
            "Havenkwartier",
            "Oeverloper",
            "Waterlelie",
        ),
        seed=50000,
        first_phone=400,
    ),
)

FIRST_NAMES = (
    "Anke",
    "Bas",
    "Chantal",
    "Dirk",
    "Elif",
    "Freek",
    "Gerda",
    "Hamza",
    "Iris",
    "Joost",
    "Karin",
    "Luuk",
    "Maaike",
    "Niels",
    "Olga",
    "Pieter",
    "Quinty",
    "Remco",
    "Sevda",
    "Thijs",
    "Ulla",
    "Vincent",
    "Wietske",
    "Youssef",
    "Zoë",
    "Arjen",
    "Bianca",
    "Cor",
    "Demi",
    "Ewout",
)
CHILD_FIRST_NAMES = (
    "Bo",
    "Finn",
    "Jip",
    "Lina",
    "Mees",
    "Nova",
    "Olivier",
    "Puck",
    "Ravi",
    "Sofie",
    "Tijn",
    "Vera",
    "Wout",
    "Yara",
    "Zeyneb",
    "Gijs",
    "Hannah",
    "Julia",
    "Levi",
    "Mila",
)
LAST_NAMES = (
    "Achterberg",
    "Blaauwhof",
    "Cremers",
    "Duijvestein",
    "Eshuis",
    "Feddema",
    "Gortemaker",
    "Hesselink",
    "IJzerman",
    "Jonkhout",
    "Kleinjan",
    "Leferink",
    "Mulderij",
    "Nijhoff",
    "Olthof",
    "Prinsenberg",
    "Reijnders",
    "Spanjaard",
    "Tuinstra",
    "Uiterwijk",
    "Verbeek",
    "Westerhuis",
    "Yilmazer",
    "Zandvliet",
    "Bosveld",
    "Dekkema",
    "Haverkamp",
    "Kamphorst",
)


# --- Arrears, collection, letters, early signals, legal route -----------------------------
#
# Loaded by :mod:`woonkans.demo.arrears` through the use cases of those apps. Dates are
# relative to the day the demo is loaded: the ledger covers the 12 months up to it.

LEDGER_MONTHS = 12


@dataclass(frozen=True)
class CorporationSetup:
    """A corporation's collection preset, letter settings and (optionally) the municipality
    that receives its early signals."""

    corporation: str  # slug
    preset: str  # collection.presets key
    contact_phone: str
    signature_name: str
    sender_address: str
    signal_municipality: str = ""  # slug; empty: no early-signal policy in the demo


CORPORATION_SETUP: tuple[CorporationSetup, ...] = (
    CorporationSetup(
        corporation=DE_LINDE,
        preset="small",
        contact_phone="0343 123 456",
        signature_name="Marieke Hoogeveen",
        sender_address="Postbus 120\n3980 CA Lindendorp",
        signal_municipality=CJG,
    ),
    CorporationSetup(
        corporation=RIVIERLAND,
        preset="large",
        contact_phone="030 765 4321",
        signature_name="Priya Ramdinsing",
        sender_address="Postbus 5000\n3820 AA Rivierstad",
    ),
)

#: Payment behaviour of the background tenants (weights): pays around the 1st; pays in
#: full but one to three weeks late; pays 75–95 % each month; misses about one month in
#: four and sometimes catches up.
LEDGER_PROFILES: tuple[tuple[str, int], ...] = (
    ("punctual", 76),
    ("late", 10),
    ("partial", 5),
    ("irregular", 9),
)


@dataclass(frozen=True)
class PilotLedger:
    """How a pilot household's ledger looks over the 12 months. The arrears on the load
    date equal ``PilotFacts.arrears`` exactly: an opening balance (``correctie``, arrears
    from before the period) or, for a household that stopped paying, one partial payment
    makes up the difference.

    * ``stopped_months``: no rent paid in the last N months (0: the rent is paid on the
      1st every month, by the tenant, the bewindvoerder or the budget management);
    * ``extra_per_month`` from ``extra_from_months_ago``: an instalment paid with the rent
      (a payment arrangement, see ``ARRANGEMENT``).
    """

    key: str
    stopped_months: int = 0
    extra_per_month: Decimal = Decimal("0.00")
    extra_from_months_ago: int = 0


PILOT_LEDGERS: tuple[PilotLedger, ...] = (
    PilotLedger("A"),  # the bewindvoerder pays the rent; the old debt waits for debt help
    PilotLedger("B"),  # budget management pays the rent
    PilotLedger("C"),  # pays her own rent; the debt is in the municipal debt help
    PilotLedger("D", extra_per_month=Decimal("50.00"), extra_from_months_ago=9),
    PilotLedger("E", stopped_months=6),  # stopped paying; the verdict came recently
    PilotLedger("F"),  # settlement agreement: the rent is paid again
)


@dataclass(frozen=True)
class ArrangementSpec:
    """A payment arrangement (VERA Betalingsregeling) of a pilot household."""

    household: str  # pilot key
    agreed_months_ago: int  # agreed on the 1st of that month; the first term a month later
    total_amount: Decimal
    term_amount: Decimal
    payment_method: str


# D: "Payment arrangement of €50 a month for the arrears; the corporation asks for a better
# proposal later." 120 terms is the most an arrangement may have.
ARRANGEMENT = ArrangementSpec(
    household="D",
    agreed_months_ago=10,
    total_amount=Decimal("6000.00"),
    term_amount=Decimal("50.00"),
    payment_method="automatische_incasso",
)


@dataclass(frozen=True)
class LegalRouteSpec:
    """The legal route of a pilot household with a verdict: hand-over to the bailiff,
    summons and verdict (dissolution and eviction), days before the load date."""

    household: str  # pilot key
    bailiff: str  # slug
    handed_over_days_ago: int
    summons_days_ago: int
    hearing_days_ago: int
    verdict_days_ago: int
    court: str


COURT = "Rechtbank Midden-Nederland, team kanton"

# E: "The verdict came in January; the start conversation has not taken place yet." The
# demo's timeline note of the verdict is 60 days old.
LEGAL_ROUTE = LegalRouteSpec(
    household="E",
    bailiff=DEURWAARDER,
    handed_over_days_ago=130,
    summons_days_ago=105,
    hearing_days_ago=80,
    verdict_days_ago=60,
    court=COURT,
)

#: Every pilot household had an eviction verdict before it was referred for the last
#: chance (``PilotFacts.eviction_verdict``): hand-over to the bailiff, summons and verdict,
#: dated some weeks before the referral (``demo/trajectories.py``: A 420 days ago, B 430,
#: C 395, D 420, F 230) and before the timeline notes that mention the verdict. The
#: report gives no dates; these are illustrative. E's route is ``LEGAL_ROUTE``.
LEGAL_ROUTES: tuple[LegalRouteSpec, ...] = (
    LegalRouteSpec("A", DEURWAARDER, 540, 500, 470, 448, COURT),
    LegalRouteSpec("B", DEURWAARDER, 560, 520, 490, 458, COURT),
    LegalRouteSpec("C", DEURWAARDER, 520, 480, 450, 420, COURT),
    LegalRouteSpec("D", DEURWAARDER, 545, 505, 475, 445, COURT),
    LEGAL_ROUTE,
    LegalRouteSpec("F", DEURWAARDER, 295, 280, 265, 250, COURT),
)

#: The large corporation hands its deepest background arrears to the same bailiff.
BACKGROUND_HANDOVER_CORPORATION = RIVIERLAND

#: How many reminder letters staff made in the demo's collection history (freshest arrears
#: first); the other reminder tasks of that day wait on the worklist.
HISTORY_LETTERS = 8

#: How many of the small corporation's background tenants with fresh arrears were phoned
#: after their reminder (the first is reached): with the reminder letter that offers to pass
#: their details on, the four conditions hold and an early signal goes to the CJG.
SIGNAL_STORIES = 3
