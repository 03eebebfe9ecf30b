"""The searchable pickers (core/autocomplete.py): each model's list of matches is scoped by
`visible_to`, limited and flat in queries; a picker works without JavaScript too."""

import pytest
from django import forms
from django.urls import reverse

from companies.forms import CompanyPickerField
from companies.models import Company
from core.autocomplete import AUTOCOMPLETE_LIMIT
from programs.models import Application
from tests.equipment.factories import DemoCentreFactory, EquipmentFactory
from tests.factories import CompanyFactory, UserFactory
from tests.mentoring.factories import MentorProfileFactory
from tests.pages import page
from tests.programs.factories import CallFactory
from users.models import Role

pytestmark = pytest.mark.usefixtures("english_pages")
COMPANIES = reverse("companies:autocomplete")
MENTORS = reverse("mentoring:mentor_autocomplete")
EQUIPMENT = reverse("equipment:autocomplete")
ALLOCATION_COMPANIES = reverse("compute:allocation_company_autocomplete")


def options(response) -> list[str]:
    return [label for _value, label in response.context["options"]]


# --- the lists of matches -------------------------------------------------------------------


def test_staff_find_a_company_by_part_of_its_name_or_its_number(client, staff):
    wanted = CompanyFactory(name="빛고을헬스케어", business_number="1348672683")
    CompanyFactory(name="무등에너지")
    client.force_login(staff)

    by_name = client.get(COMPANIES, {"q": "헬스"})
    by_number = client.get(COMPANIES, {"q": "134-86"})

    assert options(by_name) == ["빛고을헬스케어 (134-86-72683)"]
    assert options(by_number) == ["빛고을헬스케어 (134-86-72683)"]
    assert f'data-value="{wanted.pk}"' in page(by_name)


def test_the_pickers_own_text_box_name_is_read_too(client, staff):
    """htmx sends the box's own name (company_search), not q."""
    CompanyFactory(name="빛고을헬스케어")
    client.force_login(staff)

    assert options(client.get(COMPANIES, {"company_search": "빛고을"})) == [
        f"빛고을헬스케어 ({Company.objects.get().business_number_display})"
    ]


def test_a_mentor_finds_only_assigned_companies_and_a_firm_none(
    client, mentor, unassigned_mentor, firm_user, company, other_company
):
    """Another firm's company never appears to a mentor; a firm may not search at all."""
    common = company.name[:2]
    other_company.name = f"{common}다른회사"
    other_company.save()

    client.force_login(mentor)
    assert options(client.get(COMPANIES, {"q": common})) == [
        f"{company.name} ({company.business_number_display})"
    ]
    client.force_login(unassigned_mentor)
    assert options(client.get(COMPANIES, {"q": common})) == []
    client.force_login(firm_user)
    assert client.get(COMPANIES, {"q": common}).status_code == 403


def test_deactivated_companies_are_not_offered(client, staff):
    CompanyFactory(name="폐업한회사", is_active=False)
    client.force_login(staff)

    response = client.get(COMPANIES, {"q": "폐업"})

    assert options(response) == []
    assert "No match." in page(response)


def test_matches_are_limited_and_the_list_says_to_type_more(client, staff):
    CompanyFactory.create_batch(AUTOCOMPLETE_LIMIT + 5, name=CompanyFactory.name)
    Company.objects.update(name="광주인공지능")
    client.force_login(staff)

    response = client.get(COMPANIES, {"q": "광주"})

    assert len(options(response)) == AUTOCOMPLETE_LIMIT
    assert response.context["more"] is True
    assert "type more of the name to narrow them" in page(response)


def test_an_empty_search_lists_nothing(client, staff):
    CompanyFactory()
    client.force_login(staff)

    response = client.get(COMPANIES)

    assert response.status_code == 200
    assert options(response) == []


@pytest.mark.parametrize(
    "text",
    ["a\x00b", "가" * 5000, "' OR 1=1 --", "%_%", "<script>alert(1)</script>", "１２３-45"],
)
def test_hostile_search_text_is_a_plain_search(client, staff, text):
    CompanyFactory(name="무등에너지")
    client.force_login(staff)

    response = client.get(COMPANIES, {"q": text})

    assert response.status_code == 200
    assert options(response) == []
    assert "<script>alert" not in page(response)


@pytest.mark.parametrize(
    ("url", "who"), [(COMPANIES, "staff"), (MENTORS, "staff"), (ALLOCATION_COMPANIES, "staff")]
)
def test_the_lists_take_a_fixed_number_of_queries(client, request, url, who, assert_flat_queries):
    from tests.compute.factories import ComputeAllocationFactory

    client.force_login(request.getfixturevalue(who))
    ComputeAllocationFactory(company=CompanyFactory(name="광주인공지능 1"))
    MentorProfileFactory(user__name="광주멘토 1")

    def grow():
        for n in range(2, 30):
            ComputeAllocationFactory(company=CompanyFactory(name=f"광주인공지능 {n}"))
            MentorProfileFactory(user__name=f"광주멘토 {n}")

    # Expect 12 queries: session, user, sign-in bookkeeping (9), the matches.
    _, response = assert_flat_queries(client, url, grow, data={"q": "광주"})
    assert len(response.context["options"]) == AUTOCOMPLETE_LIMIT


