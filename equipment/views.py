"""Staff screens: demonstration centres, equipment and bookings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from core.autocomplete import AutocompleteView
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from equipment.filters import BookingFilter, EquipmentFilter
from equipment.forms import (
    BookingCancelForm,
    BookingRejectForm,
    EquipmentPickerField,
    bookable_equipment,
)
from equipment.models import BookingStatus, Equipment, EquipmentBooking
from equipment.selectors import equipment_counts_by_year
from equipment.services import booking_approve, booking_cancel, booking_reject
from users.permissions import EVERY_ROLE, STAFF_ONLY, require_role


def _back_to_list(request):
    """Where to go after an action: the list the user came from (same site only)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("equipment:booking_list")


class EquipmentAutocompleteView(AutocompleteView):
    """The equipment a picker offers: what the user may ask to book."""

    allowed_roles = EVERY_ROLE
    field_class = EquipmentPickerField

    def get_queryset(self):
        return bookable_equipment(self.request.user)


class EquipmentListView(FilteredListMixin, ListView):
    """The centres' equipment types, with how many were in service by the end of each year."""

    filterset_class = EquipmentFilter
    template_name = "equipment/equipment_list.html"
    context_object_name = "equipment_list"

    def base_queryset(self):
        return Equipment.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = equipment_counts_by_year(user=self.request.user)
        context["this_year"] = timezone.localdate().year
        return context


class BookingListView(FilteredListMixin, ListView):
    filterset_class = BookingFilter
    template_name = "equipment/booking_list.html"
    context_object_name = "bookings"

    def base_queryset(self):
        return EquipmentBooking.objects.visible_to(self.request.user).with_list_relations()

    def get_context_data(self, **kwargs):
        return super().get_context_data(requested=BookingStatus.REQUESTED, **kwargs)


@require_POST
def booking_approve_view(request, pk):
    """Approve a requested booking; the service checks again that nothing overlaps it."""
    require_role(request.user, STAFF_ONLY)  # 403 for the role before 404 for the id
    booking = get_object_or_404(
        EquipmentBooking.objects.visible_to(request.user).select_related("equipment"), pk=pk
    )
    try:
        booking_approve(booking=booking, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The booking of %(equipment)s was approved.") % {"equipment": booking.equipment.name},
        )
    return _back_to_list(request)


class BookingObjectMixin(ObjectPageMixin, ServiceFormMixin):
    """A staff form about one booking."""

    object_context_name = "booking"

    def object_queryset(self):
        return EquipmentBooking.objects.visible_to(self.request.user).with_list_relations()


class BookingRejectView(BookingObjectMixin, FormView):
    form_class = BookingRejectForm
    template_name = "equipment/booking_reject.html"

    def run_service(self, form):
        return booking_reject(booking=self.target, by=self.request.user, **form.cleaned_data)

    def success(self, booking):
        messages.success(
            self.request,
            _("The booking of %(equipment)s was rejected.")
            % {"equipment": self.target.equipment.name},
        )
        return redirect(reverse("equipment:booking_list") + f"?status={BookingStatus.REQUESTED}")


class BookingCancelView(BookingObjectMixin, FormView):
    form_class = BookingCancelForm
    template_name = "equipment/booking_cancel.html"

    def run_service(self, form):
        return booking_cancel(booking=self.target, by=self.request.user)

    def success(self, booking):
        messages.success(
            self.request,
            _("The booking of %(equipment)s was cancelled.")
            % {"equipment": self.target.equipment.name},
        )
        return redirect("equipment:booking_list")
