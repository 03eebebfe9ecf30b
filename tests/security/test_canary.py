"""Another firm's data never reaches a firm user, on any page, search, list page or download.

Distinctive canary strings are planted in every text field of `other_company`'s data; the firm
user's own company gets comparable data (marked OWN) so the portal's lists are not empty. The
firm user then opens every URL the permission table lets it reach (also with ?q=, ?search= and
?page=2), every link it can follow from there, and its own PDF and evidence downloads: the
canaries appear nowhere, in HTML, headers, raw bytes, PDF text (pdftotext) or the XML inside
xlsx/zip files. Another firm's objects asked for by id are 404s. Staff, who may see the other
firm, do get the canaries on the same kind of pages and files, so the search can fail.
"""

import io
import re
import subprocess
import zipfile
from datetime import timedelta
from html import unescape
from urllib.parse import unquote, urlencode

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from compute.models import ComputeReclaim
from equipment.models import BookingStatus, EquipmentBooking
from mentoring.models import AssignmentEventKind, MentorAssignment, SessionStatus
from mous.models import MouStageChange
from outcomes.models import (
    EvidenceFile,
    OutcomeReport,
    OutcomeReportEvent,
    OutcomeStatus,
    ReminderKind,
    ReminderLog,
)
from tests.compute.factories import ComputeAllocationFactory, ComputeCapacityFactory
from tests.equipment.factories import EquipmentBookingFactory, EquipmentFactory, future
from tests.factories import (
    CompanyContactFactory,
    InteractionFactory,
    MentorAssignmentFactory,
    PersonFactory,
    StageChangeFactory,
)
from tests.mentoring.factories import AssignmentEventFactory, MentoringSessionFactory
from tests.mous.factories import MouFactory, RelocationFactory
from tests.outcomes.factories import (
    PDF_BYTES,
    EvidenceFileFactory,
    OutcomeReportFactory,
    PatentFactory,
    ReportingPeriodFactory,
)
from tests.programs.factories import (
    AwardInstalmentFactory,
    CallFactory,
    DisbursementFactory,
    EvaluationFactory,
    ProgramFactory,
    SelectedApplicationFactory,
    SupportAwardFactory,
)
from tests.reauth import confirm_password
from tests.security.html import parse, same_site_path
from tests.test_permissions import ROWS, _url
from tests.training.factories import TraineeFactory, TrainingCourseFactory
from users.models import Invitation, Role, SecurityEvent, SecurityEventKind, User, hash_token

CANARY = "CANARY-7f3a"
# Numbers cannot carry the canary; these are as unusual. All needles are searched for in the
# text squeezed of white space, hyphens and commas (so "010-7373-9173", "73,737,373원" and a
# PDF's line breaks do not hide them).
PHONE = "010-7373-9173"
PATENT_APPLICATION = "1020997373731"
PATENT_REGISTRATION = "1097373731"
# The other firm's award, instalment, disbursement and reported figures (73,737,373원).
MONEY = 73_737_373
NEEDLES = ("canary7f3a", "01073739173", PATENT_APPLICATION, PATENT_REGISTRATION, str(MONEY))
OWN = "OWN-b41d"
SEARCHES = ({"q": "CANARY"}, {"search": "CANARY"}, {"page": "2"})
# Links a crawl does not follow: signing out, the language switch, static files.
NOT_FOLLOWED = ("/accounts/logout/", "/i18n/", "/static/")

FIRM_ROWS = sorted(
    name for name, (_, _, allowed) in ROWS.items() if allowed.get("firm_user") in (200, 302)
)


def secret(tag: str) -> str:
    """Canary text inside Hangul, as a real field would hold it."""
    return f"무등에너지 {CANARY}-{tag} 내부 자료"


def secret_email(tag: str) -> str:
    return f"canary-7f3a-{tag}@example.kr"


# --- reading responses ---------------------------------------------------------------------


def pdf_text(data: bytes, tmp_path) -> str:
    """The text a PDF reader shows; "" for a file poppler cannot open (the tests' tiny stand-in
    PDFs), whose raw bytes are searched anyway."""
    path = tmp_path / "download.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    return result.stdout.decode() if result.returncode == 0 else ""


