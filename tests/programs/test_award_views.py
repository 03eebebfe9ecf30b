"""Award screens, and awards on the company page and in the portal: forms keep input and show
errors, lists filter, pages stay flat in queries."""

from datetime import date

import pytest
from django.urls import reverse

from programs.models import AwardStatus, Decision, Disbursement, SupportAward, SupportType
from tests.factories import StaffFactory
from tests.programs.factories import (
    AwardInstalmentFactory,
    DisbursementFactory,
    ProgramFactory,
    SelectedApplicationFactory,
    SupportAwardFactory,
)
from tests.programs.helpers import HOSTILE, content, form_errors

# --- awards ------------------------------------------------------------------------------------


def award_post(**overrides):
    data = {
        "awarded_on": "2022-04-15",
        "amount_krw": "10000000",
        "starts_on": "2022-05-01",
        "ends_on": "2022-12-31",
        "status": "active",
        "duplicate_reason": "",
    }
    data.update(overrides)
    return data


def test_award_from_a_selected_application(client, staff):
    application = SelectedApplicationFactory()
    client.force_login(staff)
    response = client.post(
        reverse("programs:award_create_for_application", args=[application.pk]), award_post()
    )
    award = SupportAward.objects.get()
    assert response["Location"] == award.get_absolute_url()
    assert (award.application, award.company, award.program, award.recorded_by) == (
        application,
        application.company,
        application.call.program,
        staff,
    )


def test_award_for_a_rejected_application_is_refused_on_the_form(english, staff):
    application = SelectedApplicationFactory(
        decision=Decision.NOT_SELECTED, decision_reason="점수 미달"
    )
    english.force_login(staff)
    response = english.post(
        reverse("programs:award_create_for_application", args=[application.pk]), award_post()
    )
    assert form_errors(response) == [
        "Only a selected application can receive an award; this one is Not selected."
    ]
    assert 'value="10000000"' in content(response)
    assert not SupportAward.objects.exists()


def test_direct_award_with_duplicate_support_needs_a_reason(english, staff, company):
    program = ProgramFactory(support_type=SupportType.OVERSEAS)
    SupportAwardFactory(company=company, program=program, awarded_on=date(2022, 1, 10))
    english.force_login(staff)
    data = award_post(program=str(program.pk), company=str(company.pk))
    response = english.post(reverse("programs:award_create"), data)
    assert form_errors(response, "duplicate_reason")
    assert len(response.context["form"].duplicates) == 1
    data["duplicate_reason"] = "2차 해외 전시회"
    assert english.post(reverse("programs:award_create"), data).status_code == 302
    assert SupportAward.objects.filter(duplicate_reason="2차 해외 전시회").count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount_krw", "0"),
        ("amount_krw", "1,000.5"),
        ("amount_krw", "9" * 30),
        ("ends_on", "2022-04-30"),
        ("status", "lost"),
        ("awarded_on", HOSTILE),
    ],
)
def test_hostile_award_input_is_a_form_error(client, staff, company, field, value):
    program = ProgramFactory()
    client.force_login(staff)
    data = award_post(program=str(program.pk), company=str(company.pk), **{field: value})
    response = client.post(reverse("programs:award_create"), data)
    assert response.status_code == 200
    assert form_errors(response, field)
    assert not SupportAward.objects.exists()


