"""The header's language switch, also for a visitor who has not signed in yet."""

from django.urls import reverse


def test_a_signed_out_visitor_switches_the_login_page_to_english(client):
    """set_language is open to anonymous visitors: the login page comes back in English."""
    login = reverse("account_login")
    assert '<html lang="ko"' in client.get(login).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": login})

    assert (response.status_code, response["Location"]) == (302, login)
    assert client.cookies["django_language"].value == "en"
    page = client.get(login)
    assert page.status_code == 200
    assert page["Content-Language"] == "en"
    html = page.content.decode()
    assert '<html lang="en"' in html
    assert "AI Industry Convergence Agency CRM" in html


def test_the_language_form_is_on_the_login_page(client):
    html = client.get(reverse("account_login")).content.decode()

    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language"' in html


def test_switching_back_to_korean_works_signed_out(client):
    login = reverse("account_login")
    client.post(reverse("set_language"), {"language": "en", "next": login})
    client.post(reverse("set_language"), {"language": "ko", "next": login})

    assert '<html lang="ko"' in client.get(login).content.decode()
