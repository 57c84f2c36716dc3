"""Finding a host and publishing an offer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Page

from yokoten.pagination import paginate

from .. import services
from ..filters import OfferFilterSet
from ..forms import OfferForm, blackout_formset, blackouts_from
from ..models import VisitOffer, VisitReport
from ..permissions import (
    check_edit_offer,
    may_edit_offer,
    may_publish_offers,
    may_request_visit,
    may_view_offer,
)
from ..rules import next_free_days

FREE_DAYS_SHOWN = 5


def offer_list(request):
    filters = OfferFilterSet(
        request.GET, VisitOffer.objects.published().for_listing(), request=request
    )
    offers, _snippets = filters.results()
    page, query = paginate(request, offers)
    return render(
        request,
        "visits/offer_list.html",
        {
            "form": filters.form,
            "filters": filters,
            "facet_groups": filters.facets(offers),
            "page": page,
            "query": query,
            "filtered": bool(query),
        },
    )


def offer_detail(request, pk: int):
    offer = get_object_or_404(
        VisitOffer.objects.select_related("municipality__prefecture").prefetch_related(
            "blackouts", "tools", "categories"
        ),
        pk=pk,
    )
    if not may_view_offer(request.user, offer):
        raise Http404
    topics = (
        Page.objects.live()
        .filter(pk__in=offer.topic_links.values("page_id"))
        .order_by("title")
        .specific()
    )
    reports = VisitReport.objects.published().filter(request__offer=offer).for_listing()[:10]
    return render(
        request,
        "visits/offer_detail.html",
        {
            "offer": offer,
            "topics": topics,
            "free_days": next_free_days(offer, count=FREE_DAYS_SHOWN) if offer.is_published else [],
            "reports": reports,
            "may_request": may_request_visit(request.user, offer),
            "may_edit": may_edit_offer(request.user, offer),
        },
    )


def _edit(request, offer: VisitOffer, *, template_context: dict):
    form = OfferForm(request.POST or None, instance=offer)
    formset = blackout_formset(request.POST or None, offer)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        offer = form.save(commit=False)
        services.publish_offer(
            offer,
            actor=request.user,
            topics=form.cleaned_data["topics"],
            blackouts=blackouts_from(formset),
            tools=form.cleaned_data["tools"],
            categories=form.cleaned_data["categories"],
        )
        messages.success(request, _("Your offer is published."))
        return redirect(offer)
    return render(
        request,
        "visits/offer_form.html",
        {"form": form, "formset": formset, "offer": offer, **template_context},
    )


@login_required
@never_cache
def offer_create(request):
    user = request.user
    if not may_publish_offers(user):
        if request.method == "POST":
            raise PermissionDenied
        # Explain who can publish, rather than refuse.
        return render(request, "visits/offer_form.html", {"not_allowed": True})
    offer = VisitOffer(
        municipality=user.staff_municipality,
        contact_department=user.department,
        notify_email=user.email,
    )
    return _edit(request, offer, template_context={"creating": True})


@login_required
@never_cache
def offer_edit(request, pk: int):
    offer = get_object_or_404(VisitOffer.objects.select_related("municipality__prefecture"), pk=pk)
    check_edit_offer(request.user, offer)
    return _edit(request, offer, template_context={"creating": False})


@login_required
@require_POST
def offer_withdraw(request, pk: int):
    offer = get_object_or_404(VisitOffer.objects.select_related("municipality"), pk=pk)
    check_edit_offer(request.user, offer)
    if services.withdraw_offer(offer, actor=request.user):
        messages.success(
            request,
            _(
                "The offer no longer takes requests. Requests already made go on; save the offer to publish it again."
            ),
        )
    return redirect("visits:offer_edit", pk=offer.pk)