def readable_texts(response, tmp_path) -> list[str]:
    """Every form a reader could get the response in: headers (file names), the redirects
    followed, the body as UTF-8 and byte for byte, unescaped and URL-decoded, the text of a
    PDF and the files inside an xlsx or other zip."""
    if not hasattr(response, "raw_body"):  # a file download's stream can be read only once
        response.raw_body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    raw = response.raw_body
    body = raw.decode("utf-8", "replace")
    texts = [
        str(response.headers),
        unquote(str(response.headers)),
        " ".join(url for url, _ in getattr(response, "redirect_chain", [])),
        body,
        raw.decode("latin-1"),
        unescape(body),
        unquote(unescape(body)),
    ]
    if raw.startswith(b"%PDF"):
        texts.append(pdf_text(raw, tmp_path))
    if raw.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            texts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
    return texts


def squeeze(text: str) -> str:
    """Lower case without white space, hyphens and thousands separators."""
    return re.sub(r"[\s\-,]", "", text.lower())


def canaries_in(response, where: str, tmp_path) -> list[str]:
    """Each canary found, with where and a little text around it."""
    found = []
    for text in readable_texts(response, tmp_path):
        squeezed = squeeze(text)
        for needle in NEEDLES:
            at = squeezed.find(needle)
            if at >= 0:
                found.append(f"{where}: {squeezed[max(0, at - 40) : at + 60]}")
    return found


def seen(response, tmp_path) -> str:
    """All readable text of a response, squeezed like the needles."""
    return squeeze(" ".join(readable_texts(response, tmp_path)))


# --- the two firms' data -------------------------------------------------------------------


@pytest.fixture
def shared(staff):
    """What both firms use: a programme and call, a compute period, one piece of equipment, a
    reporting period open now, a training course."""
    today = timezone.localdate()
    program = ProgramFactory(name="AI 창업 성장 지원")
    return {
        "program": program,
        "call": CallFactory(program=program),
        "capacity": ComputeCapacityFactory(label="2021"),
        "equipment": EquipmentFactory(name="라이다 성능 시험 장비 공용"),
        "period": ReportingPeriodFactory(
            year=today.year - 1, opens_on=today - timedelta(30), due_on=today + timedelta(30)
        ),
        "course": TrainingCourseFactory(),
    }


