"""The member's basket of case studies and app templates for an evidence pack
(予算要求の根拠資料), kept in their session: at most ``LIMIT`` items."""

from django.template.loader import render_to_string
from wagtail.models import Page

from community.accounts.permissions import is_member

SESSION_KEY = "evidence_basket"
LIMIT = 10


def basket_ids(request) -> list[int]:
    return [int(pk) for pk in request.session.get(SESSION_KEY, [])][:LIMIT]


def add(request, page_id: int) -> bool:
    """Whether it was added (not already there, room left)."""
    ids = basket_ids(request)
    if page_id in ids or len(ids) >= LIMIT:
        return False
    request.session[SESSION_KEY] = [*ids, page_id]
    return True


def remove(request, page_id: int) -> bool:
    ids = basket_ids(request)
    if page_id not in ids:
        return False
    request.session[SESSION_KEY] = [pk for pk in ids if pk != page_id]
    return True


def clear(request) -> None:
    request.session.pop(SESSION_KEY, None)


def packable_pages():
    """Live case studies and app templates: what a pack may hold."""
    from casestudies.apptemplates.models import AppTemplatePage
    from casestudies.cases.models import CaseStudyPage

    return Page.objects.live().type(CaseStudyPage, AppTemplatePage)


def basket_pages(ids) -> list:
    """The live case studies and app templates among ``ids``, with their municipality
    (two queries)."""
    from casestudies.apptemplates.models import AppTemplatePage
    from casestudies.cases.models import CaseStudyPage

    return [
        page
        for model in (CaseStudyPage, AppTemplatePage)
        for page in model.objects.live()
        .filter(pk__in=ids)
        .select_related("municipality__prefecture")
        .only("title", "url_path", "path", "depth", "municipality")
    ]


def render_basket_button(request, arguments: dict, context) -> str:
    """The 「予算要求資料に追加」 button of a page, for members (a personal part:
    whether the page is in the basket is the reader's own)."""
    if not is_member(request.user) or not arguments["page"].isdigit():
        return ""  # a visitor, or the preview of a page not saved yet
    page_id = int(arguments["page"])
    ids = basket_ids(request)
    return render_to_string(
        "evidence/components/basket_button.html",
        {
            "page_id": page_id,
            "in_basket": page_id in ids,
            "count": len(ids),
            "full": len(ids) >= LIMIT,
        },
        request,
    )
