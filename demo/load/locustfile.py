"""Load scenarios (Locust), run by `make load` against gunicorn on loopback.

StaffUser: programme staff browsing for a couple of minutes: the company list, a Hangul search,
a company's page (every section in one request), logging an interaction, the KPI dashboard.
FirmUser: the outcome-report deadline: each firm user logs in once, saves its figures,
uploads a 2 MB evidence file, submits the report, and stops. All 100 start together; the n-th
waits n × LOAD_FIRM_SPREAD / 100 seconds before it logs in, so they arrive over that many
seconds (50: the last 50 seconds before a deadline; 0: all in the same second).

Users and the open reporting period come from `manage.py load_prepare`; LOAD_PERIOD names it.
Each run names its user class (`locust -f load/locustfile.py StaffUser ...`).
"""

import os
import random
import re
from itertools import count

import gevent
from locust import HttpUser, between, task
from locust.exception import StopUser

from demo.load.evidence import evidence_bytes

PASSWORD = os.environ.get("LOAD_PASSWORD", "gwangju-ai-load-2026")
PERIOD = os.environ.get("LOAD_PERIOD", "")
STAFF_COUNT = int(os.environ.get("LOAD_STAFF", "50"))
FIRM_SPREAD = float(os.environ.get("LOAD_FIRM_SPREAD", "50"))
FIRMS = 100
COMPANY_LINK = re.compile(r'href="/companies/(\d+)/"')
REPORT_URL = re.compile(r"/portal/outcomes/(\d+)/")
_staff_numbers = count()
_firm_numbers = count()


def log_in(user: HttpUser, email: str) -> None:
    user.client.get("/accounts/login/", name="login page")
    token = user.client.cookies.get("csrftoken", "")
    response = user.client.post(
        "/accounts/login/",
        {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": user.host + "/accounts/login/"},
        name="log in",
        allow_redirects=False,
    )
    if response.status_code != 302:
        response.failure(f"login of {email} answered {response.status_code}")
        raise StopUser


def csrf(user: HttpUser) -> dict:
    return {"X-CSRFToken": user.client.cookies.get("csrftoken", ""), "Referer": user.host + "/"}


class StaffUser(HttpUser):
    # A person reads a page before the next click: 1-5 s, a brisk pace for office work.
    wait_time = between(1, 5)

    def on_start(self):
        self.number = next(_staff_numbers) % STAFF_COUNT
        log_in(self, f"load-staff{self.number}@load.test")
        self.companies = []

    @task(4)
    def company_list(self):
        page = self.client.get("/companies/", name="company list")
        self.companies = COMPANY_LINK.findall(page.text) or self.companies

    @task(3)
    def search(self):
        query = random.choice(["빛고을", "모빌리티", "헬스케어", "에너지", "408-"])
        self.client.get("/companies/", params={"q": query}, name="company search")

    @task(4)
    def company_page(self):
        if not self.companies:
            return
        pk = random.choice(self.companies)
        self.client.get(f"/companies/{pk}/", name="company page")

    @task(1)
    def log_interaction(self):
        if not self.companies:
            return
        pk = random.choice(self.companies)
        self.client.post(
            f"/companies/{pk}/interactions/new/",
            {
                "kind": "call",
                "occurred_at": "2026-11-30T10:00",
                "summary": f"부하 시험 통화 기록 {self.number}",
            },
            headers={**csrf(self), "HX-Request": "true"},
            name="log interaction",
        )

    @task(1)
    def dashboard(self):
        self.client.get("/reports/", params={"year": 2022}, name="dashboard")


class FirmUser(HttpUser):
    wait_time = between(0, 1)

    def on_start(self):
        self.number = next(_firm_numbers)
        gevent.sleep(self.number * FIRM_SPREAD / FIRMS)
        log_in(self, f"load-firm{self.number}@load.test")

    @task
    def submit_report(self):
        figures = {
            "employees_at_end": 12 + self.number % 30,
            "new_hires": self.number % 5,
            "revenue_krw": 100_000_000 + self.number,
            "investment_krw": 0,
            "exports_krw": 0,
        }
        saved = self.client.post(
            f"/portal/outcomes/periods/{PERIOD}/",
            figures,
            headers=csrf(self),
            name="save figures",
            allow_redirects=False,
        )
        match = REPORT_URL.search(saved.headers.get("Location", ""))
        if not match:
            saved.failure(f"saving the figures answered {saved.status_code}")
            raise StopUser
        report = match.group(1)
        self.client.post(
            f"/portal/outcomes/{report}/evidence/new/",
            files={
                "file": (
                    f"재무제표-{self.number}.pdf",
                    evidence_bytes(self.number),
                    "application/pdf",
                )
            },
            headers=csrf(self),
            name="upload 2 MB evidence",
        )
        # The firm ticks the box that confirms what the submission locks.
        self.client.post(
            f"/portal/outcomes/{report}/submit/",
            {"confirm": "on"},
            headers=csrf(self),
            name="submit report",
        )
        raise StopUser
