"""No page asks for two things under the same label.

Each page of the permission table that some user gets as a 200 is fetched as that user, in
Korean (the language users see); the labels of the fields of its forms (each `<label>` and each
group's legend), read form by form as a browser shows them, must all differ, within a form and
across the page's forms. A few more pages are read in the states that show other forms (an
award's status form, a report's submission, the privacy review's sign-off).
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.module_data import cast_made_once, module_client
from tests.outcomes.factories import OutcomeReportFactory
from tests.programs.factories import SupportAwardFactory
from tests.reauth import confirm_password
from tests.security.test_hostile_input import PAGES, page_user
from tests.test_permissions import ROWS, _url

pytestmark = pytest.mark.usefixtures("without_template_capture")

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


class FormLabels(HTMLParser):
    """The visible text of each form's field labels, form by form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[str]] = []
        self._form: list[str] | None = None
        self._label: list[str] | None = None
        self._depth = 0  # elements open inside the label being read
        self._hidden = 0  # elements open inside an sr-only part of it

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif (
            self._form is not None
            and self._label is None
            and (tag in ("label", "legend") or "app-legend" in classes)
        ):
            self._label, self._depth, self._hidden = [], 0, 0
            if "sr-only" in classes:
                self._hidden = 1
            return
        if self._label is not None and tag not in ("input", "br", "img"):
            self._depth += 1
            if self._hidden or "sr-only" in classes:
                self._hidden += 1

    def handle_data(self, data):
        if self._label is not None and not self._hidden:
            self._label.append(data)

    def handle_endtag(self, tag):
        if self._label is not None:
            if self._depth == 0:
                text = " ".join("".join(self._label).split())
                if text:
                    self._form.append(text)
                self._label = None
                return
            self._depth -= 1
            if self._hidden:
                self._hidden -= 1
        if tag == "form":
            self._form = None


def repeated_labels(html: str) -> list[str]:
    """The field labels of the page's main content that appear more than once, in one form
    or across its forms (the header's language and log-out forms are not part of it)."""
    parser = FormLabels()
    parser.feed(html.split('id="main-content"', 1)[-1])
    parser.close()
    labels = [label for form in parser.forms for label in form]
    return sorted({label for label in labels if labels.count(label) > 1})


def test_the_reader_finds_a_label_repeated_in_a_form_or_across_forms():
    html = """
      <header><form><label>언어</label></form></header><main id="main-content">
      <form><label for="a">금액</label><input id="a"><label><span>금액</span></label></form>
      <form><fieldset><legend>상태</legend></fieldset><label>언어</label></form>
      <form><span class="app-legend">상태</span><label>메모<span class="sr-only">!</span></label>
      </form><form><label>메모</label></form></main>
    """
    assert repeated_labels(html) == ["금액", "메모", "상태"]


def _check(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
        return []
    return repeated_labels(response.content.decode())


@pytest.mark.parametrize("name", PAGES)
def test_no_page_has_two_fields_with_the_same_label(client, request, company, name):
    _, kind, allowed = ROWS[name]
    url = _url(name, kind, company, request)
    client.force_login(request.getfixturevalue(page_user(allowed)))
    confirm_password(client)

    assert _check(client, url) == [], name


def _award(request):
    award = SupportAwardFactory(company=request.getfixturevalue("company"))
    return reverse("programs:award_detail", args=[award.pk])


def _draft_report(request):
    report = OutcomeReportFactory(company=request.getfixturevalue("company"))
    return reverse("portal:outcome_detail", args=[report.pk])


STATES = {
    "award with its status form": ("staff", _award),
    "draft report with its submission": ("firm_user", _draft_report),
    "report submission form": ("executive", lambda r: reverse("reports:snapshot_create")),
    "privacy review of a month to sign": (
        "privacy_officer",
        lambda r: reverse("audit:review") + "?month=2024-01",
    ),
}


@pytest.mark.parametrize("state", STATES)
def test_forms_shown_in_other_states_have_distinct_labels(client, request, state):
    who, url = STATES[state]
    client.force_login(request.getfixturevalue(who))
    confirm_password(client)

    assert _check(client, url(request)) == [], state
