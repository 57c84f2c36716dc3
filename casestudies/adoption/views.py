from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from casestudies.knowledge.models import KnowledgePage

from .forms import AdoptionForm, metric_formset
from .models import Adoption
from .permissions import check_adopt, check_withdraw_adoption
from .services import adopt, withdraw_adoption


def _adoptable_page(page_id: int) -> KnowledgePage:
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if not isinstance(page, KnowledgePage):
        raise Http404
    return page


@login_required
@require_http_methods(["GET", "POST"])
def adopt_view(request, page_id: int):
    """Record (or update) "we adopted this" for the member's municipality."""
    page = _adoptable_page(page_id)
    check_adopt(request.user, page)
    municipality = request.user.staff_municipality
    existing = Adoption.objects.filter(page_id=page.pk, municipality=municipality).first()
    versions = page.adoption_versions()
    if request.method == "POST":
        form = AdoptionForm(request.POST, versions=versions)
        metrics = metric_formset(request.POST)
        if form.is_valid() and metrics.is_valid():
            _adoption, created = adopt(
                page,
                municipality,
                actor=request.user,
                adopted_on=form.cleaned_data["adopted_on"],
                notes=form.cleaned_data["notes"],
                metrics=[m for m in (row.to_metric() for row in metrics.forms) if m],
                version_number=form.cleaned_data.get("version_number") or "",
            )
            if created:
                messages.success(
                    request,
                    _("Recorded: %(municipality)s adopted this.")
                    % {"municipality": municipality.display_name},
                )
            else:
                messages.success(request, _("Your municipality's adoption was updated."))
            return redirect(f"{page.url}#adoption")
    else:
        form = AdoptionForm(initial=initial_for(existing, versions), versions=versions)
        metrics = metric_formset(initial=existing.metrics if existing else ())
    return render(
        request,
        "adoption/adoption_form.html",
        {
            "item": page,
            "form": form,
            "metrics": metrics,
            "existing": existing,
            "municipality": municipality,
        },
    )


def initial_for(existing: Adoption | None, versions) -> dict:
    if existing is None:
        return {
            "adopted_on": timezone.localdate(),
            "version_number": versions[0] if versions else "",
        }
    return {
        "adopted_on": existing.adopted_on,
        "notes": existing.notes,
        "version_number": existing.version_number,
    }


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_view(request, adoption_id: int):
    """Confirm, then remove an adoption (its municipality's staff, or a moderator)."""
    adoption = get_object_or_404(
        Adoption.objects.select_related("municipality__prefecture"), pk=adoption_id
    )
    check_withdraw_adoption(request.user, adoption)
    item = Page.objects.filter(pk=adoption.page_id).specific().first()
    if request.method == "POST":
        withdraw_adoption(adoption, actor=request.user)
        messages.success(request, _("The adoption was withdrawn."))
        return redirect(f"{item.url}#adoption" if item.live and item.url else "/")
    return render(request, "adoption/withdraw_confirm.html", {"adoption": adoption, "item": item})
