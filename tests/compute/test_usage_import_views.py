"""The compute usage import screens: upload, dry run, confirm, the template."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compute.models import ComputeUsage
from tests.compute.factories import (
    ComputeAllocationFactory,
    ComputeCapacityFactory,
    ComputeUsageFactory,
)
from tests.pages import messages_of, page

pytestmark = pytest.mark.usefixtures("english_pages")


# --- usage import ------------------------------------------------------------------------


def csv_file(text: str, name="usage.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode(), content_type="text/csv")


@pytest.fixture
def allocation_2021(company):
    return ComputeAllocationFactory(
        company=company, project_code="2021-001", capacity=ComputeCapacityFactory(label="2021")
    )


def test_upload_dry_run_then_confirm_imports_the_rows(client, staff, allocation_2021):
    client.force_login(staff)
    url = reverse("compute:usage_import")
    response = client.post(
        url, {"file": csv_file("과제번호,사용일,GPU 사용시간\n2021-001,2021-07-01,12.5\n")}
    )
    assert ComputeUsage.objects.count() == 0
    token = response.context["token"]
    assert token and len(response.context["result"].rows) == 1
    response = client.post(reverse("compute:usage_import_confirm"), {"token": token}, follow=True)
    assert messages_of(response) == ["1 usage row was imported."]
    assert ComputeUsage.objects.get().gpu_hours == Decimal("12.50")


def test_a_dry_run_with_errors_offers_no_import(client, staff, allocation_2021):
    client.force_login(staff)
    response = client.post(
        reverse("compute:usage_import"),
        {"file": csv_file("과제번호,사용일,GPU 사용시간\n2099-001,2021-07-01,1\n")},
    )
    assert response.context["token"] == ""
    assert "Unknown project number 2099-001." in page(response)
    assert reverse("compute:usage_import_confirm") not in page(response)


def test_confirming_an_unknown_import_says_it_expired(client, staff):
    client.force_login(staff)
    response = client.post(reverse("compute:usage_import_confirm"), {"token": "nope"}, follow=True)
    assert messages_of(response) == ["This import has expired or was already run; upload it again."]


def test_a_confirm_after_usage_arrived_meanwhile_imports_nothing(client, staff, allocation_2021):
    client.force_login(staff)
    response = client.post(
        reverse("compute:usage_import"),
        {
            "file": csv_file(
                "과제번호,사용일,GPU 사용시간\n2021-001,2021-07-01,1\n2021-001,2021-07-02,2\n"
            )
        },
    )
    ComputeUsageFactory(allocation=allocation_2021, used_on=date(2021, 7, 2))
    response = client.post(
        reverse("compute:usage_import_confirm"),
        {"token": response.context["token"]},
        follow=True,
    )
    assert messages_of(response) == [
        "Nothing was imported: Row 3: Usage of 2021-001 on 2021-07-02 was already imported."
    ]
    assert ComputeUsage.objects.count() == 1


def test_the_usage_template_has_the_korean_headers(client, staff):
    client.force_login(staff)
    response = client.get(reverse("compute:usage_import_template"))
    assert response.content.decode("utf-8-sig").splitlines()[0] == "과제번호,사용일,GPU 사용시간"
