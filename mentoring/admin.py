from django.contrib import admin

from mentoring.models import MentorAssignment


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["mentor", "company", "started_on", "ended_on"]
    list_select_related = ["mentor", "company"]
    search_fields = ["mentor__email", "company__name"]
    raw_id_fields = ["mentor", "company", "assigned_by"]
