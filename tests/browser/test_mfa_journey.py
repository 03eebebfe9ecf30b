"""A staff member outside the agency's network logs in for the first time: the CRM asks for
the password again, a code e-mailed to the account, then an authenticator app, and only then
opens. Real Chromium, the real allauth pages, the strict CSP."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.users.factories import totp_code
from users.models import Role

pytestmark = pytest.mark.browser

PASSWORD = "journey-Lantern-5521-harbour"


def test_staff_outside_sets_up_two_factor_after_an_emailed_code(
    live_server, page, results_dir, settings
):
    settings.MFA_TRUSTED_NETWORKS = []  # the browser's loopback is outside the agency
    staff = UserFactory(
        role=Role.STAFF, email="remote@example.kr", name="박원격", password=PASSWORD
    )
    console, failed = [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text} ({m.location['url']})"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(live_server.url + reverse("account_login"))
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()

    # Every page leads to the set-up, which first asks for the password again.
    page.wait_for_url(re.compile(re.escape(reverse("account_reauthenticate"))))
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    # Then the code e-mailed to the account.
    page.wait_for_url(live_server.url + reverse("users:enrolment_confirm"))
    expect(page.locator("h1")).to_have_text("메일 주소 확인")
    expect(page.locator("main")).to_contain_text("re••••@example.kr")
    expect(page.locator("[aria-current=page]")).to_have_count(0)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    code = re.search(r"^(\d{6})$", mail.outbox[0].body, re.MULTILINE).group(1)
    page.screenshot(path=results_dir / "mfa-emailed-code.png", full_page=True)
    page.locator("input[name=code]").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="확인").click()
    expect(page.locator("main")).to_contain_text("보낸 코드와 다릅니다")
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="확인").click()

    # The authenticator app's page: a QR code drawn without any script, and the key.
    page.wait_for_url(live_server.url + reverse("mfa_activate_totp"))
    expect(page.locator("img.app-qr")).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    page.screenshot(path=results_dir / "mfa-set-up.png", full_page=True)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator(f"form[action='{reverse('mfa_activate_totp')}'] button[type=submit]").click()

    # Recovery codes, then the CRM opens.
    page.wait_for_url(live_server.url + reverse("mfa_view_recovery_codes"))
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    page.goto(live_server.url + reverse("companies:staff_home"))
    assert page.url == live_server.url + reverse("companies:staff_home")

    csp = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert csp == []
    assert [m for m in console if m.startswith(("error", "pageerror"))] == []
    assert failed == []
