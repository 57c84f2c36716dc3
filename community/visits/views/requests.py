"""Visit requests. Every page here shows private data: it is never cached, and
someone who may not see the request gets a 404 as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.audit.models import AuditEntry
from community.submissions.services import once

from .. import services
from ..calendar import visit_calendar
from ..forms import (
    CancelForm,
    ConfirmForm,
    DeclineForm,
    MessageForm,
    ProposeForm,
    VersionForm,
    VisitRequestEditForm,
    VisitRequestForm,
)
from ..models import VisitOffer, VisitRequest
from ..permissions import (
    check_act,
    check_download_calendar,
    check_post_message,
    check_request_visit,
    check_view_request,
    may_act,
    may_download_calendar,
    may_post_message,
    may_write_report,
    side_of,
)
from ..states import MAIN_PATH, TRANSITIONS, Side

STALE = gettext_lazy(
    "The other side changed this request after you opened it. Check the latest "
    "state below, then send your form again: what you typed is kept."
)

HISTORY_LABELS = {
    "visits.requested": gettext_lazy("Sent the request"),
    "visits.update": gettext_lazy("Changed the request"),
    "visits.propose": gettext_lazy("Proposed dates"),
    "visits.confirm": gettext_lazy("Confirmed the date"),
    "visits.decline": pgettext_lazy("visit history", "Declined"),
    "visits.cancel": pgettext_lazy("visit history", "Cancelled"),
    "visits.mark_done": gettext_lazy("Marked the visit as done"),
    "visits.message": gettext_lazy("Wrote a message"),
}


def _visible_request(request, pk) -> VisitRequest:
    visit = get_object_or_404(VisitRequest.objects.with_parties(), pk=pk)
    check_view_request(request.user, visit)
    return visit


def _history(visit):
    return (
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(VisitRequest),
            target_id=str(visit.pk),
            action__in=HISTORY_LABELS,
        )
        .select_related("actor__staff_municipality")
        .order_by("created_at", "pk")
    )


def _progress(visit) -> list[dict]:
    reached = MAIN_PATH.index(visit.status) if visit.status in MAIN_PATH else -1
    return [
        {"label": status.label, "done": index < reached, "current": index == reached}
        for index, status in enumerate(MAIN_PATH)
    ]


def _detail(request, visit: VisitRequest, *, status: int = 200, **forms):
    """The request page, with any bound form (after an error) in place of its blank one."""
    user = request.user
    side = side_of(user, visit)
    version = {"version": visit.version}
    may = {action: may_act(user, visit, action) for action in TRANSITIONS}
    may["message"] = may_post_message(user, visit)
    may["calendar"] = may_download_calendar(user, visit)
    may["report"] = may_write_report(user, visit)
    may["mark_done_now"] = may["mark_done"] and visit.has_taken_place
    history = list(_history(visit))
    for entry in history:
        entry.label = HISTORY_LABELS[entry.action]
    context = {
        "visit": visit,
        "offer": visit.offer,
        "side": side,
        "is_host": side == Side.HOST,
        "is_requester": side == Side.REQUESTER,
        "may": may,
        "progress": _progress(visit),
        "thread": visit.messages.select_related("author__staff_municipality"),
        "history": history,
        "reports": visit.reports.select_related("author__staff_municipality"),
        "propose_form": forms.get("propose_form") or ProposeForm(visit, initial=version),
        "confirm_form": forms.get("confirm_form") or ConfirmForm(visit, initial=version),
        "done_form": forms.get("done_form") or VersionForm(initial=version),
        "message_form": forms.get("message_form") or MessageForm(),
    }
    return render(request, "visits/request_detail.html", context, status=status)


def _refuse_stale(request, form, visit: VisitRequest) -> None:
    """Keep what was typed, say why, and let the next submit apply to the current version."""
    visit.refresh_from_db()
    messages.error(request, STALE)
    form.add_error(None, STALE)
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = str(visit.version)


# --- Requesting -----------------------------------------------------------


@login_required
@never_cache
def request_create(request, offer_pk: int):
    offer = get_object_or_404(
        VisitOffer.objects.published()
        .select_related("municipality__prefecture")
        .prefetch_related("blackouts"),
        pk=offer_pk,
    )
    check_request_visit(request.user, offer)
    form = VisitRequestForm(
        offer, request.POST or None, initial=VisitRequestForm.initial_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit, _first = once(
                request,
                form,
                lambda: services.request_visit(
                    offer,
                    requester=request.user,
                    details=form.details(),
                    consent=form.cleaned_data["consent"],
                ),
            )
        except services.RulesBroken as error:
            for rule_break in error.breaks:
                form.add_error(rule_break.field, rule_break.message)
        else:
            messages.success(
                request,
                _("Your request was sent to %(host)s. You will get an email when they reply.")
                % {"host": offer.municipality.display_name},
            )
            return redirect(visit)
    return render(
        request, "visits/request_form.html", {"form": form, "offer": offer, "creating": True}
    )


@login_required
@never_cache
def request_edit(request, pk):
    visit = _visible_request(request, pk)
    check_act(request.user, visit, "update")
    if visit.status not in TRANSITIONS["update"].sources:
        messages.info(request, _("The date is settled; write to the host in the messages instead."))
        return redirect(visit)
    form = VisitRequestEditForm(
        visit.offer, request.POST or None, initial=VisitRequestEditForm.initial_from(visit)
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_request(
                visit,
                form.details(),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.RulesBroken as error:
            for rule_break in error.breaks:
                form.add_error(rule_break.field, rule_break.message)
        except services.VisitError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                messages.success(request, _("Your request is changed; the host was emailed."))
                return redirect(visit)
            _refuse_stale(request, form, visit)
    return render(
        request,
        "visits/request_form.html",
        {"form": form, "offer": visit.offer, "visit": visit, "creating": False},
    )


@login_required
@never_cache
def request_detail(request, pk):
    return _detail(request, _visible_request(request, pk))


# --- Acting on a request --------------------------------------------------


def _apply(request, visit, form, change, *, success: str, form_name: str):
    """Run ``change(cleaned_data)`` for a valid form; on success redirect, else show the page again."""
    if form.is_valid():
        try:
            changed = change(form.cleaned_data)
        except services.VisitError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                messages.success(request, success)
                return redirect(visit)
            _refuse_stale(request, form, visit)
    return _detail(request, visit, **{form_name: form})


@login_required
@never_cache
@require_POST
def request_propose(request, pk):
    visit = _visible_request(request, pk)
    check_act(request.user, visit, "propose")
    form = ProposeForm(visit, request.POST)
    return _apply(
        request,
        visit,
        form,
        lambda data: services.propose_dates(
            visit,
            form.days(),
            actor=request.user,
            expected_version=data["version"],
            note=data["note"],
        ),
        success=_("Your proposed dates were sent to the visitor."),
        form_name="propose_form",
    )


@login_required
@never_cache
@require_POST
def request_confirm(request, pk):
    visit = _visible_request(request, pk)
    check_act(request.user, visit, "confirm")
    form = ConfirmForm(visit, request.POST)
    return _apply(
        request,
        visit,
        form,
        lambda data: services.confirm_visit(
            visit,
            data["day"],
            actor=request.user,
            expected_version=data["version"],
            start_time=data["start_time"],
            agenda=data["agenda"],
        ),
        success=_("The visit is confirmed; the visitor was emailed."),
        form_name="confirm_form",
    )


@login_required
@never_cache
@require_POST
def request_done(request, pk):
    visit = _visible_request(request, pk)
    check_act(request.user, visit, "mark_done")
    form = VersionForm(request.POST)
    return _apply(
        request,
        visit,
        form,
        lambda data: services.mark_done(
            visit, actor=request.user, expected_version=data["version"]
        ),
        success=_("The visit is marked as done. Would you write a visit report?"),
        form_name="done_form",
    )


def _close(request, pk, *, action: str, form_class, template_title, change, success):
    """Decline or cancel: a page that asks for confirmation (and a reason) first."""
    visit = _visible_request(request, pk)
    check_act(request.user, visit, action)
    if visit.status not in TRANSITIONS[action].sources:
        messages.info(request, _("This request is already closed."))
        return redirect(visit)
    form = form_class(request.POST or None, initial={"version": visit.version})
    if request.method == "POST" and form.is_valid():
        try:
            changed = change(visit, form.cleaned_data)
        except services.VisitError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                messages.success(request, success)
                return redirect(visit)
            _refuse_stale(request, form, visit)
    return render(
        request,
        "visits/request_close.html",
        {
            "visit": visit,
            "offer": visit.offer,
            "form": form,
            "action": action,
            "title": template_title,
        },
    )


@login_required
@never_cache
def request_decline(request, pk):
    return _close(
        request,
        pk,
        action="decline",
        form_class=DeclineForm,
        template_title=_("Decline this visit request"),
        change=lambda visit, data: services.decline(
            visit, actor=request.user, expected_version=data["version"], reason=data["reason"]
        ),
        success=_("You declined the request; the visitor was emailed your reason."),
    )


@login_required
@never_cache
def request_cancel(request, pk):
    return _close(
        request,
        pk,
        action="cancel",
        form_class=CancelForm,
        template_title=_("Cancel your visit request"),
        change=lambda visit, data: services.cancel(
            visit, actor=request.user, expected_version=data["version"], reason=data["reason"]
        ),
        success=_("Your request is cancelled; the host was emailed."),
    )


@login_required
@never_cache
@require_POST
def request_message(request, pk):
    visit = _visible_request(request, pk)
    check_post_message(request.user, visit)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            once(
                request,
                form,
                lambda: services.post_message(
                    visit, actor=request.user, body=form.cleaned_data["body"]
                ),
            )
        except services.VisitError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Your message was sent."))
            return redirect(f"{visit.get_absolute_url()}#messages")
    return _detail(request, visit, message_form=form)


@login_required
@never_cache
def request_calendar(request, pk):
    visit = _visible_request(request, pk)
    check_download_calendar(request.user, visit)
    content = visit_calendar(visit, url=request.build_absolute_uri(visit.get_absolute_url()))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"yokoten-visit-{visit.visit_day:%Y%m%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
