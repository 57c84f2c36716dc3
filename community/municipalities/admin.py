from django.contrib import admin

from .models import Municipality, OfficialDomain, Prefecture


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]


class OfficialDomainInline(admin.TabularInline):
    model = OfficialDomain
    extra = 1
    fields = ["domain", "source"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "prefecture", "kind", "population", "population_as_of"]
    list_filter = ["kind", "prefecture__region", "prefecture"]
    search_fields = ["code", "name", "name_kana"]
    list_select_related = ["prefecture"]
    inlines = [OfficialDomainInline]
