import datetime

from django.db import migrations
from django.utils import timezone


def fill_periods(apps, schema_editor):
    """Awards made before periods existed run from the award date to the end of its year."""
    SupportAward = apps.get_model("programs", "SupportAward")
    today = timezone.localdate()
    for award in SupportAward.objects.filter(starts_on__isnull=True).iterator():
        award.starts_on = award.awarded_on
        award.ends_on = datetime.date(award.awarded_on.year, 12, 31)
        if award.ends_on < today:
            award.status = "completed"
        award.save(update_fields=["starts_on", "ends_on", "status"])


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0003_add_calls_and_awards"),
    ]

    operations = [
        migrations.RunPython(fill_periods, migrations.RunPython.noop),
    ]
