import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import mentoring.models


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0003_add_hours_budget_to_assignments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MentorProfile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("expertise", models.CharField(help_text="e.g. investment, AI models, market entry", max_length=200, verbose_name="expertise")),
                ("affiliation", models.CharField(blank=True, max_length=200, verbose_name="affiliation")),
                ("focus_industries", models.JSONField(blank=True, default=list, validators=[mentoring.models.validate_industries], verbose_name="focus industries")),
                ("bio", models.TextField(blank=True, max_length=2000, verbose_name="biography")),
                ("user", models.OneToOneField(limit_choices_to={"role": "mentor"}, on_delete=django.db.models.deletion.PROTECT, related_name="mentor_profile", to=settings.AUTH_USER_MODEL, verbose_name="mentor")),
            ],
            options={
                "verbose_name": "mentor profile",
                "verbose_name_plural": "mentor profiles",
                "ordering": ["user__name", "pk"],
            },
        ),
    ]
