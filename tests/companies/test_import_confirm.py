"""Importing companies: the confirm writes all rows or none, once; who may import; the
template."""

import csv
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from companies.imports import companies_import, validate_rows
from companies.models import Company, CompanyContact, Person, StageChange
from tests.companies.import_files import (
    CONFIRM,
    HEADER,
    IMPORT,
    LIST,
    TEMPLATE,
    csv_upload,
    dry_run,
    errors_of,
    hyphenated,
    message_texts,
    number,
    row,
)
from tests.factories import CompanyFactory

# --- all or nothing ---------------------------------------------------------------------------


def test_failure_midway_writes_nothing(staff_client, monkeypatch):
    token = dry_run(staff_client, csv_upload([row(1), row(2), row(3)])).context["token"]

    def broken_bulk_create(*args, **kwargs):
        raise IntegrityError("simulated failure")

    monkeypatch.setattr(CompanyContact.objects, "bulk_create", broken_bulk_create)
    response = staff_client.post(CONFIRM, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == IMPORT
    assert Company.objects.count() == 0
    assert StageChange.objects.count() == 0
    assert Person.objects.count() == 0
    [message] = message_texts(response)
    assert message.startswith("Nothing was imported")
    assert "simulated failure" not in message


def test_company_registered_between_dry_run_and_confirm_writes_nothing(staff_client):
    token = dry_run(staff_client, csv_upload([row(1), row(2), row(3)])).context["token"]
    CompanyFactory(name="먼저등록", business_number=number(2))

    response = staff_client.post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert list(Company.objects.values_list("name", flat=True)) == ["먼저등록"]
    [message] = message_texts(response)
    assert message.startswith("Nothing was imported")
    assert "3" in message  # the row that now clashes
    assert hyphenated(number(2)) in message


def test_confirm_cannot_be_replayed(staff_client):
    token = dry_run(staff_client, csv_upload([row(1)])).context["token"]
    first = staff_client.post(CONFIRM, {"token": token}, follow=True)  # shows its message
    assert first.redirect_chain == [(reverse("companies:list"), 302)]
    assert Company.objects.count() == 1

    response = staff_client.post(CONFIRM, {"token": token})

    assert response.status_code == 302
    assert response["Location"] == IMPORT
    assert message_texts(response) == [
        "This import has expired or was already run; upload it again."
    ]
    assert Company.objects.count() == 1
    assert not any((settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir())


def test_failed_confirm_cannot_be_replayed(staff_client, monkeypatch):
    token = dry_run(staff_client, csv_upload([row(1)])).context["token"]
    monkeypatch.setattr(
        CompanyContact.objects, "bulk_create", lambda *a, **k: (_ for _ in ()).throw(IntegrityError)
    )
    staff_client.post(CONFIRM, {"token": token})
    monkeypatch.undo()

    response = staff_client.post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert Company.objects.count() == 0


@pytest.mark.parametrize("token", ["", "0" * 32, "../../etc/passwd"])
def test_unknown_token_is_refused(staff_client, token):
    response = staff_client.post(CONFIRM, {"token": token})
    assert response["Location"] == IMPORT
    assert Company.objects.count() == 0


def test_token_of_another_session_is_refused(staff_client, staff):
    token = dry_run(staff_client, csv_upload([row(1)])).context["token"]
    other = Client()
    other.force_login(staff)
    response = other.post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert Company.objects.count() == 0


def test_uploaded_file_is_stored_outside_static_and_removed_after_import(staff_client):
    token = dry_run(staff_client, csv_upload([row(1)])).context["token"]
    stored = list((settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir())
    assert [path.name for path in stored] == [f"{token}.csv"]

    staff_client.post(CONFIRM, {"token": token})

    assert list((settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir()) == []


def test_only_the_latest_unconfirmed_dry_runs_are_kept(staff_client, monkeypatch):
    monkeypatch.setattr("core.imports.dry_run.MAX_PENDING_IMPORTS", 2)
    tokens = [dry_run(staff_client, csv_upload([row(i)])).context["token"] for i in range(1, 4)]

    stored = sorted(
        path.name for path in (settings.MEDIA_ROOT / "private" / "imports" / "companies").iterdir()
    )
    assert stored == sorted(f"{token}.csv" for token in tokens[1:])
    assert staff_client.post(CONFIRM, {"token": tokens[0]})["Location"] == IMPORT
    assert staff_client.post(CONFIRM, {"token": tokens[2]})["Location"] == LIST
    assert list(Company.objects.values_list("business_number", flat=True)) == [number(3)]


def test_many_row_errors_are_summarised_in_the_confirm_message(staff_client):
    rows = [row(i) for i in range(1, 9)]
    token = dry_run(staff_client, csv_upload(rows)).context["token"]
    for i in range(1, 9):
        CompanyFactory(business_number=number(i))

    [message] = message_texts(staff_client.post(CONFIRM, {"token": token}))

    assert message.startswith("Nothing was imported: Row 2: ")
    assert "Row 6: " in message
    assert "Row 7: " not in message
    assert message.endswith("(and 3 more errors)")


def test_confirm_is_post_only(staff_client):
    assert staff_client.get(CONFIRM).status_code == 405


def test_service_refuses_numbers_registered_since_validation(staff):
    result = validate_rows([HEADER, list(row(1).values()), list(row(2).values())])
    assert result.is_valid
    CompanyFactory(business_number=number(2))

    with pytest.raises(ValidationError) as caught, translation.override("en"):
        companies_import(result=result, by=staff)

    assert caught.value.messages == [
        f"Some registration numbers were registered meanwhile: {number(2)}"
    ]
    assert Company.objects.count() == 1


def test_service_refuses_a_result_with_errors(staff):
    result = validate_rows([HEADER, list(row(1, 기업명="").values())])

    with pytest.raises(ValidationError) as caught, translation.override("en"):
        companies_import(result=result, by=staff)

    assert caught.value.messages == ["Fix the errors in the file before importing."]
    assert Company.objects.count() == 0


# --- who may import ---------------------------------------------------------------------------


def test_firm_user_may_not_import(client, firm_user, staff):
    client.force_login(staff)
    token = dry_run(client, csv_upload([row(1)])).context["token"]
    client.force_login(firm_user)

    assert client.post(IMPORT, {"file": csv_upload([row(2)])}).status_code == 403
    assert client.post(CONFIRM, {"token": token}).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert list(Company.objects.all()) == [firm_user.company]


# --- the template ------------------------------------------------------------------------------


def test_template_is_utf8_csv_with_bom_and_korean_headers(staff_client):
    response = staff_client.get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == HEADER


def test_template_example_row_passes_the_dry_run(staff_client):
    content = staff_client.get(TEMPLATE).content
    response = dry_run(staff_client, SimpleUploadedFile("template.csv", content))
    assert response.context["result"].errors == []
    assert len(response.context["result"].rows) == 1


def test_page_renders_in_korean_by_default(client, staff):
    client.force_login(staff)
    response = client.post(IMPORT, {"file": csv_upload([row(1, 기업명="")])})
    assert response.status_code == 200
    assert "기업명" in response.content.decode()
    assert errors_of(response)[0][:2] == (2, "기업명")
