from django.contrib import admin

from companies.models import Company, CompanyContact, Interaction, Person, StageChange


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "business_number", "industry", "stage", "is_active"]
    list_filter = ["industry", "stage", "is_active", "is_in_gwangju"]
    list_select_related = ["assigned_staff"]
    search_fields = ["name", "business_number"]
    raw_id_fields = ["assigned_staff"]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["company", "stage", "effective_on", "recorded_by"]
    list_select_related = ["company", "recorded_by"]
    search_fields = ["company__name"]
    raw_id_fields = ["company", "recorded_by"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone"]
    search_fields = ["name", "email"]


@admin.register(CompanyContact)
class CompanyContactAdmin(admin.ModelAdmin):
    list_display = ["person", "company", "title", "is_primary"]
    list_select_related = ["person", "company"]
    search_fields = ["person__name", "company__name"]
    raw_id_fields = ["person", "company"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["company", "kind", "occurred_at", "staff"]
    list_select_related = ["company", "staff"]
    search_fields = ["company__name", "summary"]
    raw_id_fields = ["company", "staff", "participants"]
