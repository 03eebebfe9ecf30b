"""The left navigation marks the entry a page belongs to, also for pages with no entry of their
own (an MOU's page belongs to the MOU list, a programme's to the programme list)."""

import pytest

from core.context_processors import _current

STAFF_NAMES = [
    "companies:staff_home",
    "companies:list",
    "mous:list",
    "mous:relocation_list",
    "mous:summary",
    "outcomes:list",
    "programs:list",
    "programs:call_list",
    "programs:award_list",
    "compute:allocation_list",
    "equipment:list",
    "equipment:booking_list",
    "training:list",
    "audit:review",
    "audit:retention",
    "audit:request_list",
]


@pytest.mark.parametrize(
    ("view_name", "current"),
    [
        ("mous:list", "mous:list"),
        ("mous:detail", "mous:list"),
        ("mous:stage_change", "mous:list"),
        ("mous:relocation_update", "mous:relocation_list"),
        ("programs:detail", "programs:list"),
        ("programs:budget", "programs:list"),
        ("programs:call_detail", "programs:call_list"),
        ("programs:application_detail", "programs:call_list"),
        ("compute:capacity_list", "compute:allocation_list"),
        ("equipment:booking_reject", "equipment:booking_list"),
        ("training:detail", "training:list"),
        ("outcomes:review", "outcomes:list"),
        ("outcomes:period_list", "outcomes:list"),
        ("companies:detail", "companies:list"),
        ("audit:request_detail", "audit:request_list"),
        ("users:enrolment_confirm", ""),
    ],
)
def test_a_page_marks_the_entry_it_belongs_to(view_name, current):
    assert _current(view_name, STAFF_NAMES) == current


def test_menu_addresses_follow_the_script_prefix(rf, staff):
    """The menu's addresses are reversed once and kept, per script prefix: a site served under
    /crm/ links to /crm/companies/, the same process at the root to /companies/."""
    from django.urls import resolve, set_script_prefix

    from core.context_processors import navigation

    request = rf.get("/companies/")
    request.user = staff
    request.resolver_match = resolve("/companies/")

    def companies_link():
        groups = navigation(request)["nav_groups"]
        return next(
            i["url"] for g in groups for i in g["items"] if i["url_name"] == "companies:list"
        )

    try:
        set_script_prefix("/crm/")
        assert companies_link() == "/crm/companies/"
        set_script_prefix("/")
        assert companies_link() == "/companies/"
    finally:
        set_script_prefix("/")
