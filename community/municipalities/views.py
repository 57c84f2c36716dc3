from django.shortcuts import get_object_or_404, render

from yokoten.cache_policy import shows
from yokoten.member_cache import share_with_members
from yokoten.pagination import paginate

from .filters import MunicipalityFilterSet
from .models import Municipality
from .peers import peers_of
from .sections import sections_for


def municipality_list(request):
    share_with_members(request)
    shows(request, "list:municipalities")  # retired by an import (everything)
    filters = MunicipalityFilterSet(
        request.GET, Municipality.objects.select_related("prefecture"), request=request
    )
    municipalities, _snippets = filters.results()
    page, query = paginate(request, municipalities)
    return render(
        request,
        "municipalities/municipality_list.html",
        {
            "form": filters.form,
            "filters": filters,
            "facet_groups": filters.facets(municipalities),
            "page": page,
            "query": query,
            "filtered": bool(query),
        },
    )


def municipality_detail(request, code: str):
    share_with_members(request)  # sections may not depend on the reader (sections.py)
    municipality = get_object_or_404(Municipality.objects.select_related("prefecture"), code=code)
    # What each section shows retires the page: pages published there, adoptions,
    # visit offers and visits (cache_policy.py).
    shows(request, f"municipality:{code}")
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "domains": municipality.domains.all(),
            "peers": peers_of(municipality),
            "sections": sections_for(municipality, request),
        },
    )
