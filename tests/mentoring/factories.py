from datetime import date
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from companies.models import Industry
from mentoring.models import (
    AssignmentEvent,
    AssignmentEventKind,
    MentoringSession,
    MentorProfile,
    SessionStatus,
)
from tests.factories import MentorAssignmentFactory, StaffFactory, UserFactory
from users.models import Role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PRIVATE_NOTES = "대표가 공동창업자와 지분 갈등 중이라고 털어놓음 (비공개)"


class MentorUserFactory(UserFactory):
    role = Role.MENTOR


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(MentorUserFactory)
    expertise = "투자 유치, 사업계획"
    affiliation = "전남대학교 산학협력단"
    focus_industries = factory.LazyFunction(lambda: [Industry.HEALTHCARE.value])
    bio = "AI 헬스케어 창업 기업 멘토링 10년"


class AssignmentEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssignmentEvent

    assignment = factory.SubFactory(MentorAssignmentFactory)
    kind = AssignmentEventKind.ASSIGNED
    effective_on = date(2022, 3, 1)
    hours_budget = Decimal("20.0")
    recorded_by = factory.SubFactory(StaffFactory)


class MentoringSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringSession

    assignment = factory.SubFactory(MentorAssignmentFactory)
    held_on = date(2022, 5, 10)
    duration_hours = Decimal("2.0")
    topic = "투자 유치 IR 자료 검토"
    notes = PRIVATE_NOTES
    next_steps = "IR 자료 3쪽 수정 후 재검토"
    status = SessionStatus.APPROVED
    recorded_by = factory.LazyAttribute(lambda session: session.assignment.mentor)

    class Params:
        with_attachment = factory.Trait(
            attachment=factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="report.pdf")),
            attachment_name="멘토링 보고서.pdf",
        )
