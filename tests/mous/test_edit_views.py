"""Creating and editing MOUs: signed outside or with a PDF, bad input kept with its error, the
stage change."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mous.models import Mou, MouStage
from tests.mous.factories import PDF_BYTES, MouFactory
from tests.mous.helpers import CREATE, LONG, error_codes, errors, mou_post


def test_create_signed_outside_redirects_to_the_mou(client, staff, company):
    client.force_login(staff)
    response = client.post(CREATE, mou_post(company))
    mou = Mou.objects.get()
    assert response.status_code == 302 and response["Location"] == mou.get_absolute_url()
    assert (mou.stage, mou.planned_investment_krw, mou.created_by) == (
        MouStage.SIGNED,
        1_500_000_000,
        staff,
    )


def test_create_with_pdf_and_download_as_attachment(client, staff, executive, company):
    client.force_login(staff)
    upload = SimpleUploadedFile("업무협약서.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(
        CREATE, mou_post(company, is_signed_outside=None, signed_outside_on=None, document=upload)
    )
    mou = Mou.objects.get()
    assert mou.document.name.startswith("mou/") and "업무협약서" not in mou.document.name
    client.force_login(executive)
    response = client.get(reverse("mous:document", args=[mou.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="download.pdf"; '
        "filename*=UTF-8''%EC%97%85%EB%AC%B4%ED%98%91%EC%95%BD%EC%84%9C.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_document_download_is_404_without_a_document(client, staff):
    client.force_login(staff)
    mou = MouFactory()
    assert client.get(reverse("mous:document", args=[mou.pk])).status_code == 404


def test_create_from_the_company_page_preselects_the_company(client, staff, company):
    client.force_login(staff)
    response = client.get(CREATE, {"company": company.pk})
    assert response.context["form"].initial == {"company": company.pk}
    for junk in ("x" * 50, "²", "9" * 40):
        assert client.get(CREATE, {"company": junk}).context["form"].initial == {}


def test_non_pdf_upload_is_refused_and_input_kept(client, staff, company):
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "contract.pdf", b"PK\x03\x04 a zip file", content_type="application/pdf"
    )
    response = client.post(
        CREATE,
        mou_post(company, is_signed_outside=None, signed_outside_on=None, document=upload),
    )
    assert response.status_code == 200
    assert error_codes(response, "document") == ["contents"]
    assert not Mou.objects.exists()
    assert "광주광역시, 인공지능산업융합사업단, 빛고을헬스케어" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("parties", LONG),
        ("note", LONG),
        ("parties", "광주\x00광역시"),
        ("planned_investment_krw", "9" * 50_000),
        ("planned_investment_krw", "-5"),
        ("planned_local_hires", "abc"),
        ("signed_on", "2021-02-30"),
        ("signed_on", LONG),
        ("company", "\x00"),
        ("relocation_type", "castle"),
    ],
)
def test_bad_input_is_a_form_error(client, staff, company, field, value):
    client.force_login(staff)
    response = client.post(CREATE, mou_post(company, **{field: value}))
    assert response.status_code == 200
    assert errors(response, field)
    assert not Mou.objects.exists()


def test_bad_input_keeps_what_was_typed(client, staff, company):
    client.force_login(staff)
    response = client.post(
        CREATE, mou_post(company, planned_local_hires="스무명", note="다음 주 방문 예정")
    )
    content = response.content.decode()
    assert 'value="스무명"' in content
    assert "다음 주 방문 예정" in content
    assert 'value="1,500,000,000"' in content


def test_tick_and_document_together_are_a_form_error(client, staff, company):
    client.force_login(staff)
    upload = SimpleUploadedFile("a.pdf", PDF_BYTES)
    response = client.post(CREATE, mou_post(company, document=upload))
    assert errors(response, "is_signed_outside")
    assert not Mou.objects.exists()


def test_create_without_signature_saves_a_draft(client, staff, company):
    client.force_login(staff)
    response = client.post(
        CREATE, mou_post(company, is_signed_outside=None, signed_outside_on=None), follow=True
    )
    mou = Mou.objects.get()
    assert mou.stage == MouStage.DRAFT
    assert response.redirect_chain[-1][0] == mou.get_absolute_url()


def test_edit_changes_commitments_but_not_the_signature(client, staff):
    mou = MouFactory()
    client.force_login(staff)
    url = reverse("mous:update", args=[mou.pk])
    form = client.get(url).context["form"]
    assert "signed_on" not in form.fields and "company" not in form.fields
    response = client.post(
        url,
        {
            "parties": "광주광역시",
            "planned_investment_krw": "3000000000",
            "planned_local_hires": "40",
            "relocation_type": "lab",
            "next_follow_up_on": "2021-12-01",
            "signed_on": "2020-01-01",
        },
    )
    assert response.status_code == 302
    mou.refresh_from_db()
    assert (mou.planned_investment_krw, mou.relocation_type, mou.signed_on) == (
        3_000_000_000,
        "lab",
        date(2021, 3, 2),
    )


def test_stage_change_view_records_history(client, staff):
    mou = MouFactory()
    client.force_login(staff)
    url = reverse("mous:stage_change", args=[mou.pk])
    choices = [value for value, _label in client.get(url).context["form"].fields["stage"].choices]
    assert choices == ["considering", "opened", "relocated", "lapsed"]
    response = client.post(url, {"stage": "considering", "effective_on": "2021-04-01"})
    assert response.status_code == 302
    response = client.post(url, {"stage": "lapsed", "effective_on": "2021-03-01", "note": LONG})
    assert response.status_code == 200
    assert errors(response, "note")
    response = client.post(url, {"stage": "lapsed", "effective_on": "2021-03-01"})
    assert errors(response, "effective_on")
    mou.refresh_from_db()
    assert mou.stage == MouStage.CONSIDERING
    assert mou.stage_changes.count() == 2
