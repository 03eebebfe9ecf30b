"""Recording relocations, and who may reach the MOU screens at all."""

import re
from datetime import date

import pytest
from django.urls import reverse

from mous.models import Mou, MouStage, Relocation
from tests.factories import CompanyFactory, MentorAssignmentFactory
from tests.mous.factories import MouFactory, RelocationFactory
from tests.mous.helpers import CREATE, LIST, LONG, errors, mou_post
from tests.pages import page

CREATE_RELOCATION = reverse("mous:relocation_create")


def relocation_post(target, **overrides):
    data = {
        "company": target.pk,
        "mou": "",
        "from_region": "seoul",
        "moved_on": "2021-09-01",
        "relocation_type": "branch",
        "gwangju_address": "광주광역시 북구 첨단과기로 208",
        "note": "",
    }
    data.update(overrides)
    return data


def test_relocation_create_links_the_mou_and_moves_it_forward(client, staff, company):
    mou = MouFactory(company=company)
    client.force_login(staff)
    url = reverse("mous:relocation_create")
    assert client.get(url, {"mou": mou.pk}).context["form"].initial["mou"] == mou.pk
    response = client.post(url, relocation_post(company, mou=mou.pk))
    assert response.status_code == 302 and response["Location"] == mou.get_absolute_url()
    mou.refresh_from_db()
    assert mou.stage == MouStage.OPENED
    assert Relocation.objects.get().mou == mou


def mou_options(response) -> list[str]:
    """The MOUs the page's linked-MOU list offers, as their ids (the empty choice left out)."""
    return [value for value, _label in re.findall(OPTION, _mou_select(response))]


def _mou_select(response) -> str:
    return re.search(r'<select name="mou".*?</select>', page(response), re.S).group(0)


OPTION = r'<option value="(\d+)"[^>]*>([^<]*)</option>'


@pytest.mark.usefixtures("english_pages")
def test_relocation_with_another_companys_mou_is_a_form_error(
    client, staff, company, other_company
):
    own_mou = MouFactory(company=company)
    other_mou = MouFactory(company=other_company)
    client.force_login(staff)
    response = client.post(
        reverse("mous:relocation_create"), relocation_post(company, mou=other_mou.pk)
    )
    assert response.status_code == 200
    assert errors(response, "mou") == ["The linked MOU must be one of this company's MOUs."]
    # The page comes back offering the chosen company's MOUs only.
    assert mou_options(response) == [str(own_mou.pk)]
    assert not Relocation.objects.exists()


def test_the_create_form_lists_no_mou_before_a_company_is_chosen(client, staff, company):
    MouFactory(company=company)
    client.force_login(staff)

    response = client.get(CREATE_RELOCATION)

    assert mou_options(response) == []
    select = _mou_select(response)
    # With scripts, choosing the company asks this page for its MOU list.
    assert f'hx-get="{CREATE_RELOCATION}"' in select
    assert 'hx-trigger="change from:[name=company]"' in select
    assert 'hx-params="company"' in select and 'hx-select="#id_mou"' in select


def test_the_chosen_companys_signed_mous_only_are_listed(client, staff, company, other_company):
    """?company= (what the page asks for when the company is chosen) lists its signed MOUs,
    not every signed MOU of the register."""
    first = MouFactory(company=company, signed_on=date(2021, 3, 2))
    second = MouFactory(company=company, signed_on=date(2022, 5, 9))
    MouFactory(company=company, draft=True)
    MouFactory(company=other_company)
    client.force_login(staff)

    response = client.get(CREATE_RELOCATION, {"company": company.pk})

    assert mou_options(response) == [str(first.pk), str(second.pk)]
    assert f'name="company" value="{company.pk}"' in page(response)


