"""Staff define an indicator without code, and see which figures still need evidence or a
waiver reason on the review page, at desktop and phone widths."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.outcomes.factories import EvidenceFileFactory
from tests.reports.factories import supported_report
from users.models import Role

# The indicator rows come from a data migration: a live server flushes the database after
# each test, so the rows are restored for the next one.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "define-Meadow-8841-kettle"


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("account_login"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("companies:staff_home"))


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_define_an_indicator_and_waive_evidence(live_server, page, results_dir):
    staff = UserFactory(
        role=Role.STAFF, email="define@example.kr", name="정담당", password=PASSWORD
    )
    report = supported_report(year=2022, submitted=True)
    EvidenceFileFactory(report=report, figure="employees_at_end")
    sign_in(page, live_server, staff.email)
    # Both widths in one test: the rows restored for a second test of the module were not.
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        check_screens(page, live_server, results_dir, report, width)


def check_screens(page, live_server, results_dir, report, width):
    page.goto(live_server.url + reverse("reports:indicator_create"))
    page.locator("#id_code").fill("health_hires")
    page.locator("#id_name_ko").fill("헬스케어 기업 신규 채용")
    page.locator("#id_name_en").fill("Hires by healthcare firms")
    page.locator("#id_source").select_option("awards")
    page.locator("#id_measure").select_option("sum")
    page.locator("#id_measure_field").select_option("new_hires")
    page.locator("#id_counting_rule").fill("헬스케어 업종 기업의 신규 채용 합계")
    page.locator("#id_program").fill("AI 산업융합")
    page.locator("form.app-form button[type=submit]").click()
    # Hires are not a figure of awards: refused, with the message on the field.
    assert page.locator("#id_measure_field").is_visible()
    page.screenshot(path=results_dir / f"indicator-define-{width}.png", full_page=True)
    assert fits(page)

    page.goto(live_server.url + reverse("outcomes:review", args=[report.pk]))
    assert page.locator("textarea[name=waive_revenue_krw]").count() == 1
    assert page.locator("textarea[name=waive_employees_at_end]").count() == 0
    page.screenshot(path=results_dir / f"review-waiver-{width}.png", full_page=True)
    assert fits(page)
