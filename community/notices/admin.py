from django.contrib import admin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Correcting a notice's details; members add notices and moderators mark them
    superseded on the site (/notices/), which tells their citers."""

    list_display = ["title", "issuer", "number", "issued_on", "superseded_at"]
    list_filter = ["issuer"]
    search_fields = ["title", "number", "url"]
    readonly_fields = ["superseded_by", "superseded_at", "added_by"]
