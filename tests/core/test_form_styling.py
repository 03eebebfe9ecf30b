"""Every form field on every page is a design-system (KRDS) field, never a bare browser input.

Each GET page of the permission table is opened by the first user it is open to; every text,
number, date, file and choice field it renders must carry its KRDS class (core/forms.py's
KrdsFormMixin gives them; templates/includes/field.html lays them out).
"""

from html.parser import HTMLParser

import pytest

from tests.module_data import cast_made_once, module_client
from tests.test_permissions import ROWS, WHO, _url

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
# HTML only: pages render without the test record of templates and contexts.
pytestmark = pytest.mark.usefixtures("without_template_capture")

# What each kind of field must carry; checkboxes and radios sit in KRDS's check wrappers.
UNSTYLED_TYPES = {"hidden", "checkbox", "radio", "submit", "button", "image", "reset"}


def _expected_class(tag: str, kind: str) -> str:
    if tag == "select":
        return "krds-form-select"
    if tag == "input" and kind == "file":
        return "krds-file-input"
    return "krds-input"


class FieldParser(HTMLParser):
    """The form fields of a page, with the class each should have and the classes it has."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bare: list[str] = []
        self.count = 0

    def handle_starttag(self, tag, attrs):
        if tag not in ("input", "select", "textarea"):
            return
        attrs = {name: value or "" for name, value in attrs}
        kind = attrs.get("type", "text").lower() if tag == "input" else tag
        if kind in UNSTYLED_TYPES:
            return
        self.count += 1
        expected = _expected_class(tag, kind)
        if expected not in attrs.get("class", "").split():
            self.bare.append(f"<{tag} name={attrs.get('name')!r} type={kind!r}> lacks {expected}")


PAGES = sorted(
    name
    for name, (method, _, allowed) in ROWS.items()
    if method == "get" and any(allowed.get(who) == 200 for who in WHO[1:])
)


def _first_allowed(name: str) -> str:
    allowed = ROWS[name][2]
    return next(who for who in WHO[1:] if allowed.get(who) == 200)


@pytest.mark.usefixtures("without_template_capture")
@pytest.mark.parametrize("name", PAGES)
def test_every_form_field_on_the_page_is_a_krds_field(client, request, company, name):
    _, kind, _ = ROWS[name]
    url = _url(name, kind, company, request)
    client.force_login(request.getfixturevalue(_first_allowed(name)))
    response = client.get(url)
    if response.get("Content-Type", "").split(";")[0] != "text/html":
        return  # a file download: no form
    parser = FieldParser()
    parser.feed(response.content.decode())
    assert parser.bare == [], url


def test_the_outcome_figures_form_renders_krds_fields(client, request, firm_user):
    """The firm's outcome-figures form, which once rendered bare browser inputs."""
    from tests.outcomes.permission_rows import _open_period

    url = _url("portal:outcome_edit", _open_period, None, request)
    client.force_login(firm_user)
    parser = FieldParser()
    parser.feed(client.get(url).content.decode())
    assert parser.count >= 4
    assert parser.bare == []
