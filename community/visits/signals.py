from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .services import forget_contact_details


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="visits.forget_contacts")
def forget_contacts_of_deleted_members(sender, instance, **kwargs):
    """Account deletion (accounts.services.delete_account) removes personal data:
    the contact details a member gave in visit requests too."""
    if instance.deleted_at:
        forget_contact_details(instance)
