"""Every page shows numbers and moments one way: no raw Decimal, no figure with more places than
its kind shows, no moment in UTC (issue 13).

The module's data is built once, at 2024-03-04 23:30 UTC, which is already 08:30 on the 5th in
Seoul: a firm's data in every area (the canary test's builder), and compute and mentoring figures
with more places than the pages show (1.2345 PF, 1,234.5 GPU-hours, 1.25 hours). Each page of the
permission table that some user gets as a 200 is fetched once, as that user, with the objects its
row makes also made at that moment. Its text must hold no `Decimal('`, no number with three or
more decimal places, no decimal of four or more digits without separators, and no UTC moment;
the pages in SHOWS_THE_MOMENT must show it in Seoul, as `2024-03-05 08:30`.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from html import unescape

import pytest
import time_machine

from audit.models import AccessAction, SubjectType
from audit.services import access_record
from compute.models import ComputeCapacity, ComputeReclaim
from mentoring.models import MentorAssignment
from tests import cast
from tests.compute.factories import ComputeAllocationFactory, ComputeUsageFactory
from tests.factories import UserFactory
from tests.mentoring.factories import MentoringSessionFactory
from tests.module_data import kept_for_the_module
from tests.reauth import confirm_password
from tests.security.canary import firm_data, shared_data
from tests.security.test_hostile_input import PAGES, page_user
from tests.test_permissions import ROWS, _url
from users.models import Role

pytestmark = [
    pytest.mark.xdist_group("displayed_values"),
    pytest.mark.usefixtures("without_template_capture"),
]

MOMENT = datetime(2024, 3, 4, 23, 30, tzinfo=UTC)
SEOUL = "2024-03-05 08:30"
UTC_TEXTS = ("2024-03-04 23:30", "+00:00", "UTC")
# Pages that show a moment of the module's data or of the object their row makes: change
# history, access records, security events, import and export jobs, sessions.
SHOWS_THE_MOMENT = {
    "audit:record_list",
    "audit:request_detail",
    "companies:import_job",
    "compute:allocation_detail",
    "compute:usage_import",
    "compute:usage_import_job",
    "mentoring:mentor_detail",
    "mous:detail",
    "outcomes:review",
    "programs:award_detail",
    "reports:export_detail",
    "users:security_events",
}
# The module's allocation as the pages show it: 1.2345 PF → 1.23; 3,456.78 GPU-hours → 3,457,
# 1,234.5 used → 1,235; 35.7% used. The period's 12.3456 PF → 12.35.
ALLOCATION = ("1.23", "3,457", "1,235", "35.7%")
FIGURES = {
    "compute:allocation_list": ALLOCATION,
    "portal:allocation_list": ALLOCATION,
    "compute:capacity_list": ("12.35", "4,457"),
}
RAW_DECIMAL = "Decimal('"
# 1.2345 or 12.345, not an IP address (192.168.0.1), a version (1.2.3) or a date (2024.03.05).
MANY_PLACES = re.compile(r"(?<![\d.])\d+\.\d{3,}(?![\d.])")
# 1234.50: a decimal of four or more digits shown without separators.
UNGROUPED = re.compile(r"(?<![\d.,])\d{4,}\.\d+(?![\d.])")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def visible_text(html: str) -> str:
    return unescape(TAG.sub(" ", SCRIPT_OR_STYLE.sub(" ", html)))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast and a firm's data in every area, all made at MOMENT."""
    media = tmp_path_factory.mktemp("displayed-values-media")
    with (
        kept_for_the_module(django_db_blocker, media),
        time_machine.travel(MOMENT, tick=False),
    ):
        company, other_company, staff = cast.company(), cast.other_company(), cast.staff()
        firm_user = cast.firm_user(company)
        mentor = cast.mentor(company, staff)
        world = {
            "media_root": media,
            "company": company,
            "other_company": other_company,
            "staff": staff,
            "privacy_officer": cast.privacy_officer(),
            "executive": cast.executive(),
            "mentor": mentor,
            "unassigned_mentor": cast.unassigned_mentor(),
            "firm_user": firm_user,
            "other_firm_user": cast.other_firm_user(other_company),
        }
        shared = shared_data()
        # The other firm's, with a mentor of its own: the objects permission rows make for
        # `company` and its mentor would clash. (The canary marks do not matter here.)
        firm_data(
            other_company,
            world["other_firm_user"],
            shared=shared,
            mentor=UserFactory(role=Role.MENTOR),
            staff=staff,
            canary=True,
        )
        # Figures with more places than the pages show.
        ComputeCapacity.objects.filter(pk=shared["capacity"].pk).update(
            capacity_pf=Decimal("12.3456"), storage_pb=Decimal("1.2345")
        )
        allocation = ComputeAllocationFactory(
            capacity=shared["capacity"],
            company=company,
            pf_allocated=Decimal("1.2345"),
            gpu_hours_allocated=Decimal("3456.78"),
        )
        ComputeUsageFactory(
            allocation=allocation, used_on=date(2024, 3, 4), gpu_hours=Decimal("1234.5")
        )
        ComputeReclaim.objects.create(
            allocation=allocation,
            reason="목적 외 사용",
            reclaimed_by=staff,
            pf_reclaimed=Decimal("0.1234"),
            gpu_hours_reclaimed=Decimal("1000.5"),
            gpu_hours_used=Decimal("1234.5"),
        )
        assignment = MentorAssignment.objects.filter(mentor=mentor, company=company).first()
        MentoringSessionFactory(assignment=assignment, duration_hours=Decimal("1.25"))
        access_record(
            user=staff,
            action=AccessAction.VIEW,
            subject_type=SubjectType.PERSON,
            subject=company.name,
            subject_ids=[company.pk],
        )
        yield world


