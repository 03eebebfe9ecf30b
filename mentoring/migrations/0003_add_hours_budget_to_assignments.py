from decimal import Decimal

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorassignment",
            name="hours_budget",
            field=models.DecimalField(
                decimal_places=1,
                default=Decimal("20.0"),
                max_digits=6,
                validators=[django.core.validators.MinValueValidator(Decimal("0.1"))],
                verbose_name="hours budget",
            ),
        ),
        migrations.AlterField(
            model_name="mentorassignment",
            name="ended_on",
            field=models.DateField(
                blank=True,
                help_text="The first day without access; empty while the assignment runs.",
                null=True,
                verbose_name="ended on",
            ),
        ),
        migrations.AddConstraint(
            model_name="mentorassignment",
            constraint=models.CheckConstraint(
                condition=models.Q(("hours_budget__gt", 0)),
                name="assignment_hours_budget_positive",
                violation_error_message="The hours budget must be more than zero.",
            ),
        ),
        migrations.AddConstraint(
            model_name="mentorassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_on__isnull", True)),
                fields=("mentor", "company"),
                name="one_open_assignment_per_mentor_company",
                violation_error_message="This mentor is already assigned to this company.",
            ),
        ),
    ]
