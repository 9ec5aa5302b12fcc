from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .middleware import SESSION_KEY


@login_required
@require_POST
def switch_membership(request):
    """Act for another of the person's organisations/roles."""
    try:
        membership_id = int(request.POST.get("membership", ""))
    except ValueError as exc:
        raise Http404 from exc
    if not any(m.pk == membership_id for m in request.memberships):
        raise Http404
    request.session[SESSION_KEY] = membership_id
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
