from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import OutgoingEmail, Status


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox: what waits for the mail server, what failed, what went out."""

    list_display = ["created_at", "status", "recipients", "subject", "attempts", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject"]
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_send_again_permission(self, request) -> bool:
        return request.user.has_perm("mail.change_outgoingemail")

    @admin.action(
        description=_("Send the selected failed emails again"), permissions=["send_again"]
    )
    def send_again(self, request, queryset):
        count = services.send_again(queryset.filter(status=Status.FAILED))
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be sent again.",
                "%(count)d emails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
