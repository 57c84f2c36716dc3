"""The shared list of official notices, adding one, a notice's page (where its
citers confirm it for the new 年度) and marking one superseded."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.accounts.permissions import is_member
from yokoten.cache_policy import shows
from yokoten.pagination import paginate

from . import services
from .forms import NoticeForm, SupersedeForm
from .models import Notice, NoticeCitation, fiscal_year_of
from .permissions import check, may_add_notice, may_supersede_notice

NOTICES_PER_PAGE = 30


def notice_list(request):
    """Queries: the count and the page of notices with what replaced them."""
    shows(request, services.LIST_TAG)
    page, query = paginate(request, Notice.objects.for_listing(), per_page=NOTICES_PER_PAGE)
    return render(
        request,
        "notices/notice_list.html",
        {"page": page, "query": query, "may_add": may_add_notice(request.user)},
    )


def _my_citations(user, notice):
    if not is_member(user):
        return []
    citations = list(
        NoticeCitation.objects.filter(notice=notice, author=user)
        .select_related("content_type")
        .order_by("created_at", "pk")
    )
    for citation in citations:
        item = citation.item
        if item is None:
            citation.link = ""
        elif hasattr(item, "get_absolute_url"):
            citation.link = item.get_absolute_url()
        else:
            citation.link = getattr(item, "url", "")  # a Wagtail page
        thread = getattr(item, "thread", None)  # an answer: name its question too
        citation.label = f"{thread.title} — {item}" if thread else str(item or "")
    return citations


@never_cache
def notice_detail(request, pk: int):
    notice = get_object_or_404(Notice.objects.select_related("superseded_by"), pk=pk)
    user = request.user
    year = fiscal_year_of()
    mine = _my_citations(user, notice)
    return render(
        request,
        "notices/notice_detail.html",
        {
            "notice": notice,
            "mine": mine,
            "year_name": services.fiscal_year_name(year),
            "needs_confirming": any(c.confirmed_fiscal_year < year for c in mine),
            "supersedes": notice.supersedes.order_by("-issued_on"),
            "supersede_form": SupersedeForm(notice=notice)
            if may_supersede_notice(user) and not notice.is_superseded
            else None,
        },
    )


@login_required
@never_cache
def create(request):
    check(may_add_notice(request.user))
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notice = services.add_notice(request.user, **form.cleaned_data)
        messages.success(request, _("The notice is in the list: cite it by its address."))
        return redirect(notice)
    return render(request, "notices/notice_form.html", {"form": form})


@login_required
@require_POST
def confirm(request, pk: int):
    notice = get_object_or_404(Notice, pk=pk)
    if not NoticeCitation.objects.filter(notice=notice, author=request.user).exists():
        raise Http404
    services.confirm_notice(notice, request.user)
    messages.success(
        request,
        _("Thank you: what you wrote shows the notice as confirmed for %(year)s.")
        % {"year": services.fiscal_year_name(fiscal_year_of())},
    )
    return redirect(notice)


@login_required
@require_POST
def supersede(request, pk: int):
    check(may_supersede_notice(request.user))
    notice = get_object_or_404(Notice, pk=pk)
    form = SupersedeForm(request.POST, notice=notice)
    if form.is_valid() and services.supersede_notice(
        notice, by=form.cleaned_data["by"], actor=request.user
    ):
        messages.success(
            request, _("The notice is marked superseded; its citers are asked to check.")
        )
    return redirect(notice)