@pytest.fixture
def media_root(world):
    return world["media_root"]


def _role(name):
    @pytest.fixture(name=name)
    def fixture(world):
        return world[name]

    return fixture


company = _role("company")
other_company = _role("other_company")
staff = _role("staff")
privacy_officer = _role("privacy_officer")
executive = _role("executive")
mentor = _role("mentor")
unassigned_mentor = _role("unassigned_mentor")
firm_user = _role("firm_user")
other_firm_user = _role("other_firm_user")


def problems(text: str) -> list[str]:
    """What the page's text shows that no page should: raw Decimals, long decimals, UTC."""
    found = [RAW_DECIMAL] if RAW_DECIMAL in text else []
    found += MANY_PLACES.findall(text) + UNGROUPED.findall(text)
    found += [utc for utc in UTC_TEXTS if utc in text]
    return found


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_decimals_and_moments_one_way(client, request, company, name):
    _, kind, allowed = ROWS[name]
    with time_machine.travel(MOMENT, tick=False):
        url = _url(name, kind, company, request)
    client.force_login(request.getfixturevalue(page_user(allowed)))
    confirm_password(client)

    response = client.get(url)

    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
        return
    html = response.content.decode()
    assert RAW_DECIMAL not in html
    text = visible_text(html)
    assert problems(text) == []
    if name in SHOWS_THE_MOMENT:
        assert SEOUL in text
    assert all(figure in text for figure in FIGURES.get(name, ())), FIGURES.get(name)


def test_the_checks_catch_what_they_look_for():
    """The patterns find raw figures and UTC, and leave formatted ones, addresses and dates."""
    assert problems("Decimal('1.23') 1.2345 PF 1234.50 GPU-hours 2024-03-04 23:30 +00:00") == [
        "Decimal('",
        "1.2345",
        "1234.50",
        "2024-03-04 23:30",
        "+00:00",
    ]
    assert problems("1.23 PF · 1,235 GPU-hours · 12.3% · 192.168.0.1 · 2024.03.05 08:30") == []
