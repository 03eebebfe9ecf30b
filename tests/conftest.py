"""The cast every test can ask for, a fast password hasher, and database access for all tests."""

import itertools
import os
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "true")

import pytest  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.base import PartialTemplate, Template  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, _TestState  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from tests import cast  # noqa: E402
from tests.factories import TEST_PASSWORD  # noqa: E402
from tests.migrated_sqlite import keep_migrated_databases  # noqa: E402
from tests.module_data import run_settings  # noqa: E402
from tests.xdist_groups import ModuleGroupScheduling  # noqa: E402

MEDIA_ROOTS = itertools.count()


def pytest_xdist_make_scheduler(config, log):
    """With `--dist loadgroup`, an xdist_group module runs on one worker (tests/xdist_groups.py)."""
    if config.getvalue("dist") == "loadgroup":
        return ModuleGroupScheduling(config, log)
    return None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, request):
    """pytest-django's, plus: an SQLite test database is copied from the one the last run
    migrated, if no migration changed since (tests/migrated_sqlite.py)."""
    pytest_cache = getattr(request.config, "cache", None)
    if pytest_cache is not None and not request.config.getvalue("nomigrations"):
        keep_migrated_databases(Path(pytest_cache.mkdir("migrated-sqlite")))


@pytest.fixture(scope="session", autouse=True)
def _fast_and_local(django_test_environment):
    """For the whole run: a fast password hasher, static files from the finders, no redirect to
    HTTPS, loopback as the agency's network (tests/module_data.py's run_settings)."""
    with override_settings(**run_settings()):
        yield


@pytest.fixture(scope="session")
def _media_roots(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def media_root(_media_roots):
    """Where a test's uploaded files go, a folder of its own made when the first file is stored;
    a module that builds its data once (tests/module_data.py) overrides it with the folder that
    data's files are in."""
    return _media_roots / str(next(MEDIA_ROOTS))


@pytest.fixture(autouse=True)
def _isolated_media(settings, media_root):
    settings.MEDIA_ROOT = media_root


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth keeps rate-limit counters and used TOTP codes in the cache; start each test
    with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services and forms called directly speak English (the msgids tests assert on);
    pages still render Korean, because LocaleMiddleware activates it per request."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _db(django_db_serialized_rollback):
    """Every test may use the database. A transactional test (live server, threads, workers)
    starts from the rows the migrations made (the KPI indicators and their definitions), even
    after another transactional test emptied the tables: Django restores them before it (an
    ordinary test rolls back and never loses them)."""


@pytest.fixture(scope="module")
def without_template_capture():
    """Pages render as in production, without the test runner's record of every template and
    context (a copy of the context per template, form widgets included), which is most of what
    a test that sends thousands of requests spends beyond the page itself. For modules that read
    status codes and HTML only, never `response.context` or `response.templates`:
    `pytestmark = pytest.mark.usefixtures("without_template_capture")`."""
    saved = getattr(_TestState, "saved_data", None)
    if saved is None:  # no test environment: nothing is instrumented
        yield
        return
    instrumented = Template._render, PartialTemplate._render
    Template._render = saved.template_render
    PartialTemplate._render = saved.partial_template_render
    try:
        yield
    finally:
        Template._render, PartialTemplate._render = instrumented


@pytest.fixture
def assert_flat_queries(django_assert_max_num_queries):
    """`assert_flat_queries(client, url, grow)`: a page's query count does not grow with the data.

    GETs `url` with `client` (with `data` as the query string) and counts the queries, calls
    `grow()` to add more rows, then GETs `url` again and fails if that takes more queries than
    the first time. `url` may instead be a function of no arguments (a selector, a section's
    context), called in place of the GETs; `client` is then None. Returns both responses (or
    both results), for assertions on what the pages showed.
    """

    def check(client, url, grow, data=None):
        def fetch():
            return url() if callable(url) else client.get(url, data)

        with CaptureQueriesContext(connection) as few:
            first = fetch()
        expected = len(few)  # read now: a request in `grow` would empty the query log
        grow()
        with django_assert_max_num_queries(expected):
            last = fetch()
        return first, last

    return check


@pytest.fixture
def english_pages(client, settings):
    """English pages, so messages and errors compare with the source strings (a module asks for
    it with `pytestmark = pytest.mark.usefixtures("english_pages")`)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def reauthenticate():
    """Confirm the logged-in user's password, as allauth asks before sensitive changes."""

    def confirm(client, password=TEST_PASSWORD):
        response = client.post(reverse("account_reauthenticate"), {"password": password})
        assert response.status_code == 302, response.content
        return response

    return confirm


@pytest.fixture
def company():
    return cast.company()


@pytest.fixture
def other_company():
    return cast.other_company()


@pytest.fixture
def staff():
    return cast.staff()


@pytest.fixture
def privacy_officer():
    """A staff member who is also the agency's privacy officer (개인정보 보호책임자)."""
    return cast.privacy_officer()


@pytest.fixture
def executive():
    return cast.executive()


@pytest.fixture
def mentor(company, staff):
    return cast.mentor(company, staff)


@pytest.fixture
def unassigned_mentor():
    return cast.unassigned_mentor()


@pytest.fixture
def firm_user(company):
    return cast.firm_user(company)


@pytest.fixture
def other_firm_user(other_company):
    return cast.other_firm_user(other_company)
