"""The last-chance trajectory (laatste kans): from referral to flip-back or termination.

A trajectory starts with a referral (aanmelding) of a household by its corporation or by the
social team / CJG, and moves through the states of :class:`State`. The allowed transitions
and who may perform them live in :mod:`woonkans.trajectories.machine`; every state change
goes through a use case in :mod:`woonkans.trajectories.services` and is recorded as a
:class:`Transition`.

The parties are organisations: the corporation (landlord), the care provider (housing
support, budget management, the coordinator) and the social team / CJG (indication, Plan
van Aanpak). Each party organisation gets an open trajectory involvement on the household,
which is what makes the household visible to it (see ``households/access.py``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from woonkans.households.models import Household, Tenancy
from woonkans.organisations.models import Organisation


class State(models.TextChoices):
    REFERRED = "aangemeld", _("Referred")
    DISCUSSED = "besproken", _("Discussed in case conference")
    ORIENTATION = "orientatie", _("Orientation conversation")
    INTAKE = "intake", _("Intake")
    STARTED = "gestart", _("Start conversation: agreements signed")
    ACTIVE = "begeleiding", _("Active guidance")
    EVALUATION = "evaluatie", _("Evaluation")
    EXTENDED = "verlengd", _("Extended")
    FLIPPED_BACK = "teruggeklapt", _("Flipped back")
    ENDED_SUCCESS = "afgerond", _("Ended successfully")
    ENDED_NON_COOPERATION = "beeindigd", _("Ended for non-cooperation")
    DECLINED = "afgezien", _("Declined by the household")
    NOT_ADMITTED = "niet_toegelaten", _("Not admitted by the case conference")


def state_label(state: str) -> str:
    """The label of a state value (the value itself when unknown, e.g. "")."""
    try:
        return str(State(state).label)
    except ValueError:
        return state


# States after which nothing more happens in the trajectory.
FINAL_STATES = frozenset(
    {
        State.FLIPPED_BACK,
        State.ENDED_SUCCESS,
        State.ENDED_NON_COOPERATION,
        State.DECLINED,
        State.NOT_ADMITTED,
    }
)


class LegalStageAtReferral(models.TextChoices):
    NO_VERDICT = "geen_vonnis", _("No verdict")
    VERDICT = "vonnis", _("Eviction verdict given")


class Trajectory(models.Model):
    """One household's last-chance trajectory. Referral data is kept on the trajectory."""

    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("household"),
    )
    tenancy = models.ForeignKey(
        Tenancy,
        on_delete=models.PROTECT,
        related_name="trajectories",
        null=True,
        blank=True,
        verbose_name=_("tenancy"),
    )
    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="trajectories_as_corporation",
        verbose_name=_("housing corporation"),
    )
    care_provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="trajectories_as_care_provider",
        null=True,
        blank=True,
        verbose_name=_("care provider"),
    )
    social_team = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="trajectories_as_social_team",
        null=True,
        blank=True,
        verbose_name=_("social team / CJG"),
    )
    referred_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="trajectories_referred",
        verbose_name=_("referred by"),
    )
    referred_on = models.DateField(_("referred on"))
    reason = models.TextField(_("reason for the referral"))
    arrears_at_referral = models.DecimalField(
        _("arrears at referral"), max_digits=12, decimal_places=2
    )
    legal_stage = models.CharField(
        _("legal stage"), max_length=20, choices=LegalStageAtReferral.choices
    )
    verdict_date = models.DateField(_("date of the verdict"), null=True, blank=True)
    household_situation = models.TextField(_("household situation"), blank=True)
    children_count = models.PositiveSmallIntegerField(_("number of children"), default=0)
    priority = models.BooleanField(
        _("priority"), default=False, help_text=_("Set when an eviction verdict has been given.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REFERRED
    )
    state_since = models.DateField(_("in this state since"))
    evaluation_on = models.DateField(
        _("evaluation date"),
        null=True,
        blank=True,
        help_text=_("Empty: one year after the start of the guidance."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-priority", "referred_on", "pk"]
        verbose_name = _("last-chance trajectory")
        verbose_name_plural = _("last-chance trajectories")
        indexes = [models.Index(fields=["state"]), models.Index(fields=["corporation", "state"])]

    def __str__(self) -> str:
        return f"{self.household} ({self.get_state_display()})"

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def party_organisation_ids(self) -> set[int]:
        return {
            pk
            for pk in (self.corporation_id, self.care_provider_id, self.social_team_id)
            if pk is not None
        }


class Transition(models.Model):
    """One recorded state change: who, when and why. Append-only."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    occurred_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=32, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.from_state or '-'} -> {self.to_state} ({self.occurred_on})"


class MemberFunction(models.TextChoices):
    WOONBEGELEIDER = "woonbegeleider", _("Housing support worker")
    FINANCIEEL_CONSULENT = "financieel_consulent", _("Financial consultant")
    COORDINATOR = "coordinator", _("Last-chance coordinator")
    CONTACTPERSOON = "contactpersoon", _("Contact person")


class TrajectoryMember(models.Model):
    """A person working on a trajectory in one function for one organisation, for a period.

    A hand-over ends one membership and starts another; the history stays. Several contact
    persons per partner organisation are allowed (one contact person is a weak spot)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="trajectory_memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    function = models.CharField(_("function"), max_length=32, choices=MemberFunction.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for the hand-over"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["function", "started_on", "pk"]
        verbose_name = _("trajectory member")
        verbose_name_plural = _("trajectory members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="trajectory_member_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_function_display()}"

    def is_current_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


# --- Referral: eligibility per corporation -------------------------------------------------


class EligibilityCriterion(models.Model):
    """One question of a corporation's eligibility checklist for a referral.

    ``excludes_when`` is the answer that makes the household ineligible (for the question
    "earlier payment arrangement?" that is "no"). The default for a corporation without
    its own checklist is no exclusion ground at all: nuisance is not an exclusion ground in
    general (domain/processes.md §3)."""

    corporation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="eligibility_criteria",
        verbose_name=_("housing corporation"),
    )
    question = models.CharField(_("question"), max_length=255)
    excludes_when = models.BooleanField(
        _("excludes when the answer is"),
        help_text=_("Checked: the answer “yes” excludes; unchecked: the answer “no” excludes."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["corporation", "position", "pk"]
        verbose_name = _("eligibility question")
        verbose_name_plural = _("eligibility questions")

    def __str__(self) -> str:
        return self.question


class EligibilityAnswer(models.Model):
    """The answer given at referral. The question is copied so that later edits of the
    checklist do not change what was asked."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="eligibility_answers"
    )
    criterion = models.ForeignKey(
        EligibilityCriterion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    question = models.CharField(_("question"), max_length=255)
    answer = models.BooleanField(_("answer"))
    excludes = models.BooleanField(_("exclusion ground"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("eligibility answer")
        verbose_name_plural = _("eligibility answers")

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"


#: How long the partners of an ended trajectory keep access to the household (days after
#: the final state began). See docs/privacy.md, "Access after a trajectory ends".
DEFAULT_INVOLVEMENT_RETENTION_DAYS = 90
MAX_INVOLVEMENT_RETENTION_DAYS = 365


class TrajectorySettings(models.Model):
    """A corporation's settings for last-chance trajectories."""

    corporation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="trajectory_settings"
    )
    damage_share_care_provider = models.DecimalField(
        _("share of the damage for the care provider (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "After termination for non-cooperation the damage is shared; the corporation "
            "bears the rest."
        ),
    )
    arrangement_kept_months = models.PositiveSmallIntegerField(
        _("months a payment arrangement must be kept"),
        default=6,
        help_text=_("For the flip-back condition “the tenant keeps the arrangement alone”."),
    )
    involvement_retention_days = models.PositiveSmallIntegerField(
        _("days partners keep access after the end"),
        default=DEFAULT_INVOLVEMENT_RETENTION_DAYS,
        validators=[MaxValueValidator(MAX_INVOLVEMENT_RETENTION_DAYS)],
        help_text=_(
            "After a trajectory ends, the care provider and the social team keep seeing the "
            "household this many days (final report, notice period, shared damage); then "
            "their access through the trajectory ends."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("trajectory settings")
        verbose_name_plural = _("trajectory settings")

    def __str__(self) -> str:
        return str(self.corporation)


# --- Guidance: notes, plan of approach, mediation, decisions -------------------------------


class GuidanceNote(models.Model):
    """A note of the care provider about the guidance. Visible to the care provider's
    people with the care field group only — never to the corporation or the social team."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="guidance_notes"
    )
    written_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("guidance note")
        verbose_name_plural = _("guidance notes")

    def __str__(self) -> str:
        return f"{self.written_on}"


class LifeDomain(models.TextChoices):
    FINANCES = "financien", _("Finances")
    HEALTH = "gezondheid", _("Health")
    PSYCHOSOCIAL = "psychosociaal", _("Psychosocial problems")
    PARENTING = "opvoeding", _("Parenting")
    SOCIAL = "sociaal", _("Social contacts")
    DAYTIME = "dagbesteding", _("Work and daytime activities")
    DAILY_LIVING = "adl", _("Practical daily living")
    HOUSING = "wonen", _("Housing")


class PlanOfApproach(models.Model):
    """The social team's Plan van Aanpak: goals per life domain and the agreed actions.
    Visible to the social team and the coordinator."""

    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.CASCADE, related_name="plan_of_approach"
    )
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    updated_by_label = models.CharField(max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan of approach")
        verbose_name_plural = _("plans of approach")

    def __str__(self) -> str:
        return f"{self.trajectory_id}"


class PlanGoal(models.Model):
    plan = models.ForeignKey(PlanOfApproach, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    goal = models.TextField(_("goal"))

    class Meta:
        ordering = ["plan", "domain"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["plan", "domain"], name="plan_goal_one_per_domain")
        ]

    def __str__(self) -> str:
        return self.get_domain_display()


class MediationOutcome(models.TextChoices):
    RESOLVED = "opgelost", _("Resolved; guidance continues")
    OTHER_WORKER = "andere_begeleider", _("Another support worker assigned")
    UNRESOLVED = "onoplosbaar", _("Not resolvable")


class ConflictMediation(models.Model):
    """The coordinator mediates a conflict between support worker and tenant (art. 9)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="mediations")
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("what the conflict is about"))
    attributable_to = models.CharField(_("attributable to"), max_length=100, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=MediationOutcome.choices)
    recorded_by_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("conflict mediation")
        verbose_name_plural = _("conflict mediations")

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.outcome}"


class JointDecision(models.Model):
    """Care provider and corporation decided together that flipping back is desirable for
    another reason (the fourth flip-back condition), recorded by the coordinator."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="joint_decisions"
    )
    decided_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    recorded_by_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("joint decision to flip back")
        verbose_name_plural = _("joint decisions to flip back")

    def __str__(self) -> str:
        return f"{self.decided_on}"


class Termination(models.Model):
    """Termination for non-cooperation: reasons, notice and the shared damage."""

    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.PROTECT, related_name="termination"
    )
    terminated_on = models.DateField(_("date"))
    reasons = models.TextField(_("reasons"))
    immediate = models.BooleanField(_("with immediate effect"), default=False)
    arrears_at_start = models.DecimalField(
        _("arrears at the start of the guidance"), max_digits=12, decimal_places=2
    )
    arrears_at_termination = models.DecimalField(
        _("arrears at termination"), max_digits=12, decimal_places=2
    )
    eviction_costs = models.DecimalField(_("eviction costs"), max_digits=12, decimal_places=2)
    care_provider_percentage = models.DecimalField(
        _("care provider's share (%)"), max_digits=5, decimal_places=2
    )
    damage_total = models.DecimalField(_("damage"), max_digits=12, decimal_places=2)
    care_provider_share = models.DecimalField(
        _("care provider's share"), max_digits=12, decimal_places=2
    )
    corporation_share = models.DecimalField(
        _("corporation's share"), max_digits=12, decimal_places=2
    )
    notice_pdf = models.BinaryField(editable=False, blank=True, default=b"")
    recorded_by_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("termination")
        verbose_name_plural = _("terminations")

    def __str__(self) -> str:
        return f"{self.trajectory_id} {self.terminated_on}"

    def split(self):
        from .rules import DamageSplit

        return DamageSplit(
            arrears_arisen=self.damage_total - self.eviction_costs,
            eviction_costs=self.eviction_costs,
            total=self.damage_total,
            care_provider=self.care_provider_share,
            corporation=self.corporation_share,
        )
