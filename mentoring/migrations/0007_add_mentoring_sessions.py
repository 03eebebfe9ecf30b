from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import mentoring.models


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0006_backfill_assignment_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MentoringSession",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("held_on", models.DateField(verbose_name="date")),
                ("duration_hours", models.DecimalField(decimal_places=1, max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal("0.1")), django.core.validators.MaxValueValidator(Decimal("24.0"))], verbose_name="duration (hours)")),
                ("topic", models.CharField(max_length=200, verbose_name="topic")),
                ("notes", models.TextField(blank=True, help_text="Private: only you and the programme staff see these notes.", max_length=5000, verbose_name="notes")),
                ("next_steps", models.TextField(blank=True, help_text="The firm sees the next steps.", max_length=2000, verbose_name="next steps")),
                ("attachment", models.FileField(blank=True, max_length=200, upload_to=mentoring.models.session_attachment_path, verbose_name="attachment")),
                ("attachment_name", models.CharField(blank=True, max_length=200, verbose_name="attachment name")),
                ("status", models.CharField(choices=[("approved", "Counted"), ("pending_approval", "Awaiting approval"), ("rejected", "Rejected")], default="approved", max_length=16, verbose_name="status")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided at")),
                ("decision_reason", models.CharField(blank=True, max_length=500, verbose_name="reason")),
                ("assignment", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="sessions", to="mentoring.mentorassignment", verbose_name="assignment")),
                ("decided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="decided by")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="recorded by")),
            ],
            options={
                "verbose_name": "mentoring session",
                "verbose_name_plural": "mentoring sessions",
                "ordering": ["-held_on", "-pk"],
                "indexes": [
                    models.Index(fields=["held_on"], name="mentoring_m_held_on_3cc47e_idx"),
                    models.Index(fields=["status", "held_on"], name="mentoring_m_status_214156_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("duration_hours__gt", 0), ("duration_hours__lte", Decimal("24.0"))), name="session_duration_positive", violation_error_message="A session lasts more than 0 and at most 24 hours."),
                    models.CheckConstraint(condition=models.Q(models.Q(("status", "rejected"), _negated=True), models.Q(("decision_reason", ""), _negated=True), _connector="OR"), name="rejected_session_has_reason", violation_error_message="A rejected session needs a reason."),
                ],
            },
        ),
    ]
