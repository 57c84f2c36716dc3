from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "delivery", "read_at", "emailed_at"]
    list_filter = ["kind", "delivery"]
    raw_id_fields = ["recipient", "actor"]
    readonly_fields = ["event_key", "target_type", "target_id", "emailed_at", "digested_at"]
