"""The canary test's two firms and how it reads a response: every text field of the other
firm's data carries a canary string, the firm user's own data is marked OWN, and a response is
searched in every form a reader could get it in (tests/security/test_canary.py)."""

import io
import re
import subprocess
import zipfile
from datetime import timedelta
from html import unescape
from urllib.parse import unquote

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from compute.models import ComputeReclaim
from equipment.models import BookingStatus
from mentoring.models import AssignmentEventKind, MentorAssignment, SessionStatus
from mous.models import MouStageChange
from outcomes.models import OutcomeReportEvent, OutcomeStatus, ReminderKind, ReminderLog
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


def shared_data():
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
