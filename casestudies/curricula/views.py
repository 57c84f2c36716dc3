from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from casestudies.adoption.charts import adopter_bands
from casestudies.knowledge.detail import knowledge_context, live_related
from community.submissions.services import once

from .charts import delivery_charts
from .forms import DeliveryForm
from .models import CurriculumDelivery, CurriculumPage
from .permissions import (
    check_record_delivery,
    check_remove_delivery,
    may_record_delivery,
    may_remove_delivery,
)
from .services import record_delivery, remove_delivery, summarise


def curriculum_detail_context(page: CurriculumPage, request) -> dict:
    deliveries = list(page.deliveries.select_related("municipality__prefecture")) if page.pk else []
    user = request.user
    can_record = may_record_delivery(user, page)
    for delivery in deliveries:
        delivery.removable = can_record and may_remove_delivery(user, delivery)
    modules = list(page.modules.all())
    summary = summarise(deliveries)
    return {
        **knowledge_context(page),
        "modules": modules,
        "module_minutes": sum(module.minutes for module in modules),
        "materials": list(page.materials.select_related("document")),
        "related_templates": live_related(
            page.related_templates.select_related("template__municipality__prefecture"), "template"
        ),
        "related_cases": live_related(
            page.related_cases.select_related("case_study__municipality__prefecture"),
            "case_study",
        ),
        "deliveries": deliveries,
        "summary": summary,
        "delivery_charts": delivery_charts(summary),
        "adopter_bands": adopter_bands(page),
        "delivery_form": DeliveryForm(auto_id="delivery-%s") if can_record else None,
    }


def record_delivery_view(request, page: CurriculumPage):
    """GET: the form on its own page; POST: record a delivery for the member's municipality."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    check_record_delivery(request.user, page)
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "submission"}
        once(
            request,
            form,
            lambda: record_delivery(
                page, request.user.staff_municipality, actor=request.user, **fields
            ),
        )
        messages.success(request, _("The delivery was added to the log."))
        return redirect(f"{page.url}#deliveries")
    return TemplateResponse(
        request, "curricula/delivery_form.html", {"page": page, "item": page, "form": form}
    )


def remove_delivery_view(request, page: CurriculumPage, delivery_id: int):
    """GET: confirm; POST: remove the delivery from the log."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    delivery = (
        CurriculumDelivery.objects.select_related("municipality__prefecture")
        .filter(pk=delivery_id, curriculum=page)
        .first()
    )
    if delivery is None:
        raise Http404
    check_remove_delivery(request.user, delivery)
    if request.method == "POST":
        remove_delivery(delivery, actor=request.user)
        messages.success(request, _("The delivery was removed from the log."))
        return redirect(f"{page.url}#deliveries")
    return TemplateResponse(
        request, "curricula/delivery_remove.html", {"page": page, "delivery": delivery}
    )
