import json

from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailConfirmationHMAC
from allauth.account.views import ConfirmEmailView
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.municipalities.models import Municipality
from yokoten.pagination import paginate

from . import news, renewal, services
from .finder import PeopleFilterSet, finder_rows, listed_members
from .forms import (
    DecisionForm,
    DeleteAccountForm,
    ProfileForm,
    ReasonRequiredForm,
    VerificationRequestForm,
)
from .middleware import second_factor_step
from .models import User, VerificationRequest
from .permissions import (
    check_moderate,
    check_request_verification,
    holds_powers,
    is_verified_staff,
    may_moderate,
    may_view_profile,
    session_passed_second_factor,
)
from .session_level import record_second_factor

PEOPLE_PER_PAGE = 20


def municipality_options() -> list[str]:
    return [
        m.display_name
        for m in Municipality.objects.select_related("prefecture").only(
            "name", "kind", "prefecture__name"
        )
    ]


def profile(request, pk: int):
    member = get_object_or_404(
        User.objects.select_related("municipality__prefecture", "staff_municipality__prefecture"),
        pk=pk,
        is_active=True,
        deleted_at__isnull=True,
    )
    if not may_view_profile(request.user, member):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return render(
        request,
        "accounts/profile.html",
        {
            "member": member,
            "expertise": member.expertise.all(),
            "may_moderate": may_moderate(request.user),
        },
    )


@login_required
def people(request):
    """The people finder: verified staff who opted in, filtered; each row shows
    only the fields the reader may see (community/accounts/finder.py)."""
    member = request.user
    filters = PeopleFilterSet(request.GET, listed_members(), request=request, viewer=member)
    found, _snippets = filters.results()
    page, query = paginate(request, found, per_page=PEOPLE_PER_PAGE)
    return render(
        request,
        "accounts/people.html",
        {
            "form": filters.form,
            "filters": filters,
            "page": page,
            "query": query,
            "filtered": bool(query),
            "rows": finder_rows(member, page.object_list),
            "sees_everything": filters.sees_everything,
            "may_be_listed": is_verified_staff(member),
        },
    )


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect(request.user.get_absolute_url())
    return render(
        request,
        "accounts/profile_edit.html",
        {"form": form, "municipality_options": municipality_options()},
    )


@login_required
@never_cache
def verification(request):
    member = request.user
    if request.method == "POST" and "renew" in request.POST:
        sent = renewal.send_renewal_link(member)
        if sent is None:
            messages.error(request, _("This verification cannot be renewed by email."))
        else:
            messages.success(
                request,
                _(
                    "We sent a renewal link to %(email)s. Open it within three days "
                    "while signed in to renew."
                )
                % {"email": sent.email},
            )
        return redirect("accounts:verification")
    pending = VerificationRequest.objects.filter(
        user=member, status=VerificationRequest.Status.PENDING
    ).first()
    form = None
    if not member.is_verified_staff and pending is None:
        form = VerificationRequestForm(request.POST or None)
        if request.method == "POST":
            check_request_verification(member)
            if form.is_valid():
                try:
                    services.request_verification(
                        member,
                        form.cleaned_data["municipality"],
                        department=form.cleaned_data["department"],
                        note=form.cleaned_data["note"],
                    )
                except services.VerificationError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        _("Your request was sent. A moderator will email you the decision."),
                    )
                    return redirect("accounts:verification")
    history = member.verifications.select_related("municipality__prefecture")[:10]
    decided = member.verification_requests.exclude(
        status=VerificationRequest.Status.PENDING
    ).select_related("municipality__prefecture")[:10]
    return render(
        request,
        "accounts/verification.html",
        {
            "member": member,
            "pending": pending,
            "form": form,
            "history": history,
            "decided": decided,
            "municipality_options": municipality_options() if form else [],
            "renewable": renewal.renewable(member) if member.is_verified_staff else None,
        },
    )


@login_required
@never_cache
def renew_verification(request, token: str):
    """The link from the renewal email: confirm (POST) to start a new period."""
    try:
        verification = renewal.verification_for_token(request.user, token)
    except renewal.RenewalError as error:
        problems = {
            "expired": _("This renewal link has expired. Ask for a new one."),
            "invalid": _("This renewal link is not valid for your account."),
            "not_official": _(
                "This address is no longer on an official domain of the municipality: "
                "ask a moderator instead."
            ),
        }
        return render(
            request,
            "accounts/renew_verification.html",
            {"problem": problems[str(error)]},
            status=400,
        )
    if request.method == "POST":
        renewed = renewal.renew(request.user, token)
        messages.success(
            request,
            _("Your verification as staff of %(municipality)s now runs until %(date)s.")
            % {
                "municipality": renewed.municipality.display_name,
                "date": date_format(timezone.localtime(renewed.expires_at), "DATE_FORMAT"),
            },
        )
        return redirect("accounts:verification")
    return render(request, "accounts/renew_verification.html", {"verification": verification})


