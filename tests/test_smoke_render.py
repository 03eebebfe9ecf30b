from django.urls import reverse


def test_pages_render_for_staff(client, staff, company):
    client.force_login(staff)
    for url in [
        reverse("companies:staff_home"),
        reverse("companies:list"),
        reverse("companies:detail", args=[company.pk]),
        reverse("companies:create"),
        reverse("companies:update", args=[company.pk]),
        reverse("companies:stage_change", args=[company.pk]),
        reverse("companies:contact_add", args=[company.pk]),
        reverse("companies:interaction_create", args=[company.pk]),
        reverse("companies:import"),
        reverse("users:invitation_list"),
        reverse("users:invite"),
        reverse("reports:dashboard"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
