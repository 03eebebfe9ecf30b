"""With debug off, errors show the project's generic pages: no traceback, no settings."""

from django.test import RequestFactory
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
