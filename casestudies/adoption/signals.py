"""A published revision may carry a stale ``adoption_count`` (it is preserved by
``KnowledgePage.with_content_json``, but an adoption can land between loading and
saving the revision), so every publish of a knowledge page recounts."""

from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from casestudies.knowledge.models import KnowledgePage
from community.visits.events import visitors_adopted

from .permissions import may_adopt
from .services import adopt, is_adoptable, recount_adoptions


@receiver(visitors_adopted, dispatch_uid="adoption.from_visit_report")
def adopt_what_the_visitors_saw(sender, report, page, municipality, actor, **kwargs):
    """A visit report's 「導入した」: the visiting municipality adopted the page it saw."""
    page = page.specific
    if not is_adoptable(page) or not may_adopt(actor, page):
        return
    visit_day = report.request.visit_day or timezone.localdate()
    adopt(
        page,
        municipality,
        actor=actor,
        adopted_on=min(visit_day, timezone.localdate()),
        notes=report.what_we_will_try or report.title,
    )


@receiver(page_published, dispatch_uid="adoption.recount_on_publish")
def recount_on_publish(sender, instance, **kwargs):
    if issubclass(sender, KnowledgePage):
        recount_adoptions(instance)
