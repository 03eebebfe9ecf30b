"""A large compute usage file goes through the task worker, as a large company file does
(tests/core/test_import_jobs.py): checked, confirmed, written all or nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compute.models import ComputeUsage, ComputeUsageImport
from core.imports import import_job_check, import_job_write
from core.models import ImportJob, ImportStatus
from tests.compute.factories import ComputeAllocationFactory, ComputeCapacityFactory
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")

USAGE = "과제번호,사용일,GPU 사용시간\n" + "".join(
    f"2021-001,2021-07-{day:02d},{day}.5\n" for day in range(1, 6)
)


@pytest.fixture
def allocation(company):
    return ComputeAllocationFactory(
        company=company, project_code="2021-001", capacity=ComputeCapacityFactory(label="2021")
    )


def upload(client, text=USAGE):
    file = SimpleUploadedFile("usage-july.csv", ("\ufeff" + text).encode(), "text/csv")
    return client.post(reverse("compute:usage_import"), {"file": file})


def test_a_large_usage_file_is_checked_confirmed_and_written(client, staff, allocation, settings):
    settings.IMPORT_INLINE_MAX_ROWS = 4
    client.force_login(staff)
    response = upload(client)
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("compute:usage_import_job", args=[job.pk])
    assert job.row_count == 5

    assert import_job_check(job_id=job.pk, attempt=1).status == ImportStatus.CHECKED
    assert "Import 5 rows" in page(client.get(job.get_absolute_url()))
    client.post(job.get_absolute_url(), {"action": "confirm"})
    job = import_job_write(job_id=job.pk, attempt=1)

    assert (job.status, job.row_count) == (ImportStatus.DONE, 5)
    batch = ComputeUsageImport.objects.get()
    assert (batch.filename, batch.row_count, batch.imported_by) == ("usage-july.csv", 5, staff)
    assert sum(ComputeUsage.objects.values_list("gpu_hours", flat=True)) == Decimal("17.50")
    html = page(client.get(job.get_absolute_url()))
    assert "5 rows were imported." in html
    assert reverse("compute:allocation_list") in html


def test_a_large_usage_file_with_an_unknown_project_saves_nothing(
    client, staff, allocation, settings
):
    settings.IMPORT_INLINE_MAX_ROWS = 4
    client.force_login(staff)
    upload(client, USAGE + "2099-001,2021-07-09,1\n")
    job = import_job_check(job_id=ImportJob.objects.get().pk, attempt=1)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"row": 7, "column": "과제번호", "message": "Unknown project number 2099-001."}
    ]
    assert "Unknown project number 2099-001." in page(client.get(job.get_absolute_url()))
    assert not ComputeUsage.objects.exists()


def test_a_small_usage_file_stays_in_the_request(client, staff, allocation):
    client.force_login(staff)
    response = upload(client)
    assert response.status_code == 200
    assert len(response.context["result"].rows) == 5
    assert not ImportJob.objects.exists()
