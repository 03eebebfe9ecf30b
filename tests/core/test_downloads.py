"""Stored files leave only through views that check access: as attachments under their Korean
names (RFC 6266), never sniffed, never from a URL that serves MEDIA_ROOT."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from core.downloads import content_disposition
from outcomes.services import evidence_add
from tests.outcomes.factories import PDF_BYTES, EvidenceFileFactory, OutcomeReportFactory

KOREAN = (
    'attachment; filename="download.pdf"; '
    "filename*=UTF-8''%EC%9E%AC%EB%AC%B4%EC%A0%9C%ED%91%9C.pdf"
)


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("kpi-2022.xlsx", 'attachment; filename="kpi-2022.xlsx"'),
        ("재무제표.pdf", KOREAN),
        (
            "2022년 Q3 보고서.hwpx",
            'attachment; filename="2022-Q3.hwpx"; '
            "filename*=UTF-8''2022%EB%85%84%20Q3%20%EB%B3%B4%EA%B3%A0%EC%84%9C.hwpx",
        ),
        ("Café.pdf", "attachment; filename=\"Cafe.pdf\"; filename*=UTF-8''Caf%C3%A9.pdf"),
        # a Windows path: only the last part is a name
        ('C:\\서류\\a"b.pdf', "attachment; filename=\"a-b.pdf\"; filename*=UTF-8''a%22b.pdf"),
        (
            'say "hi".pdf',
            "attachment; filename=\"say-hi.pdf\"; filename*=UTF-8''say%20%22hi%22.pdf",
        ),
        # a line break cannot smuggle a second header in
        ("a\r\nSet-Cookie: x.pdf", 'attachment; filename="aSet-Cookie: x.pdf"'),
        ("", 'attachment; filename="download"'),
    ],
)
def test_content_disposition_keeps_the_name_with_an_ascii_fallback(name, header):
    assert content_disposition(name) == header


def test_the_firm_downloads_its_evidence_under_its_korean_name(client, firm_user, company):
    report = OutcomeReportFactory(company=company)
    evidence = evidence_add(
        report=report, by=firm_user, upload=SimpleUploadedFile("재무제표.pdf", PDF_BYTES)
    )
    client.force_login(firm_user)

    response = client.get(reverse("portal:outcome_evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == KOREAN
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_another_firms_file_is_a_404_like_a_missing_one(client, firm_user, other_company):
    theirs = EvidenceFileFactory(report=OutcomeReportFactory(company=other_company))
    client.force_login(firm_user)

    assert client.get(reverse("portal:outcome_evidence", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("portal:outcome_evidence", args=[999999])).status_code == 404


def test_a_file_missing_on_disk_is_a_404(client, staff):
    evidence = EvidenceFileFactory()
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(staff)
    assert client.get(reverse("outcomes:evidence", args=[evidence.pk])).status_code == 404


def _patterns(resolver: URLResolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_no_url_serves_media_root():
    assert all(pattern.callback is not serve for pattern in _patterns(get_resolver()))
    media = Path(settings.MEDIA_ROOT).resolve()
    public = [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
    assert not any(media.is_relative_to(folder.resolve()) for folder in public)
    assert getattr(settings, "WHITENOISE_ROOT", None) is None


def test_a_stored_file_is_not_reachable_by_its_path(client, staff):
    evidence = EvidenceFileFactory()
    client.force_login(staff)
    for prefix in ("/", "/media/", f"/{settings.MEDIA_URL.strip('/')}/"):
        assert client.get(prefix + evidence.file.name).status_code == 404
