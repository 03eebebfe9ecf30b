"""Recording relocations, and who may reach the MOU screens at all."""

import pytest
from django.urls import reverse

from mous.models import Mou, MouStage, Relocation
from tests.factories import MentorAssignmentFactory
from tests.mous.factories import MouFactory, RelocationFactory
from tests.mous.helpers import CREATE, LIST, LONG, errors, mou_post


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


def test_relocation_with_another_companys_mou_is_a_form_error(
    client, staff, company, other_company
):
    other_mou = MouFactory(company=other_company)
    client.force_login(staff)
    response = client.post(
        reverse("mous:relocation_create"), relocation_post(company, mou=other_mou.pk)
    )
    assert response.status_code == 200
    assert errors(response, "mou")
    assert not Relocation.objects.exists()


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
    url = reverse("mous:relocation_update", args=[relocation.pk])
    assert list(client.get(url).context["form"].fields["mou"].queryset) == [mou]
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
