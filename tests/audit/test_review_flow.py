"""The review opens where the officer's work is, offers no month to come, and a sign-off needs
its result note and an explicit confirmation that it locks the month."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import AccessAction, MonthlyReview
from audit.selectors import review_default_month
from audit.services import access_record, review_sign_off
from tests.pages import page

pytestmark = pytest.mark.usefixtures("english_pages")
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 10, 10, 0, tzinfo=SEOUL)


def record(user, when):
    return access_record(
        user=user, action=AccessAction.VIEW, subject_type="person", subject="연락처", at=when
    )


@time_machine.travel(NOW, tick=False)
def test_the_review_opens_on_the_latest_ended_month_with_records(client, privacy_officer, staff):
    record(staff, datetime(2026, 8, 31, 23, 30, tzinfo=SEOUL))  # August in Seoul, not in UTC
    record(staff, datetime(2026, 11, 2, 9, 0, tzinfo=SEOUL))  # this month: not ended
    client.force_login(privacy_officer)

    response = client.get(reverse("audit:review"))

    assert response.context["review"].month == date(2026, 8, 1)
    assert review_default_month(user=privacy_officer) == date(2026, 8, 1)


@time_machine.travel(NOW, tick=False)
def test_without_records_the_review_opens_on_last_month(privacy_officer):
    assert review_default_month(user=privacy_officer) == date(2026, 10, 1)


@time_machine.travel(NOW, tick=False)
def test_no_month_after_the_running_one_is_offered(client, privacy_officer):
    client.force_login(privacy_officer)
    review = reverse("audit:review")

    october = page(client.get(review, {"month": "2026-10"}))
    november = page(client.get(review, {"month": "2026-11"}))

    assert f'href="{review}?month=2026-11"' in october
    assert f'href="{review}?month=2026-10"' in november
    assert "?month=2026-12" not in november
    assert "Next month" not in november


@time_machine.travel(NOW, tick=False)
def test_a_sign_off_without_confirmation_is_refused_and_records_nothing(client, privacy_officer):
    client.force_login(privacy_officer)
    url = reverse("audit:review_sign_off") + "?month=2026-10"

    response = client.post(url, {"note": "이상 없음"})

    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == ["Tick the box to confirm the sign-off."]
    assert response.context["form"]["note"].value() == "이상 없음"
    assert not MonthlyReview.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_sign_off_without_its_result_note_is_refused(client, privacy_officer):
    client.force_login(privacy_officer)
    url = reverse("audit:review_sign_off") + "?month=2026-10"

    response = client.post(url, {"note": "   ", "confirm": "on"})

    assert response.context["form"].errors["note"] == [
        "Write the result of the review (what was found and what was done); a sign-off needs it."
    ]
    assert not MonthlyReview.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_language_switch_on_a_refused_sign_off_goes_back_to_the_review(client, privacy_officer):
    """The page comes back at the POST-only sign-off address; switching the language there
    must not send the user to it with a GET."""
    client.force_login(privacy_officer)
    review = reverse("audit:review") + "?month=2026-10"

    response = client.post(reverse("audit:review_sign_off") + "?month=2026-10", {"note": ""})

    assert response.status_code == 200
    assert f'name="next" type="hidden" value="{review}"' in page(response)
    switched = client.post(reverse("set_language"), {"language": "ko", "next": review})
    assert switched.status_code == 302 and switched["Location"] == review
    assert client.get(switched["Location"]).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_other_pages_switch_language_back_to_themselves(client, privacy_officer):
    client.force_login(privacy_officer)

    html = page(client.get(reverse("audit:review"), {"month": "2026-10"}))

    assert f'name="next" type="hidden" value="{reverse("audit:review")}?month=2026-10"' in html


@time_machine.travel(NOW, tick=False)
def test_the_form_states_what_the_sign_off_locks(client, privacy_officer):
    client.force_login(privacy_officer)

    html = page(client.get(reverse("audit:review"), {"month": "2026-10"}))

    assert 'name="confirm"' in html
    assert "the month&#x27;s sign-off and its note are locked" in html


@time_machine.travel(NOW, tick=False)
def test_the_service_refuses_a_sign_off_without_a_note(privacy_officer):
    with pytest.raises(ValidationError) as info, translation.override("en"):
        review_sign_off(month=date(2026, 10, 1), by=privacy_officer, note=" ")
    assert info.value.messages == [
        "Write the result of the review (what was found and what was done); a sign-off needs it."
    ]
    assert not MonthlyReview.objects.exists()
