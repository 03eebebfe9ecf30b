"""Data-subject requests (PIPA arts. 35-37): due ten days after receipt (Seoul dates), overdue
ones highlighted on the list and the monthly review, each write through a service."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AccessRecord, DataSubjectRequest, RequestKind, RequestOutcome
from audit.services.requests import (
    subject_request_answer,
    subject_request_create,
    subject_request_note,
)

pytestmark = pytest.mark.usefixtures("english_pages")

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=SEOUL)


def new_request(officer, received_on=date(2026, 5, 6), **fields):
    values = {
        "kind": RequestKind.ACCESS,
        "requester": "홍길동",
        "requester_contact": "hong@example.kr",
        "subject_type": "person",
        "person_concerned": "홍길동 (본인)",
        "details": "보유 중인 제 개인정보 열람을 요청합니다.",
        "received_on": received_on,
        "by": officer,
        **fields,
    }
    return subject_request_create(**values)


FORM = {
    "kind": "deletion",
    "received_on": "2026-05-19",
    "requester": "김영희",
    "requester_contact": "010-9876-5432",
    "subject_type": "trainee",
    "person_concerned": "김영희",
    "details": "수료생 명단에서 제 이름을 삭제해 주세요.",
}


@time_machine.travel(NOW, tick=False)
def test_a_request_is_due_ten_days_after_the_day_it_was_received(privacy_officer):
    subject_request = new_request(privacy_officer, received_on=date(2026, 5, 10))

    assert subject_request.due_on == date(2026, 5, 20)
    assert subject_request.is_open
    assert not subject_request.is_overdue  # the tenth day itself is still in time


@time_machine.travel(NOW, tick=False)
def test_an_open_request_past_its_deadline_is_overdue_and_an_answered_one_is_not(
    privacy_officer,
):
    late = new_request(privacy_officer, received_on=date(2026, 5, 9))
    answered = new_request(privacy_officer, received_on=date(2026, 5, 1))
    subject_request_answer(
        subject_request=answered,
        answer="열람 사본을 이메일로 보냈습니다.",
        outcome=RequestOutcome.GRANTED,
        answered_on=date(2026, 5, 19),
        notes="",
        by=privacy_officer,
    )

    assert late.is_overdue
    assert list(DataSubjectRequest.objects.overdue()) == [late]


def test_overdue_uses_the_seoul_date_at_midnight(privacy_officer):
    """At 00:30 on 21 May in Seoul (still 20 May in UTC) a request due on 20 May is late."""
    with time_machine.travel(NOW):
        subject_request = new_request(privacy_officer, received_on=date(2026, 5, 10))
    with time_machine.travel(datetime(2026, 5, 21, 0, 30, tzinfo=SEOUL), tick=False):
        assert subject_request.is_overdue
        assert DataSubjectRequest.objects.overdue().count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_request_cannot_be_received_in_the_future_nor_recorded_by_other_staff(
    privacy_officer, staff
):
    with pytest.raises(ValidationError) as future:
        new_request(privacy_officer, received_on=date(2026, 5, 21))
    assert future.value.message_dict == {
        "received_on": ["A request cannot be received in the future."]
    }
    with pytest.raises(ValidationError) as other:
        new_request(staff)
    assert other.value.messages == ["Only the privacy officer handles data-subject requests."]
    assert not DataSubjectRequest.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_request_is_answered_once_and_not_before_it_came(privacy_officer):
    subject_request = new_request(privacy_officer)
    answer = {
        "answer": "정정했습니다.",
        "outcome": RequestOutcome.GRANTED,
        "notes": "본인 확인: 신분증",
        "by": privacy_officer,
    }
    with pytest.raises(ValidationError) as early:
        subject_request_answer(
            subject_request=subject_request, answered_on=date(2026, 5, 5), **answer
        )
    assert early.value.message_dict == {
        "answered_on": ["A request cannot be answered before it came."]
    }

    subject_request_answer(subject_request=subject_request, answered_on=date(2026, 5, 8), **answer)
    subject_request.refresh_from_db()
    assert (subject_request.answered_on, subject_request.answered_by) == (
        date(2026, 5, 8),
        privacy_officer,
    )
    assert subject_request.notes == "본인 확인: 신분증"

    with pytest.raises(ValidationError) as again:
        subject_request_answer(
            subject_request=subject_request, answered_on=date(2026, 5, 9), **answer
        )
    assert again.value.messages == ["This request has been answered already."]
    with pytest.raises(ValidationError):
        subject_request_note(subject_request=subject_request, notes="늦은 메모", by=privacy_officer)


# --- the screens -------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_recording_a_request_on_the_screen_computes_its_deadline(client, privacy_officer):
    client.force_login(privacy_officer)
    page = client.get(reverse("audit:request_create"))
    assert page.context["form"]["received_on"].value() == date(2026, 5, 20)

    response = client.post(reverse("audit:request_create"), FORM)

    subject_request = DataSubjectRequest.objects.get()
    assert response["Location"] == subject_request.get_absolute_url()
    assert (subject_request.due_on, subject_request.recorded_by) == (
        date(2026, 5, 29),
        privacy_officer,
    )
    detail = client.get(response["Location"])
    assert "The request was recorded; the answer is due by 2026-05-29." in detail.content.decode()
    assert AccessRecord.objects.filter(action="create", subject_type="trainee").count() == 1
    assert AccessRecord.objects.filter(action="view", subject_type="trainee").count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_future_receipt_date_is_a_form_error(client, privacy_officer):
    client.force_login(privacy_officer)
    response = client.post(reverse("audit:request_create"), {**FORM, "received_on": "2026-05-21"})

    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [
        "A request cannot be received in the future."
    ]


@time_machine.travel(NOW, tick=False)
def test_the_list_highlights_overdue_requests_and_filters_them(client, privacy_officer):
    late = new_request(privacy_officer, received_on=date(2026, 5, 1), requester="지각요청")
    new_request(privacy_officer, received_on=date(2026, 5, 15), requester="기한내요청")
    client.force_login(privacy_officer)

    response = client.get(reverse("audit:request_list"))

    html = response.content.decode()
    assert "1 open request is past its deadline." in html
    assert html.count('class="krds-badge bg-danger"') == 2  # the summary and the late row
    overdue = client.get(reverse("audit:request_list"), {"status": "overdue"})
    assert list(overdue.context["subject_requests"]) == [late]


@time_machine.travel(NOW, tick=False)
def test_the_monthly_review_shows_overdue_requests(client, privacy_officer):
    new_request(privacy_officer, received_on=date(2026, 4, 1), requester="지각요청")
    new_request(privacy_officer, received_on=date(2026, 5, 18), requester="기한내요청")
    client.force_login(privacy_officer)

    response = client.get(reverse("audit:review"))

    html = response.content.decode()
    assert "Data-subject requests past their deadline (1)" in html
    assert "지각요청" in html
    assert "기한내요청" not in html


@time_machine.travel(NOW, tick=False)
def test_the_request_list_queries_do_not_grow(client, privacy_officer, assert_flat_queries):
    def grow():
        for day in range(1, 16):
            new_request(privacy_officer, received_on=date(2026, 5, day))

    new_request(privacy_officer)
    client.force_login(privacy_officer)

    # Expect: session, user, count, page, the overdue count, one access record.
    first, last = assert_flat_queries(client, reverse("audit:request_list"), grow)

    assert len(last.context["subject_requests"]) == 16


@time_machine.travel(NOW, tick=False)
def test_answering_on_the_screen_closes_the_request(client, privacy_officer):
    subject_request = new_request(privacy_officer)
    client.force_login(privacy_officer)

    response = client.post(
        reverse("audit:request_answer", args=[subject_request.pk]),
        {
            "answer": "삭제했습니다.",
            "outcome": "partly",
            "answered_on": "2026-05-15",
            "notes": "법정 보존 항목은 제외",
        },
        follow=True,
    )

    assert "The answer was recorded." in response.content.decode()
    subject_request.refresh_from_db()
    assert (subject_request.outcome, subject_request.answered_on) == (
        "partly",
        date(2026, 5, 15),
    )
    assert subject_request.notes == "법정 보존 항목은 제외"
    assert "Record the answer" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_an_incomplete_answer_re_renders_the_page_with_the_errors(client, privacy_officer):
    subject_request = new_request(privacy_officer)
    client.force_login(privacy_officer)

    response = client.post(
        reverse("audit:request_answer", args=[subject_request.pk]),
        {"outcome": "granted", "answered_on": "2026-05-21"},
    )

    assert response.status_code == 200
    errors = response.context["answer_form"].errors
    assert errors["answer"] == ["This field is required."]
    assert errors["answered_on"] == ["The answer date cannot be in the future."]
    subject_request.refresh_from_db()
    assert subject_request.is_open


@time_machine.travel(NOW, tick=False)
def test_handling_notes_are_saved_while_the_request_is_open(client, privacy_officer):
    subject_request = new_request(privacy_officer)
    client.force_login(privacy_officer)

    response = client.post(
        reverse("audit:request_notes", args=[subject_request.pk]),
        {"notes": "교육 담당자에게 확인 요청"},
    )

    assert response["Location"] == subject_request.get_absolute_url()
    subject_request.refresh_from_db()
    assert subject_request.notes == "교육 담당자에게 확인 요청"


@pytest.mark.parametrize("name", ["audit:request_detail", "audit:request_answer"])
def test_an_unknown_request_is_a_404_for_the_privacy_officer_and_a_403_for_staff(
    client, privacy_officer, staff, name
):
    method = "get" if name == "audit:request_detail" else "post"
    url = reverse(name, args=[999_999])
    client.force_login(privacy_officer)
    assert getattr(client, method)(url).status_code == 404
    client.force_login(staff)
    assert getattr(client, method)(url).status_code == 403
