"""Import companies and their contacts from the agency's CSV or Excel sheets (Korean headers).

A dry run validates every row and lists the errors before anything is written; the import then
runs in one transaction, all or nothing.
"""

import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from stdnum.kr import brn

from audit.history import Source, history_log
from companies.forms import CompanyCreateForm, ContactForm
from companies.models import Company, CompanyContact, GrowthStage, Industry, Person, StageChange
from core.exports import CSV_CONTENT_TYPE, ExportFile, csv_bytes, export_response
from core.forms import KrdsFormMixin
from core.storage import PrefixedStorage
from core.text import normalize_text
from core.uploads import TABLE_KINDS, XLSX, UploadField, validate_upload
from reports.cache import invalidate as kpi_cache_invalidate
from users.models import User
from users.permissions import STAFF_ONLY, RoleRequiredMixin, require_role

MAX_ROWS = 5000
SESSION_KEY = "company_import_tokens"
# Dry runs a user did not confirm: only the latest few files are kept.
MAX_PENDING_IMPORTS = 5
# Errors named in the message when the confirm finds the file no longer valid.
MAX_ERRORS_IN_MESSAGE = 5
# openpyxl reports a damaged or foreign file through many exception types, some only while
# the rows are read (read-only mode parses lazily); XML parse errors are SyntaxErrors.
EXCEL_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    OSError,
    SyntaxError,
    TypeError,
    ValueError,
)

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
# Dates as Korean sheets write them (2021-03-02, 2021.03.02, 2021. 3. 2., 2021/3/2, 2021년 3월 2일,
# 20210302, 2021-03-02 00:00:00) become ISO text, which the form reads in either language.
DATE_PATTERNS = (
    re.compile(
        r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?"
        r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"  # the time part of a datetime cell saved to CSV
    ),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(str(value))


def read_table(upload) -> list[list[str]]:
    """Rows of text cells from a .csv (UTF-8 or CP949) or .xlsx upload; ValidationError if not."""
    kind = validate_upload(upload, kinds=TABLE_KINDS, max_bytes=settings.IMPORT_MAX_BYTES)
    raw = upload.read()
    if kind == XLSX:
        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                return [
                    [_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
                ]
            finally:
                workbook.close()
        except EXCEL_ERRORS as exc:
            raise ValidationError(_("The Excel file could not be read.")) from exc
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The CSV file must be saved as UTF-8 or CP949 (EUC-KR)."))
    if "\x00" in text:
        raise ValidationError(_("The file contains NUL bytes; it is not a text CSV file."))
    try:
        return [[_cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        # With NUL bytes refused above, the reader only fails on a cell over its size limit.
        raise ValidationError(
            _("A cell in the CSV file is longer than %(max)d characters.")
            % {"max": csv.field_size_limit()}
        ) from exc


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
            RowError(1, "", _("At most %(max)d rows can be imported at once.") % {"max": MAX_ROWS})
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
    numbers = [row["company"]["business_number"] for row in result.rows]
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


class ImportUploadForm(KrdsFormMixin, forms.Form):
    file = UploadField(
        kinds=TABLE_KINDS,
        label=gettext_lazy("CSV or Excel file"),
        help_text=gettext_lazy("UTF-8 or CP949 CSV, or .xlsx; first row holds the headers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].max_bytes = settings.IMPORT_MAX_BYTES


def _storage() -> PrefixedStorage:
    return PrefixedStorage("private/imports/companies")


class CompanyImportView(RoleRequiredMixin, FormView):
    """Upload a file and see the dry run; nothing is written here."""

    allowed_roles = STAFF_ONLY
    form_class = ImportUploadForm
    template_name = "companies/company_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=list(COLUMNS), **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        result = validate_rows(table)
        token = ""
        if result.is_valid:
            token = uuid.uuid4().hex
            suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
            upload.seek(0)
            storage = _storage()
            storage.save(token + suffix, upload)
            tokens = self.request.session.get(SESSION_KEY, {})
            tokens[token] = suffix
            while len(tokens) > MAX_PENDING_IMPORTS:
                old = next(iter(tokens))
                storage.delete(old + tokens.pop(old))
            self.request.session[SESSION_KEY] = tokens
        return self.render_to_response(
            self.get_context_data(form=form, result=result, token=token, filename=upload.name)
        )


def run_stored_import(request, *, session_key: str, storage, validate, run, conflict_message: str):
    """Re-read and re-validate the upload a dry run stored under the POSTed token, then `run`.

    Returns `run(result, entry)`'s value (entry: what the dry run kept in the session for the
    token), or None after putting the reason in `messages`. The token and the stored file are
    spent either way, so an import runs at most once. Shared by every dry-run-then-confirm
    import (companies, compute usage).
    """
    token = request.POST.get("token", "")
    tokens = request.session.get(session_key, {})
    if token not in tokens:
        messages.error(request, _("This import has expired or was already run; upload it again."))
        return None
    entry = tokens[token]
    suffix = entry[0] if isinstance(entry, list | tuple) else entry
    name = token + suffix
    try:
        with storage.open(name, "rb") as handle:
            handle.name = name
            handle.size = storage.size(name)
            result = validate(read_table(handle))
        if result.errors:
            # Typically rows written by somebody else since the dry run; name the rows concerned.
            raise ValidationError(describe_row_errors(result.errors))
        return run(result, entry)
    except FileNotFoundError:
        messages.error(request, _("This import has expired or was already run; upload it again."))
    except ValidationError as error:
        messages.error(
            request, _("Nothing was imported: %(reason)s") % {"reason": " ".join(error.messages)}
        )
    except IntegrityError:
        # The transaction was rolled back: a concurrent write took one of the rows.
        messages.error(request, conflict_message)
    finally:
        tokens.pop(token, None)
        request.session[session_key] = tokens
        if storage.exists(name):
            storage.delete(name)
    return None


@require_POST
def company_import_confirm(request):
    """Run the import the dry run approved, re-validating the stored file first."""
    require_role(request.user, STAFF_ONLY)
    companies = run_stored_import(
        request,
        session_key=SESSION_KEY,
        storage=_storage(),
        validate=validate_rows,
        run=lambda result, entry: companies_import(result=result, by=request.user),
        conflict_message=_(
            "Nothing was imported: the database refused a row, probably because a company "
            "was registered meanwhile. Upload the file again to see which one."
        ),
    )
    if companies is None:
        return redirect("companies:import")
    messages.success(
        request,
        ngettext(
            "%(count)d company was imported.", "%(count)d companies were imported.", len(companies)
        )
        % {"count": len(companies)},
    )
    return redirect("companies:list")


def describe_row_errors(errors: list[RowError]) -> str:
    """The first few row errors as one sentence, for a message after a failed import."""
    parts = [
        _("Row %(row)d: %(message)s") % {"row": error.row, "message": error.message}
        for error in errors[:MAX_ERRORS_IN_MESSAGE]
    ]
    hidden = len(errors) - MAX_ERRORS_IN_MESSAGE
    if hidden > 0:
        parts.append(
            ngettext("(and %(count)d more error)", "(and %(count)d more errors)", hidden)
            % {"count": hidden}
        )
    return " ".join(parts)


def company_import_template(request):
    """An empty CSV with the expected headers, UTF-8 with BOM so Korean Excel shows Hangul."""
    require_role(request.user, STAFF_ONLY)
    example = [
        "(주)예시에이아이",
        "123-45-67891",
        "",
        "홍길동",
        "2021-03-02",
        "광주광역시 북구 첨단과기로 123",
        "Y",
        "헬스케어",
        "J58221",
        "12",
        "https://example.kr",
        "초기",
        "김담당",
        "대리",
        "contact@example.kr",
        "062-123-4567",
    ]
    return export_response(
        ExportFile(
            filename="company-import-template.csv",
            content_type=CSV_CONTENT_TYPE,
            content=csv_bytes(list(COLUMNS), [example]),
            row_count=1,
        )
    )
