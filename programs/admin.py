from django.contrib import admin

from programs.models import (
    Application,
    AwardInstalment,
    Call,
    Disbursement,
    Evaluation,
    Program,
    ProgramBudget,
    SupportAward,
)


class ProgramBudgetInline(admin.TabularInline):
    model = ProgramBudget
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "support_type"]
    list_filter = ["support_type"]
    search_fields = ["name"]
    inlines = [ProgramBudgetInline]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "opens_on", "closes_on"]
    list_select_related = ["program"]
    search_fields = ["title", "program__name"]
    date_hierarchy = "opens_on"


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    raw_id_fields = ["evaluator"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["company", "call", "applied_on", "stage", "decision"]
    list_select_related = ["company", "call"]
    list_filter = ["decision"]
    search_fields = ["company__name", "call__title"]
    raw_id_fields = ["company", "call", "registered_by", "decided_by"]
    inlines = [EvaluationInline]


class AwardInstalmentInline(admin.TabularInline):
    model = AwardInstalment
    extra = 0
    raw_id_fields = ["recorded_by"]


class DisbursementInline(admin.TabularInline):
    """Read-only: disbursements change `disbursed_krw`, which only award_disburse() keeps."""

    model = Disbursement
    extra = 0
    can_delete = False
    readonly_fields = ["paid_on", "amount_krw", "note", "recorded_by", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupportAward)
class SupportAwardAdmin(admin.ModelAdmin):
    list_display = ["company", "program", "awarded_on", "amount_krw", "disbursed_krw", "status"]
    list_select_related = ["company", "program"]
    list_filter = ["status", "program__support_type"]
    search_fields = ["company__name", "program__name"]
    raw_id_fields = ["company", "program", "application", "recorded_by"]
    readonly_fields = ["disbursed_krw"]
    inlines = [AwardInstalmentInline, DisbursementInline]
