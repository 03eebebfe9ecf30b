"""With debug off, errors show the project's generic pages: no traceback, no settings."""

import os
import subprocess
import sys

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_a_missing_page_is_the_generic_404(client, settings, staff):
    settings.DEBUG = False
    client.force_login(staff)
    response = client.get("/companies/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Traceback" not in html and "URLconf" not in html
    assert 'lang="ko"' in html


def test_a_server_error_is_the_generic_500_without_a_traceback(settings):
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "일시적인 오류" in html
    assert "Traceback" not in html and "SECRET" not in html


def test_the_test_client_gets_a_500_page_when_a_view_fails(client, settings, staff, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("companies.views.companies.company_timeline", broken)
    client.force_login(staff)
    from tests.factories import CompanyFactory

    response = client.get(CompanyFactory().get_absolute_url())
    assert response.status_code == 500
    assert "secret internal detail" not in response.content.decode()


def _product_page(html: str) -> bool:
    return 'class="app-header' in html and "URLconf" not in html and "DEBUG = True" not in html


def test_with_debug_on_an_unknown_address_is_the_products_404(client, settings, staff):
    """The demo (`make run`, DJANGO_DEBUG=true) shows what users see, not Django's debug page."""
    settings.DEBUG, settings.TECHNICAL_ERRORS = True, False
    client.force_login(staff)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert _product_page(response.content.decode())
    assert "404.html" in [t.name for t in response.templates]


def test_with_debug_on_a_missing_object_is_the_products_404(client, settings, staff):
    settings.DEBUG, settings.TECHNICAL_ERRORS = True, False
    client.force_login(staff)
    response = client.get("/companies/999999/")
    assert response.status_code == 404
    assert _product_page(response.content.decode())


def test_with_debug_on_a_refused_page_is_the_products_403(client, settings, firm_user):
    settings.DEBUG, settings.TECHNICAL_ERRORS = True, False
    client.force_login(firm_user)
    response = client.get("/companies/")
    assert response.status_code == 403
    assert _product_page(response.content.decode())
    assert "403.html" in [t.name for t in response.templates]


def test_technical_errors_bring_back_the_debug_page(client, settings, staff):
    settings.DEBUG, settings.TECHNICAL_ERRORS = True, True
    client.force_login(staff)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


def test_with_debug_on_a_missing_slash_still_redirects(client, settings, staff):
    settings.DEBUG, settings.TECHNICAL_ERRORS = True, False
    client.force_login(staff)
    response = client.get("/companies")
    assert response.status_code == 301
    assert response["Location"] == "/companies/"


def test_a_page_that_answers_404_itself_keeps_its_own_text(client, settings):
    """The invitation page explains an unknown link with its own 404 page."""
    settings.DEBUG, settings.TECHNICAL_ERRORS = True, False
    response = client.get(reverse("users:accept", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "users/invitation_invalid.html" in [t.name for t in response.templates]


def test_the_technical_errors_setting_needs_debug():
    """DJANGO_TECHNICAL_ERRORS alone never shows debug pages in production."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_TECHNICAL_ERRORS="true",
    )
    script = "from django.conf import settings; print(settings.DEBUG, settings.TECHNICAL_ERRORS)"
    for debug, expected in (("false", "False False"), ("true", "True True")):
        out = subprocess.run(
            [sys.executable, "-c", script],
            env={**env, "DJANGO_DEBUG": debug},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == expected