def test_mentors_are_found_by_name_or_expertise_and_only_active_ones(client, staff):
    MentorProfileFactory(user__name="김멘토", expertise="의료 AI 인허가")
    MentorProfileFactory(user__name="이멘토", expertise="투자 유치", user__is_active=False)
    client.force_login(staff)

    assert options(client.get(MENTORS, {"q": "인허가"})) == ["김멘토 · 의료 AI 인허가"]
    assert options(client.get(MENTORS, {"q": "멘토"})) == ["김멘토 · 의료 AI 인허가"]


@pytest.mark.parametrize("who", ["mentor", "firm_user"])
def test_only_staff_and_executives_search_mentors(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(MENTORS, {"q": "멘토"}).status_code == 403


def test_a_firm_finds_bookable_equipment_by_its_name_or_centre(client, firm_user):
    centre = DemoCentreFactory(name="헬스케어 실증센터", industry="healthcare")
    EquipmentFactory(centre=centre, name="초음파 영상 장비")
    EquipmentFactory(centre=centre, name="예비 장비", is_bookable=False)
    client.force_login(firm_user)

    assert options(client.get(EQUIPMENT, {"q": "초음파"})) == [
        "헬스케어 실증센터 · 초음파 영상 장비"
    ]
    assert options(client.get(EQUIPMENT, {"q": "헬스케어"})) == [
        "헬스케어 실증센터 · 초음파 영상 장비"
    ]


# --- the field, with and without JavaScript ----------------------------------------------------


class PickForm(forms.Form):
    company = CompanyPickerField(label="company")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.active()


def test_the_chosen_id_is_taken_when_the_text_is_the_label_shown():
    """With JavaScript: a click filled the id and the shown label."""
    company = CompanyFactory(name="빛고을헬스케어")
    label = f"빛고을헬스케어 ({company.business_number_display})"
    form = PickForm({"company": company.pk, "company_search": label, "company_shown": label})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["company"] == company


def test_typed_text_with_one_match_is_taken_without_javascript():
    company = CompanyFactory(name="빛고을헬스케어")
    CompanyFactory(name="무등에너지")
    form = PickForm({"company": "", "company_search": "빛고을", "company_shown": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["company"] == company


def test_text_changed_after_a_choice_is_a_new_search():
    """The id of the earlier choice is not kept when the text says something else."""
    first = CompanyFactory(name="빛고을헬스케어")
    second = CompanyFactory(name="무등에너지")
    label = f"빛고을헬스케어 ({first.business_number_display})"
    form = PickForm({"company": first.pk, "company_search": "무등", "company_shown": label})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["company"] == second


def test_several_matches_come_back_as_choices_and_one_is_picked():
    a = CompanyFactory(name="광주로봇")
    b = CompanyFactory(name="광주에너지")
    form = PickForm({"company": "", "company_search": "광주", "company_shown": ""})
    assert not form.is_valid()
    assert form.errors["company"] == [
        "Several match “광주”: choose one of them, or type more of the name."
    ]
    html = str(form["company"])
    assert f'name="company_pick" value="{a.pk}"' in html
    assert f'name="company_pick" value="{b.pk}"' in html
    assert 'value="광주"' in html  # the typed text stays in the box

    picked = PickForm({"company_search": "광주", "company_shown": "", "company_pick": b.pk})
    assert picked.is_valid(), picked.errors
    assert picked.cleaned_data["company"] == b


def test_typed_text_with_a_nul_byte_matches_nothing():
    """PostgreSQL refuses a NUL byte in a query: the field never sends one."""
    CompanyFactory(name="ab")
    form = PickForm({"company": "", "company_search": "a\x00b", "company_shown": ""})
    assert [error.code for error in form.errors.as_data()["company"]] == ["no_match"]


def test_no_match_is_an_error_that_says_so():
    form = PickForm({"company": "", "company_search": "없는회사", "company_shown": ""})
    assert form.errors["company"] == [
        "Nothing matches “없는회사”. Type part of the name, then choose a match."
    ]


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999999", "-1", "0"])
def test_an_id_the_field_does_not_offer_is_an_invalid_choice(value):
    form = PickForm({"company": value})
    assert not form.is_valid()
    assert form.errors["company"][0].startswith("Select a valid choice.")


def test_the_rendered_picker_shows_the_chosen_label_not_every_row(django_assert_num_queries):
    chosen = CompanyFactory(name="빛고을헬스케어")
    CompanyFactory.create_batch(5)
    form = PickForm(initial={"company": chosen.pk})
    with django_assert_num_queries(1):  # the chosen company only, never the whole table
        html = str(form["company"])
    assert f'name="company" value="{chosen.pk}"' in html
    assert f'value="빛고을헬스케어 ({chosen.business_number_display})"' in html
    assert "<select" not in html
    assert f'hx-get="{COMPANIES}"' in html


def test_an_application_is_registered_from_typed_text_without_javascript(client, staff):
    company = CompanyFactory(name="첨단모빌리티")
    CompanyFactory(name="무등에너지")
    call = CallFactory(eligible_stages=[company.stage])
    client.force_login(staff)

    response = client.post(
        reverse("programs:application_create", args=[call.pk]),
        {
            "company": "",
            "company_search": "모빌리티",
            "company_shown": "",
            "applied_on": call.opens_on.isoformat(),
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    assert Application.objects.get().company == company


def test_the_assignment_form_picks_a_mentor_by_typed_name(client, staff, company, reauthenticate):
    profile = MentorProfileFactory(user__name="박멘토", expertise="해외 진출")
    UserFactory(role=Role.MENTOR, name="최멘토")
    client.force_login(staff)
    reauthenticate(client)

    response = client.post(
        reverse("mentoring:assign", args=[company.pk]),
        {
            "mentor_search": "박멘토",
            "mentor_shown": "",
            "started_on": "2024-03-01",
            "hours_budget": "10",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].cleaned_data["mentor"] == profile.user
    html = page(response)
    assert "박멘토" in html  # the confirmation page names the mentor
    # Its hidden copy carries the mentor's id, so confirming assigns that mentor.
    assert f'name="mentor" value="{profile.user.pk}"' in html
    confirmed = client.post(
        reverse("mentoring:assign", args=[company.pk]),
        {
            "mentor": profile.user.pk,
            "started_on": "2024-03-01",
            "hours_budget": "10",
            "confirm": "1",
        },
    )
    assert confirmed.status_code == 302
    assert company.mentor_assignments.get().mentor == profile.user


# --- list filters ----------------------------------------------------------------------------


def test_a_list_filters_by_a_company_typed_or_chosen(client, staff):
    from tests.compute.factories import ComputeAllocationFactory

    wanted = ComputeAllocationFactory(company=CompanyFactory(name="빛고을헬스케어"))
    ComputeAllocationFactory(company=CompanyFactory(name="무등에너지"))
    client.force_login(staff)
    url = reverse("compute:allocation_list")

    typed = client.get(url, {"company_search": "빛고을", "company_shown": "", "company": ""})
    chosen = client.get(url, {"company": wanted.company.pk})

    for response in (typed, chosen):
        assert [a.pk for a in response.context["allocations"]] == [wanted.pk]
    assert f'name="company" value="{wanted.company.pk}"' in page(chosen)


def test_the_allocation_filter_picker_offers_the_companies_the_filter_accepts(client, staff):
    """Companies with allocations, deactivated ones too; none without (choosing one of those
    would be "Select a valid choice")."""
    from tests.compute.factories import ComputeAllocationFactory

    funded = ComputeAllocationFactory(company=CompanyFactory(name="빛고을헬스케어")).company
    closed = ComputeAllocationFactory(
        company=CompanyFactory(name="빛고을물류", is_active=False)
    ).company
    without = CompanyFactory(name="빛고을에너지")
    client.force_login(staff)
    url = reverse("compute:allocation_list")

    found = options(client.get(ALLOCATION_COMPANIES, {"q": "빛고을"}))
    filtered = client.get(url, {"company": closed.pk})
    refused = client.get(url, {"company": without.pk})

    assert found == [
        f"빛고을물류 ({closed.business_number_display})",
        f"빛고을헬스케어 ({funded.business_number_display})",
    ]
    assert [a.company for a in filtered.context["allocations"]] == [closed]
    assert refused.context["filter"].errors["company"][0].startswith("Select a valid choice.")
    assert f'hx-get="{ALLOCATION_COMPANIES}"' in page(client.get(url))


def test_the_allocation_filter_picker_is_for_staff_and_executives(client, mentor, firm_user):
    for user in (mentor, firm_user):
        client.force_login(user)
        assert client.get(ALLOCATION_COMPANIES, {"q": "빛고을"}).status_code == 403


def test_the_session_list_offers_the_pickers_not_selects(client, staff):
    client.force_login(staff)

    html = page(client.get(reverse("mentoring:session_list")))

    assert f'hx-get="{MENTORS}"' in html
    assert f'hx-get="{COMPANIES}"' in html
    assert 'select name="company"' not in html