def firm_data(company, user, *, shared, mentor, staff, canary: bool) -> dict:
    """Data of `company` in every area, every text field marked: with the canary for the other
    firm, with OWN for the firm user's own. Returns the objects a firm could ask for by id."""
    if canary:
        mark, email, phone, money = secret, secret_email, PHONE, MONEY
        application, registration, day = PATENT_APPLICATION, PATENT_REGISTRATION, 5
    else:

        def mark(tag):
            return f"빛고을헬스케어 {OWN}-{tag}"

        def email(tag):
            return f"own-b41d-{tag}@example.kr"

        phone, money = "062-123-4567", 10_000_000
        application, registration, day = "1020210000001", "1020000001", 3
    Company.objects.filter(pk=company.pk).update(
        name=mark("name"),
        representative=mark("representative"),
        address=mark("address"),
        description=mark("description"),
        website=f"https://{email('web').replace('@', '.')}",
    )
    User.objects.filter(pk=user.pk).update(name=mark("user")[:100], email=email("user"))
    person = PersonFactory(
        name=mark("contact")[:100], email=email("contact"), phone=phone, note=mark("person")
    )
    contact = CompanyContactFactory(
        company=company, person=person, title=mark("title")[:100], is_primary=True
    )
    InteractionFactory(
        company=company, summary=mark("interaction"), other_participants=mark("participants")
    )
    StageChangeFactory(company=company, note=mark("stage-note"))
    mou = MouFactory(
        company=company,
        parties=mark("parties"),
        note=mark("mou-note"),
        with_document=True,
        document_name=f"{mark('mou-document')}.pdf",
    )
    MouStageChange.objects.filter(mou=mou).update(note=mark("mou-stage-note"))
    RelocationFactory(
        company=company, mou=mou, gwangju_address=mark("relocation"), note=mark("reloc-note")
    )
    application_row = SelectedApplicationFactory(
        call=shared["call"],
        company=company,
        duplicate_reason=mark("duplicate"),
        decision_reason=mark("decision"),
    )
    EvaluationFactory(application=application_row, comment=mark("evaluation"))
    award = SupportAwardFactory(
        program=shared["program"],
        company=company,
        application=application_row,
        amount_krw=money,
        duplicate_reason=mark("award-duplicate"),
    )
    AwardInstalmentFactory(award=award, amount_krw=money)
    DisbursementFactory(award=award, amount_krw=money, note=mark("disbursement"))
    allocation = ComputeAllocationFactory(
        capacity=shared["capacity"],
        company=company,
        project_code=mark("p").split(" ")[1],
        project_title=mark("project"),
    )
    ComputeReclaim.objects.create(allocation=allocation, reason=mark("reclaim"), reclaimed_by=staff)
    booking = EquipmentBookingFactory(
        equipment=shared["equipment"],
        company=company,
        requested_by=user,
        purpose=mark("booking"),
        starts_at=future(days=day),
    )
    EquipmentBookingFactory(
        equipment=shared["equipment"],
        company=company,
        requested_by=user,
        purpose=mark("rejected-booking"),
        status=BookingStatus.REJECTED,
        decision_reason=mark("booking-decision"),
        decided_by=staff,
        starts_at=future(days=day + 6),
    )
    assignment = MentorAssignment.objects.filter(
        mentor=mentor, company=company
    ).first() or MentorAssignmentFactory(mentor=mentor, company=company, assigned_by=staff)
    AssignmentEventFactory(
        assignment=assignment, kind=AssignmentEventKind.ASSIGNED, reason=mark("assignment")
    )
    MentoringSessionFactory(
        assignment=assignment,
        topic=mark("topic"),
        notes=mark("notes"),
        next_steps=mark("next-steps"),
        with_attachment=True,
        attachment_name=f"{mark('attachment')}.pdf",
    )
    MentoringSessionFactory(
        assignment=assignment,
        topic=mark("rejected-topic"),
        status=SessionStatus.REJECTED,
        decision_reason=mark("session-decision"),
        decided_by=staff,
    )
    report = OutcomeReportFactory(
        company=company,
        period=shared["period"],
        review_note=mark("review-note"),
        revenue_krw=money * 10 + 3,
        investment_krw=money,
        exports_krw=money,
    )
    OutcomeReportEvent.objects.create(
        report=report,
        from_status=OutcomeStatus.DRAFT,
        to_status=OutcomeStatus.DRAFT,
        reason=mark("report-event"),
        recorded_by=user,
    )
    patent = PatentFactory(
        report=report,
        title=mark("patent"),
        application_number=application,
        registration_number=registration,
    )
    evidence = EvidenceFileFactory(
        report=report,
        original_name=f"{mark('evidence')}.pdf",
        file=ContentFile(PDF_BYTES + f"% {mark('evidence-bytes')}\n".encode(), name="evidence"),
        uploaded_by=user,
    )
    ReminderLog.objects.create(
        company=company, period=shared["period"], kind=ReminderKind.DAYS_7, recipients=email("rem")
    )
    TraineeFactory(course=shared["course"], name=mark("trainee")[:100], hired_by=company)
    Invitation.objects.create(
        email=email("invitee"),
        name=mark("invitee")[:100],
        role=Role.FIRM,
        company=company,
        invited_by=staff,
        token_hash=hash_token(f"token-{application}"),
        expires_at=timezone.now() + timedelta(hours=72),
    )
    SecurityEvent.objects.create(
        kind=SecurityEventKind.LOGIN, user=user, email=email("user"), user_agent=mark("browser")
    )
    company.refresh_from_db()
    user.refresh_from_db()
    return {
        "award": award,
        "report": report,
        "patent": patent,
        "evidence": evidence,
        "booking": booking,
        "contact": contact,
        "allocation": allocation,
    }


@pytest.fixture
def other_firm(other_company, other_firm_user, shared, mentor, staff):
    """`other_company`'s data, with a canary in every text field; the fixture mentor is
    assigned to it as well as to the firm user's company."""
    return firm_data(
        other_company, other_firm_user, shared=shared, mentor=mentor, staff=staff, canary=True
    )


