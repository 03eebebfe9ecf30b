"""A first authenticator app from outside the agency's networks needs a code e-mailed to the
account: a password alone must not be enough to add an attacker's authenticator."""

import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.users.factories import totp_code
from users import enrolment
from users.models import SecurityEvent, SecurityEventKind

SETUP = reverse("mfa_activate_totp")
CONFIRM = reverse("users:enrolment_confirm")


@pytest.fixture(autouse=True)
def _outside_the_agency(settings):
    settings.MFA_TRUSTED_NETWORKS = []


def mailed_code() -> str:
    return re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE).group(1)


def logged_in_and_reauthenticated(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    return client


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_outside_the_set_up_asks_first_for_a_code_sent_to_the_account(client, staff):
    logged_in_and_reauthenticated(client, staff)

    assert client.get(SETUP)["Location"] == CONFIRM
    assert client.post(SETUP, {"code": "123456"})["Location"] == CONFIRM
    page = client.get(CONFIRM)
    assert page.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]
    sent = SecurityEvent.objects.get(user=staff, kind=SecurityEventKind.ENROLMENT_CODE_SENT)
    assert sent.ip_address == "127.0.0.1"
    assert mail.outbox[0].subject == "2단계 인증 설정 확인 코드"
    html = page.content.decode()
    assert enrolment.masked_email(staff.email) in html
    assert staff.email not in html
    assert 'aria-current="page"' not in html  # no navigation entry: it is the user's own page
    # The page being opened again sends no second mail while the code is usable.
    client.get(CONFIRM)
    assert len(mail.outbox) == 1

    assert client.post(CONFIRM, {"code": mailed_code()})["Location"] == SETUP
    form_page = client.get(SETUP)
    assert form_page.status_code == 200
    secret = form_page.context["form"].secret
    assert client.post(SETUP, {"code": totp_code(secret)}).status_code == 302
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    # The confirmation is spent with the authenticator added.
    assert enrolment.CONFIRMED_KEY not in client.session
    assert enrolment.CODE_KEY not in client.session


def test_a_wrong_code_is_refused_and_five_wrong_codes_spend_it(client, staff):
    logged_in_and_reauthenticated(client, staff)
    client.get(CONFIRM)
    code = mailed_code()

    first = client.post(CONFIRM, {"code": wrong(code)})
    assert first.status_code == 200
    assert "보낸 코드와 다릅니다" in first.content.decode()
    failed = SecurityEvent.objects.filter(user=staff, kind=SecurityEventKind.ENROLMENT_CODE_FAILED)
    assert failed.count() == 1
    assert code not in str(list(failed.values()))  # never the code itself
    for _ in range(3):
        client.post(CONFIRM, {"code": wrong(code)})
    fifth = client.post(CONFIRM, {"code": wrong(code)})
    assert "잘못된 코드를 너무 많이 입력했습니다" in fifth.content.decode()
    # Now even the right code no longer works.
    after = client.post(CONFIRM, {"code": code})
    assert after.status_code == 200
    assert client.get(SETUP)["Location"] == CONFIRM


def test_a_code_expires_after_ten_minutes_and_a_new_one_can_be_sent_once_a_minute(client, staff):
    with time_machine.travel("2026-11-30 10:00 +0900", tick=False) as clock:
        logged_in_and_reauthenticated(client, staff)
        client.get(CONFIRM)
        old = mailed_code()
        again = client.post(CONFIRM, {"send_again": "1"}, follow=True)
        assert "1분이 지나지 않았습니다" in again.content.decode()
        assert len(mail.outbox) == 1

        clock.shift(11 * 60)
        client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
        expired = client.post(CONFIRM, {"code": old})
        assert "만료되었습니다" in expired.content.decode()
        sent = client.post(CONFIRM, {"send_again": "1"}, follow=True)
        assert "새 코드를 보냈습니다" in sent.content.decode()
        assert len(mail.outbox) == 2
        new = mailed_code()
        assert client.post(CONFIRM, {"code": old if old != new else wrong(new)}).status_code == 200
        assert client.post(CONFIRM, {"code": new})["Location"] == SETUP


def test_the_code_is_not_kept_in_the_clear(client, staff):
    logged_in_and_reauthenticated(client, staff)
    client.get(CONFIRM)
    state = client.session[enrolment.CODE_KEY]
    assert mailed_code() not in str(state)


def test_the_code_belongs_to_the_session_that_asked_for_it(client, staff, monkeypatch):
    from django.test import Client

    codes = iter([111111, 222222])
    monkeypatch.setattr(enrolment.secrets, "randbelow", lambda _n: next(codes))
    logged_in_and_reauthenticated(client, staff)
    client.get(CONFIRM)
    other = logged_in_and_reauthenticated(Client(), staff)
    other.get(CONFIRM)
    assert [m.body.count(c) for m, c in zip(mail.outbox, ["111111", "222222"], strict=True)] == [
        1,
        1,
    ]

    assert other.post(CONFIRM, {"code": "111111"}).status_code == 200  # not this session's
    assert other.get(SETUP)["Location"] == CONFIRM
    assert client.post(CONFIRM, {"code": "111111"})["Location"] == SETUP


@pytest.mark.parametrize("networks", [["127.0.0.0/8"]])
def test_inside_the_agency_network_no_code_is_needed(client, settings, staff, networks):
    settings.MFA_TRUSTED_NETWORKS = networks
    logged_in_and_reauthenticated(client, staff)

    assert client.get(SETUP).status_code == 200
    assert client.get(CONFIRM)["Location"] == SETUP
    assert mail.outbox == []


def test_a_firm_user_adding_it_by_choice_from_outside_also_confirms_the_mailbox(client, firm_user):
    logged_in_and_reauthenticated(client, firm_user)
    assert client.get(SETUP)["Location"] == CONFIRM
    client.get(CONFIRM)
    assert mail.outbox[-1].to == [firm_user.email]


def test_the_confirmation_page_is_reachable_while_the_set_up_is_required(client, staff):
    client.post(reverse("account_login"), {"login": staff.email, "password": TEST_PASSWORD})
    # Every other page leads to the set-up; the confirmation page itself opens.
    assert client.get(reverse("companies:staff_home"))["Location"] == SETUP
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert client.get(CONFIRM).status_code == 200


def test_the_masked_address_hides_most_of_the_name():
    assert enrolment.masked_email("kim.minsu@example.kr") == "ki•••••••@example.kr"
    assert enrolment.masked_email("a@b.kr") == "a•@b.kr"


HOSTILE = [
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "１２３４５６",  # full-width digits
    "1" * 5000,
    "12345\x00",
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_codes_are_refused_with_a_message_never_an_error(client, staff, value):
    logged_in_and_reauthenticated(client, staff)
    client.get(CONFIRM)

    response = client.post(CONFIRM, {"code": value})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get(SETUP)["Location"] == CONFIRM


def test_the_page_and_a_wrong_code_keep_a_fixed_number_of_queries(client, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory
    from tests.users.factories import enable_mfa

    logged_in_and_reauthenticated(client, staff)
    client.get(CONFIRM)  # sends the code

    def counted():
        with CaptureQueriesContext(connection) as page:
            assert client.get(CONFIRM).status_code == 200
        with CaptureQueriesContext(connection) as post:
            assert client.post(CONFIRM, {"code": wrong(mailed_code())}).status_code == 200
        return len(page), len(post)

    few = counted()
    assert max(few) <= 10, few
    for n in range(15):
        enable_mfa(UserFactory(email=f"other{n}@example.kr"))
    many = counted()
    assert many[0] <= few[0] and many[1] <= few[1]
