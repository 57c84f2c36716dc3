"""Visit reports: written by either side after the visit, public once published."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import services
from ..forms import ReportForm
from ..models import VisitReport
from ..permissions import check_write_report, side_of
from .requests import _visible_request


@login_required
@never_cache
def report_write(request, pk):
    visit = _visible_request(request, pk)
    check_write_report(request.user, visit)
    existing = visit.reports.filter(side=side_of(request.user, visit)).first()
    initial = {}
    if existing:
        initial = {
            "title": existing.title,
            "what_we_saw": existing.what_we_saw,
            "what_we_will_try": existing.what_we_will_try,
            "saw_page": existing.saw_page_id,
            "adopt": existing.adopt,
        }
    form = ReportForm(visit, request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        report = services.write_report(
            visit,
            actor=request.user,
            title=form.cleaned_data["title"],
            what_we_saw=form.cleaned_data["what_we_saw"],
            what_we_will_try=form.cleaned_data["what_we_will_try"],
            saw_page=form.cleaned_data["saw_page"],
            adopt=form.cleaned_data.get("adopt", False),
        )
        messages.success(request, _("Your visit report is published."))
        return redirect(report)
    return render(
        request,
        "visits/report_form.html",
        {"form": form, "visit": visit, "offer": visit.offer, "existing": existing},
    )


def report_detail(request, pk: int):
    report = get_object_or_404(
        VisitReport.objects.published().for_listing().select_related("saw_page"), pk=pk
    )
    return render(request, "visits/report_detail.html", {"report": report})
