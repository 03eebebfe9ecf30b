"""Login through allauth's real form: e-mail and password, each role to its own home."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD


def log_in(client, email, password=TEST_PASSWORD):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, follow=True
    )


@pytest.mark.parametrize(
    ("who", "home"),
    [
        ("staff", "companies:staff_home"),
        ("executive", "reports:dashboard"),
        ("mentor", "mentoring:home"),
        ("firm_user", "portal:home"),
    ],
)
def test_each_role_lands_on_its_own_home_after_login(client, request, who, home):
    user = request.getfixturevalue(who)

    response = log_in(client, user.email)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse(home)
    assert [url for url, _status in response.redirect_chain] == ["/", reverse(home)]
    assert int(client.session["_auth_user_id"]) == user.pk


def test_the_email_is_not_case_sensitive(client, staff):
    response = log_in(client, "STAFF@Example.KR")

    assert response.request["PATH_INFO"] == reverse("companies:staff_home")


def test_the_login_page_is_korean_by_default(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ko"' in html
    # allauth's own Korean catalogue already translates "Log in"; the project's strings below
    # need locale/ko/LC_MESSAGES/django.mo (filled and compiled), see the next test.
    assert "로그인" in html
    assert "비밀번호" in html


def test_the_login_page_text_of_the_project_is_korean(client):
    """Fails until the project's Korean catalogue (locale/ko) is written and compiled."""
    html = client.get(reverse("account_login")).content.decode()

    assert "AI Industry Convergence Agency CRM" not in html
    assert "log in with the e-mail address they were invited with" not in html


def test_the_login_page_has_no_signup_link(client):
    html = client.get(reverse("account_login")).content.decode()

    assert reverse("account_signup") not in html


def test_signup_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "walk.in@example.kr", "password1": "Orbit-7342-kettle", "password2": "x"},
    )

    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_stays_on_the_login_page_with_an_error(client, staff):
    response = log_in(client, staff.email, password="not-the-password-123")

    assert response.status_code == 200
    assert response.redirect_chain == []
    assert response.request["PATH_INFO"] == reverse("account_login")
    form = response.context["form"]
    assert form.non_field_errors()
    assert form.non_field_errors()[0] in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client, staff):
    wrong_password = log_in(client, staff.email, password="not-the-password-123")
    unknown = log_in(client, "nobody@example.kr")

    assert unknown.request["PATH_INFO"] == reverse("account_login")
    assert unknown.context["form"].non_field_errors() == (
        wrong_password.context["form"].non_field_errors()
    )
    assert "_auth_user_id" not in client.session


def test_a_deactivated_user_cannot_log_in(client, staff):
    staff.is_active = False
    staff.save(update_fields=["is_active"])

    response = log_in(client, staff.email)

    assert "_auth_user_id" not in client.session
    assert response.redirect_chain == [(reverse("account_inactive"), 302)]
    assert client.get(reverse("companies:staff_home")).status_code == 302


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
