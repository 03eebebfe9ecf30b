"""Each existing allocation holds its compute for its whole capacity period: the dates its
period had when allocations had none of their own."""

from django.db import migrations


def fill(apps, schema_editor):
    ComputeAllocation = apps.get_model("compute", "ComputeAllocation")
    ComputeCapacity = apps.get_model("compute", "ComputeCapacity")
    for period in ComputeCapacity.objects.all():
        ComputeAllocation.objects.filter(capacity=period, starts_on__isnull=True).update(
            starts_on=period.starts_on
        )
        ComputeAllocation.objects.filter(capacity=period, ends_on__isnull=True).update(
            ends_on=period.ends_on
        )


class Migration(migrations.Migration):
    dependencies = [
        ("compute", "0004_add_allocation_dates"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
