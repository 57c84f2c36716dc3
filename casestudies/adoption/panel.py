"""The adoption panel of a case study, template or curriculum: who adopted it
(municipality, population band, date), how many, and the form that records an
adoption for verified staff of another municipality.

It is a personal part of the page (yokoten/member_cache.py): the rest of the page
is shared between members, the panel is rendered for each reader.
``{% personal "adoption_panel" page=page.pk municipality=page.municipality_id %}``
in the template."""

from types import SimpleNamespace
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Page

from community.accounts.permissions import is_verified_staff

from .forms import AdoptionForm, metric_formset
from .models import Adoption
from .permissions import is_publisher_of, may_adopt, may_withdraw_adoption
from .views import initial_for


def panel_context(request, page) -> dict:
    """One query for the adoptions (and the versions, for those who may adopt)."""
    user = request.user
    adoptions = list(Adoption.objects.filter(page_id=page.pk).with_municipality())
    staff_municipality_id = getattr(user, "staff_municipality_id", None)
    mine = next((a for a in adoptions if a.municipality_id == staff_municipality_id), None)
    can_adopt = may_adopt(user, page)
    if user.is_authenticated:
        for adoption in adoptions:
            adoption.withdrawable = may_withdraw_adoption(user, adoption)
    versions = page.adoption_versions() if can_adopt else []
    return {
        "page": page,
        "adoptions": adoptions,
        "mine": mine,
        "may_adopt": can_adopt,
        "is_publisher": is_publisher_of(user, page),
        "form": AdoptionForm(
            initial=initial_for(mine, versions), versions=versions, auto_id="adopt-%s"
        )
        if can_adopt
        else None,
        "metrics": metric_formset(initial=mine.metrics if mine else ()) if can_adopt else None,
        "login_url": f"{reverse('account_login')}?next={quote(request.get_full_path())}",
    }


def render_panel(request, arguments: dict, context) -> str:
    page = context.get("page") if context is not None else None
    if page is None or str(page.pk) != arguments["page"]:
        page = _page_for(request.user, arguments)
    return render_to_string("adoption/panel.html", panel_context(request, page), request)


def _page_for(user, arguments: dict):
    """The page itself for verified staff (the form lists its versions); for everyone
    else the panel needs only its id and publisher, which the arguments carry."""
    if is_verified_staff(user):
        return Page.objects.live().get(pk=arguments["page"]).specific
    return SimpleNamespace(
        pk=int(arguments["page"]), municipality_id=int(arguments["municipality"])
    )