def test_disbursement_over_the_award_is_a_form_error_keeping_input(english, staff):
    award = SupportAwardFactory(amount_krw=10_000_000)
    DisbursementFactory(award=award, amount_krw=6_000_000)
    english.force_login(staff)
    response = english.post(
        reverse("programs:award_disburse", args=[award.pk]),
        {"paid_on": "2022-06-01", "amount_krw": "5000000", "note": "2차"},
    )
    assert form_errors(response, "amount_krw") == [
        "This disbursement would exceed the award: 4,000,000 won left"
    ]
    assert 'value="5000000"' in content(response)
    assert Disbursement.objects.count() == 1
    response = english.post(
        reverse("programs:award_disburse", args=[award.pk]),
        {"paid_on": "2022-06-01", "amount_krw": "4000000", "note": "잔금"},
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.disbursed_krw == 10_000_000


@pytest.mark.parametrize("amount", ["abc", "-5", "0", HOSTILE, "1" * 25])
def test_bad_disbursement_amounts_are_form_errors(client, staff, amount):
    award = SupportAwardFactory()
    client.force_login(staff)
    response = client.post(
        reverse("programs:award_disburse", args=[award.pk]),
        {"paid_on": "2022-06-01", "amount_krw": amount},
    )
    assert response.status_code == 200
    assert form_errors(response, "amount_krw")
    award.refresh_from_db()
    assert award.disbursed_krw == 0


def test_schedule_over_the_award_is_a_form_error(english, staff):
    award = SupportAwardFactory(amount_krw=10_000_000)
    AwardInstalmentFactory(award=award, amount_krw=8_000_000)
    english.force_login(staff)
    response = english.post(
        reverse("programs:award_instalment_add", args=[award.pk]),
        {"due_on": "2022-09-01", "amount_krw": "3000000"},
    )
    assert form_errors(response, "amount_krw") == [
        "The schedule would exceed the award: 2,000,000 won left to schedule."
    ]


def test_award_status_change(client, staff):
    award = SupportAwardFactory(status=AwardStatus.ACTIVE)
    client.force_login(staff)
    response = client.post(
        reverse("programs:award_status", args=[award.pk]), {"status": "completed"}
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.COMPLETED


def test_award_list_filters(client, staff):
    mentoring = ProgramFactory(name="멘토링", support_type=SupportType.MENTORING)
    fund = ProgramFactory(name="펀드", support_type=SupportType.INVESTMENT_FUND)
    a = SupportAwardFactory(program=mentoring, awarded_on=date(2022, 4, 1))
    b = SupportAwardFactory(program=fund, awarded_on=date(2022, 5, 1), status=AwardStatus.COMPLETED)
    c = SupportAwardFactory(program=fund, awarded_on=date(2021, 5, 1))
    client.force_login(staff)
    url = reverse("programs:award_list")

    def pks(**params):
        return {award.pk for award in client.get(url, params).context["awards"]}

    assert pks() == {a.pk, b.pk, c.pk}
    assert pks(program=fund.pk) == {b.pk, c.pk}
    assert pks(support_type="mentoring") == {a.pk}
    assert pks(year="2022") == {a.pk, b.pk}
    assert pks(status="completed", year="2022") == {b.pk}
    assert pks(year="'; DROP TABLE") == set()
    assert pks(program=HOSTILE) == set()


def test_award_list_queries_do_not_grow(client, staff, assert_flat_queries):
    client.force_login(staff)
    SupportAwardFactory.create_batch(2)
    # Expect 15 queries: session, user, sign-in bookkeeping (9), count, totals, the filter's
    # programmes, awards with their programme and company.
    _, response = assert_flat_queries(
        client, reverse("programs:award_list"), lambda: SupportAwardFactory.create_batch(25)
    )
    assert len(response.context["awards"]) == 27


def test_award_detail_queries_do_not_grow(client, staff, assert_flat_queries):
    award = SupportAwardFactory(amount_krw=100_000_000)
    # One of each row kind first: the page's change history looks up each kind's related names.
    AwardInstalmentFactory(award=award, amount_krw=1_000_000, recorded_by=StaffFactory())
    DisbursementFactory(award=award, amount_krw=1_000_000, recorded_by=StaffFactory())
    client.force_login(staff)

    def grow():
        for _ in range(7):
            AwardInstalmentFactory(award=award, amount_krw=1_000_000, recorded_by=StaffFactory())
            DisbursementFactory(award=award, amount_krw=1_000_000, recorded_by=StaffFactory())

    # Expect 22 queries: session, user, sign-in bookkeeping (9), award with its programme and
    # company, instalments, disbursements, change history and its related names (7), duplicate
    # awards.
    _, response = assert_flat_queries(client, award.get_absolute_url(), grow)
    assert len(response.context["disbursements"]) == 8


# --- company page and portal ------------------------------------------------------------------


def test_company_page_lists_all_awards_across_programs_and_years(client, staff, company):
    SupportAwardFactory(company=company, program__name="창업 멘토링", awarded_on=date(2020, 5, 1))
    SupportAwardFactory(
        company=company, program__name="해외 진출 지원", awarded_on=date(2022, 6, 1)
    )
    SupportAwardFactory(program__name="남의 사업")
    client.force_login(staff)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    names = [award.program.name for award in response.context["company_awards"]]
    assert names == ["해외 진출 지원", "창업 멘토링"]
    assert "남의 사업" not in content(response)
    assert response.context["company_award_totals"]["amount_krw"] == 20_000_000


def test_mentor_sees_no_awards_on_the_company_page(client, mentor, company):
    SupportAwardFactory(company=company, program__name="창업 멘토링")
    client.force_login(mentor)
    response = client.get(company.get_absolute_url())
    assert response.status_code == 200
    assert "창업 멘토링" not in content(response)


def test_company_page_awards_queries_do_not_grow(client, staff, company, assert_flat_queries):
    client.force_login(staff)
    SupportAwardFactory(company=company)

    def grow():
        for _ in range(10):
            application = SelectedApplicationFactory(company=company)
            SupportAwardFactory(
                company=company, application=application, program=application.call.program
            )

    # The whole company page, its own part and every area's section, in a fixed number.
    _, response = assert_flat_queries(client, reverse("companies:detail", args=[company.pk]), grow)
    assert len(response.context["company_awards"]) == 11


def test_firm_sees_its_own_awards_in_the_portal(client, firm_user, company, other_company):
    own = SupportAwardFactory(company=company, program__name="시제품 제작 지원")
    SupportAwardFactory(company=other_company, program__name="남의 펀드")
    client.force_login(firm_user)
    home = content(client.get(reverse("portal:home")))
    assert "시제품 제작 지원" in home
    assert "남의 펀드" not in home
    listing = client.get(reverse("portal:awards"))
    assert list(listing.context["awards"]) == [own]
    detail = client.get(reverse("portal:award_detail", args=[own.pk]))
    assert detail.status_code == 200


def test_firm_cannot_reach_another_firms_award(client, other_firm_user, company):
    award = SupportAwardFactory(company=company)
    client.force_login(other_firm_user)
    assert client.get(reverse("portal:award_detail", args=[award.pk])).status_code == 404
    assert client.get(reverse("programs:award_detail", args=[award.pk])).status_code == 403


def test_portal_home_queries_do_not_grow(client, firm_user, company, assert_flat_queries):
    client.force_login(firm_user)
    SupportAwardFactory(company=company)
    # Expect 28 queries: session, user, sign-in bookkeeping (9), company, contacts, awards,
    # allocations with their usage, upcoming bookings, approved sessions, the access record (10:
    # the chain's first row is made now), open reporting periods.
    _, response = assert_flat_queries(
        client,
        reverse("portal:home"),
        lambda: SupportAwardFactory.create_batch(10, company=company),
    )
    assert len(response.context["portal_awards"]) == 11


def test_portal_award_list_queries_do_not_grow(client, firm_user, company, assert_flat_queries):
    client.force_login(firm_user)
    SupportAwardFactory(company=company)
    # Expect 14 queries: session, user, sign-in bookkeeping (9), count, open reporting periods,
    # awards with their programme.
    assert_flat_queries(
        client,
        reverse("portal:awards"),
        lambda: SupportAwardFactory.create_batch(10, company=company),
    )
