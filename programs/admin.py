from django.contrib import admin

from programs.models import Program, SupportAward


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "support_type"]
    search_fields = ["name"]


@admin.register(SupportAward)
class SupportAwardAdmin(admin.ModelAdmin):
    list_display = ["company", "program", "awarded_on", "amount_krw"]
    list_select_related = ["company", "program"]
    search_fields = ["company__name", "program__name"]
    raw_id_fields = ["company", "program", "recorded_by"]
