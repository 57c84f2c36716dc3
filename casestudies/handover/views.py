"""/handover/: take over a predecessor's work, hand yours to a colleague, or (for
moderators) reassign a municipality's work. Parse → check → service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.accounts.permissions import is_verified_staff, may_moderate
from community.municipalities.models import Municipality

from . import services
from .forms import HandoverForm


def _municipality_for(request, code: str | None):
    """A moderator's chosen municipality; for staff, their own (and no other)."""
    if may_moderate(request.user):
        if code:
            return get_object_or_404(Municipality.objects.select_related("prefecture"), code=code)
        return None
    if is_verified_staff(request.user):
        if code and code != request.user.staff_municipality.code:
            raise PermissionDenied
        return request.user.staff_municipality
    raise PermissionDenied


@login_required
@never_cache
def overview(request):
    municipality = _municipality_for(request, request.GET.get("municipality"))
    moderating = may_moderate(request.user)
    context = {"municipality": municipality, "moderating": moderating}
    if municipality is not None:
        colleagues = services.verified_colleagues(municipality)
        holders = services.predecessors(municipality)
        mine = next((m.held for m in holders if m.pk == request.user.pk), None)
        context.update(
            holders=[member for member in holders if member.pk != request.user.pk],
            mine=mine,
            colleagues=list(colleagues),
            hand_over_form=HandoverForm(
                initial={"municipality": municipality.code, "predecessor": request.user.pk},
                colleagues=colleagues.exclude(pk=request.user.pk),
            ),
        )
    return render(request, "handover/overview.html", context)


@login_required
@require_POST
def transfer(request):
    municipality = _municipality_for(request, request.POST.get("municipality"))
    if municipality is None:
        raise PermissionDenied
    colleagues = services.verified_colleagues(municipality)
    form = HandoverForm(request.POST, colleagues=colleagues)
    if not form.is_valid():
        if "successor" in form.errors and form.cleaned_data.get("predecessor"):
            return render(
                request,
                "handover/overview.html",
                {"municipality": municipality, "moderating": may_moderate(request.user),
                 "hand_over_form": form, "holders": [], "colleagues": list(colleagues)},
                status=400,
            )  # fmt: skip
        raise PermissionDenied
    predecessor = form.cleaned_data["predecessor"]
    successor = form.cleaned_data["successor"]
    services.check_hand_over(request.user, predecessor, successor, municipality)
    held = services.holdings(predecessor, municipality)
    if not form.cleaned_data["confirmed"]:
        return render(
            request,
            "handover/confirm.html",
            {"municipality": municipality, "predecessor": predecessor, "successor": successor,
             "held": held, "form": form, "moderating": may_moderate(request.user)},
        )  # fmt: skip
    moved = services.hand_over(
        actor=request.user, predecessor=predecessor, successor=successor, municipality=municipality
    )
    messages.success(
        request,
        _("%(count)s items moved from %(predecessor)s to %(successor)s.")
        % {
            "count": moved.count,
            "predecessor": predecessor.public_name,
            "successor": successor.public_name,
        },
    )
    if may_moderate(request.user):
        return redirect(f"{reverse('handover:overview')}?municipality={municipality.code}")
    return redirect("handover:overview")
