from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models import fields
        from django.db.models.signals import post_migrate

        from core.checks import create_cache_tables

        # Django 6.1 invites apps to set the empty option's label here; ours is translated.
        fields.BLANK_CHOICE_LABEL = _("- Select -")
        post_migrate.connect(create_cache_tables, sender=self)
