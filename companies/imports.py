"""Import companies and their contacts from the agency's CSV or Excel sheets (Korean headers).

A dry run validates every row and lists the errors before anything is written; the import then
runs in one transaction, all or nothing.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.kr import brn

from audit.history import Source, history_log
from companies.forms import CompanyCreateForm, ContactForm
from companies.models import Company, CompanyContact, GrowthStage, Industry, Person, StageChange
from core.display import format_number
from core.imports import DATE_PATTERNS, MAX_ROWS, ImportResult, RowError
from core.text import normalize_text
from reports.cache import invalidate as kpi_cache_invalidate
from users.models import User

# Column header → form field. Korean headers as the agency's sheets have them; English accepted.
COLUMNS = {
    "기업명": "name",
    "사업자등록번호": "business_number",
    "법인등록번호": "corporate_number",
    "대표자": "representative",
    "설립일": "founded_on",
    "주소": "address",
    "광주소재": "is_in_gwangju",
    "주력산업": "industry",
    "표준산업분류": "ksic_code",
    "종업원수": "employee_count",
    "홈페이지": "website",
    "성장단계": "stage",
    "담당자명": "contact_name",
    "담당자직위": "contact_title",
    "담당자이메일": "contact_email",
    "담당자전화": "contact_phone",
}


ENGLISH_COLUMNS = {value: value for value in COLUMNS.values()}


REQUIRED_COLUMNS = ("기업명", "사업자등록번호")


HEADER_LABEL = {value: key for key, value in COLUMNS.items()}


YES = {"y", "yes", "예", "o", "true", "1", "광주"}


NO = {"n", "no", "아니오", "아니요", "x", "false", "0", ""}


INDUSTRY_WORDS = {
    "자동차": Industry.AUTOMOTIVE,
    "에너지": Industry.ENERGY,
    "헬스케어": Industry.HEALTHCARE,
    "기타 ai": Industry.OTHER_AI,
    "기타ai": Industry.OTHER_AI,
    "기타": Industry.OTHER_AI,
    **{value: value for value in Industry.values},
}


STAGE_WORDS = {
    "예비창업": GrowthStage.PRE_STARTUP,
    "초기": GrowthStage.EARLY,
    "성장": GrowthStage.GROWTH,
    "도약": GrowthStage.SCALE_UP,
    **{value: value for value in GrowthStage.values},
}


THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


def _choice(words: dict, value: str):
    return words.get(value.strip().lower(), words.get(value.strip()))


def validate_rows(table: list[list[str]]) -> ImportResult:
    """Check every row as the company form would, plus duplicates inside the file."""
    result = ImportResult()
    if not any(cell.strip() for row in table for cell in row):
        result.errors.append(RowError(1, "", _("The file is empty.")))
        return result
    header = [normalize_text(h).replace(" ", "") for h in table[0]]
    columns = {}
    for index, title in enumerate(header):
        key = COLUMNS.get(title) or ENGLISH_COLUMNS.get(title)
        if key:
            columns[index] = key
    missing = [title for title in REQUIRED_COLUMNS if COLUMNS[title] not in columns.values()]
    if missing:
        result.errors.append(
            RowError(
                1,
                "",
                _("Required columns are missing: %(columns)s") % {"columns": ", ".join(missing)},
            )
        )
        return result
    body = [row for row in table[1:] if any(cell.strip() for cell in row)]
    if len(body) > MAX_ROWS:
        result.errors.append(
            RowError(
                1,
                "",
                _("At most %(max)s rows can be imported at once.")
                % {"max": format_number(MAX_ROWS)},
            )
        )
        return result
    seen: dict[str, int] = {}
    line = 1
    for row in table[1:]:
        line += 1
        if not any(cell.strip() for cell in row):
            continue
        values = {key: (row[index] if index < len(row) else "") for index, key in columns.items()}
        errors_before = len(result.errors)
        data = _company_data(values, line, result)
        form = CompanyCreateForm(data=data)
        if not form.is_valid():
            for name, messages_ in form.errors.items():
                label = HEADER_LABEL.get(name, "") if name != "__all__" else ""
                result.errors.extend(RowError(line, label, m) for m in messages_)
        number = form.cleaned_data.get("business_number")
        if number:
            if number in seen:
                result.errors.append(
                    RowError(
                        line,
                        "사업자등록번호",
                        _("This registration number appears twice in the file (also row %(row)d).")
                        % {"row": seen[number]},
                    )
                )
            else:
                seen[number] = line
        contact = None
        if any(value for key, value in values.items() if key.startswith("contact_")):
            contact_form = ContactForm(
                data={
                    "name": values.get("contact_name", ""),
                    "title": values.get("contact_title", ""),
                    "email": values.get("contact_email", ""),
                    "phone": values.get("contact_phone", ""),
                    "is_primary": "on",
                }
            )
            if contact_form.is_valid():
                contact = contact_form.cleaned_data
            else:
                prefix = {"name": "담당자명", "email": "담당자이메일", "phone": "담당자전화"}
                for name, messages_ in contact_form.errors.items():
                    result.errors.extend(
                        RowError(line, prefix.get(name, "담당자직위"), m) for m in messages_
                    )
        if len(result.errors) == errors_before:
            result.rows.append(
                {
                    "line": line,
                    "company": form.cleaned_data,
                    "contact": contact,
                    "number_display": brn.format(number),
                }
            )
    if not body:
        result.errors.append(RowError(2, "", _("The file has a header but no rows.")))
    return result


def _company_data(values: dict, line: int, result: ImportResult) -> dict:
    data = {key: value for key, value in values.items() if not key.startswith("contact_")}
    gwangju = values.get("is_in_gwangju", "").strip().lower()
    if gwangju in YES:
        data["is_in_gwangju"] = "on"
    elif gwangju in NO:
        data.pop("is_in_gwangju", None)
    else:
        result.errors.append(RowError(line, "광주소재", _("Write Y or N.")))
    if values.get("industry"):
        data["industry"] = _choice(INDUSTRY_WORDS, values["industry"]) or values["industry"]
    else:
        data["industry"] = Industry.OTHER_AI
    if values.get("stage"):
        data["stage"] = _choice(STAGE_WORDS, values["stage"]) or values["stage"]
    founded_on = values.get("founded_on", "")
    for pattern in DATE_PATTERNS:
        if match := pattern.fullmatch(founded_on):
            year, month, day = match.groups()
            data["founded_on"] = f"{year}-{int(month):02d}-{int(day):02d}"
            break
    employees = values.get("employee_count", "")
    data["employee_count"] = (
        employees.replace(",", "") if THOUSANDS.fullmatch(employees) else employees
    )
    if not data.get("employee_count"):
        data["employee_count"] = "0"
    return data


@transaction.atomic
def companies_import(*, result: ImportResult, by: User) -> list[Company]:
    """Write the validated rows in one transaction: companies, first stage, main contact."""
    if not result.is_valid:
        raise ValidationError(_("Fix the errors in the file before importing."))
    # A pre-startup's row has no number (the form allowed it): nothing to clash with.
    numbers = [row["company"]["business_number"] for row in result.rows]
    numbers = [number for number in numbers if number]
    # Re-checked inside the transaction: the dry run may be minutes old.
    taken = set(
        Company.objects.filter(business_number__in=numbers).values_list(
            "business_number", flat=True
        )
    )
    if taken:
        raise ValidationError(
            _("Some registration numbers were registered meanwhile: %(numbers)s")
            % {"numbers": ", ".join(sorted(taken))}
        )
    today = timezone.localdate()
    companies = []
    for row in result.rows:
        fields = dict(row["company"])
        fields.pop("stage_effective_on", None)
        fields["stage"] = fields.get("stage") or ""
        companies.append(Company(**fields))
    companies = Company.objects.bulk_create(companies)
    # bulk_create skips the save() signals the change history listens to: record it here.
    history_log(companies, actor=by, source=Source.IMPORT)
    kpi_cache_invalidate()
    StageChange.objects.bulk_create(
        StageChange(
            company=company,
            stage=company.stage,
            effective_on=row["company"].get("stage_effective_on") or today,
            recorded_by=by,
            note=_("Imported"),
        )
        for company, row in zip(companies, result.rows, strict=True)
        if company.stage
    )
    emails = {row["contact"]["email"].lower() for row in result.rows if row["contact"]}
    emails.discard("")
    # E-mails match case-insensitively, as in contact_add; "-pk" leaves the oldest person last,
    # so the dict keeps the same person contact_add would pick.
    existing = (
        Person.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .order_by("-pk")
    )
    people = {person.email_lower: person for person in existing}
    new_people, links = [], []
    for company, row in zip(companies, result.rows, strict=True):
        contact = row["contact"]
        if not contact:
            continue
        email = contact["email"].lower()
        person = people.get(email) if email else None
        if person is None:
            person = Person(name=contact["name"], email=contact["email"], phone=contact["phone"])
            new_people.append(person)
            if email:
                people[email] = person
        links.append(
            CompanyContact(company=company, person=person, title=contact["title"], is_primary=True)
        )
    Person.objects.bulk_create(new_people)
    CompanyContact.objects.bulk_create(links)
    return companies
