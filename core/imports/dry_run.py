"""The dry run of an import in the request: upload, check every row, keep the file under a one-time
token in the session, then re-read, re-check and run it all or nothing when the user confirms."""

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.forms import KrdsFormMixin
from core.imports.jobs import Importer, import_job_start
from core.imports.tables import (
    MAX_PENDING_IMPORTS,
    body_rows,
    describe_row_errors,
    read_stored,
    read_table,
)
from core.jobs import job_fail_stale
from core.models import ImportJob
from core.storage import PrefixedStorage
from core.uploads import TABLE_KINDS, UploadField
from users.permissions import RoleRequiredMixin


class ImportUploadForm(KrdsFormMixin, forms.Form):
    file = UploadField(
        kinds=TABLE_KINDS,
        label=gettext_lazy("CSV or Excel file"),
        help_text=gettext_lazy("UTF-8 or CP949 CSV, or .xlsx; first row holds the headers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].max_bytes = settings.IMPORT_MAX_BYTES


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
        result = validate(read_stored(storage, name))
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


def stash_upload(request, upload, *, session_key: str, storage) -> str:
    """Keep a validated upload under a new one-time token in the session; return the token.

    Only the latest MAX_PENDING_IMPORTS files a user did not confirm are kept.
    """
    token = uuid.uuid4().hex
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    upload.seek(0)
    storage.save(token + suffix, upload)
    tokens = request.session.get(session_key, {})
    tokens[token] = [suffix, upload.name]
    while len(tokens) > MAX_PENDING_IMPORTS:
        old = next(iter(tokens))
        storage.delete(old + tokens.pop(old)[0])
    request.session[session_key] = tokens
    return token


class DryRunImportView(RoleRequiredMixin, FormView):
    """Upload a table and see the dry run; nothing is written here. A file of more than
    IMPORT_INLINE_MAX_ROWS rows goes to the task worker instead, and the user to its page.

    Subclasses name the roles, the template, `session_key` and the `importer`. The page lists
    the user's latest large imports of this kind (`import_jobs`).
    """

    form_class = ImportUploadForm
    session_key = ""
    importer: Importer

    @classmethod
    def storage(cls) -> PrefixedStorage:
        return cls.importer.storage()

    def validate(self, table: list[list[str]]):
        """The dry run's result (with `rows`, `errors` and `is_valid`) for the file's rows."""
        return self.importer.validate(table)

    def get_context_data(self, **kwargs):
        job_fail_stale(ImportJob)
        jobs = ImportJob.objects.visible_to(self.request.user).filter(importer=self.importer.path)
        return super().get_context_data(
            import_jobs=jobs[:MAX_PENDING_IMPORTS],
            inline_max_rows=settings.IMPORT_INLINE_MAX_ROWS,
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload)
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        rows = body_rows(table)
        if rows > settings.IMPORT_INLINE_MAX_ROWS:
            job = import_job_start(
                importer=self.importer, upload=upload, rows=rows, by=self.request.user
            )
            return redirect(job)
        result = self.validate(table)
        token = ""
        if result.is_valid:
            token = stash_upload(
                self.request, upload, session_key=self.session_key, storage=self.storage()
            )
        return self.render_to_response(
            self.get_context_data(form=form, result=result, token=token, filename=upload.name)
        )
