from django.shortcuts import get_object_or_404, render

from yokoten.pagination import paginate

from .forms import MunicipalityFilterForm, filter_municipalities
from .models import Municipality
from .sections import sections_for


def municipality_list(request):
    form = MunicipalityFilterForm(request.GET or None)
    municipalities = Municipality.objects.select_related("prefecture")
    if form.is_bound and form.is_valid():
        municipalities = filter_municipalities(municipalities, form.cleaned_data)
    elif form.is_bound:
        municipalities = municipalities.none()
    page, query = paginate(request, municipalities)
    return render(
        request,
        "municipalities/municipality_list.html",
        {"form": form, "page": page, "query": query, "filtered": bool(query)},
    )


def municipality_detail(request, code: str):
    municipality = get_object_or_404(Municipality.objects.select_related("prefecture"), code=code)
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "domains": municipality.domains.all(),
            "sections": sections_for(municipality, request),
        },
    )
