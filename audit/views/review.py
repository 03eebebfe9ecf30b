"""The monthly access review with its sign-off, and the access records."""

from datetime import date

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView

from audit import selectors, services
from audit.models import (
    AccessAction,
    AccessRecord,
    DataSubjectRequest,
    MonthlyReview,
    SubjectType,
)
from audit.views import PrivacyOfficerMixin, require_privacy_officer
from core.filters import ALL
from core.forms import DateInput, NormalizedFilterForm, NormalizedFormMixin
from core.validators import date_in_window
from core.views import FilteredListMixin
from users.permissions import STAFF_ONLY


def chosen_month(request) -> date:
    """`?month=YYYY-MM` from 1900-01 to 2100-12, else the latest ended month with access records
    (Seoul), saying so when the address named another month."""
    text = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        chosen = date(year, month, 1)
    except (ValueError, OverflowError):  # OverflowError: a year too big for a C long
        chosen = None
    if chosen is not None and date_in_window(chosen):
        return chosen
    if text:
        messages.warning(
            request,
            _(
                "The address names no month from 1900-01 to 2100-12; the latest month with "
                "records is shown."
            ),
        )
    return selectors.review_default_month(user=request.user)


class ReviewView(PrivacyOfficerMixin, TemplateView):
    template_name = "audit/review.html"

    def get_context_data(self, form=None, **kwargs):
        month = chosen_month(self.request)
        review = selectors.monthly_review(month=month, user=self.request.user)
        following = selectors.month_range(month)[1].date()
        return super().get_context_data(
            review=review,
            signed=MonthlyReview.objects.visible_to(self.request.user)
            .filter(month=month)
            .select_related("signed_by")
            .first(),
            can_sign=month <= selectors.last_month(),
            form=form or SignOffForm(),
            previous=selectors.last_month(month),
            # The month running now is the last one offered: later ones have no records yet.
            following=following if following <= timezone.localdate() else None,
            # Open requests past their deadline stand out here too, whatever the month.
            overdue_requests=list(
                DataSubjectRequest.objects.visible_to(self.request.user)
                .overdue()
                .order_by("due_on", "pk")[: selectors.SECTION_LIMIT]
            ),
            **kwargs,
        )


@require_POST
def review_sign_off(request):
    """Sign off a month's review: the result note and the confirmation are required; without
    them the review page comes back with the form's errors and nothing is recorded."""
    require_privacy_officer(request.user)
    month = chosen_month(request)
    form = SignOffForm(request.POST)
    review_url = f"{reverse('audit:review')}?month={month:%Y-%m}"
    if not form.is_valid():
        view = ReviewView()
        view.setup(request)
        # Shown at this POST-only address: the language switch goes back to the review page.
        return view.render_to_response(view.get_context_data(form=form, language_next=review_url))
    review = selectors.monthly_review(month=month, user=request.user)
    try:
        services.review_sign_off(
            month=month,
            by=request.user,
            note=form.cleaned_data["note"],
            summary=review.summary(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The review of %(month)s was signed off.") % {"month": f"{month:%Y-%m}"}
        )
    return redirect(review_url)


@require_POST
def chain_verify(request):
    require_privacy_officer(request.user)
    check = services.access_chain_verify()
    if check.ok:
        messages.success(
            request,
            _("The chain of %(count)s access records is intact.") % {"count": check.checked},
        )
    else:
        messages.error(
            request,
            _("The chain is broken at record %(pk)s: %(reason)s")
            % {"pk": check.broken_at, "reason": check.reason},
        )
    return redirect("audit:record_list")


class AccessRecordFilter(django_filters.FilterSet):
    account = django_filters.CharFilter(
        label=gettext_lazy("account"), field_name="account", lookup_expr="icontains"
    )
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("action"), choices=AccessAction.choices, empty_label=ALL
    )
    subject_type = django_filters.ChoiceFilter(
        label=gettext_lazy("whose data"),
        choices=SubjectType.choices,
        empty_label=ALL,
    )
    since = django_filters.DateFilter(
        label=gettext_lazy("from"), field_name="at", lookup_expr="date__gte", widget=DateInput()
    )
    until = django_filters.DateFilter(
        label=gettext_lazy("to"), field_name="at", lookup_expr="date__lte", widget=DateInput()
    )

    class Meta:
        model = AccessRecord
        fields = []
        form = NormalizedFilterForm


class AccessRecordListView(PrivacyOfficerMixin, FilteredListMixin, ListView):
    allowed_roles = STAFF_ONLY  # the privacy officer is a staff member
    filterset_class = AccessRecordFilter
    template_name = "audit/record_list.html"
    context_object_name = "records"

    def base_queryset(self):
        return AccessRecord.objects.visible_to(self.request.user).select_related("user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accounts = [record.account for record in context["records"]]
        services.access_record(
            request=self.request,
            action=AccessAction.LIST,
            subject_type=SubjectType.USER,
            subject=_("Access records"),
            subject_ids=[record.user_id for record in context["records"] if record.user_id],
            people=len(set(accounts)),
        )
        return context


class SignOffForm(NormalizedFormMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("findings and actions"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "What the review found and what was done about it, e.g. 'No unusual access'."
        ),
        error_messages={
            "required": gettext_lazy(
                "Write the result of the review (what was found and what was done); a "
                "sign-off needs it."
            )
        },
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm this review. Once signed, the month's sign-off and its note are locked "
            "and cannot be changed."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm the sign-off.")},
    )
