from urllib.parse import quote

from django import template
from django.urls import reverse

from ..forms import AdoptionForm, metric_formset
from ..models import Adoption
from ..permissions import may_adopt, may_withdraw_adoption
from ..views import initial_for

register = template.Library()


@register.inclusion_tag("adoption/panel.html", takes_context=True)
def adoption_panel(context, page):
    """Who adopted ``page`` (municipality, population band, date), how many, and the
    form that records it for verified staff of another municipality. One query."""
    request = context["request"]
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
        "request": request,
        "user": user,
        "page": page,
        "adoptions": adoptions,
        "mine": mine,
        "may_adopt": can_adopt,
        "is_publisher": bool(user.is_authenticated and user.is_verified_staff)
        and staff_municipality_id == page.municipality_id,
        "form": AdoptionForm(
            initial=initial_for(mine, versions), versions=versions, auto_id="adopt-%s"
        )
        if can_adopt
        else None,
        "metrics": metric_formset(initial=mine.metrics if mine else ()) if can_adopt else None,
        "csrf_token": context.get("csrf_token"),
        "login_url": f"{reverse('account_login')}?next={quote(request.get_full_path())}",
    }
