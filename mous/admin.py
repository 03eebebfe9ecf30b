from django.contrib import admin

from mous.models import Mou, MouStageChange, Relocation


@admin.register(Mou)
class MouAdmin(admin.ModelAdmin):
    list_display = ["company", "signed_on", "relocation_type", "stage", "next_follow_up_on"]
    list_filter = ["stage", "relocation_type", "is_signed_outside"]
    list_select_related = ["company"]
    search_fields = ["company__name", "parties"]
    raw_id_fields = ["company", "created_by"]
    date_hierarchy = "signed_on"
    # Documents are uploaded on the MOU screens, where core.uploads checks them.
    readonly_fields = ["document", "document_name"]


@admin.register(MouStageChange)
class MouStageChangeAdmin(admin.ModelAdmin):
    list_display = ["mou", "stage", "effective_on", "recorded_by"]
    list_select_related = ["mou__company", "recorded_by"]
    search_fields = ["mou__company__name"]
    raw_id_fields = ["mou", "recorded_by"]


@admin.register(Relocation)
class RelocationAdmin(admin.ModelAdmin):
    list_display = ["company", "moved_on", "relocation_type", "from_region", "mou"]
    list_filter = ["relocation_type", "from_region"]
    list_select_related = ["company", "mou__company"]
    search_fields = ["company__name", "gwangju_address"]
    raw_id_fields = ["company", "mou", "recorded_by"]
