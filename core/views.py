from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.generic import (
    FormView,
)

from audit.access import AccessAction, SubjectType, record_access
from core.concurrency import ChangedMeanwhile
from core.exports import ExportFile, ExportPurpose, export_response
from core.forms import ExportPurposeForm
from core.pagination import SafePaginationMixin
from users.models import Role
from users.permissions import (
    STAFF_AND_EXECUTIVE,
    STAFF_ONLY,
    RoleRequiredMixin,
    require_role,
)

ROLE_HOMES = {
    Role.STAFF: "companies:staff_home",
    Role.EXECUTIVE: "reports:dashboard",
    Role.MENTOR: "mentoring:home",
    Role.FIRM: "portal:home",
}


def home(request):
    """Send each role to its own landing page."""
    user = request.user
    if user.role in ROLE_HOMES:
        return redirect(ROLE_HOMES[user.role])
    if user.is_superuser:
        return redirect("admin:index")
    return redirect("account_logout")


def purpose_label(purpose: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(ExportPurpose(purpose).label)


class PersonalDataExportView(RoleRequiredMixin, FormView):
    """A download that holds personal data: the user names its purpose and has confirmed the
    password within ACCOUNT_REAUTHENTICATION_TIMEOUT; the file holds only that purpose's columns.

    GET without `purpose` shows the form; GET or POST with a valid purpose returns the file (after
    allauth's re-authentication, which replays the POST); an invalid one shows the form's error.
    Subclasses name the roles, the columns per purpose and `build_export`.
    """

    form_class = ExportPurposeForm
    template_name = "core/export_form.html"
    title = ""
    columns: dict = {}
    columns_by_purpose: dict = {}
    # Query parameters (the list's filters) carried from the list through the form to the file.
    carried_params: tuple[str, ...] = ()
    back_url = ""
    back_label = ""

    def get(self, request, *args, **kwargs):
        if "purpose" in request.GET:
            return self.post(request, *args, **kwargs)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "purposes": list(self.columns_by_purpose)}
        if self.request.method == "GET" and "purpose" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def submitted(self):
        return self.request.POST if self.request.method == "POST" else self.request.GET

    def get_context_data(self, **kwargs):
        data = self.submitted()
        carried = [
            (name, value) for name in self.carried_params for value in data.getlist(name) if value
        ]
        column_sets = [
            (ExportPurpose(purpose).label, [self.columns[key] for key in keys])
            for purpose, keys in self.columns_by_purpose.items()
        ]
        return super().get_context_data(
            title=self.title,
            carried=carried,
            column_sets=column_sets,
            back_url=self.back_url,
            back_label=self.back_label,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        return self.download(self.request, data["purpose"], data["format"])

    @method_decorator(reauthentication_required)
    def download(self, request, purpose: str, fmt: str):
        export = self.build_export(data=self.submitted(), purpose=purpose, fmt=fmt)
        # PIPA: who downloaded whose data, why, how many rows, and which exact file.
        record_access(
            request,
            AccessAction.DOWNLOAD,
            SubjectType.PERSON,
            f"{self.title} ({export.filename})",
            people=export.row_count,
            # The agency's language, whatever the user's: the records are read together.
            purpose=purpose_label(purpose),
            row_count=export.row_count,
            file_sha256=export.sha256,
        )
        return export_response(export)

    def build_export(self, *, data, purpose: str, fmt: str) -> ExportFile:
        """The file for `purpose` in format `fmt`; `data` holds the carried parameters."""
        raise NotImplementedError


class FilteredListMixin(RoleRequiredMixin, SafePaginationMixin):
    """A paginated list filtered by `filterset_class` over `base_queryset()`."""

    allowed_roles = STAFF_AND_EXECUTIVE
    filterset_class = None

    def base_queryset(self):
        raise NotImplementedError

    def filter_queryset(self, base):
        """`base` narrowed by the query string's filters; no rows when they are invalid."""
        self.filterset = self.filterset_class(self.request.GET, queryset=base, request=self.request)
        return self.filterset.qs if self.filterset.is_valid() else base.none()

    def get_queryset(self):
        return self.filter_queryset(self.base_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class ObjectPageMixin(RoleRequiredMixin):
    """A page about one object, fetched through visible_to after the role check
    (a refused role is a 403 before an unknown id is a 404). The object is `self.target`, in
    the context as `object_context_name`; the URL names its id `pk_url_kwarg`."""

    allowed_roles = STAFF_ONLY
    object_context_name = "object"
    pk_url_kwarg = "pk"

    def object_queryset(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        require_role(request.user, self.allowed_roles)
        self.target = get_object_or_404(self.object_queryset(), pk=kwargs[self.pk_url_kwarg])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.object_context_name: self.target, **kwargs})


class ServiceFormMixin:
    """form_valid calls `run_service(form)`; its ValidationError re-renders the form, on the
    fields it names, else on `service_error_field` (None: above the form). ChangedMeanwhile
    (another request changed the object first) is a message and the page shown afresh."""

    service_error_field = None

    def run_service(self, form):
        raise NotImplementedError

    def success(self, result):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.run_service(form)
        except ChangedMeanwhile as error:
            return self.changed_meanwhile(error)
        except ValidationError as error:
            add_service_errors(form, error, field=self.service_error_field)
            return self.form_invalid(form)
        return self.success(result)

    def changed_meanwhile(self, error: ChangedMeanwhile):
        """The form was filled in against a state that is gone: say so, and show the page again
        (a GET, so with the current state and a fresh form)."""
        for message in error.messages:
            messages.error(self.request, message)
        return redirect(self.request.get_full_path())


def add_service_errors(form, error: ValidationError, field: str | None = None) -> None:
    """Show a service's ValidationError on the form: on the fields it names, else on `field`
    (None: above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error)
