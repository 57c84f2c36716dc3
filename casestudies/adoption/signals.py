"""A published revision may carry a stale ``adoption_count`` (it is preserved by
``KnowledgePage.with_content_json``, but an adoption can land between loading and
saving the revision), so every publish of a knowledge page recounts."""

from django.dispatch import receiver
from wagtail.signals import page_published

from casestudies.knowledge.models import KnowledgePage

from .services import recount_adoptions


@receiver(page_published, dispatch_uid="adoption.recount_on_publish")
def recount_on_publish(sender, instance, **kwargs):
    if issubclass(sender, KnowledgePage):
        recount_adoptions(instance)
