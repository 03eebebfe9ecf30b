"""Give assignments made before the history existed their "assigned" (and "unassigned") rows."""

from django.db import migrations


def backfill(apps, schema_editor):
    MentorAssignment = apps.get_model("mentoring", "MentorAssignment")
    AssignmentEvent = apps.get_model("mentoring", "AssignmentEvent")
    events = []
    for assignment in MentorAssignment.objects.filter(events__isnull=True).iterator():
        events.append(
            AssignmentEvent(
                assignment=assignment,
                kind="assigned",
                effective_on=assignment.started_on,
                hours_budget=assignment.hours_budget,
                recorded_by_id=assignment.assigned_by_id,
                recorded_at=assignment.created_at,
            )
        )
        if assignment.ended_on:
            events.append(
                AssignmentEvent(
                    assignment=assignment,
                    kind="unassigned",
                    effective_on=assignment.ended_on,
                    hours_budget=assignment.hours_budget,
                    recorded_by_id=assignment.assigned_by_id,
                    recorded_at=assignment.updated_at,
                )
            )
    AssignmentEvent.objects.bulk_create(events)


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0005_add_assignment_events"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