@login_required
@never_cache
def moderation_queue(request):
    check_moderate(request.user)
    pending = VerificationRequest.objects.filter(
        status=VerificationRequest.Status.PENDING
    ).select_related("user__staff_municipality", "municipality__prefecture")
    page, query = paginate(request, pending, per_page=25)
    return render(
        request,
        "accounts/moderation_queue.html",
        {"page": page, "query": query, "form": DecisionForm()},
    )


@login_required
@require_POST
def decide_request(request, pk: int):
    check_moderate(request.user)
    verification_request = get_object_or_404(
        VerificationRequest.objects.select_related("user", "municipality"), pk=pk
    )
    form = DecisionForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if request.POST.get("decision") == "approve":
            done = services.approve_verification_request(
                verification_request, actor=request.user, reason=reason
            )
            message = _("Approved: %(member)s is now verified staff of %(municipality)s.")
        elif request.POST.get("decision") == "reject":
            done = services.reject_verification_request(
                verification_request, actor=request.user, reason=reason
            )
            message = _("Rejected the request of %(member)s.")
        else:
            messages.error(request, _("Choose approve or reject."))
            return redirect("accounts:moderation_queue")
    except services.VerificationError as error:
        messages.error(request, str(error))
        return redirect("accounts:moderation_queue")
    if done:
        messages.success(
            request,
            message
            % {
                "member": verification_request.user,
                "municipality": verification_request.municipality.display_name,
            },
        )
    else:
        messages.info(request, _("Another moderator already decided this request."))
    return redirect("accounts:moderation_queue")


@login_required
@never_cache
def revoke(request, pk: int):
    check_moderate(request.user)
    member = get_object_or_404(User.objects.select_related("staff_municipality__prefecture"), pk=pk)
    form = ReasonRequiredForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.revoke_verification(
            member, actor=request.user, reason=form.cleaned_data["reason"]
        ):
            messages.success(
                request, _("Revoked the verification of %(member)s.") % {"member": member}
            )
        else:
            messages.info(request, _("%(member)s has no active verification.") % {"member": member})
        return redirect(member.get_absolute_url())
    return render(request, "accounts/revoke.html", {"member": member, "form": form})


@login_required
@reauthentication_required
@never_cache
def data_export(request):
    payload = services.export_member_data(request.user)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="yokoten-my-data-{stamp}.json"'
    return response


@login_required
@reauthentication_required
@never_cache
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(
            request, _("Your account and personal data were deleted. Thank you for taking part.")
        )
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})


@login_required
def my_account(request):
    """The member's settings, and what is theirs elsewhere on the site (what their
    notifications and emails link to, reachable without them)."""
    user = request.user
    return render(
        request,
        "accounts/my_account.html",
        {
            "member": user,
            "hosts_visits": is_verified_staff(user),
            "uses_cms": user.has_perm("wagtailadmin.access_admin"),
        },
    )


class ConfirmEmailByLinkView(ConfirmEmailView):
    """The emailed link, kept working beside the emailed code: allauth offers
    one or the other, but municipal mail gateways often mangle links."""

    def get_object(self, queryset=None):
        confirmation = EmailConfirmationHMAC.from_key(self.kwargs["key"])
        if not confirmation:
            raise Http404
        return confirmation


@never_cache
def second_factor(request):
    """Where the admin areas' own log-in pages lead: allauth's log-in, then setting
    up TOTP or entering a code; ``next`` is where the member continues afterwards."""
    after = request.GET.get("next", "")
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(
            after if url_has_allowed_host_and_scheme(after, {request.get_host()}) else "/"
        )
    if session_passed_second_factor(user) or not holds_powers(user):
        raise PermissionDenied
    return second_factor_step(request, after)


class ActivateTOTPThenContinueView(ActivateTOTPView):
    """allauth's TOTP set-up; the session that typed a code from the new
    authenticator has passed the second factor, so the member's powers work at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        record_second_factor(self.request, user, totp)
        return response


@require_POST
@login_required
def news_seen(request):
    """「すべて既読にする」 on the dashboard: nothing so far is new any more."""
    news.mark_news_seen(request.user)
    return redirect("/")
