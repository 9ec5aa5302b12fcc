from django.core.paginator import Paginator
from django.shortcuts import render

from woonkans.core.decorators import role_required
from woonkans.organisations.models import Role

from .forms import AuditSearchForm
from .selectors import audit_search


@role_required(Role.FUNCTIONEEL_BEHEERDER)
def search(request):
    form = AuditSearchForm(request.GET or None)
    events = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        events = audit_search(
            actor_label=data["actor_label"],
            organisation_id=data["organisation"].pk if data["organisation"] else None,
            action=data["action"],
            purpose=data["purpose"],
            household_id=data["household_id"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    elif not form.is_bound:
        events = audit_search()
    page = Paginator(events, 50).get_page(request.GET.get("page")) if events is not None else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
