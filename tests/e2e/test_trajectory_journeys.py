"""Issue 4 item 11: the last-chance trajectory walked in the browser by the people who do it.

Every role logs in as its own user of its own organisation (each in its own browser
context, so switching people is switching windows) and every state change goes through
the pages; the database holds only the starting point: the organisations and people, one
household with a tenancy, rent arrears in the ledger and the corporation's checklist.
Every page a journey shows passes the axe-core check (``browser.check_page``).

The browsers ask for English so that the assertions on messages do not depend on the state
of the Dutch translations.

1. The whole journey: referral from the household page (checklist) → case conference admits
   → orientation → intake with the indication → agreement proposed and signed (the start is
   refused before every party has signed) → guidance (the people, a guidance note) → the
   quarterly summary the corporation then reads → evaluation → flip-back with its four
   conditions. Need-to-know on the way: the corporation never sees the guidance notes and
   an uninvolved organisation gets 404 on the trajectory.
2. Declined after the orientation conversation: the corporation refers, the case
   conference admits (the corporation reads the agenda), the CJG holds the orientation
   conversation, the support worker records that the household declines.
3. Ended for non-cooperation: referral, case conference, orientation, intake by the CJG,
   the addendum signed, guidance; the coordinator ends it (reasons, the shared damage, the
   notice e-mails queued); the support worker does not see the damage.

Each journey passes through a case conference in the browser (``case_conference_admits``):
the coordinator plans it, builds the agenda (which shows the referral to the coordinator and
to the invited corporation, not to an uninvolved organisation), starts it and records the
decision. Every journey also checks what a role may *not* see, e.g. the guidance notes for
the corporation and the social team.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page

from woonkans.agreements.models import AgreementStatus
from woonkans.arrears.models import LedgerEntry
from woonkans.budgets.models import QuarterlySummary
from woonkans.households.models import TimelineEntry
from woonkans.indications.models import Indication
from woonkans.jobs.models import OutgoingEmail
from woonkans.organisations.models import Role
from woonkans.tasks.models import DueItem, DueKind, DueStatus
from woonkans.testing import factories as f
from woonkans.trajectories.models import MemberFunction, State, Trajectory

from .browser import check_page, login, path_of, visit, watch_errors

pytestmark = pytest.mark.browser

NOTE = "Gesprek over de post: moeder opent de brieven nu zelf."
CHECKLIST = (
    ("Eerder een betalingsregeling gehad?", False, "Yes"),
    ("Eerder meegewerkt aan het oplossen van de financiële situatie?", False, "Yes"),
    ("(Geluids)overlast of criminaliteit vanuit de woning?", True, "No"),
)


# --- The cast and the starting point -------------------------------------------------------


class Cast:
    """The people of the journeys, each of their own organisation, on top of the e2e World
    (corporation, household with a tenant and a child, tenancy, an uninvolved care
    provider's support worker ``world.outsider``)."""

    def __init__(self, world):
        from woonkans.trajectories.models import EligibilityCriterion

        self.world = world
        self.household = world.household
        self.corporation = world.corporation
        self.care = f.OrganisationFactory(
            care=True,
            name="Onderdak Samen",
            slug="onderdak-samen",
            has_budget_management_team=True,
        )
        self.social_team = world.municipality
        self.woonconsulent = world.consultant
        self.incasso = world.actor(Role.INCASSOMEDEWERKER, self.corporation, "incasso")
        self.coordinator = world.actor(Role.COORDINATOR, self.care, "coordinator")
        self.begeleider = world.actor(Role.WOONBEGELEIDER, self.care, "woonbegeleider")
        self.consulent = world.actor(Role.FINANCIEEL_CONSULENT, self.care, "consulent")
        self.wijk = world.actor(Role.WIJKCONSULENT, self.social_team, "wijkconsulent")
        self.outsider = world.outsider
        for position, (question, excludes_when, _answer) in enumerate(CHECKLIST):
            EligibilityCriterion.objects.create(
                corporation=self.corporation,
                question=question,
                excludes_when=excludes_when,
                position=position,
            )
        world.tenant.email = "sanne.bakker@example.invalid"
        world.tenant.save(update_fields=["email"])
        # Two months of rent overdue and a small payment: €1,125.00 arrears today.
        today = timezone.localdate()
        rows = ((70, "huur", "650.00"), (40, "huur", "650.00"), (20, "betaling", "-175.00"))
        for n, (days_ago, kind, amount) in enumerate(rows, start=1):
            day = today - timedelta(days=days_ago)
            LedgerEntry.objects.create(
                corporation=self.corporation,
                tenancy=world.tenancy,
                mutation_id=f"E2E-TJ{n}",
                booking_date=day,
                due_date=day,
                kind=kind,
                amount=Decimal(amount),
            )


@pytest.fixture
def cast(world):
    return Cast(world)


@pytest.fixture
def people(browser, live_server, django_db_serialized_rollback):
    """``people(actor)`` gives that person's browser page, logged in (once per test): each
    person works in their own browser context, like at their own desk."""
    contexts, pages = [], {}

    def page_of(actor) -> Page:
        key = actor.user.pk
        if key not in pages:
            context = browser.new_context(
                base_url=live_server.url,
                locale="en-GB",
                extra_http_headers={"Accept-Language": "en"},
                viewport={"width": 1280, "height": 900},
            )
            context.set_default_timeout(20_000)
            contexts.append(context)
            page = context.new_page()
            watch_errors(page)
            login(page, actor.user)
            pages[key] = page
        return pages[key]

    yield page_of
    for context in contexts:
        context.close()


# --- Small steps on the pages ----------------------------------------------------------------


def main_text(page: Page) -> str:
    return page.locator("main").inner_text()


def follow(page: Page, name: str, *, exact: bool = True) -> None:
    """Click the link named ``name`` in the main content and wait for the page."""
    with page.expect_navigation(wait_until="load"):
        page.locator("main").get_by_role("link", name=name, exact=exact).first.click()


def press(page: Page, name: str) -> None:
    """Press the button named ``name`` in the main content and wait for the page."""
    with page.expect_navigation(wait_until="load"):
        page.locator("main").get_by_role("button", name=name, exact=True).click()


def open_trajectory(page: Page, trajectory: Trajectory, name: str) -> None:
    visit(page, f"/trajecten/{trajectory.pk}/", name)


def record_step(
    page: Page,
    trajectory: Trajectory,
    button: str,
    to_state: str,
    name: str,
    reason: str = "",
    days_ago: int = 0,
) -> Trajectory:
    """From the trajectory page: the step's button, its form (the date the step was taken,
    today unless ``days_ago``), Record."""
    open_trajectory(page, trajectory, f"{name}-before")
    follow(page, button)
    check_page(page, f"{name}-form")
    if days_ago:
        page.get_by_label("Date", exact=True).fill(
            (timezone.localdate() - timedelta(days=days_ago)).isoformat()
        )
    if reason:
        page.get_by_label("Reason", exact=True).fill(reason)
    press(page, "Record")
    assert path_of(page) == f"/trajecten/{trajectory.pk}/", main_text(page)[:1500]
    trajectory.refresh_from_db()
    assert trajectory.state == to_state, main_text(page)[:1500]
    with translation.override("en"):
        label = str(State(to_state).label)
    assert f"Recorded: {label}." in main_text(page)
    check_page(page, f"{name}-done")
    return trajectory


def refer(page: Page, cast: Cast, name: str, *, verdict: bool, days_ago: int = 0) -> Trajectory:
    """The woonconsulent refers the household from its page, answering the checklist."""
    household = cast.household
    visit(page, f"/huishoudens/{household.pk}/", f"{name}-household")
    follow(page, "Refer for the last-chance trajectory")
    check_page(page, f"{name}-referral-form")
    # Prefilled from the ledger of today.
    assert page.get_by_label("Rent arrears", exact=True).input_value() == "1125.00"
    if days_ago:
        page.get_by_label("Date of the referral").fill(
            (timezone.localdate() - timedelta(days=days_ago)).isoformat()
        )
    page.get_by_label("Reason for the referral").fill(
        "Twee maanden huurachterstand; moeder wil hulp bij de geldzaken."
    )
    if verdict:
        page.get_by_label("Eviction verdict given").check()
        page.get_by_label("Date of the verdict").fill(
            (timezone.localdate() - timedelta(days=days_ago + 14)).isoformat()
        )
    page.get_by_label("Household situation").fill("Moeder met een zoon van negen.")
    page.get_by_label("Number of children", exact=True).fill("1")
    page.get_by_label("Care provider", exact=True).select_option(label=cast.care.name)
    page.get_by_label("Social team / CJG").select_option(label=cast.social_team.name)
    for question, _excludes, answer in CHECKLIST:
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    press(page, "Refer")
    trajectory = Trajectory.objects.get(household=household, state=State.REFERRED)
    assert path_of(page) == f"/trajecten/{trajectory.pk}/"
    assert "The household is referred for the last-chance trajectory." in main_text(page)
    assert trajectory.arrears_at_referral == Decimal("1125.00")
    assert trajectory.eligibility_answers.count() == len(CHECKLIST)
    check_page(page, f"{name}-referred")
    return trajectory


def ago(days: int) -> str:
    """The date ``days`` ago, as a date field takes it."""
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def case_conference_admits(
    co: Page,
    trajectory: Trajectory,
    cast: Cast,
    name: str,
    *,
    days_ago: int,
    reasons: str,
    partner: Page | None = None,
    outsider: Page | None = None,
) -> Trajectory:
    """The coordinator plans a case conference ``days_ago`` with the corporation and the
    social team invited, builds the agenda (the referral is on it), starts the meeting and
    records "Admit" with ``reasons``: the trajectory is discussed on the meeting's date.

    ``partner`` (a page of an invited organisation's user) reads the agenda — it shows the
    referral, and no decision link; ``outsider`` (an uninvolved organisation) gets 404."""
    household = cast.household.name
    visit(co, "/casusoverleg/nieuw/", f"{name}-conference-create")
    co.fill("#id_on_date", ago(days_ago))
    co.fill("#id_start_time", "10:00")
    co.fill("#id_place", "Stadskantoor")
    co.select_option("#id_invited", label=[cast.corporation.name, cast.social_team.name])
    _submit_primary(co)
    conference = path_of(co)
    assert re.fullmatch(r"/casusoverleg/\d+/", conference), conference
    check_page(co, f"{name}-conference-planned")
    _submit_form(co, "/agenda/opbouwen/")
    row = co.locator("main table tbody tr", has_text=household)
    assert row.count() == 1, main_text(co)[:1500]
    assert "New referral" in row.inner_text()
    check_page(co, f"{name}-conference-agenda")

    if partner is not None:
        visit(partner, conference, f"{name}-conference-partner")
        row = partner.locator("main table tbody tr", has_text=household)
        assert row.count() == 1, main_text(partner)[:1500]
        assert "New referral" in row.inner_text()
        assert partner.locator("main a[href$='/besluit/']").count() == 0
    if outsider is not None:
        visit(outsider, conference, f"{name}-conference-outsider-404", status=404)

    _submit_form(co, "/starten/")
    check_page(co, f"{name}-conference-started")
    with co.expect_navigation(wait_until="load"):
        co.locator("main table tbody tr", has_text=household).locator(
            "a[href$='/besluit/']"
        ).click()
    check_page(co, f"{name}-conference-decision")
    co.get_by_label("Admit", exact=True).check()
    co.locator("textarea[name=reasons]").fill(reasons)
    _submit_primary(co)
    assert path_of(co) == conference, main_text(co)[:1500]
    check_page(co, f"{name}-conference-decided")
    assert reasons in co.locator("main table tbody tr", has_text=household).inner_text()
    trajectory.refresh_from_db()
    assert trajectory.state == State.DISCUSSED
    assert trajectory.state_since == timezone.localdate() - timedelta(days=days_ago)
    return trajectory


# --- 1. The whole journey ------------------------------------------------------------------


def test_one_household_from_referral_to_flip_back(people, cast):
    today = timezone.localdate()

    # The steps are dated as they happened: the referral 100 days ago, guidance since 75
    # days ago (so the first quarterly report is coming up), evaluation and flip-back today.
    wc = people(cast.woonconsulent)

    # --- Referral by the corporation's woonconsulent ----------------------------------------
    trajectory = refer(wc, cast, "journey", verdict=True, days_ago=100)
    assert trajectory.priority
    assert trajectory.care_provider == cast.care
    assert trajectory.social_team == cast.social_team

    # An uninvolved organisation's support worker: not found, from the first day.
    outsider = people(cast.outsider)
    visit(outsider, f"/trajecten/{trajectory.pk}/", "journey-outsider-404", status=404)

    # --- The case conference admits it; the corporation reads the agenda ----------------------
    co = people(cast.coordinator)
    trajectory = case_conference_admits(
        co,
        trajectory,
        cast,
        "journey",
        days_ago=95,
        reasons="Moeder wil meewerken; het vonnis maakt het urgent.",
        partner=wc,
        outsider=outsider,
    )

    # --- Orientation conversation: corporation and CJG ---------------------------------------
    trajectory = record_step(
        wc,
        trajectory,
        "Orientation conversation held",
        State.ORIENTATION,
        "journey-orientation",
        days_ago=90,
    )

    # --- Intake: CJG and care provider; the wijkconsulent issues the indication ----------------
    wb = people(cast.begeleider)
    trajectory = record_step(
        wb, trajectory, "Intake held", State.INTAKE, "journey-intake", days_ago=85
    )
    wk = people(cast.wijk)
    open_trajectory(wk, trajectory, "journey-wijkconsulent-trajectory")
    follow(wk, "Issue an indication")
    check_page(wk, "journey-indication-form")
    wk.select_option("#id_legal_basis", "wmo")
    wk.fill("#id_product", "Begeleiding individueel")
    wk.fill("#id_start_date", ago(85))
    wk.fill("#id_end_date", (today + timedelta(days=279)).isoformat())
    wk.fill("#id_rows-0-activity", "Budgetbegeleiding")
    wk.fill("#id_rows-0-hours_per_week", "1")
    wk.fill("#id_rows-1-activity", "Gesprekken met de kinderen")
    wk.fill("#id_rows-1-hours_per_week", "1.5")
    wk.fill("#id_rows-2-activity", "Ambulante ondersteuning")
    wk.fill("#id_rows-2-hours_per_week", "3.5")
    _submit_primary(wk)
    check_page(wk, "journey-indication-issued")
    assert Indication.objects.get(trajectory=trajectory).hours_per_week == 6

    # --- The agreement: the proposed form, drafted by the coordinator --------------------------
    open_trajectory(co, trajectory, "journey-coordinator-intake")
    # After a verdict the woonbegeleidingsovereenkomst is proposed.
    proposal = "Proposed form: Housing support agreement (woonbegeleidingsovereenkomst)."
    assert proposal in main_text(co), main_text(co)
    follow(co, "Draft the agreement")
    check_page(co, "journey-agreement-new")
    assert (
        co.get_by_label("Form of agreement", exact=True).input_value()
        == "woonbegeleidingsovereenkomst"
    )
    co.get_by_label("Guidance hours per week").fill("6")
    co.get_by_label("Repayment of the arrears per month (€)").fill("50")
    _submit_primary(co)
    agreement = trajectory.agreements.get()
    check_page(co, "journey-agreement-draft")
    signers = list(agreement.parties.filter(must_sign=True).order_by("pk"))
    assert len(signers) == 3  # care provider, tenant, corporation

    # The corporation records its own signature and the tenant's (signed at the start
    # conversation); the start is refused while the care provider has not signed.
    visit(wc, f"/afspraken/{agreement.pk}/", "journey-agreement-corporation")
    for party in signers:
        if party.organisation_id == cast.care.pk:
            continue
        wc.get_by_label("Party", exact=True).select_option(str(party.pk))
        wc.get_by_label("Signed on", exact=True).fill(ago(80))
        wc.get_by_label("Signed by").fill("Jeroen Valkhof, woonconsulent")
        press(wc, "Record signature")
        assert "The signature was recorded." in main_text(wc), main_text(wc)[:1500]
    check_page(wc, "journey-agreement-two-signed")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT

    open_trajectory(wc, trajectory, "journey-start-refused")
    refusal = "The agreement is not signed by all parties yet. Missing: " + cast.care.name
    assert refusal in main_text(wc), main_text(wc)
    follow(wc, "Start conversation: agreements signed")
    alert = wc.get_by_role("alert")
    assert refusal in alert.inner_text()
    assert wc.locator("main").get_by_role("button", name="Record").count() == 0
    check_page(wc, "journey-start-refused-form")
    trajectory.refresh_from_db()
    assert trajectory.state == State.INTAKE

    # The coordinator records the care provider's signature: now the start may happen.
    visit(co, f"/afspraken/{agreement.pk}/", "journey-agreement-coordinator")
    co.get_by_label("Party", exact=True).select_option(
        str(next(p.pk for p in signers if p.organisation_id == cast.care.pk))
    )
    co.get_by_label("Signed on", exact=True).fill(ago(80))
    co.get_by_label("Signed by").fill("Marieke Bos, coördinator")
    press(co, "Record signature")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    check_page(co, "journey-agreement-signed")
    trajectory = record_step(
        wc,
        trajectory,
        "Start conversation: agreements signed",
        State.STARTED,
        "journey-started",
        days_ago=80,
    )

    # --- Guidance: the people, then active guidance --------------------------------------------
    visit(co, f"/trajecten/{trajectory.pk}/mensen/", "journey-people")
    for actor, function in (
        (cast.begeleider, MemberFunction.WOONBEGELEIDER),
        (cast.consulent, MemberFunction.FINANCIEEL_CONSULENT),
        (cast.coordinator, MemberFunction.COORDINATOR),
        (cast.incasso, MemberFunction.CONTACTPERSOON),
    ):
        co.get_by_label("Person", exact=True).select_option(
            f"{actor.user.pk}:{actor.organisation.pk}"
        )
        co.get_by_label("Function", exact=True).select_option(function.value)
        _submit_primary(co)
        assert "The person is added." in main_text(co), main_text(co)[:1500]
    check_page(co, "journey-people-assigned")
    assert trajectory.members.filter(ended_on__isnull=True).count() == 4
    trajectory = record_step(
        co, trajectory, "Guidance started", State.ACTIVE, "journey-guidance", days_ago=75
    )

    # --- Need-to-know: the support worker's note is the care provider's alone ---------------
    open_trajectory(wb, trajectory, "journey-support-worker-trajectory")
    follow(wb, "Guidance notes")
    check_page(wb, "journey-notes-form")
    wb.get_by_label("Note", exact=True).fill(NOTE)
    press(wb, "Save note")
    assert NOTE in main_text(wb)
    check_page(wb, "journey-notes-saved")

    open_trajectory(wc, trajectory, "journey-corporation-during-guidance")
    assert NOTE not in main_text(wc)
    assert wc.locator("main").get_by_role("link", name="Guidance notes").count() == 0
    visit(wc, f"/trajecten/{trajectory.pk}/begeleidingsnotities/", "journey-notes-404", status=404)
    assert NOTE not in wc.content()
    visit(wc, f"/huishoudens/{cast.household.pk}/", "journey-corporation-household")
    assert NOTE not in main_text(wc)
    # Nor does the social team: the notes are the care provider's.
    visit(
        wk, f"/trajecten/{trajectory.pk}/begeleidingsnotities/", "journey-notes-404-cjg", status=404
    )

    # --- The financial consultant's quarterly summary; the corporation reads it ---------------
    fc = people(cast.consulent)
    visit(
        fc,
        f"/budgetbeheer/huishouden/{cast.household.pk}/kwartaaloverzicht/",
        "journey-summary-new",
    )
    fc.get_by_label("Quarter", exact=True).select_option(
        f"{today.year}-{(today.month - 1) // 3 + 1}"
    )
    _submit_primary(fc)
    summary = QuarterlySummary.objects.get(household=cast.household)
    check_page(fc, "journey-summary-draft")
    fc.get_by_label("Remarks of the consultant").fill(
        "Het inkomen loopt via budgetbeheer; de huur wordt op tijd betaald."
    )
    press(fc, "Save and send to the corporation")
    summary.refresh_from_db()
    assert summary.is_sent
    check_page(fc, "journey-summary-sent")
    # The summary completes the trajectory's first quarterly-report due item, and the
    # corporation's contact person on the trajectory is told by e-mail.
    first_report = (
        DueItem.objects.filter(trajectory=trajectory, kind=DueKind.QUARTERLY_REPORT)
        .order_by("due_on")
        .first()
    )
    assert first_report is not None
    assert first_report.status == DueStatus.DONE
    assert OutgoingEmail.objects.filter(to=cast.incasso.user.email).exists()

    im = people(cast.incasso)
    visit(im, f"/huishoudens/{cast.household.pk}/", "journey-collections-household")
    link = im.locator(f"main a[href='/budgetbeheer/kwartaaloverzicht/{summary.pk}/']")
    assert link.count() == 1
    with im.expect_navigation(wait_until="load"):
        link.first.click()
    check_page(im, "journey-collections-summary")
    assert "de huur wordt op tijd betaald" in main_text(im)
    open_trajectory(im, trajectory, "journey-collections-trajectory")
    assert NOTE not in main_text(im)
    # The due item that concerns the corporation is on its trajectory page, done.
    done = im.locator("main section[aria-labelledby='tasks-heading']").inner_text()
    assert "Quarterly report to the corporation" in done, done

    # --- Evaluation and the coordinator's flip-back decision ------------------------------------
    trajectory = record_step(wb, trajectory, "Evaluation", State.EVALUATION, "journey-evaluation")
    open_trajectory(co, trajectory, "journey-coordinator-evaluation")
    follow(co, "Flip back")
    check_page(co, "journey-flip-back")
    conditions = co.locator("main .wk-conditions > li")
    assert conditions.count() == 4
    assert "No condition is met yet." in main_text(co)
    follow(co, "Record a joint decision of care provider and corporation")
    check_page(co, "journey-joint-decision")
    co.get_by_label("Reason", exact=True).fill(
        "Woonstichting en Onderdak: de huur gaat een jaar goed, mevrouw kan het zelf."
    )
    press(co, "Record decision")
    assert path_of(co) == f"/trajecten/{trajectory.pk}/terugklappen/"
    assert "At least one condition is met: flipping back is possible." in main_text(co)
    check_page(co, "journey-flip-back-condition-met")
    co.get_by_label("Reason", exact=True).fill(
        "Gezamenlijk besluit: terug naar een gewoon huurcontract."
    )
    press(co, "Flip back")
    trajectory.refresh_from_db()
    assert trajectory.state == State.FLIPPED_BACK
    assert "The trajectory is flipped back." in main_text(co)
    assert "This trajectory has ended: Flipped back." in main_text(co)
    check_page(co, "journey-flipped-back")

    # The whole history is on the trajectory page, step by step, with who recorded it.
    history = [(t.to_state, t.organisation_id) for t in trajectory.transitions.order_by("pk")]
    assert history == [
        (State.REFERRED, cast.corporation.pk),
        (State.DISCUSSED, cast.care.pk),
        (State.ORIENTATION, cast.corporation.pk),
        (State.INTAKE, cast.care.pk),
        (State.STARTED, cast.corporation.pk),
        (State.ACTIVE, cast.care.pk),
        (State.EVALUATION, cast.care.pk),
        (State.FLIPPED_BACK, cast.care.pk),
    ]

    # The corporation sees the outcome too, and still no guidance notes.
    open_trajectory(wc, trajectory, "journey-corporation-flipped-back")
    assert "Flipped back" in main_text(wc)
    assert NOTE not in main_text(wc)
    visit(outsider, f"/trajecten/{trajectory.pk}/", "journey-outsider-404-end", status=404)


# --- 2. Declined -----------------------------------------------------------------------------

DECLINE_REASON = "Mevrouw wil geen verplichte begeleiding en kiest voor de gewone route."
VISIT_NOTE = "Huisbezoek na het oriëntatiegesprek: mevrouw twijfelt of zij wil meedoen."


def test_household_declines_after_the_orientation_conversation(people, cast):
    # --- Referral by the corporation's woonconsulent -------------------------------------------
    wc = people(cast.woonconsulent)
    trajectory = refer(wc, cast, "declined", verdict=False, days_ago=20)

    # --- The referral puts the eviction route on hold ----------------------------------------
    legal_page = f"/juridisch/huurovereenkomst/{cast.world.tenancy.pk}/"
    visit(wc, legal_page, "declined-legal-on-hold")
    text = main_text(wc)
    assert "Eviction route on hold" in text
    # A hand-over to a bailiff can only be registered with a date before the referral.
    assert "on hold: only with a date before" in text

    # --- The case conference admits it; the corporation reads the agenda ----------------------
    co = people(cast.coordinator)
    trajectory = case_conference_admits(
        co,
        trajectory,
        cast,
        "declined",
        days_ago=14,
        reasons="Corporatie en CJG zien een kans; mevrouw moet nog kiezen.",
        partner=wc,
        outsider=people(cast.outsider),
    )

    # --- Orientation conversation: the CJG records it ------------------------------------------
    wk = people(cast.wijk)
    trajectory = record_step(
        wk,
        trajectory,
        "Orientation conversation held",
        State.ORIENTATION,
        "declined-orientation",
        days_ago=7,
    )

    # --- The support worker's home visit: a guidance note the partners do not see -------------
    wb = people(cast.begeleider)
    open_trajectory(wb, trajectory, "declined-support-worker")
    follow(wb, "Guidance notes")
    wb.get_by_label("Note", exact=True).fill(VISIT_NOTE)
    press(wb, "Save note")
    assert VISIT_NOTE in main_text(wb)
    check_page(wb, "declined-notes-saved")
    notes = f"/trajecten/{trajectory.pk}/begeleidingsnotities/"
    for partner, who in ((wc, "corporation"), (wk, "cjg")):
        open_trajectory(partner, trajectory, f"declined-{who}-trajectory")
        assert VISIT_NOTE not in main_text(partner)
        assert partner.locator("main").get_by_role("link", name="Guidance notes").count() == 0
        visit(partner, notes, f"declined-notes-404-{who}", status=404)

    # --- The household declines: the support worker records it --------------------------------
    # Without a reason the step is not recorded: the error summary.
    open_trajectory(wb, trajectory, "declined-before")
    follow(wb, "Household declines")
    press(wb, "Record")
    check_page(wb, "declined-form-errors")
    assert wb.get_by_role("alert").count() == 1
    trajectory.refresh_from_db()
    assert trajectory.state == State.ORIENTATION

    trajectory = record_step(
        wb, trajectory, "Household declines", State.DECLINED, "declined", reason=DECLINE_REASON
    )
    text = main_text(wb)
    assert "This trajectory has ended: Declined by the household." in text
    assert "No further steps." in text
    assert DECLINE_REASON in text  # the reason in the history
    assert "The eviction route resumed on" in text

    # --- The eviction route resumes: the legal page says so, the worklist has a task ----------
    ic = people(cast.incasso)
    visit(ic, legal_page, "declined-legal-resumed")
    text = main_text(ic)
    assert "Eviction route resumed" in text and "Eviction route on hold" not in text
    assert "on hold: only with a date before" not in text
    visit(ic, "/werklijst/", "declined-worklist")
    assert "Last chance ended (Declined by the household): decide the next step" in main_text(ic)

    # --- The corporation: the timeline has the step; the household may be referred again ------
    # The eviction route goes on as before (the trajectory no longer runs).
    entry = TimelineEntry.objects.filter(
        household=cast.household, kind="trajectory.transition"
    ).latest("pk")
    assert "Orientation conversation → Declined by the household" in entry.summary
    visit(wc, f"/huishoudens/{cast.household.pk}/", "declined-household")
    timeline = wc.locator("#timeline").inner_text()
    assert "Orientation conversation → Declined by the household" in timeline
    assert "Mevrouw wil geen" not in timeline  # the reason stays on the trajectory page
    assert VISIT_NOTE not in main_text(wc)
    assert (
        wc.locator("main").get_by_role("link", name="Refer for the last-chance trajectory").count()
        == 1
    )
    history = [(t.to_state, t.organisation_id) for t in trajectory.transitions.order_by("pk")]
    assert history == [
        (State.REFERRED, cast.corporation.pk),
        (State.DISCUSSED, cast.care.pk),
        (State.ORIENTATION, cast.social_team.pk),
        (State.DECLINED, cast.care.pk),
    ]


# --- 3. Non-cooperation ----------------------------------------------------------------------

ABSENT_NOTE = "Drie afspraken gemist; mevrouw doet de deur niet open."


def test_coordinator_ends_for_non_cooperation(people, cast):
    # --- Referral by the corporation's woonconsulent -------------------------------------------
    wc = people(cast.woonconsulent)
    trajectory = refer(wc, cast, "noncoop", verdict=False, days_ago=14)

    # --- The case conference admits it; the social team reads the agenda ----------------------
    co = people(cast.coordinator)
    wk = people(cast.wijk)
    trajectory = case_conference_admits(
        co,
        trajectory,
        cast,
        "noncoop",
        days_ago=13,
        reasons="Mevrouw wil de woning houden en stemt in met begeleiding.",
        partner=wk,
    )

    # --- Orientation (corporation), intake (CJG) ------------------------------------------------
    trajectory = record_step(
        wc,
        trajectory,
        "Orientation conversation held",
        State.ORIENTATION,
        "noncoop-orientation",
        days_ago=12,
    )
    trajectory = record_step(
        wk, trajectory, "Intake held", State.INTAKE, "noncoop-intake", days_ago=11
    )

    # --- The agreement: drafted by the coordinator, signed at the corporation -----------------
    # No verdict: the proposed form is the addendum, signed by the corporation and the tenant.
    open_trajectory(co, trajectory, "noncoop-agreement-panel")
    follow(co, "Draft the agreement")
    assert co.get_by_label("Form of agreement", exact=True).input_value() == "addendum"
    co.get_by_label("Guidance hours per week").fill("4")
    co.get_by_label("Repayment of the arrears per month (€)").fill("40")
    _submit_primary(co)
    agreement = trajectory.agreements.get()
    visit(wc, f"/afspraken/{agreement.pk}/", "noncoop-agreement-corporation")
    for party in agreement.parties.filter(must_sign=True).order_by("pk"):
        wc.get_by_label("Party", exact=True).select_option(str(party.pk))
        wc.get_by_label("Signed on", exact=True).fill(ago(10))
        wc.get_by_label("Signed by").fill("Jeroen Valkhof, woonconsulent")
        press(wc, "Record signature")
        assert "The signature was recorded." in main_text(wc), main_text(wc)[:1500]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    check_page(wc, "noncoop-agreement-signed")
    trajectory = record_step(
        wc,
        trajectory,
        "Start conversation: agreements signed",
        State.STARTED,
        "noncoop-started",
        days_ago=10,
    )

    # --- Guidance: the coordinator assigns the people, the support worker starts ---------------
    visit(co, f"/trajecten/{trajectory.pk}/mensen/", "noncoop-people")
    for actor, function in (
        (cast.begeleider, MemberFunction.WOONBEGELEIDER),
        (cast.woonconsulent, MemberFunction.CONTACTPERSOON),
    ):
        co.get_by_label("Person", exact=True).select_option(
            f"{actor.user.pk}:{actor.organisation.pk}"
        )
        co.get_by_label("Function", exact=True).select_option(function.value)
        _submit_primary(co)
        assert "The person is added." in main_text(co), main_text(co)[:1500]
    wb = people(cast.begeleider)
    trajectory = record_step(
        wb, trajectory, "Guidance started", State.ACTIVE, "noncoop-guidance", days_ago=10
    )

    # The support worker writes down the missed appointments; the corporation cannot read it.
    follow(wb, "Guidance notes")
    wb.get_by_label("Note", exact=True).fill(ABSENT_NOTE)
    press(wb, "Save note")
    assert ABSENT_NOTE in main_text(wb)
    check_page(wb, "noncoop-notes-saved")
    visit(
        wc,
        f"/trajecten/{trajectory.pk}/begeleidingsnotities/",
        "noncoop-notes-404",
        status=404,
    )

    # Since the guidance started the arrears grew by another month's rent.
    later = timezone.localdate() - timedelta(days=5)
    LedgerEntry.objects.create(
        corporation=cast.corporation,
        tenancy=cast.world.tenancy,
        mutation_id="E2E-TJ-LATER",
        booking_date=later,
        due_date=later,
        kind="huur",
        amount=Decimal("650.00"),
    )

    # --- The coordinator ends the trajectory: reasons, damage, notice --------------------------
    open_trajectory(co, trajectory, "noncoop-before")
    follow(co, "End for non-cooperation")
    check_page(co, "noncoop-terminate-form")
    co.get_by_label("Reasons", exact=True).fill(
        "Mevrouw komt niet naar de afspraken.\nDe huur van deze maand is niet betaald."
    )
    co.get_by_label("Eviction costs", exact=True).fill("1500.00")
    press(co, "Compute the damage")
    check_page(co, "noncoop-terminate-preview")
    damage = co.get_by_role("table", name="Shared damage").inner_text()
    # Arrears that arose since the guidance started (€650) plus the eviction costs (€1,500),
    # shared half and half by default; amounts with thousands separators.
    for amount in ("€650.00", "€1,500.00", "€2,150.00", "€1,075.00"):
        assert amount in damage, damage

    last_before = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    press(co, "End the trajectory and send the notice")
    trajectory.refresh_from_db()
    assert trajectory.state == State.ENDED_NON_COOPERATION
    text = main_text(co)
    assert "The trajectory is ended; the notice letter was sent to all parties." in text
    assert "Mevrouw komt niet naar de afspraken." in text
    assert "Total damage" in text and "€2,150.00" in text
    check_page(co, "noncoop-ended")
    recipients = set(OutgoingEmail.objects.filter(pk__gt=last_before).values_list("to", flat=True))
    # The notice goes to the tenant and to every current member of the trajectory.
    assert recipients == {
        cast.world.tenant.email,
        cast.begeleider.user.email,
        cast.woonconsulent.user.email,
    }, recipients
    assert co.locator("main").get_by_role("link", name="Notice letter (PDF)").count() == 1

    # --- The corporation sees the end and the damage on its trajectory page and timeline -------
    open_trajectory(wc, trajectory, "noncoop-corporation")
    text = main_text(wc)
    assert "This trajectory has ended: Ended for non-cooperation." in text
    assert "Corporation's share" in text and "€1,075.00" in text
    assert ABSENT_NOTE not in text
    visit(wc, f"/huishoudens/{cast.household.pk}/", "noncoop-household")
    assert "→ Ended for non-cooperation" in wc.locator("#timeline").inner_text()
    # The eviction route resumes from the day of the end: the household page's legal stage
    # says so and the collections officer has a task to decide the next step.
    assert "Eviction route resumed" in main_text(wc)
    ic = people(cast.incasso)
    visit(ic, "/werklijst/", "noncoop-worklist")
    assert "Last chance ended (Ended for non-cooperation): decide the next step" in main_text(ic)

    # --- The support worker sees the end, not the money -----------------------------------------
    open_trajectory(wb, trajectory, "noncoop-support-worker")
    text = main_text(wb)
    assert "This trajectory has ended: Ended for non-cooperation." in text
    assert "Shared damage" not in text and "€2,150.00" not in text
    assert "Arrears at referral" not in text


# --- Helpers for forms without a stable accessible name ----------------------------------------


def _submit_primary(page: Page) -> None:
    with page.expect_navigation(wait_until="load"):
        page.locator("main button.utrecht-button--primary-action").first.click()


def _submit_form(page: Page, action_suffix: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.locator(f"main form[action$='{action_suffix}'] button").first.click()