@pytest.fixture
def own_firm(company, firm_user, shared, mentor, staff, other_firm):
    """The firm user's own company with comparable data (marked OWN), after the other's."""
    return firm_data(company, firm_user, shared=shared, mentor=mentor, staff=staff, canary=False)


# --- the firm user's view ------------------------------------------------------------------


def own_urls(own: dict, shared: dict) -> list[str]:
    """The firm's own objects next to the other firm's: the report of the same period (page,
    PDF, evidence), the equipment both booked, the award of the same programme."""
    report, evidence = own["report"].pk, own["evidence"].pk
    return [
        reverse("portal:outcome_detail", args=[report]),
        reverse("portal:outcome_pdf", args=[report]),
        reverse("portal:outcome_evidence", args=[evidence]),
        reverse("portal:outcome_evidence_remove", args=[evidence]),
        reverse("portal:outcome_patent_remove", args=[own["patent"].pk]),
        reverse("portal:outcome_patent_add", args=[report]),
        reverse("portal:outcome_edit", args=[shared["period"].pk]),
        reverse("portal:award_detail", args=[own["award"].pk]),
        reverse("portal:booking_cancel", args=[own["booking"].pk]),
        f"{reverse('portal:booking_request')}?equipment={shared['equipment'].pk}",
        reverse("portal:contact_edit", args=[own["contact"].pk]),
    ]


def test_the_firm_user_may_reach_these_rows():
    """Counted: the 23 rows the permission table opens to firm users (the portal, home, and the
    e-mailed code before a first authenticator)."""
    assert "portal:home" in FIRM_ROWS and "portal:outcome_pdf" in FIRM_ROWS
    own = {"home", "users:enrolment_confirm"}
    assert all(name.startswith("portal:") or name in own for name in FIRM_ROWS)
    assert len(FIRM_ROWS) == 23


@pytest.mark.parametrize("name", FIRM_ROWS)
def test_no_firm_page_search_or_list_page_shows_another_firms_data(
    client, request, company, firm_user, own_firm, tmp_path, name
):
    method, kind, _ = ROWS[name]
    url = _url(name, kind, company, request)
    client.force_login(firm_user)
    found = []

    for query in [{}] if method == "post" else [{}, *SEARCHES]:
        response = getattr(client, method)(url, query, follow=True)
        where = f"{method.upper()} {url}?{urlencode(query)}"
        assert response.status_code == 200, where
        found += canaries_in(response, where, tmp_path)

    assert found == []


