"""Edge values in every form, filter and query parameter of every page: never a server error,
and nothing stored outside what the columns and the date window (1900-2100) hold.

Each page of the permission table that some user gets as a 200 is fetched as that user. Every
field of its GET forms (the list filters) is sent alone with each edge value of its kind;
every POST form is sent once per edge case, the case's value in each field of its kind and a
plausible value in the others, so the one edge value reaches the form's checks and, when those
let it through, the service and the database. Links with a query string (?month=, ?year=,
?company=, ?page=) are followed with edge values in each parameter. After each page, no row of
any project model holds a date, moment, whole number or decimal outside its range (so none
holds a moment psycopg cannot read, such as year 1 in Asia/Seoul).
Django's test client re-raises a server error, so a 500 fails the test with its traceback.
"""

import operator
from datetime import date, datetime
from functools import reduce
from urllib.parse import parse_qsl, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.fields import AutoFieldMixin
from django.urls import reverse

from compute.models import ComputeCapacity
from tests.equipment.factories import EquipmentFactory
from tests.module_data import cast_made_once, module_client
from tests.programs.factories import ProgramFactory
from tests.reauth import confirm_password
from tests.security.html import PageParser, same_site_path
from tests.test_permissions import ROWS, WHO, _url

# Status codes and HTML only: pages render without the test record of templates and contexts.
pytestmark = pytest.mark.usefixtures("without_template_capture")

# The users and companies are made once for the module (by each worker that runs its tests),
# each signed in once; each test's own rows and changes are rolled back after it.
(
    module_cast,
    company,
    other_company,
    staff,
    privacy_officer,
    executive,
    mentor,
    unassigned_mentor,
    firm_user,
    other_firm_user,
) = cast_made_once()
client = module_client()

SEOUL = ZoneInfo("Asia/Seoul")
LONG = "가" * 5_000 + "x" * 5_000
DATE_CASES = {
    "year 1": ("0001-01-01", "0001-01-01T00:00"),
    "the day before the window": ("1899-12-31", "1899-12-31T23:59"),
    "the window's first day": ("1900-01-01", "1900-01-01T00:00"),
    "the window's last day": ("2100-12-31", "2100-12-31T23:59"),
    "the day after the window": ("2101-01-01", "2101-01-01T00:00"),
    "year 9999": ("9999-12-31", "9999-12-31T23:59"),
}
NUMBERS = {
    "2^31-1": "2147483647",
    "2^31": "2147483648",
    "-2^31-1": "-2147483649",
    "2^63": "9223372036854775808",
    "20 digits and cents": "12345678901234567890.25",
    "a huge exponent": "1e999999",
    "year 1899": "1899",
    "year 2101": "2101",
}
CHOICES = {
    "not a choice": "no-such-choice",
    "an id beyond bigint": "9223372036854775808",
    "an id of 5,000 digits": "9" * 5_000,
}
QUERY_VALUES = {
    "month in year 1": "0001-01",
    "month in year 9999": "9999-12",
    "year 1": "0001-01-01",
    "2^31": "2147483648",
    "2^63": "9223372036854775808",
    "5,000 digits": "9" * 5_000,
    "minus one": "-1",
    "10,000 characters": LONG,
}
TEXT = {"text", "search", "email", "url", "tel", "password", "textarea"}
CHOICE = {"select", "radio", "checkbox"}
# A plausible value of each kind, so a form's only bad value is the one under test.
PLAUSIBLE = {"date": "2024-03-04", "datetime-local": "2024-03-04T10:00", "number": "1"}
# Left out of submissions: the one-time create token would turn every submission after the
# first into "already submitted" before the values are read.
LEFT_OUT = {"form_token"}
SKIPPED_TYPES = {"file", "reset", "button", "submit", "image"}


