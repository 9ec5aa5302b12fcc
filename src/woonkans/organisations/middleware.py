from __future__ import annotations

from .actor import Actor

SESSION_KEY = "woonkans_membership_id"


def _second_step_done(user) -> bool:
    """Nobody acts for an organisation (menu, data) before the two-factor step."""
    from woonkans.accounts.middleware import user_requires_two_factor

    verified = getattr(user, "is_verified", lambda: False)()
    return verified or not user_requires_two_factor(user)


class ActorMiddleware:
    """Sets ``request.actor``: the person, the organisation they act for and their role.

    A person with several memberships acts for one at a time; the choice is kept in the
    session (see ``organisations.views.switch_membership``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = None
        request.memberships = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _second_step_done(user):
            memberships = list(
                user.memberships.filter(is_active=True, organisation__is_active=True)
                .select_related("organisation")
                .order_by("organisation__name", "role")
            )
            request.memberships = memberships
            chosen = request.session.get(SESSION_KEY)
            membership = next((m for m in memberships if m.pk == chosen), None)
            if membership is None and memberships:
                membership = memberships[0]
            if membership is not None:
                request.actor = Actor(
                    organisation=membership.organisation, role=membership.role, user=user
                )
                request.membership = membership
        return self.get_response(request)