@pytest.mark.usefixtures("english_pages")
def test_the_edit_form_refuses_another_companys_mou_with_a_clear_message(
    client, staff, company, other_company
):
    relocation = RelocationFactory(company=company)
    other_mou = MouFactory(company=other_company)
    client.force_login(staff)
    url = reverse("mous:relocation_update", args=[relocation.pk])

    response = client.post(url, relocation_post(company, mou=other_mou.pk))

    assert response.status_code == 200
    assert errors(response, "mou") == ["The linked MOU must be one of this company's MOUs."]
    relocation.refresh_from_db()
    assert relocation.mou is None


@pytest.mark.usefixtures("english_pages")
def test_typed_text_finds_no_deactivated_company_as_the_suggestions_offer_none(client, staff):
    """The form searches the companies the picker's list of matches offers: active ones."""
    closed = CompanyFactory(name="폐업한물류", is_active=False)
    client.force_login(staff)

    suggested = client.get(reverse("companies:autocomplete"), {"q": "폐업한"})
    typed = client.post(
        CREATE_RELOCATION,
        relocation_post(closed, company="", company_search="폐업한", company_shown=""),
    )
    by_address = client.get(CREATE_RELOCATION, {"company": closed.pk})

    assert suggested.context["options"] == []
    assert errors(typed, "company") == [
        "Nothing matches “폐업한”. Type part of the name, then choose a match."
    ]
    assert "company" not in by_address.context["form"].initial
    assert not Relocation.objects.exists()


def test_a_company_typed_without_javascript_lists_its_mous(client, staff, company):
    """Typed text with one match settles the company; the page lists its MOUs to link."""
    mou = MouFactory(company=company)
    MouFactory()
    client.force_login(staff)

    response = client.post(
        CREATE_RELOCATION,
        relocation_post(
            company,
            company="",
            company_search=company.name,
            company_shown="",
            gwangju_address="서울",
        ),
    )

    assert response.status_code == 200
    assert mou_options(response) == [str(mou.pk)]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gwangju_address", "서울특별시 강남구 테헤란로 1"),
        ("gwangju_address", LONG),
        ("gwangju_address", "광주\x00광역시"),
        ("from_region", "gwangju"),
        ("moved_on", "2999-01-01"),
    ],
)
def test_relocation_bad_input(client, staff, company, field, value):
    client.force_login(staff)
    response = client.post(
        reverse("mous:relocation_create"), relocation_post(company, **{field: value})
    )
    assert response.status_code == 200
    assert errors(response, field)
    assert not Relocation.objects.exists()


def test_relocation_edit_keeps_the_company(client, staff, company):
    relocation = RelocationFactory(company=company)
    mou = MouFactory(company=company)
    client.force_login(staff)
    MouFactory()  # another company's
    url = reverse("mous:relocation_update", args=[relocation.pk])
    assert mou_options(client.get(url)) == [str(mou.pk)]
    response = client.post(url, relocation_post(company, mou=mou.pk, from_region="busan"))
    assert response.status_code == 302
    relocation.refresh_from_db()
    assert (relocation.from_region, relocation.mou, relocation.company) == ("busan", mou, company)


def test_missing_mou_is_404_for_staff(client, staff):
    client.force_login(staff)
    assert client.get(reverse("mous:detail", args=[999999])).status_code == 404
    assert client.get(reverse("mous:update", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["mentor", "firm_user"])
def test_mentor_and_firm_get_403_before_the_lookup(client, request, company, who):
    mou = MouFactory(company=company)
    client.force_login(request.getfixturevalue(who))
    for name in ("detail", "update", "stage_change", "document"):
        assert client.get(reverse(f"mous:{name}", args=[mou.pk])).status_code == 403
        assert client.get(reverse(f"mous:{name}", args=[999999])).status_code == 403
    assert client.post(CREATE, mou_post(company)).status_code == 403
    assert not Mou.objects.exclude(pk=mou.pk).exists()


def test_mentor_assigned_to_the_company_still_gets_403(client, company, staff):
    from tests.factories import UserFactory
    from users.models import Role

    user = UserFactory(role=Role.MENTOR)
    MentorAssignmentFactory(mentor=user, company=company, assigned_by=staff)
    client.force_login(user)
    assert client.get(LIST).status_code == 403