class OptionParser(PageParser):
    """The forms and links of a page, and the options of each select (by the Field's id)."""

    def __init__(self):
        super().__init__()
        self.options: dict[int, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag == "option" and self._select is not None:
            value = dict(attrs).get("value") or ""
            self.options.setdefault(id(self._select), []).append(value)


def parse_page(response) -> OptionParser | None:
    if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
        return None
    parser = OptionParser()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def page_user(allowed: dict) -> str | None:
    """The first signed-in user (in the table's order) who gets the page as a 200."""
    for who in WHO[1:]:
        status = allowed.get(who)
        if who == "privacy_officer" and who not in allowed:
            status = allowed.get("staff")
        if status == 200:
            return who
    return None


PAGES = sorted(
    name for name, (method, _, allowed) in ROWS.items() if method == "get" and page_user(allowed)
)


def plausible(field, options: list[str]) -> str | None:
    """What a user would send in `field` (None: nothing, as for an unticked box)."""
    if field.type in PLAUSIBLE:
        return PLAUSIBLE[field.type]
    if field.type == "select":
        chosen = [value for value in options if value]
        return field.value or (chosen[0] if chosen else "")
    if field.type == "checkbox":
        return (field.value or "on") if field.checked else None
    if field.type == "radio":
        return field.value
    if field.type in TEXT:
        return field.value or "1"
    return field.value


def form_data(form, page: OptionParser, choose) -> dict[str, list[str]]:
    """The data of `form` with `choose(field)` for each field (None: `plausible`)."""
    data: dict[str, list[str]] = {}
    radios_done = set()
    for field in form.fields:
        if field.name in LEFT_OUT or field.type in SKIPPED_TYPES:
            continue
        if field.type == "radio":
            if field.name in radios_done:
                continue
            radios_done.add(field.name)
        value = choose(field)
        if value is None:
            value = plausible(field, page.options.get(id(field), []))
        if value is not None:
            data.setdefault(field.name, []).append(value)
    return data


def post_cases():
    """(label, {kind: value}) of the POST submissions: kinds are field types, "text" and
    "choice"."""
    for label, (day, moment) in DATE_CASES.items():
        yield label, {"date": day, "datetime-local": moment}
    for label, number in NUMBERS.items():
        yield label, {"number": number, "text": number}
    yield "10,000 characters", {"text": LONG}
    for label, value in CHOICES.items():
        yield label, {"choice": value}


def case_value(case: dict, field) -> str | None:
    if field.type in case:
        return case[field.type]
    if field.type in TEXT and "text" in case:
        return case["text"]
    if field.type in CHOICE and "choice" in case:
        return case["choice"]
    return None


def field_edges(field) -> dict[str, str]:
    """Edge values for one field of a filter form, by its kind."""
    if field.type == "date":
        return {label: day for label, (day, _) in DATE_CASES.items()}
    if field.type == "datetime-local":
        return {label: moment for label, (_, moment) in DATE_CASES.items()}
    if field.type == "number":
        return NUMBERS
    if field.type in CHOICE:
        return CHOICES
    if field.type in TEXT:
        return {**NUMBERS, "year 1": "0001-01-01", "10,000 characters": LONG}
    return {}


def assert_handled(response, where: str) -> None:
    assert response.status_code < 500, where
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        assert "Traceback" not in response.content.decode(), where


# --- what is stored ---------------------------------------------------------------------

FIRST_MOMENT = datetime(1900, 1, 1, tzinfo=SEOUL)
END_OF_WINDOW = datetime(2101, 1, 1, tzinfo=SEOUL)
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
PROJECT_APPS = {
    "audit",
    "companies",
    "compute",
    "core",
    "equipment",
    "mentoring",
    "mous",
    "notices",
    "outcomes",
    "programs",
    "reports",
    "training",
    "users",
}


def out_of_range(field: models.Field) -> models.Q | None:
    name = field.name
    if isinstance(field, models.DateTimeField):
        return models.Q(**{f"{name}__lt": FIRST_MOMENT}) | models.Q(
            **{f"{name}__gte": END_OF_WINDOW}
        )
    if isinstance(field, models.DateField):
        return models.Q(**{f"{name}__lt": date(1900, 1, 1)}) | models.Q(
            **{f"{name}__gt": date(2100, 12, 31)}
        )
    if isinstance(field, AutoFieldMixin):
        return None
    if isinstance(field, models.IntegerField):
        low, high = INTEGER_RANGES[field.get_internal_type()]
        return models.Q(**{f"{name}__lt": low}) | models.Q(**{f"{name}__gt": high})
    if isinstance(field, models.DecimalField):
        bound = 10 ** (field.max_digits - field.decimal_places)
        return models.Q(**{f"{name}__gte": bound}) | models.Q(**{f"{name}__lte": -bound})
    return None


def stored_out_of_range() -> list[str]:
    """Rows (model.field) holding a value outside its range: one query per model, and one per
    field of a model that holds such a row, to name the field. A moment psycopg cannot read
    (year 1 in Asia/Seoul) is outside the window too, so it is found here without reading it."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        checks = {
            field.name: condition
            for field in model._meta.concrete_fields
            if (condition := out_of_range(field)) is not None
        }
        if not checks:
            continue
        rows = model._default_manager.all()
        if not rows.filter(reduce(operator.or_, checks.values())).exists():
            continue
        found += [
            f"{model._meta.label}.{name}"
            for name, condition in checks.items()
            if rows.filter(condition).exists()
        ]
    return found


# --- the test -------------------------------------------------------------------------------


def try_filters(client, form, page, url: str, where: str) -> int:
    target = urljoin(url, form.action) if form.action else url
    sent = 0
    for field in form.fields:
        if field.name in LEFT_OUT:
            continue
        for label, value in field_edges(field).items():
            data = form_data(
                form, page, lambda f, name=field.name, v=value: v if f.name == name else None
            )
            response = client.get(target, data, follow=True)
            assert_handled(response, f"{where}: GET ?{field.name}= {label}")
            sent += 1
    return sent


def try_post(client, form, page, url: str, where: str) -> int:
    target = urljoin(url, form.action) if form.action else url
    headers = {"HX-Request": "true"} if form.htmx else {}
    sent = 0
    for label, case in post_cases():
        data = form_data(form, page, lambda f, c=case: case_value(c, f))
        for button in dict.fromkeys(form.buttons) or [None]:
            if button:
                data[button[0]] = [button[1]]
            response = client.post(target, data, follow=True, headers=headers)
            assert_handled(response, f"{where}: POST {target} with {label}")
            sent += 1
    return sent


def try_links(client, page, url: str, where: str) -> int:
    links = {}
    for href in page.links:
        path = same_site_path(href, url)
        if path is None or "?" not in path or path.startswith(("/accounts/", "/i18n/")):
            continue
        target = urlsplit(path)
        params: dict[str, list[str]] = {}
        for key, value in parse_qsl(target.query, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        links.setdefault(f"{target.path} {sorted(params)}", (target.path, params))
    sent = 0
    for path, params in links.values():
        for key in params:
            for label, value in QUERY_VALUES.items():
                response = client.get(path, {**params, key: value}, follow=True)
                assert_handled(response, f"{where}: GET {path} with {label} in ?{key}=")
                sent += 1
    return sent


@pytest.fixture
def choices():
    """Something to choose in the selects create forms offer (a programme, a compute period,
    bookable equipment), so a form with one edge value gets past its other fields to the
    service and the database."""
    ProgramFactory()
    # Not the factory: its label sequence is what other modules' periods are named by.
    ComputeCapacity.objects.create(
        label="edge values", starts_on=date(2021, 1, 1), ends_on=date(2021, 12, 31), capacity_pf=1
    )
    EquipmentFactory()


@pytest.mark.parametrize("name", PAGES)
def test_edge_values_give_no_server_error_and_store_nothing_out_of_range(
    client, request, company, choices, name
):
    _, kind, allowed = ROWS[name]
    url = _url(name, kind, company, request)
    client.force_login(request.getfixturevalue(page_user(allowed)))
    confirm_password(client)  # pages that change assignments or export ask for it first
    response = client.get(url)
    assert response.status_code == 200
    page = parse_page(response)
    if page is None:  # a download
        return
    layout = {reverse("set_language"), reverse("account_logout")}
    forms = [form for form in page.forms if form.action not in layout]

    for form in forms:
        if form.method == "get":
            try_filters(client, form, page, url, name)
        else:
            try_post(client, form, page, url, name)
    try_links(client, page, url, name)

    assert stored_out_of_range() == []
