from django.urls import reverse

from companies.models import CompanyContact
from tests.factories import CompanyContactFactory, StaffFactory


def profile_post(**overrides):
    data = {
        "address": "광주광역시 광산구 하남산단로 10",
        "employee_count": "42",
        "website": "https://new.example.kr",
        "description": "새 소개",
    }
    data.update(overrides)
    return data


def test_firm_sees_its_own_company_only(client, firm_user, company, other_company):
    client.force_login(firm_user)
    content = client.get(reverse("portal:home")).content.decode()
    assert company.name in content
    assert other_company.name not in content


def test_firm_edits_its_profile(client, firm_user, company):
    client.force_login(firm_user)
    response = client.post(reverse("portal:profile_edit"), profile_post())
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.employee_count, company.website) == (42, "https://new.example.kr")


def test_firm_cannot_change_stage_staff_status_or_number_even_if_posted(client, firm_user, company):
    staff = StaffFactory()
    before = (company.stage, company.business_number, company.is_active, company.name)
    client.force_login(firm_user)
    client.post(
        reverse("portal:profile_edit"),
        profile_post(
            stage="scale_up",
            business_number="1348672683",
            is_active="",
            assigned_staff=staff.pk,
            name="바뀐이름",
            company=999,
            pk=999,
        ),
    )
    company.refresh_from_db()
    assert (company.stage, company.business_number, company.is_active, company.name) == before
    assert company.assigned_staff is None
    assert company.employee_count == 42


def test_profile_bad_input_keeps_what_was_typed(client, firm_user):
    client.force_login(firm_user)
    response = client.post(
        reverse("portal:profile_edit"), profile_post(employee_count="-1", website="not a url")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"employee_count", "website"}
    assert "광주광역시 광산구 하남산단로 10" in response.content.decode()


def test_firm_adds_and_edits_its_contacts(client, firm_user, company):
    client.force_login(firm_user)
    client.post(reverse("portal:contact_add"), {"name": "박담당", "email": "park@example.kr"})
    link = CompanyContact.objects.get(company=company)
    response = client.post(
        reverse("portal:contact_edit", args=[link.pk]),
        {"name": "박담당", "title": "팀장", "email": "park@example.kr", "phone": "062-000-0000"},
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.title, link.person.phone) == ("팀장", "062-000-0000")


def test_another_firms_contact_is_404_for_get_and_post(client, firm_user, other_company):
    stranger = CompanyContactFactory(company=other_company)
    client.force_login(firm_user)
    url = reverse("portal:contact_edit", args=[stranger.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "탈취"}).status_code == 404
    stranger.person.refresh_from_db()
    assert stranger.person.name != "탈취"


def test_portal_urls_carry_no_company_id(firm_user):
    for name in ("portal:home", "portal:profile_edit", "portal:contact_add"):
        assert str(firm_user.company_id) not in reverse(name)


def test_portal_home_queries_do_not_grow(client, firm_user, company, assert_flat_queries):
    client.force_login(firm_user)
    CompanyContactFactory(company=company)
    # Expect 28 queries: session, user, sign-in bookkeeping (9), company, contacts, awards,
    # allocations with their usage, upcoming bookings, approved sessions, the access record (10:
    # the chain's first row is made now), open reporting periods.
    _, response = assert_flat_queries(
        client,
        reverse("portal:home"),
        lambda: CompanyContactFactory.create_batch(20, company=company),
    )
    assert response.content.decode().count('/edit/"') == 21
