"""Change history: who changed what from what to what, when, from where, and by which route."""

from datetime import date

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audit.history import Source
from audit.selectors import history_for
from companies.models import Company
from tests.factories import CompanyFactory, UserFactory
from tests.programs.factories import SupportAwardFactory
from users.models import Role
from users.services import user_deactivate


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("pk")


def company_post(company, **changes):
    data = {
        "name": company.name,
        "business_number": company.business_number,
        "representative": company.representative,
        "founded_on": "2019-05-01",
        "address": company.address,
        "is_in_gwangju": "on",
        "industry": company.industry,
        "employee_count": company.employee_count,
        "is_active": "on",
    }
    return {**data, **changes}


def test_an_edit_on_the_screen_records_who_what_and_from_where(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:update", args=[company.pk]),
        company_post(company, employee_count=42),
        REMOTE_ADDR="127.0.0.7",
    )
    assert response.status_code == 302
    entry = entries_for(company).last()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == staff
    assert entry.remote_addr == "127.0.0.7"
    assert entry.additional_data == {"source": Source.SCREEN}
    assert entry.changes_dict["employee_count"] == ["10", "42"]


def test_the_company_page_shows_its_history_with_labels_and_values(
    client, settings, staff, company
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(staff)
    client.post(
        reverse("companies:update", args=[company.pk]),
        company_post(company, industry="energy", employee_count=42),
    )
    response = client.get(reverse("companies:detail", args=[company.pk]))
    [latest, *_older] = response.context["history"]
    changes = {change.label: (change.before, change.after) for change in latest.changes}
    assert changes["focus industry"] == ("Healthcare", "Energy")
    assert changes["employees"] == ("10", "42")
    assert latest.actor == str(staff)
    assert latest.source == "screen"
    assert "Change history" in response.content.decode()


def test_mentors_do_not_see_the_history(client, mentor, company):
    client.force_login(mentor)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    assert "history" not in response.context


def test_an_import_records_its_companies_as_imported(staff):
    from companies.imports import companies_import
    from core.imports import ImportResult

    result = ImportResult(
        rows=[
            {
                "company": {
                    "name": "가져온기업",
                    "business_number": "2208162517",
                    "industry": "energy",
                },
                "contact": None,
            }
        ]
    )
    [company] = companies_import(result=result, by=staff)
    entry = entries_for(company).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == staff
    assert entry.additional_data == {"source": Source.IMPORT}
    assert entry.changes_dict["name"] == ["None", "가져온기업"]


def test_a_disbursement_records_the_awards_paid_total(staff):
    from programs.services import award_disburse

    award = SupportAwardFactory(amount_krw=10_000_000)
    award_disburse(award=award, paid_on=date(2022, 6, 1), amount_krw=4_000_000, by=staff)
    award_disburse(award=award, paid_on=date(2022, 7, 1), amount_krw=1_000_000, by=staff)
    paid = [
        entry.changes_dict["disbursed_krw"]
        for entry in entries_for(award).filter(action=LogEntry.Action.UPDATE)
        if "disbursed_krw" in entry.changes_dict
    ]
    assert paid == [["0", "4000000"], ["4000000", "5000000"]]
    history = history_for(award, *award.disbursements.all())
    paid_changes = [
        (change.before, change.after)
        for entry in history
        for change in entry.changes
        if change.label == "disbursed (won)"
    ]
    assert paid_changes[0] == ("4,000,000 won", "5,000,000 won")  # newest first
    records = {entry.record for entry in history}
    assert records == {"support award", "disbursement"}


def test_a_role_change_and_a_deactivation_are_recorded(staff):
    user = UserFactory(role=Role.MENTOR)
    user.role = Role.STAFF
    user.save()
    user_deactivate(user=user)
    changes = [entry.changes_dict for entry in entries_for(user)]
    assert {"role": ["mentor", "staff"]} in changes
    assert {"is_active": ["True", "False"]} in changes
    assert not any("password" in change for change in changes)


def test_system_writes_are_recorded_as_system():
    company = CompanyFactory()
    company.employee_count = 99
    company.save()
    entry = entries_for(company).last()
    assert entry.additional_data == {"source": Source.SYSTEM}
    assert entry.actor is None


def test_history_on_a_page_takes_a_fixed_number_of_queries(staff, django_assert_max_num_queries):
    company = CompanyFactory(assigned_staff=staff)
    for count in range(1, 21):
        company.employee_count = count
        company.assigned_staff = UserFactory(role=Role.STAFF) if count % 2 else staff
        company.save()
    Company.objects.get(pk=company.pk)
    with django_assert_max_num_queries(3):
        history = history_for(company)
    assert len(history) == 21


def _changes(entry):
    return {change.label: (change.before, change.after) for change in entry.changes}


def test_history_shows_moments_in_seoul_and_figures_as_pages_do(time_machine):
    from datetime import UTC, datetime
    from decimal import Decimal

    from django.utils import translation

    from tests.compute.factories import ComputeAllocationFactory
    from tests.outcomes.factories import OutcomeReportFactory

    # 23:30 UTC on the 4th is 08:30 on the 5th in Seoul.
    time_machine.move_to(datetime(2024, 3, 4, 23, 30, tzinfo=UTC), tick=False)
    report = OutcomeReportFactory(submitted=True, revenue_krw=1_234_000, employees_at_end=1234)
    allocation = ComputeAllocationFactory(
        pf_allocated=Decimal("1.2345"), gpu_hours_allocated=Decimal("1234.5")
    )
    with translation.override("en"):
        [created] = history_for(report)
        [allocated] = history_for(allocation)
    assert created.at.astimezone(UTC) == datetime(2024, 3, 4, 23, 30, tzinfo=UTC)
    assert _changes(created)["submitted at"] == ("-", "2024-03-05 08:30")
    assert _changes(created)["revenue (won)"] == ("-", "1,234,000 won")
    assert _changes(created)["employees at period end"] == ("-", "1,234")
    assert _changes(allocated)["PF allocated"] == ("-", "1.23")
    assert _changes(allocated)["GPU-hours allocated"] == ("-", "1,235")


def test_history_names_a_file_by_its_name_never_its_storage_path():
    from django.utils import translation

    from tests.mous.factories import MouFactory

    mou = MouFactory(with_document=True)
    with translation.override("en"):
        [created] = history_for(mou)
    changes = _changes(created)
    assert changes["signed document (PDF)"] == ("-", "협약서.pdf")
    assert "document file name" not in changes
    assert not any(mou.document.name in after for _, after in changes.values())
