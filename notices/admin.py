"""Django admin for notices: superuser data fixes only."""

from django.contrib import admin

from notices.models import Notice, NoticeDelivery, NoticePreference, NoticeProfile


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at", "email"]
    list_filter = ["kind", "email"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "recipient__name"]
    raw_id_fields = ["recipient", "digest"]


@admin.register(NoticeDelivery)
class NoticeDeliveryAdmin(admin.ModelAdmin):
    list_display = ["to_address", "notice", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["notice"]
    search_fields = ["to_address"]
    raw_id_fields = ["recipient", "notice"]


@admin.register(NoticePreference)
class NoticePreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(NoticeProfile)
class NoticeProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
