from django.contrib import admin

from mentoring.models import AssignmentEvent, MentorAssignment, MentoringSession, MentorProfile


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "expertise", "affiliation"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name", "expertise", "affiliation"]
    raw_id_fields = ["user"]


class AssignmentEventInline(admin.TabularInline):
    model = AssignmentEvent
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["mentor", "company", "started_on", "ended_on", "hours_budget"]
    list_select_related = ["mentor", "company"]
    search_fields = ["mentor__email", "company__name"]
    raw_id_fields = ["mentor", "company", "assigned_by"]
    inlines = [AssignmentEventInline]


@admin.register(MentoringSession)
class MentoringSessionAdmin(admin.ModelAdmin):
    list_display = ["held_on", "assignment", "duration_hours", "topic", "status"]
    list_filter = ["status"]
    list_select_related = ["assignment__mentor", "assignment__company"]
    search_fields = ["topic", "assignment__company__name", "assignment__mentor__email"]
    raw_id_fields = ["assignment", "recorded_by", "decided_by"]
    # Attachments are uploaded on the session form, where core.uploads checks them.
    readonly_fields = ["attachment", "attachment_name"]
