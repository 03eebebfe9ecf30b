"""No entry path stores a date outside 1900-01-01 to 2100-12-31, and the window's edges are
stored, shown and backed up.

Year 1 in Asia/Seoul (offset +08:27:52 then) is a moment in 1 BC: PostgreSQL stores it and
psycopg cannot read it back, so one such row would break every page and backup that reads it.
Forms, filters and imports refuse it with a message (tests/core/test_input_limits.py); here
the admin, the services, queryset updates and raw SQL meet the field validators and the
CheckConstraints (`*_dates_in_window`).
"""

import io
import json
import tarfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from audit.models import MonthlyReview
from companies.imports import validate_rows
from companies.models import Company, Interaction
from companies.services import company_change_stage
from compute.services import usage_validate
from core.backup import row_counts
from tests.companies.import_files import HEADER, row
from tests.compute.factories import ComputeAllocationFactory, ComputeCapacityFactory
from tests.factories import CompanyFactory, InteractionFactory, UserFactory
from users.models import Role

SEOUL = ZoneInfo("Asia/Seoul")
WINDOW_MESSAGE = "Enter a date between 1900-01-01 and 2100-12-31."
YEAR_ONE = datetime(1, 1, 1, 0, 0, tzinfo=SEOUL)
FIRST_MOMENT = datetime(1900, 1, 1, 0, 0, tzinfo=SEOUL)
LAST_MOMENT = datetime(2100, 12, 31, 23, 59, tzinfo=SEOUL)


def page_window_message() -> str:
    """WINDOW_MESSAGE as a page gives it: pages render in Korean."""
    with translation.override("ko"):
        return gettext("Enter a date between %(earliest)s and %(latest)s.") % {
            "earliest": "1900-01-01",
            "latest": "2100-12-31",
        }


def refused(write) -> None:
    """`write()` fails and leaves nothing behind: the database's CHECK refuses the row, or
    (SQLite) Django cannot even turn the moment into UTC."""
    with pytest.raises((IntegrityError, OverflowError)), transaction.atomic():
        write()


def test_a_year_one_moment_is_refused_by_create_and_update():
    interaction = InteractionFactory()
    company = interaction.company
    refused(
        lambda: Interaction.objects.create(
            company=company, kind=interaction.kind, occurred_at=YEAR_ONE
        )
    )
    refused(lambda: Interaction.objects.filter(pk=interaction.pk).update(occurred_at=YEAR_ONE))
    assert Interaction.objects.count() == 1
    assert Interaction.objects.filter(occurred_at__year__lt=1900).count() == 0


@pytest.mark.parametrize("value", [date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1)])
def test_a_date_outside_the_window_is_refused_by_the_database(value):
    company = CompanyFactory(founded_on=date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.filter(pk=company.pk).update(founded_on=value)
    company.refresh_from_db()
    assert company.founded_on == date(2020, 1, 1)


def test_raw_sql_cannot_store_a_moment_before_the_window():
    """What a bulk load or a hand-written fix would do, below the ORM."""
    interaction = InteractionFactory()
    # Each database's spelling of 0001-01-01 00:00 in Seoul, as UTC.
    value = (
        "0001-01-01 00:00:00+08:27:52"
        if connection.vendor == "postgresql"
        else "0000-12-31 15:32:08"
    )
    table = Interaction._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET occurred_at = %s WHERE id = %s", [value, interaction.pk]
        )
    interaction.refresh_from_db()
    assert interaction.occurred_at.year == 2024


