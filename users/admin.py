from allauth.account.decorators import reauthentication_required
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.models import AccessAction, SubjectType
from audit.services import access_record
from users.models import Invitation, SecurityEvent, User
from users.services import user_deactivate

# What decides a user's access: a change to any of these is kept as a role change (3 years).
ACCESS_FIELDS = ("role", "company", "is_active", "is_privacy_officer", "is_staff", "is_superuser")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "company", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["company"]
    search_fields = ["email", "name"]
    raw_id_fields = ["company"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["name", "role", "company"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_privacy_officer", "is_staff", "is_superuser"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["deactivate"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Saving a user (role, permissions, active) needs a password confirmed in the last
        5 minutes, like role changes elsewhere."""
        view = reauthentication_required(allow_get=True)(super().change_view)
        return view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True  # the service deactivates, and ends the sessions
        super().save_model(request, obj, form, change)
        if deactivating:
            user_deactivate(user=obj, request=request)
        changed = [name for name in ACCESS_FIELDS if name in form.changed_data]
        if change and changed and not deactivating:
            access_record(
                request=request,
                action=AccessAction.ROLE_CHANGE,
                subject_type=SubjectType.USER,
                subject=_("%(user)s: %(fields)s changed")
                % {"user": obj.email, "fields": ", ".join(changed)},
                subject_ids=[obj.pk],
            )

    @admin.action(description=_("Deactivate the selected users (ends their sessions)"))
    def deactivate(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:
            user_deactivate(user=user, request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d user was deactivated.", "%(count)d users were deactivated.", len(users)
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "company", "expires_at", "accepted_at"]
    list_select_related = ["company"]
    search_fields = ["email", "name"]
    raw_id_fields = ["company", "invited_by", "user"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the record is written by the authentication signals only."""

    list_display = ["occurred_at", "kind", "email", "ip_address"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["email", "ip_address"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
