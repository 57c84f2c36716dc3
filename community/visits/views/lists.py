"""My visits and the visit calendar: lists of private requests, never cached."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from community.accounts.permissions import is_verified_staff
from community.municipalities.models import Municipality
from yokoten.pagination import paginate

from ..models import VisitOffer, VisitRequest
from ..permissions import filter_visible_requests, may_see_host_calendar
from ..states import Status


@login_required
@never_cache
def my_visits(request):
    """My requests, or (``?as=host``) the requests my municipality received."""
    user = request.user
    hosting = request.GET.get("as") == "host" and is_verified_staff(user)
    if hosting:
        visits = VisitRequest.objects.hosted_by(user.staff_municipality_id)
        status = request.GET.get("status")
        if status in Status.values:
            visits = visits.filter(status=status)
        offers = VisitOffer.objects.hosted_by(user.staff_municipality).order_by(
            "-is_published", "title"
        )
    else:
        visits = VisitRequest.objects.filter(requester=user)
        status, offers = None, None
    visits = filter_visible_requests(user, visits).select_related("offer__municipality__prefecture")
    page, query = paginate(request, visits.order_by("-updated_at"))
    return render(
        request,
        "visits/my_visits.html",
        {
            "page": page,
            "query": query,
            "hosting": hosting,
            "may_host": is_verified_staff(user),
            "offers": offers,
            "statuses": Status.choices,
            "status": status,
        },
    )


def _by_month(visits):
    return [
        {"month": month, "visits": list(items)}
        for month, items in groupby(
            visits, key=lambda visit: timezone.localdate(visit.starts_at).replace(day=1)
        )
    ]


@login_required
@never_cache
def calendar(request):
    """Upcoming confirmed visits by month: those my municipality hosts, and my own."""
    user = request.user
    upcoming = VisitRequest.objects.upcoming().select_related("offer__municipality__prefecture")
    hosting = municipality = None
    if may_see_host_calendar(user):
        municipality = Municipality.objects.select_related("prefecture").get(
            pk=user.staff_municipality_id
        )
        hosting = _by_month(upcoming.hosted_by(municipality))
    visiting = _by_month(upcoming.filter(requester=user))
    return render(
        request,
        "visits/calendar.html",
        {"hosting": hosting, "visiting": visiting, "municipality": municipality},
    )
