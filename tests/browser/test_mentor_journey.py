"""A mentor logs in, sees only assigned companies, records a session; the hours balance drops."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import MentoringSession, SessionStatus
from tests.factories import CompanyFactory, MentorAssignmentFactory, UserFactory
from tests.mentoring.factories import MentoringSessionFactory
from users.models import Role

pytestmark = pytest.mark.browser

PASSWORD = "journey-Lantern-5816-river"
TOPIC = "시제품 인증 일정과 투자 유치 IR 자료 검토"


def test_mentor_records_a_session_and_the_balance_drops(live_server, page, results_dir):
    mentor = UserFactory(
        role=Role.MENTOR, email="mentor-journey@example.kr", name="최멘토", password=PASSWORD
    )
    assigned = CompanyFactory(name="빛고을모빌리티", industry="automotive")
    assignment = MentorAssignmentFactory(
        mentor=mentor, company=assigned, started_on=date(2022, 3, 2), hours_budget=Decimal("20")
    )
    MentoringSessionFactory(assignment=assignment, duration_hours=Decimal("3"))
    unassigned = CompanyFactory(name="무등에너지")
    MentorAssignmentFactory(company=unassigned)  # another mentor's company
    console, failed = [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(live_server.url + "/")
    login_form = page.locator(f"form[action='{reverse('account_login')}']")
    login_form.locator("input[name=login]").fill(mentor.email)
    login_form.locator("input[name=password]").fill(PASSWORD)
    login_form.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("mentoring:home"))

    # Only the assigned company, with its budget, used hours and balance.
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    main = page.locator("main")
    expect(main).to_contain_text("빛고을모빌리티")
    expect(main).not_to_contain_text("무등에너지")
    row = page.locator(f"tr[data-assignment='{assignment.pk}']")
    balance = row.locator("[data-balance]")
    expect(balance).to_have_text("17.0")

    row.locator(
        f"a[href='{reverse('mentoring:session_create')}?assignment={assignment.pk}']"
    ).click()
    form = page.locator("main form")
    expect(form.locator("select[name=assignment]")).to_have_value(str(assignment.pk))
    expect(form.locator("select[name=assignment] option")).to_have_count(2)  # "- Select -" + one
    expect(form.locator("input[name=held_on]")).to_have_value(timezone.localdate().isoformat())
    form.locator("input[name=duration_hours]").fill("2")
    form.locator("input[name=topic]").fill(TOPIC)
    form.locator("textarea[name=notes]").fill("대표 면담: 자금 사정 빠듯함 (비공개)")
    form.locator("textarea[name=next_steps]").fill("IR 자료 수정본 공유")
    form.locator("button[type=submit]").click()

    page.wait_for_url(live_server.url + reverse("mentoring:home"))
    expect(page.locator("#messages")).to_contain_text("빛고을모빌리티")
    expect(balance).to_have_text("15.0")
    session = MentoringSession.objects.get(topic=TOPIC)
    assert (session.assignment, session.duration_hours, session.status) == (
        assignment,
        Decimal("2"),
        SessionStatus.APPROVED,
    )

    page.screenshot(path=results_dir / "mentor-journey.png", full_page=True)
    assert [m for m in console if m.startswith(("error", "pageerror"))] == []
    assert failed == []