def test_a_service_cannot_record_a_stage_change_in_year_one(staff):
    # No founding date, so the service's own date rules let the year through to the database.
    company = CompanyFactory(founded_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        company_change_stage(company=company, stage="growth", effective_on=date(1, 1, 1), by=staff)
    assert company.stage_changes.filter(effective_on__year__lt=1900).count() == 0


@pytest.fixture
def superuser():
    return UserFactory(role="", is_staff=True, is_superuser=True)


def test_the_admin_refuses_a_year_one_moment_with_the_window_message(client, superuser):
    interaction = InteractionFactory()
    client.force_login(superuser)
    url = reverse("admin:companies_interaction_change", args=[interaction.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "company": interaction.company_id,
        "kind": interaction.kind,
        "occurred_at_0": "0001-01-01",
        "occurred_at_1": "00:00:00",
        "staff": interaction.staff_id,
        "summary": "",
        "other_participants": "",
        "follow_up_on": "2101-01-01",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["occurred_at"] == [page_window_message()]
    assert errors["follow_up_on"] == [page_window_message()]
    interaction.refresh_from_db()
    assert interaction.occurred_at == datetime(2024, 3, 5, 10, 0, tzinfo=SEOUL)


def test_the_interaction_form_refuses_a_year_one_moment_and_keeps_what_was_typed(
    client, staff, company
):
    client.force_login(staff)
    url = reverse("companies:interaction_create", args=[company.pk])
    response = client.post(
        url, {"kind": "call", "occurred_at": "0001-01-01T00:00", "summary": "통화"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_at"] == [page_window_message()]
    assert 'value="0001-01-01T00:00"' in response.content.decode()
    assert Interaction.objects.count() == 0


def test_the_usage_import_names_the_row_with_a_date_outside_the_window(company):
    ComputeAllocationFactory(
        company=company,
        project_code="2021-001",
        capacity=ComputeCapacityFactory(starts_on=date(2021, 1, 1), ends_on=date(2021, 12, 31)),
    )
    result = usage_validate(
        [
            ["과제번호", "사용일", "GPU 사용시간"],
            ["2021-001", "2021-07-01", "1"],
            ["2021-001", "0021-07-01", "1"],
        ]
    )
    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "사용일", WINDOW_MESSAGE)]


def test_the_company_import_names_the_row_with_a_founding_date_outside_the_window():
    rows = [row(1), row(2, 설립일="0024.03.02"), row(3, 설립일="1900-01-01")]
    result = validate_rows([HEADER, *([r[h] for h in HEADER] for r in rows)])
    assert [(e.row, e.column, e.message) for e in result.errors] == [(3, "설립일", WINDOW_MESSAGE)]


@pytest.mark.django_db(transaction=True)
def test_the_window_edges_are_stored_shown_and_backed_up(client, tmp_path, settings):
    """The first and last moment of the window in Seoul (LMT +08:27:52 in 1900) and its first
    and last day: stored, listed on the company page, and through backup and restore."""
    staff = UserFactory(role=Role.STAFF)
    company = CompanyFactory(founded_on=date(1900, 1, 1))
    InteractionFactory(company=company, staff=staff, occurred_at=FIRST_MOMENT)
    InteractionFactory(
        company=company, staff=staff, occurred_at=LAST_MOMENT, follow_up_on=date(2100, 12, 31)
    )
    client.force_login(staff)
    page = client.get(reverse("companies:detail", args=[company.pk]))
    assert page.status_code == 200
    assert page.context["company"].founded_on == date(1900, 1, 1)

    archive = tmp_path / "crm.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["companies.Interaction"] == 2
    counts = row_counts()

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("restore", str(archive), stdout=io.StringIO())
    assert row_counts() == counts
    moments = sorted(Interaction.objects.values_list("occurred_at", flat=True))
    assert moments == [FIRST_MOMENT, LAST_MOMENT]
    assert Company.objects.get().founded_on == date(1900, 1, 1)


@time_machine.travel(datetime(2026, 11, 10, 10, 0, tzinfo=SEOUL), tick=False)
@pytest.mark.parametrize("month", ["0001-01", "1899-12", "2101-01", "9999-12"])
def test_the_review_shows_last_month_for_a_month_outside_the_window_and_says_so(
    client, privacy_officer, month
):
    """Year 1 gave moments in 1 BC (a 500 on SQLite) and year 9999 a month after it."""
    client.force_login(privacy_officer)
    response = client.get(reverse("audit:review"), {"month": month})
    assert response.status_code == 200
    assert response.context["review"].month == date(2026, 10, 1)
    with translation.override("ko"):  # the message is made in the page's language
        expected = gettext(
            "The address names no month from 1900-01 to 2100-12; the latest month with "
            "records is shown."
        )
    assert [str(message) for message in response.context["messages"]] == [expected]


@time_machine.travel(datetime(2026, 11, 10, 10, 0, tzinfo=SEOUL), tick=False)
def test_the_window_edges_are_months_the_review_shows(client, privacy_officer):
    client.force_login(privacy_officer)
    for month, first in [("1900-01", date(1900, 1, 1)), ("2100-12", date(2100, 12, 1))]:
        response = client.get(reverse("audit:review"), {"month": month})
        assert response.status_code == 200
        assert response.context["review"].month == first
        assert list(response.context["messages"]) == []
    assert MonthlyReview.objects.count() == 0
