"""Telling a page's owner that another municipality adopted it (kind ``adoption_mine``).

``services.adopt`` queues the announcement when an adoption is first recorded; the
task tells the page's owner (who may have handed it over since: the owner now).
"""

from django.utils.translation import pgettext_lazy

from community.notifications.registry import register_announcer, register_kind, register_target
from community.notifications.services import notify

ADOPTED = register_kind(
    "adoption_mine",
    label=pgettext_lazy(
        "notification kind",
        "Another municipality adopted a case study, template or curriculum of mine",
    ),
    message=pgettext_lazy("notification", "%(actor)s recorded an adoption of “%(title)s”"),
)


def announce_adoption(adoption_id: int) -> None:
    from .models import Adoption

    adoption = (
        Adoption.objects.select_related("page__owner", "municipality", "created_by")
        .filter(pk=adoption_id)
        .first()
    )
    if adoption is None or not adoption.page.live or adoption.page.owner is None:
        return
    page = adoption.page
    notify(
        [page.owner],
        kind=ADOPTED,
        event=f"adoption.recorded.{adoption.pk}",
        target=adoption,
        title=page.title,
        url=page.url or "/",
        actor=adoption.created_by,
        excerpt=" ".join(filter(None, [adoption.municipality.display_name, adoption.notes])),
    )


def register() -> None:
    from .models import Adoption

    register_announcer("adoption.recorded", announce_adoption)
    register_target(Adoption, lambda user, queryset: queryset.filter(page__live=True))
