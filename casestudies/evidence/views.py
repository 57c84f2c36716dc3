"""The basket (members) and the pack (anyone with its signed link, read-only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from . import basket
from .documents import pack_pdf_bytes, pack_xlsx_bytes
from .pack import build_pack, make_token, read_token


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
@never_cache
def basket_view(request):
    ids = basket.basket_ids(request)
    pages = {page.pk: page for page in basket.basket_pages(ids)}
    return render(
        request,
        "evidence/basket.html",
        {"pages": [pages[pk] for pk in ids if pk in pages], "limit": basket.LIMIT},
    )


def _page_id(request) -> int:
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        raise Http404 from None
    if not basket.packable_pages().filter(pk=page_id).exists():
        raise Http404
    return page_id


@login_required
@require_POST
def add_view(request):
    page_id = _page_id(request)
    if basket.add(request, page_id):
        messages.success(request, _("Added to your evidence pack."))
    elif len(basket.basket_ids(request)) >= basket.LIMIT:
        messages.error(
            request, _("A pack holds at most %(limit)s items.") % {"limit": basket.LIMIT}
        )
    return _back(request, reverse("evidence:basket"))


@login_required
@require_POST
def remove_view(request):
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        raise Http404 from None
    basket.remove(request, page_id)
    return _back(request, reverse("evidence:basket"))


@login_required
@require_POST
def make_view(request):
    ids = basket.basket_ids(request)
    live = set(basket.packable_pages().filter(pk__in=ids).values_list("pk", flat=True))
    ids = [pk for pk in ids if pk in live]
    if not ids:
        messages.error(request, _("Add at least one case study or app template first."))
        return redirect("evidence:basket")
    municipality = getattr(request.user, "staff_municipality", None) or getattr(
        request.user, "municipality", None
    )
    token = make_token(ids, municipality.code if municipality else "")
    return redirect("evidence:pack", token=token)


def _pack(request, token: str):
    wanted = read_token(token)
    if wanted is None:
        raise Http404
    pack = build_pack(wanted, request.build_absolute_uri("/")[:-1])
    if not pack.items:
        raise Http404
    return pack


@require_safe
def pack_view(request, token: str):
    pack = _pack(request, token)
    response = render(
        request,
        "evidence/pack.html",
        {"pack": pack, "token": token, "share_url": request.build_absolute_uri()},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def pack_pdf(request, token: str):
    pack = _pack(request, token)
    content = pack_pdf_bytes(request, pack)
    return _download(content, "application/pdf", f"yokoten-evidence-{pack.made_on}.pdf")


@require_safe
def pack_xlsx(request, token: str):
    pack = _pack(request, token)
    return _download(
        pack_xlsx_bytes(pack),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"yokoten-evidence-{pack.made_on}.xlsx",
    )
