"""Date the awards cancelled before the cancellation had a date: the day of their last change
(in Seoul), or the award's day when that came later."""

from zoneinfo import ZoneInfo

from django.db import migrations

SEOUL = ZoneInfo("Asia/Seoul")


def fill_cancelled_on(apps, schema_editor):
    SupportAward = apps.get_model("programs", "SupportAward")
    awards = list(
        SupportAward.objects.filter(status="cancelled", cancelled_on__isnull=True).only(
            "pk", "awarded_on", "updated_at"
        )
    )
    for award in awards:
        award.cancelled_on = max(award.updated_at.astimezone(SEOUL).date(), award.awarded_on)
    SupportAward.objects.bulk_update(awards, ["cancelled_on"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_add_award_cancelled_on"),
    ]

    operations = [
        migrations.RunPython(fill_cancelled_on, migrations.RunPython.noop),
    ]
