"""Inactive companies get the date of their last change as the deactivation date."""

from django.db import migrations
from django.utils import timezone


def fill(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    for company in Company.objects.filter(is_active=False, deactivated_on__isnull=True):
        company.deactivated_on = timezone.localdate(company.updated_at)
        company.save(update_fields=["deactivated_on"])


class Migration(migrations.Migration):
    dependencies = [("companies", "0006_add_deactivated_on")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