def test_the_firms_own_objects_and_downloads_show_none_of_the_others(
    client, firm_user, own_firm, shared, tmp_path
):
    """The same period's report (page, PDF, evidence), the equipment both firms booked (its
    busy times), the same programme's award: only the firm's own data."""
    client.force_login(firm_user)
    found, own_text = [], ""

    for url in own_urls(own_firm, shared):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found += canaries_in(response, url, tmp_path)
        own_text += seen(response, tmp_path)

    assert found == []
    # The pages and files did carry the firm's own report, patent, evidence and booking.
    pdf = client.get(reverse("portal:outcome_pdf", args=[own_firm["report"].pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "ownb41dpatent" in squeeze(pdf_text(pdf.content, tmp_path))
    for tag in ("patent", "evidence", "evidencebytes", "booking", "contact"):
        assert f"ownb41d{tag}" in own_text, tag
    # The other firm's booking of the same equipment is there as a busy time, without a name.
    busy = client.get(reverse("portal:booking_request"), {"equipment": shared["equipment"].pk})
    assert len(busy.context["busy"]["slots"]) == 2


def test_every_link_the_firm_user_can_follow_shows_no_other_firms_data(
    client, firm_user, own_firm, shared, tmp_path
):
    """A crawl from the portal's pages through every same-site link, query strings included."""
    client.force_login(firm_user)
    queue = [reverse("home"), *own_urls(own_firm, shared)]
    visited, found, own_text = set(), [], ""

    while queue and len(visited) < 400:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found += canaries_in(response, url, tmp_path)
        own_text += seen(response, tmp_path)
        if response.get("Content-Type", "").startswith("text/html"):
            for href in parse(response.content.decode()).links:
                path = same_site_path(href, url)
                if path and not path.startswith(NOT_FOLLOWED) and path not in visited:
                    queue.append(path)

    assert found == []
    assert queue == [], "the crawl stopped before it ran out of links"
    assert len(visited) >= 20
    # The lists were not empty: the firm's own contacts, award, allocation, booking, session
    # and report were all on its pages.
    for tag in ("name", "contact", "project", "booking", "topic", "nextsteps", "patent"):
        assert f"ownb41d{tag}" in own_text, tag


# Another firm's objects by id: (URL name, which object, GET and/or POST).
BY_ID = [
    ("portal:award_detail", "award", "get"),
    ("portal:outcome_detail", "report", "get"),
    ("portal:outcome_pdf", "report", "get"),
    ("portal:outcome_submit", "report", "post"),
    ("portal:outcome_patent_add", "report", "get"),
    ("portal:outcome_patent_add", "report", "post"),
    ("portal:outcome_evidence_add", "report", "get"),
    ("portal:outcome_evidence_add", "report", "post"),
    ("portal:outcome_patent_remove", "patent", "get"),
    ("portal:outcome_patent_remove", "patent", "post"),
    ("portal:outcome_evidence", "evidence", "get"),
    ("portal:outcome_evidence_remove", "evidence", "get"),
    ("portal:outcome_evidence_remove", "evidence", "post"),
    ("portal:booking_cancel", "booking", "get"),
    ("portal:booking_cancel", "booking", "post"),
    ("portal:contact_edit", "contact", "get"),
    ("portal:contact_edit", "contact", "post"),
]


@pytest.mark.parametrize(("name", "target", "method"), BY_ID)
def test_another_firms_object_by_id_is_a_404_without_its_data(
    client, firm_user, other_firm, own_firm, tmp_path, name, target, method
):
    client.force_login(firm_user)
    url = reverse(name, args=[other_firm[target].pk])
    form = {"title": "가로챈 특허", "application_number": "1020210999999", "name": "가로채기"}

    response = getattr(client, method)(url, form if method == "post" else {})

    assert response.status_code == 404
    assert canaries_in(response, url, tmp_path) == []
    # Nothing of the other firm's changed.
    report = OutcomeReport.objects.get(pk=other_firm["report"].pk)
    assert report.status == OutcomeStatus.DRAFT
    assert report.patents.count() == 1
    assert EvidenceFile.objects.filter(report=report).count() == 1
    assert EquipmentBooking.objects.get(pk=other_firm["booking"].pk).status == "requested"
    assert other_firm["contact"].person.name.startswith("무등에너지 CANARY")


# --- the search can fail -------------------------------------------------------------------


def test_staff_do_see_the_canaries_on_the_same_kind_of_pages_and_files(
    client, staff, other_company, other_firm, tmp_path
):
    """Staff may see the other firm: its page, its report's PDF, its evidence file and the
    contacts spreadsheet all carry canaries, so the firm user's checks above can fail."""
    client.force_login(staff)
    confirm_password(client)
    report = other_firm["report"].pk

    page = client.get(reverse("companies:detail", args=[other_company.pk]))
    sections = client.get(reverse("companies:sections", args=[other_company.pk]))
    pdf = client.get(reverse("outcomes:pdf", args=[report]))
    evidence = client.get(reverse("outcomes:evidence", args=[other_firm["evidence"].pk]))
    sheet = client.get(reverse("companies:contact_export"), {"purpose": "event_notice"})

    text = seen(page, tmp_path)
    for tag in ("name", "representative", "address", "description", "web", "contact"):
        assert f"canary7f3a{tag}" in text, tag
    assert "01073739173" in text  # the contact's phone
    assert str(MONEY) in seen(sections, tmp_path)  # the award, in the page's later sections
    assert pdf.content.startswith(b"%PDF") and b"canary-7f3a" not in pdf.content.lower()
    pdf_words = squeeze(pdf_text(pdf.content, tmp_path))
    assert "canary7f3apatent" in pdf_words and PATENT_APPLICATION in pdf_words
    assert str(MONEY) in pdf_words  # the reported figures
    assert canaries_in(evidence, "evidence", tmp_path)  # the file name and the bytes
    assert sheet.content.startswith(b"PK\x03\x04")
    assert b"canary-7f3a" not in sheet.content.lower()  # compressed: only the XML shows it
    assert "canary7f3acontact" in seen(sheet, tmp_path)
