"""Compute usage: the usage import (dry run, then all rows or none), utilisation and reclaims."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compute.models import ComputeAllocation, ComputeReclaim, ComputeUsage, ComputeUsageImport
from compute.services import allocation_reclaim, reclaim_plan, usage_import, usage_validate
from compute.services import usage as usage_services
from tests.compute.factories import (
    ComputeAllocationFactory,
    ComputeCapacityFactory,
    ComputeUsageFactory,
)


@pytest.fixture
def allocation(company):
    return ComputeAllocationFactory(
        company=company,
        project_code="2021-001",
        capacity=ComputeCapacityFactory(
            label="2021", starts_on=date(2021, 1, 1), ends_on=date(2021, 12, 31)
        ),
    )


HEADER = ["과제번호", "사용일", "GPU 사용시간"]


# --- usage import ------------------------------------------------------------------------


def test_a_valid_usage_file_passes_the_dry_run(allocation):
    result = usage_validate(
        [HEADER, ["2021-001", "2021-07-01", "12.5"], ["2021-001", "2021. 7. 2.", "1,200"]]
    )
    assert result.errors == []
    assert [(row.used_on, row.gpu_hours) for row in result.rows] == [
        (date(2021, 7, 1), Decimal("12.5")),
        (date(2021, 7, 2), Decimal("1200")),
    ]
    assert result.total_gpu_hours == Decimal("1212.5")
    assert ComputeUsage.objects.count() == 0  # a dry run writes nothing


def test_the_dry_run_lists_every_bad_row(allocation):
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 8, 1))
    result = usage_validate(
        [
            HEADER,
            ["2099-999", "2021-07-01", "1"],
            ["2021-001", "2021-13-45", "1"],
            ["2021-001", "2021-07-03", "-4"],
            ["2021-001", "2022-01-05", "3"],
            ["2021-001", "2021-07-04", "많이"],
            ["2021-001", "2021-07-05", "2"],
            ["2021-001", "2021-07-05", "2"],
            ["2021-001", "2021-08-01", "2"],
            ["2021-001", "2021-07-06", "1.234"],
        ]
    )
    errors = [(error.row, error.message) for error in result.errors]
    assert errors == [
        (2, "Unknown project number 2099-999."),
        (3, "Not a date: 2021-13-45. Write it as 2021-03-02."),
        (4, "GPU-hours used cannot be negative."),
        (5, "2022-01-05 is outside the project's period 2021 (2021-01-01 to 2021-12-31)."),
        (6, "Not a number: 많이."),
        (10, "Use at most two decimal places."),
        (8, "This project and date appear twice in the file (also row 7)."),
        (9, "Usage of 2021-001 on 2021-08-01 was already imported."),
    ]
    assert not result.is_valid


def test_a_file_without_the_columns_is_refused(allocation):
    result = usage_validate([["project", "when"], ["2021-001", "2021-07-01"]])
    assert [error.message for error in result.errors] == [
        "Required columns are missing: 사용일, GPU 사용시간"
    ]


def test_an_empty_file_and_a_header_only_file_are_refused(allocation):
    assert usage_validate([[""]]).errors[0].message == "The file is empty."
    assert usage_validate([HEADER]).errors[0].message == "The file has a header but no rows."


def test_english_headers_are_accepted(allocation):
    result = usage_validate([["project", "date", "gpu_hours"], ["2021-001", "20210701", "3"]])
    assert result.is_valid


def test_the_import_writes_all_rows_and_who_imported_them(allocation, staff):
    result = usage_validate(
        [HEADER, ["2021-001", "2021-07-01", "12.5"], ["2021-001", "2021-07-02", "7.5"]]
    )
    batch = usage_import(result=result, filename="사용량.csv", by=staff)
    assert (batch.row_count, batch.imported_by, batch.filename) == (2, staff, "사용량.csv")
    used = ComputeAllocation.objects.with_usage().get(pk=allocation.pk).used_gpu_hours
    assert used == Decimal("20.00")


def test_usage_imported_meanwhile_stops_the_whole_import(allocation, staff):
    result = usage_validate(
        [HEADER, ["2021-001", "2021-07-01", "12.5"], ["2021-001", "2021-07-02", "7.5"]]
    )
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 7, 2))
    with pytest.raises(ValidationError) as error:
        usage_import(result=result, filename="사용량.csv", by=staff)
    assert error.value.messages == [
        "Usage of 2021-001 was imported meanwhile for some of these dates."
    ]
    assert ComputeUsage.objects.count() == 1
    assert not ComputeUsageImport.objects.filter(filename="사용량.csv").exists()


def test_a_project_shortened_after_the_dry_run_stops_the_whole_import(allocation, staff):
    """The dry run saw the project end on 2021-12-31; it was then cut to 2021-06-30: the July
    rows no longer fit, and nothing is written."""
    result = usage_validate(
        [HEADER, ["2021-001", "2021-06-30", "12.5"], ["2021-001", "2021-07-01", "7.5"]]
    )
    assert result.errors == []
    ComputeAllocation.objects.filter(pk=allocation.pk).update(ends_on=date(2021, 6, 30))
    with pytest.raises(ValidationError) as error:
        usage_import(result=result, filename="사용량.csv", by=staff)
    assert error.value.messages == [
        "The dates of 2021-001 changed meanwhile: check the file again."
    ]
    assert ComputeUsage.objects.count() == 0


def test_a_row_the_database_refuses_rolls_back_every_row(allocation, staff, monkeypatch):
    """All or nothing: when the unique constraint refuses a row, the batch row and the
    rows before it are rolled back too."""
    result = usage_validate(
        [HEADER, ["2021-001", "2021-07-01", "12.5"], ["2021-001", "2021-07-02", "7.5"]]
    )
    ComputeUsageFactory(allocation=allocation, used_on=date(2021, 7, 2))
    monkeypatch.setattr(usage_services, "_existing_usage_keys", lambda rows: set())
    before = ComputeUsageImport.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        usage_import(result=result, filename="사용량.csv", by=staff)
    assert ComputeUsage.objects.count() == 1
    assert ComputeUsageImport.objects.count() == before


def test_an_invalid_result_is_not_imported(allocation, staff):
    result = usage_validate([HEADER, ["2099-999", "2021-07-01", "1"]])
    with pytest.raises(ValidationError) as error:
        usage_import(result=result, filename="x.csv", by=staff)
    assert error.value.messages == ["Fix the errors in the file before importing."]


# --- utilisation and reclaims -------------------------------------------------------------


def test_utilisation_is_used_over_allocated_gpu_hours(allocation):
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("250"))
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("125"))
    row = ComputeAllocation.objects.with_usage().get(pk=allocation.pk)
    assert (row.used_gpu_hours, row.utilisation_percent) == (Decimal("375"), Decimal("37.5"))


def test_utilisation_is_none_for_an_allocation_in_pf_only(company):
    row = ComputeAllocationFactory(company=company, gpu_hours_allocated=None)
    assert ComputeAllocation.objects.with_usage().get(pk=row.pk).utilisation_percent is None


def test_a_reclaim_takes_back_the_unused_part_and_keeps_history(allocation, staff):
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("250"))
    reclaim = allocation_reclaim(allocation=allocation, reason="  암호화폐 채굴 ", by=staff)
    allocation.refresh_from_db()
    assert (reclaim.gpu_hours_reclaimed, reclaim.pf_reclaimed) == (
        Decimal("750.00"),
        Decimal("0.07"),  # 0.10 PF x 750/1000, rounded down
    )
    assert (reclaim.gpu_hours_used, reclaim.reason, reclaim.reclaimed_by) == (
        Decimal("250.00"),
        "암호화폐 채굴",
        staff,
    )
    assert allocation.is_off_purpose
    assert (allocation.effective_gpu_hours, allocation.effective_pf) == (
        Decimal("250.00"),
        Decimal("0.03"),
    )
    assert (allocation.gpu_hours_allocated, allocation.pf_allocated) == (
        Decimal("1000.00"),
        Decimal("0.10"),
    )


def test_a_second_reclaim_with_nothing_left_is_refused_and_history_stays(allocation, staff):
    allocation_reclaim(allocation=allocation, reason="목적 외 사용", by=staff)
    with pytest.raises(ValidationError) as error:
        allocation_reclaim(allocation=allocation, reason="다시", by=staff)
    assert error.value.messages == [
        "This allocation is already flagged and has nothing left to reclaim."
    ]
    assert list(ComputeReclaim.objects.values_list("reason", flat=True)) == ["목적 외 사용"]


def test_later_usage_can_be_reclaimed_again_and_both_rows_are_kept(allocation, staff):
    ComputeUsageFactory(allocation=allocation, gpu_hours=Decimal("400"))
    allocation_reclaim(allocation=allocation, reason="1차", by=staff)
    # The project keeps 400 hours; none is used after the reclaim, so nothing more goes back.
    plan = reclaim_plan(ComputeAllocation.objects.get(pk=allocation.pk), Decimal("400"))
    assert plan.is_empty
    assert ComputeReclaim.objects.filter(allocation=allocation).count() == 1


def test_an_allocation_in_pf_only_gives_back_all_of_its_pf(company, staff):
    row = ComputeAllocationFactory(
        company=company, pf_allocated=Decimal("0.25"), gpu_hours_allocated=None
    )
    reclaim = allocation_reclaim(allocation=row, reason="과제 중단", by=staff)
    row.refresh_from_db()
    assert (reclaim.pf_reclaimed, reclaim.gpu_hours_reclaimed) == (Decimal("0.25"), Decimal(0))
    assert row.effective_pf == Decimal("0.00")


def test_a_reclaim_needs_a_reason(allocation, staff):
    with pytest.raises(ValidationError) as error:
        allocation_reclaim(allocation=allocation, reason="   ", by=staff)
    assert error.value.message_dict["reason"] == ["Say why the compute is reclaimed."]
    assert not ComputeReclaim.objects.exists()
