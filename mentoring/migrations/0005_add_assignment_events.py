import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0004_add_mentor_profiles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AssignmentEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("assigned", "Assigned"), ("unassigned", "Unassigned"), ("budget_changed", "Hours budget changed")], max_length=16, verbose_name="event")),
                ("effective_on", models.DateField(verbose_name="effective on")),
                ("hours_budget", models.DecimalField(decimal_places=1, max_digits=6, verbose_name="hours budget")),
                ("previous_hours_budget", models.DecimalField(blank=True, decimal_places=1, max_digits=6, null=True, verbose_name="previous hours budget")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="reason")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="recorded at")),
                ("assignment", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="events", to="mentoring.mentorassignment", verbose_name="assignment")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="recorded by")),
            ],
            options={
                "verbose_name": "assignment event",
                "verbose_name_plural": "assignment events",
                "ordering": ["-recorded_at", "-pk"],
            },
        ),
    ]
