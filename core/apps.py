from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models import fields

        # Django 6.1 invites apps to set the empty option's label here; ours is translated.
        fields.BLANK_CHOICE_LABEL = _("- Select -")
