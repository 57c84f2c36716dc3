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

    def save_model(self, request, obj, form, change):
        from yokoten.cache_policy import retire

        from .services import LIST_TAG, notice_tag

        super().save_model(request, obj, form, change)
        retire(LIST_TAG, notice_tag(obj.pk))  # the list and every page citing it
