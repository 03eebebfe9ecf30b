"""The company page: its timeline, logging interactions, a flat query count."""

from datetime import date

from django.urls import reverse

from companies.models import GrowthStage, Interaction
from tests.companies.pages import form_errors
from tests.factories import CompanyContactFactory, InteractionFactory, StageChangeFactory

# --- detail ------------------------------------------------------------------------------


def test_company_detail_shows_timeline_newest_first(client, staff, company):
    StageChangeFactory(company=company, stage=GrowthStage.EARLY, effective_on=date(2020, 1, 1))
    InteractionFactory(company=company, summary="첫 상담")
    client.force_login(staff)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    content = response.content.decode()
    assert "116-82-00276" in content
    assert content.index("첫 상담") < content.index("2020-01-01")


def test_company_detail_queries_do_not_grow(client, staff, company, assert_flat_queries):
    client.force_login(staff)
    url = reverse("companies:detail", args=[company.pk])
    contact = CompanyContactFactory(company=company)
    InteractionFactory(company=company).participants.add(contact.person)

    def grow():
        for n in range(20):
            contact = CompanyContactFactory(company=company)
            InteractionFactory(company=company).participants.add(contact.person)
            StageChangeFactory(company=company, effective_on=date(2000 + n, 1, 1))

    # The page's own part (company, contacts, interactions with their participants' names,
    # stage changes), every area's section and the access record, in a fixed number.
    assert_flat_queries(client, url, grow)


def test_an_interaction_lists_its_participants_by_name(client, staff, company):
    from companies.models import Person

    interaction = InteractionFactory(company=company, other_participants="시청 담당자")
    interaction.participants.add(
        Person.objects.create(name="홍나비"), Person.objects.create(name="김\x1f가람")
    )
    InteractionFactory(company=company, summary="참석자 없는 통화")
    client.force_login(staff)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    entries = {entry.obj.pk: entry.obj for entry in response.context["timeline"]}
    assert entries[interaction.pk].participant_names == ["김 가람", "홍나비"]
    assert "김 가람, 홍나비, 시청 담당자" in response.content.decode()


def test_the_company_page_shows_the_newest_entries_and_offers_the_rest(client, staff, company):
    from tests.factories import InteractionFactory

    InteractionFactory.create_batch(25, company=company, staff=staff)
    client.force_login(staff)
    url = reverse("companies:detail", args=[company.pk])
    short = client.get(url)
    assert len(short.context["timeline"]) == 20
    assert short.context["timeline_more"] is True
    assert "?timeline=all" in short.content.decode()
    full = client.get(url, {"timeline": "all"})
    assert len(full.context["timeline"]) == 25
    assert full.context["timeline_more"] is False


# --- interactions -------------------------------------------------------------------------


def interaction_post(**overrides):
    data = {
        "kind": "visit",
        "occurred_at": "2024-03-05T14:30",
        "summary": "실증센터 장비 수요 조사",
        "other_participants": "",
        "follow_up_on": "2024-03-19",
    }
    data.update(overrides)
    return data


def test_log_interaction_with_htmx_swaps_the_panel(client, staff, company):
    contact = CompanyContactFactory(company=company)
    client.force_login(staff)
    response = client.post(
        reverse("companies:interaction_create", args=[company.pk]),
        interaction_post(participants=[contact.person.pk]),
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="interaction-panel"')
    assert "실증센터 장비 수요 조사" in content
    interaction = Interaction.objects.get()
    assert interaction.staff == staff
    assert list(interaction.participants.all()) == [contact.person]
    assert interaction.occurred_at.isoformat() == "2024-03-05T05:30:00+00:00"


def test_log_interaction_without_htmx_redirects(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:interaction_create", args=[company.pk]), interaction_post()
    )
    assert response.status_code == 302
    assert Interaction.objects.count() == 1


def test_interaction_with_follow_up_before_it_is_refused(client, staff, company):
    client.force_login(staff)
    response = client.post(
        reverse("companies:interaction_create", args=[company.pk]),
        interaction_post(follow_up_on="2024-03-01"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "실증센터 장비 수요 조사" in response.content.decode()  # input kept
    assert not Interaction.objects.exists()


def test_participant_from_another_company_is_refused(client, staff, company):
    stranger = CompanyContactFactory()
    client.force_login(staff)
    response = client.post(
        reverse("companies:interaction_create", args=[company.pk]),
        interaction_post(participants=[stranger.person.pk]),
    )
    assert form_errors(response, "participants")
    assert not Interaction.objects.exists()
